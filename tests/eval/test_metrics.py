from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from emmentaler.eval import metrics

# Four attacks; rule a misses #0 #1, rule b misses #0, rule c misses #2 #3.
MISSED = {
    "a": [True, True, False, False],
    "b": [True, False, False, False],
    "c": [False, False, True, True],
}


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        (0, 10, 0.0, 0.2775),  # hand-computed: z^2/(n+z^2) = 3.8415/13.8415
        (5, 10, 0.2366, 0.7634),
        (10, 10, 0.7225, 1.0),
        (1, 100, 0.0018, 0.0545),
        (0, 0, 0.0, 1.0),  # nothing known
    ],
)
def test_wilson_interval_matches_hand_computed_values(
    k: int, n: int, low: float, high: float
) -> None:
    got = metrics.wilson(k, n)
    assert got[0] == pytest.approx(low, abs=1e-4)
    assert got[1] == pytest.approx(high, abs=1e-4)


def test_hole_rates_and_independent_leak_rate_by_hand() -> None:
    rates = metrics.hole_rates(MISSED)
    assert rates == {"a": 0.5, "b": 0.25, "c": 0.5}
    assert metrics.independent_leak_rate(rates.values()) == pytest.approx(0.0625)
    assert metrics.independent_leak_rate([]) == 1.0


def test_alignment_conditional_and_lift_by_hand() -> None:
    pairs = metrics.alignment(MISSED)
    # P(b misses | a missed) = 1/2; P(b misses) = 1/4 -> lift 2
    assert pairs["a"]["b"].conditional == pytest.approx(0.5)
    assert pairs["a"]["b"].lift == pytest.approx(2.0)
    # P(a misses | b missed) = 1/1; P(a) = 1/2 -> lift 2
    assert pairs["b"]["a"].conditional == pytest.approx(1.0)
    assert pairs["b"]["a"].lift == pytest.approx(2.0)
    # a and c never miss together: fully disjoint holes
    assert pairs["a"]["c"].conditional == 0.0
    assert pairs["a"]["c"].lift == 0.0
    assert pairs["a"]["b"].both == 1
    assert set(pairs) == {"a", "b", "c"} and "a" not in pairs["a"]


def test_alignment_counts_only_attacks_both_rules_screened() -> None:
    # prompt rule p screens attacks 0-3, response rule r screens 4-7: no shared attack.
    p = [True, True, False, False, True, True, True, True]
    r = [True, True, True, True, True, False, False, False]
    screened_p = [True] * 4 + [False] * 4
    screened_r = [False] * 4 + [True] * 4
    pair = metrics.alignment({"p": p, "r": r}, {"p": screened_p, "r": screened_r})["p"]["r"]
    assert pair.n == 0
    assert pair.lift is None
    # a third rule q screening everything lines up with p on p's attacks only
    q = [True, False, False, False, False, False, False, False]
    both = metrics.alignment({"p": p, "q": q}, {"p": screened_p, "q": [True] * 8})["p"]["q"]
    assert both.n == 4
    assert both.conditional == 0.5  # q missed 1 of the 2 attacks p missed
    assert both.lift == 2.0  # P(q misses) on those 4 attacks is 1/4


def test_alignment_is_undefined_when_a_rule_never_misses() -> None:
    pairs = metrics.alignment({"perfect": [False, False], "weak": [True, False]})
    assert pairs["perfect"]["weak"].conditional is None
    assert pairs["perfect"]["weak"].lift is None
    assert pairs["weak"]["perfect"].conditional == 0.0
    assert pairs["weak"]["perfect"].lift is None  # P(perfect misses) = 0


def test_alignment_rejects_misses_over_different_attacks() -> None:
    with pytest.raises(ValueError, match="same attacks"):
        metrics.alignment({"a": [True], "b": [True, False]})


def test_most_aligned_ranks_unordered_pairs_by_lift() -> None:
    top = metrics.most_aligned(metrics.alignment(MISSED), top=2)
    assert {top[0].a, top[0].b} == {"a", "b"}
    assert top[0].lift == pytest.approx(2.0)
    assert len(top) == 2 and {top[1].a, top[1].b} != {"a", "b"}


def test_most_aligned_skips_rules_that_miss_everything_or_nothing() -> None:
    pairs = metrics.alignment(
        {"never": [True, True, True], "always": [False] * 3, "some": [True, False, False]}
    )
    assert metrics.most_aligned(pairs) == []


def test_intersections_count_each_attack_once_largest_first() -> None:
    missed_by = [frozenset({"a", "b"}), frozenset({"a"}), frozenset({"c"}), frozenset({"c"})]
    assert metrics.intersections(missed_by) == [
        (frozenset({"c"}), 2),
        (frozenset({"a", "b"}), 1),
        (frozenset({"a"}), 1),
    ]


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [([], 50, 0.0), ([3.0], 95, 3.0), ([1.0, 2.0, 3.0, 4.0], 50, 2.5), ([0.0, 10.0], 95, 9.5)],
)
def test_percentile_interpolates(values: list[float], q: float, expected: float) -> None:
    assert metrics.percentile(values, q) == pytest.approx(expected)


def test_rate_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError, match="0 <= k <= n"):
        metrics.rate(3, 2)


bools = st.lists(st.booleans(), min_size=0, max_size=40)


@given(st.integers(0, 500).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_rate_and_wilson_stay_in_unit_interval_around_the_estimate(kn: tuple[int, int]) -> None:
    k, n = kn
    low, high = metrics.wilson(k, n)
    assert 0.0 <= low <= metrics.rate(k, n) <= high <= 1.0 or n == 0


@given(
    st.integers(1, 5).flatmap(
        lambda r: st.integers(0, 30).flatmap(
            lambda n: st.lists(
                st.lists(st.booleans(), min_size=n, max_size=n), min_size=r, max_size=r
            )
        )
    )
)
def test_alignment_values_are_probabilities_and_counts_add_up(columns: list[list[bool]]) -> None:
    missed = {f"r{i}": col for i, col in enumerate(columns)}
    pairs = metrics.alignment(missed)
    for a, row in pairs.items():
        for b, pair in row.items():
            assert pair.both <= min(pair.a_missed, pair.b_missed)
            assert pair.a_missed == sum(missed[a]) and pair.b_missed == sum(missed[b])
            if pair.conditional is not None:
                assert 0.0 <= pair.conditional <= 1.0
            if pair.lift is not None:
                assert pair.lift >= 0.0 and math.isfinite(pair.lift)
    for rate in metrics.hole_rates(missed).values():
        assert 0.0 <= rate <= 1.0
    assert 0.0 <= metrics.independent_leak_rate(metrics.hole_rates(missed).values()) <= 1.0
    n = len(columns[0])
    sets = [frozenset(name for name, col in missed.items() if col[i]) for i in range(n)]
    assert sum(c for _, c in metrics.intersections(sets, top=10_000)) == n


@given(bools)
def test_leaks_plus_blocked_add_up(blocked: list[bool]) -> None:
    assert metrics.leaks(blocked) + sum(blocked) == len(blocked)
    assert metrics.holes(blocked) == [not b for b in blocked]
