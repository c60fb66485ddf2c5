"""Seams where the proxy meets state kept elsewhere: who sent a request, and its history.

The principal tracker (per-principal counting of blocks and flags, with escalation) lives
outside the server; the proxy only calls it. Its methods are synchronous and are called
together with the screening: in the thread pool, or inline while the whole call has been cheap
(``offload.py``), so a tracker slower than the inline budget stays off the event loop.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ..core import Decision

_UNSAFE = re.compile(r"[^A-Za-z0-9._@:+=-]")  # linear: a single character class
MAX_PART_CHARS = 128


@dataclass(frozen=True, slots=True)
class Principal:
    """Who sent a request: the API key id, plus the client's ``user`` field and session header."""

    key_id: str
    user: str | None = None
    session: str | None = None

    @property
    def id(self) -> str:
        """A stable string for ``Text.principal`` and the tracker.

        Format: ``key:<id>`` then ``/user:<user>`` and ``/session:<session>`` when present;
        client-given parts are cut to 128 characters and characters outside
        ``[A-Za-z0-9._@:+=-]`` become ``_`` so one client cannot forge another's id.
        """
        out = f"key:{self.key_id}"
        if self.user:
            out += f"/user:{_clean(self.user)}"
        if self.session:
            out += f"/session:{_clean(self.session)}"
        return out


def _clean(value: str) -> str:
    return _UNSAFE.sub("_", value[:MAX_PART_CHARS])


@runtime_checkable
class Tracker(Protocol):
    """Per-principal state the proxy consults around each screening (issue 6 implements it).

    Both methods run with the screening (see ``offload.py``) and may block briefly (a Redis
    round trip).
    """

    def admit(self, principal: str) -> Decision | None:
        """None to let the request proceed, or a BLOCK decision (the principal is cooling off)."""
        ...

    def observe(self, principal: str, decision: Decision) -> Decision:
        """Record ``decision`` for ``principal``; return it, possibly escalated."""
        ...
