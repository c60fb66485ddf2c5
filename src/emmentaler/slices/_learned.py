"""What the learned slices share: which views to embed, and window-max scoring with a head.

Scoring every unveiled view would cost one more embedding per view, so a learned slice reads
``text.views`` itself (``sees_views = False``) and embeds at most two: the original and the
most-decoded view (the last of unveil's chain), when it differs. The finding names the view
that scored highest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..core import ORIGINAL, Text
from ..embedding import get_encoder
from ._heads import Head

WINDOW = 128
STRIDE = 112


@dataclass(frozen=True, slots=True)
class Scored:
    """The best window of one candidate text."""

    view: str
    score: float
    window: int
    windows: int
    features: np.ndarray


def candidates(text: Text, *, decoded: bool = True) -> list[tuple[str, str]]:
    """``(view name, content)`` pairs to embed: the original, plus the most-decoded view."""
    out = [(ORIGINAL, text.content)]
    if decoded and len(text.views) > 1:
        last = text.views[-1]
        if last.name != ORIGINAL and last.content != text.content and last.content.strip():
            out.append((last.name, last.content))
    return out


def score_windows(
    head: Head,
    groups: Sequence[Sequence[tuple[str, str]]],
    *,
    max_windows: int,
    extra: Sequence[Sequence[np.ndarray]] | None = None,
) -> list[Scored]:
    """For each group of candidate texts, the best (view, window) under ``head``.

    All candidates of all groups are embedded in one call (the encoder's cache makes a text
    already embedded by another slice free). ``extra`` optionally holds, per group and
    candidate, a vector of lexical features appended to every window's embedding.
    """
    flat = [content for group in groups for _, content in group]
    blocks = get_encoder().embed_windows(
        flat, window=WINDOW, stride=STRIDE, max_windows=max_windows
    )
    out: list[Scored] = []
    position = 0
    for g, group in enumerate(groups):
        best: Scored | None = None
        for c, (view, _) in enumerate(group):
            block = blocks[position]
            position += 1
            if extra is not None:
                block = np.hstack([block, np.repeat(extra[g][c][None, :], len(block), axis=0)])
            probs = head.proba(block)
            k = int(np.argmax(probs))
            score = float(min(1.0, max(0.0, probs[k])))
            if best is None or score > best.score:
                best = Scored(view, score, k, len(block), block[k])
        assert best is not None  # every group holds the original
        out.append(best)
    return out
