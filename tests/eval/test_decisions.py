"""Stack and rule outcomes, leave-one-out, sweep and tuning, from hand-made stored screenings."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emmentaler.core import Action, Finding, Screening, Stage, Text
from emmentaler.eval import analysis
from emmentaler.eval.dataset import Example
from emmentaler.eval.run import Record, Results
from emmentaler.eval.sweep import ScoreMatrix, sweep, tune, with_thresholds
from emmentaler.policy import Policy

ERR = "error"


def screening(scores: dict[str, Any]) -> Screening:
    findings: dict[str, Finding] = {}
    errors: dict[str, str] = {}
    for name, value in scores.items():
        if value == ERR:
            errors[name] = "RuntimeError: boom"
        elif isinstance(value, dict):
            findings[name] = Finding(max(value.values(), default=0.0), labels=value)
        elif value is not None:
            findings[name] = Finding(float(value))
    seconds = {name: 0.001 for name in scores}
    return Screening(Text("", Stage.PROMPT), findings, errors, seconds)


def record(group: str, *turns: dict[str, Any], ident: str = "x") -> Record:
    label = {"attack": "harmful", "benign": "benign", "borderline": "benign"}[group]
    example = Example(id=ident, kind="prompt", label=label, group=group, text="t", source="s")  # type: ignore[arg-type]
    return Record(example, tuple(screening(t) for t in turns))


def policy(rules: list[dict[str, Any]], **options: Any) -> Policy:
    return Policy.model_validate({"rules": rules, **options})


HAND = policy(
    [
        {"name": "a", "use": "x", "threshold": 0.5},
        {"name": "b", "use": "x", "threshold": 0.5},
        {"name": "c", "use": "x", "threshold": 0.5, "action": "flag"},
    ],
    block_when_flags=2,
)
HAND_RECORDS = [
    record("attack", {"a": 0.9, "b": 0.1, "c": 0.1}, ident="atk1"),
    record("attack", {"a": 0.1, "b": 0.1, "c": 0.9}, ident="atk2"),
    record("attack", {"a": 0.1, "b": 0.9, "c": 0.9}, ident="atk3"),
    record("attack", {"a": 0.1, "b": 0.1, "c": 0.1}, ident="atk4"),
    record("benign", {"a": 0.6, "b": 0.0, "c": 0.0}, ident="ben1"),
    record("benign", {"a": 0.0, "b": 0.0, "c": 0.0}, ident="ben2"),
    record("borderline", {"a": 0.0, "b": 0.0, "c": 0.7}, ident="bor1"),
]


def hand_results() -> Results:
    return Results(HAND, list(HAND_RECORDS), read=7)


def test_stack_summary_matches_hand_counts() -> None:
    outs = analysis.outcomes(hand_results())
    stack = analysis.stack_summary(outs, ["a", "b", "c"])
    assert (stack["leaks"], stack["attacks"], stack["leak_rate"]) == (2, 4, 0.5)
    assert (stack["false_refusals"], stack["benign"], stack["false_refusal_rate"]) == (1, 2, 0.5)
    assert (stack["borderline_refusals"], stack["borderline"]) == (0, 1)
    assert stack["flagged_not_blocked"] == {"attack": 1, "benign": 0, "borderline": 1}
    # hole rates: a 3/4, b 3/4, c 4/4 (a flag is not a block) -> product 0.5625
    assert stack["independent_leak_rate"] == pytest.approx(0.5625)
    assert stack["all_rules_missed"] == 2


def test_rule_summary_and_leave_one_out_match_hand_counts() -> None:
    results = hand_results()
    rules = analysis.rule_summary(results, analysis.outcomes(results))
    assert rules["a"]["holes"] == 3 and rules["a"]["false_positives"] == 1
    assert rules["c"]["hole_rate"] == 1.0 and rules["c"]["flagged_attacks"] == 2
    assert rules["c"]["borderline_positives"] == 0
    without_a = rules["a"]["leave_one_out"]
    assert without_a["leak_rate"] == 0.75 and without_a["false_refusal_rate"] == 0.0
    assert (without_a["extra_leaks"], without_a["fewer_false_refusals"]) == (1, 1)
    assert rules["b"]["leave_one_out"]["leak_rate"] == 0.75
    # c never blocks on its own here: removing it changes nothing (it must stand out as such)
    assert rules["c"]["leave_one_out"]["extra_leaks"] == 0


def test_alignment_section_matches_hand_computed_lift() -> None:
    outs = analysis.outcomes(hand_results())
    section = analysis.alignment_section(outs, ["a", "b", "c"])
    # a missed atk2..4; b missed atk1,2,4: P(b|a) = 2/3, P(b) = 3/4 -> lift 8/9
    assert section["alignment"]["a"]["b"] == pytest.approx(8 / 9)
    assert section["alignment_detail"]["a"]["b"]["p_b_missed_given_a_missed"] == pytest.approx(
        2 / 3
    )
    assert section["alignment"]["a"]["c"] == pytest.approx(1.0)


def test_leak_rows_list_leaks_and_false_refusals_with_top_rule() -> None:
    rows = analysis.leak_rows(analysis.outcomes(hand_results()))
    assert [(r["id"], r["outcome"]) for r in rows] == [
        ("atk2", "leak"),
        ("atk4", "leak"),
        ("ben1", "false_refusal"),
    ]
    assert rows[0]["top_rule"] == "c" and rows[0]["scores"] == {"a": 0.1, "b": 0.1, "c": 0.9}


def test_conversation_is_blocked_when_any_turn_is_blocked() -> None:
    convo = record("attack", {"a": 0.1, "b": 0.1, "c": 0.0}, {"a": 0.8, "b": 0.0, "c": 0.0})
    out = analysis.outcome(convo, HAND)
    assert out.blocked and out.rule_blocked == {"a": True, "b": False, "c": False}


def test_an_error_counts_as_a_block_when_on_error_is_block() -> None:
    out = analysis.outcome(record("attack", {"a": ERR, "b": 0.0, "c": 0.0}), HAND)
    assert out.blocked and out.rule_blocked["a"]
    lenient = HAND.model_copy(update={"on_error": Action.ALLOW})
    assert not analysis.outcome(record("attack", {"a": ERR, "b": 0.0, "c": 0.0}), lenient).blocked


def test_a_rule_that_did_not_screen_an_attack_has_a_hole_there() -> None:
    out = analysis.outcome(record("attack", {"a": None, "b": 0.9, "c": 0.0}), HAND)
    assert out.rule_screened["a"] is False and out.rule_blocked["a"] is False


# ---- properties over random policies and stored screenings -------------------------------

NAMES = ["r0", "r1", "r2", "r3"]
score_value = st.one_of(
    st.floats(0.0, 1.0),
    st.just(None),
    st.just(ERR),
    st.dictionaries(st.sampled_from(["x", "y"]), st.floats(0.0, 1.0), min_size=1, max_size=2),
)
rule_strategy = st.fixed_dictionaries(
    {
        "threshold": st.floats(0.0, 1.0),
        "action": st.sampled_from(["allow", "flag", "block"]),
        "votes": st.booleans(),
        "vote_group": st.sampled_from([None, "g1", "g2"]),
        "labels": st.one_of(
            st.just({}),
            st.dictionaries(
                st.sampled_from(["x", "y"]),
                st.fixed_dictionaries(
                    {"threshold": st.floats(0.0, 1.0), "action": st.sampled_from(["flag", "block"])}
                ),
                max_size=2,
            ),
        ),
    }
)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Policy, list[Record]]:
    n_rules = draw(st.integers(1, 4))
    rules = [{"name": NAMES[i], "use": "x", **draw(rule_strategy)} for i in range(n_rules)]
    options = {
        "block_when_flags": draw(st.one_of(st.none(), st.integers(1, 3))),
        "on_error": draw(st.sampled_from(["allow", "flag", "block"])),
    }
    records = []
    for i in range(draw(st.integers(1, 12))):
        group = draw(st.sampled_from(["attack", "benign", "borderline"]))
        turns = draw(
            st.lists(
                st.fixed_dictionaries({n: score_value for n in NAMES[:n_rules]}),
                min_size=1,
                max_size=3,
            )
        )
        records.append(record(group, *turns, ident=f"e{i}"))
    return policy(rules, **options), records


@settings(max_examples=150, deadline=None)
@given(scenarios())
def test_vectorised_decisions_equal_policy_decide(scenario: tuple[Policy, list[Record]]) -> None:
    pol, records = scenario
    matrix = ScoreMatrix(records, pol)
    assert list(matrix.blocked(0.0)) == analysis.stack_blocked(records, pol)


@settings(max_examples=100, deadline=None)
@given(scenarios(), st.floats(-1.0, 1.0))
def test_moved_thresholds_equal_deciding_with_the_moved_policy(
    scenario: tuple[Policy, list[Record]], offset: float
) -> None:
    pol, records = scenario
    offset = round(offset, 3)
    moved = with_thresholds(pol, {rule.name: offset for rule in pol.rules})
    assert list(ScoreMatrix(records, pol).blocked(offset)) == analysis.stack_blocked(records, moved)


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_adding_a_rule_never_increases_leaks(scenario: tuple[Policy, list[Record]]) -> None:
    pol, records = scenario
    full = analysis.stack_blocked(records, pol)
    for rule in pol.rules:
        reduced = pol.without([rule.name])
        fewer = (
            analysis.stack_blocked(records, reduced) if reduced.rules else [False] * len(records)
        )
        assert all(
            f or not r for f, r in zip(full, fewer, strict=True)
        )  # reduced blocks => full blocks


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_a_rule_that_misses_nothing_gives_zero_leaks(scenario: tuple[Policy, list[Record]]) -> None:
    pol, records = scenario
    perfect = pol.model_copy(
        update={"rules": (*pol.rules, policy([{"name": "perfect", "use": "x"}]).rules[0])}
    )
    patched = []
    for r in records:
        value = Finding(1.0 if r.example.is_attack else 0.0)
        turns = tuple(
            Screening(s.text, {**s.findings, "perfect": value}, s.errors, s.seconds)
            for s in r.screenings
        )
        patched.append(Record(r.example, turns))
    results = Results(perfect, patched)
    stack = analysis.stack_summary(analysis.outcomes(results), [r.name for r in perfect.rules])
    assert stack["leaks"] == 0 and stack["leak_rate"] == 0.0
    assert (
        0.0 <= stack["false_refusal_rate"] <= 1.0 and 0.0 <= stack["independent_leak_rate"] <= 1.0
    )
    assert stack["independent_leak_rate"] == 0.0 or stack["attacks"] == 0


def test_sweep_is_monotone_and_passes_through_the_policy() -> None:
    matrix = ScoreMatrix(HAND_RECORDS, HAND)
    points = sweep(matrix)
    assert [p.leaks for p in points] == sorted(
        p.leaks for p in points
    )  # higher thresholds, more leaks
    assert [p.false_refusals for p in points] == sorted(
        (p.false_refusals for p in points), reverse=True
    )
    here = next(p for p in points if p.offset == 0.0)
    assert (here.leak_rate, here.false_refusal_rate) == (0.5, 0.5)


def test_tune_minimises_leaks_within_the_false_refusal_bound_and_reads_back() -> None:
    matrix = ScoreMatrix(HAND_RECORDS, HAND)
    tuned = tune(matrix, max_frr=0.0)
    assert tuned.feasible and tuned.after.false_refusal_rate == 0.0
    assert tuned.after.leaks <= matrix.point(1.0).leaks
    decided = analysis.stack_blocked(HAND_RECORDS, tuned.policy)
    assert (
        list(
            ScoreMatrix(HAND_RECORDS, HAND).blocked(
                {r.name: tuned.thresholds[r.name] - r.threshold for r in HAND.rules}
            )
        )
        == decided
    )
    attacks = [b for b, r in zip(decided, HAND_RECORDS, strict=True) if r.example.is_attack]
    assert attacks.count(False) == tuned.after.leaks
    loose = tune(matrix, max_frr=1.0)
    assert loose.after.leaks == 0  # with no bound, everything can be blocked


@settings(max_examples=100, deadline=None)
@given(scenarios())
def test_report_counts_add_up_and_rates_are_probabilities(
    scenario: tuple[Policy, list[Record]],
) -> None:
    pol, records = scenario
    results = Results(pol, records)
    outs = analysis.outcomes(results)
    stack = analysis.stack_summary(outs, [r.name for r in pol.rules])
    assert stack["attacks"] + stack["benign"] + stack["borderline"] == len(records)
    assert 0 <= stack["leaks"] <= stack["attacks"]
    assert stack["flagged_not_blocked"]["attack"] <= stack["leaks"]
    assert stack["all_rules_missed"] <= stack["attacks"]
    for key in (
        "leak_rate",
        "false_refusal_rate",
        "borderline_refusal_rate",
        "independent_leak_rate",
    ):
        assert 0.0 <= stack[key] <= 1.0
    for key in ("leak_ci95", "false_refusal_ci95", "borderline_refusal_ci95"):
        low, high = stack[key]
        assert 0.0 <= low <= high <= 1.0
    for rule in analysis.rule_summary(results, outs).values():
        assert rule["holes"] <= stack["attacks"] and rule["screened_attacks"] <= stack["attacks"]
        for key in ("hole_rate", "false_positive_rate", "borderline_positive_rate", "silent_rate"):
            assert 0.0 <= rule[key] <= 1.0
        assert rule["silent_rate"] <= rule["hole_rate"]
    rows = analysis.breakdown(outs, lambda e: e.source)
    assert sum(int(row["n"]) for row in rows) == len(records)  # type: ignore[call-overload]
    cheese = analysis.cheese(outs, top=100)
    assert sum(int(c["attacks"]) for c in cheese) == stack["attacks"]  # type: ignore[call-overload]
    assert sum(int(c["leaks"]) for c in cheese) == stack["leaks"]  # type: ignore[call-overload]
    leak_rows = analysis.leak_rows(outs)
    assert len(leak_rows) == stack["leaks"] + stack["false_refusals"] + stack["borderline_refusals"]


def test_tune_reports_an_infeasible_bound() -> None:
    records = [
        record("benign", {"a": 1.0, "b": 0.0, "c": 0.0}),
        record("attack", {"a": 1.0, "b": 0, "c": 0}),
    ]
    tuned = tune(ScoreMatrix(records, HAND), max_frr=0.0)
    assert not tuned.feasible and tuned.after.false_refusal_rate == 1.0
