"""How much unveiling a text needed: cheap counts for the ``obfuscation`` slice.

``signals`` reads the views unveil already made (the stack runs unveil once per text) and
adds one scan of the original for what views do not show: where invisible characters sat,
tag characters, mixed-script words, styled letters and percent-escaped letters.
"""

from __future__ import annotations

import itertools
import re
import string
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..core import View
from ._fold import scan_words
from ._language import common_hits
from ._pass import encodable, scan_window, unveil
from ._tables import (
    BIDI,
    BLACK_FLAG,
    COMBINING_CLASS,
    INVISIBLE,
    LOOKALIKE_CHARS,
    STYLED_RANGES,
    TAGS,
)

_STYLED = re.compile(
    "[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in STYLED_RANGES) + "]{3,}"
)  # one class, greedy: linear
_LATIN_MARKS = re.compile(f"(?<=[A-Za-z\u00c0-\u024f ])[{COMBINING_CLASS}]+")  # linear
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")  # fixed length: linear
_MAX_ESCAPES = 256
_ALNUM = frozenset(string.ascii_letters + string.digits)
_ASCII_LETTERS = frozenset(string.ascii_letters)
_EMOJI_JOINERS = frozenset("\u200c\u200d\ufe0e\ufe0f")
_GAIN_CHARS = 20_000
DECODE_STEPS = frozenset({"base64", "base32", "hex", "url", "entity", "escape", "binary", "morse"})
"""Names of the steps that decode an encoded run."""


@dataclass(frozen=True, slots=True)
class ObfuscationSignals:
    """Counts of the obfuscation unveil found in one text.

    Attributes:
        invisible: invisible or format characters, except joiners and variation selectors
            that belong to emoji or to scripts that need them.
        invisible_in_words: those of them sitting between two ASCII letters or digits (a
            lone soft hyphen, which marks where a word may break, does not count).
        bidi: bidi embedding, override and isolate controls.
        rtl: whether the text has right-to-left letters (which make bidi controls normal).
        tags: tag characters outside emoji subdivision flags.
        mixed_script_words: words mixing Latin letters with Cyrillic/Greek/... look-alikes
            that all fold to ASCII.
        lookalike_words: words made only of look-alikes, in mostly Latin text.
        styled_letters: letters in runs of three or more fullwidth, mathematical, circled,
            squared or small-capital letters.
        marks: combining marks left on Latin letters or spaces after NFKC (strike-through,
            "Zalgo").
        escaped_alnum: percent escapes of plain letters or digits (``%69``), which no URL needs.
        gains: per step name, the common English words that step added to its view.
        changed: per step name, the words that step changed (or merged away).
        decode_depth: deepest nesting of decoded runs (``base64`` of ``hex`` is 2).
        steps: every step of every view, in order of first use (``base64&url`` split).
        views: how many views unveil made, the original included.
        spans: ``(start, end)`` of invisible and tag runs in the original (at most 32).
    """

    invisible: int = 0
    invisible_in_words: int = 0
    bidi: int = 0
    rtl: bool = False
    tags: int = 0
    mixed_script_words: int = 0
    lookalike_words: int = 0
    styled_letters: int = 0
    marks: int = 0
    escaped_alnum: int = 0
    gains: Mapping[str, int] = field(default_factory=dict)
    changed: Mapping[str, int] = field(default_factory=dict)
    decode_depth: int = 0
    steps: tuple[str, ...] = ()
    views: int = 1
    spans: tuple[tuple[int, int], ...] = ()


def signals(
    content: str, views: Sequence[View] | None = None, *, max_scan_chars: int = 200_000
) -> ObfuscationSignals:
    """Count the obfuscation in ``content``, reusing ``views`` from unveil when given.

    Args:
        content: the original text.
        views: its views (original first) as unveil made them; unveil runs when None.
        max_scan_chars: only the head and tail (half each) of longer texts are scanned.
    """
    if views is None:
        views = unveil(content)
    window = scan_window(content, max_scan_chars)
    counts: dict[str, object] = {}
    if not window.isascii():
        counts.update(_character_counts(encodable(window), max_scan_chars // 2))
        normalized = next((v.content for v in views if v.steps == ("nfkc",)), window)
        counts.update(_word_counts(normalized))
    if "%" in window:
        escapes = itertools.islice(_PERCENT.finditer(window), _MAX_ESCAPES)
        counts["escaped_alnum"] = sum(chr(int(m.group(0)[1:], 16)) in _ALNUM for m in escapes)
    gains, changed = _gains(views)
    steps: list[str] = []
    for view in views:
        for step in view.steps:
            steps.extend(name for name in step.split("&") if name not in steps)
    return ObfuscationSignals(
        **counts,  # type: ignore[arg-type]
        gains=gains,
        changed=changed,
        decode_depth=max((_decode_depth(v.steps) for v in views), default=0),
        steps=tuple(steps),
        views=len(views),
    )


def _character_counts(window: str, head: int) -> dict[str, object]:
    invisible = in_words = bidi = tags = 0
    spans: list[tuple[int, int]] = []
    for match in INVISIBLE.finditer(window):
        start, end = match.span()
        run = match.group(0)
        before = window[start - 1] if start else ""
        after = window[end] if end < len(window) else ""
        tag_count = sum(len(tag) for tag in TAGS.findall(run))
        if tag_count and not (before == BLACK_FLAG and tag_count <= 7):
            tags += tag_count
        bidi += sum(run.count(c) for c in BIDI)
        others = len(run) - tag_count
        if not others or (
            _EMOJI_JOINERS.issuperset(run) and not (before in _ALNUM and after in _ALNUM)
        ):
            continue
        if start == 0 and run == "\ufeff":
            continue
        invisible += others
        if before in _ALNUM and after in _ALNUM and run != "\u00ad":  # soft hyphens hyphenate
            in_words += others
        if len(spans) < 32 and end <= head:
            spans.append((start, end))
    styled = sum(len(m.group(0)) for m in _STYLED.finditer(window))
    return {
        "invisible": invisible,
        "invisible_in_words": in_words,
        "bidi": bidi,
        "rtl": _RTL.search(window) is not None,
        "tags": tags,
        "styled_letters": styled,
        "spans": tuple(spans),
    }


def _word_counts(normalized: str) -> dict[str, object]:
    counts: dict[str, object] = {
        "marks": sum(len(run) for run in itertools.islice(_LATIN_MARKS.findall(normalized), 256))
    }
    if LOOKALIKE_CHARS.isdisjoint(normalized) or _ASCII_LETTERS.isdisjoint(normalized):
        return counts
    mixed, pure, posing = scan_words(normalized)
    counts["mixed_script_words"] = len(mixed)
    counts["lookalike_words"] = len(pure) if posing else 0
    return counts


def _gains(views: Sequence[View]) -> tuple[dict[str, int], dict[str, int]]:
    """Per step: common words it added, and words it changed, view by view along the chain."""
    gains: dict[str, int] = {}
    changed: dict[str, int] = {}
    if len(views) < 2:
        return gains, changed
    previous = views[0]
    before, _ = common_hits(previous.content, _GAIN_CHARS)
    for view in views[1:]:
        after, _ = common_hits(view.content, _GAIN_CHARS)
        # "nfkc" only counts in the view it made: later views list it even when it did nothing.
        new = [
            step
            for step in view.steps
            if step not in previous.steps and (step != "nfkc" or view.steps == ("nfkc",))
        ]
        diff = _changed_words(previous.content, view.content)
        for step in new:
            for name in step.split("&"):
                gains[name] = max(gains.get(name, 0), after - before)
                changed[name] = max(changed.get(name, 0), diff)
        previous, before = view, after
    return gains, changed


def _changed_words(before: str, after: str) -> int:
    """Words that differ between two views (the drop in word count when it changed)."""
    old = before[:_GAIN_CHARS].split()
    new = after[:_GAIN_CHARS].split()
    if len(old) != len(new):
        return abs(len(old) - len(new))
    return sum(a != b for a, b in zip(old, new, strict=True))


def _decode_depth(steps: tuple[str, ...]) -> int:
    return sum(any(name in DECODE_STEPS for name in step.split("&")) for step in steps)
