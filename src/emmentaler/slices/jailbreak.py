"""Jailbreak and prompt injection: is this text trying to subvert the model's instructions?

Covers persona and rule-override jailbreaks, adversarial wrappers around a request,
instructions smuggled into documents, emails or tool output (indirect injection) and
system-prompt extraction. A logistic head over all-MiniLM-L6-v2 embeddings, scored per window
(a long template is covered head, middle and tail) with the highest window kept; validated
leave-one-attack-family-out (MODEL_CARD.md).

For a conversation the latest user turn and the most recent tool turns are scored, since tool
output is where indirect injections arrive.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import Field

from ..core import Finding, Stage, Text
from ._heads import load_head
from ._learned import LearnedParams, candidates, score_windows
from ._turns import recent_tool_turns


class JailbreakSlice:
    """Probability that a text tries to override instructions or safety."""

    stages = frozenset({Stage.PROMPT, Stage.CONVERSATION})
    sees_views = False

    class Params(LearnedParams):
        """Options of the jailbreak slice."""

        max_tool_turns: int = Field(
            default=4,
            ge=0,
            le=64,
            description="Most recent tool turns of a conversation also scored.",
        )

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()

    def _candidates(self, text: Text) -> list[tuple[str, str]]:
        out = candidates(text, decoded=self.params.decoded_view)
        return out + recent_tool_turns(text, self.params.max_tool_turns)

    def score(self, text: Text) -> Finding:
        """Subversion probability in [0, 1]; ``view`` names what scored highest."""
        return self.score_many([text])[0]

    def score_many(self, texts: Sequence[Text]) -> list[Finding]:
        """Score a batch (one embedding call for all of it)."""
        head = load_head("jailbreak")
        best = score_windows(
            head,
            [self._candidates(t) for t in texts],
            max_windows=self.params.max_windows,
            triage=self.params.triage,
        )
        out = []
        for scored in best:
            if scored.skipped:
                out.append(Finding(0.0, note=scored.note))
                continue
            note = f"jailbreak {scored.score:.2f}, window {scored.window + 1}/{scored.windows}"
            view = scored.view if not scored.view.startswith("turn[") else "original"
            if view != scored.view:
                note += f", in {scored.view}"
            out.append(Finding(scored.score, note=note, view=view))
        return out
