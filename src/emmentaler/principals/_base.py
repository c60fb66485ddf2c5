"""The tracker protocol and the arithmetic both backends share."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Protocol, runtime_checkable

from ..core import Action, Decision
from ._settings import PrincipalSettings

REASON = "principal"
"""The reason a decision names when the principal's history (not the text) caused it."""

REFUSED = Decision(Action.BLOCK, (REASON,))
"""What ``admit`` returns for a principal that is cooling off."""


@runtime_checkable
class Tracker(Protocol):
    """Counts each principal's blocked and flagged attempts and escalates repeat offenders.

    Both methods are synchronous and thread-safe; the proxy calls them from a worker thread.
    """

    def admit(self, principal: str) -> Decision | None:
        """None to go on; a block naming ``"principal"`` while the principal is cooling off."""
        ...

    def observe(self, principal: str, decision: Decision) -> Decision:
        """Record a flagged or blocked ``decision`` and return it, escalated if need be."""
        ...

    @property
    def stats(self) -> dict[str, int]:
        """Counters for metrics (a snapshot)."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...


class Stats:
    """Thread-safe counters, exported as a plain dict."""

    NAMES = (
        "admitted",
        "refused",
        "observed",
        "escalated",
        "cooling_off_started",
        "backend_errors",
        "round_trips",
        "evicted",
    )

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts = dict.fromkeys(self.NAMES, 0)

    def add(self, name: str, amount: int = 1) -> None:
        """Increase counter ``name`` by ``amount``."""
        with self._lock:
            self._counts[name] += amount

    def snapshot(self) -> dict[str, int]:
        """A copy of every counter."""
        with self._lock:
            return dict(self._counts)


def weight(decision: Decision, settings: PrincipalSettings) -> float:
    """How much ``decision`` adds to the principal's pressure (0 for allow)."""
    if decision.action is Action.BLOCK:
        return settings.block_weight
    if decision.action is Action.FLAG:
        return settings.flag_weight
    return 0.0


def pressure(
    events: Iterable[tuple[float, float]], now: float, settings: PrincipalSettings
) -> float:
    """Decayed sum of ``(time_s, weight)`` events inside the window ending at ``now``."""
    total = 0.0
    for when, value in events:
        age = max(0.0, now - when)
        if age > settings.window_s:
            continue
        if settings.half_life_s is None:
            total += value
        else:
            total += value * 0.5 ** (age / settings.half_life_s)
    return total


def escalate(decision: Decision, level: float, settings: PrincipalSettings) -> Decision:
    """``decision`` made stricter when the principal's pressure ``level`` calls for it."""
    if decision.action is not Action.FLAG:
        return decision
    over_escalate = settings.escalate_at is not None and level >= settings.escalate_at
    over_cool = settings.cool_off_at is not None and level >= settings.cool_off_at
    if over_escalate or over_cool:
        return Decision(Action.BLOCK, (*decision.reasons, REASON), decision.flags)
    return decision


def is_refusal(decision: Decision) -> bool:
    """True for the tracker's own refusal (it is not another attempt to count)."""
    return decision.reasons == (REASON,)


def cools_off(level: float, settings: PrincipalSettings) -> bool:
    """True when ``level`` starts a cooling-off period."""
    return settings.cool_off_at is not None and level >= settings.cool_off_at


def failed(decision: Decision, settings: PrincipalSettings) -> Decision:
    """``decision`` when the backend is unreachable: a flag blocks when failing closed."""
    if settings.on_backend_error == "fail_closed" and decision.action is Action.FLAG:
        return Decision(Action.BLOCK, (*decision.reasons, REASON), decision.flags)
    return decision
