"""Turn :class:`~emmentaler.eval.run.Results` into the numbers of the report.

Decisions come from :meth:`Policy.decide` on the stored screenings; nothing here runs a slice.

Definitions used throughout:

* the stack **blocks** an example when the policy's decision on it is ``block`` (for a
  conversation: on any user turn). That includes blocks by flag votes (``block_when_flags``).
* a **leak** is an attack the stack did not block; a flagged-but-not-blocked attack is a leak
  and is also counted in ``flagged_not_blocked``.
* rule R **blocks** an example when ``R.judge(finding)`` is ``block`` on some screening of it,
  or R failed there and ``on_error`` is ``block``. A **hole** of R is an attack R did not
  block, including attacks R never screened (another stage, or ``only_if`` not met).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from ..core import Action
from ..policy import Policy
from . import metrics
from .dataset import Example
from .run import Record, Results

TEXT_PREVIEW_CHARS = 400
"""How much of a leaked or refused text the leak list and the HTML table show."""


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the policy and each rule did with one example."""

    record: Record
    action: Action
    reasons: tuple[str, ...]
    flags: tuple[str, ...]
    rule_blocked: dict[str, bool]
    rule_screened: dict[str, bool]

    @property
    def blocked(self) -> bool:
        """True when the stack blocked the example."""
        return self.action is Action.BLOCK

    @property
    def example(self) -> Example:
        """The example."""
        return self.record.example

    def missed_by(self) -> frozenset[str]:
        """The rules that did not block this example."""
        return frozenset(name for name, blocked in self.rule_blocked.items() if not blocked)


def outcomes(results: Results) -> list[Outcome]:
    """Decide every record with the results' policy."""
    return [outcome(record, results.policy) for record in results.records]


def outcome(record: Record, policy: Policy) -> Outcome:
    """Decide one record: the strictest decision over its screenings, and each rule's block."""
    decisions = record.decisions(policy)
    action = Action.strictest(d.action for d in decisions)
    reasons: list[str] = []
    flags: list[str] = []
    for decision in decisions:
        if decision.action is action:
            reasons.extend(r for r in decision.reasons if r not in reasons)
        flags.extend(f for f in decision.flags if f not in flags)
    blocked = {rule.name: False for rule in policy.rules}
    screened = {rule.name: False for rule in policy.rules}
    for screening in record.screenings:
        for rule in policy.rules:
            if rule.name in screening.errors:
                screened[rule.name] = True
                blocked[rule.name] |= policy.on_error is Action.BLOCK
            elif (finding := screening.findings.get(rule.name)) is not None:
                screened[rule.name] = True
                blocked[rule.name] |= rule.judge(finding) is Action.BLOCK
    return Outcome(record, action, tuple(reasons), tuple(flags), blocked, screened)


def stack_blocked(records: Sequence[Record], policy: Policy) -> list[bool]:
    """Per record, whether ``policy`` blocks it (re-decided from stored screenings)."""
    return [record.decide(policy) is Action.BLOCK for record in records]


def group_counts(outs: Sequence[Outcome], group: str) -> tuple[int, int, int]:
    """``(n, blocked, flagged but not blocked)`` for one group."""
    members = [o for o in outs if o.example.group == group]
    return (
        len(members),
        metrics.count(o.blocked for o in members),
        metrics.count(o.action is Action.FLAG for o in members),
    )


def stack_summary(outs: Sequence[Outcome], rule_names: Sequence[str]) -> dict[str, Any]:
    """The ``stack`` section of the report."""
    n_attack, blocked_attack, flagged_attack = group_counts(outs, "attack")
    n_benign, blocked_benign, flagged_benign = group_counts(outs, "benign")
    n_border, blocked_border, flagged_border = group_counts(outs, "borderline")
    leaks = n_attack - blocked_attack
    attacks = [o for o in outs if o.example.is_attack]
    missed = {name: [not o.rule_blocked[name] for o in attacks] for name in rule_names}
    seconds = [sum(s.seconds.values()) for o in outs for s in o.record.screenings]
    return {
        "leaks": leaks,
        "attacks": n_attack,
        "leak_rate": metrics.rate(leaks, n_attack),
        "leak_ci95": list(metrics.wilson(leaks, n_attack)),
        "false_refusals": blocked_benign,
        "benign": n_benign,
        "false_refusal_rate": metrics.rate(blocked_benign, n_benign),
        "false_refusal_ci95": list(metrics.wilson(blocked_benign, n_benign)),
        "borderline_refusals": blocked_border,
        "borderline": n_border,
        "borderline_refusal_rate": metrics.rate(blocked_border, n_border),
        "borderline_refusal_ci95": list(metrics.wilson(blocked_border, n_border)),
        "independent_leak_rate": metrics.independent_leak_rate_screened(
            missed,
            {name: [o.rule_screened.get(name, False) for o in attacks] for name in rule_names},
        ),
        "all_rules_missed": metrics.count(
            all(m[i] for m in missed.values()) for i in range(n_attack)
        ),
        "flagged_not_blocked": {
            "attack": flagged_attack,
            "benign": flagged_benign,
            "borderline": flagged_border,
        },
        "latency_ms": metrics.latency_ms(seconds),
    }


def rule_summary(results: Results, outs: Sequence[Outcome]) -> dict[str, dict[str, Any]]:
    """The ``rules`` section: holes, false positives, latency, errors and leave-one-out."""
    base_blocked = [o.blocked for o in outs]
    out: dict[str, dict[str, Any]] = {}
    for rule in results.policy.rules:
        name = rule.name
        by_group = {
            g: [o for o in outs if o.example.group == g] for g in ("attack", "benign", "borderline")
        }
        holes = metrics.count(not o.rule_blocked[name] for o in by_group["attack"])
        fps = metrics.count(o.rule_blocked[name] for o in by_group["benign"])
        border = metrics.count(o.rule_blocked[name] for o in by_group["borderline"])
        n_a, n_b, n_c = (len(by_group[g]) for g in ("attack", "benign", "borderline"))
        seconds = [s.seconds[name] for o in outs for s in o.record.screenings if name in s.seconds]
        errors = sum(1 for o in outs for s in o.record.screenings if name in s.errors)
        out[name] = {
            "use": rule.use,
            "threshold": rule.threshold,
            "action": rule.action.value,
            "holes": holes,
            "hole_rate": metrics.rate(holes, n_a),
            "hole_ci95": list(metrics.wilson(holes, n_a)),
            "screened_attacks": metrics.count(o.rule_screened[name] for o in by_group["attack"]),
            "flagged_attacks": metrics.count(name in o.flags for o in by_group["attack"]),
            "silent_rate": metrics.rate(
                metrics.count(
                    not o.rule_blocked[name] and name not in o.flags for o in by_group["attack"]
                ),
                n_a,
            ),
            "flagged_benign": metrics.count(name in o.flags for o in by_group["benign"]),
            "false_positives": fps,
            "false_positive_rate": metrics.rate(fps, n_b),
            "borderline_positives": border,
            "borderline_positive_rate": metrics.rate(border, n_c),
            "errors": errors,
            "latency_ms": metrics.latency_ms(seconds),
            "leave_one_out": _leave_one_out(results, outs, name, base_blocked),
        }
    return out


def _leave_one_out(
    results: Results, outs: Sequence[Outcome], name: str, base_blocked: Sequence[bool]
) -> dict[str, object]:
    """The stack without ``name`` (and rules conditioned on it), re-decided from stored scores."""
    reduced = results.policy.without([name])
    # With no rule left, nothing is blocked (a policy needs at least one rule to decide).
    blocked = stack_blocked(results.records, reduced) if reduced.rules else [False] * len(outs)
    groups = [o.example.group for o in outs]

    def counts(group: str, flags: Sequence[bool]) -> tuple[int, int]:
        members = [f for f, g in zip(flags, groups, strict=True) if g == group]
        return metrics.count(members), len(members)

    blocked_attack, n_attack = counts("attack", blocked)
    refused, n_benign = counts("benign", blocked)
    border, n_border = counts("borderline", blocked)
    base_attack, _ = counts("attack", base_blocked)
    base_refused, _ = counts("benign", base_blocked)
    return {
        "removed": sorted({r.name for r in results.policy.rules} - {r.name for r in reduced.rules}),
        "leak_rate": metrics.rate(n_attack - blocked_attack, n_attack),
        "false_refusal_rate": metrics.rate(refused, n_benign),
        "borderline_refusal_rate": metrics.rate(border, n_border),
        "extra_leaks": base_attack - blocked_attack,
        "fewer_false_refusals": base_refused - refused,
    }


def alignment_section(outs: Sequence[Outcome], rule_names: Sequence[str]) -> dict[str, Any]:
    """``alignment`` (lift matrix), its detail, and the most aligned pairs."""
    attacks = [o for o in outs if o.example.is_attack]
    missed = {name: [not o.rule_blocked[name] for o in attacks] for name in rule_names}
    screened = {name: [o.rule_screened.get(name, False) for o in attacks] for name in rule_names}
    pairs = metrics.alignment(missed, screened)
    lifts = {a: {b: p.lift for b, p in row.items()} for a, row in pairs.items()}
    detail = {
        a: {
            b: {"p_b_missed_given_a_missed": p.conditional, "lift": p.lift, "both_missed": p.both}
            for b, p in row.items()
        }
        for a, row in pairs.items()
    }
    top = [
        {
            "a": p.a,
            "b": p.b,
            "lift": p.lift,
            "p_b_missed_given_a_missed": p.conditional,
            "both_missed": p.both,
        }
        for p in metrics.most_aligned(pairs, top=5)
    ]
    return {"alignment": lifts, "alignment_detail": detail, "most_aligned": top}


def breakdown(outs: Sequence[Outcome], key: Callable[[Example], str]) -> list[dict[str, object]]:
    """Rows ``{key, label, n, blocked, block_rate, ci95}`` grouped by ``key`` and label."""
    groups: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for o in outs:
        groups[(key(o.example), _label(o.example))].append(o)
    rows = []
    for (value, label), members in sorted(groups.items()):
        blocked = metrics.count(o.blocked for o in members)
        rows.append(
            {
                "key": value,
                "label": label,
                "n": len(members),
                "blocked": blocked,
                "flagged": metrics.count(o.action is Action.FLAG for o in members),
                "block_rate": metrics.rate(blocked, len(members)),
                "ci95": list(metrics.wilson(blocked, len(members))),
            }
        )
    return rows


def _label(example: Example) -> str:
    return f"{example.label} (borderline)" if example.group == "borderline" else example.label


def cheese(outs: Sequence[Outcome], top: int = 15) -> list[dict[str, object]]:
    """For the cheese diagram: the largest sets of rules that missed the same attacks."""
    attacks = [o for o in outs if o.example.is_attack]
    ranked = metrics.intersections((o.missed_by() for o in attacks), top=top)
    out = []
    for rules, n in ranked:
        leaked = metrics.count(not o.blocked for o in attacks if o.missed_by() == rules)
        out.append({"missed_by": sorted(rules), "attacks": n, "leaks": leaked})
    return out


def leak_rows(outs: Sequence[Outcome]) -> list[dict[str, object]]:
    """Every leak, false refusal and borderline refusal with each rule's score and top view."""
    rows = []
    for o in outs:
        ex = o.example
        if ex.is_attack and not o.blocked:
            kind = "leak"
        elif not ex.is_attack and o.blocked:
            kind = "false_refusal" if ex.group == "benign" else "borderline_refusal"
        else:
            continue
        scores: dict[str, float] = {}
        views: dict[str, str] = {}
        for screening in o.record.screenings:
            for name, finding in screening.findings.items():
                if finding.score >= scores.get(name, -1.0):
                    scores[name] = finding.score
                    views[name] = finding.view
        # The rule closest to acting: none when every score is zero.
        top = max(scores, key=lambda n: scores[n]) if any(scores.values()) else None
        rows.append(
            {
                "outcome": kind,
                "id": ex.id,
                "kind": ex.kind,
                "label": ex.label,
                "group": ex.group,
                "source": ex.source,
                "category": ex.category,
                "template": ex.template,
                "file": ex.file,
                "line": ex.line,
                "action": o.action.value,
                "reasons": list(o.reasons),
                "flags": list(o.flags),
                "scores": scores,
                "views": views,
                "top_rule": top,
                "top_view": views.get(top) if top else None,
                "text": ex.text[:TEXT_PREVIEW_CHARS],
            }
        )
    return rows
