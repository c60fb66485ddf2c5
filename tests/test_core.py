from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emmentaler import Action, Finding, Span, Stage, Text, View


@pytest.mark.parametrize(
    ("low", "high"),
    [(Action.ALLOW, Action.FLAG), (Action.FLAG, Action.BLOCK), (Action.ALLOW, Action.BLOCK)],
)
def test_actions_are_ordered_mildest_first(low: Action, high: Action) -> None:
    assert low.severity < high.severity
    assert Action.strictest([low, high]) is high


def test_strictest_of_nothing_is_allow() -> None:
    assert Action.strictest([]) is Action.ALLOW


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_finding_accepts_exactly_scores_in_unit_interval(value: float) -> None:
    if not math.isnan(value) and 0.0 <= value <= 1.0:
        assert Finding(value).score == value
    else:
        with pytest.raises(ValueError, match="score"):
            Finding(value)


def test_finding_rejects_label_scores_outside_unit_interval() -> None:
    with pytest.raises(ValueError, match="label"):
        Finding(0.5, labels={"hate": 1.5})


def test_span_must_be_ordered() -> None:
    with pytest.raises(ValueError, match="span"):
        Span(5, 2)


def test_text_repr_never_shows_content() -> None:
    secret = "sk-very-secret-value"
    assert secret not in repr(Text(secret))
    assert secret not in repr(View("original", secret))


def test_text_without_views_has_the_original_view() -> None:
    (view,) = Text("hi").all_views()
    assert view.name == "original" and view.content == "hi"


def test_stage_values_are_the_policy_words() -> None:
    assert [s.value for s in Stage] == ["prompt", "response", "conversation"]
