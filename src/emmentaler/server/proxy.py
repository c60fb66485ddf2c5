"""The two screened endpoints: chat completions and (legacy) completions.

One request: authenticate, rate-limit, read and validate the body, screen the request (inline
while such screenings are cheap, else in the thread pool: ``offload.py``; blocked requests never
reach the upstream), forward, screen the answer (whole, or incrementally while streaming),
answer. Every response carries ``x-emmentaler-decision``.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

import httpx
from starlette.background import BackgroundTask
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ..core import Decision
from . import canary as canaries
from . import responses as out
from .audit import AuditLog, AuditRecord
from .auth import ANONYMOUS, ApiKey, KeyStore, RateLimiter, bearer
from .body import Rejected, bad, parse_json, read_body, validate
from .metrics import Metrics
from .offload import Offload
from .openai import ChatRequest, CompletionRequest, choice_texts
from .screening import (
    Guard,
    Item,
    Verdict,
    chat_items,
    combine,
    completion_items,
    ignored_notes,
    response_items,
)
from .seams import Principal, Tracker
from .settings import ServerSettings
from .streaming import StreamGate, StreamOptions
from .upstream import UpstreamFailedError, failure_response, lines, read_bounded, translate

Endpoint = Literal["chat", "completions"]
SESSION_HEADER = "x-emmentaler-session"
NOT_SCREENED = "none"


@dataclass(frozen=True, slots=True)
class Exchange:
    """What the proxy knows about one request while handling it."""

    request_id: str
    endpoint: Endpoint
    key_id: str
    principal: str
    model: str
    prompt: str
    guard: Guard
    notes: tuple[str, ...] = ()
    canary: str | None = None
    content: str | None = None


class Proxy:
    """Shared state of the screened endpoints: guards, keys, limits, audit, metrics, upstream."""

    def __init__(
        self,
        guards: dict[str | None, Guard],
        *,
        upstream: httpx.AsyncClient,
        settings: ServerSettings,
        keys: KeyStore,
        metrics: Metrics,
        audit: AuditLog | None,
        tracker: Tracker | None,
    ) -> None:
        self.guards = guards
        self.upstream = upstream
        self.settings = settings
        self.keys = keys
        self.metrics = metrics
        self.audit = audit
        self.tracker = tracker
        self.limiter = RateLimiter(settings.rate_limit_rps, settings.rate_limit_burst)
        self._urls: dict[str, httpx.URL] = {}
        self.offloads = {
            (id(guard), stage): Offload(
                budget_s=settings.inline_screen_ms / 1e3, max_chars=settings.inline_screen_chars
            )
            for guard in guards.values()
            for stage in ("request", "response")
        }

    async def handle(self, request: Request, endpoint: Endpoint) -> Response:
        """Answer one request to a screened endpoint."""
        request_id = uuid.uuid4().hex
        try:
            response = await self._handle(request, endpoint, request_id)
        except Rejected as exc:
            response = exc.response
            response.headers.setdefault(out.DECISION_HEADER, NOT_SCREENED)
        except UpstreamFailedError as exc:
            self.metrics.count("emmentaler_errors_total", kind=exc.code)
            response = exc.response({out.DECISION_HEADER: NOT_SCREENED})
        response.headers[out.REQUEST_ID_HEADER] = request_id
        self.metrics.count(
            "emmentaler_requests_total", endpoint=endpoint, status=str(response.status_code)
        )
        return response

    def authenticate(self, request: Request) -> ApiKey | None:
        """The caller's key (None when auth is off); raises ``Rejected`` with 401 or 429."""
        key = None
        if self.settings.auth:
            token = bearer(request.headers.get("authorization"))
            key = self.keys.find(token) if token is not None else None
            if key is None:
                raise Rejected(
                    out.error_response(401, "missing or invalid API key", code="invalid_api_key")
                )
        wait = self.limiter.check(key)
        if wait > 0:
            raise Rejected(
                out.error_response(
                    429, "rate limit exceeded for this key", "rate_limit_error",
                    "rate_limit_exceeded", {"retry-after": str(max(1, round(wait)))},
                )
            )  # fmt: skip
        return key

    async def models(self, request: Request) -> Response:
        """``GET /v1/models``, passed through from the upstream (after auth)."""
        headers = {out.DECISION_HEADER: NOT_SCREENED}
        try:
            self.authenticate(request)
            try:
                response = await self.upstream.send(
                    self.upstream.build_request("GET", "/models"), stream=True
                )
            except httpx.HTTPError as exc:
                raise translate(exc) from exc
            try:
                raw = await read_bounded(response, self.settings.max_response_bytes)
            finally:
                await response.aclose()
        except Rejected as exc:
            exc.response.headers[out.DECISION_HEADER] = NOT_SCREENED
            return exc.response
        except UpstreamFailedError as exc:
            return exc.response(headers)
        if response.status_code >= 400:
            return failure_response(response.status_code, raw, headers)
        return Response(raw, 200, headers, media_type="application/json")

    async def _handle(self, request: Request, endpoint: Endpoint, request_id: str) -> Response:
        key = self.authenticate(request)
        raw = await read_body(request, self.settings.max_body_bytes)
        body = parse_json(raw)
        chat = endpoint == "chat"
        parsed = validate(ChatRequest if chat else CompletionRequest, body)
        self._check_limits(parsed)
        key_id = key.id if key is not None else ANONYMOUS
        principal = Principal(key_id, parsed.user, request.headers.get(SESSION_HEADER)).id
        guard = self.guards.get(key_id, self.guards[None])
        if isinstance(parsed, ChatRequest):
            items = chat_items(
                parsed,
                principal,
                history=self.settings.screen_history,
                tools=self.settings.screen_tool_results,
            )
            latest = parsed.latest_user_index()
            prompt = parsed.messages[latest].text() if latest is not None else ""
            notes = tuple(ignored_notes(parsed))
        else:
            items = completion_items(parsed, principal)
            prompt = "\n".join(parsed.prompts())
            notes = ()
        exchange = Exchange(
            request_id, endpoint, key_id, principal, parsed.model, prompt, guard, notes,
            canaries.new_canary() if chat and self.settings.canary else None,
            "\n\n".join(item.text.content for item in items) if self.settings.log_content else None,
        )  # fmt: skip
        verdict = await self._offload(
            exchange, "request", parsed.total_chars(), self._screen_request, exchange, items
        )
        if verdict.decision.blocked:
            return self._refuse(exchange, verdict.decision, stream=parsed.stream)
        if exchange.canary is not None:
            canaries.add_canary(body, exchange.canary)
            raw = out.dumps(body)
        path = "/chat/completions" if chat else "/completions"
        forward = self._forward_stream if parsed.stream else self._forward
        try:
            return await forward(exchange, path, raw, verdict.decision)
        except UpstreamFailedError as exc:
            self.metrics.count("emmentaler_errors_total", kind=exc.code)
            return exc.response({out.DECISION_HEADER: out.decision_header(verdict.decision)})

    async def _offload(
        self,
        exchange: Exchange,
        stage: str,
        chars: int,
        func: Callable[..., Verdict],
        *args: object,
    ) -> Verdict:
        """Run a screening inline when its kind has been cheap lately, else in the thread pool."""
        offload = self.offloads[(id(exchange.guard), stage)]
        inline = offload.inline(chars)
        where = "inline" if inline else "thread"
        self.metrics.count("emmentaler_screen_calls_total", stage=stage, where=where)
        return await offload.run(chars, func, *args, inline=inline)

    def _check_limits(self, parsed: ChatRequest | CompletionRequest) -> None:
        if isinstance(parsed, ChatRequest) and len(parsed.messages) > self.settings.max_messages:
            raise Rejected(
                bad(f"messages: at most {self.settings.max_messages} messages are allowed")
            )
        chars = parsed.total_chars()
        if chars > self.settings.max_chars:
            field = "messages" if isinstance(parsed, ChatRequest) else "prompt"
            raise Rejected(
                bad(f"{field}: {chars} characters exceed the limit of {self.settings.max_chars}")
            )

    def _screen_request(self, exchange: Exchange, items: Sequence[Item]) -> Verdict:
        if self.tracker is not None:
            admitted = self.tracker.admit(exchange.principal)
            if admitted is not None and admitted.blocked:
                verdict = Verdict(admitted)
                self._record(exchange, "request", verdict)
                return verdict
        verdict = exchange.guard.judge(items)
        return self._observe(exchange, "request", verdict)

    def _screen_response(self, exchange: Exchange, texts: Sequence[str], final: bool) -> Verdict:
        items = response_items(texts, exchange.prompt, exchange.principal)
        verdict = exchange.guard.judge(items, canary=exchange.canary)
        if not final and not verdict.decision.blocked:
            self.metrics.observe_rules(verdict.seconds)
            return verdict
        if self.settings.log_content:
            exchange = replace(exchange, content="\n\n".join(texts))
        return self._observe(exchange, "response", verdict)

    def _observe(self, exchange: Exchange, stage: str, verdict: Verdict) -> Verdict:
        if self.tracker is not None:
            decision = self.tracker.observe(exchange.principal, verdict.decision)
            if decision != verdict.decision:
                verdict = replace(verdict, decision=decision)
        self._record(exchange, stage, verdict)
        return verdict

    def _record(self, exchange: Exchange, stage: str, verdict: Verdict) -> None:
        decision = verdict.decision
        self.metrics.count_decision(stage, decision.action.value, decision.reasons)
        self.metrics.observe_rules(verdict.seconds)
        self.metrics.observe("emmentaler_screen_seconds", verdict.screen_s, stage=stage)
        for rule in verdict.errors:
            self.metrics.count("emmentaler_errors_total", kind="slice", rule=rule)
        if self.audit is None:
            return
        timings = {f"rule.{rule}": spent for rule, spent in verdict.seconds.items()}
        timings["screen"] = verdict.screen_s
        record = AuditRecord(
            exchange.request_id, exchange.key_id, exchange.principal, exchange.endpoint, stage,
            decision.action.value, decision.reasons, decision.flags, verdict.scores,
            verdict.errors, timings, exchange.notes, exchange.content,
        )  # fmt: skip
        if decision.blocked:
            self.audit.write(record)  # on disk before the client hears of the block
        else:
            self.audit.submit(record)

    def _refuse(self, exchange: Exchange, decision: Decision, *, stream: bool) -> Response:
        headers = {out.DECISION_HEADER: out.decision_header(decision)}
        text = self.settings.refusal_text
        if self.settings.block_style == "error":
            return out.error_response(400, text, code=out.CONTENT_FILTER, headers=headers)
        chat = exchange.endpoint == "chat"
        if stream:
            events = out.refusal_stream(exchange.model, text, chat=chat)
            return StreamingResponse(
                _replay(events), media_type="text/event-stream", headers=headers
            )
        body = (
            out.refusal_chat(exchange.model, text)
            if chat
            else out.refusal_completion(exchange.model, text)
        )
        return out.json_response(body, headers=headers)

    async def _send(self, path: str, raw: bytes) -> httpx.Response:
        url = self._urls.get(path)
        if url is None:  # merged with the base URL once: httpx would parse it on every request
            url = self._urls[path] = self.upstream.build_request("POST", path).url
        request = self.upstream.build_request(
            "POST", url, content=raw, headers={"content-type": "application/json"}
        )
        start = time.perf_counter()
        try:
            response = await self.upstream.send(request, stream=True)
        except httpx.HTTPError as exc:
            raise translate(exc) from exc
        finally:
            self.metrics.observe("emmentaler_upstream_seconds", time.perf_counter() - start)
        return response

    async def _forward(
        self, exchange: Exchange, path: str, raw: bytes, asked: Decision
    ) -> Response:
        response = await self._send(path, raw)
        try:
            answer = await read_bounded(response, self.settings.max_response_bytes)
        finally:
            await response.aclose()
        if response.status_code >= 400:
            self.metrics.count("emmentaler_errors_total", kind=f"upstream_{response.status_code}")
            return failure_response(
                response.status_code, answer, {out.DECISION_HEADER: out.decision_header(asked)}
            )
        try:
            texts = [
                text
                for _, text in choice_texts(json.loads(answer), chat=exchange.endpoint == "chat")
            ]
        except (ValueError, RecursionError):
            raise UpstreamFailedError(
                502, "the upstream answer is not a completion", "upstream_malformed"
            ) from None
        chars = sum(len(text) for text in texts)
        verdict = await self._offload(
            exchange, "response", chars, self._screen_response, exchange, texts, True
        )
        decision = combine([asked, verdict.decision])
        if decision.blocked:
            return self._refuse(exchange, decision, stream=False)
        headers = {out.DECISION_HEADER: out.decision_header(decision)}
        return Response(answer, response.status_code, headers, media_type="application/json")

    async def _forward_stream(
        self, exchange: Exchange, path: str, raw: bytes, asked: Decision
    ) -> Response:
        response = await self._send(path, raw)
        headers = {out.DECISION_HEADER: out.decision_header(asked)}
        if response.status_code >= 400:
            try:
                answer = await read_bounded(response, self.settings.max_response_bytes)
            finally:
                await response.aclose()
            self.metrics.count("emmentaler_errors_total", kind=f"upstream_{response.status_code}")
            return failure_response(response.status_code, answer, headers)
        settings = self.settings
        options = StreamOptions(
            chat=exchange.endpoint == "chat",
            buffered=settings.stream_mode == "buffered",
            window_chars=settings.window_chars,
            step_chars=settings.screen_every_chars,
            context_chars=settings.stream_context_chars,
            max_chars=settings.max_response_bytes,
            refusal_text=settings.refusal_text,
        )

        async def screen(texts: dict[int, str], final: bool) -> Verdict:
            ordered = [texts[index] for index in sorted(texts)]
            chars = sum(len(text) for text in ordered)
            return await self._offload(
                exchange, "response", chars, self._screen_response, exchange, ordered, final
            )

        gate = StreamGate(options, screen)
        headers.update({"cache-control": "no-cache", "x-accel-buffering": "no"})
        return StreamingResponse(
            gate.run(lines(response)),
            media_type="text/event-stream",
            headers=headers,
            background=BackgroundTask(response.aclose),
        )


async def _replay(events: Sequence[bytes]) -> AsyncIterator[bytes]:
    for event in events:
        yield event
