"""Cost of the escalation slice on top of the turn-level scores, and of the principal tracker.

The scorer is a free fake (constant labels), so the figures are the slice's own overhead:
hashing, the LRU cache, reference, continuity and cue patterns, drift. ``summary`` also
counts the texts the slice asks the scorer for beyond the user turns themselves (the
contexts: each is a new embedding with the real ``intent`` scorer), at most one per turn. Run with
``.venv/bin/pytest benchmarks/bench_escalation.py --benchmark-only -p no:cacheprovider``
or ``.venv/bin/python benchmarks/bench_escalation.py`` for a plain summary.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from emmentaler.core import Action, Decision, Finding, Role, Stage, Text, Turn
from emmentaler.principals import MemoryTracker, PrincipalSettings
from emmentaler.slices.escalation import EscalationSlice

USER = [
    "I'm planning a trip and want to understand train schedules in Europe better.",
    "Could you compare the night trains between Vienna and Venice with the day options?",
    "Now do the same for Munich to Rome, with real prices if you know them.",
    "Explain step 2 of your answer in more detail, please.",
]
ASSISTANT = "1. Check the operator.\n2. Book early for the cheaper fares.\n3. Bring snacks.\n" * 4


class FreeScorer:
    """A scorer that costs (almost) nothing, so only the slice's overhead is measured."""

    stages = frozenset({Stage.PROMPT})

    def __init__(self) -> None:
        self.texts = 0

    def score(self, text: Text) -> Finding:
        self.texts += 1
        return Finding(0.3, labels={"travel": 0.3})  # above context_gate: contexts are built

    def score_many(self, texts: Sequence[Text]) -> list[Finding]:
        return [self.score(t) for t in texts]


def conversation(user_turns: int) -> list[Text]:
    """The prefixes a proxy screens, one per user turn."""
    turns: list[Turn] = []
    out = []
    for index in range(user_turns):
        turns.append(Turn(Role.USER, f"{USER[index % len(USER)]} (turn {index})"))
        out.append(Text(turns[-1].content, Stage.CONVERSATION, turns=tuple(turns)))
        turns.append(Turn(Role.ASSISTANT, ASSISTANT))
    return out


def replay(layer: EscalationSlice, texts: Sequence[Text]) -> None:
    for text in texts:
        layer.score(text)


def test_escalation_overhead_per_turn(benchmark: Any) -> None:
    texts = conversation(40)
    benchmark(lambda: replay(EscalationSlice(scorer=FreeScorer()), texts))


def test_escalation_long_history(benchmark: Any) -> None:
    text = conversation(5_000)[-1]
    layer = EscalationSlice(scorer=FreeScorer())
    layer.score(text)
    benchmark(layer.score, text)


def test_memory_tracker_observe(benchmark: Any) -> None:
    tracker = MemoryTracker(PrincipalSettings())
    flag = Decision(Action.FLAG, ("x",))
    benchmark(tracker.observe, "principal", flag)


def summary() -> None:
    """Per-request overhead while a 40-turn conversation is replayed (fresh slice each time)."""
    texts = conversation(40)
    per_turn = []
    for _ in range(20):
        layer = EscalationSlice(scorer=FreeScorer())
        start = time.perf_counter()
        replay(layer, texts)
        per_turn.append((time.perf_counter() - start) / len(texts) * 1000)
    long_text = conversation(5_000)[-1]
    layer = EscalationSlice(scorer=FreeScorer())
    layer.score(long_text)
    start = time.perf_counter()
    for _ in range(100):
        layer.score(long_text)
    long_ms = (time.perf_counter() - start) * 10
    median, worst = statistics.median(per_turn), max(per_turn)
    print(
        f"escalation overhead per turn (40-turn replay): median {median:.3f} ms, max {worst:.3f} ms"
    )
    scorer = FreeScorer()
    replay(EscalationSlice(scorer=scorer), texts)
    extra = (scorer.texts - len(texts)) / len(texts)
    print(f"texts scored beyond the user turns (new embeddings with intent): {extra:.2f} per turn")
    print(f"escalation on a 10,000-turn history (cached): {long_ms:.3f} ms per request")


DATA = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data").resolve()
REAL = {
    "oasst_conversations (dev)": "oasst_conversations/conversations.jsonl",
    "mt_bench_101 (train)": "mt_bench_101/conversations.jsonl",
}


def real_cost(limit: int = 150) -> None:
    """With the real ``intent`` scorer: escalation's time per user turn once the turn-level
    scores exist (each prefix's user turns are scored first, as the prompt rules do), over
    real conversations. What remains is the slice's own work plus the context embeddings."""
    if not DATA.exists():
        print("../shared/data is not available: real-conversation cost skipped")
        return
    for name, path in REAL.items():
        layer = EscalationSlice()
        with (DATA / path).open(encoding="utf-8") as handle:
            rows = [json.loads(line) for line in handle][:limit]
        turns_seen = contexts = 0
        seconds = 0.0
        for row in rows:
            history: list[Turn] = []
            for turn in row["turns"]:
                history.append(Turn(Role(turn["role"]), turn["content"]))
                if turn["role"] != "user":
                    continue
                users = [t.content for t in history if t.role is Role.USER]
                layer._score_all(
                    [u[: layer.params.max_turn_chars] for u in users[-layer.params.window :]]
                )
                before = len(layer.cache)
                start = time.perf_counter()
                layer.score(Text(turn["content"], Stage.CONVERSATION, turns=tuple(history)))
                seconds += time.perf_counter() - start
                contexts += len(layer.cache) - before
                turns_seen += 1
        print(
            f"{name}: {seconds / turns_seen * 1000:.2f} ms per user turn on top of the turn "
            f"scores ({contexts / turns_seen:.3f} new contexts embedded per turn), "
            f"{turns_seen} turns"
        )


if __name__ == "__main__":
    summary()
    real_cost()
