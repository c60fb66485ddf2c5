"""``emmentaler serve``: run the screening proxy in front of an OpenAI-compatible upstream."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from ..errors import EmmentalerError


@click.command()
@click.option(
    "--policy",
    "policy",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Policy file (default: EMMENTALER_POLICY, else the shipped default).",
)
@click.option(
    "--upstream",
    "upstream_url",
    metavar="URL",
    help="Upstream base URL with /v1 (default: EMMENTALER_UPSTREAM_URL).",
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(min=1),
    help="Worker processes (rate limits and caches are per worker).",
)
@click.option(
    "--api-keys-file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Client keys: one per line, or TOML [[keys]] with ids, policies and rates.",
)
@click.option("--no-auth", is_flag=True, help="Accept requests without a client key.")
@click.option(
    "--stream-mode", type=click.Choice(["windowed", "buffered"]), help="How streams are screened."
)
@click.option(
    "--window-chars", type=click.IntRange(min=16), help="Characters held back while streaming."
)
@click.option(
    "--block-style",
    type=click.Choice(["completion", "error"]),
    help="Blocked: a content_filter completion, or HTTP 400.",
)
@click.option("--canary/--no-canary", default=None, help="Add a canary to the system prompt.")
@click.option(
    "--audit-path", type=click.Path(dir_okay=False, path_type=Path), help="SQLite audit log."
)
@click.option(
    "--log-content/--no-log-content", default=None, help="Store screened text in the audit log."
)
@click.option(
    "--drain-timeout",
    default=30.0,
    show_default=True,
    type=float,
    help="Seconds to let in-flight requests finish on shutdown (SIGTERM).",
)
@click.option(
    "--log-level",
    default="info",
    show_default=True,
    type=click.Choice(["critical", "error", "warning", "info", "debug"]),
    help="uvicorn log level.",
)
def serve(host: str, port: int, workers: int, no_auth: bool, drain_timeout: float, log_level: str,
          **options: Any) -> None:  # fmt: skip
    """Run the screening proxy: point an OpenAI client's base URL at it.

    Settings also come from EMMENTALER_* environment variables (EMMENTALER_UPSTREAM_URL,
    EMMENTALER_UPSTREAM_API_KEY, EMMENTALER_API_KEYS, ...); options given here win.
    Exits 0 after a clean shutdown, 1 on a configuration error.
    """
    try:
        import uvicorn

        from ..policy import Policy
        from ..server.app import create_app, load_keys, tracker_from_env
        from ..server.settings import ServerSettings
        from ..server.upstream import build_upstream
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise click.ClickException(
            f"the server extra is missing ({exc.name}); run `pip install 'emmentaler[server]'`"
        ) from exc
    overrides = {name: value for name, value in options.items() if value is not None}
    if no_auth:
        overrides["auth"] = False
    try:
        settings = ServerSettings(**overrides)
        policy = Policy.load(settings.policy)
        load_keys(settings)
    except (EmmentalerError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    common: dict[str, Any] = {
        "host": host, "port": port, "log_level": log_level,
        "timeout_graceful_shutdown": drain_timeout, "proxy_headers": False,
    }  # fmt: skip
    if workers == 1:
        app = create_app(
            policy,
            upstream=build_upstream(settings),
            settings=settings,
            tracker=tracker_from_env(settings),
            close_upstream=True,
        )
        uvicorn.run(app, **common)
        return
    for name, value in overrides.items():  # workers rebuild the settings from the environment
        os.environ[f"EMMENTALER_{name.upper()}"] = _env_value(value)
    uvicorn.run("emmentaler.server.app:app_from_env", factory=True, workers=workers, **common)


def _env_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
