"""Segments of a document and their lexical "instruction" features, for the injection slice.

A document (an e-mail, a web page, a code answer, a tool result) is cut into lines, and long
lines into sentences; each segment keeps its character offsets so a finding can point at it.
Every step is a single linear pass over a bounded prefix of the text: no regex backtracking,
at most :data:`MAX_SEGMENTS` segments.

The lexical features are hashed (CRC-32, stable across processes and platforms) into a fixed
number of buckets, so the trained weights are a flat array and scoring a segment costs a few
dictionary-free look-ups. The same functions build the training features
(``scripts/models/train_injection.py``), which keeps training and run time identical.
"""

from __future__ import annotations

import itertools
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

MAX_CHARS = 50_000
"""Only this prefix of a document is segmented (the stack's limits rule bounds the rest)."""
MAX_SEGMENTS = 400
"""Segments beyond this many are ignored (their text still counts as document context)."""
MAX_SEGMENT_CHARS = 400
"""Longer segments are cut at this length for features (the span stays whole)."""
SPLIT_CHARS = 0
"""Lines longer than this are cut into sentences (0: every line)."""
MIN_WORDS = 3
"""A segment needs at least this many words to be a candidate instruction."""
BUCKETS = 1 << 14
"""Hash buckets of the lexical features."""

# Linear patterns only: a word scanner, and a sentence boundary with fixed-width look-around.
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[A-Z])")
_LINE_BREAK = re.compile(r"\n|\|")

# The segment speaks about the surrounding data ("summarize the e-mail below", "what does this
# code do?"): the user framing a document, not something hidden in it.
_FRAMING = re.compile(
    r"\b(?:this|these|those|following|below|above|attached|here is|here's|enclosed|"
    r"the (?:e-?mail|message|text|article|passage|document|code|snippet|paragraph|story|essay|"
    r"poem|list|table|data|report|letter|review|content|author|writer|post|function|script|"
    r"program|context|excerpt|transcript|page|thread|conversation|chat|sentence|words?))\b",
    re.IGNORECASE,
)
# Second person aimed at the assistant's own output.
_YOUR_OUTPUT = re.compile(
    r"\byour (?:response|reply|answer|output|summary|code|solution|implementation|"
    r"codebase|program|script|algorithm|explanation|translation|analysis|message)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Segment:
    """One line or sentence of a document: where it is, and its text."""

    start: int
    end: int
    text: str


def segments(text: str) -> list[Segment]:
    """Lines (split on newlines and ``|``) of ``text``, long lines cut into sentences.

    Fenced code blocks (between lines starting with ```````) are kept as single segments so
    that code never reads as prose. Blank segments are dropped.
    """
    text = text[:MAX_CHARS]
    out: list[Segment] = []
    fence_start: int | None = None
    for start, end in _iter_lines(text):
        line = text[start:end]
        stripped = line.strip()
        if stripped.startswith("```"):
            if fence_start is None:
                fence_start = start
            else:
                out.append(_trimmed(text, fence_start, end))
                fence_start = None
            continue
        if fence_start is not None:
            continue
        if not stripped:
            continue
        if len(line) <= SPLIT_CHARS:
            out.append(Segment(start, end, stripped))
        else:
            cut = start
            for boundary in _SENTENCE_END.finditer(line):
                piece = text[cut : start + boundary.start()]
                if piece.strip():
                    out.append(Segment(cut, start + boundary.start(), piece.strip()))
                cut = start + boundary.end()
            if text[cut:end].strip():
                out.append(Segment(cut, end, text[cut:end].strip()))
        if len(out) >= MAX_SEGMENTS:
            return out[:MAX_SEGMENTS]
    if fence_start is not None:  # an unclosed fence runs to the end
        out.append(_trimmed(text, fence_start, len(text)))
    return out[:MAX_SEGMENTS]


def _iter_lines(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for match in _LINE_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def words(text: str, limit: int = MAX_SEGMENT_CHARS) -> list[str]:
    """Lower-cased words of the first ``limit`` characters of ``text``."""
    return [w.lower() for w in _WORD.findall(text[:limit])]


def _trimmed(text: str, start: int, end: int) -> Segment:
    """The segment ``text[start:end]`` without its surrounding whitespace, span included."""
    chunk = text[start:end]
    lead = len(chunk) - len(chunk.lstrip())
    body = chunk.strip()
    return Segment(start + lead, start + lead + len(body), body)


def is_code(segment: Segment) -> bool:
    """Whether the segment is a fenced code block."""
    return segment.text.lstrip().startswith("```")


def candidate(segment: Segment) -> bool:
    """Whether a segment could be an instruction (enough words, not a code block)."""
    return not is_code(segment) and len(words(segment.text)) >= MIN_WORDS


def framing(text: str) -> bool:
    """Whether the segment refers to the surrounding document (a user framing it)."""
    return bool(_FRAMING.search(text[:MAX_SEGMENT_CHARS])) or text.rstrip().endswith(":")


def ngram_features(ws: Sequence[str]) -> list[str]:
    """Word, bigram, first-word and first-bigram features of ``ws`` (``["empty"]`` if none).

    Shared with the intent slice's lexical model.
    """
    if not ws:
        return ["empty"]
    feats = [f"w:{w}" for w in ws]
    feats += [f"b:{a}_{b}" for a, b in itertools.pairwise(ws)]
    feats.append(f"f:{ws[0]}")
    if len(ws) > 1:
        feats.append(f"f2:{ws[0]}_{ws[1]}")
    return feats


def lexical_features(text: str) -> list[str]:
    """Named lexical features of one segment (hashed by :func:`hashed`)."""
    ws = words(text)
    if not ws:
        return ["empty"]
    feats = ngram_features(ws)
    tail = text.rstrip()[-1:] or " "
    feats.append(f"end:{tail if tail in '?.:!' else 'other'}")
    feats.append(f"len:{min(len(ws) // 4, 8)}")
    if _YOUR_OUTPUT.search(text[:MAX_SEGMENT_CHARS]):
        feats.append("your_output")
    if text[:1].isupper():
        feats.append("capital")
    return feats


def hashed(features: Sequence[str], buckets: int = BUCKETS, errors: str = "replace") -> np.ndarray:
    """Distinct bucket indices of ``features``.

    CRC-32 (stable across processes and platforms) of each name, UTF-8 encoded with
    ``errors``, masked to ``buckets`` (a power of two).
    """
    return np.unique(
        np.fromiter(
            (zlib.crc32(f.encode("utf-8", errors)) & (buckets - 1) for f in features),
            dtype=np.int64,
            count=len(features),
        )
    )


_STOP_WORDS = (
    "this that with from have what which when where your their there them they then than "
    "will would could should about into also been were does only some more most other such "
    "here just like make made very each many much over please following below above"
)
_STOP = frozenset(_STOP_WORDS.split())


def content_words(text: str, limit: int = MAX_SEGMENT_CHARS) -> Counter[str]:
    """Counts of the content words (4+ letters, not function words) of a bounded text."""
    return Counter(w for w in words(text, limit) if len(w) >= 4 and w not in _STOP)


def overlap(segment_words: Counter[str], document_words: Counter[str]) -> float:
    """Share of a segment's content words that occur elsewhere in its document."""
    if not segment_words:
        return 0.0
    shared = sum(1 for w, n in segment_words.items() if document_words.get(w, 0) > n)
    return shared / len(segment_words)


def context_features(
    index: int,
    count: int,
    segment_text: str,
    *,
    doc_cosine: float,
    own_lex: float,
    context_lex: float,
    word_overlap: float,
) -> np.ndarray:
    """Position and context features appended to a segment's embedding (see the slice)."""
    return np.asarray(
        [
            doc_cosine,
            own_lex,
            context_lex,
            1.0 if index == 0 else 0.0,
            1.0 if index == count - 1 else 0.0,
            1.0 if framing(segment_text) else 0.0,
            1.0 if _YOUR_OUTPUT.search(segment_text[:MAX_SEGMENT_CHARS]) else 0.0,
            min(np.log1p(count) / 5.0, 1.0),
            word_overlap,
        ],
        dtype=np.float32,
    )


N_CONTEXT = 9
"""Length of :func:`context_features`."""
