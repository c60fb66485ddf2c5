"""Screening a streamed answer: hold text back, screen it as it accumulates, release it.

``windowed`` mode screens the text (its last ``context_chars``) each time ``step_chars`` new
characters arrived, and releases upstream chunks only up to ``window_chars`` before the end of
what was screened: a harmful span no longer than the window is seen whole before any of it is
released. Tool-call chunks are held to the end. When the upstream finishes, the whole text is
screened once more before the rest is released. ``buffered`` mode releases nothing until that
final screening. A block sends one well-formed chunk with ``finish_reason: "content_filter"``
for every choice (with the refusal text when no text had been released yet), then
``data: [DONE]``; held text is dropped.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from .openai import tool_arguments
from .responses import SSE_DONE, cut_chunk, error_body, sse
from .screening import Verdict

ScreenFn = Callable[[dict[int, str], bool], Awaitable[Verdict]]
"""``screen(texts by choice index, final)``: one thread-pool screening of the given texts."""


class StreamAbortedError(Exception):
    """The upstream stream broke or misbehaved; the message is safe to show the client."""


@dataclass(slots=True)
class _Event:
    data: str
    ends: dict[int, int]
    hold: bool


@dataclass(slots=True)
class _State:
    texts: dict[int, list[str]] = field(default_factory=dict)
    lengths: dict[int, int] = field(default_factory=dict)
    tools: dict[int, list[str]] = field(default_factory=dict)
    screened: dict[int, int] = field(default_factory=dict)
    template: dict[str, Any] = field(default_factory=dict)
    released: int = 0
    released_text: bool = False

    def text(self, index: int) -> str:
        joined = "".join(self.texts.get(index, ()))
        self.texts[index] = [joined]
        return joined


@dataclass(frozen=True, slots=True)
class StreamOptions:
    """How a stream is held back and screened."""

    chat: bool
    buffered: bool = False
    window_chars: int = 96
    step_chars: int = 48
    context_chars: int = 4_000
    max_chars: int = 5_000_000
    refusal_text: str = ""


class StreamGate:
    """Turns the upstream's SSE lines into screened SSE bytes for the client."""

    def __init__(self, options: StreamOptions, screen: ScreenFn) -> None:
        self.options = options
        self.screen = screen
        self.state = _State()
        self.final: Verdict | None = None
        self._queue: deque[_Event] = deque()

    async def run(self, lines: AsyncIterator[str]) -> AsyncIterator[bytes]:
        """Yield what the client may see; stop after a cut or ``[DONE]``."""
        try:
            async for data in _events(lines):
                if data.strip() == "[DONE]":
                    break
                self._take(data)
                if not self.options.buffered and self._due():
                    verdict = await self.screen(self._tails(), False)
                    if verdict.decision.blocked:
                        self.final = verdict
                        yield sse(self._cut())
                        yield SSE_DONE
                        return
                    self._mark_screened()
                    for chunk in self._release(final=False):
                        yield chunk
        except StreamAbortedError as exc:
            yield sse(error_body(str(exc), "upstream_error", "upstream_error"))
            return
        verdict = await self.screen(self._full(), True)
        self.final = verdict
        if verdict.decision.blocked:
            yield sse(self._cut())
        else:
            for chunk in self._release(final=True):
                yield chunk
        yield SSE_DONE

    def _take(self, data: str) -> None:
        try:
            chunk = json.loads(data)
        except ValueError:
            raise StreamAbortedError("upstream sent a malformed stream event") from None
        if not isinstance(chunk, dict):
            raise StreamAbortedError("upstream sent a malformed stream event")
        if "error" in chunk:
            raise StreamAbortedError("upstream failed while streaming")
        state = self.state
        for key in ("id", "object", "created", "model"):
            if key in chunk and key not in state.template:
                state.template[key] = chunk[key]
        ends: dict[int, int] = {}
        hold = False
        choices = chunk.get("choices")
        for position, choice in enumerate(choices if isinstance(choices, list) else []):
            if not isinstance(choice, dict):
                continue
            index = choice.get("index", position)
            index = index if isinstance(index, int) else position
            piece, tool_pieces = _pieces(choice, chat=self.options.chat)
            if piece:
                state.texts.setdefault(index, []).append(piece)
                state.lengths[index] = state.lengths.get(index, 0) + len(piece)
            if tool_pieces:
                state.tools.setdefault(index, []).extend(tool_pieces)
                hold = True
            ends[index] = state.lengths.setdefault(index, 0)
        if sum(state.lengths.values()) > self.options.max_chars:
            raise StreamAbortedError("upstream answer exceeds the size limit")
        self._queue.append(_Event(data, ends, hold))

    def _due(self) -> bool:
        """Screen again once a choice grew by a step and screening could release some of it."""
        state = self.state
        window, step = self.options.window_chars, self.options.step_chars
        return any(
            length > window and length - state.screened.get(index, 0) >= step
            for index, length in state.lengths.items()
        )

    def _tails(self) -> dict[int, str]:
        context = self.options.context_chars
        return {index: self.state.text(index)[-context:] for index in self.state.lengths}

    def _full(self) -> dict[int, str]:
        out = {}
        for index in self.state.lengths:
            tools = "".join(self.state.tools.get(index, []))
            out[index] = self.state.text(index) + ("\n" + tools if tools else "")
        return out

    def _mark_screened(self) -> None:
        self.state.screened.update(self.state.lengths)

    def _release(self, *, final: bool) -> list[bytes]:
        out = []
        window = self.options.window_chars
        while self._queue:
            event = self._queue[0]
            if not final:
                if event.hold:
                    break
                limits = {i: self.state.screened.get(i, 0) - window for i in event.ends}
                if any(end > limits[i] and end > 0 for i, end in event.ends.items()):
                    break
            self._queue.popleft()
            self.state.released += 1
            self.state.released_text = self.state.released_text or any(event.ends.values())
            out.append(b"data: " + event.data.encode("utf-8") + b"\n\n")
        return out

    def _cut(self) -> dict[str, Any]:
        """The content-filter chunk; it carries the refusal text when no text was released."""
        self._queue.clear()
        indices = sorted(self.state.lengths) or [0]
        text = "" if self.state.released_text else self.options.refusal_text
        return cut_chunk(self.state.template, indices, chat=self.options.chat, text=text)


def _pieces(choice: dict[str, Any], *, chat: bool) -> tuple[str, list[str]]:
    if not chat:
        text = choice.get("text")
        return (text if isinstance(text, str) else ""), []
    delta = choice.get("delta")
    if not isinstance(delta, dict):
        return "", []
    piece = ""
    for key in ("content", "refusal"):
        value = delta.get(key)
        if isinstance(value, str):
            piece += value
    tools = tool_arguments(delta.get("tool_calls"))
    function_call = delta.get("function_call")
    if isinstance(function_call, dict) and isinstance(function_call.get("arguments"), str):
        tools.append(function_call["arguments"])
    if delta.get("tool_calls") or function_call:
        tools = tools or [""]
    return piece, tools


async def _events(lines: AsyncIterator[str]) -> AsyncIterator[str]:
    """The data of each server-sent event (multi-line data joined by newlines)."""
    data: list[str] = []
    async for line in lines:
        if not line.strip():
            if data:
                yield "\n".join(data)
                data = []
            continue
        if line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))
    if data:
        yield "\n".join(data)
