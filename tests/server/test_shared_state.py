"""Two real proxy processes sharing one Redis see each other's per-principal counts."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ..conftest import free_port
from .fakes import Recorder
from .live import serving, upstream_app

KEY = "shared-state-client-key"
# `limits` is always installed: any prompt over 40 characters blocks, short ones pass.
POLICY = (
    "[[rules]]\nname = 'size'\nuse = 'limits'\nstages = ['prompt']\nparams = { max_chars = 40 }\n"
)


def chat(text: str) -> dict[str, object]:
    return {"model": "m", "messages": [{"role": "user", "content": text}]}


@pytest.fixture
def upstream() -> Iterator[str]:
    with serving(upstream_app(Recorder()), free_port()) as url:
        yield url + "/v1"


def start_proxy(
    upstream: str, redis_url: str, tmp: Path, name: str
) -> tuple[subprocess.Popen[bytes], str]:
    policy = tmp / "policy.toml"
    policy.write_text(POLICY)
    port = free_port()
    env = os.environ | {
        "EMMENTALER_UPSTREAM_URL": upstream,
        "EMMENTALER_API_KEYS": KEY,
        "EMMENTALER_AUDIT_PATH": str(tmp / f"{name}.sqlite3"),
        "EMMENTALER_PRINCIPALS_BACKEND": "redis",
        "EMMENTALER_PRINCIPALS_REDIS_URL": redis_url,
        "EMMENTALER_PRINCIPALS_COOL_OFF_AT": "2.5",  # three blocks, less a little decay
    }
    command = [sys.executable, "-m", "emmentaler.cli", "serve", "--policy", str(policy),
               "--port", str(port), "--log-level", "warning"]  # fmt: skip
    log = tmp / f"{name}.log"
    with log.open("wb") as sink:
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=sink)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"proxy {name} exited: {log.read_text()[-2000:]}")
        try:
            if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"proxy {name} did not start")


@pytest.mark.slow
def test_two_proxy_processes_share_principal_state(
    redis_url: str, upstream: str, tmp_path: Path
) -> None:
    import redis

    with redis.Redis.from_url(redis_url) as admin:
        admin.flushdb()
    first, first_url = start_proxy(upstream, redis_url, tmp_path, "first")
    second, second_url = start_proxy(upstream, redis_url, tmp_path, "second")
    headers = {"Authorization": f"Bearer {KEY}"}
    try:
        with httpx.Client(timeout=30) as client:
            before = client.post(
                second_url + "/v1/chat/completions", json=chat("hi"), headers=headers
            )
            assert before.status_code == 200
            assert before.json()["choices"][0]["finish_reason"] == "stop"
            for _ in range(3):  # probing through the first proxy
                blocked = client.post(
                    first_url + "/v1/chat/completions", json=chat("x" * 100), headers=headers
                )
                assert blocked.json()["choices"][0]["finish_reason"] == "content_filter"
            after = client.post(
                second_url + "/v1/chat/completions", json=chat("hi"), headers=headers
            )
            assert after.json()["choices"][0]["finish_reason"] == "content_filter"
            assert "principal" in after.headers["x-emmentaler-decision"]
            metrics = client.get(second_url + "/metrics", headers=headers).text
            assert "emmentaler_principal_events_total" in metrics
    finally:
        for process in (first, second):
            process.terminate()
            process.wait(timeout=30)
