"""The ``emmentaler`` command line: a click group with one module per command.

Exit codes: 0 allowed or flagged, 1 error, 2 usage or bad input, 3 blocked (``screen``).
"""

from __future__ import annotations

import importlib
import logging
import os

import click

# Commands load on demand so `emmentaler screen` never imports the server or plotting.
COMMANDS: dict[str, str] = {
    "audit": "emmentaler.cli.audit:audit",
    "batch": "emmentaler.cli.batch:batch",
    "demo": "emmentaler.cli.demo:demo",
    "eval": "emmentaler.cli.eval:eval_command",
    "forget": "emmentaler.cli.forget:forget",
    "policy": "emmentaler.cli.policy:policy",
    "remember": "emmentaler.cli.remember:remember",
    "screen": "emmentaler.cli.screen:screen",
    "serve": "emmentaler.cli.serve:serve",
    "slices": "emmentaler.cli.slices:slices",
}


class LazyGroup(click.Group):
    """A group whose subcommands are imported only when used."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Every command name, sorted."""
        return sorted({*COMMANDS, *self.commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """Import the command's module on first use."""
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module, _, attr = target.partition(":")
        command = getattr(importlib.import_module(module), attr)
        if not isinstance(command, click.Command):
            raise TypeError(f"{target} is not a click command")
        return command


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="emmentaler")
@click.option("-v", "--verbose", count=True, help="Repeat for more log detail (-vv: debug).")
def main(verbose: int) -> None:
    """Screen LLM prompts, conversations and responses through a stack of detectors."""
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    # Small matrix products: BLAS thread pools only add spinning and tail latency here.
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, "1")
    logging.basicConfig(
        level=(logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)],
        format="%(levelname)s %(name)s: %(message)s",
    )
