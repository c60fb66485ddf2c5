"""Talking to the upstream: building the client, bounded reads, and mapping its failures.

No upstream failure ever turns into an unscreened answer: timeouts become 504, connection
failures 502, and upstream errors keep their status (401/403, which concern the proxy's own
credentials, become 502 so nothing about the upstream key reaches the client).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator

import httpx
from starlette.responses import Response

from .coalesce import coalesce_writes
from .responses import error_response
from .settings import ServerSettings

MAX_ERROR_MESSAGE_CHARS = 500
SHARDS = 8


def build_upstream(settings: ServerSettings, *, shards: int = SHARDS) -> httpx.AsyncClient:
    """The upstream client ``serve`` uses: base URL, upstream key, timeouts, pooled connections."""
    headers = {}
    if settings.upstream_api_key is not None:
        headers["Authorization"] = f"Bearer {settings.upstream_api_key.get_secret_value()}"
    timeout = httpx.Timeout(
        settings.upstream_timeout_s, connect=settings.upstream_connect_timeout_s
    )
    per_shard = httpx.Limits(max_connections=64, max_keepalive_connections=32)
    pools = [httpx.AsyncHTTPTransport(limits=per_shard) for _ in range(shards)]
    for pool in pools:
        coalesce_writes(pool)  # head and body in one write (coalesce.py)
    transport = ShardedTransport(pools)
    return httpx.AsyncClient(
        base_url=settings.upstream_url, headers=headers, timeout=timeout, transport=transport
    )


class ShardedTransport(httpx.AsyncBaseTransport):
    """Spread requests round-robin over several connection pools.

    httpcore's pool scans every connection it holds (polling each idle socket) whenever a
    request starts or ends, so one pool serving many concurrent requests costs time that
    grows with its size; several small pools keep each scan short.
    """

    def __init__(self, transports: list[httpx.AsyncHTTPTransport]) -> None:
        self.transports = transports
        self._turn = itertools.cycle(range(len(transports)))

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send ``request`` through the next pool."""
        return await self.transports[next(self._turn)].handle_async_request(request)

    async def aclose(self) -> None:
        """Close every pool."""
        for transport in self.transports:
            await transport.aclose()


class UpstreamFailedError(Exception):
    """The upstream could not be reached, timed out, or answered too much."""

    def __init__(self, status: int, message: str, code: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code

    def response(self, headers: dict[str, str]) -> Response:
        """The OpenAI-shaped error the client gets."""
        return error_response(self.status, str(self), "upstream_error", self.code, headers)


def translate(exc: httpx.HTTPError) -> UpstreamFailedError:
    """Map an httpx failure: read/write/pool timeouts are 504, everything else 502."""
    if isinstance(exc, httpx.TimeoutException) and not isinstance(exc, httpx.ConnectTimeout):
        return UpstreamFailedError(504, "the upstream timed out", "upstream_timeout")
    return UpstreamFailedError(502, "the upstream could not be reached", "upstream_unreachable")


async def read_bounded(response: httpx.Response, limit: int) -> bytes:
    """The whole body of a streamed ``response``, refusing more than ``limit`` bytes."""
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > limit:
                raise UpstreamFailedError(
                    502, "the upstream answer is too large", "upstream_too_large"
                )
            chunks.append(chunk)
    except httpx.HTTPError as exc:
        raise translate(exc) from exc
    return b"".join(chunks)


def failure_response(status: int, raw: bytes, headers: dict[str, str]) -> Response:
    """What the client sees when the upstream answered with an error status."""
    if status in {401, 403}:
        return error_response(
            502,
            "the upstream refused the proxy's credentials",
            "upstream_error",
            "upstream_auth",
            headers,
        )
    message, kind, code = "the upstream failed", "upstream_error", None
    try:
        body = json.loads(raw)
    except ValueError:
        body = None
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        if isinstance(error.get("message"), str):
            message = error["message"][:MAX_ERROR_MESSAGE_CHARS]
        if isinstance(error.get("type"), str):
            kind = error["type"][:64]
        if isinstance(error.get("code"), str):
            code = error["code"][:64]
    return error_response(status if 400 <= status <= 599 else 502, message, kind, code, headers)


async def lines(response: httpx.Response) -> AsyncIterator[str]:
    """The lines of a streamed answer; transport failures become ``StreamAbortedError``."""
    from .streaming import StreamAbortedError

    try:
        async for line in response.aiter_lines():
            yield line
    except httpx.TimeoutException:
        raise StreamAbortedError("the upstream timed out while streaming") from None
    except httpx.HTTPError:
        raise StreamAbortedError("the upstream stream broke") from None
