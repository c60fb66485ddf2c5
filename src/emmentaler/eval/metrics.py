"""Pure functions of labels, misses and blocks: rates, intervals, holes, leaks and alignment.

Vocabulary (see the style guide): a **hole** of rule R is an attack that R did not block; a
**leak** is an attack the whole stack did not block; a **false refusal** is a benign example
the stack blocked. **Alignment** of rules A and B is how much more often B misses when A
has missed than B misses overall: ``lift = P(B misses | A missed) / P(B misses)``. A lift of
1 means independent holes, above 1 means holes that line up.

If the rules' holes were independent, the stack would leak at the product of the hole
rates (:func:`independent_leak_rate`); the gap between that and the measured leak rate is
the price of aligned holes.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054
"""Two-sided 95 % normal quantile."""


def rate(k: int, n: int) -> float:
    """``k / n`` in [0, 1]; 0.0 when ``n`` is 0 (the count ``n`` is always reported beside it)."""
    if not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")
    return k / n if n else 0.0


def wilson(k: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion ``k / n`` (95 % by default).

    Returns ``(0.0, 1.0)`` when ``n`` is 0: nothing is known.

    Examples:
        >>> [round(x, 4) for x in wilson(0, 10)]
        [0.0, 0.2775]
    """
    if not 0 <= k <= n:
        raise ValueError(f"need 0 <= k <= n, got k={k}, n={n}")
    if n == 0:
        return (0.0, 1.0)
    p = k / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    # Rounding can put a bound a hair past the estimate at k = 0 or k = n: clamp it.
    return (min(max(0.0, centre - half), p), max(min(1.0, centre + half), p))


def count(flags: Iterable[bool]) -> int:
    """How many are true."""
    return sum(1 for flag in flags if flag)


def holes(blocked: Sequence[bool]) -> list[bool]:
    """Per attack, whether the rule missed it (did not block)."""
    return [not b for b in blocked]


def hole_rates(missed: Mapping[str, Sequence[bool]]) -> dict[str, float]:
    """Each rule's share of attacks it missed."""
    return {name: rate(count(m), len(m)) for name, m in missed.items()}


def leaks(stack_blocked: Sequence[bool]) -> int:
    """Attacks the stack let through."""
    return count(not b for b in stack_blocked)


def independent_leak_rate(rates: Iterable[float]) -> float:
    """The leak rate of a stack whose rules miss independently: the product of hole rates.

    With no rules the stack blocks nothing, so the rate is 1.0.
    """
    return math.prod(rates)


def independent_leak_rate_screened(
    missed: Mapping[str, Sequence[bool]], screened: Mapping[str, Sequence[bool]]
) -> float:
    """The leak rate if holes were independent, with each attack facing only its own rules.

    Each rule's hole rate is measured on the attacks it screened; an attack's chance of
    slipping through independent layers is the product of the hole rates of the rules that
    screened it; the result is the mean over attacks. Without stages this equals
    :func:`independent_leak_rate`.

    Examples:
        >>> independent_leak_rate_screened(
        ...     {"p": [True, False, True], "r": [True, True, False]},
        ...     {"p": [True, True, False], "r": [False, False, True]},
        ... )  # p holes 1/2 on its 2 attacks; r holes 0/1 on its one
        0.3333333333333333
    """
    names = list(missed)
    n = len(next(iter(missed.values()), []))
    rates: dict[str, float] = {}
    for name in names:
        seen = [m for m, s in zip(missed[name], screened[name], strict=True) if s]
        rates[name] = count(seen) / len(seen) if seen else 1.0
    total = 0.0
    for i in range(n):
        product = 1.0
        for name in names:
            if screened[name][i]:
                product *= rates[name]
        total += product
    return total / n if n else 0.0


@dataclass(frozen=True, slots=True)
class Pair:
    """Alignment of rule B's holes with rule A's holes.

    ``conditional`` is P(B misses | A missed), ``lift`` that divided by P(B misses); either
    is None when undefined (A never missed, or B never misses).
    """

    a: str
    b: str
    both: int
    a_missed: int
    b_missed: int
    n: int
    conditional: float | None
    lift: float | None


def alignment(
    missed: Mapping[str, Sequence[bool]], screened: Mapping[str, Sequence[bool]] | None = None
) -> dict[str, dict[str, Pair]]:
    """For every ordered pair of rules (A, B), A != B: how far B's holes line up with A's.

    All sequences are over the same attacks, in the same order. With ``screened``, each pair
    is measured only on the attacks that both rules screened: a prompt rule and a response
    rule share no attack, and counting each one's non-applicable attacks as holes would only
    dilute the lift towards 1.

    Examples:
        >>> a = [True, True, False, False]
        >>> b = [True, False, False, False]
        >>> alignment({"a": a, "b": b})["a"]["b"].lift  # P(b|a)=1/2, P(b)=1/4
        2.0
    """
    names = list(missed)
    sizes = {len(m) for m in missed.values()}
    if len(sizes) > 1:
        raise ValueError(
            f"every rule's misses must cover the same attacks, got sizes {sorted(sizes)}"
        )
    total = sizes.pop() if sizes else 0
    out: dict[str, dict[str, Pair]] = {}
    for a in names:
        out[a] = {}
        for b in names:
            if b == a:
                continue
            if screened is None:
                keep = [True] * total
            else:
                keep = [x and y for x, y in zip(screened[a], screened[b], strict=True)]
            a_m = [m for m, k in zip(missed[a], keep, strict=True) if k]
            b_m = [m for m, k in zip(missed[b], keep, strict=True) if k]
            n = len(a_m)
            a_missed, b_missed = count(a_m), count(b_m)
            both = count(x and y for x, y in zip(a_m, b_m, strict=True))
            conditional = both / a_missed if a_missed else None
            p_b = b_missed / n if n else 0.0
            lift = conditional / p_b if conditional is not None and p_b > 0 else None
            out[a][b] = Pair(a, b, both, a_missed, b_missed, n, conditional, lift)
    return out


def most_aligned(pairs: Mapping[str, Mapping[str, Pair]], top: int = 2) -> list[Pair]:
    """The ``top`` unordered pairs with the highest lift (ties: more shared holes first).

    Pairs where a rule misses every attack or none are left out: their lift is 1 or
    undefined by construction and says nothing about alignment.
    """
    seen: set[frozenset[str]] = set()
    ranked: list[Pair] = []
    for row in pairs.values():
        for pair in row.values():
            key = frozenset((pair.a, pair.b))
            trivial = not (0 < pair.a_missed < pair.n and 0 < pair.b_missed < pair.n)
            if pair.lift is None or key in seen or trivial:
                continue
            seen.add(key)
            mirror = pairs[pair.b][pair.a]
            best = pair if (mirror.lift or 0.0) <= pair.lift else mirror
            ranked.append(best)
    ranked.sort(key=lambda p: (-(p.lift or 0.0), -p.both, p.a, p.b))
    return ranked[:top]


def intersections(
    missed_by: Iterable[frozenset[str]], top: int = 15
) -> list[tuple[frozenset[str], int]]:
    """The largest sets of rules that missed the same attacks (the cheese diagram's bars).

    Args:
        missed_by: per attack, the rules that missed it.
        top: how many intersections to keep, largest first.
    """
    counts = Counter(missed_by)
    ranked = sorted(counts.items(), key=lambda item: (-item[1], -len(item[0]), sorted(item[0])))
    return ranked[:top]


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0-100, linear interpolation); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100.0
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def latency_ms(
    seconds: Sequence[float], quantiles: Sequence[int] = (50, 95, 99)
) -> dict[str, float]:
    """Percentiles of durations, in milliseconds: ``{"p50": ..., "p95": ...}``."""
    return {f"p{q}": round(percentile(seconds, q) * 1000.0, 4) for q in quantiles}


def proportion(k: int, n: int) -> dict[str, object]:
    """``{"k", "n", "rate", "ci95"}`` for a report."""
    low, high = wilson(k, n)
    return {"k": k, "n": n, "rate": rate(k, n), "ci95": [low, high]}
