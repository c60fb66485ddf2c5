"""Run the stack over examples and keep every rule's score on every example.

Texts are screened in chunks with :meth:`Stack.screen_many` (``full`` mode, so every rule's
score is known) in worker processes; each worker builds the stack once. Results keep a
compact copy of every screening (scores, labels, views, errors, timings, skipped rules), so
that leave-one-out, sweeps and re-analysis re-decide without re-running any slice.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from ..core import Action, Decision, Finding, Screening, Stage, Text
from ..errors import EmmentalerError
from ..policy import Policy
from ..stack import Stack
from .dataset import Example, Problem

CHUNK_TEXTS = 200
"""Texts per work item: large enough for ``score_many`` batches, small enough for progress."""

Progress = Callable[[int, int], None]
"""Called with (texts done, texts total)."""


@dataclass(frozen=True, slots=True)
class Record:
    """One example with what the stack saw: one screening, or one per user turn."""

    example: Example
    screenings: tuple[Screening, ...]

    def decisions(self, policy: Policy) -> list[Decision]:
        """The policy's decision on every screening."""
        return [policy.decide(screening) for screening in self.screenings]

    def decide(self, policy: Policy) -> Action:
        """The strictest action over the screenings: a conversation is blocked if any turn is."""
        return Action.strictest(decision.action for decision in self.decisions(policy))


@dataclass(slots=True)
class Results:
    """Every example's screenings, the policy that was run, and the input bookkeeping."""

    policy: Policy
    records: list[Record]
    read: int = 0
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    workers: int = 1
    files: list[str] = field(default_factory=list)
    policy_source: str = "default"

    @property
    def rules(self) -> tuple[str, ...]:
        """Rule names in policy order."""
        return tuple(rule.name for rule in self.policy.rules)


def evaluate(
    policy: Policy,
    examples: Sequence[Example],
    *,
    workers: int = 2,
    progress: Progress | None = None,
    chunk_texts: int = CHUNK_TEXTS,
) -> Results:
    """Screen every example with the policy's stack and collect the results.

    Args:
        policy: the rules to run; its stack is built in each worker.
        examples: what to screen (any mix of kinds).
        workers: processes to use; 1 screens in this process.
        progress: optional callback ``(done, total)`` counted in texts.
        chunk_texts: texts per work item.

    Examples:
        >>> examples = load_examples("d.jsonl").examples  # doctest: +SKIP
        >>> results = evaluate(Policy.default(), examples)  # doctest: +SKIP
    """
    started = time.perf_counter()
    texts: list[Text] = []
    owners: list[int] = []
    for index, example in enumerate(examples):
        for text in example.texts():
            texts.append(text)
            owners.append(index)
    chunks = [texts[start : start + chunk_texts] for start in range(0, len(texts), chunk_texts)]
    compact: list[list[dict[str, Any]]] = [[] for _ in chunks]
    if workers <= 1 or len(chunks) <= 1:
        stack = policy.build_stack()
        done = 0
        for number, chunk in enumerate(chunks):
            compact[number] = [to_compact(s) for s in stack.screen_many(chunk, mode="full")]
            done += len(chunk)
            if progress is not None:
                progress(done, len(texts))
    else:
        for number, rows in _run_pool(policy, chunks, workers, progress, len(texts)):
            compact[number] = rows
    per_example: list[list[Screening]] = [[] for _ in examples]
    flat = (row for rows in compact for row in rows)
    for owner, text, row in zip(owners, texts, flat, strict=True):
        per_example[owner].append(from_compact(row, text.stage))
    records = [Record(example, tuple(s)) for example, s in zip(examples, per_example, strict=True)]
    return Results(policy, records, seconds=time.perf_counter() - started, workers=max(1, workers))


def _run_pool(
    policy: Policy,
    chunks: Sequence[Sequence[Text]],
    workers: int,
    progress: Progress | None,
    total: int,
) -> Iterator[tuple[int, list[dict[str, Any]]]]:
    """Yield ``(chunk number, compact screenings)`` as worker processes finish chunks."""
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=min(workers, len(chunks)),
        mp_context=context,
        initializer=_init_worker,
        initargs=(policy,),
    )
    try:
        pending: dict[Future[list[dict[str, Any]]], int] = {
            pool.submit(_screen_chunk, list(chunk)): number for number, chunk in enumerate(chunks)
        }
        done_texts = 0
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                number = pending.pop(future)
                done_texts += len(chunks[number])
                try:
                    rows = future.result()
                except BrokenProcessPool as exc:
                    raise EmmentalerError(f"a worker process died while screening: {exc}") from exc
                yield number, rows
                if progress is not None:
                    progress(done_texts, total)
    finally:
        # On Ctrl-C or a failure, drop queued chunks rather than finish them.
        pool.shutdown(wait=True, cancel_futures=True)


_WORKER_STACK: Stack | None = None


def _init_worker(policy: Policy) -> None:
    """Build the stack once per worker; the parent alone handles Ctrl-C."""
    global _WORKER_STACK
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    _WORKER_STACK = policy.build_stack()


def _screen_chunk(texts: list[Text]) -> list[dict[str, Any]]:
    if _WORKER_STACK is None:  # pragma: no cover - the initializer always runs first
        raise RuntimeError("worker stack not initialised")
    return [to_compact(s) for s in _WORKER_STACK.screen_many(texts, mode="full")]


def to_compact(screening: Screening) -> dict[str, Any]:
    """A JSON-ready copy of a screening without the text: what re-deciding needs.

    Keeps each finding's score, labels, view and note; errors; per-rule seconds; skipped rules.
    """
    findings: dict[str, dict[str, Any]] = {}
    for name, finding in screening.findings.items():
        entry: dict[str, Any] = {"score": finding.score}
        if finding.labels:
            entry["labels"] = dict(finding.labels)
        if finding.view != "original":
            entry["view"] = finding.view
        if finding.note:
            entry["note"] = finding.note[:200]
        findings[name] = entry
    out: dict[str, Any] = {
        "stage": screening.text.stage.value,
        "findings": findings,
        "seconds": dict(screening.seconds),
    }
    if screening.errors:
        out["errors"] = dict(screening.errors)
    if screening.skipped:
        out["skipped"] = list(screening.skipped)
    return out


def from_compact(row: Mapping[str, Any], stage: Stage | None = None) -> Screening:
    """Rebuild a screening from :func:`to_compact` output (the text itself is not kept)."""
    stage = stage or Stage(row.get("stage", "prompt"))
    findings = {
        name: Finding(
            float(entry["score"]),
            note=str(entry.get("note", "")),
            view=str(entry.get("view", "original")),
            labels={str(k): float(v) for k, v in entry.get("labels", {}).items()},
        )
        for name, entry in row.get("findings", {}).items()
    }
    return Screening(
        Text("", stage),
        findings,
        {str(k): str(v) for k, v in row.get("errors", {}).items()},
        {str(k): float(v) for k, v in row.get("seconds", {}).items()},
        tuple(str(name) for name in row.get("skipped", ())),
    )
