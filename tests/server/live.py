"""Real servers on loopback for end-to-end tests: a scripted upstream and the proxy, on uvicorn."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from .fakes import Recorder, completion, error, script, stream_events


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def upstream_app(recorder: Recorder, *, chunk_delay_s: float = 0.0) -> Starlette:
    """An OpenAI-like endpoint answering from ``fakes.script`` (streams, tools, errors, delays)."""

    async def chat(request: Request) -> Response:
        body = json.loads(await request.body())
        recorder.bodies.append(body)
        recorder.paths.append(request.url.path)
        reply = script(body)
        if reply.delay_s:
            await asyncio.sleep(reply.delay_s)
        if reply.status >= 400:
            return JSONResponse(error(reply), reply.status)
        if body.get("stream"):

            async def events() -> AsyncIterator[bytes]:
                for event in stream_events(body, reply):
                    yield event
                    if chunk_delay_s:
                        await asyncio.sleep(chunk_delay_s)

            return StreamingResponse(events(), media_type="text/event-stream")
        return JSONResponse(completion(body, reply))

    async def models(request: Request) -> Response:
        return JSONResponse(
            {
                "object": "list",
                "data": [{"id": "m1", "object": "model", "created": 1, "owned_by": "me"}],
            }
        )

    return Starlette(
        routes=[
            Route("/v1/chat/completions", chat, methods=["POST"]),
            Route("/v1/completions", chat, methods=["POST"]),
            Route("/v1/models", models, methods=["GET"]),
        ]
    )


@contextmanager
def serving(app: Starlette, port: int) -> Iterator[str]:
    """Run ``app`` on uvicorn in a thread; yield its base URL; stop it (draining) afterwards."""
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
