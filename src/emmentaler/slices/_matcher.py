"""A linear-time multi-pattern matcher shared by the heuristic slices.

One ``re2.Set`` answers "which patterns occur anywhere in the text" in a single DFA pass;
only the patterns that occur are then searched one by one for their spans. Benign text
therefore costs one pass, whatever the number of patterns. RE2 guarantees time linear in
the input for both steps (no backtracking).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

import re2
from pydantic import Field, field_validator, model_validator

from ..slice import SliceParams

_SURROGATE = re.compile("[\ud800-\udfff]")  # one character class: linear, no backtracking

MAX_MEM = 64 << 20
"""RE2 memory budget per compiled set or pattern, in bytes (DFA cache included)."""


@dataclass(frozen=True, slots=True)
class Pattern:
    """One pattern: what it is evidence of, and how strongly.

    Args:
        label: the family or kind the pattern belongs to (``instruction_override``, ``email``).
        weight: score in [0, 1] a match contributes to its label.
        regex: RE2 syntax; no backreferences or lookarounds.
        ignore_case: compile with ``(?i)``; use ``(?-i:...)`` inside for case-sensitive parts.
    """

    label: str
    weight: float
    regex: str
    ignore_case: bool = True

    @property
    def source(self) -> str:
        """The regex as compiled, with its flags."""
        return f"(?i){self.regex}" if self.ignore_case else self.regex


def _options() -> Any:
    options = re2.Options()
    options.max_mem = MAX_MEM
    return options


class PatternSet:
    r"""Patterns compiled once (on first use, thread-safely) into one ``re2.Set``.

    Examples:
        >>> matcher = PatternSet([Pattern("greeting", 0.5, r"\bhello\b")])
        >>> [p.label for p in matcher.hits("Oh, HELLO there")]
        ['greeting']
    """

    def __init__(self, patterns: Sequence[Pattern]) -> None:
        self.patterns = tuple(patterns)
        self._lock = threading.Lock()
        self._set: Any = None
        self._regexes: list[Any] = []

    def compile(self) -> None:
        """Compile the set and each pattern now (otherwise done on first use)."""
        if self._set is not None:
            return
        with self._lock:
            if self._set is not None:
                return
            options = _options()
            regexes = [re2.compile(p.source, options) for p in self.patterns]
            compiled = re2.Set.SearchSet(options)
            for pattern in self.patterns:
                compiled.Add(pattern.source)
            compiled.Compile()
            self._regexes = regexes
            self._set = compiled

    def hit_indices(self, content: str | bytes) -> list[int]:
        """Indices of the patterns that occur somewhere in ``content`` (one linear pass)."""
        if self._set is None:
            self.compile()
        if not content:
            return []
        found = self._set.Match(content)
        return sorted(found) if found else []

    def scan(self, content: str) -> tuple[str, list[int]]:
        """``hit_indices`` for any str: lone surrogates (not UTF-8 encodable) become U+FFFD.

        Returns the content actually matched (same length, so spans still index the
        original) and the indices of the patterns found in it.
        """
        try:
            return content, self.hit_indices(content)
        except UnicodeEncodeError:
            content = scrub(content)
            return content, self.hit_indices(content)

    def hits(self, content: str) -> list[Pattern]:
        """The patterns that occur somewhere in ``content``."""
        return [self.patterns[i] for i in self.scan(content)[1]]

    def finditer(self, index: int, content: str, *, limit: int = 8) -> Iterator[Any]:
        """At most ``limit`` matches of pattern ``index`` in ``content`` (re2 match objects)."""
        if self._set is None:
            self.compile()
        for count, match in enumerate(self._regexes[index].finditer(content)):
            if count >= limit:
                return
            yield match


def scrub(content: str) -> str:
    """Replace lone surrogates with U+FFFD, keeping the length (and so every offset)."""
    return _SURROGATE.sub("\ufffd", content)


class KindParams(SliceParams):
    """Params shared by the pattern slices (``secrets``, ``pii``): kinds, allowlist, floor.

    Subclasses set ``KNOWN`` to their kinds; ``kinds`` defaults to all of them.
    """

    KNOWN: ClassVar[frozenset[str]] = frozenset()

    kinds: tuple[str, ...] = Field(
        default=(),
        description="Kinds to look for (default: every kind the slice knows; see its docs).",
    )
    allowlist: tuple[str, ...] = Field(
        default=(),
        description="Exact matched values to ignore (a support address, a published test key).",
    )
    min_score: float = Field(
        default=0.0, ge=0.0, le=1.0, description="Ignore matches weaker than this."
    )

    @model_validator(mode="before")
    @classmethod
    def _all_kinds_by_default(cls, data: Any) -> Any:
        if isinstance(data, dict) and "kinds" not in data:
            return {**data, "kinds": tuple(sorted(cls.KNOWN))}
        return data

    @field_validator("kinds")
    @classmethod
    def _known(cls, kinds: tuple[str, ...]) -> tuple[str, ...]:
        if not kinds:
            raise ValueError(f"name at least one kind; known: {sorted(cls.KNOWN)}")
        unknown = sorted(set(kinds) - cls.KNOWN)
        if unknown:
            raise ValueError(f"unknown kinds {unknown}; known: {sorted(cls.KNOWN)}")
        return kinds
