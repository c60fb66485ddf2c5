"""Size, repetition and token-count bounds: cheap checks that run first."""

from __future__ import annotations

from pydantic import Field

from ..core import Finding, Span, Stage, Text
from ..slice import SliceParams


class LimitsSlice:
    """Score 1.0 when a text exceeds a configured bound, with the bound named in the note.

    Repetition is measured as the share of the text covered by its most repeated run of a
    short unit (a character or a word), which finds both ``aaaa...`` and ``word word word``
    floods in one linear pass.
    """

    stages = frozenset({Stage.PROMPT, Stage.RESPONSE, Stage.CONVERSATION})
    sees_views = False

    class Params(SliceParams):
        """Bounds; any one exceeded scores 1.0."""

        max_chars: int = Field(default=100_000, ge=1, description="Most characters in one text.")
        max_tokens: int = Field(
            default=32_000,
            ge=1,
            description="Most approximate tokens (about 4 characters or a word each).",
        )
        max_repeat_share: float = Field(
            default=0.8,
            gt=0.0,
            le=1.0,
            description="Most share of a long text taken by one repeated word or character run.",
        )
        min_chars_for_repeat: int = Field(
            default=2_000,
            ge=1,
            description="Repetition is only judged on texts at least this long.",
        )
        max_turns: int = Field(default=1_000, ge=1, description="Most turns in one conversation.")

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()

    def score(self, text: Text) -> Finding:
        """1.0 when any bound is exceeded, else 0.0; the note names the bound."""
        p = self.params
        content = text.content
        n = len(content)
        if n > p.max_chars:
            return Finding(1.0, (Span(p.max_chars, n),), f"max_chars: {n} > {p.max_chars}")
        tokens = approx_tokens(content)
        if tokens > p.max_tokens:
            return Finding(1.0, note=f"max_tokens: about {tokens} > {p.max_tokens}")
        if text.stage is Stage.CONVERSATION and len(text.turns) > p.max_turns:
            return Finding(1.0, note=f"max_turns: {len(text.turns)} > {p.max_turns}")
        if n >= p.min_chars_for_repeat:
            share = repeat_share(content)
            if share > p.max_repeat_share:
                return Finding(1.0, note=f"max_repeat_share: {share:.2f} > {p.max_repeat_share}")
        return Finding(0.0)


def approx_tokens(content: str) -> int:
    """A cheap upper-side token estimate: the larger of words and characters / 4."""
    return max(len(content.split()), (len(content) + 3) // 4)


def repeat_share(content: str) -> float:
    """Share of ``content`` covered by its most frequent word (or character, if no spaces)."""
    words = content.split()
    if len(words) <= 1:
        counts: dict[str, int] = {}
        for char in content:
            counts[char] = counts.get(char, 0) + 1
        return max(counts.values()) / len(content) if content else 0.0
    word_counts: dict[str, int] = {}
    for word in words:
        word_counts[word] = word_counts.get(word, 0) + 1
    top, count = max(word_counts.items(), key=lambda item: item[1])
    return min(1.0, count * (len(top) + 1) / max(len(content), 1))
