"""``emmentaler audit``: read the proxy's audit log (``tail`` and ``export``)."""

from __future__ import annotations

import csv
import json
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

import click

DEFAULT_PATH = "emmentaler-audit.sqlite3"
_path_option = click.option(
    "--path",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="EMMENTALER_AUDIT_PATH",
    default=DEFAULT_PATH,
    show_default=True,
    help="Audit log (env: EMMENTALER_AUDIT_PATH).",
)


@click.group()
def audit() -> None:
    """Read the proxy's audit log: one record per decision, no text unless log_content."""


@audit.command()
@_path_option
@click.option("-n", "--lines", "count", default=20, show_default=True, type=click.IntRange(min=1))
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@click.option("-f", "--follow", is_flag=True, help="Keep printing new records (Ctrl-C stops).")
def tail(path: Path, count: int, as_json: bool, follow: bool) -> None:
    """Print the latest records, oldest first."""
    log = _open(path)
    rows = log.tail(count)
    for row in rows:
        _print(row, as_json)
    last = rows[-1]["id"] if rows else 0
    try:
        while follow:
            time.sleep(1.0)
            for row in log.after(last):
                _print(row, as_json)
                last = row["id"]
    except KeyboardInterrupt:  # pragma: no cover - interactive
        pass
    finally:
        log.close()


@audit.command()
@_path_option
@click.option(
    "--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True
)
@click.option("--since", help="Only records at or after this ISO time (e.g. 2026-11-27T15:00:00Z).")
@click.option(
    "-o", "--output", type=click.File("w"), default="-", help="Output file (default: stdout)."
)
def export(path: Path, fmt: str, since: str | None, output: TextIO) -> None:
    """Write every record (or those since a time) as JSON lines or CSV."""
    start = None
    if since is not None:
        try:
            moment = datetime.fromisoformat(since.replace("Z", "+00:00"))
        except ValueError as exc:
            raise click.BadParameter(f"not an ISO time: {since!r}", param_hint="--since") from exc
        start = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).timestamp()
    log = _open(path)
    try:
        rows = log.after(0, since=start)
        if fmt == "jsonl":
            for row in rows:
                output.write(json.dumps(row, sort_keys=True) + "\n")
            return
        from ..server.audit import COLUMNS

        writer = csv.DictWriter(output, fieldnames=["id", *COLUMNS])
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in row.items()}
            )
    finally:
        log.close()


def _open(path: Path) -> Any:
    from ..server.audit import open_readonly

    try:
        return open_readonly(path)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from exc


def _print(row: dict[str, Any], as_json: bool) -> None:
    if as_json:
        sys.stdout.write(json.dumps(row, sort_keys=True) + "\n")
        return
    moment = datetime.fromtimestamp(row["time"], tz=UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    rules = ",".join(row["rules"]) or "-"
    click.echo(
        f"{row['id']:>6} {moment} {row['stage']:<8} {row['action']:<5} {rules:<24} "
        f"key={row['key_id']} request={row['request_id'][:12]}"
    )
