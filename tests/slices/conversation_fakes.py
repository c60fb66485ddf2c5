"""A turn-level scorer the tests control: keyword weights per hazard category."""

from __future__ import annotations

from collections.abc import Sequence

from emmentaler.core import Finding, Stage, Text

LEXICON: dict[str, dict[str, float]] = {
    "weapons": {
        "explosive": 0.25,
        "detonator": 0.3,
        "shrapnel": 0.3,
        "quantities": 0.15,
        "grams": 0.1,
        "oxidizer": 0.2,
        "fuse": 0.15,
        "pipe": 0.1,
        "nerve agent": 0.45,
        "precursor": 0.2,
    },
    "cyber": {
        "keylogger": 0.3,
        "undetectable": 0.2,
        "antivirus": 0.1,
        "password": 0.1,
        "exfiltrate": 0.3,
        "someone else's": 0.2,
        "without them knowing": 0.3,
    },
    "self_harm": {"overdose": 0.35, "painless": 0.25, "lethal": 0.3, "pills": 0.1},
}


class KeywordScorer:
    """Sums keyword weights per category (capped at 1); the score is the top category's."""

    stages = frozenset({Stage.PROMPT})

    def __init__(self, *, batch: bool = False) -> None:
        self.calls = 0
        self.batches = 0
        self.texts: list[str] = []
        if batch:
            self.score_many = self._score_many

    def score(self, text: Text) -> Finding:
        self.calls += 1
        self.texts.append(text.content)
        lowered = text.content.lower()
        labels = {
            category: min(1.0, sum(w for word, w in words.items() if word in lowered))
            for category, words in LEXICON.items()
        }
        labels = {k: round(v, 4) for k, v in labels.items() if v > 0}
        return Finding(max(labels.values(), default=0.0), labels=labels)

    def _score_many(self, texts: Sequence[Text]) -> list[Finding]:
        self.batches += 1
        return [self.score(t) for t in texts]
