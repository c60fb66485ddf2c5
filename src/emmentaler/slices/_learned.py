"""What the learned slices share: which views to embed, and window-max scoring with a head.

Scoring every unveiled view would cost one more embedding per view, so a learned slice reads
``text.views`` itself (``sees_views = False``) and embeds at most two: the original and the
most-decoded view (the last of unveil's chain), when it differs. The finding names the view
that scored highest.

With ``triage = true`` (off by default) two cheap models (``emmentaler.triage``: hashed words
and static token projections) look at every candidate of a text first; when all of them score
below both gates the encoder is skipped
and the slice scores 0, with a note giving the triage score. The triage result is cached per
text, so intent, jailbreak and memory compute it once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from pydantic import Field

from ..core import ORIGINAL, Text, View
from ..embedding import get_encoder
from ..slice import SliceParams
from ..triage import get_triage
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
    note: str = ""
    """Set when the encoder was skipped (the triage score and gate)."""

    @property
    def skipped(self) -> bool:
        """Whether triage skipped the encoder (``windows`` is then 0)."""
        return self.windows == 0


class LearnedParams(SliceParams):
    """Options every embedding-head slice shares."""

    max_windows: int = Field(
        default=8,
        ge=1,
        le=32,
        description="Most embedding windows per text (spread over long texts).",
    )
    decoded_view: bool = Field(
        default=True,
        description="Also score the most-decoded unveiled view (one more embedding).",
    )
    triage: bool = Field(
        default=False,
        description=(
            "Skip the encoder (score 0) when both cheap triage models score every "
            "candidate view below their gates (each set to pass 99.5 % of train attacks)."
        ),
    )


LEET_MIN_CHANGED = 0.25
"""A leetspeak view is embedded only when folding changed at least this share of its words.

Folding digits in ordinary text (prices, dates, ids in an e-mail) yields token soup that the
embedding model has never seen; such views raised false positives without revealing anything.
"""


def candidates(text: Text, *, decoded: bool = True) -> list[tuple[str, str]]:
    """``(view name, content)`` pairs to embed: the original, plus the most-decoded view."""
    out = [(ORIGINAL, text.content)]
    if not decoded or len(text.views) <= 1:
        return out
    views = list(text.views)
    while len(views) > 1 and views[-1].steps[-1:] == ("leet",) and not _leet_rewrote(views):
        views.pop()
    last = views[-1]
    if last.name != ORIGINAL and last.content != text.content and last.content.strip():
        out.append((last.name, last.content))
    return out


def _leet_rewrote(views: Sequence[View]) -> bool:
    """Whether the last (leet) view changed a real share of the words of the view before it."""
    before, after = views[-2].content.split(), views[-1].content.split()
    if not after or len(before) != len(after):
        return True  # word boundaries moved: not a digits-in-prose case, keep the view
    changed = sum(1 for old, new in zip(before, after, strict=True) if old != new)
    return changed >= LEET_MIN_CHANGED * len(after)


def score_windows(
    head: Head,
    groups: Sequence[Sequence[tuple[str, str]]],
    *,
    max_windows: int,
    extra: Sequence[Sequence[np.ndarray]] | None = None,
    triage: bool = False,
) -> list[Scored]:
    """For each group of candidate texts, the best (view, window) under ``head``.

    All candidates of all groups are embedded in one call (the encoder's cache makes a text
    already embedded by another slice free). ``extra`` optionally holds, per group and
    candidate, a vector of lexical features appended to every window's embedding. With
    ``triage``, a group whose candidates all score below the triage gate is not embedded: it
    gets score 0, ``windows`` 0 and a note (see :func:`skip_note`).
    """
    skips = [skip_note(group) if triage else None for group in groups]
    flat = [
        content
        for group, skip in zip(groups, skips, strict=True)
        if skip is None
        for _, content in group
    ]
    blocks = (
        get_encoder().embed_windows(flat, window=WINDOW, stride=STRIDE, max_windows=max_windows)
        if flat
        else []
    )
    out: list[Scored] = []
    position = 0
    for g, group in enumerate(groups):
        skip = skips[g]
        if skip is not None:
            out.append(Scored(ORIGINAL, 0.0, 0, 0, np.zeros(head.n_features, np.float32), skip))
            continue
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


def skip_note(group: Sequence[tuple[str, str]]) -> str | None:
    """None when triage sends ``group`` (one text's candidates) to the encoder, else a note.

    Raises:
        AssetError: the triage model is missing or corrupted.
    """
    triage = get_triage()
    verdict = triage.verdict([content for _, content in group])
    return None if verdict.passed else verdict.note(triage.gate)
