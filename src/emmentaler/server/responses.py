"""OpenAI-shaped bodies the proxy writes itself: refusals, errors and the content-filter cut."""

from __future__ import annotations

import json
import secrets
import time
from collections.abc import Mapping
from typing import Any

from starlette.responses import Response

from ..core import Decision

DECISION_HEADER = "x-emmentaler-decision"
REQUEST_ID_HEADER = "x-request-id"
CONTENT_FILTER = "content_filter"
SSE_DONE = b"data: [DONE]\n\n"
_ZERO_USAGE = {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0}


def decision_header(decision: Decision) -> str:
    """The action and the rules that decided, e.g. ``block; rules=signatures,intent``."""
    if not decision.reasons:
        return decision.action.value
    return f"{decision.action.value}; rules={','.join(decision.reasons)}"


def dumps(body: Any) -> bytes:
    """Compact JSON bytes."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def json_response(
    body: Any, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    """A JSON response from an already plain body."""
    return Response(dumps(body), status, dict(headers or {}), media_type="application/json")


def error_body(
    message: str, kind: str, code: str | None = None, param: str | None = None
) -> dict[str, Any]:
    """The ``{"error": {...}}`` object OpenAI clients parse into exceptions."""
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def error_response(
    status: int,
    message: str,
    kind: str = "invalid_request_error",
    code: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """An OpenAI-shaped error response."""
    return json_response(error_body(message, kind, code), status, headers)


def _id(prefix: str) -> str:
    return f"{prefix}-emm{secrets.token_hex(12)}"


def refusal_chat(model: str, text: str) -> dict[str, Any]:
    """A complete chat completion whose message is ``text``, finish reason content_filter."""
    return {
        "id": _id("chatcmpl"),
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": text, "refusal": None},
                "logprobs": None,
                "finish_reason": CONTENT_FILTER,
            }
        ],
        "usage": dict(_ZERO_USAGE),
    }


def refusal_completion(model: str, text: str) -> dict[str, Any]:
    """A complete legacy text completion of ``text``, finish reason content_filter."""
    return {
        "id": _id("cmpl"),
        "object": "text_completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"text": text, "index": 0, "logprobs": None, "finish_reason": CONTENT_FILTER}],
        "usage": dict(_ZERO_USAGE),
    }


def sse(body: Any) -> bytes:
    """One server-sent event carrying ``body`` as JSON."""
    return b"data: " + dumps(body) + b"\n\n"


def refusal_stream(model: str, text: str, *, chat: bool) -> list[bytes]:
    """The events of a streamed refusal: the text, then the content-filter finish, then DONE."""
    template = {
        "id": _id("chatcmpl" if chat else "cmpl"),
        "object": "chat.completion.chunk" if chat else "text_completion",
        "created": int(time.time()),
        "model": model,
    }
    first = cut_chunk(template, [0], chat=chat, text=text, finish=None)
    return [sse(first), sse(cut_chunk(template, [0], chat=chat)), SSE_DONE]


def cut_chunk(
    template: Mapping[str, Any],
    indices: list[int],
    *,
    chat: bool,
    text: str = "",
    finish: str | None = CONTENT_FILTER,
) -> dict[str, Any]:
    """A well-formed chunk for every choice in ``indices`` (the content-filter cut by default)."""
    choices: list[dict[str, Any]] = []
    for index in indices:
        if chat:
            delta: dict[str, Any] = {"role": "assistant", "content": text} if text else {}
            choices.append(
                {"index": index, "delta": delta, "logprobs": None, "finish_reason": finish}
            )
        else:
            choices.append(
                {"index": index, "text": text, "logprobs": None, "finish_reason": finish}
            )
    return {
        "id": template.get("id") or _id("chatcmpl" if chat else "cmpl"),
        "object": template.get("object")
        or ("chat.completion.chunk" if chat else "text_completion"),
        "created": template.get("created") or int(time.time()),
        "model": template.get("model") or "",
        "choices": choices,
    }
