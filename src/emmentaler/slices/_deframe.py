"""The request sentences of a framed prompt, for the intent head to read without their frame.

A harmful request wrapped in a role-play, a story or a pretext ("Imagine you are a chemist in
a thriller. ... Could you describe, step by step, how ...? This is for research only.") is
embedded as one text, and the frame pulls the embedding toward the harmless persona and
fiction prompts the head has learned to allow. When a prompt carries such a frame, its
request sentences (the ones that ask for something) are also scored alone; the intent head
keeps the highest score. The shipped head is not trained on such fragments
(``INTENT_DEFRAME=off`` in ``scripts/models/train_heads.py``: training on them cost held-out
harmful recall), so the policy's ``intent-framed`` rules use their own, stricter thresholds.

The cue lists name framing devices in general (personas, fiction, hypotheticals, pretexts of
purpose, departed relatives, "no rules" characters); they were written from those devices,
not from any attack data set. Every pattern is RE2 (linear time), and at most
:data:`MAX_CHARS` characters are read (of a longer prompt, its first and last halves).
"""

from __future__ import annotations

import re2

from . import _segments as seg
from .many_shot import re2_safe

MAX_CHARS = 3000
"""Characters read per prompt: a longer one is read at both ends, half each."""
MAX_REQUESTS = 4
"""At most this many request sentences per prompt (the last ones: the ask follows the set-up)."""
MIN_WORDS = 4
"""A request sentence has at least this many words."""
MAX_SENTENCE_CHARS = 400
"""A longer sentence is cut to this length."""

_OPTIONS = re2.Options()
_OPTIONS.case_sensitive = False
_OPTIONS.max_mem = 8 << 20

_FRAME = re2.compile(
    r"\b(?:"
    # personas and role-play
    r"imagine|pretend|role-?play(?:ing)?|in character|act as|acting as|take on the role|"
    r"play the (?:role|part)|you are (?:a|an|now|my|the)|you're (?:a|an|now|my|the)|"
    r"from now on|stay in character|persona|"
    # fiction
    r"novel|story|stories|screenplay|movie|film|fiction|fictional|character|villain|"
    r"protagonist|chapter|plot|scene|thriller|"
    # hypotheticals
    r"hypothetical|hypothetically|thought experiment|in a world where|parallel universe|"
    r"alternate (?:reality|universe|world)|simulation|scenario|"
    # pretexts of purpose and authority
    r"for (?:research|educational|academic|informational|training|testing|awareness) purposes|"
    r"purely|for a (?:project|class|paper|study|report|presentation)|"
    r"(?:will|would) (?:not|never) be used|won't be used|ethical hack\w*|white[- ]hat|"
    r"authori[sz]ed|as a (?:researcher|professor|scientist|chemist|doctor|journalist|detective|"
    r"police officer|security (?:expert|researcher|professional))|"
    # departed relatives and "no rules" characters
    r"grandma|grandpa|grandmother|grandfather|late (?:mother|father|mom|dad)|"
    r"no (?:rules|restrictions|limits|filters)|unfiltered|uncensored|never refuses?"
    r")\b",
    _OPTIONS,
)

_REQUEST = re2.compile(
    r"\b(?:"
    r"can you|could you|would you|will you|please|i need|i want|help me|"
    r"explain|describe|detail|detailed|outline|list|provide|give|write|tell|show|share|"
    r"walk (?:me|us) through|teach|"
    r"how (?:to|do|does|did|can|could|would|should|much|many)|what (?:is|are) the (?:steps|best)|"
    r"step-by-step|step by step|instructions?|guide|recipe|method|methods|process|procedure|"
    r"ingredients|quantities|amounts|"
    r"make|build|create|produce|obtain|get|acquire|synthesi[sz]e|manufacture"
    r")\b",
    _OPTIONS,
)


def _parts(text: str) -> list[tuple[int, str]]:
    """``(offset, part)``: the whole text, or its first and last ``MAX_CHARS // 2`` characters.

    The ask of a framed prompt usually comes last, after the set-up, so a long prompt is read
    at both ends (padding the frame must not push the request out of view).
    """
    if len(text) <= MAX_CHARS:
        return [(0, text)]
    half = MAX_CHARS // 2
    return [(0, text[:half]), (len(text) - half, text[-half:])]


def framed(text: str) -> bool:
    """Whether the prompt carries a framing device (its first and last characters are read)."""
    return any(_FRAME.search(re2_safe(part)) is not None for _, part in _parts(text))


def requests(text: str) -> list[seg.Segment]:
    """The request sentences of a framed prompt (empty when it has no frame).

    A sentence is a line, or a sentence of a line (``_segments.segments``); it is a request
    when it has a request word and :data:`MIN_WORDS` words. A prompt that is a single
    sentence has nothing to take apart and gives nothing. A prompt longer than
    :data:`MAX_CHARS` is read at both ends, without the sentences the cut may have broken.
    At most :data:`MAX_REQUESTS`, the last ones, each cut to :data:`MAX_SENTENCE_CHARS`
    characters (its span, without surrounding whitespace, stays whole).
    """
    if not framed(text):
        return []
    parts = _parts(text)
    sentences: list[seg.Segment] = []
    for k, (offset, part) in enumerate(parts):
        found = seg.segments(part)
        if len(parts) > 1:  # the head's last and the tail's first sentence may be cut
            found = found[:-1] if k == 0 else found[1:]
        sentences += [seg._trimmed(text, offset + s.start, offset + s.end) for s in found]
    if len(sentences) < 2:
        return []
    out = [
        seg.Segment(s.start, s.end, s.text[:MAX_SENTENCE_CHARS])
        for s in sentences
        if len(s.text.split()) >= MIN_WORDS and _REQUEST.search(re2_safe(s.text)) is not None
    ]
    return out[-MAX_REQUESTS:]
