"""``emmentaler remember``: add confirmed attacks to the memory index."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import InputError
from ..memory_index import MemoryIndex, locked
from ._common import policy_option, translate_errors
from ._memory import index_option, preview, resolve_target

BATCH = 64


@click.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@index_option
@policy_option
@translate_errors
def remember(file: Path, index_path: Path | None, policy_path: Path | None) -> None:
    """Add the attacks in FILE (JSONL: text, id, and optionally label, source) to the index.

    The index is --index, else the index_path of the policy's memory rule, else
    $XDG_DATA_HOME/emmentaler/memory.npz. An id already in the index is replaced. The
    ``memory`` slice sees the change on its next text, without a restart.

    Exit codes: 0 done, 2 bad input or policy.
    """
    from ..embedding import get_encoder
    from ..slices.memory import encoder_identity

    rows = read_attacks(file)
    target = resolve_target(index_path, policy_path)
    encoder = get_encoder()
    identity = encoder_identity(encoder)
    with locked(target):
        index = MemoryIndex.load(target) if target.exists() else MemoryIndex.empty(identity)
        if not len(index):
            index = MemoryIndex.empty(identity)
        elif index.model != identity:
            raise InputError(
                f"{target}: made by encoder {index.model!r}, not {identity!r}; "
                "forget its entries or use another --index"
            )
        for start in range(0, len(rows), BATCH):
            batch = rows[start : start + BATCH]
            index = index.add(
                [row["id"] for row in batch],
                encoder.embed_windows([row["text"] for row in batch]),
                sources=[row["source"] or file.name for row in batch],
                labels=[row["label"] for row in batch],
                previews=[preview(row["text"]) for row in batch],
            )
        index.save(target)
    click.echo(f"remembered {len(rows)} attacks in {target} ({len(index)} in all)")


def read_attacks(path: Path) -> list[dict[str, str]]:
    """Rows of ``path`` with non-empty ``id`` and ``text``.

    ``label`` defaults to ``attack`` and ``source`` to empty. Raises InputError naming the line.
    """
    rows: list[dict[str, str]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        if not isinstance(row, dict):
            raise InputError(f"{path}:{number}: expected a JSON object")
        text, item_id = row.get("text"), row.get("id")
        if not isinstance(text, str) or not text.strip():
            raise InputError(f"{path}:{number}: 'text' must be a non-empty string")
        if not isinstance(item_id, str | int) or not str(item_id):
            raise InputError(f"{path}:{number}: 'id' must be a non-empty string")
        label, source = row.get("label", "attack"), row.get("source", "")
        rows.append(
            {"id": str(item_id), "text": text, "label": str(label), "source": str(source or "")}
        )
    if not rows:
        raise InputError(f"{path}: no attacks to remember")
    return rows
