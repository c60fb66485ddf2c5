"""The unveil pass: every view of a text, original first, within the policy's bounds.

Views form one chain, each step applied to the result of the last one that changed the text:
``nfkc`` (NFKC, invisibles removed) -> ``tags`` (tag characters decoded) -> ``fold``
(look-alikes to ASCII) -> decoded runs (``base64``, ``hex`` ... per nesting level) -> ``join``
(spaced letters) -> ``reversed``/``rot13``/``atbash`` (whole text) -> ``leet`` -> ``gloss``
(for a text that still does not read as English, known words of 20 languages in English:
``_gloss``; an English text's chunks in another language are glossed in place, also on the
plain-ASCII fast path), with the rarer
schemes of ``_exotic`` in between (``zalgo`` and ``braille`` before ``fold``; ``qp``, ``uu``,
``base85``, ``ascii85`` after the decoded runs; ``nato`` after ``join``). A view is
named by its steps joined with ``+`` (``nfkc+base64+rot13``); steps that change nothing are
skipped, and a view identical to an earlier one is dropped.

Plain ASCII prose takes a fast path: one re2 scan and one word count.
"""

from __future__ import annotations

import re2

from ..core import ORIGINAL, View
from ._decode import Budget, decode_runs
from ._exotic import blobs, braille, nato, zalgo
from ._fold import (
    LEET_TRIGGER_PATTERN,
    SPACED_PATTERN,
    decode_tags,
    fold_leet,
    fold_lookalikes,
    join_spaced,
    normalize,
)
from ._gloss import chunk_gloss, gloss
from ._language import ENGLISH_RATE, chunk_transform, english_rate, language_transform
from ._limits import UnveilLimits
from ._tables import TAGS

_DEFAULT_LIMITS = UnveilLimits()
_SUSPICIOUS = re2.compile(
    "|".join(
        (
            r"[A-Za-z0-9+/_-]{16,}",
            r"[A-Za-z0-9+/_-]{12,}=",
            r"(?:[0-9A-Fa-f]{2}[ :,-]){5,}[0-9A-Fa-f]{2}",
            r"\\[xu][0-9A-Fa-f]{2}",
            r"0x[0-9A-Fa-f]{2}[ ,]{0,2}0x",
            r"&#[xX]?[0-9A-Fa-f]{1,7};",
            r"[01]{8} ?[01]{8}",
            r"[.\-_]{1,7}(?: {1,3}| ?[/|] ?)[.\-_]{1,7}(?: {1,3}| ?[/|] ?)[.\-_]{1,7}",
            r"%[0-9A-Fa-f]{2}",
            r"=[0-9A-F]{2}[^\s=]{0,40}=[0-9A-F]{2}",
            r"(?m)^[!-M][!-`]{15,60}$",
            r"[!-~]{24,}",
            SPACED_PATTERN,
            LEET_TRIGGER_PATTERN,
        )
    )
)
"""Anything in ASCII text that a later step could change: when absent, skip them all.

Mirrors the decoders' candidate runs in ``_decode`` (with base64 runs from 16 characters, so
ordinary long words do not leave the fast path), spaced letters and leetspeak.
"""


class _Views:
    """Distinct views in order, at most ``limit`` of them."""

    def __init__(self, original: str, limit: int) -> None:
        self.limit = limit
        self.views = [View(ORIGINAL, original)]
        self._seen = {original}

    @property
    def full(self) -> bool:
        return len(self.views) >= self.limit

    def add(self, steps: list[str], content: str) -> None:
        if self.full or content in self._seen:
            return
        self._seen.add(content)
        self.views.append(View("+".join(steps), content, tuple(steps)))


def unveil(content: str, limits: UnveilLimits | None = None) -> tuple[View, ...]:
    """Every view of ``content``: the original first, then each distinct unveiled form.

    Derived views of a text longer than ``limits.max_scan_chars`` cover only its head and
    tail (half the limit each); the original view is always the whole text.

    Args:
        content: the text to unveil (any string, lone surrogates included).
        limits: bounds on views, decoded bytes, nesting depth and scanned characters.

    Returns:
        The views, original first, at most ``limits.max_views`` of them, all distinct.
    """
    limits = limits or _DEFAULT_LIMITS
    views = _Views(content, limits.max_views)
    if not limits.enabled or views.full or not content:
        return tuple(views.views)
    window = scan_window(content, limits.max_scan_chars)
    steps = ["nfkc"]
    if window.isascii():
        current = window
        plain = _SUSPICIOUS.search(window) is None and english_rate(window) >= ENGLISH_RATE
        if plain and chunk_transform(window) is None:
            glossed = chunk_gloss(window)  # a request in another language inside English
            if glossed is not None:
                views.add([*steps, "gloss"], glossed)
            return tuple(views.views)
    else:
        current = _unveil_characters(encodable(window), views, steps)
    budget = Budget(limits.max_decoded_bytes, limits.max_decode_attempts)
    decoded = decode_runs(current, budget, limits.max_depth)
    if decoded.chains:
        current = _step(views, steps, list(decoded.steps), decoded.content)
    found = blobs(current, budget)
    if found is not None:
        current = _step(views, steps, [found[0]], found[1], current)
    current = _step(views, steps, ["join"], join_spaced(current), current)
    spelled = nato(current)
    if spelled is not None:
        current = _step(views, steps, ["nato"], spelled, current)
    transformed = language_transform(current) or chunk_transform(current)
    if transformed is not None:
        current = _step(views, steps, [transformed[0]], transformed[1])
    current = _step(views, steps, ["leet"], fold_leet(current), current)
    glossed = gloss(current) if english_rate(current) < ENGLISH_RATE else chunk_gloss(current)
    if glossed is not None:  # another language: its gist in English, the last view
        _step(views, steps, ["gloss"], glossed, current)
    return tuple(views.views)


def _unveil_characters(window: str, views: _Views, steps: list[str]) -> str:
    """The character-level steps: NFKC and invisibles, tags, look-alikes."""
    current = normalize(window)
    views.add(steps, current)
    if TAGS.search(window) is not None:
        current = _step(views, steps, ["tags"], normalize(decode_tags(window)), current)
    stripped = zalgo(current)
    if stripped is not None:
        current = _step(views, steps, ["zalgo"], normalize(stripped), current)
    read = braille(current)
    if read is not None:
        current = _step(views, steps, ["braille"], read, current)
    return _step(views, steps, ["fold"], fold_lookalikes(current), current)


def _step(views: _Views, steps: list[str], new: list[str], content: str, before: str = "") -> str:
    """Record a view for ``content`` unless it equals ``before``; return ``content``."""
    if content != before:
        steps.extend(new)
        views.add(steps, content)
    return content


def scan_window(content: str, max_chars: int) -> str:
    """``content``, or its head and tail (half of ``max_chars`` each) when longer."""
    if len(content) <= max_chars:
        return content
    half = max_chars // 2
    return content[:half] + "\n" + content[-half:]


def encodable(content: str) -> str:
    """``content`` with lone surrogates replaced, so it can be encoded as UTF-8."""
    try:
        content.encode("utf-8")
    except UnicodeEncodeError:
        return content.encode("utf-8", "replace").decode("utf-8")
    return content
