from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emmentaler import Action, ConfigError, Finding, Policy, Rule, Screening, Text
from emmentaler.core import Decision

TWO_RULES = """
version = 1
[[rules]]
name = "size"
use = "limits"
threshold = 0.5
action = "block"

[[rules]]
name = "size-flag"
use = "limits"
threshold = 0.2
action = "flag"
"""


def screening(**scores: float) -> Screening:
    return Screening(Text("x"), {name: Finding(value) for name, value in scores.items()})


def test_from_toml_reads_rules_in_order() -> None:
    policy = Policy.from_toml(TWO_RULES)
    assert [r.name for r in policy.rules] == ["size", "size-flag"]
    assert policy.on_error is Action.BLOCK


def test_default_policy_loads_and_builds() -> None:
    policy = Policy.default()
    stack = policy.build_stack()
    assert stack.names == tuple(r.name for r in policy.rules)
    assert policy.on_error is Action.BLOCK


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("rules = [", "not valid TOML"),
        ("version = 2\n[[rules]]\nname='a'\nuse='limits'", "version"),
        ("[[rules]]\nname='a'\nuse='limits'\ntreshold=0.3", "rules[0].treshold"),
        ("[[rules]]\nname='a'\nuse='limits'\nthreshold=1.3", "rules[0].threshold"),
        ("[[rules]]\nname='a'\nuse='limits'\naction='maybe'", "rules[0].action"),
        ("[[rules]]\nname='a'\nuse='nope'", "unknown slice 'nope'"),
        ("[[rules]]\nname='a'\nuse='limits'\nparams={max_chars=-1}", "rules[0].params.max_chars"),
        ("[[rules]]\nname='a'\nuse='limits'\nparams={colour='red'}", "rules[0].params.colour"),
        (
            "[[rules]]\nname='a'\nuse='limits'\n[[rules]]\nname='a'\nuse='limits'",
            "duplicate rule name",
        ),
        (
            "[[rules]]\nname='a'\nuse='limits'\nonly_if={rule='b', between=[0.1, 0.2]}",
            "not an earlier rule",
        ),
        (
            "[[rules]]\nname='a'\nuse='limits'\n[[rules]]\nname='b'\nuse='limits'\n"
            "only_if={rule='a', between=[0.9, 0.2]}",
            "between",
        ),
        ("version = 1", "rules"),
    ],
    ids=[
        "toml",
        "version",
        "typo",
        "range",
        "action",
        "unknown-slice",
        "param-range",
        "unknown-param",
        "duplicate",
        "only-if-order",
        "band",
        "no-rules",
    ],
)
def test_bad_policy_names_the_field(source: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Policy.from_toml(source)


def test_from_path_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text("[[rules]]\nname='a'\nuse='limits'\nthreshold=2\n")
    with pytest.raises(ConfigError, match=r"policy.toml: rules\[0\].threshold"):
        Policy.from_path(path)


def test_missing_file_is_a_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot read policy"):
        Policy.from_path(tmp_path / "missing.toml")


def test_decide_strictest_wins_and_names_reasons() -> None:
    policy = Policy.from_toml(TWO_RULES)
    assert policy.decide(screening(size=0.9, **{"size-flag": 0.9})) == Decision(
        Action.BLOCK, ("size",), ("size-flag",)
    )
    assert policy.decide(screening(size=0.1, **{"size-flag": 0.3})).action is Action.FLAG
    assert policy.decide(screening(size=0.1, **{"size-flag": 0.1})).action is Action.ALLOW


def test_flags_vote_to_block() -> None:
    policy = Policy.from_toml(
        "block_when_flags = 2\n"
        "[[rules]]\nname='a'\nuse='limits'\naction='flag'\n"
        "[[rules]]\nname='b'\nuse='limits'\naction='flag'\n"
    )
    assert policy.decide(screening(a=0.9, b=0.1)).action is Action.FLAG
    voted = policy.decide(screening(a=0.9, b=0.9))
    assert voted.action is Action.BLOCK and voted.reasons == ("a", "b")


def test_rules_that_do_not_vote_flag_but_never_tip_a_block() -> None:
    policy = Policy.from_toml(
        "block_when_flags = 2\n"
        "[[rules]]\nname='a'\nuse='limits'\naction='flag'\n"
        "[[rules]]\nname='pii'\nuse='limits'\naction='flag'\nvotes=false\n"
    )
    decision = policy.decide(screening(a=0.9, pii=0.9))
    assert decision.action is Action.FLAG
    assert decision.flags == ("a", "pii")


def test_rules_in_one_vote_group_cast_one_vote() -> None:
    policy = Policy.from_toml(
        "block_when_flags = 2\n"
        "[[rules]]\nname='a'\nuse='limits'\naction='flag'\nvote_group='model'\n"
        "[[rules]]\nname='b'\nuse='limits'\naction='flag'\nvote_group='model'\n"
        "[[rules]]\nname='c'\nuse='limits'\naction='flag'\n"
    )
    assert policy.decide(screening(a=0.9, b=0.9, c=0.1)).action is Action.FLAG
    voted = policy.decide(screening(a=0.9, b=0.9, c=0.9))
    assert voted.action is Action.BLOCK
    assert voted.reasons == ("a", "b", "c")


def test_failed_slice_follows_on_error() -> None:
    for on_error, expected in [
        ("block", Action.BLOCK),
        ("allow", Action.ALLOW),
        ("flag", Action.FLAG),
    ]:
        policy = Policy.from_toml(f"on_error='{on_error}'\n[[rules]]\nname='a'\nuse='limits'\n")
        failed = Screening(Text("x"), {}, errors={"a": "RuntimeError: boom"})
        assert policy.decide(failed).action is expected


def test_label_overrides_judge_each_label() -> None:
    rule = Rule.model_validate(
        {
            "name": "intent",
            "use": "limits",
            "threshold": 0.5,
            "labels": {"specialized_advice": {"action": "flag", "threshold": 0.7}},
        }
    )
    advice = Finding(0.8, labels={"specialized_advice": 0.8, "hate": 0.1})
    assert rule.judge(advice) is Action.FLAG
    assert rule.judge(Finding(0.6, labels={"specialized_advice": 0.6})) is Action.ALLOW
    assert rule.judge(Finding(0.9, labels={"specialized_advice": 0.8, "hate": 0.9})) is Action.BLOCK


def test_without_drops_rules_and_their_dependents() -> None:
    policy = Policy.from_toml(
        "[[rules]]\nname='a'\nuse='limits'\n[[rules]]\nname='b'\nuse='limits'\n"
        "only_if={rule='a', between=[0.0, 0.5]}\n[[rules]]\nname='c'\nuse='limits'\n"
    )
    assert [r.name for r in policy.without(["a"]).rules] == ["c"]


scores = st.floats(min_value=0.0, max_value=1.0)


@given(
    st.lists(st.tuples(scores, st.sampled_from(list(Action))), min_size=1, max_size=5),
    st.lists(scores, min_size=5, max_size=5),
    st.integers(0, 4),
    st.floats(min_value=0.0, max_value=1.0),
    st.one_of(st.none(), st.integers(1, 4)),
)
def test_decide_is_monotone_in_every_score(
    rules: list[tuple[float, Action]],
    values: list[float],
    which: int,
    bump: float,
    votes: int | None,
) -> None:
    policy = Policy.model_validate(
        {
            "block_when_flags": votes,
            "rules": [
                {"name": f"r{i}", "use": "limits", "threshold": t, "action": a.value}
                for i, (t, a) in enumerate(rules)
            ],
        }
    )
    names = [f"r{i}" for i in range(len(rules))]
    before = {n: values[i] for i, n in enumerate(names)}
    after = dict(before)
    target = names[which % len(names)]
    after[target] = min(1.0, before[target] + bump)
    assert (
        policy.decide(screening(**after)).action.severity
        >= policy.decide(screening(**before)).action.severity
    )
