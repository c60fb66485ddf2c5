"""``emmentaler policy``: show or check a policy file."""

from __future__ import annotations

import json
from pathlib import Path

import click
from rich.console import Console
from rich.table import Table

from ..policy import Policy, default_policy_text
from ._common import translate_errors


@click.group()
def policy() -> None:
    """Show or check a policy (the shipped default when FILE is omitted)."""


@policy.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--toml", "as_toml", is_flag=True, help="Print the TOML source instead of a table.")
@click.option("--json", "as_json", is_flag=True, help="Print the resolved policy as JSON.")
@translate_errors
def show(file: Path | None, as_toml: bool, as_json: bool) -> None:
    """Print the rules in run order with thresholds, actions and params."""
    loaded = Policy.load(file)
    if as_toml:
        click.echo(file.read_text(encoding="utf-8") if file else default_policy_text(), nl=False)
        return
    if as_json:
        click.echo(json.dumps(loaded.model_dump(mode="json"), indent=2))
        return
    table = Table(title=f"policy {file or '(default)'}")
    for column in ("#", "rule", "slice", "threshold", "action", "stages", "params"):
        table.add_column(column)
    for index, rule in enumerate(loaded.rules, start=1):
        stages = ", ".join(rule.stages) if rule.stages else "(slice's)"
        table.add_row(
            str(index),
            rule.name,
            rule.use,
            f"{rule.threshold:.2f}",
            rule.action.value,
            stages,
            json.dumps(rule.params)[:60] if rule.params else "",
        )
    console = Console()
    console.print(table)
    limits = loaded.unveil
    console.print(
        f"on_error = {loaded.on_error.value}; block_when_flags = {loaded.block_when_flags}; "
        f"unveil: max_views={limits.max_views}, max_decoded_bytes={limits.max_decoded_bytes}, "
        f"max_depth={limits.max_depth}"
    )


@policy.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@translate_errors
def check(file: Path | None) -> None:
    """Validate FILE and build every slice; exit 2 with the file and field on error."""
    loaded = Policy.load(file)
    loaded.build_stack()
    click.echo(f"ok: {file or '(default)'}: {len(loaded.rules)} rules")
