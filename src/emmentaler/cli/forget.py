"""``emmentaler forget``: remove remembered attacks from the memory index."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import InputError
from ..memory_index import MemoryIndex, locked
from ._common import policy_option, translate_errors
from ._memory import index_option, resolve_target


@click.command()
@click.argument("ids", nargs=-1, required=True)
@index_option
@policy_option
@translate_errors
def forget(ids: tuple[str, ...], index_path: Path | None, policy_path: Path | None) -> None:
    """Remove the entries IDS from the index (the same index ``remember`` writes).

    Exit codes: 0 every id was removed, 1 some id was not in the index (the others are
    removed), 2 bad input or policy.
    """
    target = resolve_target(index_path, policy_path)
    with locked(target):
        if not target.exists():
            raise InputError(f"{target}: no memory index here")
        index = MemoryIndex.load(target)
        missing = [item_id for item_id in ids if item_id not in set(index.ids)]
        smaller = index.remove(ids)
        if len(smaller) != len(index):
            smaller.save(target)
    click.echo(f"forgot {len(index) - len(smaller)} attacks in {target} ({len(smaller)} left)")
    if missing:
        click.echo(f"not in the index: {', '.join(missing)}", err=True)
        raise SystemExit(1)
