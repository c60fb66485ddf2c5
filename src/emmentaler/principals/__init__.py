"""Per-principal state: count blocked and flagged attempts, escalate principals who keep probing.

A *principal* is whoever a request is attributed to: an API key id, a user id the client
passes, or a session id (any string). The proxy asks the tracker twice per request::

    tracker = build_tracker(PrincipalSettings())
    refusal = tracker.admit(principal)           # None, or a block naming "principal"
    if refusal is None:
        decision = tracker.observe(principal, policy.decide(screening))

Backends: ``memory`` (one process, the default) and ``redis`` (shared by workers and hosts).
See ``docs/conversations.md`` for the arithmetic and the Redis round trips.
"""

from __future__ import annotations

from ._base import REASON, REFUSED, Tracker
from ._memory import MemoryTracker
from ._redis import RedisTracker
from ._settings import PrincipalSettings


def build_tracker(settings: PrincipalSettings | None = None) -> Tracker:
    """The tracker ``settings.backend`` names (memory by default).

    Examples:
        >>> tracker = build_tracker(PrincipalSettings(backend="memory"))
        >>> tracker.admit("key-1") is None
        True
    """
    settings = settings or PrincipalSettings()
    if settings.backend == "redis":
        return RedisTracker(settings)
    return MemoryTracker(settings)


__all__ = [
    "REASON",
    "REFUSED",
    "MemoryTracker",
    "PrincipalSettings",
    "RedisTracker",
    "Tracker",
    "build_tracker",
]
