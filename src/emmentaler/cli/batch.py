"""``emmentaler batch``: screen every line of a JSONL file and write one result per line."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from ..core import Text
from ..policy import Policy
from ..records import Record, Skipped, read_records
from ..stack import Stack
from ._common import load_policy, policy_option, result_row, translate_errors

CHUNK = 128

_worker: tuple[Policy, Stack] | None = None


@click.command()
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Results JSONL.",
)
@policy_option
@click.option(
    "--workers", type=click.IntRange(1, 64), default=1, show_default=True, help="Processes."
)
@click.option("--skip-bad", is_flag=True, help="Skip and count bad lines instead of stopping.")
@click.option(
    "--progress/--no-progress", default=True, show_default=True, help="Show a progress bar."
)
@translate_errors
def batch(
    source: Path, out: Path, policy_path: Path | None, workers: int, skip_bad: bool, progress: bool
) -> None:
    """Screen each line of SOURCE (our JSONL schema) and write results to OUT.

    A line is screened as a conversation when it has ``turns``, as a response when it has
    ``prompt`` and ``response``, else as a prompt from ``text``. Each result holds the id,
    the action, the reasons and every rule's score. The output appears whole or not at all.

    Exit codes: 0 done, 2 bad input (a line, the file, or the policy; see --skip-bad).
    """
    policy = load_policy(policy_path)
    records: list[Record] = []
    skipped: list[Skipped] = []
    for item in read_records(source, skip_bad=skip_bad):
        (records if isinstance(item, Record) else skipped).append(item)  # type: ignore[arg-type]
    console = Console(stderr=True)
    rows = _screen_all(policy, records, workers, progress and console.is_terminal, console)
    _write_atomic(out, rows)
    blocked = sum(1 for row in rows if row["action"] == "block")
    click.echo(
        f"screened {len(rows)}, blocked {blocked}, skipped {len(skipped)} -> {out}", err=True
    )
    for bad in skipped[:20]:
        click.echo(f"  skipped {bad.where}: {bad.reason}", err=True)
    if len(skipped) > 20:
        click.echo(f"  ... and {len(skipped) - 20} more", err=True)


def _screen_all(
    policy: Policy, records: Sequence[Record], workers: int, show: bool, console: Console
) -> list[dict[str, Any]]:
    chunks = list(_chunks(records, CHUNK))
    rows: list[dict[str, Any]] = []
    columns = (TextColumn("screening"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console, disable=not show) as bar:
        task = bar.add_task("screening", total=len(records))
        if workers == 1 or len(chunks) <= 1:
            stack = policy.build_stack()
            for chunk in chunks:
                rows.extend(_screen_chunk(policy, stack, chunk))
                bar.advance(task, len(chunk))
        else:
            payload = [[(r.id, r.text) for r in chunk] for chunk in chunks]
            with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(policy,)) as pool:
                for done in pool.map(_worker_chunk, payload):
                    rows.extend(done)
                    bar.advance(task, len(done))
    return rows


def _chunks(records: Sequence[Record], size: int) -> Iterator[list[Record]]:
    it = iter(records)
    while chunk := list(islice(it, size)):
        yield chunk


def _screen_chunk(policy: Policy, stack: Stack, chunk: Sequence[Record]) -> list[dict[str, Any]]:
    return _screen_items(policy, stack, [(r.id, r.text) for r in chunk])


def _screen_items(
    policy: Policy, stack: Stack, items: Sequence[tuple[str, Text]]
) -> list[dict[str, Any]]:
    screenings = stack.screen_many([text for _, text in items])
    return [
        result_row(rid, s, policy.decide(s)) for (rid, _), s in zip(items, screenings, strict=True)
    ]


def _init_worker(policy: Policy) -> None:
    global _worker
    _worker = (policy, policy.build_stack())


def _worker_chunk(items: Sequence[tuple[str, Text]]) -> list[dict[str, Any]]:
    if _worker is None:
        raise RuntimeError("worker not initialised")
    policy, stack = _worker
    return _screen_items(policy, stack, items)


def _write_atomic(path: Path, rows: Iterable[dict[str, Any]]) -> None:
    """Write all rows to a temporary file beside ``path``, then rename it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False) + "\n")
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
