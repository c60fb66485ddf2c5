#!/usr/bin/env python
"""Screen conversations turn by turn and print the figures of issue 6.

Every conversation is replayed as the proxy would see it: at each user turn the stack
screens the history so far (stage ``conversation``; prompt-stage rules see the latest user
turn). A conversation counts as refused/caught when any turn is blocked. For the project's
own fixtures, "in time" means blocked at or before the user turn marked ``goal_turn``.

Usage:
    .venv/bin/python scripts/eval_conversations.py                 # every set, default policy
    .venv/bin/python scripts/eval_conversations.py --sets validation oasst --limit 200
    .venv/bin/python scripts/eval_conversations.py --policy my.toml --json out.json

Tuning (train + TUNE only; the counts are conversations with any turn blocked):
    .venv/bin/python scripts/eval_conversations.py --limit 600 \\
        --sweep '[{"threshold": 0.5, "intent": 0.7}, {"threshold": 0.6, "intent": 0.7}]'

Sets: tune, validation (tests/data/conversations, the project's own escalations), holdout
(the same kinds, written in session 7 by a helper session that saw none of the code or sets),
holdout2 (80 more, written blind the same way in session 9: judge changes on it before looking),
many_shot_tune, many_shot_validation, oasst (dev), mt_bench, sgd, hh_rlhf (train).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from emmentaler import Action, Finding, LabelRule, Policy, Role, Rule, Stage, Text, Turn
from emmentaler.eval.metrics import wilson

ROOT = Path(__file__).resolve().parents[1]
DATA = (ROOT / ".." / "shared" / "data").resolve()
FIXTURES = ROOT / "tests" / "data" / "conversations"
CONVERSATION_RULES = ("escalation", "many-shot", "fake-turns")
SETS: dict[str, tuple[Path, str]] = {
    "tune": (FIXTURES / "escalation_tune.jsonl", "own TUNE"),
    "validation": (FIXTURES / "escalation_validation.jsonl", "own VALIDATION"),
    "holdout": (FIXTURES / "escalation_holdout.jsonl", "own HOLDOUT, written blind"),
    "holdout2": (FIXTURES / "escalation_holdout2.jsonl", "own HOLDOUT 2, written blind"),
    "many_shot_tune": (FIXTURES / "many_shot_tune.jsonl", "own TUNE"),
    "many_shot_validation": (FIXTURES / "many_shot_validation.jsonl", "own VALIDATION"),
    "oasst": (DATA / "oasst_conversations" / "conversations.jsonl", "dev"),
    "mt_bench": (DATA / "mt_bench_101" / "conversations.jsonl", "train"),
    "sgd": (DATA / "sgd_dialogues" / "conversations.jsonl", "train"),
    "hh_rlhf": (DATA / "hh_rlhf_redteam" / "conversations.jsonl", "train"),
}


@dataclass
class Outcome:
    """What the stack did with one conversation."""

    id: str
    label: str
    kind: str
    goal_turn: int | None
    user_turns: int
    first_block: int | None = None  # 1-based user turn
    rules: Counter[str] = field(default_factory=Counter)
    seconds: Counter[str] = field(default_factory=Counter)  # per rule, all turns together
    conversation_rule_block: int | None = None
    other_rule_block: int | None = (
        None  # first turn blocked by a rule that is not in CONVERSATION_RULES
    )


def read(path: Path, limit: int | None) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                rows.append(json.loads(line))
            if limit is not None and len(rows) >= limit:
                break
    return rows


def prefixes(row: dict[str, Any]) -> list[Text]:
    """One text per user turn: the history up to and including it."""
    if "text" in row:
        return [Text(row["text"], Stage.PROMPT)]
    turns = [Turn(Role(t["role"]), t["content"]) for t in row["turns"]]
    out = []
    for index, turn in enumerate(turns):
        if turn.role is Role.USER:
            out.append(Text(turn.content, Stage.CONVERSATION, turns=tuple(turns[: index + 1])))
    return out


def replay(policy: Policy, stack: Any, row: dict[str, Any]) -> Outcome:
    texts = prefixes(row)
    outcome = Outcome(
        row["id"],
        row.get("label", ""),
        row.get("kind") or "",
        row.get("goal_turn"),
        len(texts),
    )
    for number, screening in enumerate(stack.screen_many(texts), start=1):
        outcome.seconds.update(screening.seconds)
        decision = policy.decide(screening)
        if decision.action is not Action.BLOCK:
            continue
        if outcome.first_block is None:
            outcome.first_block = number
            outcome.rules.update(decision.reasons)
        ours = set(decision.reasons) & set(CONVERSATION_RULES)
        if outcome.conversation_rule_block is None and ours:
            outcome.conversation_rule_block = number
        if outcome.other_rule_block is None and set(decision.reasons) - ours:
            outcome.other_rule_block = number
    return outcome


def share(k: int, n: int) -> str:
    if n == 0:
        return "n/a"
    low, high = wilson(k, n)
    return f"{k}/{n} = {k / n:.1%} [{low:.1%}, {high:.1%}]"


def summarise(name: str, split: str, outcomes: Sequence[Outcome], seconds: float) -> list[str]:
    lines = []
    positives = [o for o in outcomes if o.label in ("harmful", "jailbreak")]
    negatives = [o for o in outcomes if o.label == "benign"]
    turns = sum(o.user_turns for o in outcomes)
    per_turn = 1000 * seconds / max(turns, 1)
    lines.append(
        f"## {name} ({split}): {len(outcomes)} conversations, {turns} user turns, "
        f"{per_turn:.1f} ms per turn (whole stack)"
    )
    spent: Counter[str] = Counter()
    for o in outcomes:
        spent.update(o.seconds)
    timing = {
        name: f"{1000 * spent[name] / max(turns, 1):.2f}"
        for name in ("intent", *CONVERSATION_RULES)
        if name in spent
    }
    lines.append(f"- ms per user turn by rule: {timing}")
    if positives:
        lines += _positives(positives)
    if negatives:
        lines += _negatives(negatives)
    return lines


def label_noise(outcomes: Sequence[Outcome]) -> list[str]:
    """Recall on a random sample of hh_rlhf that a person of this project labelled by hand."""
    path = FIXTURES / "hh_rlhf_sample_labels.jsonl"
    labels = {row["id"]: row["harmful_request"] for row in read(path, None)}
    seen = [o for o in outcomes if o.id in labels]
    if not seen:
        return []
    real = [o for o in seen if labels[o.id]]
    mild = [o for o in seen if not labels[o.id]]
    caught = sum(1 for o in real if o.first_block is not None)
    blocked = sum(1 for o in mild if o.first_block is not None)
    return [
        f"- hand-labelled sample ({len(seen)} random conversations, seed 0): "
        f"{share(len(real), len(seen))} contain a clearly harmful request",
        f"  - recall on those: {share(caught, len(real))}",
        f"  - blocked among the rest (no clearly harmful request): {share(blocked, len(mild))}",
    ]


def with_intent(policy: Policy, threshold: float) -> Policy:
    """``policy`` with a prompt-stage ``intent`` rule (specialized advice flags) added first."""
    rule = Rule(
        name="intent",
        use="intent",
        threshold=threshold,
        labels={"specialized_advice": LabelRule(action=Action.FLAG)},
    )
    return policy.model_copy(update={"rules": (rule, *policy.rules)})


def _positives(positives: Sequence[Outcome]) -> list[str]:
    lines: list[str] = []
    caught = [o for o in positives if o.first_block is not None]
    lines.append(f"- caught (any turn blocked): {share(len(caught), len(positives))}")
    by_conv = [o for o in positives if o.conversation_rule_block is not None]
    lines.append(
        f"- blocked by a conversation rule {CONVERSATION_RULES}: "
        f"{share(len(by_conv), len(positives))}"
    )
    only = [o for o in positives if o.first_block is not None and o.other_rule_block is None]
    lines.append(f"- caught only thanks to a conversation rule: {len(only)}")
    timed = [o for o in positives if o.goal_turn]
    if timed:
        in_time = [o for o in timed if (o.first_block or 10**9) <= (o.goal_turn or 0)]
        lines.append(f"- caught by the goal turn: {share(len(in_time), len(timed))}")
        early = [o for o in timed if (o.first_block or 10**9) < (o.goal_turn or 0)]
        lines.append(f"- caught before the goal turn: {len(early)}")
    kinds = Counter(o.kind for o in positives)
    for kind, n in sorted(kinds.items()) if len(kinds) > 1 else ():
        k = sum(1 for o in positives if o.kind == kind and o.first_block is not None)
        lines.append(f"  - {kind}: {share(k, n)}")
    missed = [o.id for o in positives if o.first_block is None]
    if missed and len(missed) <= 12:
        lines.append(f"- missed: {', '.join(missed)}")
    reasons: Counter[str] = Counter()
    for o in caught:
        reasons.update(o.rules)
    lines.append(f"- rules behind the first block: {dict(reasons.most_common(8))}")
    return lines


def _negatives(negatives: Sequence[Outcome]) -> list[str]:
    lines: list[str] = []
    refused = [o for o in negatives if o.first_block is not None]
    lines.append(f"- benign refused (any turn blocked): {share(len(refused), len(negatives))}")
    only = [o for o in refused if o.other_rule_block is None]
    lines.append(
        f"- refused only because of a conversation rule: {share(len(only), len(negatives))}"
    )
    reasons: Counter[str] = Counter()
    for o in refused:
        reasons.update(o.rules)
    if reasons:
        lines.append(f"- rules behind false refusals: {dict(reasons.most_common(8))}")
    kinds = Counter(o.kind for o in negatives)
    if len(kinds) > 1:
        for kind, n in sorted(kinds.items()):
            k = sum(1 for o in negatives if o.kind == kind and o.first_block is not None)
            lines.append(f"  - {kind}: {share(k, n)} refused")
    wrongly = [o.id for o in refused]
    if wrongly and len(wrongly) <= 12:
        lines.append(f"- refused: {', '.join(wrongly)}")
    return lines


TUNING_SETS = ("tune", "mt_bench", "sgd", "hh_rlhf")
"""The only sets a sweep may read: train data and the project's TUNE fixtures."""


class CachingScorer:
    """Wraps the turn-level scorer so every configuration of a sweep reuses its scores."""

    stages = frozenset({Stage.PROMPT})

    def __init__(self, layer: Any) -> None:
        self.layer = layer
        self.cache: dict[str, Finding] = {}

    def score(self, text: Text) -> Finding:
        return self.score_many([text])[0]

    def score_many(self, texts: Sequence[Text]) -> list[Finding]:
        missing = [t for t in dict.fromkeys(t.content for t in texts) if t not in self.cache]
        for start in range(0, len(missing), 64):
            chunk = missing[start : start + 64]
            found = self.layer.score_many([Text(c) for c in chunk])
            self.cache.update(zip(chunk, found, strict=True))
        return [self.cache[t.content] for t in texts]


def _blocks(finding: Finding, threshold: float) -> bool:
    top = max(finding.labels, key=lambda k: finding.labels[k]) if finding.labels else ""
    return finding.score >= threshold and top != "specialized_advice"


def _sweep_cell(
    rows: Sequence[dict[str, Any]], scorer: CachingScorer, layer: Any, t_intent: float, t_esc: float
) -> str:
    caught = in_time = added = 0
    for row in rows:
        first = first_esc = None
        for number, text in enumerate(prefixes(row), start=1):
            own = _blocks(scorer.score(Text(text.content)), t_intent)
            esc = _blocks(layer.score(text), t_esc)
            first = first or (number if own or esc else None)
            first_esc = first_esc or (number if esc and not own else None)
        caught += first is not None
        added += first_esc is not None
        in_time += first is not None and first <= (row.get("goal_turn") or 0)
    timed = f", in time {in_time}" if any(row.get("goal_turn") for row in rows) else ""
    return f"{caught}/{len(rows)} blocked (escalation alone {added}{timed})"


def sweep(grid: Sequence[dict[str, Any]], limit: int | None) -> None:
    """Escalation parameters x thresholds on train + TUNE only (intent on the latest turn too)."""
    from emmentaler import registry
    from emmentaler.slices.escalation import EscalationSlice

    scorer = CachingScorer(registry.build("intent", {}))
    data = {name: read(SETS[name][0], limit) for name in TUNING_SETS if SETS[name][0].exists()}
    for config in grid:
        params = dict(config)
        t_intent, t_esc = params.pop("intent", 0.5), params.pop("threshold", 0.5)
        layer = EscalationSlice(EscalationSlice.Params(**params), scorer=scorer)
        cells = []
        for name, rows in data.items():
            for label in sorted({row.get("label", "") for row in rows}):
                subset = [row for row in rows if row.get("label", "") == label]
                cells.append(
                    f"{name}/{label} " + _sweep_cell(subset, scorer, layer, t_intent, t_esc)
                )
        print(f"intent>={t_intent} escalation>={t_esc} {params}: " + "; ".join(cells), flush=True)


def run(args: argparse.Namespace) -> int:
    if args.sweep:
        sweep(json.loads(args.sweep), args.limit)
        return 0
    policy = Policy.load(args.policy)
    if args.without:
        policy = policy.without(args.without)
    if args.intent is not None and not any(rule.use == "intent" for rule in policy.rules):
        policy = with_intent(policy, args.intent)
    stack = policy.build_stack()
    print(
        f"# Conversations, policy {args.policy or '<default>'}; rules: "
        f"{', '.join(r.name for r in policy.rules)}"
    )
    report: dict[str, Any] = {}
    for name in args.sets:
        path, split = SETS[name]
        if not path.exists():
            print(f"## {name}: {path} is missing, skipped")
            continue
        rows = read(path, args.limit)
        start = time.perf_counter()
        outcomes = [replay(policy, stack, row) for row in rows]
        seconds = time.perf_counter() - start
        for line in summarise(name, split, outcomes, seconds):
            print(line)
        if name == "hh_rlhf":
            for line in label_noise(outcomes):
                print(line)
        sys.stdout.flush()
        report[name] = [
            o.__dict__ | {"rules": dict(o.rules), "seconds": dict(o.seconds)} for o in outcomes
        ]
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--policy", help="Policy file (default: the shipped default policy).")
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    parser.add_argument("--limit", type=int, help="At most this many conversations per set.")
    parser.add_argument("--without", nargs="*", default=[], help="Rules to drop from the policy.")
    parser.add_argument("--json", help="Write every outcome to this file.")
    parser.add_argument(
        "--sweep",
        metavar="JSON",
        help='Tune instead: a list of escalation params with "threshold" and "intent" keys, '
        "run on train + TUNE only.",
    )
    parser.add_argument(
        "--intent",
        type=float,
        metavar="THRESHOLD",
        help="Add a prompt-stage intent rule at this threshold when the policy has none.",
    )
    return run(parser.parse_args(list(argv) if argv is not None else None))


if __name__ == "__main__":
    sys.exit(main())
