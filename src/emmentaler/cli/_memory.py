"""Pieces ``remember`` and ``forget`` share: which index file to change."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ConfigError
from ..policy import Policy

index_option = click.option(
    "--index",
    "index_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Index file (default: the policy's memory rule, else the per-user index).",
)


def resolve_target(index_path: Path | None, policy_path: Path | None) -> Path:
    """--index, else the ``index_path`` of the policy's first ``memory`` rule, else the user's."""
    from ..slices.memory import MemorySlice, resolve_index_path, user_index_path

    if index_path is not None:
        return index_path
    if policy_path is None:
        return user_index_path()
    policy = Policy.from_path(policy_path)
    for rule in policy.rules:
        if rule.use == "memory":
            target = resolve_index_path(MemorySlice.Params.model_validate(rule.params).index_path)
            if target is None:
                raise ConfigError(
                    f"{policy_path}: rule {rule.name!r} reads the seed index only "
                    "(index_path = ''); pass --index"
                )
            return target
    raise ConfigError(f"{policy_path}: no rule uses the memory slice; pass --index")


def preview(text: str) -> str:
    """The first 80 characters of ``text`` with whitespace collapsed."""
    return " ".join(text.split())[:80]
