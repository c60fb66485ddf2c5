"""Value types shared by slices, the stack, the policy, eval and the server.

Everything here is a frozen dataclass: plain values flow through the stack, and pydantic
validates only what comes from outside (policy files, slice params, HTTP bodies).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum

ORIGINAL = "original"
"""Name of the view that is the text exactly as it was given."""


class Stage(StrEnum):
    """Which side of an exchange is screened."""

    PROMPT = "prompt"
    RESPONSE = "response"
    CONVERSATION = "conversation"


class Action(StrEnum):
    """What the policy does with a text, mildest first."""

    ALLOW = "allow"
    FLAG = "flag"
    BLOCK = "block"

    @property
    def severity(self) -> int:
        """0 for allow, 1 for flag, 2 for block."""
        return _SEVERITY[self]

    @classmethod
    def strictest(cls, actions: object) -> Action:
        """The most severe of ``actions`` (allow when there are none)."""
        best = cls.ALLOW
        for action in actions:  # type: ignore[attr-defined]
            if _SEVERITY[action] > _SEVERITY[best]:
                best = action
        return best


_SEVERITY = {Action.ALLOW: 0, Action.FLAG: 1, Action.BLOCK: 2}


class Role(StrEnum):
    """Who wrote a turn of a conversation."""

    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"
    TOOL = "tool"


@dataclass(frozen=True, slots=True)
class Span:
    """Half-open character range ``[start, end)`` of evidence in a text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"span must satisfy 0 <= start <= end, got [{self.start}, {self.end})")


@dataclass(frozen=True, slots=True)
class Turn:
    """One message of a conversation."""

    role: Role
    content: str


@dataclass(frozen=True, slots=True)
class View:
    """One rendering of a text that a slice may score: the original or an unveiled form.

    ``steps`` records how the view was derived from the original, outermost first (for
    example ``("nfkc", "base64")``); the original view has no steps.
    """

    name: str
    content: str = field(repr=False)
    steps: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Text:
    """One text to screen, with the context a slice may need.

    Args:
        content: what is screened. For a conversation, the latest user turn.
        stage: which side of the exchange this is.
        prompt: the prompt behind a response (stage ``response``), if known.
        turns: the whole history for stage ``conversation`` (latest turn last).
        views: filled in by the stack's unveil pass; empty means "only the original".
        principal: who sent it (API key id, user or session id), for stateful slices.
    """

    content: str
    stage: Stage = Stage.PROMPT
    prompt: str | None = None
    turns: tuple[Turn, ...] = ()
    views: tuple[View, ...] = ()
    principal: str | None = None

    def __repr__(self) -> str:
        # Screened text is untrusted and may carry secrets: keep it out of reprs and logs.
        return f"Text(stage={self.stage.value}, chars={len(self.content)}, turns={len(self.turns)})"

    def all_views(self) -> tuple[View, ...]:
        """The unveiled views, or just the original when unveil has not run."""
        return self.views or (View(ORIGINAL, self.content),)

    def with_content(self, content: str, *, views: tuple[View, ...] = ()) -> Text:
        """A copy that screens ``content`` instead (same stage and context)."""
        return replace(self, content=content, views=views)


@dataclass(frozen=True, slots=True)
class Finding:
    """What one slice saw in one text.

    ``score`` is a raw risk in [0, 1], where 0 means nothing was seen. It is not
    thresholded: the policy decides what to do with it. ``labels`` holds optional
    sub-scores in [0, 1] (a hazard category, an attack family) that a policy may act on
    separately; ``score`` is at least their maximum. ``spans`` index into the content of
    the view named by ``view``.
    """

    score: float
    spans: tuple[Span, ...] = ()
    note: str = ""
    view: str = ORIGINAL
    labels: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        score: object = self.score  # plug-ins are untyped: check at run time
        if not (isinstance(score, float | int) and 0.0 <= score <= 1.0):
            raise ValueError(f"score must be in [0, 1], got {self.score!r}")
        if math.isnan(self.score):
            raise ValueError("score must not be NaN")
        for label, value in self.labels.items():
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"label {label!r} score must be in [0, 1], got {value!r}")


NOTHING = Finding(0.0)
"""The finding of a slice that saw nothing."""


@dataclass(frozen=True, slots=True)
class Screening:
    """Every rule's finding for one text: the stack's output and the policy's input.

    ``findings``, ``errors`` and ``seconds`` are keyed by rule name in stack order.
    ``skipped`` names rules that did not run (stage mismatch, ``only_if`` not met, or the
    stack stopped early in ``first-block`` mode).
    """

    text: Text
    findings: Mapping[str, Finding]
    errors: Mapping[str, str] = field(default_factory=dict)
    seconds: Mapping[str, float] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()

    @property
    def total_seconds(self) -> float:
        """Time spent in all slices together."""
        return sum(self.seconds.values())


@dataclass(frozen=True, slots=True)
class Decision:
    """The policy's verdict on a screening.

    ``reasons`` names the rules that produced ``action``; ``flags`` names every rule that
    flagged (also when a stronger action won).
    """

    action: Action
    reasons: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()

    @property
    def blocked(self) -> bool:
        """True when the action is block."""
        return self.action is Action.BLOCK
