"""Pieces the commands share: the policy option, error translation, result rows."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, ParamSpec, TypeVar

import click

from ..core import Decision, Screening
from ..errors import EmmentalerError
from ..policy import Policy

EXIT_BAD_INPUT = 2
EXIT_BLOCKED = 3

P = ParamSpec("P")
R = TypeVar("R")

policy_option = click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Policy TOML file (default: the policy shipped with emmentaler).",
)


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    """Print a one-line error to stderr and exit with ``code`` (2: bad input or config)."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def translate_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn emmentaler's errors into a one-line message and exit code 2."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except EmmentalerError as exc:
            fail(str(exc))

    return wrapper


def load_policy(path: Path | None) -> Policy:
    """The policy at ``path``, or the shipped default."""
    return Policy.load(path)


def result_row(record_id: str, screening: Screening, decision: Decision) -> dict[str, Any]:
    """One JSON-ready result: id, action, reasons, every rule's score, view and note."""
    rules: dict[str, Any] = {}
    for name, finding in screening.findings.items():
        entry: dict[str, Any] = {"score": round(finding.score, 6)}
        if finding.view != "original":
            entry["view"] = finding.view
        if finding.note:
            entry["note"] = finding.note
        if finding.labels:
            entry["labels"] = {k: round(v, 6) for k, v in finding.labels.items()}
        rules[name] = entry
    for name, error in screening.errors.items():
        rules[name] = {"error": error}
    return {
        "id": record_id,
        "stage": screening.text.stage.value,
        "action": decision.action.value,
        "reasons": list(decision.reasons),
        "flags": list(decision.flags),
        "rules": rules,
        "ms": round(screening.total_seconds * 1000, 3),
    }
