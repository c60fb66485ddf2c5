"""The contract every detector layer implements."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict

from .core import Finding, Stage, Text


class SliceParams(BaseModel):
    """Base for a slice's parameters: immutable, and unknown keys are errors."""

    model_config = ConfigDict(frozen=True, extra="forbid")


@runtime_checkable
class Slice(Protocol):
    """A detector layer.

    By convention a slice class has a nested ``Params(SliceParams)`` and is built as
    ``SliceClass(SliceClass.Params(...))``. Construction is cheap: anything slow (models,
    large word lists) loads on first use. ``score`` is thread-safe, does not mutate its
    input and returns a score in [0, 1]. ``emmentaler.testing.check_slice`` verifies this.

    Optional members the stack uses when present:

    * ``score_many(texts: Sequence[Text]) -> list[Finding]`` scores a batch at once.
    * ``sees_views: bool`` (default True): the stack scores every unveiled view and keeps
      the highest finding. A slice that reads ``text.views`` itself, or that should only
      see the original (``secrets``, ``limits``), sets it to False.
    """

    @property
    def stages(self) -> frozenset[Stage]:
        """The stages this slice can screen."""
        ...

    def score(self, text: Text) -> Finding:
        """Return the risk this slice sees in ``text``."""
        ...


@runtime_checkable
class BatchSlice(Slice, Protocol):
    """A slice that can also score many texts in one call (learned slices batch better)."""

    def score_many(self, texts: Sequence[Text]) -> list[Finding]:
        """Return one finding per text, in order."""
        ...


def sees_views(layer: Slice) -> bool:
    """Whether the stack should score every unveiled view of a text with ``layer``."""
    return bool(getattr(layer, "sees_views", True))
