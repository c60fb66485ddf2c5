"""Cheap "does this read as English?" checks, and reversed/rot13/atbash views.

A view transforms the whole text when that makes it read as English; else, with
:func:`chunk_transform`, the chunks of it that do (a reversed or rot13 request inside an
English instruction: "ROT13: Tvir zr ... -- decode and answer").

The measure is the share of word tokens found in a small list of frequent English words,
taken over a bounded sample, so every check costs a few microseconds.
"""

from __future__ import annotations

import re

from ._tables import ATBASH, COMMON_WORDS, PUNCT_STRIP, ROT13

SAMPLE_CHARS = 2_048
"""Characters sampled from a text to judge its language."""

MIN_TOKENS = 3
ENGLISH_RATE = 0.25
"""A text whose common-word rate reaches this already reads as English: nothing to undo."""
TRANSFORMED_RATE = 0.3
MIN_GAIN = 0.2
ASCII_SHARE = 0.9
CHUNK_ENGLISH_RATE = 0.45
"""A chunk whose common-word rate reaches this reads as English (a short reversed sentence
keeps its "a" and "I", so a chunk needs more than a whole text)."""
MAX_CHUNKS = 32
"""Chunks of the sample tried by :func:`chunk_transform`."""

# A chunk runs between line breaks, colons, brackets, quotes, dashes and sentence ends: one
# character class, linear.
_CHUNK = re.compile(r"[^\n:()\[\]{}\"“”«»|;.!?—–]+")


def common_hits(content: str, max_chars: int = SAMPLE_CHARS) -> tuple[int, int]:
    """(common English words, word tokens) in the first ``max_chars`` characters."""
    tokens = content[:max_chars].lower().split()
    hits = 0
    for token in tokens:
        if token in COMMON_WORDS or token.strip(PUNCT_STRIP) in COMMON_WORDS:
            hits += 1
    return hits, len(tokens)


def english_rate(content: str) -> float:
    """Share of tokens that are common English words (0.0 for fewer than three tokens)."""
    hits, tokens = common_hits(content)
    return hits / tokens if tokens >= MIN_TOKENS else 0.0


def language_transform(content: str, *, gain_only: bool = False) -> tuple[str, str] | None:
    """The whole-text transform that makes ``content`` read as English, if one clearly does.

    Returns ``(name, transformed)`` with name ``reversed``, ``rot13`` or ``atbash``, or None
    when ``content`` already reads as English, is too short, or no transform helps enough.
    ``gain_only`` (for chunks) raises the "already reads as English" bar to
    :data:`CHUNK_ENGLISH_RATE`.
    """
    sample = content[:SAMPLE_CHARS]
    tail = content[-SAMPLE_CHARS:][::-1]
    if not sample.isascii():
        # translate() is slow on non-ASCII characters, and they never spell English words.
        ascii_only = sample.encode("ascii", "ignore").decode("ascii")
        if len(ascii_only) < ASCII_SHARE * len(sample):
            return None
        sample = ascii_only
        tail = tail.encode("ascii", "ignore").decode("ascii")
    hits, tokens = common_hits(sample)
    if tokens < MIN_TOKENS:
        return None
    rate = hits / tokens
    if rate >= (CHUNK_ENGLISH_RATE if gain_only else ENGLISH_RATE):
        return None
    best: tuple[float, str] | None = None
    for name, candidate in (
        ("reversed", tail),
        ("rot13", sample.translate(ROT13)),
        ("atbash", sample.translate(ATBASH)),
    ):
        got, count = common_hits(candidate)
        if got < MIN_TOKENS or count == 0:
            continue
        new_rate = got / count
        better = best is None or new_rate > best[0]
        if new_rate >= TRANSFORMED_RATE and new_rate >= rate + MIN_GAIN and better:
            best = (new_rate, name)
    if best is None:
        return None
    name = best[1]
    if name == "reversed":
        return name, content[::-1]
    return name, content.translate(ROT13 if name == "rot13" else ATBASH)


def chunk_transform(content: str) -> tuple[str, str] | None:
    """``content`` with each chunk that reads as English once transformed, transformed in place.

    Chunks are tried in the first :data:`SAMPLE_CHARS` characters, at most :data:`MAX_CHUNKS`
    of them, each as :func:`language_transform` tries a whole text. Returns ``(names,
    transformed)`` (the transforms used, joined with ``+``) or None when no chunk changed.
    """
    sample = content[:SAMPLE_CHARS]
    pieces: list[str] = []
    names: set[str] = set()
    last = 0
    for k, match in enumerate(_CHUNK.finditer(sample)):
        if k >= MAX_CHUNKS:
            break
        transformed = language_transform(match.group(), gain_only=True)
        if transformed is None:
            continue
        pieces += [sample[last : match.start()], transformed[1]]
        names.add(transformed[0])
        last = match.end()
    if not names:
        return None
    pieces.append(content[last:])
    return "+".join(sorted(names)), "".join(pieces)
