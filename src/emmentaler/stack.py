"""The stack: the policy's rules run in order over a text; the CLI, eval and server share it."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Literal

from . import registry
from .core import ORIGINAL, Action, Finding, Screening, Stage, Text, View
from .errors import ConfigError
from .slice import Slice, sees_views
from .unveil import UnveilLimits, unveil

if TYPE_CHECKING:
    from .policy import Policy, Rule

logger = logging.getLogger(__name__)

Mode = Literal["full", "first-block"]
"""``full`` runs every rule (eval needs every score); ``first-block`` stops at the first block."""


@dataclass(frozen=True, slots=True)
class Layer:
    """A rule of the policy with its built slice."""

    rule: Rule
    layer: Slice
    screens: frozenset[Stage] = field(init=False)

    def __post_init__(self) -> None:
        # Computed once: the stack asks for every rule on every text.
        supported = frozenset(self.layer.stages)
        if self.rule.stages is not None:
            supported &= frozenset(self.rule.stages)
        object.__setattr__(self, "screens", supported)

    @property
    def name(self) -> str:
        """The rule's name."""
        return self.rule.name

    def stages(self) -> frozenset[Stage]:
        """Stages the rule screens: the rule's restriction, or all the slice supports."""
        return self.screens


class Stack:
    """Slices run in policy order over a text, each failure recorded, each one timed.

    Examples:
        >>> from emmentaler import Policy, Text
        >>> policy = Policy.default()
        >>> stack = policy.build_stack()
        >>> policy.decide(stack.screen(Text("What is the capital of France?"))).action
        <Action.ALLOW: 'allow'>
    """

    def __init__(
        self,
        layers: Sequence[Layer],
        *,
        on_error: Action = Action.BLOCK,
        limits: UnveilLimits | None = None,
    ) -> None:
        self.layers = tuple(layers)
        self.on_error = on_error
        self.limits = limits or UnveilLimits()
        self._needs_views = any(sees_views(entry.layer) for entry in self.layers)
        self._sources = _sources(self.layers)

    @classmethod
    def from_policy(cls, policy: Policy) -> Stack:
        """Build every rule's slice (cheap: models load on first use)."""
        layers = []
        built: dict[tuple[str, str], Slice] = {}  # rules with the same kind and params share one
        for index, rule in enumerate(policy.rules):
            key = (rule.use, json.dumps(rule.params, sort_keys=True, default=repr))
            try:
                if key not in built:
                    built[key] = registry.build(rule.use, rule.params)
            except ConfigError as exc:
                raise ConfigError(f"rules[{index}] ({rule.name}): {exc}") from exc
            layers.append(Layer(rule, built[key]))
        return cls(layers, on_error=policy.on_error, limits=policy.unveil)

    @classmethod
    def from_layers(cls, layers: Mapping[str, Slice], **options: object) -> Stack:
        """A stack of plain slices with default rules (threshold 0.5, block): handy in tests."""
        from .policy import Rule

        entries = [Layer(Rule(name=name, use=name), layer) for name, layer in layers.items()]
        return cls(entries, **options)  # type: ignore[arg-type]

    @property
    def names(self) -> tuple[str, ...]:
        """Rule names in run order."""
        return tuple(entry.name for entry in self.layers)

    def prepare(self, text: Text) -> Text:
        """Run unveil once so every slice sees the same views."""
        if text.views or not self._needs_views or not self.limits.enabled:
            return text
        return replace(text, views=unveil(text.content, self.limits))

    def screen(self, text: Text, *, mode: Mode = "full") -> Screening:
        """Run every rule that handles ``text.stage`` and collect what each saw.

        Never raises because of a slice: a failure is recorded in ``Screening.errors``.
        """
        text = self.prepare(text)
        findings: dict[str, Finding] = {}
        errors: dict[str, str] = {}
        seconds: dict[str, float] = {}
        skipped: list[str] = []
        stopped = False
        for entry in self.layers:
            target = _target(entry, text)
            if stopped or target is None or not _condition_met(entry, findings):
                skipped.append(entry.name)
                continue
            source = self._sources.get(entry.name)
            if source in findings or source in errors:
                _copy(source, entry.name, findings, errors)  # same slice, params and text
                seconds[entry.name] = 0.0
                if mode == "first-block" and self._blocks(entry, findings, errors):
                    stopped = True
                continue
            start = time.perf_counter()
            try:
                findings[entry.name] = _score(entry.layer, target)
            except Exception as exc:
                logger.warning("slice %s failed on %s", entry.name, text.stage, exc_info=True)
                errors[entry.name] = _describe(exc)
            finally:
                seconds[entry.name] = time.perf_counter() - start
            if mode == "first-block" and self._blocks(entry, findings, errors):
                stopped = True
        return Screening(text, findings, errors, seconds, tuple(skipped))

    def screen_many(self, texts: Sequence[Text], *, mode: Mode = "full") -> list[Screening]:
        """Screen a batch, rule by rule, using ``score_many`` where a slice offers it."""
        prepared = [self.prepare(text) for text in texts]
        findings: list[dict[str, Finding]] = [{} for _ in prepared]
        errors: list[dict[str, str]] = [{} for _ in prepared]
        seconds: list[dict[str, float]] = [{} for _ in prepared]
        skipped: list[list[str]] = [[] for _ in prepared]
        stopped = [False] * len(prepared)
        for entry in self.layers:
            todo: list[tuple[int, Text]] = []
            for index, text in enumerate(prepared):
                target = _target(entry, text)
                if stopped[index] or target is None or not _condition_met(entry, findings[index]):
                    skipped[index].append(entry.name)
                else:
                    todo.append((index, target))
            source = self._sources.get(entry.name)
            if source is not None:
                reused = {i for i, _ in todo if source in findings[i] or source in errors[i]}
                for index in reused:
                    _copy(source, entry.name, findings[index], errors[index])
                    seconds[index][entry.name] = 0.0
                    if mode == "first-block" and self._blocks(
                        entry, findings[index], errors[index]
                    ):
                        stopped[index] = True
                todo = [(i, t) for i, t in todo if i not in reused]
            if not todo:
                continue
            start = time.perf_counter()
            results = _score_batch(entry, [target for _, target in todo])
            share = (time.perf_counter() - start) / len(todo)
            for (index, _), result in zip(todo, results, strict=True):
                if isinstance(result, Finding):
                    findings[index][entry.name] = result
                else:
                    errors[index][entry.name] = result
                seconds[index][entry.name] = share
                if mode == "first-block" and self._blocks(entry, findings[index], errors[index]):
                    stopped[index] = True
        return [
            Screening(text, findings[i], errors[i], seconds[i], tuple(skipped[i]))
            for i, text in enumerate(prepared)
        ]

    def _blocks(
        self, entry: Layer, findings: Mapping[str, Finding], errors: Mapping[str, str]
    ) -> bool:
        if entry.name in errors:
            return self.on_error is Action.BLOCK
        finding = findings.get(entry.name)
        return finding is not None and entry.rule.judge(finding) is Action.BLOCK


def _sources(layers: Sequence[Layer]) -> dict[str, str]:
    """For each rule, the earlier rule whose finding it can reuse, if any.

    Rules that share one slice and screen the same stages (a rule and its "-weak" flag band:
    ``from_policy`` builds one slice per kind and parameters) score a text identically, so the
    later one takes the earlier one's finding instead of running the slice again.
    """
    first: dict[tuple[int, frozenset[Stage]], str] = {}
    out: dict[str, str] = {}
    for entry in layers:
        key = (id(entry.layer), entry.screens)
        if key in first:
            out[entry.name] = first[key]
        else:
            first[key] = entry.name
    return out


def _copy(source: str, name: str, findings: dict[str, Finding], errors: dict[str, str]) -> None:
    if source in findings:
        findings[name] = findings[source]
    else:
        errors[name] = errors[source]


def _target(entry: Layer, text: Text) -> Text | None:
    """What ``entry`` screens of ``text``, or None when the rule does not apply.

    A conversation is screened whole by conversation-stage rules, and its latest user turn
    by prompt-stage rules.
    """
    stages = entry.screens
    if text.stage in stages:
        return text
    if text.stage is Stage.CONVERSATION and Stage.PROMPT in stages:
        return replace(text, stage=Stage.PROMPT)
    return None


def _condition_met(entry: Layer, findings: Mapping[str, Finding]) -> bool:
    condition = entry.rule.only_if
    return condition is None or condition.met(findings)


def _view_texts(text: Text) -> list[tuple[str, Text]]:
    views = text.all_views()
    if len(views) == 1:
        return [(views[0].name, text)]
    return [(view.name, _as_view(text, view)) for view in views]


def _as_view(text: Text, view: View) -> Text:
    if view.name == ORIGINAL:
        return text
    return replace(text, content=view.content, views=(view,))


def _best(named: Sequence[tuple[str, Finding]]) -> Finding:
    """The highest-scoring finding, earliest view first on ties, naming its view."""
    view, best = named[0]
    for name, finding in named[1:]:
        if finding.score > best.score:
            view, best = name, finding
    return best if best.view == view else replace(best, view=view)


def _score(layer: Slice, text: Text) -> Finding:
    if not sees_views(layer):
        return _checked(layer.score(text))
    named: list[tuple[str, Finding]] = []
    for view, target in _view_texts(text):
        finding = _checked(layer.score(target))
        named.append((view, finding))
        if finding.score >= 1.0:
            break
    return _best(named)


def _score_batch(entry: Layer, texts: Sequence[Text]) -> list[Finding | str]:
    """Score ``texts`` with one ``score_many`` call when offered; isolate failures per text."""
    score_many = getattr(entry.layer, "score_many", None)
    if score_many is not None:
        try:
            return _score_many(entry.layer, score_many, texts)
        except Exception:
            logger.warning(
                "slice %s failed on a batch; retrying one by one", entry.name, exc_info=True
            )
    out: list[Finding | str] = []
    for text in texts:
        try:
            out.append(_score(entry.layer, text))
        except Exception as exc:
            logger.warning("slice %s failed on %s", entry.name, text.stage, exc_info=True)
            out.append(_describe(exc))
    return out


def _score_many(layer: Slice, score_many: object, texts: Sequence[Text]) -> list[Finding | str]:
    flat: list[Text] = []
    owners: list[tuple[int, str]] = []
    for index, text in enumerate(texts):
        pairs = _view_texts(text) if sees_views(layer) else [(ORIGINAL, text)]
        for view, target in pairs:
            flat.append(target)
            owners.append((index, view))
    results = score_many(flat)  # type: ignore[operator]
    if len(results) != len(flat):
        raise ValueError(f"score_many returned {len(results)} findings for {len(flat)} texts")
    per_text: list[list[tuple[str, Finding]]] = [[] for _ in texts]
    for (index, view), finding in zip(owners, results, strict=True):
        per_text[index].append((view, _checked(finding)))
    return [_best(named) if sees_views(layer) else named[0][1] for named in per_text]


def _checked(finding: object) -> Finding:
    if not isinstance(finding, Finding):
        raise TypeError(f"slice returned {type(finding).__name__}, expected Finding")
    return finding


def _describe(exc: BaseException) -> str:
    message = str(exc).splitlines()[0] if str(exc) else ""
    return f"{type(exc).__name__}: {message[:300]}" if message else type(exc).__name__
