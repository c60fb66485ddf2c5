"""Where a screening call runs: inline when it is known to be cheap, else in the thread pool.

A hop to the thread pool can cost more than a short heuristic screening: it wakes a worker
thread, which then competes with the event loop for the GIL, and wakes the loop again to hand
the result back; on a busy machine each wake-up may wait for a time slice. So a call runs on
the event loop only while most of the recent calls of its kind on short inputs finished within
a small budget of wall-clock time. Anything slower or longer (learned slices, a tracker that
talks to Redis, long inputs) keeps running in the thread pool, so a slow screening never
stalls other requests for long: the first call always goes to the thread pool, and calls go
back there as soon as half of the recent ones overran the budget. Going by the majority rather
than the mean keeps a call that was merely preempted on a loaded machine from counting as slow.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TypeVar

from starlette.concurrency import run_in_threadpool

T = TypeVar("T")

WINDOW = 16
"""How many recent calls decide where the next one runs."""


class Offload:
    """Runs synchronous calls inline or in the thread pool, by their recent cost.

    Args:
        budget_s: a call "overran" when it took longer than this; 0 sends every call to the
            thread pool.
        max_chars: only inputs of at most this many characters may run inline, and only
            their timings count.

    Examples:
        >>> import anyio
        >>> offload = Offload(budget_s=0.001, max_chars=100)
        >>> anyio.run(offload.run, 5, len, "hello")  # the first call: thread pool
        5
        >>> offload.inline(5)  # it was quick: the next short call runs inline
        True
        >>> offload.inline(500)
        False
    """

    def __init__(self, *, budget_s: float, max_chars: int) -> None:
        self.budget_s = budget_s
        self.max_chars = max_chars
        self._overran: deque[bool] = deque(maxlen=WINDOW)
        self._lock = threading.Lock()

    def inline(self, chars: int) -> bool:
        """True when a call on ``chars`` characters would run on the event loop."""
        if self.budget_s <= 0 or chars > self.max_chars:
            return False
        with self._lock:
            recent = len(self._overran)
            return recent > 0 and 2 * sum(self._overran) < recent

    async def run(
        self, chars: int, func: Callable[..., T], *args: object, inline: bool | None = None
    ) -> T:
        """``func(*args)``, inline when cheap (see ``inline``), else in the thread pool.

        ``chars`` is the size of the input ``func`` works on (the texts it screens);
        ``inline``, when given, is the answer of an earlier ``inline(chars)``.
        """
        if self.inline(chars) if inline is None else inline:
            return self._timed(chars, func, *args)
        return await run_in_threadpool(self._timed, chars, func, *args)

    def _timed(self, chars: int, func: Callable[..., T], *args: object) -> T:
        start = time.perf_counter()
        try:
            return func(*args)
        finally:
            if chars <= self.max_chars:
                overran = time.perf_counter() - start > self.budget_s
                with self._lock:
                    self._overran.append(overran)
