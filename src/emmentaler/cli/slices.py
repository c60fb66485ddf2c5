"""``emmentaler slices``: list installed slices and their documented parameters."""

from __future__ import annotations

import inspect

import click
from rich.console import Console
from rich.table import Table

from .. import registry
from ._common import translate_errors


@click.command()
@click.option("--params", "show_params", is_flag=True, help="Also list each slice's parameters.")
@translate_errors
def slices(show_params: bool) -> None:
    """List installed slices (built-ins and plug-ins), their stages and parameters."""
    console = Console()
    table = Table(title="installed slices")
    for column in ("kind", "stages", "class", "summary"):
        table.add_column(column)
    details = []
    for kind in registry.available():
        cls = registry.load(kind)
        stages = ", ".join(sorted(str(s) for s in getattr(cls, "stages", ())))
        summary = (inspect.getdoc(cls) or "").splitlines()[0] if inspect.getdoc(cls) else ""
        table.add_row(kind, stages, f"{cls.__module__}:{cls.__qualname__}", summary)
        details.append((kind, registry.params_model(cls)))
    console.print(table)
    if not show_params:
        return
    for kind, model in details:
        params = Table(title=f"{kind} params", title_justify="left")
        for column in ("name", "type", "default", "description"):
            params.add_column(column)
        for name, field in model.model_fields.items():
            annotation = getattr(field.annotation, "__name__", None) or str(field.annotation)
            default = (
                "(required)"
                if field.is_required()
                else repr(field.get_default(call_default_factory=True))
            )
            params.add_row(
                name, annotation.replace("typing.", ""), default[:40], field.description or ""
            )
        console.print(params if model.model_fields else f"[dim]{kind}: no params[/dim]")
