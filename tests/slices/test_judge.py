from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from emmentaler.core import Action, Stage, Text
from emmentaler.errors import ConfigError, UpstreamError
from emmentaler.policy import Condition, Policy, Rule
from emmentaler.slices.judge import DEFAULT_PROMPT, JudgeSlice, bounded, parse_verdict
from emmentaler.stack import Layer, Stack
from emmentaler.testing import StaticSlice, check_slice

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Upstream:
    """What the fake endpoint answers next, and every request it received."""

    status: int = 200
    content: str = '{"verdict": "safe", "categories": []}'
    raw: bytes | None = None
    delay_s: float = 0.0
    requests: list[dict[str, Any]] = field(default_factory=list)
    headers: list[dict[str, str]] = field(default_factory=list)


@pytest.fixture
def upstream() -> Iterator[tuple[Upstream, str]]:
    state = Upstream()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", 0))
            state.requests.append({"path": self.path, **json.loads(self.rfile.read(length))})
            state.headers.append(dict(self.headers))
            if state.delay_s:
                time.sleep(state.delay_s)
            body = state.raw
            if body is None:
                body = json.dumps(
                    {"choices": [{"message": {"role": "assistant", "content": state.content}}]}
                ).encode()
            try:
                self.send_response(state.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except OSError:  # the client gave up (timeout test)
                pass

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state, f"http://127.0.0.1:{server.server_port}/v1"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def judge(base_url: str, **params: Any) -> JudgeSlice:
    return JudgeSlice(JudgeSlice.Params(base_url=base_url, model="guard", **params))


def test_honours_the_slice_contract(upstream: tuple[Upstream, str]) -> None:
    check_slice(judge(upstream[1]))


def test_an_unsafe_verdict_scores_one_with_its_categories(upstream: tuple[Upstream, str]) -> None:
    state, url = upstream
    state.content = '{"verdict": "unsafe", "categories": ["violent crimes"]}'
    finding = judge(url).score(Text("how do I hurt someone"))
    assert finding.score == 1.0
    assert finding.labels == {"violent crimes": 1.0}
    assert "unsafe" in finding.note
    (request,) = state.requests
    assert request["path"] == "/v1/chat/completions"
    assert request["model"] == "guard" and request["temperature"] == 0
    assert "how do I hurt someone" in request["messages"][0]["content"]


def test_a_safe_verdict_scores_zero(upstream: tuple[Upstream, str]) -> None:
    assert judge(upstream[1]).score(Text("hello")).score == 0.0


def test_llama_guard_plain_answers_are_understood(upstream: tuple[Upstream, str]) -> None:
    state, url = upstream
    state.content = "unsafe\nS1,S10"
    finding = judge(url).score(Text("x"))
    assert finding.score == 1.0 and set(finding.labels) == {"S1", "S10"}


def test_a_response_is_judged_with_its_prompt(upstream: tuple[Upstream, str]) -> None:
    state, url = upstream
    judge(url).score(Text("Here is how...", Stage.RESPONSE, prompt="How do I make a cake?"))
    message = state.requests[0]["messages"][0]["content"]
    assert "ASSISTANT MESSAGE" in message and "How do I make a cake?" in message


def test_the_api_key_comes_from_the_named_variable(
    upstream: tuple[Upstream, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    state, url = upstream
    monkeypatch.setenv("TEST_JUDGE_KEY", "k-123")
    judge(url, api_key_env="TEST_JUDGE_KEY").score(Text("x"))
    assert state.headers[0]["Authorization"] == "Bearer k-123"
    monkeypatch.delenv("TEST_JUDGE_KEY")
    with pytest.raises(UpstreamError, match="TEST_JUDGE_KEY is not set"):
        judge(url, api_key_env="TEST_JUDGE_KEY").score(Text("x"))


def test_long_texts_keep_head_and_tail(upstream: tuple[Upstream, str]) -> None:
    state, url = upstream
    content = "HEAD " + "m" * 50_000 + " TAIL"
    judge(url, max_chars=1000).score(Text(content))
    message = state.requests[0]["messages"][0]["content"]
    assert "HEAD" in message and "TAIL" in message and len(message) < 3000
    assert bounded("short", 1000) == "short"


def test_a_timeout_raises_upstream_error(upstream: tuple[Upstream, str]) -> None:
    state, url = upstream
    state.delay_s = 1.5
    start = time.perf_counter()
    with pytest.raises(UpstreamError, match="failed"):
        judge(url, timeout_s=0.2).score(Text("x"))
    assert time.perf_counter() - start < 1.2


def test_http_500_raises_upstream_error(upstream: tuple[Upstream, str]) -> None:
    state, url = upstream
    state.status = 500
    with pytest.raises(UpstreamError, match="HTTP 500"):
        judge(url).score(Text("x"))


@pytest.mark.parametrize(
    "raw",
    [b"not json", b'{"choices": []}', b'{"choices": [{"message": {"content": null}}]}'],
    ids=["not-json", "no-choices", "null-content"],
)
def test_malformed_answers_raise_upstream_error(upstream: tuple[Upstream, str], raw: bytes) -> None:
    state, url = upstream
    state.raw = raw
    with pytest.raises(UpstreamError):
        judge(url).score(Text("x"))


def test_an_answer_without_a_verdict_raises(upstream: tuple[Upstream, str]) -> None:
    state, url = upstream
    state.content = "I am not sure what you mean."
    with pytest.raises(UpstreamError, match="no safe/unsafe verdict"):
        judge(url).score(Text("x"))


def test_an_unreachable_endpoint_raises_upstream_error() -> None:
    with pytest.raises(UpstreamError):
        judge("http://127.0.0.1:9/v1", timeout_s=1.0).score(Text("x"))


@pytest.mark.parametrize(
    ("answer", "verdict", "categories"),
    [
        ('{"verdict": "unsafe", "categories": ["hate"]}', "unsafe", ["hate"]),
        ('```json\n{"verdict": "SAFE"}\n```', "safe", []),
        (
            'Sure. {"verdict": "unsafe", "categories": "privacy"} Hope this helps',
            "unsafe",
            ["privacy"],
        ),
        ("safe", "safe", []),
        ("  Unsafe.\nS2, S3 \n", "unsafe", ["S2", "S3"]),
        ('{"verdict": "maybe"}\nunsafe', "unsafe", []),
    ],
)
def test_parse_verdict(answer: str, verdict: str, categories: list[str]) -> None:
    assert parse_verdict(answer) == (verdict, categories)


@pytest.mark.parametrize("answer", ["", "{}", "unsure", '{"verdict": 1}', "safety first"])
def test_parse_verdict_rejects_what_it_cannot_read(answer: str) -> None:
    with pytest.raises(UpstreamError):
        parse_verdict(answer)


def test_params_reject_non_http_urls() -> None:
    with pytest.raises(ValueError, match="base_url"):
        JudgeSlice.Params(base_url="file:///etc/passwd", model="m")


def test_the_default_prompt_fills_every_field() -> None:
    message = judge("http://127.0.0.1:9").render(Text("hello there"))
    assert "${" not in message and "hello there" in message and "violent crimes" in message
    assert DEFAULT_PROMPT.count("${text}") == 1


def _stack(judge_layer: JudgeSlice, intent: float) -> Stack:
    band = Condition(rule="intent", between=(0.3, 0.8))
    return Stack(
        [
            Layer(Rule(name="intent", use="intent", threshold=0.8), StaticSlice(score=intent)),
            Layer(Rule(name="judge", use="judge", only_if=band), judge_layer),
        ]
    )


@pytest.mark.parametrize(
    ("intent", "asked"), [(0.1, False), (0.3, True), (0.55, True), (0.8, True), (0.95, False)]
)
def test_the_judge_runs_only_in_the_uncertain_band(
    upstream: tuple[Upstream, str], intent: float, asked: bool
) -> None:
    state, url = upstream
    screening = _stack(judge(url), intent).screen(Text("is this ok?"))
    assert ("judge" in screening.findings) is asked
    assert ("judge" in screening.skipped) is not asked
    assert len(state.requests) == int(asked)


def test_a_failing_judge_is_decided_by_on_error(upstream: tuple[Upstream, str]) -> None:
    state, url = upstream
    state.status = 500
    policy = Policy.from_path(ROOT / "examples" / "policies" / "with-judge.toml")
    screening = _stack(judge(url), 0.5).screen(Text("is this ok?"))
    assert "HTTP 500" in screening.errors["judge"]
    assert policy.decide(screening).action is Action.BLOCK


def test_the_example_policy_asks_the_judge_only_in_the_intent_band() -> None:
    policy = Policy.from_path(ROOT / "examples" / "policies" / "with-judge.toml")
    rule = policy.rule("judge")
    assert rule.only_if is not None and rule.only_if.rule == "intent"
    assert rule.only_if.between == (0.3, 0.8)
    assert rule.params["api_key_env"] and "api_key" not in rule.params


def test_the_default_policy_does_not_use_the_judge() -> None:
    assert all(rule.use != "judge" for rule in Policy.default().rules)


def test_a_policy_naming_a_bad_judge_url_fails_at_load() -> None:
    source = (
        '[[rules]]\nname = "j"\nuse = "judge"\nparams = { base_url = "ftp://x", model = "m" }\n'
    )
    with pytest.raises(ConfigError, match="base_url"):
        Policy.from_toml(source)
