"""Canary tokens: a random marker in the system prompt whose echo in a response is a leak.

A response that contains the canary, or a close variant of it (case, spacing or separators
changed, up to two characters altered), shows that the model repeated its system prompt.
Matching normalises both sides to lowercase letters and digits. With at most two characters
altered, one of three pieces of the canary still appears exactly (pigeonhole), so candidate
positions come from ``str.find`` of each piece and only those windows are compared: the check
stays linear in the response length.
"""

from __future__ import annotations

import secrets
from typing import Any

PREFIX = "emm"
RULE = "canary"
"""The rule name a canary leak is reported under (decisions, metrics, audit)."""
MAX_MISMATCHES = 2


def new_canary() -> str:
    """A fresh random canary, e.g. ``emm5f3a9c0e2b7d41``: 64 random bits."""
    return PREFIX + secrets.token_hex(8)


def normalize(text: str) -> str:
    """Lowercase letters and digits only: drops spacing, separators and markup."""
    return "".join(char for char in text.lower() if char.isalnum())


def leaked(text: str, canary: str) -> bool:
    """True when ``text`` contains ``canary`` or a close variant of it."""
    haystack = normalize(text)
    needle = normalize(canary)
    if needle in haystack:
        return True
    pieces = MAX_MISMATCHES + 1
    size = len(needle) // pieces
    for number in range(pieces):
        offset = number * size
        part = needle[offset : offset + size] if number < pieces - 1 else needle[offset:]
        start = haystack.find(part)
        while start != -1:
            begin = start - offset
            window = haystack[max(begin, 0) : begin + len(needle)]
            if begin >= 0 and len(window) == len(needle) and _close(window, needle):
                return True
            start = haystack.find(part, start + 1)
    return False


def _close(window: str, needle: str) -> bool:
    return sum(a != b for a, b in zip(window, needle, strict=True)) <= MAX_MISMATCHES


def add_canary(body: dict[str, Any], canary: str) -> None:
    """Append ``canary`` to the first system (or developer) message of a chat body, in place.

    When the conversation has no system message, one holding only the canary is inserted first.
    """
    marker = f"<!-- {canary} -->"
    messages = body["messages"]
    for message in messages:
        if message.get("role") in {"system", "developer"}:
            content = message.get("content")
            if isinstance(content, list):
                message["content"] = [*content, {"type": "text", "text": marker}]
            else:
                message["content"] = f"{content or ''}\n\n{marker}".lstrip()
            return
    messages.insert(0, {"role": "system", "content": marker})
