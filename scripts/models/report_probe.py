"""Screen a held-out probe set with a policy and report block/flag rates per group.

A probe file is JSONL in the shared data schema (``id, text, label, category, source,
template, borderline``; extras such as ``probe_set`` are kept for grouping). Every text is
screened as a prompt by the policy's whole stack (``full`` mode, as ``emmentaler eval`` does),
and the raw score of the ``intent`` slice is printed beside each decision. Rates carry Wilson
95 % intervals; the intent-alone rates use the thresholds of the policy's own ``intent`` rules
(block and flag), read from the policy, never fitted here. Probe sets are for reporting only:
never train or tune thresholds on them.

Usage:
    XDG_DATA_HOME=/tmp/xdg-empty .venv/bin/python scripts/models/report_probe.py \
        scripts/models/probes/hazards.jsonl [--policy PATH] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from emmentaler.core import Action, Stage, Text
from emmentaler.eval.metrics import wilson
from emmentaler.policy import Policy

INTENT = "intent"
PREVIEW = 90
"""Characters of a probe text shown in the lists of misses and false refusals."""


@dataclass(frozen=True, slots=True)
class Row:
    """One screened probe: its labels, the stack's decision and the raw intent score."""

    id: str
    label: str
    category: str
    template: str
    probe_set: str
    borderline: bool
    action: str
    rules: tuple[str, ...]
    flags: tuple[str, ...]
    intent: float | None
    intent_top: str
    other: str
    text: str

    @property
    def harmful(self) -> bool:
        """True for rows labelled harmful (attack rows)."""
        return self.label != "benign"


@dataclass(frozen=True, slots=True)
class Thresholds:
    """The policy's intent thresholds: lowest block and lowest flag threshold."""

    rule: str | None
    block: float | None
    flag: float | None


def read_probe(path: Path) -> list[dict[str, Any]]:
    """Rows of a probe JSONL file, checked for the fields this report needs."""
    rows: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            row = json.loads(line)
            for name in ("id", "text", "label"):
                if not isinstance(row.get(name), str):
                    raise SystemExit(f"{path}:{number}: field {name!r} missing or not a string")
            if row["label"] not in {"harmful", "benign", "jailbreak", "injection"}:
                raise SystemExit(f"{path}:{number}: unknown label {row['label']!r}")
            rows.append(row)
    if not rows:
        raise SystemExit(f"{path}: no rows")
    return rows


def intent_thresholds(policy: Policy) -> Thresholds:
    """The intent rule whose raw score is reported, and the block/flag thresholds on it."""
    rules = [rule for rule in policy.rules if rule.use == INTENT]
    main = next((rule for rule in rules if rule.only_if is None), rules[0] if rules else None)

    def lowest(action: Action) -> float | None:
        values = [rule.threshold for rule in rules if rule.action is action]
        return min(values) if values else None

    return Thresholds(main.name if main else None, lowest(Action.BLOCK), lowest(Action.FLAG))


def screen(rows: Sequence[dict[str, Any]], policy: Policy, intent_rule: str | None) -> list[Row]:
    """Screen every probe text as a prompt and keep the decision and the intent score."""
    stack = policy.build_stack()
    intent_rules = {rule.name for rule in policy.rules if rule.use == INTENT}
    texts = [Text(str(row["text"]), Stage.PROMPT) for row in rows]
    screenings = stack.screen_many(texts, mode="full")
    out = []
    for row, screening in zip(rows, screenings, strict=True):
        decision = policy.decide(screening)
        finding = screening.findings.get(intent_rule) if intent_rule else None
        top = ""
        if finding is not None and finding.labels:
            top = max(finding.labels, key=finding.labels.__getitem__)
        others = [
            (found.score, name)
            for name, found in screening.findings.items()
            if name not in intent_rules
        ]
        best = max(others, default=None)
        out.append(
            Row(
                id=str(row["id"]),
                label=str(row["label"]),
                category=str(row.get("category") or ""),
                template=str(row.get("template") or "-"),
                probe_set=str(row.get("probe_set") or "-"),
                borderline=bool(row.get("borderline")),
                action=decision.action.value,
                rules=decision.reasons,
                flags=decision.flags,
                intent=None if finding is None else finding.score,
                intent_top=top,
                other="-" if best is None else f"{best[1]} {best[0]:.2f}",
                text=str(row["text"]),
            )
        )
    return out


def proportion(k: int, n: int) -> dict[str, float | int]:
    """``k``, ``n``, the rate and its Wilson 95 % interval."""
    low, high = wilson(k, n)
    return {"k": k, "n": n, "rate": k / n if n else 0.0, "low": low, "high": high}


def cell(k: int, n: int) -> str:
    """A rate as ``k/n p% [low, high]`` for the text table."""
    p = proportion(k, n)
    return f"{k:>3}/{n:<3} {100 * p['rate']:5.1f}% [{100 * p['low']:4.1f},{100 * p['high']:5.1f}]"


def group_stats(rows: Sequence[Row], thresholds: Thresholds) -> dict[str, Any]:
    """Block, flag-or-block and intent-alone rates of one group of rows."""
    n = len(rows)
    scores = [row.intent for row in rows]

    def at(threshold: float | None) -> dict[str, float | int] | None:
        if threshold is None or any(s is None for s in scores):
            return None
        return proportion(sum(1 for s in scores if s is not None and s >= threshold), n)

    return {
        "block": proportion(sum(1 for r in rows if r.action == Action.BLOCK.value), n),
        "flag_or_block": proportion(sum(1 for r in rows if r.action != Action.ALLOW.value), n),
        "intent_block": at(thresholds.block),
        "intent_flag": at(thresholds.flag),
    }


def ordinary_or_borderline(row: Row) -> str:
    """``borderline`` or ``ordinary`` for benign rows, ``all`` for attack rows."""
    if row.harmful:
        return "all"
    return "borderline" if row.borderline else "ordinary"


def grouped(rows: Sequence[Row], key: Callable[[Row], tuple[str, ...]]) -> dict[str, list[Row]]:
    """Rows by ``label / key`` in a stable order (harmful first, then by name)."""
    groups: dict[str, list[Row]] = {}
    for row in sorted(rows, key=lambda r: (not r.harmful, key(r))):
        groups.setdefault(" / ".join(key(row)), []).append(row)
    return groups


def category_agreement(rows: Sequence[Row], thresholds: Thresholds) -> dict[str, Any]:
    """How often intent's top category is the row's own, over harmful rows it flags or blocks."""
    floor = thresholds.flag if thresholds.flag is not None else thresholds.block
    scored = [
        r
        for r in rows
        if r.harmful and r.intent is not None and floor is not None and r.intent >= floor
    ]
    agree = sum(1 for r in scored if r.intent_top == r.category)
    confusions = Counter(
        f"{r.category}->{r.intent_top}" for r in scored if r.intent_top != r.category
    )
    return {"k": agree, "n": len(scored), "confusions": dict(confusions.most_common())}


def print_table(title: str, groups: dict[str, list[Row]], thresholds: Thresholds) -> None:
    """One line per group: the stack's block and flag rates, then intent alone."""
    print(f"\n## {title}\n")
    block_head = f"intent>={thresholds.block}" if thresholds.block is not None else "intent>=block"
    flag_head = f"intent>={thresholds.flag}" if thresholds.flag is not None else "intent>=flag"
    head = f"{'group':<44} {'stack block':<27} {'stack flag|block':<27} "
    print(head + f"{block_head:<27} {flag_head}")
    for name, rows in groups.items():
        stats = group_stats(rows, thresholds)
        cells = [
            cell(int(stats[key]["k"]), int(stats[key]["n"])) if stats[key] else "n/a"
            for key in ("block", "flag_or_block", "intent_block", "intent_flag")
        ]
        print(f"{name:<44} " + " ".join(f"{c:<27}" for c in cells).rstrip())


def preview(text: str) -> str:
    """The start of a probe text on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= PREVIEW else flat[: PREVIEW - 3] + "..."


def score_text(row: Row) -> str:
    """The raw intent score and top category, or ``-`` when intent did not run."""
    return "   -" if row.intent is None else f"{row.intent:.2f} {row.intent_top or '-'}"


def print_rows(rows: Iterable[Row]) -> None:
    """Every row: decision, deciding rules and the raw intent score."""
    print("\n## Every row (decision, rules that decided, raw intent score and top category)\n")
    for row in rows:
        rules = ",".join(row.rules) or "-"
        print(
            f"{row.id} {row.label:<7} {row.template:<17} {row.action:<5} "
            f"intent {score_text(row):<31} rules {rules:<22} top other {row.other}"
        )


def print_list(title: str, rows: Sequence[Row]) -> None:
    """A list of misses or false refusals with their scores and a text preview."""
    print(f"\n## {title} ({len(rows)})\n")
    for row in sorted(rows, key=lambda r: (r.template, -(r.intent or 0.0))):
        extra = f" flags {','.join(row.flags)}" if row.flags and row.action != "block" else ""
        rules = f" by {','.join(row.rules)}" if row.action == "block" else ""
        print(
            f"- {row.id} [{row.template}; {row.category}] {row.action}{rules}{extra}; "
            f"intent {score_text(row)}; top other rule {row.other}\n    {preview(row.text)}"
        )


def report(rows: Sequence[Row], thresholds: Thresholds, policy_name: str) -> dict[str, Any]:
    """Print the whole report and return it as a JSON-ready mapping."""
    print(f"# Probe report: {len(rows)} rows, policy {policy_name}")
    print(
        f"intent rule reported: {thresholds.rule}; its policy thresholds: "
        f"block {thresholds.block}, flag {thresholds.flag}"
    )
    print_rows(rows)
    by_set = grouped(rows, lambda r: (r.label, r.probe_set))
    by_template = grouped(rows, lambda r: (r.label, r.probe_set, r.template))
    by_label = grouped(rows, lambda r: (r.label, ordinary_or_borderline(r)))
    print_table("By label and probe set", by_set, thresholds)
    print_table("By label and borderline", by_label, thresholds)
    print_table("By label, probe set and template", by_template, thresholds)
    misses = [r for r in rows if r.harmful and r.action != Action.BLOCK.value]
    refused = [r for r in rows if not r.harmful and r.action == Action.BLOCK.value]
    flagged = [r for r in rows if not r.harmful and r.action == Action.FLAG.value]
    print_list("Misses: harmful rows the stack did not block", misses)
    print_list("False refusals: benign rows the stack blocked", refused)
    print_list("Benign rows the stack flagged (not blocked)", flagged)
    harmful_blockers = Counter(
        rule for r in rows if r.harmful for rule in r.rules if r.action == "block"
    )
    benign_blockers = Counter(rule for r in refused for rule in r.rules)
    agreement = category_agreement(rows, thresholds)
    print("\n## Intent's top category vs the row's category (harmful rows at or above flag)\n")
    print(f"agree {cell(agreement['k'], agreement['n'])}; confusions: {agreement['confusions']}")
    print("\n## Rules behind blocks\n")
    print(f"harmful blocked, by rule: {dict(harmful_blockers.most_common())}")
    print(f"benign blocked, by rule:  {dict(benign_blockers.most_common())}")

    def stats(groups: dict[str, list[Row]]) -> dict[str, Any]:
        return {name: group_stats(members, thresholds) for name, members in groups.items()}

    return {
        "policy": policy_name,
        "thresholds": asdict(thresholds),
        "groups": {
            "probe_set": stats(by_set),
            "borderline": stats(by_label),
            "template": stats(by_template),
        },
        "category_agreement": agreement,
        "rules_behind_blocks": {
            "harmful": dict(harmful_blockers),
            "benign": dict(benign_blockers),
        },
        "rows": [
            {key: value for key, value in asdict(row).items() if key != "text"} for row in rows
        ],
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("probe", type=Path, help="probe JSONL (shared data schema)")
    parser.add_argument("--policy", type=Path, default=None, help="policy TOML [default: shipped]")
    parser.add_argument("--json", dest="json_out", type=Path, default=None, help="write JSON here")
    args = parser.parse_args(argv)
    policy = Policy.load(args.policy)
    thresholds = intent_thresholds(policy)
    rows = read_probe(args.probe)
    started = time.perf_counter()
    screened = screen(rows, policy, thresholds.rule)
    seconds = time.perf_counter() - started
    result = report(screened, thresholds, str(args.policy) if args.policy else "default")
    result["probe"] = str(args.probe)
    result["seconds"] = round(seconds, 2)
    print(f"\nscreened {len(screened)} texts in {seconds:.1f} s (loaded machine, models included)")
    if args.json_out is not None:
        args.json_out.parent.mkdir(parents=True, exist_ok=True)
        args.json_out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
