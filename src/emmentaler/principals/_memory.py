"""In-process tracker: one lock, a bounded LRU of principals, a bounded deque of attempts each."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass, field

from ..core import Action, Decision
from ._base import REFUSED, Stats, cools_off, escalate, is_refusal, pressure, weight
from ._settings import PrincipalSettings


@dataclass(slots=True)
class _State:
    events: deque[tuple[float, float]]
    cool_until: float = field(default=0.0)


class MemoryTracker:
    """Tracker for a single process (the default backend); state is lost on restart.

    Memory is bounded by ``max_principals`` (least recently seen principal evicted first)
    times ``max_events``. Every call takes one short lock; no I/O.
    """

    def __init__(
        self,
        settings: PrincipalSettings | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.settings = settings or PrincipalSettings()
        self._clock = clock
        self._lock = threading.Lock()
        self._states: OrderedDict[str, _State] = OrderedDict()
        self._stats = Stats()

    @property
    def stats(self) -> dict[str, int]:
        """Counters for metrics (a snapshot)."""
        return self._stats.snapshot()

    def __len__(self) -> int:
        return len(self._states)

    def admit(self, principal: str) -> Decision | None:
        """None to go on; a block naming ``"principal"`` while the principal is cooling off."""
        now = self._clock()
        with self._lock:
            state = self._states.get(principal)
            refused = state is not None and state.cool_until > now
        self._stats.add("refused" if refused else "admitted")
        return REFUSED if refused else None

    def observe(self, principal: str, decision: Decision) -> Decision:
        """Record a flagged or blocked ``decision`` and return it, escalated if need be."""
        self._stats.add("observed")
        value = weight(decision, self.settings)
        if decision.action is Action.ALLOW or value <= 0.0 or is_refusal(decision):
            return decision
        now = self._clock()
        with self._lock:
            state = self._touch(principal)
            state.events.append((now, value))
            level = pressure(state.events, now, self.settings)
            if cools_off(level, self.settings) and state.cool_until <= now:
                state.cool_until = now + self.settings.cooling_off_s
                self._stats.add("cooling_off_started")
        result = escalate(decision, level, self.settings)
        if result is not decision:
            self._stats.add("escalated")
        return result

    def pressure(self, principal: str) -> float:
        """The principal's current pressure (for tests and diagnostics)."""
        now = self._clock()
        with self._lock:
            state = self._states.get(principal)
            return 0.0 if state is None else pressure(state.events, now, self.settings)

    def close(self) -> None:
        """Forget every principal."""
        with self._lock:
            self._states.clear()

    def _touch(self, principal: str) -> _State:
        state = self._states.get(principal)
        if state is None:
            state = _State(deque(maxlen=self.settings.max_events))
            self._states[principal] = state
            while len(self._states) > self.settings.max_principals:
                self._states.popitem(last=False)
                self._stats.add("evicted")
        else:
            self._states.move_to_end(principal)
        return state
