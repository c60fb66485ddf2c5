"""The screening proxy: an OpenAI-compatible gateway in front of any LLM.

``create_app`` builds a Starlette app around an injected ``httpx.AsyncClient`` to the upstream;
``emmentaler serve`` builds that client from ``ServerSettings`` and runs the app on uvicorn.

Routes: ``POST /v1/chat/completions`` and ``POST /v1/completions`` (screened, streaming
included), ``GET /v1/models`` (passed through), ``GET /healthz``, ``GET /readyz`` and
``GET /metrics``.
"""

from __future__ import annotations

import contextlib
import gc
import logging
import time
from collections.abc import AsyncIterator
from pathlib import Path

import anyio.to_thread
import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..errors import ConfigError
from ..policy import Policy
from . import responses as out
from .audit import AuditLog
from .auth import KeyStore, keys_from_env, keys_from_file
from .metrics import Metrics
from .proxy import Proxy
from .screening import Guard
from .seams import Tracker
from .settings import ServerSettings
from .upstream import build_upstream

logger = logging.getLogger(__name__)

PROBE_TIMEOUT_S = 2.0


def load_keys(settings: ServerSettings) -> KeyStore:
    """Client keys from ``EMMENTALER_API_KEYS`` and the keys file.

    Raises:
        ConfigError: auth is on and no key is configured, or the keys file is invalid.
    """
    keys = keys_from_env(settings.api_keys.get_secret_value()) if settings.api_keys else []
    if settings.api_keys_file is not None:
        keys.extend(keys_from_file(settings.api_keys_file))
    if settings.auth and not keys:
        raise ConfigError(
            "auth is on but no client key is configured: set EMMENTALER_API_KEYS, "
            "pass --api-keys-file, or turn auth off explicitly with --no-auth"
        )
    return KeyStore(keys)


def create_app(
    policy: Policy,
    *,
    upstream: httpx.AsyncClient,
    settings: ServerSettings | None = None,
    tracker: Tracker | None = None,
    close_upstream: bool = False,
) -> Starlette:
    """Build the screening proxy. The caller owns ``upstream`` (base URL, auth, timeouts).

    Args:
        policy: the policy every key uses unless its keys-file entry names another.
        upstream: client to the OpenAI-compatible upstream; its base URL ends with ``/v1``.
        settings: limits, auth, streaming and audit settings (default: from the environment).
        tracker: per-principal state consulted around each screening (default: none).
        close_upstream: close ``upstream`` when the app shuts down (``serve`` owns it).

    Raises:
        ConfigError: the keys or a per-key policy are invalid.

    Examples:
        >>> import httpx
        >>> from emmentaler import Policy
        >>> settings = ServerSettings(auth=False, audit_path=None)
        >>> upstream = httpx.AsyncClient(base_url="http://127.0.0.1:9/v1")
        >>> app = create_app(Policy.default(), upstream=upstream, settings=settings)
    """
    settings = settings or ServerSettings()
    keys = load_keys(settings)
    guards = _guards(policy, keys)
    metrics = Metrics()
    audit = AuditLog(settings.audit_path) if settings.audit_path is not None else None
    proxy = Proxy(
        guards,
        upstream=upstream,
        settings=settings,
        keys=keys,
        metrics=metrics,
        audit=audit,
        tracker=tracker,
    )
    health = _Health(upstream, guards, settings.ready_check_s)

    async def chat_completions(request: Request) -> Response:
        return await proxy.handle(request, "chat")

    async def completions(request: Request) -> Response:
        return await proxy.handle(request, "completions")

    async def models(request: Request) -> Response:
        return await proxy.models(request)

    async def healthz(request: Request) -> Response:
        return out.json_response({"status": "ok"})

    async def readyz(request: Request) -> Response:
        reachable = await health.upstream_reachable()
        ready = health.warm and reachable
        body = {
            "status": "ready" if ready else "not ready",
            "models": health.warm,
            "upstream": reachable,
        }
        return out.json_response(body, 200 if ready else 503)

    async def metrics_endpoint(request: Request) -> Response:
        text = metrics.render()
        if tracker is not None:
            text += _tracker_metrics(tracker)
        return Response(text, media_type="text/plain; version=0.0.4")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        health.warm = await anyio.to_thread.run_sync(health.warm_up)
        if settings.gc_freeze:
            # What exists now (slices, patterns, models) lives as long as the process: moved
            # out of the collector's reach, a full collection no longer walks it (tens of ms).
            gc.freeze()
        try:
            yield
        finally:
            if close_upstream:
                await upstream.aclose()
            if audit is not None:
                audit.close()

    routes = [
        Route("/v1/chat/completions", chat_completions, methods=["POST"]),
        Route("/v1/completions", completions, methods=["POST"]),
        Route("/v1/models", models, methods=["GET"]),
        Route("/healthz", healthz, methods=["GET"]),
        Route("/readyz", readyz, methods=["GET"]),
        Route("/metrics", metrics_endpoint, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.proxy = proxy
    return app


def app_from_env() -> Starlette:
    """The app built from ``EMMENTALER_*`` settings alone: the uvicorn factory for ``--workers``."""
    settings = ServerSettings()
    return create_app(
        Policy.load(settings.policy),
        upstream=build_upstream(settings),
        settings=settings,
        tracker=tracker_from_env(settings),
        close_upstream=True,
    )


def tracker_from_env(settings: ServerSettings) -> Tracker | None:
    """The principal tracker ``EMMENTALER_PRINCIPALS_*`` describes, or None when tracking is off."""
    if not settings.track_principals:
        return None
    from ..principals import PrincipalSettings, build_tracker

    return build_tracker(PrincipalSettings())


def _guards(policy: Policy, keys: KeyStore) -> dict[str | None, Guard]:
    guards: dict[str | None, Guard] = {None: Guard(policy)}
    by_path: dict[Path, Guard] = {}
    for key in keys.keys:
        if key.policy is None:
            continue
        if key.policy not in by_path:
            by_path[key.policy] = Guard(Policy.from_path(key.policy))
        guards[key.id] = by_path[key.policy]
    return guards


class _Health:
    """Readiness: slices warmed up, and the upstream answering (probe cached a few seconds)."""

    def __init__(
        self, upstream: httpx.AsyncClient, guards: dict[str | None, Guard], cache_s: float
    ) -> None:
        self.upstream = upstream
        self.guards = guards
        self.cache_s = cache_s
        self.warm = False
        self._probed = (-float("inf"), False)

    def warm_up(self) -> bool:
        """Screen a short text with every distinct guard (loads lazy models)."""
        ok = True
        for guard in {id(g): g for g in self.guards.values()}.values():
            if not guard.warm_up():
                logger.warning("warm-up screening failed for a policy; /readyz reports not ready")
                ok = False
        return ok

    async def upstream_reachable(self) -> bool:
        """True when the upstream answered ``GET /models`` with any status below 500."""
        stamp, ok = self._probed
        if time.monotonic() - stamp < self.cache_s:
            return ok
        try:
            response = await self.upstream.get("/models", timeout=PROBE_TIMEOUT_S)
            ok = response.status_code < 500
        except httpx.HTTPError:
            ok = False
        self._probed = (time.monotonic(), ok)
        return ok


def _tracker_metrics(tracker: Tracker) -> str:
    """The tracker's counters (escalations, refusals, backend errors) in exposition format."""
    stats = getattr(tracker, "stats", None)
    if not isinstance(stats, dict) or not stats:
        return ""
    name = "emmentaler_principal_events_total"
    lines = [f"# HELP {name} Per-principal tracker events, by kind.", f"# TYPE {name} counter"]
    for kind, value in sorted(stats.items()):
        lines.append(f'{name}{{kind="{kind}"}} {int(value)}')
    return "\n".join(lines) + "\n"
