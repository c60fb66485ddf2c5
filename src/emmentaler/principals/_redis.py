"""Tracker whose state lives in Redis, shared by every worker and host that uses the same server.

Keys (``h`` is a hash of the principal, so raw ids never reach Redis; the braces keep a
principal's keys in one cluster slot):

* ``<prefix>{h}:ev``: list of ``"<ms>:<weight>"`` attempts, newest first, trimmed to
  ``max_events``, expiring ``window_s`` after the latest attempt.
* ``<prefix>{h}:cool``: present while the principal is cooling off (expires by itself).

Round trips per call (Redis time is the one clock, so workers on several hosts agree):

* ``admit``: 0 while this process already knows the principal is cooling off, else
  1 (``PTTL``).
* ``observe``: 0 for an allowed decision; 1 ``EVALSHA`` for a flag or block (the script
  appends, trims, sets TTLs, computes the pressure and starts cooling off atomically, and its
  reply tells this process the cooling-off deadline).

So an allowed request costs one round trip and a flagged or blocked one costs two.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from typing import Any

from ..core import Action, Decision
from ._base import REFUSED, Stats, escalate, failed, is_refusal, weight
from ._settings import PrincipalSettings

logger = logging.getLogger(__name__)

OBSERVE_LUA = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local window_ms = tonumber(ARGV[2])
local half_life_ms = tonumber(ARGV[3])
local cool_at = tonumber(ARGV[5])
redis.call('LPUSH', KEYS[1], now .. ':' .. ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[4]) - 1)
redis.call('PEXPIRE', KEYS[1], window_ms)
local level = 0
for _, item in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
  local sep = string.find(item, ':', 1, true)
  if sep then
    local age = now - tonumber(string.sub(item, 1, sep - 1))
    if age < 0 then age = 0 end
    if age <= window_ms then
      local w = tonumber(string.sub(item, sep + 1))
      if half_life_ms > 0 then w = w * math.pow(2, -age / half_life_ms) end
      level = level + w
    end
  end
end
local cool_ms = redis.call('PTTL', KEYS[2])
if cool_ms < 0 then cool_ms = 0 end
local started = 0
if cool_at > 0 and level >= cool_at and cool_ms == 0 then
  cool_ms = tonumber(ARGV[6])
  redis.call('SET', KEYS[2], '1', 'PX', cool_ms)
  started = 1
end
return {tostring(level), cool_ms, started}
"""

_LOCAL_DEADLINES = 10_000  # principals whose cooling-off deadline this process remembers


class RedisTracker:
    """Tracker backed by Redis (redis-py, imported lazily: ``pip install 'emmentaler[server]'``).

    Thread-safe: redis-py's client keeps a connection pool. When Redis cannot be reached
    the call follows ``on_backend_error`` and counts ``backend_errors``; after an error Redis
    is skipped for ``retry_after_s`` so a dead server does not add a timeout to every request.
    """

    def __init__(self, settings: PrincipalSettings | None = None, *, client: Any = None) -> None:
        self.settings = settings or PrincipalSettings(backend="redis")
        self._client = client if client is not None else _connect(self.settings)
        self._script = self._client.register_script(OBSERVE_LUA)
        self._errors = _redis_errors()
        self._stats = Stats()
        self._lock = threading.Lock()
        self._deadlines: OrderedDict[str, float] = OrderedDict()  # principal -> monotonic deadline
        self._down_until = 0.0

    @property
    def stats(self) -> dict[str, int]:
        """Counters for metrics (a snapshot)."""
        return self._stats.snapshot()

    def key(self, principal: str, suffix: str) -> str:
        """The Redis key holding ``suffix`` ("ev" or "cool") for ``principal``."""
        digest = hashlib.blake2b(principal.encode("utf-8", "surrogatepass"), digest_size=16)
        return f"{self.settings.key_prefix}{{{digest.hexdigest()}}}:{suffix}"

    def admit(self, principal: str) -> Decision | None:
        """None to go on; a block naming ``"principal"`` while the principal is cooling off."""
        if self._known_cooling(principal):
            self._stats.add("refused")
            return REFUSED
        if self._down():
            return self._admit_failed()
        try:
            self._stats.add("round_trips")
            remaining_ms = int(self._client.pttl(self.key(principal, "cool")))
        except self._errors:
            self._mark_down()
            return self._admit_failed()
        if remaining_ms > 0:
            self._remember(principal, remaining_ms)
            self._stats.add("refused")
            return REFUSED
        self._stats.add("admitted")
        return None

    def observe(self, principal: str, decision: Decision) -> Decision:
        """Record a flagged or blocked ``decision`` and return it, escalated if need be."""
        self._stats.add("observed")
        value = weight(decision, self.settings)
        if decision.action is Action.ALLOW or value <= 0.0 or is_refusal(decision):
            return decision
        if self._down():
            return self._observe_failed(decision)
        s = self.settings
        args = (
            repr(float(value)),
            int(s.window_s * 1000),
            0 if s.half_life_s is None else int(s.half_life_s * 1000),
            s.max_events,
            0 if s.cool_off_at is None else repr(float(s.cool_off_at)),
            max(1, int(s.cooling_off_s * 1000)),
        )
        try:
            self._stats.add("round_trips")
            reply = self._script(
                keys=[self.key(principal, "ev"), self.key(principal, "cool")], args=args
            )
        except self._errors:
            self._mark_down()
            return self._observe_failed(decision)
        level, cool_ms, started = float(reply[0]), int(reply[1]), int(reply[2])
        if cool_ms > 0:
            self._remember(principal, cool_ms)
        if started:
            self._stats.add("cooling_off_started")
        result = escalate(decision, level, s)
        if result is not decision:
            self._stats.add("escalated")
        return result

    def pressure(self, principal: str) -> float:
        """The principal's current pressure as Redis holds it (diagnostics; one round trip)."""
        from ._base import pressure

        raw = self._client.lrange(self.key(principal, "ev"), 0, -1)
        now_s, now_us = self._client.time()
        now = now_s + now_us / 1e6
        events = []
        for item in raw:
            when, _, value = (item.decode() if isinstance(item, bytes) else item).partition(":")
            events.append((int(when) / 1000, float(value)))
        return pressure(events, now, self.settings)

    def close(self) -> None:
        """Close the connection pool."""
        self._client.close()

    def _known_cooling(self, principal: str) -> bool:
        with self._lock:
            deadline = self._deadlines.get(principal)
            if deadline is None:
                return False
            if deadline > time.monotonic():
                return True
            del self._deadlines[principal]
            return False

    def _remember(self, principal: str, remaining_ms: int) -> None:
        with self._lock:
            self._deadlines[principal] = time.monotonic() + remaining_ms / 1000
            self._deadlines.move_to_end(principal)
            while len(self._deadlines) > _LOCAL_DEADLINES:
                self._deadlines.popitem(last=False)

    def _down(self) -> bool:
        return time.monotonic() < self._down_until

    def _mark_down(self) -> None:
        logger.warning("principal tracker: redis unreachable (%s)", self.settings.on_backend_error)
        self._down_until = time.monotonic() + self.settings.retry_after_s

    def _admit_failed(self) -> Decision | None:
        self._stats.add("backend_errors")
        if self.settings.on_backend_error == "fail_closed":
            self._stats.add("refused")
            return REFUSED
        self._stats.add("admitted")
        return None

    def _observe_failed(self, decision: Decision) -> Decision:
        self._stats.add("backend_errors")
        result = failed(decision, self.settings)
        if result is not decision:
            self._stats.add("escalated")
        return result


def _connect(settings: PrincipalSettings) -> Any:
    try:
        import redis
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            "redis is not installed, run `pip install 'emmentaler[server]'`"
        ) from None
    return redis.Redis.from_url(
        settings.redis_url,
        socket_timeout=settings.redis_timeout_s,
        socket_connect_timeout=settings.redis_timeout_s,
    )


def _redis_errors() -> tuple[type[BaseException], ...]:
    import redis

    return (redis.exceptions.RedisError, OSError)
