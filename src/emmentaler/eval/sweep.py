"""Threshold sweeps and ``--tune-frr`` from stored scores, without re-running any slice.

:class:`ScoreMatrix` holds every rule's stored score on every screening as numpy columns
and re-decides exactly as :meth:`Policy.decide` does (per-label thresholds, flag votes,
``on_error``), with each rule's thresholds moved by an offset. Tests check it against
``Policy.decide``.

The sweep moves every rule's thresholds by the same offset (``-1 .. +1``, so offset 0 is the
current operating point). Tuning searches per-rule thresholds by coordinate descent for the
fewest leaks subject to a false refusal rate bound. Numbers tuned on some data are
optimistic on that same data: tune on dev, report on other data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from ..core import Action
from ..policy import LabelRule, Policy, Rule
from .run import Record

FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

OFFSETS: tuple[float, ...] = tuple(round(x, 3) for x in np.linspace(-1.0, 1.0, 41))
"""Threshold offsets of the sweep; 0.0 is the current policy."""


@dataclass(frozen=True, slots=True)
class Point:
    """The stack's rates at one setting of the thresholds."""

    offset: float
    leaks: int
    false_refusals: int
    borderline_refusals: int
    leak_rate: float
    false_refusal_rate: float
    borderline_refusal_rate: float


class ScoreMatrix:
    """Stored scores as columns, one row per screening, owned by a record."""

    def __init__(self, records: Sequence[Record], policy: Policy) -> None:
        self.policy = policy
        owners = [index for index, record in enumerate(records) for _ in record.screenings]
        self.owner = np.asarray(owners, dtype=np.int64)
        self.n_records = len(records)
        self.groups = np.asarray([record.example.group for record in records])
        screenings = [s for record in records for s in record.screenings]
        self.score: dict[str, FloatArray] = {}
        self.error: dict[str, BoolArray] = {}
        self.labels: dict[str, dict[str, FloatArray]] = {}
        self.has_labels: dict[str, BoolArray] = {}
        for rule in policy.rules:
            name = rule.name
            self.score[name] = np.asarray(
                [s.findings[name].score if name in s.findings else np.nan for s in screenings],
                dtype=np.float64,
            )
            self.error[name] = np.asarray([name in s.errors for s in screenings], dtype=np.bool_)
            if rule.labels:
                names = sorted(
                    {k for s in screenings if name in s.findings for k in s.findings[name].labels}
                )
                self.labels[name] = {
                    label: np.asarray(
                        [
                            s.findings[name].labels.get(label, np.nan)
                            if name in s.findings
                            else np.nan
                            for s in screenings
                        ],
                        dtype=np.float64,
                    )
                    for label in names
                }
                self.has_labels[name] = np.asarray(
                    [name in s.findings and bool(s.findings[name].labels) for s in screenings],
                    dtype=np.bool_,
                )

    def severity(self, rule: Rule, offset: float = 0.0) -> npt.NDArray[np.int8]:
        """Per screening, the severity (0 allow, 1 flag, 2 block) of ``rule``'s action."""
        score = self.score[rule.name]
        with np.errstate(invalid="ignore"):
            plain = np.where(score >= _moved(rule.threshold, offset), rule.action.severity, 0)
        if rule.name in self.labels:
            by_label = np.zeros(len(score), dtype=np.int8)
            for label, values in self.labels[rule.name].items():
                override = rule.labels.get(label, LabelRule())
                base = rule.threshold if override.threshold is None else override.threshold
                action = rule.action if override.action is None else override.action
                with np.errstate(invalid="ignore"):
                    hit = values >= _moved(base, offset)
                by_label = np.maximum(by_label, np.where(hit, action.severity, 0).astype(np.int8))
            plain = np.where(self.has_labels[rule.name], by_label, plain)
        plain = np.where(self.error[rule.name], self.policy.on_error.severity, plain)
        return plain.astype(np.int8)

    def blocked(self, offsets: Mapping[str, float] | float = 0.0) -> BoolArray:
        """Per record: does the stack block it with each rule's thresholds moved by its offset."""
        n_rows = len(self.owner)
        blocks = np.zeros(n_rows, dtype=np.bool_)
        group_flags: dict[str, npt.NDArray[np.bool_]] = {}
        for rule in self.policy.rules:
            offset = offsets if isinstance(offsets, float | int) else offsets.get(rule.name, 0.0)
            sev = self.severity(rule, float(offset))
            blocks |= sev == Action.BLOCK.severity
            if rule.votes:
                flagged = sev == Action.FLAG.severity
                seen = group_flags.get(rule.group)
                group_flags[rule.group] = flagged if seen is None else seen | flagged
        flags = np.zeros(n_rows, dtype=np.int64)
        for flagged in group_flags.values():
            flags += flagged
        votes = self.policy.block_when_flags
        if votes is not None:
            blocks |= flags >= votes
        per_record = np.zeros(self.n_records, dtype=np.int64)
        np.add.at(per_record, self.owner, blocks.astype(np.int64))
        return per_record > 0

    def point(self, offsets: Mapping[str, float] | float = 0.0, label: float = 0.0) -> Point:
        """Leak, false refusal and borderline refusal rates at ``offsets``."""
        blocked = self.blocked(offsets)
        attack = self.groups == "attack"
        benign = self.groups == "benign"
        border = self.groups == "borderline"
        leaks = int(np.sum(attack & ~blocked))
        refusals = int(np.sum(benign & blocked))
        border_refusals = int(np.sum(border & blocked))
        return Point(
            label,
            leaks,
            refusals,
            border_refusals,
            _rate(leaks, int(attack.sum())),
            _rate(refusals, int(benign.sum())),
            _rate(border_refusals, int(border.sum())),
        )


def sweep(matrix: ScoreMatrix, offsets: Sequence[float] = OFFSETS) -> list[Point]:
    """The stack's rates as every threshold moves by the same offset."""
    return [matrix.point(float(offset), label=float(offset)) for offset in offsets]


@dataclass(frozen=True, slots=True)
class Tuned:
    """Result of :func:`tune`: the new thresholds and the rates they reach on the tuning data."""

    policy: Policy
    thresholds: dict[str, float]
    before: Point
    after: Point
    feasible: bool
    max_frr: float


def tune(matrix: ScoreMatrix, max_frr: float, *, rounds: int = 4) -> Tuned:
    """Per-rule thresholds with the fewest leaks subject to false refusal rate <= ``max_frr``.

    Coordinate descent: start from the current thresholds (raised uniformly until feasible if
    they are not), then, rule by rule, try candidate thresholds drawn from that rule's stored
    scores and keep the best feasible one; repeat until nothing improves.
    """
    policy = matrix.policy
    current = {rule.name: rule.threshold for rule in policy.rules}
    before = matrix.point(0.0)
    start = 0.0
    if before.false_refusal_rate > max_frr:
        start = next(
            (o for o in OFFSETS if o > 0 and matrix.point(o).false_refusal_rate <= max_frr), 1.0
        )
    chosen = {name: _clamp(t + start) for name, t in current.items()}
    best = _at(matrix, chosen, current)
    feasible = best.false_refusal_rate <= max_frr
    for _ in range(rounds if feasible else 0):
        improved = False
        for rule in policy.rules:
            for candidate in _candidates(matrix, rule):
                trial = {**chosen, rule.name: candidate}
                point = _at(matrix, trial, current)
                if point.false_refusal_rate <= max_frr and (point.leaks, point.false_refusals) < (
                    best.leaks,
                    best.false_refusals,
                ):
                    chosen, best, improved = trial, point, True
        if not improved:
            break
    tuned = with_thresholds(policy, {name: chosen[name] - current[name] for name in current})
    return Tuned(tuned, chosen, before, best, feasible, max_frr)


def with_thresholds(policy: Policy, offsets: Mapping[str, float]) -> Policy:
    """A copy of ``policy`` with each rule's thresholds (label ones too) moved by its offset."""
    rules = []
    for rule in policy.rules:
        delta = offsets.get(rule.name, 0.0)
        labels = {
            name: override.model_copy(update={"threshold": _moved(override.threshold, delta)})
            if override.threshold is not None
            else override
            for name, override in rule.labels.items()
        }
        rules.append(
            rule.model_copy(update={"threshold": _moved(rule.threshold, delta), "labels": labels})
        )
    return policy.model_copy(update={"rules": tuple(rules)})


def _at(
    matrix: ScoreMatrix, thresholds: Mapping[str, float], current: Mapping[str, float]
) -> Point:
    return matrix.point({name: thresholds[name] - current[name] for name in thresholds})


def _candidates(matrix: ScoreMatrix, rule: Rule, limit: int = 24) -> list[float]:
    scores = matrix.score[rule.name]
    values = scores[~np.isnan(scores)]
    picks = {1.0, rule.threshold}
    if len(values):
        picks.update(float(q) for q in np.quantile(values, np.linspace(0.0, 1.0, limit)))
    return sorted({_round(_clamp(p)) for p in picks})


def _moved(threshold: float, offset: float) -> float:
    """``threshold + offset`` clamped to [0, 1] and rounded (exactly ``threshold`` at offset 0)."""
    return threshold if offset == 0 else _round(_clamp(threshold + offset))


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, value))


def _round(value: float) -> float:
    return round(value, 6)


def _rate(k: int, n: int) -> float:
    return k / n if n else 0.0
