"""One write per upstream request: the request head waits for its body.

httpcore writes an HTTP/1.1 request in two socket writes, the head and then the body. Each
write is a system call, and on loopback each also wakes the upstream, which finds half a
request and sleeps again; on a network it is two packets where one would do. The stream here
holds back a write that ends with an empty line, as a head does, until the next write, which
it joins, or the next read, before which it sends it alone: httpcore always reads the answer
after sending a request, so nothing held back is ever left unsent.

``coalesce_writes`` installs it on an ``httpx.AsyncHTTPTransport`` (through httpx's private
``_pool``; it reports False when a future httpx has no such pool, and the transport then
works as before).
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable
from typing import Any

import httpcore
import httpx

HOLD_MAX_BYTES = 64 * 1024
"""A head longer than this is written at once (it is not worth copying)."""


class CoalescingStream(httpcore.AsyncNetworkStream):
    """A network stream that sends a request head together with what follows it."""

    def __init__(self, stream: httpcore.AsyncNetworkStream) -> None:
        self._stream = stream
        self._held = b""

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        """Write ``buffer``, holding it back if it ends a request head."""
        if not self._held and buffer.endswith(b"\r\n\r\n") and len(buffer) <= HOLD_MAX_BYTES:
            self._held = buffer
            return
        if self._held:
            buffer, self._held = self._held + buffer, b""
        await self._stream.write(buffer, timeout)

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        """Send anything held back, then read."""
        await self._flush(timeout)
        return await self._stream.read(max_bytes, timeout)

    async def aclose(self) -> None:
        """Close the stream (anything held back is dropped with the connection)."""
        self._held = b""
        await self._stream.aclose()

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Upgrade to TLS (held bytes go first) and keep coalescing on the TLS stream."""
        await self._flush(timeout)
        return CoalescingStream(await self._stream.start_tls(ssl_context, server_hostname, timeout))

    def get_extra_info(self, info: str) -> Any:
        """As the wrapped stream's (socket, readability, TLS details)."""
        return self._stream.get_extra_info(info)

    async def _flush(self, timeout: float | None) -> None:
        if self._held:
            held, self._held = self._held, b""
            await self._stream.write(held, timeout)


class CoalescingBackend(httpcore.AsyncNetworkBackend):
    """A network backend whose streams are ``CoalescingStream``s."""

    def __init__(self, backend: httpcore.AsyncNetworkBackend) -> None:
        self._backend = backend

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Connect with the wrapped backend, and wrap the stream."""
        stream = await self._backend.connect_tcp(
            host, port, timeout=timeout, local_address=local_address, socket_options=socket_options
        )
        return CoalescingStream(stream)

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        """Connect with the wrapped backend, and wrap the stream."""
        stream = await self._backend.connect_unix_socket(
            path, timeout=timeout, socket_options=socket_options
        )
        return CoalescingStream(stream)

    async def sleep(self, seconds: float) -> None:
        """As the wrapped backend's."""
        await self._backend.sleep(seconds)


def coalesce_writes(transport: httpx.AsyncHTTPTransport) -> bool:
    """Make ``transport`` send each HTTP/1.1 request in one write; True when installed."""
    pool = getattr(transport, "_pool", None)
    if type(pool) is not httpcore.AsyncConnectionPool or pool._http2:
        return False
    backend = getattr(pool, "_network_backend", None)
    if not isinstance(backend, httpcore.AsyncNetworkBackend):
        return False
    if not isinstance(backend, CoalescingBackend):
        pool._network_backend = CoalescingBackend(backend)
    return True
