from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from emmentaler.core import Action, Decision
from emmentaler.server.screening import Verdict
from emmentaler.server.streaming import StreamGate, StreamOptions

from .fakes import BENIGN_REPLY, HARMFUL_REPLY, SECRET_SYSTEM, Recorder
from .helpers import chat, finish_reasons, proxy, sse_events, streamed_text

pytestmark = pytest.mark.anyio


def lines_of(*events: dict[str, Any] | str) -> list[str]:
    out = []
    for event in events:
        out += [f"data: {event if isinstance(event, str) else json.dumps(event)}", ""]
    return out


async def aiter(items: list[str]) -> AsyncIterator[str]:
    for item in items:
        yield item


def chunk(text: str, finish: str | None = None, index: int = 0) -> dict[str, Any]:
    return {
        "id": "c1",
        "object": "chat.completion.chunk",
        "created": 1,
        "model": "m",
        "choices": [{"index": index, "delta": {"content": text}, "finish_reason": finish}],
    }


def word_screen(word: str, seen: list[str] | None = None) -> Any:
    async def screen(texts: dict[int, str], final: bool) -> Verdict:
        if seen is not None:
            seen.extend(texts.values())
        hit = any(word in text for text in texts.values())
        return Verdict(Decision(Action.BLOCK, ("w",)) if hit else Decision(Action.ALLOW))

    return screen


async def run_gate(gate: StreamGate, lines: list[str]) -> list[Any]:
    raw = b"".join([part async for part in gate.run(aiter(lines))]).decode()
    return sse_events(raw)


@pytest.mark.usefixtures("word_slice")
@pytest.mark.parametrize("mode", ["windowed", "buffered"])
async def test_benign_stream_passes_whole(tmp_path: Path, mode: str) -> None:
    async with proxy(tmp_path, stream_mode=mode) as client:
        response = await client.post("/v1/chat/completions", json=chat("hello", stream=True))
    events = sse_events(response.text)
    assert response.headers["content-type"].startswith("text/event-stream")
    assert streamed_text(events) == BENIGN_REPLY
    assert finish_reasons(events) == ["stop"] and events[-1] == "[DONE]"


@pytest.mark.usefixtures("word_slice")
@pytest.mark.parametrize(("mode", "released_some"), [("windowed", True), ("buffered", False)])
async def test_harmful_stream_is_cut_with_content_filter(
    tmp_path: Path, mode: str, released_some: bool
) -> None:
    async with proxy(tmp_path, stream_mode=mode, window_chars=64, screen_every_chars=16) as client:
        response = await client.post("/v1/chat/completions", json=chat("[[harmful]]", stream=True))
    events = sse_events(response.text)
    text = streamed_text(events)
    assert events[-1] == "[DONE]" and finish_reasons(events) == ["content_filter"]
    if released_some:  # the screened start of the answer, then an empty content-filter chunk
        assert HARMFUL_REPLY.startswith(text) and 0 < len(text) <= HARMFUL_REPLY.index("pipe bomb")
        assert events[-2]["choices"][0]["delta"] == {}
    else:  # nothing released: the content-filter chunk carries the refusal
        assert text == "I can't help with that request."
    last = events[-2]
    assert (
        last["object"] == "chat.completion.chunk"
        and last["id"] == "chatcmpl-1"
        and last["model"] == "test-model"
    )


@pytest.mark.usefixtures("word_slice")
async def test_blocked_streamed_request_gets_a_streamed_refusal(tmp_path: Path) -> None:
    async with proxy(tmp_path) as client:
        response = await client.post("/v1/chat/completions", json=chat("pipe bomb", stream=True))
    events = sse_events(response.text)
    assert streamed_text(events) == "I can't help with that request."
    assert finish_reasons(events) == ["content_filter"] and events[-1] == "[DONE]"
    assert response.headers["x-emmentaler-decision"] == "block; rules=harm"


@pytest.mark.usefixtures("word_slice")
async def test_streamed_tool_calls_are_held_then_released(tmp_path: Path) -> None:
    async with proxy(tmp_path) as client:
        response = await client.post("/v1/chat/completions", json=chat("[[tool]]", stream=True))
    events = sse_events(response.text)
    arguments = "".join(
        call["function"].get("arguments", "")
        for event in events
        if isinstance(event, dict)
        for choice in event["choices"]
        for call in choice["delta"].get("tool_calls", [])
    )
    assert arguments == '{"city": "Paris"}' and finish_reasons(events) == ["tool_calls"]


@pytest.mark.usefixtures("word_slice")
async def test_streamed_canary_leak_is_cut(tmp_path: Path) -> None:
    body = chat("[[leak]]", stream=True)
    body["messages"].insert(0, {"role": "system", "content": SECRET_SYSTEM})
    async with proxy(tmp_path, canary=True) as client:
        response = await client.post("/v1/chat/completions", json=body)
    events = sse_events(response.text)
    assert finish_reasons(events) == ["content_filter"]
    assert "E M M" not in streamed_text(events)


@pytest.mark.usefixtures("word_slice")
async def test_completions_stream_is_cut_too(tmp_path: Path) -> None:
    async with proxy(tmp_path) as client:
        response = await client.post(
            "/v1/completions", json={"model": "m", "prompt": "[[harmful]]", "stream": True}
        )
    events = sse_events(response.text)
    assert events[-2]["choices"][0] == {
        "index": 0,
        "text": "",
        "logprobs": None,
        "finish_reason": "content_filter",
    }
    assert events[-2]["object"] == "text_completion"


@pytest.mark.usefixtures("word_slice")
async def test_upstream_breaking_mid_stream_sends_an_error_event(tmp_path: Path) -> None:
    class Broken(httpx.AsyncByteStream):
        async def __aiter__(self) -> AsyncIterator[bytes]:
            yield b"data: " + json.dumps(chunk("Hello there, this is fine. ")).encode() + b"\n\n"
            raise httpx.ReadTimeout("stalled")

    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"content-type": "text/event-stream"}, stream=Broken())

    async with proxy(tmp_path, handle) as client:
        response = await client.post("/v1/chat/completions", json=chat("hi", stream=True))
    events = sse_events(response.text)
    assert events[-1]["error"]["message"] == "the upstream timed out while streaming"
    assert streamed_text(events) == ""  # the held-back text is dropped, not released unscreened


@pytest.mark.usefixtures("word_slice")
async def test_screening_runs_off_the_event_loop(tmp_path: Path) -> None:
    policy = '[[rules]]\nname = "slow"\nuse = "word"\nparams = { words = ["x"], sleep_s = 0.5 }\n'
    async with proxy(tmp_path, policy=policy) as client:
        timings: dict[str, float] = {}

        async def slow() -> None:
            await client.post("/v1/chat/completions", json=chat("hello"))
            timings["slow"] = anyio.current_time()

        async def quick() -> None:
            await anyio.sleep(0.1)
            await client.get("/healthz")
            timings["quick"] = anyio.current_time()

        async with anyio.create_task_group() as group:
            group.start_soon(slow)
            group.start_soon(quick)
    assert timings["quick"] < timings["slow"]


async def test_gate_screens_tails_and_whole_text_at_the_end() -> None:
    seen: list[str] = []
    options = StreamOptions(chat=True, window_chars=16, step_chars=8, context_chars=300)
    gate = StreamGate(options, word_screen("never", seen))
    events = await run_gate(
        gate, lines_of(*(chunk("abcdefghij") for _ in range(40)), chunk("", "stop"), "[DONE]")
    )
    assert streamed_text(events) == "abcdefghij" * 40
    assert max(len(text) for text in seen[:-1]) == 300 and len(seen[-1]) == 400


async def test_gate_reports_a_malformed_upstream_event() -> None:
    gate = StreamGate(StreamOptions(chat=True), word_screen("x"))
    events = await run_gate(gate, lines_of(chunk("hello"), "{oops"))
    assert events[-1]["error"]["message"] == "upstream sent a malformed stream event"
    assert streamed_text(events) == ""


async def test_gate_cuts_every_choice() -> None:
    gate = StreamGate(StreamOptions(chat=True, buffered=True), word_screen("bad"))
    events = await run_gate(gate, lines_of(chunk("fine", index=0), chunk("bad", index=1), "[DONE]"))
    assert [c["index"] for c in events[0]["choices"]] == [0, 1]
    assert finish_reasons(events) == ["content_filter", "content_filter"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    prefix=st.text(alphabet="abc xyz.", max_size=300),
    pieces=st.integers(min_value=1, max_value=12),
    window=st.integers(min_value=16, max_value=80),
    step=st.integers(min_value=1, max_value=40),
)
def test_gate_never_releases_any_part_of_a_blocked_word(
    prefix: str, pieces: int, window: int, step: int
) -> None:
    """Invariant: whatever the chunking, no character of the harmful word reaches the client."""
    text = prefix + "BADWORD" + " trailing text" * 5
    chunks = [chunk(text[i : i + pieces]) for i in range(0, len(text), pieces)]
    gate = StreamGate(
        StreamOptions(chat=True, window_chars=window, step_chars=step), word_screen("BADWORD")
    )

    async def main() -> list[Any]:
        return await run_gate(gate, lines_of(*chunks, "[DONE]"))

    events = anyio.run(main)
    released = streamed_text(events)
    assert prefix.startswith(released) or released == prefix
    assert "B" not in released
    assert finish_reasons(events) == ["content_filter"]


def test_reply_fixtures_are_what_the_tests_assume() -> None:
    assert "pipe bomb" in HARMFUL_REPLY and HARMFUL_REPLY.index("pipe bomb") > 200
    assert Recorder().bodies == []
