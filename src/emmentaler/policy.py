"""The policy: which rules run, in what order, with which thresholds, and what they decide.

A policy is a reviewed TOML file (see ``policies/default.toml`` inside the package)::

    version = 1
    on_error = "block"          # a slice that raises counts as a block (fail closed)
    block_when_flags = 2        # two flagged rules together block

    [[rules]]
    name = "signatures"
    use = "signatures"
    threshold = 0.5
    action = "block"

Slices score; the policy decides. Nothing in a slice knows its threshold.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import registry
from .core import Action, Decision, Finding, Screening, Stage
from .errors import ConfigError, EmmentalerError
from .unveil import UnveilLimits

if TYPE_CHECKING:
    from .stack import Mode, Stack

DEFAULT_POLICY = "default.toml"


class Condition(BaseModel):
    """Run a rule only when an earlier rule's score lies in ``[low, high]``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rule: str = Field(description="Name of an earlier rule in the policy.")
    between: tuple[float, float] = Field(description="Inclusive score band [low, high] in [0, 1].")

    @field_validator("between")
    @classmethod
    def _ordered(cls, band: tuple[float, float]) -> tuple[float, float]:
        low, high = band
        if not 0.0 <= low <= high <= 1.0:
            raise ValueError(f"between must satisfy 0 <= low <= high <= 1, got {list(band)}")
        return band

    def met(self, findings: Mapping[str, Finding]) -> bool:
        """True when the referenced rule ran and its score lies in the band."""
        finding = findings.get(self.rule)
        return finding is not None and self.between[0] <= finding.score <= self.between[1]


class LabelRule(BaseModel):
    """Threshold and action for one label (hazard category, attack family) of a rule."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    threshold: float | None = Field(
        default=None, ge=0.0, le=1.0, description="Defaults to the rule's."
    )
    action: Action | None = Field(default=None, description="Defaults to the rule's.")


class Rule(BaseModel):
    """One slice in the stack and how to act on its score."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(
        min_length=1, description="Unique rule name; appears in decisions, reports and logs."
    )
    use: str = Field(
        min_length=1, description="Installed slice kind; list them with `emmentaler slices`."
    )
    threshold: float = Field(
        default=0.5, ge=0.0, le=1.0, description="Act when score >= threshold."
    )
    action: Action = Field(
        default=Action.BLOCK, description="What to do when the threshold is met."
    )
    params: dict[str, Any] = Field(
        default_factory=dict, description="Validated by the slice's Params."
    )
    stages: tuple[Stage, ...] | None = Field(
        default=None,
        description="Restrict the rule to these stages (default: all the slice supports).",
    )
    labels: dict[str, LabelRule] = Field(
        default_factory=dict,
        description="Per-label thresholds and actions; when set, each label is judged on its own.",
    )
    only_if: Condition | None = Field(
        default=None, description="Run only when an earlier rule's score lies in a band."
    )
    votes: bool = Field(
        default=True,
        description="Whether this rule's flag counts toward block_when_flags (false for rules "
        "that flag something other than attack evidence, such as personal data).",
    )
    vote_group: str | None = Field(
        default=None,
        description="Rules in one group cast one vote together: flags that come from the same "
        "evidence (two rules over the same model) are not independent (default: own group).",
    )

    @property
    def group(self) -> str:
        """The vote group: ``vote_group``, or the rule's own name."""
        return self.vote_group or self.name

    def judge(self, finding: Finding) -> Action:
        """The action this rule takes on ``finding`` (monotone in every score)."""
        if self.labels and finding.labels:
            worst = Action.ALLOW
            for label, value in finding.labels.items():
                override = self.labels.get(label)
                threshold = (
                    self.threshold
                    if override is None or override.threshold is None
                    else override.threshold
                )
                action = (
                    self.action if override is None or override.action is None else override.action
                )
                if value >= threshold and action.severity > worst.severity:
                    worst = action
            return worst
        return self.action if finding.score >= self.threshold else Action.ALLOW


class Policy(BaseModel):
    """Rules in run order, how they combine, and how to treat a slice that fails."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: Literal[1] = Field(default=1, description="Policy format version.")
    on_error: Action = Field(
        default=Action.BLOCK, description="Action when a slice raises (fail closed)."
    )
    block_when_flags: int | None = Field(
        default=None,
        ge=1,
        description="Block when at least this many rules flag together (layers vote).",
    )
    unveil: UnveilLimits = Field(
        default_factory=UnveilLimits, description="Bounds of the unveil pass."
    )
    rules: tuple[Rule, ...] = Field(min_length=1, description="Rules in run order, cheap first.")

    @model_validator(mode="after")
    def _consistent(self) -> Policy:
        seen: set[str] = set()
        for index, rule in enumerate(self.rules):
            if rule.name in seen:
                raise ValueError(f"rules[{index}].name: duplicate rule name {rule.name!r}")
            if rule.only_if is not None and rule.only_if.rule not in seen:
                raise ValueError(
                    f"rules[{index}].only_if.rule: {rule.only_if.rule!r} is not an earlier rule"
                )
            seen.add(rule.name)
        return self

    @classmethod
    def from_toml(cls, source: str, *, path: str | Path | None = None) -> Policy:
        r"""Parse and validate a policy from TOML text.

        Every error is a ``ConfigError`` naming ``path`` (when given) and the field.

        Examples:
            >>> Policy.from_toml('[[rules]]\\nname = "size"\\nuse = "limits"').rules[0].name
            'size'
        """
        where = f"{path}: " if path is not None else ""
        try:
            data = tomllib.loads(source)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{where}not valid TOML: {exc}") from exc
        return cls.from_mapping(data, path=path)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], *, path: str | Path | None = None) -> Policy:
        """Validate a policy from an already parsed mapping, slice params included."""
        where = f"{path}: " if path is not None else ""
        try:
            policy = cls.model_validate(dict(data))
        except ValidationError as exc:
            raise ConfigError(where + registry.format_validation_error(exc)) from exc
        for index, rule in enumerate(policy.rules):
            try:
                cls_ = registry.load(rule.use)
                registry.params_model(cls_).model_validate(rule.params)
            except ValidationError as exc:
                detail = registry.format_validation_error(exc, prefix=f"rules[{index}].params")
                raise ConfigError(where + detail) from exc
            except EmmentalerError as exc:
                raise ConfigError(f"{where}rules[{index}].use: {exc}") from exc
        return policy

    @classmethod
    def from_path(cls, path: str | Path) -> Policy:
        """Read and validate a policy file."""
        path = Path(path)
        try:
            source = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: cannot read policy: {exc}") from exc
        return cls.from_toml(source, path=path)

    @classmethod
    def default(cls) -> Policy:
        """The policy shipped with emmentaler: what the project recommends for production."""
        return cls.from_toml(default_policy_text(), path=f"<package>/policies/{DEFAULT_POLICY}")

    @classmethod
    def load(cls, path: str | Path | None) -> Policy:
        """``from_path(path)``, or the default policy when ``path`` is None."""
        return cls.default() if path is None else cls.from_path(path)

    def rule(self, name: str) -> Rule:
        """The rule called ``name``."""
        for rule in self.rules:
            if rule.name == name:
                return rule
        raise KeyError(name)

    def without(self, names: Iterable[str]) -> Policy:
        """A copy without the named rules (and without rules that depend on them)."""
        dropped = set(names)
        kept = []
        for rule in self.rules:
            if rule.name in dropped or (rule.only_if is not None and rule.only_if.rule in dropped):
                dropped.add(rule.name)
                continue
            kept.append(rule)
        return self.model_copy(update={"rules": tuple(kept)})

    def build_stack(self) -> Stack:
        """Instantiate every rule's slice, in order."""
        from .stack import Stack

        return Stack.from_policy(self)

    def decide(self, screening: Screening) -> Decision:
        """The strictest action among rules that fired (and failed slices) wins.

        Flagged rules vote: with ``block_when_flags = N``, flags from N vote groups block.
        """
        blocks: list[str] = []
        flags: list[str] = []
        voters: list[str] = []
        groups: set[str] = set()
        for rule in self.rules:
            if rule.name in screening.errors:
                action = self.on_error
            elif (finding := screening.findings.get(rule.name)) is not None:
                action = rule.judge(finding)
            else:
                continue
            if action is Action.BLOCK:
                blocks.append(rule.name)
            elif action is Action.FLAG:
                flags.append(rule.name)
                if rule.votes:
                    voters.append(rule.name)
                    groups.add(rule.group)
        if blocks:
            return Decision(Action.BLOCK, tuple(blocks), tuple(flags))
        if self.block_when_flags is not None and len(groups) >= self.block_when_flags:
            return Decision(Action.BLOCK, tuple(voters), tuple(flags))
        if flags:
            return Decision(Action.FLAG, tuple(flags), tuple(flags))
        return Decision(Action.ALLOW)

    def screen(
        self, stack: Stack, text: object, *, mode: Mode = "full"
    ) -> tuple[Screening, Decision]:
        """Convenience: screen ``text`` with ``stack`` and decide."""
        screening = stack.screen(text, mode=mode)  # type: ignore[arg-type]
        return screening, self.decide(screening)


def default_policy_text() -> str:
    """The TOML source of the shipped default policy."""
    return (
        resources.files("emmentaler.policies").joinpath(DEFAULT_POLICY).read_text(encoding="utf-8")
    )
