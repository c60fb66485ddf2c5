from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from emmentaler.core import Stage
from emmentaler.eval import analysis
from emmentaler.eval.dataset import load_examples
from emmentaler.eval.run import evaluate, from_compact, to_compact
from emmentaler.policy import Policy

from .fakes import THREE_RULES

FIXTURES = Path(__file__).resolve().parents[1] / "data"
ALL = [FIXTURES / f"eval_{n}.jsonl" for n in ("prompts", "responses", "conversations")]

LIMITS = """
[[rules]]
name = "short"
use = "limits"
params = { max_chars = 60 }
"""


@pytest.mark.usefixtures("fake_slices")
def test_every_rule_is_scored_on_every_text_with_conversations_turn_by_turn() -> None:
    examples = load_examples(ALL).examples
    results = evaluate(Policy.from_toml(THREE_RULES), examples, workers=1)
    assert [len(r.screenings) for r in results.records] == [1] * 11 + [2, 2, 2]
    for record in results.records:
        for screening in record.screenings:
            assert set(screening.findings) == {"bombs", "harm", "override"}
    convo = results.records[12]  # tc-2: pipe bomb only in the second user turn
    assert [s.findings["bombs"].score for s in convo.screenings] == [0.0, 1.0]
    assert analysis.outcome(convo, results.policy).blocked
    assert {s.text.stage for s in convo.screenings} == {Stage.CONVERSATION}


@pytest.mark.usefixtures("fake_slices")
def test_a_response_stage_rule_sees_responses_only() -> None:
    toml = """
[[rules]]
name = "replies"
use = "keyword"
params = { words = ["sure, here is"], stages = ["response"] }
"""
    results = evaluate(Policy.from_toml(toml), load_examples(ALL).examples, workers=1)
    screened = {r.example.id: bool(r.screenings[0].findings) for r in results.records}
    assert screened["tr-2"] and not screened["tp-4"] and not screened["tc-2"]
    outs = {o.example.id: o for o in analysis.outcomes(results)}
    assert outs["tr-2"].blocked
    assert not outs["tp-4"].rule_screened["replies"] and not outs["tp-4"].rule_blocked["replies"]


@pytest.mark.usefixtures("fake_slices")
def test_a_failing_slice_is_recorded_and_decided_by_on_error() -> None:
    toml = '[[rules]]\nname = "fragile"\nuse = "broken"\n'
    examples = load_examples(ALL).examples
    crash = replace(examples[0], id="crash", text="please crash now")
    results = evaluate(Policy.from_toml(toml), [examples[0], crash], workers=1)
    assert results.records[1].screenings[0].errors["fragile"].startswith("RuntimeError")
    assert [analysis.outcome(r, results.policy).blocked for r in results.records] == [False, True]


def test_worker_processes_give_the_same_scores_as_one_process() -> None:
    examples = load_examples(ALL).examples
    policy = Policy.from_toml(LIMITS)
    progress: list[tuple[int, int]] = []
    single = evaluate(policy, examples, workers=1, chunk_texts=4)
    multi = evaluate(
        policy, examples, workers=2, chunk_texts=4, progress=lambda d, t: progress.append((d, t))
    )
    strip = [
        [{k: v for k, v in to_compact(s).items() if k != "seconds"} for s in r.screenings]
        for r in single.records
    ]
    again = [
        [{k: v for k, v in to_compact(s).items() if k != "seconds"} for s in r.screenings]
        for r in multi.records
    ]
    assert strip == again
    assert progress[-1] == (17, 17) and len(progress) == 5
    blocked = [analysis.outcome(r, policy).blocked for r in multi.records]
    assert any(blocked) and not all(blocked)


def test_compact_screenings_round_trip() -> None:
    results = evaluate(Policy.from_toml(LIMITS), load_examples(ALL).examples, workers=1)
    for record in results.records:
        for screening in record.screenings:
            back = from_compact(to_compact(screening))
            assert back.findings == screening.findings and back.text.stage is screening.text.stage
            assert back.skipped == screening.skipped and back.errors == screening.errors
