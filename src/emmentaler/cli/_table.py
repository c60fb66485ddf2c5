"""Readable rich tables of screenings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text as RichText

from ..core import Action, Decision, Screening
from ..policy import Policy

STYLE = {Action.ALLOW: "green", Action.FLAG: "yellow", Action.BLOCK: "bold red"}


def action_text(action: Action) -> RichText:
    """The action, coloured."""
    return RichText(action.value.upper(), style=STYLE[action])


def screening_table(policy: Policy, screening: Screening, decision: Decision) -> Table:
    """One row per rule: its score, threshold, what it would do, the view and the note."""
    table = Table(
        title=f"decision: {decision.action.value.upper()}", title_style=STYLE[decision.action]
    )
    for column in ("rule", "score", "threshold", "action", "view", "note"):
        table.add_column(column, justify="right" if column in {"score", "threshold"} else "left")
    for rule in policy.rules:
        name = rule.name
        if name in screening.errors:
            table.add_row(
                name,
                "-",
                f"{rule.threshold:.2f}",
                action_text(policy.on_error),
                "",
                "error: " + screening.errors[name],
            )
        elif (finding := screening.findings.get(name)) is not None:
            table.add_row(
                name,
                f"{finding.score:.3f}",
                f"{rule.threshold:.2f}",
                action_text(rule.judge(finding)),
                finding.view,
                finding.note[:80],
            )
        else:
            table.add_row(
                name, "", f"{rule.threshold:.2f}", RichText("skipped", style="dim"), "", ""
            )
    return table
