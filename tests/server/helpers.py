"""In-process plumbing: a MockTransport upstream and an ASGITransport client to the proxy."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from emmentaler import Policy
from emmentaler.server import ServerSettings, create_app
from emmentaler.server.audit import AuditLog
from emmentaler.server.seams import Tracker

from .fakes import POLICY, Recorder, completion, error, script, stream_events

KEY = "test-key-0123456789"
OTHER_KEY = "other-key-9876543210"


def settings(tmp_path: Path, **overrides: Any) -> ServerSettings:
    values: dict[str, Any] = {
        "api_keys": SecretStr(f"{KEY},{OTHER_KEY}"),
        "audit_path": tmp_path / "audit.db",
        "upstream_url": "http://upstream/v1",
        "gc_freeze": False,  # process-wide: the test process keeps collecting everything
    }
    values.update(overrides)
    return ServerSettings(**values)


def scripted(recorder: Recorder) -> Callable[[httpx.Request], httpx.Response]:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "GET":
            models = {
                "object": "list",
                "data": [{"id": "m1", "object": "model", "created": 1, "owned_by": "me"}],
            }
            return httpx.Response(200, json=models)
        body = json.loads(request.content)
        recorder.bodies.append(body)
        recorder.paths.append(request.url.path)
        reply = script(body)
        if reply.status >= 400:
            return httpx.Response(reply.status, json=error(reply))
        if body.get("stream"):
            content = b"".join(stream_events(body, reply))
            return httpx.Response(
                200, headers={"content-type": "text/event-stream"}, content=content
            )
        return httpx.Response(200, json=completion(body, reply))

    return handle


def failing(exc: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def handle(request: httpx.Request) -> httpx.Response:
        raise exc

    return handle


@asynccontextmanager
async def proxy(
    tmp_path: Path,
    handler: Callable[[httpx.Request], httpx.Response] | None = None,
    *,
    policy: str = POLICY,
    tracker: Tracker | None = None,
    recorder: Recorder | None = None,
    **overrides: Any,
) -> AsyncIterator[httpx.AsyncClient]:
    recorder = recorder if recorder is not None else Recorder()
    transport = httpx.MockTransport(handler or scripted(recorder))
    upstream = httpx.AsyncClient(transport=transport, base_url="http://upstream/v1")
    app = create_app(
        Policy.from_toml(policy),
        upstream=upstream,
        settings=settings(tmp_path, **overrides),
        tracker=tracker,
    )
    headers = {"Authorization": f"Bearer {KEY}"}
    async with (
        upstream,
        app.router.lifespan_context(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://proxy", headers=headers
        ) as client,
    ):
        yield client


def chat(*contents: str, stream: bool = False, **extra: Any) -> dict[str, Any]:
    """A chat body whose messages alternate user/assistant, ending with a user turn."""
    last = len(contents) - 1
    messages = [
        {"role": "user" if (last - index) % 2 == 0 else "assistant", "content": content}
        for index, content in enumerate(contents)
    ]
    return {"model": "test-model", "messages": messages, "stream": stream, **extra}


def sse_events(raw: str) -> list[Any]:
    """Parse an SSE body: JSON events, and the string "[DONE]"."""
    events: list[Any] = []
    for block in raw.split("\n\n"):
        if not block.strip():
            continue
        assert block.startswith("data: "), block
        data = block[len("data: ") :]
        events.append(data if data == "[DONE]" else json.loads(data))
    return events


def streamed_text(events: list[Any]) -> str:
    out = []
    for event in events:
        if isinstance(event, dict):
            for choice in event.get("choices", []):
                out.append(choice.get("delta", {}).get("content") or choice.get("text") or "")
    return "".join(out)


def finish_reasons(events: list[Any]) -> list[str]:
    return [
        choice["finish_reason"]
        for event in events
        if isinstance(event, dict)
        for choice in event.get("choices", [])
        if choice.get("finish_reason")
    ]


def audit_rows(path: Path, n: int = 100) -> list[dict[str, Any]]:
    """The last ``n`` audit records (the connection is closed again)."""
    log = AuditLog(path)
    try:
        return log.tail(n)
    finally:
        log.close()
