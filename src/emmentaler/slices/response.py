"""Harmful responses, and refusals: screen what the model answered.

``response`` scores whether a model response is harmful (it complies with a harmful request or
carries dangerous instructions). The response is cut into short overlapping token windows
(:data:`WINDOW` tokens every :data:`STRIDE`, at most ``max_windows`` spread over head, middle
and tail), the window embeddings are averaged, and a logistic head reads that mean together
with :data:`LEXICAL_FEATURES` (refusal, a compliance opener such as "Sure, here is", numbered
steps, code, quantities with units, role-play disclaimers, warnings...). Averaging short
windows weighs the whole answer evenly, so a harmless preamble does not hide what follows.
The prompt is not used: in the behaviour-grouped cross-validation it did not help (see
MODEL_CARD.md). ``refusal`` scores whether the response is a refusal; it does not judge harm
(the default policy records it with action ``allow``) and feeds helpfulness metrics.

``Finding.labels`` cannot carry the refusal signal in ``response``'s finding: the core
requires a finding's score to be at least each label's, and a refusal has a low harm score.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import re2
from pydantic import Field

from ..core import Finding, Stage, Text
from ..embedding import get_encoder
from ..slice import SliceParams
from ._heads import load_head
from ._lexical import RESPONSE_FEATURES, _encodable, refusal_score, response_features

WINDOW = 64
"""Tokens per embedding window (with the two special tokens)."""
STRIDE = 48
MAX_WINDOWS = 6
"""Default cap: six 64-token windows cost about as much as two or three 128-token ones."""
LEXICAL_CHARS = 4000
"""Lexical features read at most this many characters of the response."""

_NUMBERED = re2.compile(r"(?m)^\s*\d{1,2}[.)]\s")
_STEP = re2.compile(r"(?i)\bstep \d")
_BULLET = re2.compile(r"(?m)^\s*[-*•]\s")
_CODE = re2.compile(r"```|\bdef \w+\(|\bimport \w+|#include|<script|\bfunction\s*\w*\(")
_QUANTITY = re2.compile(
    r"(?i)\b\d+(?:\.\d+)?\s?(?:mg|g|kg|ml|l|grams?|ounces?|oz|%|percent|degrees|°c|°f|"
    r"minutes?|hours?|mm|cm|inch(?:es)?)\b"
)
_DISCLAIMER = re2.compile(
    r"(?i)educational|hypothetical|fictional|research purposes|disregard any possible ethical"
)
_HEADING = re2.compile(r"(?m)^\s*(?:#{1,4} |\*\*[^*\n]{1,60}\*\*|title:)")
_REFUSAL_ANYWHERE = re2.compile(
    r"(?i)i (?:can(?:'|no)t|cannot|won'?t|will not) (?:help|assist|provide|fulfil+|comply|"
    r"create|write|generate|support)|i'?m sorry|i apologi[sz]e|as an ai|i must (?:decline|refuse)"
)
_WARNING = re2.compile(
    r"(?i)illegal|unethical|harmful|dangerous|not condone|not (?:recommended|advisable)|"
    r"strongly (?:advise|discourage)|consequences|seek (?:help|professional)|hotline"
)
_VERSE = re2.compile(r"(?m)^[^\n]{5,60}[,.]?\n[^\n]{5,60}[,.]?\n[^\n]{5,60}[,.]?\n")
_SECOND_PERSON = re2.compile(r"(?i)\byou(?:'ll| will| should| can| need)\b")
_IMPERATIVE = re2.compile(
    r"(?im)^\s*(?:\d+[.)]\s*)?(?:\*\*)?(?:obtain|gather|acquire|create|use|find|mix|add|"
    r"install|write|identify|set up|choose|build|make|send|contact|research)\b"
)
_COUNTED = (
    ("numbered", _NUMBERED, 5),
    ("step_n", _STEP, 5),
    ("bullets", _BULLET, 5),
    ("quantities", _QUANTITY, 5),
    ("headings", _HEADING, 4),
    ("warnings", _WARNING, 5),
    ("second_person", _SECOND_PERSON, 5),
    ("imperatives", _IMPERATIVE, 5),
)
LEXICAL_FEATURES = (
    *RESPONSE_FEATURES,
    *(name for name, _, _ in _COUNTED),
    "code",
    "disclaimer",
    "refusal_anywhere",
    "verse",
    "length",
)
"""Lexical features appended to the mean window embedding, in this order (each in [0, 1])."""


def lexical_features(response: str) -> np.ndarray:
    """The :data:`LEXICAL_FEATURES` of a response (linear-time RE2 patterns, bounded input).

    Counts are capped and scaled to [0, 1]; ``length`` is the character count over 2,000.
    """
    text = _encodable(response[:LEXICAL_CHARS])
    counted = [min(len(pattern.findall(text)), cap) / cap for _, pattern, cap in _COUNTED]
    flags = [
        _CODE.search(text) is not None,
        _DISCLAIMER.search(text[:600]) is not None,
        _REFUSAL_ANYWHERE.search(text) is not None,
        _VERSE.search(text[:500]) is not None,
    ]
    return np.concatenate(
        [
            response_features(response),
            np.array(counted, dtype=np.float32),
            np.array(flags, dtype=np.float32),
            np.array([min(len(response), 2000) / 2000.0], dtype=np.float32),
        ]
    ).astype(np.float32)


def response_vector(windows: np.ndarray, response: str) -> np.ndarray:
    """The head's input: mean of the window embeddings, then :func:`lexical_features`."""
    return np.concatenate([windows.mean(axis=0), lexical_features(response)]).astype(np.float32)


class ResponseSlice:
    """Probability that a model response is harmful."""

    stages = frozenset({Stage.RESPONSE})
    sees_views = False

    class Params(SliceParams):
        """Options of the response slice."""

        max_windows: int = Field(
            default=MAX_WINDOWS,
            ge=1,
            le=32,
            description=f"Most {WINDOW}-token windows per response (spread over long ones).",
        )

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()

    def score(self, text: Text) -> Finding:
        """Harmful-response probability in [0, 1]; the note gives the refusal score."""
        return self.score_many([text])[0]

    def score_many(self, texts: Sequence[Text]) -> list[Finding]:
        """Score a batch (one embedding call for all of it).

        A blank response (a reply that only calls tools has no content) carries nothing to
        judge and scores 0 (the head gave blank text 0.6 to 0.8).
        """
        blank = [not text.content.strip() for text in texts]
        scored = iter(self._score_many([t for t, b in zip(texts, blank, strict=True) if not b]))
        empty = Finding(0.0, note="harmful 0.00, refusal 0.0, 0 windows (blank response)")
        return [empty if b else next(scored) for b in blank]

    def _score_many(self, texts: Sequence[Text]) -> list[Finding]:
        if not texts:
            return []
        head = load_head("response")
        contents = [text.content for text in texts]
        blocks = get_encoder().embed_windows(
            contents, window=WINDOW, stride=STRIDE, max_windows=self.params.max_windows
        )
        rows = np.stack(
            [
                response_vector(block, content)
                for block, content in zip(blocks, contents, strict=True)
            ]
        )
        probs = head.proba(rows)
        findings = []
        for p, content, block in zip(probs, contents, blocks, strict=True):
            score = float(min(1.0, max(0.0, p)))
            refusal = refusal_score(content)
            note = f"harmful {score:.2f}, refusal {refusal:.1f}, {len(block)} windows"
            findings.append(Finding(score, note=note))
        return findings


class RefusalSlice:
    """1.0 when a response is a plain refusal, 0.5 when it refuses and then complies, else 0.0."""

    stages = frozenset({Stage.RESPONSE})
    sees_views = False

    def __init__(self, params: SliceParams | None = None) -> None:
        self.params = params

    def score(self, text: Text) -> Finding:
        """Refusal score in {0, 0.5, 1} from phrases at the head of the response."""
        value = refusal_score(text.content)
        return Finding(value, note="refusal" if value >= 1.0 else "")
