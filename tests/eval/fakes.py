"""Fake slices for eval tests: scores that depend on the text, registered per test."""

from __future__ import annotations

from importlib.metadata import EntryPoint

import pytest

from emmentaler import registry
from emmentaler.core import Finding, Stage, Text
from emmentaler.slice import SliceParams


class KeywordSlice:
    """Scores ``score`` when any of ``words`` occurs in the text (case-insensitive), else 0."""

    sees_views = False

    class Params(SliceParams):
        words: tuple[str, ...] = ()
        score: float = 1.0
        stages: tuple[Stage, ...] = (Stage.PROMPT, Stage.RESPONSE, Stage.CONVERSATION)
        label: str | None = None

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()
        self.stages = frozenset(self.params.stages)

    def score(self, text: Text) -> Finding:
        lowered = text.content.lower()
        hit = any(word in lowered for word in self.params.words)
        value = self.params.score if hit else 0.0
        labels = {self.params.label: value} if self.params.label else {}
        return Finding(value, note="keyword" if hit else "", labels=labels)


class BrokenSlice:
    """Raises on texts containing 'crash', else scores 0."""

    stages = frozenset(Stage)
    sees_views = False

    def __init__(self, params: SliceParams | None = None) -> None:
        self.params = params

    def score(self, text: Text) -> Finding:
        if "crash" in text.content:
            raise RuntimeError("boom")
        return Finding(0.0)


FAKES = {
    "keyword": "tests.eval.fakes:KeywordSlice",
    "broken": "tests.eval.fakes:BrokenSlice",
}


@pytest.fixture
def fake_slices(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register the fakes next to the installed slices for one test."""
    installed = dict(registry._entry_points())
    for name, value in FAKES.items():
        installed[name] = EntryPoint(name=name, value=value, group=registry.GROUP)
    monkeypatch.setattr(registry, "_entry_points", lambda: installed)


THREE_RULES = """
version = 1
on_error = "block"
block_when_flags = 2

[[rules]]
name = "bombs"
use = "keyword"
params = { words = ["bomb", "explosive"] }

[[rules]]
name = "harm"
use = "keyword"
params = { words = ["bomb", "poison", "phishing", "toxic"], score = 0.7 }
threshold = 0.6

[[rules]]
name = "override"
use = "keyword"
params = { words = ["disregard", "no rules", "ignore"], score = 0.6 }
action = "flag"
"""
