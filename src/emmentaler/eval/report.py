"""Assemble ``report.json``, ``report.md`` and ``leaks.jsonl``, and write outputs atomically.

The report's schema is versioned (``schema``) and documented in ``docs/eval.md``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import __version__
from ..policy import Policy
from . import analysis
from .run import Results
from .storage import SCORES_FILE, write_scores
from .sweep import Point, ScoreMatrix, Tuned, sweep

SCHEMA = "emmentaler.eval.report/1"

NOTES = (
    "A leak is an attack the stack did not block (its decision is not block); flagged-but-not-"
    "blocked attacks are leaks and are counted under stack.flagged_not_blocked.",
    "A hole of a rule is an attack that rule did not block, including attacks it never screened.",
    "independent_leak_rate is the leak rate if holes were independent: per attack, the product "
    "of the hole rates of the rules that screened it, averaged; alignment pairs count only "
    "attacks both rules screened. A measured leak rate above it is the price of aligned holes. "
    "It ignores flag votes, so it can also sit above the measured rate when votes block attacks "
    "no single rule blocks.",
    "Conversations count as blocked when any user turn is blocked.",
    "Latencies are per screened text; in batched runs each text gets an equal share of its "
    "batch's time, on a machine that may have been loaded.",
    "Intervals are Wilson 95 % score intervals.",
)


def build_report(
    results: Results, *, tuned: Tuned | None = None
) -> tuple[dict[str, Any], list[dict[str, object]]]:
    """The report dictionary and the leak rows, from stored results only."""
    outs = analysis.outcomes(results)
    names = results.rules
    matrix = ScoreMatrix(results.records, results.policy)
    points = sweep(matrix)
    current = matrix.point(0.0)
    kinds: dict[str, int] = {}
    for record in results.records:
        kinds[record.example.kind] = kinds.get(record.example.kind, 0) + 1
    report: dict[str, Any] = {
        "schema": SCHEMA,
        "generated_by": f"emmentaler {__version__}",
        "policy": _policy(results.policy, results.policy_source),
        "inputs": {
            "files": list(results.files),
            "rows_read": results.read,
            "examples_used": len(results.records),
            "rows_skipped": len([p for p in results.problems if p.line]),
            "problems": [str(p) for p in results.problems[:200]],
            "problem_count": len(results.problems),
        },
        "examples": {
            "attack": sum(1 for r in results.records if r.example.group == "attack"),
            "benign": sum(1 for r in results.records if r.example.group == "benign"),
            "borderline": sum(1 for r in results.records if r.example.group == "borderline"),
            "by_kind": kinds,
            "texts_screened": sum(len(r.screenings) for r in results.records),
        },
        "stack": analysis.stack_summary(outs, names),
        "rules": analysis.rule_summary(results, outs),
        **analysis.alignment_section(outs, names),
        "by_source": _renamed(analysis.breakdown(outs, lambda e: e.source), "source"),
        "by_label": _renamed(analysis.breakdown(outs, lambda e: e.kind), "kind"),
        "by_category": _renamed(
            analysis.breakdown(outs, lambda e: f"{e.source} / {e.category}"), "category"
        ),
        "by_template": _renamed(
            analysis.breakdown([o for o in outs if o.example.template], lambda e: e.template),
            "template",
        ),
        "cheese": analysis.cheese(outs),
        "sweep": {
            "method": "every rule's thresholds (label thresholds too) moved by the same offset, "
            "clamped to [0, 1]; offset 0 is the policy as written",
            "operating_point": _point(current),
            "points": [_point(p) for p in points],
        },
        "timing": {
            "seconds": round(results.seconds, 3),
            "workers": results.workers,
            "examples_per_second": round(len(results.records) / results.seconds, 1)
            if results.seconds
            else None,
        },
        "notes": list(NOTES),
    }
    if tuned is not None:
        report["tuned"] = {
            "max_false_refusal_rate": tuned.max_frr,
            "feasible": tuned.feasible,
            "thresholds": tuned.thresholds,
            "before": _point(tuned.before),
            "after": _point(tuned.after),
            "warning": "tuned and measured on the same data: these numbers are optimistic; "
            "tune on dev and report on other data",
        }
    return report, analysis.leak_rows(outs)


def _renamed(rows: list[dict[str, object]], key: str) -> list[dict[str, object]]:
    return [{key: row["key"], **{k: v for k, v in row.items() if k != "key"}} for row in rows]


def _point(point: Point) -> dict[str, float | int]:
    return {
        "offset": point.offset,
        "leaks": point.leaks,
        "false_refusals": point.false_refusals,
        "borderline_refusals": point.borderline_refusals,
        "leak_rate": point.leak_rate,
        "false_refusal_rate": point.false_refusal_rate,
        "borderline_refusal_rate": point.borderline_refusal_rate,
    }


def _policy(policy: Policy, source: str) -> dict[str, object]:
    return {
        "source": source,
        "on_error": policy.on_error.value,
        "block_when_flags": policy.block_when_flags,
        "rules": [
            {"name": r.name, "use": r.use, "threshold": r.threshold, "action": r.action.value}
            for r in policy.rules
        ],
    }


def _pct(value: object) -> str:
    return f"{100.0 * float(value):.2f} %" if isinstance(value, int | float) else "n/a"


def _ci(pair: object) -> str:
    if isinstance(pair, list | tuple) and len(pair) == 2:
        return f"[{_pct(pair[0])}, {_pct(pair[1])}]"
    return "n/a"


def to_markdown(report: Mapping[str, Any]) -> str:
    """A readable summary of a report dictionary."""
    stack = report["stack"]
    ex = report["examples"]
    lines = [
        "# emmentaler eval report",
        "",
        f"Policy: `{report['policy']['source']}` ({len(report['policy']['rules'])} rules). "
        f"Examples: {ex['attack']} attack, {ex['benign']} benign, {ex['borderline']} borderline "
        f"({report['inputs']['rows_read']} rows read, {report['inputs']['examples_used']} used, "
        f"{report['inputs']['rows_skipped']} skipped).",
        "",
        "| stack | rate | 95 % CI | count |",
        "|---|---|---|---|",
        f"| leak rate | {_pct(stack['leak_rate'])} | {_ci(stack['leak_ci95'])} | "
        f"{stack['leaks']} / {stack['attacks']} |",
        f"| false refusal rate | {_pct(stack['false_refusal_rate'])} | "
        f"{_ci(stack['false_refusal_ci95'])} | "
        f"{stack['false_refusals']} / {stack['benign']} |",
        f"| borderline refusal rate | {_pct(stack['borderline_refusal_rate'])} | "
        f"{_ci(stack['borderline_refusal_ci95'])} | "
        f"{stack['borderline_refusals']} / {stack['borderline']} |",
        "| independent leak rate (holes uncorrelated) | "
        f"{_pct(stack['independent_leak_rate'])} | | |",
        "",
        f"Flagged but not blocked: {stack['flagged_not_blocked']}. "
        f"Stack latency per text p50/p95/p99: {stack['latency_ms']['p50']:.3f} / "
        f"{stack['latency_ms']['p95']:.3f} / {stack['latency_ms']['p99']:.3f} ms.",
        "",
        "## Rules",
        "",
        "| rule | hole rate | FP rate | borderline FP | p50 ms | p95 ms | errors | "
        "leak rate without | FRR without |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, r in report["rules"].items():
        loo = r["leave_one_out"]
        lines.append(
            f"| {name} | {_pct(r['hole_rate'])} | {_pct(r['false_positive_rate'])} | "
            f"{_pct(r['borderline_positive_rate'])} | {r['latency_ms']['p50']:.3f} | "
            f"{r['latency_ms']['p95']:.3f} | {r['errors']} | {_pct(loo['leak_rate'])} | "
            f"{_pct(loo['false_refusal_rate'])} |"
        )
    lines += ["", "## Most aligned rule pairs (lift = P(B misses | A missed) / P(B misses))", ""]
    if not report["most_aligned"]:
        lines.append("- no informative pair: every rule misses all attacks or none")
    for pair in report["most_aligned"]:
        lines.append(
            f"- {pair['a']} → {pair['b']}: lift {pair['lift']:.2f}, "
            f"P(B misses | A missed) = {_pct(pair['p_b_missed_given_a_missed'])}, "
            f"both missed {pair['both_missed']}"
        )
    lines += [
        "",
        "## By source",
        "",
        "| source | label | n | blocked | block rate | 95 % CI |",
        "|---|---|---|---|---|---|",
    ]
    for row in report["by_source"]:
        lines.append(
            f"| {row['source']} | {row['label']} | {row['n']} | {row['blocked']} | "
            f"{_pct(row['block_rate'])} | {_ci(row['ci95'])} |"
        )
    if "tuned" in report:
        tuned = report["tuned"]
        lines += [
            "",
            "## Tuned thresholds",
            "",
            f"**{tuned['warning']}.**",
            "",
            f"Bound: false refusal rate <= {_pct(tuned['max_false_refusal_rate'])}; "
            f"feasible: {tuned['feasible']}. Leak rate {_pct(tuned['before']['leak_rate'])} → "
            f"{_pct(tuned['after']['leak_rate'])}, false refusal rate "
            f"{_pct(tuned['before']['false_refusal_rate'])} → "
            f"{_pct(tuned['after']['false_refusal_rate'])}.",
        ]
    lines += ["", "## Notes", ""] + [f"- {note}" for note in report["notes"]]
    return "\n".join(lines) + "\n"


Writer = Callable[[Any], None]


def write_outputs(out_dir: str | Path, files: Mapping[str, Callable[[Any], None]]) -> None:
    """Write every output to a temporary file, then move them all into place.

    ``files`` maps a file name to a function that writes its content to an open text
    handle. Nothing in ``out_dir`` changes until every file is complete, so an interrupted
    run leaves the previous report (or none) rather than a half-written one.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[str, Path]] = []
    try:
        for name, write in files.items():
            fd, raw = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=out)
            staged.append((name, Path(raw)))
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                write(handle)
            os.chmod(raw, 0o644)  # mkstemp makes 0600; reports are meant to be shared
        for name, tmp in staged:
            os.replace(tmp, out / name)
        staged = []
    finally:
        for _, tmp in staged:
            tmp.unlink(missing_ok=True)


def output_writers(
    results: Results,
    report: Mapping[str, Any],
    leaks: Sequence[Mapping[str, object]],
    html: str | None,
    *,
    scores: bool = True,
) -> dict[str, Callable[[Any], None]]:
    """The writers for every output file of a run."""
    writers: dict[str, Callable[[Any], None]] = {
        "report.json": lambda h: h.write(json.dumps(report, indent=2, ensure_ascii=False) + "\n"),
        "report.md": lambda h: h.write(to_markdown(report)),
        "leaks.jsonl": lambda h: h.writelines(
            json.dumps(row, ensure_ascii=False) + "\n" for row in leaks
        ),
    }
    if html is not None:
        writers["report.html"] = lambda h: h.write(html)
    if scores:
        writers[SCORES_FILE] = lambda h: write_scores(results, h)
    return writers


def policy_to_toml(policy: Policy, header: str = "") -> str:
    """Serialise a policy as TOML that :meth:`Policy.from_toml` reads back."""
    data = policy.model_dump(mode="json", exclude_none=True)
    lines = [f"# {line}" for line in header.splitlines()]
    for key in ("version", "on_error", "block_when_flags"):
        if key in data:
            lines.append(f"{key} = {_toml_value(data[key])}")
    lines += ["", "[unveil]"] + [
        f"{_toml_key(k)} = {_toml_value(v)}" for k, v in data["unveil"].items()
    ]
    for rule in data["rules"]:
        lines += ["", "[[rules]]"]
        for key, value in rule.items():
            if value in ({}, [], None):
                continue
            lines.append(f"{_toml_key(key)} = {_toml_value(value)}")
    return "\n".join(lines) + "\n"


def _toml_key(key: str) -> str:
    return (
        key
        if key.replace("_", "").replace("-", "").isalnum() and key.isascii()
        else json.dumps(key)
    )


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        inner = ", ".join(
            f"{_toml_key(str(k))} = {_toml_value(v)}" for k, v in value.items() if v is not None
        )
        return "{ " + inner + " }" if inner else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")
