"""Reading a request body: bounded size, JSON, and the schema, each failure a ready response."""

from __future__ import annotations

import json
from typing import Any

from pydantic import ValidationError
from starlette.requests import Request
from starlette.responses import Response

from . import responses as out
from .openai import ChatRequest, CompletionRequest, describe_error


class Rejected(Exception):
    """A request refused before screening (auth, limits, malformed); carries its response."""

    def __init__(self, response: Response) -> None:
        super().__init__(response.status_code)
        self.response = response


def bad(message: str) -> Response:
    """A 400 ``invalid_request`` error with ``message`` (which names the field)."""
    return out.error_response(400, message, code="invalid_request")


async def read_body(request: Request, limit: int) -> bytes:
    """The whole body, refused with 413 beyond ``limit`` bytes (declared or streamed)."""
    too_large = Rejected(
        out.error_response(413, f"request body exceeds {limit} bytes", code="request_too_large")
    )
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


def parse_json(raw: bytes) -> dict[str, Any]:
    """The body as a JSON object, or a 400 saying where the JSON breaks."""
    try:
        body = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise Rejected(
            bad(f"(body): malformed JSON at line {exc.lineno} column {exc.colno}")
        ) from None
    except (ValueError, RecursionError):
        raise Rejected(bad("(body): malformed JSON")) from None
    if not isinstance(body, dict):
        raise Rejected(bad("(body): expected a JSON object"))
    return body


def validate(
    model: type[ChatRequest] | type[CompletionRequest], body: dict[str, Any]
) -> ChatRequest | CompletionRequest:
    """The body validated against ``model``, or a 400 naming the first invalid field."""
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise Rejected(bad(describe_error(exc))) from None
