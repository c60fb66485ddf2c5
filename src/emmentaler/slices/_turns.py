"""Turn helpers shared by the conversation slices: user text, content parts, a score cache."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..core import Role, Stage, Text, Turn
from ..errors import InputError
from .many_shot import re2_safe

_MAX_TURNS = 2_000  # only the latest turns are read: the window needs a handful
_MAX_PARTS = 256


@dataclass(frozen=True, slots=True)
class Scored:
    score: float
    labels: Mapping[str, float]


class TurnCache:
    """Thread-safe bounded LRU of turn scores keyed by a hash of the scored text."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[bytes, Scored] = OrderedDict()
        self.hits = 0
        self.misses = 0

    @staticmethod
    def key(content: str) -> bytes:
        """A 16-byte digest of ``content``."""
        return hashlib.blake2b(content.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def get(self, key: bytes) -> Scored | None:
        """The cached score, refreshed as most recent, or None."""
        with self._lock:
            found = self._items.get(key)
            if found is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return found

    def put(self, key: bytes, value: Scored) -> None:
        """Store ``value``, evicting the least recently used entries beyond ``size``."""
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def user_texts(turns: Sequence[Turn], max_chars: int, limit: int) -> tuple[list[str], str]:
    """The latest ``limit`` non-empty user turns (oldest first), each cut to ``max_chars``.

    Also returns a note on what was skipped. Only the latest ``_MAX_TURNS`` turns are read,
    from the end, so a long history costs no more than a short one.

    ``content`` may also be an OpenAI content-part list: its text parts are joined and
    images (any non-text part) are ignored with a note.

    Raises:
        InputError: a turn's content is neither a string nor a list of content parts.
    """
    found: list[str] = []
    images = 0
    first = max(0, len(turns) - _MAX_TURNS)
    for index in range(len(turns) - 1, first - 1, -1):
        turn = turns[index]
        if turn.role != Role.USER:
            continue
        if len(found) >= limit:
            break
        content: object = turn.content
        if isinstance(content, list):
            parts, skipped = _text_parts(content, index)
            images += skipped
            content = parts
        if not isinstance(content, str):
            raise InputError(f"turns[{index}].content must be text, got {type(content).__name__}")
        if content.strip():
            found.append(content[:max_chars])
    found.reverse()
    return found, (f"; {images} non-text part(s) ignored" if images else "")


def _text_parts(parts: list[object], index: int) -> tuple[str, int]:
    texts: list[str] = []
    skipped = 0
    for part in parts[:_MAX_PARTS]:
        if isinstance(part, str):
            texts.append(part)
        elif isinstance(part, dict) and part.get("type") == "text":
            value = part.get("text")
            if not isinstance(value, str):
                raise InputError(f"turns[{index}].content: a text part without a string 'text'")
            texts.append(value)
        elif isinstance(part, dict):
            skipped += 1
        else:
            raise InputError(f"turns[{index}].content: part of type {type(part).__name__}")
    return "\n".join(texts), skipped


def recent_tool_turns(text: Text, limit: int) -> list[tuple[str, str]]:
    """``("turn[i]", content)`` of a conversation's last ``limit`` non-blank tool turns.

    Oldest first; empty for other stages. Tool turns carry outside data (pages, e-mails, API
    results), where indirect injections arrive; the history is read backwards only as far as
    needed.
    """
    if text.stage is not Stage.CONVERSATION or limit <= 0:
        return []
    out: list[tuple[str, str]] = []
    for index in range(len(text.turns) - 1, -1, -1):
        turn = text.turns[index]
        if turn.role is Role.TOOL and turn.content.strip():
            out.append((f"turn[{index}]", turn.content))
            if len(out) >= limit:
                break
    out.reverse()
    return out


def last_text(turns: Sequence[Turn], role: Role) -> str:
    """Text of the latest turn of ``role`` before the final turn, or ""."""
    first = max(0, len(turns) - _MAX_TURNS)
    for index in range(len(turns) - 2, first - 1, -1):
        if turns[index].role is role:
            return as_text(turns[index].content)
    return ""


def as_text(content: object) -> str:
    """Plain text of a turn for resolution (content-part lists keep their text parts)."""
    if isinstance(content, str):
        return re2_safe(content)
    if isinstance(content, list):
        return re2_safe(_text_parts(content, -1)[0]) if _only_parts(content) else ""
    return ""


def _only_parts(parts: list[object]) -> bool:
    return all(isinstance(p, str | dict) for p in parts[:_MAX_PARTS])
