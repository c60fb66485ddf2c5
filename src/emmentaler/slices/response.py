"""Harmful responses, and refusals: screen what the model answered.

``response`` scores whether a model response is harmful (it complies with a harmful request or
carries dangerous instructions): a logistic head over the response's embedding windows plus a
few lexical features (refusal, a compliance opener such as "Sure, here is", numbered steps,
push-back phrases), so a refusal scores low. ``refusal`` scores whether the response is a
refusal; it does not judge harm (the default policy records it with action ``allow``) and
feeds helpfulness metrics.

``Finding.labels`` cannot carry the refusal signal in ``response``'s finding: the core
requires a finding's score to be at least each label's, and a refusal has a low harm score.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field

from ..core import Finding, Stage, Text
from ..slice import SliceParams
from ._heads import load_head
from ._learned import candidates, score_windows
from ._lexical import refusal_score, response_features


class ResponseSlice:
    """Probability that a model response is harmful."""

    stages = frozenset({Stage.RESPONSE})
    sees_views = False

    class Params(SliceParams):
        """Options of the response slice."""

        max_windows: int = Field(
            default=8,
            ge=1,
            le=32,
            description="Most embedding windows per response (spread over long ones).",
        )

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()

    def score(self, text: Text) -> Finding:
        """Harmful-response probability in [0, 1]; the note gives the refusal score."""
        return self.score_many([text])[0]

    def score_many(self, texts: Sequence[Text]) -> list[Finding]:
        """Score a batch (one embedding call for all of it)."""
        head = load_head("response")
        groups = [candidates(text, decoded=False) for text in texts]
        lexical = [response_features(text.content) for text in texts]
        refusals = [float(features[0]) for features in lexical]
        extra = [[features] for features in lexical]
        best = score_windows(head, groups, max_windows=self.params.max_windows, extra=extra)
        return [
            Finding(
                s.score,
                note=f"harmful {s.score:.2f}, refusal {r:.1f}, window {s.window + 1}/{s.windows}",
            )
            for s, r in zip(best, refusals, strict=True)
        ]


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
