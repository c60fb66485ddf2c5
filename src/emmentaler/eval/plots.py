"""Hand-written inline SVG plots of a report dictionary (no matplotlib, no network).

Every function takes the report (see ``docs/eval.md``) and returns one ``<svg>`` element
as a string with a stable ``id``; all text is escaped.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

FONT = 'font-family="system-ui, sans-serif" font-size="12"'
BLUE = "#4c78a8"
RED = "#d62728"
ORANGE = "#f58518"
GREY = "#9e9e9e"
LIGHT = "#e8e8e8"


def _svg(plot_id: str, width: int, height: int, body: Sequence[str], title: str) -> str:
    return (
        f'<svg id="{plot_id}" class="plot" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" {FONT}>'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )


def _el(tag: str, inner: str = "", **attrs: object) -> str:
    """An SVG element; ``inner`` is trusted markup, attribute names use ``_`` for ``-``."""
    parts = []
    for name, value in attrs.items():
        shown = f"{value:.1f}" if isinstance(value, float) else escape(str(value))
        parts.append(f'{name.replace("_", "-")}="{shown}"')
    return f"<{tag} {' '.join(parts)}>{inner}</{tag}>"


def _text(x: float, y: float, content: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" {extra}>{escape(content)}</text>'


def _rect(x: float, y: float, w: float, h: float, fill: str, tip: str = "") -> str:
    title = f"<title>{escape(tip)}</title>" if tip else ""
    return _el("rect", title, x=x, y=y, width=max(w, 0.0), height=max(h, 0.0), fill=fill)


def cheese(report: Mapping[str, Any]) -> str:
    """UpSet-style plot: which sets of rules missed the same attacks, largest sets first.

    Each column is one set of rules that all missed an attack (filled dots) while the other
    rules blocked it. The bar is how many attacks that set missed; its red part is how many
    of those the stack leaked. Left bars: each rule's holes.
    """
    rules = list(report["rules"])
    sets = report["cheese"]
    label_w, size_w, col_w, row_h, bar_h, top = 120, 110, 34, 22, 170, 46
    left = label_w + size_w + 10
    width = max(left + col_w * max(len(sets), 1) + 20, 480)
    height = top + bar_h + 12 + row_h * len(rules) + 40
    body = [
        _text(
            10,
            18,
            "Attacks missed by exactly these rules (red: leaked by the stack)",
            extra='font-weight="600"',
        )
    ]
    peak = max((s["attacks"] for s in sets), default=1) or 1
    matrix_top = top + bar_h + 12
    for i, rule in enumerate(rules):
        y = matrix_top + i * row_h
        if i % 2 == 0:
            body.append(_rect(left - 4, y, col_w * len(sets) + 8, row_h, "#f6f6f6"))
        body.append(_text(label_w - 6, y + 15, rule, "end"))
        holes = int(report["rules"][rule]["holes"])
        attacks = max(int(report["stack"]["attacks"]), 1)
        w = size_w * holes / attacks
        body.append(
            _rect(label_w + size_w - w, y + 5, w, row_h - 10, GREY, f"{rule}: {holes} holes")
        )
    body.append(
        _text(label_w + size_w, matrix_top + row_h * len(rules) + 16, "holes", "end", 'fill="#555"')
    )
    if not sets:
        body.append(_text(left, top + bar_h / 2, "no attacks in the data"))
    for j, entry in enumerate(sets):
        x = left + j * col_w
        n, leaked = int(entry["attacks"]), int(entry["leaks"])
        h = bar_h * n / peak
        missed = set(entry["missed_by"])
        tip = f"missed by {', '.join(sorted(missed)) or 'no rule'}: {n} attacks, {leaked} leaked"
        body.append(_rect(x + 5, top + bar_h - h, col_w - 10, h - bar_h * leaked / peak, BLUE, tip))
        body.append(
            _rect(
                x + 5,
                top + bar_h - bar_h * leaked / peak,
                col_w - 10,
                bar_h * leaked / peak,
                RED,
                tip,
            )
        )
        body.append(_text(x + col_w / 2, top + bar_h - h - 4, str(n), "middle", 'font-size="10"'))
        rows = [i for i, rule in enumerate(rules) if rule in missed]
        if len(rows) > 1:
            y1 = matrix_top + rows[0] * row_h + row_h / 2
            y2 = matrix_top + rows[-1] * row_h + row_h / 2
            body.append(
                _el(
                    "line",
                    x1=x + col_w / 2,
                    y1=y1,
                    x2=x + col_w / 2,
                    y2=y2,
                    stroke="#333",
                    stroke_width=2,
                )
            )
        for i, rule in enumerate(rules):
            fill = "#333" if rule in missed else LIGHT
            cy = matrix_top + i * row_h + row_h / 2
            body.append(f'<circle cx="{x + col_w / 2:.1f}" cy="{cy:.1f}" r="6" fill="{fill}"/>')
    return _svg("plot-cheese", width, height, body, "Cheese diagram: which rules' holes line up")


def _heat(lift: float | None) -> str:
    if lift is None:
        return LIGHT
    if lift >= 1.0:
        t = min((lift - 1.0) / 2.0, 1.0)
        return f"rgb(255,{int(255 - 180 * t)},{int(255 - 200 * t)})"
    t = min(1.0 - lift, 1.0)
    return f"rgb({int(255 - 170 * t)},{int(255 - 100 * t)},255)"


def alignment(report: Mapping[str, Any]) -> str:
    """Heatmap of lift = P(column misses | row missed) / P(column misses); red = aligned holes."""
    rules = list(report["rules"])
    lifts = report["alignment"]
    attacks = int(report["stack"]["attacks"])
    trivial = {r for r in rules if int(report["rules"][r]["holes"]) in (0, attacks)}
    cell, left, top = 56, 130, 120
    width = max(left + cell * len(rules) + 20, 500)
    height = top + cell * len(rules) + 40
    body = [
        _text(
            10,
            18,
            "Alignment: lift of P(B misses | A missed) over P(B misses)",
            extra='font-weight="600"',
        ),
        _text(
            10,
            36,
            "rows A missed, columns B; 1 = independent, red > 1 = aligned, grey = n/a",
            extra='fill="#555"',
        ),
    ]
    for j, b in enumerate(rules):
        x = left + j * cell + cell / 2
        body.append(
            _el("text", escape(b), x=x, y=top - 8, transform=f"rotate(-40 {x:.1f} {top - 8})")
        )
    for i, a in enumerate(rules):
        y = top + i * cell
        body.append(_text(left - 6, y + cell / 2 + 4, a, "end"))
        for j, b in enumerate(rules):
            x = left + j * cell
            if a == b:
                body.append(_rect(x + 1, y + 1, cell - 2, cell - 2, "#fafafa"))
                body.append(_text(x + cell / 2, y + cell / 2 + 4, "—", "middle", 'fill="#bbb"'))
                continue
            lift = lifts.get(a, {}).get(b)
            label = "n/a" if lift is None else f"{lift:.2f}"
            tip = f"A={a}, B={b}: lift {label}"
            if a in trivial or b in trivial:
                # A rule that misses every attack (or none) gives lift 1 (or none) by construction.
                tip += " (uninformative: a rule here misses all attacks or none)"
                body.append(_rect(x + 1, y + 1, cell - 2, cell - 2, "#f3f3f3", tip))
                body.append(_text(x + cell / 2, y + cell / 2 + 4, label, "middle", 'fill="#aaa"'))
                continue
            body.append(_rect(x + 1, y + 1, cell - 2, cell - 2, _heat(lift), tip))
            body.append(_text(x + cell / 2, y + cell / 2 + 4, label, "middle"))
    return _svg("plot-alignment", width, height, body, "Alignment heatmap")


def curve(report: Mapping[str, Any]) -> str:
    """Leak rate against false refusal rate as every threshold moves; the policy's point in red."""
    points = sorted(
        report["sweep"]["points"], key=lambda p: (p["false_refusal_rate"], -p["leak_rate"])
    )
    w, h, left, top = 420, 300, 60, 30
    width, height = left + w + 30, top + h + 50
    op = report["sweep"]["operating_point"]
    tuned = report.get("tuned")
    x_max = _x_limit(op, tuned)

    def xy(p: Mapping[str, Any]) -> tuple[float, float]:
        x = left + w * float(p["false_refusal_rate"]) / x_max
        return x, top + h * (1.0 - float(p["leak_rate"]))

    body = [
        _text(
            10,
            18,
            "Leak rate vs false refusal rate (all thresholds moved together)",
            extra='font-weight="600"',
        ),
        _rect(left, top, w, h, "#fbfbfb"),
    ]
    for k in range(5):
        v = k / 4
        body.append(_el("line", x1=left + w * v, y1=top, x2=left + w * v, y2=top + h, stroke=LIGHT))
        body.append(
            _el(
                "line",
                x1=left,
                y1=top + h * (1 - v),
                x2=left + w,
                y2=top + h * (1 - v),
                stroke=LIGHT,
            )
        )
        body.append(_text(left + w * v, top + h + 16, f"{v * x_max:.3g}", "middle"))
        body.append(_text(left - 6, top + h * (1 - v) + 4, f"{v:.2f}", "end"))
    clipped = "" if x_max >= 1.0 else f" (axis cut at {x_max:g})"
    body.append(
        _text(
            left + w / 2, top + h + 36, f"false refusal rate (ordinary benign){clipped}", "middle"
        )
    )
    body.append(
        _el(
            "text",
            "leak rate",
            x=16,
            y=top + h / 2,
            text_anchor="middle",
            transform=f"rotate(-90 16 {top + h / 2:.1f})",
        )
    )
    if points:
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in map(xy, points))
        # The curve runs past a cut axis: clip it to the plot area rather than bend it.
        body.append(
            f'<clipPath id="curve-clip"><rect x="{left}" y="{top - 8}" width="{w + 8}" '
            f'height="{h + 16}"/></clipPath><g clip-path="url(#curve-clip)">'
            f'<polyline points="{path}" fill="none" stroke="{BLUE}" stroke-width="2"/>'
        )
        for p in points:
            x, y = xy(p)
            tip = (
                f"offset {p['offset']:+.2f}: leak {p['leak_rate']:.3f}, "
                f"FRR {p['false_refusal_rate']:.3f}"
            )
            body.append(_el("circle", f"<title>{escape(tip)}</title>", cx=x, cy=y, r=3, fill=BLUE))
        body.append("</g>")
    x, y = xy(op)
    body.append(
        _el(
            "circle", id="operating-point", cx=x, cy=y, r=7, fill=RED, stroke="#fff", stroke_width=2
        )
    )
    body.append(
        _text(
            min(x + 10, left + w - 120),
            max(y - 10, top + 12),
            f"policy: leak {op['leak_rate']:.3f}, FRR {op['false_refusal_rate']:.3f}",
            extra=f'fill="{RED}"',
        )
    )
    if tuned:
        x, y = xy(tuned["after"])
        body.append(
            _el(
                "rect",
                "<title>tuned (optimistic: same data)</title>",
                x=x - 6,
                y=y - 6,
                width=12,
                height=12,
                fill=ORANGE,
            )
        )
    return _svg("plot-curve", width, height, body, "Leak vs false refusal curve")


def _x_limit(op: Mapping[str, Any], tuned: Mapping[str, Any] | None) -> float:
    """A false refusal axis that shows the region that matters: up to 3x the operating point."""
    need = 3.0 * float(op["false_refusal_rate"])
    if tuned:
        need = max(need, 1.5 * float(tuned["after"]["false_refusal_rate"]))
    return next((limit for limit in (0.05, 0.1, 0.2, 0.5) if need <= limit), 1.0)


def _hbars(
    plot_id: str,
    title: str,
    rows: Sequence[tuple[str, Sequence[float]]],
    series: Sequence[tuple[str, str]],
    scale: float,
    fmt: str,
) -> str:
    bar, gap, left, w = 12, 10, 130, 360
    group_h = bar * len(series) + gap
    width = left + w + 90
    height = 50 + group_h * len(rows) + 20
    body = [_text(10, 18, title, extra='font-weight="600"')]
    for k, (name, colour) in enumerate(series):
        body.append(_rect(left + k * 115 - 60, 28, 10, 10, colour))
        body.append(_text(left + k * 115 - 46, 37, name))
    scale = scale or 1.0
    for i, (label, values) in enumerate(rows):
        y = 50 + i * group_h
        body.append(_text(left - 6, y + group_h / 2, label, "end"))
        for k, value in enumerate(values):
            length = w * min(value / scale, 1.0)
            body.append(
                _rect(
                    left,
                    y + k * bar,
                    length,
                    bar - 2,
                    series[k][1],
                    f"{label} {series[k][0]}: {value:{fmt}}",
                )
            )
            body.append(
                _text(
                    left + length + 4,
                    y + k * bar + bar - 3,
                    f"{value:{fmt}}",
                    extra='font-size="10"',
                )
            )
    return _svg(plot_id, width, height, body, title)


def rule_bars(report: Mapping[str, Any]) -> str:
    """Per rule: hole rate, silent rate (no block, no flag), false and borderline positive rates."""
    rows = [
        (
            name,
            [
                r["hole_rate"],
                r["silent_rate"],
                r["false_positive_rate"],
                r["borderline_positive_rate"],
            ],
        )
        for name, r in report["rules"].items()
    ]
    series = [
        ("hole rate", BLUE),
        ("silent (no flag)", "#9ecae9"),
        ("false positive", RED),
        ("borderline positive", ORANGE),
    ]
    return _hbars("plot-rules", "Per rule: holes and false positives", rows, series, 1.0, ".3f")


def latency_bars(report: Mapping[str, Any]) -> str:
    """Per rule and for the whole stack: p50 and p95 latency per text, in ms."""
    rows = [
        (name, [r["latency_ms"]["p50"], r["latency_ms"]["p95"]])
        for name, r in report["rules"].items()
    ]
    stack = report["stack"]["latency_ms"]
    rows.append(("whole stack", [stack["p50"], stack["p95"]]))
    peak = max((v for _, values in rows for v in values), default=1.0)
    series = [("p50 ms", BLUE), ("p95 ms", ORANGE)]
    return _hbars("plot-latency", "Latency per text (ms)", rows, series, peak, ".3f")
