"""The upstream client sends each request's head and body in one write."""

from __future__ import annotations

import ssl
from typing import Any

import anyio
import httpcore
import httpx
import pytest

from emmentaler.server.coalesce import CoalescingBackend, CoalescingStream, coalesce_writes
from emmentaler.server.settings import ServerSettings
from emmentaler.server.upstream import build_upstream

HEAD = b"POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n"


class RecordingStream(httpcore.AsyncNetworkStream):
    """Records the operations it sees, in order."""

    def __init__(self) -> None:
        self.log: list[tuple[str, bytes]] = []

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.log.append(("write", buffer))

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        self.log.append(("read", b""))
        return b"HTTP/1.1 200 OK\r\n\r\n"

    async def aclose(self) -> None:
        self.log.append(("close", b""))

    async def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.AsyncNetworkStream:
        self.log.append(("tls", b""))
        return self

    def get_extra_info(self, info: str) -> Any:
        return f"info:{info}"


def run(*steps: tuple[str, bytes]) -> list[tuple[str, bytes]]:
    inner = RecordingStream()
    stream = CoalescingStream(inner)

    async def main() -> None:
        for op, data in steps:
            if op == "write":
                await stream.write(data)
            elif op == "read":
                await stream.read(1024)
            elif op == "tls":
                await stream.start_tls(ssl.create_default_context())
            else:
                await stream.aclose()

    anyio.run(main)
    return inner.log


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        ([("write", HEAD), ("write", b"{}"), ("read", b"")],
         [("write", HEAD + b"{}"), ("read", b"")]),
        ([("write", HEAD), ("read", b"")], [("write", HEAD), ("read", b"")]),
        ([("write", HEAD), ("write", b"")], [("write", HEAD)]),
        ([("write", b"part"), ("write", b"more")], [("write", b"part"), ("write", b"more")]),
        ([("write", HEAD), ("tls", b"")], [("write", HEAD), ("tls", b"")]),
        ([("write", HEAD), ("close", b"")], [("close", b"")]),
        ([("write", b"x" * 70_000 + b"\r\n\r\n")], [("write", b"x" * 70_000 + b"\r\n\r\n")]),
    ],
    ids=["head-joins-body", "read-flushes", "empty-body", "plain-writes",
         "tls-flushes", "close-drops", "huge-head-at-once"],
)  # fmt: skip
def test_coalescing_stream(
    steps: list[tuple[str, bytes]], expected: list[tuple[str, bytes]]
) -> None:
    assert run(*steps) == expected


def test_extra_info_comes_from_the_wrapped_stream() -> None:
    assert CoalescingStream(RecordingStream()).get_extra_info("socket") == "info:socket"


def test_build_upstream_installs_coalescing_on_every_pool() -> None:
    client = build_upstream(ServerSettings(upstream_url="http://127.0.0.1:9/v1", auth=False))
    pools = client._transport.transports  # type: ignore[attr-defined]
    assert pools and all(
        isinstance(pool._pool._network_backend, CoalescingBackend) for pool in pools
    )  # fails loudly if a new httpx moves its pool: coalesce_writes would return False


def test_coalesce_writes_declines_http2_and_is_idempotent() -> None:
    assert not coalesce_writes(httpx.AsyncHTTPTransport(http2=True, http1=True))
    transport = httpx.AsyncHTTPTransport()
    assert coalesce_writes(transport) and coalesce_writes(transport)
    backend = transport._pool._network_backend
    assert isinstance(backend, CoalescingBackend)
    assert not isinstance(backend._backend, CoalescingBackend)


async def _echo_server(
    listener: anyio.abc.Listener[anyio.abc.SocketStream], seen: list[bytes]
) -> None:
    async def handle(conn: anyio.abc.SocketStream) -> None:
        async with conn:
            while True:
                data = await conn.receive()
                seen.append(data)
                if b"\r\n\r\n" in data and data.endswith(b"{}"):
                    body = b'{"ok":true}'
                    await conn.send(
                        b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n"
                        + b"content-length: %d\r\n\r\n" % len(body)
                        + body
                    )
                    return

    await listener.serve(handle)


def test_a_real_request_arrives_in_one_piece() -> None:
    seen: list[bytes] = []

    async def main() -> dict[str, Any]:
        listener = await anyio.create_tcp_listener(local_host="127.0.0.1")
        port = listener.extra(anyio.abc.SocketAttribute.local_port)
        async with listener, anyio.create_task_group() as group:
            group.start_soon(_echo_server, listener, seen)
            transport = httpx.AsyncHTTPTransport()
            assert coalesce_writes(transport)
            async with httpx.AsyncClient(transport=transport) as client:
                response = await client.post(f"http://127.0.0.1:{port}/v1/x", content=b"{}")
            group.cancel_scope.cancel()
        result: dict[str, Any] = response.json()
        return result

    assert anyio.run(main) == {"ok": True}
    assert len(seen) == 1 and seen[0].endswith(b"\r\n\r\n{}")
