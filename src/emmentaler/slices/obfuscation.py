"""Obfuscation as a signal: how much unveiling a text needed before it read plainly.

Each kind of obfuscation gets a label score in [0, 1] that saturates with its count
(``1 - 0.5 ** (count / half)``: ``half`` is the count that scores 0.5); the slice's score
combines the labels as independent evidence (``1 - prod(1 - label)``), so it is at least
the highest label. Counts that ordinary text also produces (a stray zero-width space, a
``%20`` in a URL, base64 that decodes to data) are weighted low; counts that only deliberate
smuggling produces (tag characters, Cyrillic letters inside English words, percent-escaped
letters, an encoded sentence) saturate fast.
"""

from __future__ import annotations

from pydantic import Field

from ..core import Finding, Span, Stage, Text
from ..slice import SliceParams
from ..unveil import DECODE_STEPS, ObfuscationSignals, signals, unveil

_LANGUAGE_STEPS = ("reversed", "rot13", "atbash")
_ENCODED_STEPS = tuple(sorted(DECODE_STEPS - {"url"}))


class ObfuscationSlice:
    """Score how much de-obfuscation a text needed; labels name each kind found.

    Reads ``text.views`` (filled in once by the stack) and scans the original once; it runs
    unveil itself only when the text comes without views.
    """

    stages = frozenset({Stage.PROMPT, Stage.RESPONSE})
    sees_views = False

    class Params(SliceParams):
        """Counts at which each label reaches 0.5, and fixed weights."""

        invisible_half: float = Field(
            default=3.0,
            gt=0,
            description="Invisible characters inside words (plus words they hid) for label 0.5.",
        )
        invisible_elsewhere_half: float = Field(
            default=12.0, gt=0, description="Invisible characters outside words for label 0.5."
        )
        bidi_half: float = Field(
            default=2.0, gt=0, description="Bidi controls for label 0.5 (text without RTL letters)."
        )
        bidi_rtl_half: float = Field(
            default=10.0, gt=0, description="Bidi controls for label 0.5 in text with RTL letters."
        )
        tag_half: float = Field(default=1.0, gt=0, description="Tag characters for label 0.5.")
        homoglyph_half: float = Field(
            default=1.0, gt=0, description="Mixed-script or look-alike words for label 0.5."
        )
        styled_half: float = Field(
            default=6.0,
            gt=0,
            description="Styled letters (math, fullwidth, circled) for label 0.5.",
        )
        marks_half: float = Field(
            default=6.0, gt=0, description="Combining marks stacked on Latin letters for label 0.5."
        )
        encoded_floor: float = Field(
            default=0.15, ge=0, le=1, description="Label of any encoded run that decodes to text."
        )
        encoded_half: float = Field(
            default=2.0,
            gt=0,
            description="Common words gained by decoding (plus 2 per extra nesting level) for 0.5.",
        )
        url_half: float = Field(
            default=4.0, gt=0, description="Percent-escaped letters or digits for label 0.5."
        )
        language_floor: float = Field(
            default=0.5,
            ge=0,
            le=1,
            description="Label of a text that reads only reversed/rot13/atbash.",
        )
        language_half: float = Field(
            default=3.0, gt=0, description="Common words gained by reversing/rot13/atbash for +0.5."
        )
        leet_half: float = Field(
            default=2.5,
            gt=0,
            description="Common words gained plus half the words changed by leet folding, for 0.5.",
        )
        spaced_half: float = Field(
            default=2.5,
            gt=0,
            description="Common words gained plus half the words merged by joining, for 0.5.",
        )
        max_scan_chars: int = Field(
            default=200_000,
            ge=1_000,
            description="Only the head and tail of longer texts are scanned.",
        )

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()

    def score(self, text: Text) -> Finding:
        """Combine the label scores of every kind of obfuscation found in ``text``."""
        views = text.views or unveil(text.content)
        found = signals(text.content, views, max_scan_chars=self.params.max_scan_chars)
        labels = {name: round(value, 4) for name, value in self.labels(found).items() if value > 0}
        if not labels:
            return Finding(0.0)
        remaining = 1.0
        for value in labels.values():
            remaining *= 1.0 - value
        score = min(1.0, max(1.0 - remaining, max(labels.values())))
        spans = tuple(Span(start, end) for start, end in found.spans)
        note = ", ".join(f"{name} {value:.2f}" for name, value in sorted(labels.items()))
        return Finding(score, spans, note=note, labels=labels)

    def labels(self, found: ObfuscationSignals) -> dict[str, float]:
        """Each kind of obfuscation's label score for ``found``."""
        p = self.params
        gains = found.gains
        # Words that NFKC and removing invisibles brought out count for whichever was present.
        nfkc_gain = max(0, gains.get("nfkc", 0))
        invisible = max(
            _saturate(
                found.invisible_in_words + (nfkc_gain if found.invisible else 0),
                p.invisible_half,
            ),
            _saturate(found.invisible - found.invisible_in_words, p.invisible_elsewhere_half),
        )
        styled = _saturate(
            found.styled_letters + (2 * nfkc_gain if found.styled_letters else 0), p.styled_half
        )
        encoded = 0.0
        if any(step in found.steps for step in _ENCODED_STEPS) or found.decode_depth > 1:
            gained = max((gains.get(step, 0) for step in _ENCODED_STEPS), default=0)
            depth_bonus = 2 * max(0, found.decode_depth - 1)
            encoded = p.encoded_floor + (1 - p.encoded_floor) * _saturate(
                max(0, gained) + depth_bonus, p.encoded_half
            )
        language = 0.0
        if any(step in found.steps for step in _LANGUAGE_STEPS):
            gained = max(gains.get(step, 0) for step in _LANGUAGE_STEPS)
            language = p.language_floor + (1 - p.language_floor) * _saturate(
                max(0, gained), p.language_half
            )
        return {
            "invisible": invisible,
            "bidi": _saturate(found.bidi, p.bidi_rtl_half if found.rtl else p.bidi_half),
            "tags": _saturate(found.tags, p.tag_half),
            "homoglyphs": _saturate(
                found.mixed_script_words + found.lookalike_words, p.homoglyph_half
            ),
            "styled": styled,
            "marks": _saturate(found.marks, p.marks_half),
            "encoded": encoded,
            "url_escapes": _saturate(found.escaped_alnum, p.url_half),
            "language": language,
            "leet": _saturate(_evidence(found, "leet"), p.leet_half),
            "spaced": _saturate(_evidence(found, "join"), p.spaced_half),
        }


def _evidence(found: ObfuscationSignals, step: str) -> float:
    """Common words a step gained plus the words it changed (a sixth of them if it gained none)."""
    gained = max(0, found.gains.get(step, 0))
    return gained + found.changed.get(step, 0) / (2 if gained else 6)


def _saturate(count: float, half: float) -> float:
    """0 for no count, 0.5 at ``half``, approaching 1 as ``count`` grows."""
    if count <= 0:
        return 0.0
    return 1.0 - float(0.5 ** (count / half))
