"""``report.html``: one self-contained page (inline SVG, inline CSS and JS, no network)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

from . import plots

PLOT_IDS = ("plot-cheese", "plot-alignment", "plot-curve", "plot-rules", "plot-latency")
TABLE_ID = "leak-table"

# No network: the page may load nothing; inline style and script only.
_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"

_CSS = """
body{font-family:system-ui,sans-serif;margin:24px auto;max-width:1200px;color:#222;padding:0 16px}
h1{font-size:22px;margin-bottom:4px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:170px}
.card b{font-size:22px;display:block}.card small{color:#666}
.grid{display:flex;flex-wrap:wrap;gap:24px;align-items:flex-start}.plot{max-width:100%;height:auto}
table{border-collapse:collapse;font-size:12px;width:100%}
th,td{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
th{cursor:pointer;background:#f4f4f4;position:sticky;top:0}
td.text{max-width:480px;word-break:break-word;font-family:ui-monospace,monospace}
.leak{color:#d62728}.false_refusal,.borderline_refusal{color:#f58518}.note{color:#555;font-size:13px}
.controls{margin:8px 0;display:flex;gap:8px}
.warn{background:#fff4e5;border:1px solid #f58518;padding:8px}
"""

_JS = """
(function(){
  var rows = JSON.parse(document.getElementById('leak-data').textContent);
  var body = document.querySelector('#leak-table tbody');
  var filter = document.getElementById('leak-filter');
  var kind = document.getElementById('leak-kind');
  var count = document.getElementById('leak-count');
  var key = null, dir = 1;
  var cols = ['outcome','id','source','label','top_rule','top_score','top_view','flags','text'];
  function cell(r, c){
    if (c === 'top_score') return r.top_rule ? r.scores[r.top_rule] : null;
    if (c === 'flags') return r.flags.join(', ');
    return r[c];
  }
  function render(){
    var q = filter.value.toLowerCase(), k = kind.value;
    var shown = rows.filter(function(r){
      if (k && r.outcome !== k) return false;
      if (!q) return true;
      return JSON.stringify(r).toLowerCase().indexOf(q) >= 0;
    });
    if (key) shown.sort(function(a, b){
      var x = cell(a, key), y = cell(b, key);
      if (x === y) return 0;
      if (x === null || x === undefined) return 1;
      if (y === null || y === undefined) return -1;
      return (x < y ? -1 : 1) * dir;
    });
    body.textContent = '';
    shown.slice(0, 2000).forEach(function(r){
      var tr = document.createElement('tr');
      cols.forEach(function(c){
        var td = document.createElement('td');
        var v = cell(r, c);
        var shown = (typeof v === 'number') ? v.toFixed(3)
          : (v === null || v === undefined ? '' : String(v));
        if (c === 'text') {
          td.className = 'text'; td.title = shown;
          if (shown.length > 180) shown = shown.slice(0, 180) + '\u2026';
        }
        td.textContent = shown;
        if (c === 'outcome') td.className = r.outcome;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    count.textContent = shown.length + ' of ' + rows.length + ' rows'
      + (shown.length > 2000 ? ' (first 2000 shown)' : '');
  }
  document.querySelectorAll('#leak-table th').forEach(function(th){
    th.addEventListener('click', function(){
      var c = th.getAttribute('data-col');
      dir = (key === c) ? -dir : 1; key = c; render();
    });
  });
  filter.addEventListener('input', render);
  kind.addEventListener('change', render);
  render();
})();
"""


def _pct(value: object) -> str:
    return f"{100.0 * float(value):.2f} %" if isinstance(value, int | float) else "n/a"


def _card(title: str, value: str, detail: str) -> str:
    return (
        f'<div class="card"><small>{escape(title)}</small><b>{escape(value)}</b>'
        f"<small>{escape(detail)}</small></div>"
    )


def _ci(pair: Sequence[float]) -> str:
    return f"95 % CI {_pct(pair[0])} – {_pct(pair[1])}"


def render_html(report: Mapping[str, Any], leaks: Sequence[Mapping[str, object]]) -> str:
    """The whole page for ``report`` with ``leaks`` as a browsable table."""
    stack = report["stack"]
    ex = report["examples"]
    cards = "".join(
        [
            _card(
                "leak rate",
                _pct(stack["leak_rate"]),
                f"{stack['leaks']} / {stack['attacks']}; {_ci(stack['leak_ci95'])}",
            ),
            _card(
                "independent leak rate",
                _pct(stack["independent_leak_rate"]),
                "if holes were independent",
            ),
            _card(
                "false refusal rate",
                _pct(stack["false_refusal_rate"]),
                f"{stack['false_refusals']} / {stack['benign']}; "
                f"{_ci(stack['false_refusal_ci95'])}",
            ),
            _card(
                "borderline refusal rate",
                _pct(stack["borderline_refusal_rate"]),
                f"{stack['borderline_refusals']} / {stack['borderline']}; "
                f"{_ci(stack['borderline_refusal_ci95'])}",
            ),
            _card(
                "flagged, not blocked",
                str(stack["flagged_not_blocked"]["attack"]),
                "attacks (counted as leaks)",
            ),
        ]
    )
    tuned = report.get("tuned")
    warn = f'<p class="warn">{escape(tuned["warning"])}.</p>' if tuned else ""
    rules = ", ".join(
        f"{r['name']} ({r['use']}, {r['action']} ≥ {r['threshold']})"
        for r in report["policy"]["rules"]
    )
    # "<" escaped as \u003c: no "</script>" or "<!--" can end the data block early.
    data = json.dumps(list(leaks), ensure_ascii=False).replace("<", "\\u003c")
    headers = "".join(
        f'<th data-col="{c}">{escape(t)}</th>'
        for c, t in [
            ("outcome", "outcome"),
            ("id", "id"),
            ("source", "source"),
            ("label", "label"),
            ("top_rule", "top rule"),
            ("top_score", "score"),
            ("top_view", "view"),
            ("flags", "flagged by"),
            ("text", "text"),
        ]
    )
    notes = "".join(f"<li>{escape(n)}</li>" for n in report["notes"])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{_CSP}">
<title>emmentaler eval report</title><style>{_CSS}</style></head>
<body>
<h1>emmentaler eval report</h1>
<p class="note">Policy <code>{escape(str(report["policy"]["source"]))}</code>: {escape(rules)}.<br>
{ex["attack"]} attack, {ex["benign"]} benign, {ex["borderline"]} borderline examples
({report["inputs"]["rows_read"]} rows read, {report["inputs"]["examples_used"]} used,
{report["inputs"]["rows_skipped"]} skipped). Schema {escape(report["schema"])}.</p>
{warn}
<div class="cards" id="headline">{cards}</div>
<h2>Where the holes line up</h2>
<div class="grid">{plots.cheese(report)}{plots.alignment(report)}</div>
<h2>Operating point</h2>
<div class="grid">{plots.curve(report)}{plots.rule_bars(report)}</div>
<h2>Latency</h2>
<div class="grid">{plots.latency_bars(report)}</div>
<h2>Leaks and false refusals</h2>
<div class="controls">
<input id="leak-filter" type="search" placeholder="filter (any field)" size="40">
<select id="leak-kind"><option value="">all outcomes</option><option value="leak">leaks</option>
<option value="false_refusal">false refusals</option>
<option value="borderline_refusal">borderline refusals</option>
</select><span id="leak-count" class="note"></span></div>
<table id="{TABLE_ID}"><thead><tr>{headers}</tr></thead><tbody></tbody></table>
<h2>Notes</h2><ul class="note">{notes}</ul>
<script type="application/json" id="leak-data">{data}</script>
<script>{_JS}</script>
</body></html>
"""
