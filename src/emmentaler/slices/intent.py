"""Harmful intent: is this prompt asking for harmful help, and in which hazard category?

A logistic head over all-MiniLM-L6-v2 embeddings (windows over long prompts, the highest
window kept), calibrated on cross-validated scores; a softmax layer names the hazard category
on the MLCommons AILuminate list (see ``_taxonomy.py`` and MODEL_CARD.md). The finding's
``labels`` give every likely category a score: the top category gets the harmful probability
itself, the others proportionally less, so a per-category rule in the policy acts on the
same scale as the rule's own threshold.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..core import Finding, Stage, Text
from ._heads import load_head
from ._learned import LearnedParams, candidates, score_windows

MIN_LABEL = 0.05
"""Category scores below this are left out of ``labels``."""


class IntentSlice:
    """Probability that a prompt asks for harmful help, with per-hazard labels."""

    stages = frozenset({Stage.PROMPT})
    sees_views = False

    class Params(LearnedParams):
        """Options of the intent slice."""

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()

    def score(self, text: Text) -> Finding:
        """Harmful-request probability in [0, 1]; ``labels`` maps hazard categories to scores."""
        return self.score_many([text])[0]

    def score_many(self, texts: Sequence[Text]) -> list[Finding]:
        """Score a batch (one embedding call for all of it)."""
        head = load_head("intent")
        groups = [candidates(text, decoded=self.params.decoded_view) for text in texts]
        best = score_windows(head, groups, max_windows=self.params.max_windows)
        out = []
        for scored in best:
            labels: dict[str, float] = {}
            if head.categories:
                shares = head.category_proba(scored.features[None, :])[0]
                shares = shares / max(float(shares.max()), 1e-9)
                for name, share in zip(head.categories, shares, strict=True):
                    value = float(np.clip(scored.score * share, 0.0, scored.score))
                    if value >= MIN_LABEL:
                        labels[name] = value
            top = max(labels, key=labels.__getitem__) if labels else "none"
            where = f"window {scored.window + 1}/{scored.windows}"
            note = f"harmful {scored.score:.2f}, top category {top}, {where}"
            out.append(Finding(scored.score, note=note, view=scored.view, labels=labels))
        return out
