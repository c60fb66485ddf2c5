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
from typing import Literal

import numpy as np
from pydantic import Field

from ..core import Finding, Span, Stage, Text
from . import _deframe, _unwrap
from ._heads import Head, load_head
from ._learned import LearnedParams, candidates, score_windows
from ._segments import Segment, hashed, ngram_features

REQUEST = "request sentence"
"""Candidate name of a framed prompt's request sentence (see ``_deframe``)."""
UNWRAPPED = "request without its wrapper"
"""Candidate name of a short prompt stripped of its format and courtesy phrases (``_unwrap``)."""
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

        deframe: Literal["off", "max", "only"] = Field(
            default="off",
            description=(
                "Request sentences of a prompt that wraps them in a frame (role-play, fiction, "
                "a pretext), each scored alone (one short embedding each): 'off' ignores them, "
                "'max' keeps the best of the prompt and its request sentences, 'only' scores "
                "the request sentences alone (0 for a prompt without a frame)."
            ),
        )

        unwrap: bool = Field(
            default=True,
            description=(
                "Also score a short prompt without the format, length, language and courtesy "
                "phrases at its ends ('Respond only in JSON.', 'Thanks!'), keeping the higher "
                "score (one short embedding more, only when such a phrase is there)."
            ),
        )

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()

    def score(self, text: Text) -> Finding:
        """Harmful-request probability in [0, 1]; ``labels`` maps hazard categories to scores."""
        return self.score_many([text])[0]

    def score_many(self, texts: Sequence[Text]) -> list[Finding]:
        """Score a batch (one embedding call for all of it)."""
        head = load_head("intent")
        mode = self.params.deframe
        asks = [
            {f"{REQUEST} {k + 1}": ask for k, ask in enumerate(_deframe.requests(text.content))}
            if mode != "off"
            else {}
            for text in texts
        ]
        if mode != "only" and self.params.unwrap:
            for text, named in zip(texts, asks, strict=True):
                request = _unwrap.core(text.content)
                if request is not None and (start := text.content.find(request)) >= 0:
                    named[UNWRAPPED] = Segment(start, start + len(request), request)
        if mode == "only":
            groups = [[(name, ask.text) for name, ask in named.items()] for named in asks]
        else:
            groups = [candidates(text, decoded=self.params.decoded_view) for text in texts]
            for group, named in zip(groups, asks, strict=True):
                group.extend((name, ask.text) for name, ask in named.items())
        todo = [i for i, group in enumerate(groups) if group]
        out: list[Finding] = [Finding(0.0, note="no request sentence in a frame")] * len(texts)
        found = (
            self._score(head, [groups[i] for i in todo], [asks[i] for i in todo]) if todo else []
        )
        for i, finding in zip(todo, found, strict=True):
            out[i] = finding
        return out

    def _score(
        self,
        head: Head,
        groups: list[list[tuple[str, str]]],
        asks: Sequence[dict[str, Segment]],
    ) -> list[Finding]:
        """Findings of ``groups`` (each: named candidate texts; ``asks`` the request sentences)."""
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
        for scored, named in zip(best, asks, strict=True):
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
            if scored.view in named:  # a request sentence or the request, without the frame
                ask = named[scored.view]
                where = "" if scored.view == UNWRAPPED else " of a frame"
                note = f"harmful {scored.score:.2f}, top category {top}, {scored.view}{where}"
                spans = (Span(ask.start, ask.end),)
                out.append(Finding(scored.score, spans=spans, note=note, labels=labels))
                continue
            where = f"window {scored.window + 1}/{scored.windows}"
            note = f"harmful {scored.score:.2f}, top category {top}, {where}"
            out.append(Finding(scored.score, note=note, view=scored.view, labels=labels))
        return out
