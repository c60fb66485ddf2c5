"""Harmful intent: is this prompt asking for harmful help, and in which hazard category?

An MLP head over all-MiniLM-L6-v2 embeddings (windows over long prompts, the highest window
kept), calibrated on cross-validated scores. A head file may also be *stacked* with a logistic
regression over hashed word uni/bigrams of the prompt (:func:`lexical_buckets`; built by
``INTENT_HEAD=stacked scripts/models/train_heads.py intent``, not shipped: its false positives
did not carry over to unseen benign prompts). A softmax layer names the hazard category
on the MLCommons AILuminate list (see ``_taxonomy.py`` and MODEL_CARD.md). The finding's
``labels`` give every likely category a score: the top category gets the harmful probability
itself, the others proportionally less, so a per-category rule in the policy acts on the
same scale as the rule's own threshold.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..core import Finding, Stage, Text
from ._heads import load_head
from ._learned import LearnedParams, candidates, score_windows
from ._segments import hashed, ngram_features

MIN_LABEL = 0.05
"""Category scores below this are left out of ``labels``."""
LEX_BUCKETS = 1 << 15
"""Hash buckets of the lexical features (CRC-32 of the feature name, masked)."""
LEX_CHARS = 3000
"""Longer prompts contribute their first and last ``LEX_CHARS // 2`` characters to the lexical
features (the embedding windows still cover the whole text); bounds the cost per text."""

# Linear: one word scanner, no alternation that can backtrack.
_WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)?")


def lexical_features(text: str) -> list[str]:
    """Named lexical features of a prompt: words, word bigrams, first word and first bigram."""
    if len(text) > LEX_CHARS:
        text = text[: LEX_CHARS // 2] + "\n" + text[-(LEX_CHARS // 2) :]
    return ngram_features([w.lower() for w in _WORD.findall(text)])


def lexical_buckets(text: str) -> np.ndarray:
    """Distinct hash buckets of :func:`lexical_features` (the lexical model's active inputs)."""
    return hashed(lexical_features(text), LEX_BUCKETS)


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
        extra = None
        if head.stacked:
            extra = [
                [np.array([head.lexical_logit(lexical_buckets(content))]) for _, content in group]
                for group in groups
            ]
        best = score_windows(
            head,
            groups,
            max_windows=self.params.max_windows,
            extra=extra,
            triage=self.params.triage,
        )
        out = []
        for scored in best:
            if scored.skipped:
                out.append(Finding(0.0, note=scored.note))
                continue
            labels: dict[str, float] = {}
            if head.categories:
                embedding = scored.features[:-1] if head.stacked else scored.features
                shares = head.category_proba(embedding[None, :])[0]
                shares = shares / max(float(shares.max()), 1e-9)
                # float32, as the shares: one vectorised clip instead of one per category
                values = np.clip(scored.score * shares, 0.0, scored.score).tolist()
                for name, value in zip(head.categories, values, strict=True):
                    if value >= MIN_LABEL:
                        labels[name] = value
            top = max(labels, key=labels.__getitem__) if labels else "none"
            where = f"window {scored.window + 1}/{scored.windows}"
            note = f"harmful {scored.score:.2f}, top category {top}, {where}"
            out.append(Finding(scored.score, note=note, view=scored.view, labels=labels))
        return out
