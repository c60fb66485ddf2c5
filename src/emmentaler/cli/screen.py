"""``emmentaler screen``: screen one text and print the decision."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console

from ..core import Stage, Text
from ..errors import InputError
from ..records import parse_turns
from ._common import EXIT_BLOCKED, load_policy, policy_option, result_row, translate_errors
from ._table import screening_table


@click.command()
@click.argument("text")
@policy_option
@click.option(
    "--stage",
    type=click.Choice([s.value for s in Stage]),
    default=Stage.PROMPT.value,
    show_default=True,
    help="What TEXT is. For 'conversation', TEXT is a JSON list of {role, content} turns.",
)
@click.option(
    "--prompt", "context", default=None, help="With --stage response: the prompt it answers."
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as one JSON object.")
@click.option(
    "--mode",
    type=click.Choice(["full", "first-block"]),
    default="full",
    show_default=True,
    help="Run every rule, or stop at the first that blocks.",
)
@translate_errors
def screen(
    text: str, policy_path: Path | None, stage: str, context: str | None, as_json: bool, mode: str
) -> None:
    """Screen TEXT (or '-' for standard input) and print the decision.

    Exit codes: 0 allowed or flagged, 3 blocked, 2 bad input or policy.
    """
    content = _read(text)
    policy = load_policy(policy_path)
    target = _to_text(content, Stage(stage), context)
    stack = policy.build_stack()
    screening = stack.screen(target, mode="first-block" if mode == "first-block" else "full")
    decision = policy.decide(screening)
    if as_json:
        click.echo(json.dumps(result_row("-", screening, decision), ensure_ascii=False))
    else:
        console = Console()
        if not content:
            console.print("[dim]note: the text is empty[/dim]")
        console.print(screening_table(policy, screening, decision))
    if decision.blocked:
        sys.exit(EXIT_BLOCKED)


def _read(text: str) -> str:
    if text != "-":
        return text
    raw = sys.stdin.buffer.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"<stdin>: not UTF-8 (byte {exc.start})") from None


def _to_text(content: str, stage: Stage, context: str | None) -> Text:
    if stage is Stage.CONVERSATION:
        try:
            turns = parse_turns(json.loads(content), "<conversation>")
        except json.JSONDecodeError as exc:
            raise InputError(f"<conversation>: not JSON: {exc.msg}") from None
        latest = next((t.content for t in reversed(turns) if t.role == "user"), "")
        return Text(latest, stage, turns=turns)
    return Text(content, stage, prompt=context)
