"""``emmentaler serve`` (a real subprocess, drained on SIGTERM) and ``emmentaler audit``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from emmentaler.cli import main
from emmentaler.server.audit import AuditLog, AuditRecord

from .fakes import Recorder
from .helpers import audit_rows
from .live import free_port, serving, upstream_app

LIMITS_ONLY = """
[[rules]]
name = "limits"
use = "limits"
stages = ["prompt", "conversation"]
params = { max_chars = 50 }
"""


def test_serve_without_keys_explains_how_to_fix_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EMMENTALER_API_KEYS", raising=False)
    result = CliRunner().invoke(main, ["serve", "--upstream", "http://127.0.0.1:9/v1"])
    assert result.exit_code == 1
    assert "--no-auth" in result.output


def test_serve_rejects_a_bad_upstream_url() -> None:
    result = CliRunner().invoke(main, ["serve", "--no-auth", "--upstream", "ftp://x"])
    assert result.exit_code == 1 and "http://" in result.output


@pytest.mark.slow
def test_serve_runs_and_drains_in_flight_streams_on_sigterm(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(LIMITS_ONLY)
    port = free_port()
    with serving(upstream_app(Recorder(), chunk_delay_s=0.05), free_port()) as upstream:
        env = {**os.environ, "EMMENTALER_API_KEYS": "cli-key-123456"}
        command = [
            sys.executable,
            "-c",
            "from emmentaler.cli import main; main()",
            "serve",
            "--policy",
            str(policy),
            "--upstream",
            upstream + "/v1",
            "--port",
            str(port),
            "--audit-path",
            str(tmp_path / "audit.db"),
            "--log-level",
            "warning",
        ]
        process = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_ready(base, process)
            headers = {"Authorization": "Bearer cli-key-123456"}
            big = httpx.post(base + "/v1/chat/completions", headers=headers, json=_chat("x" * 60))
            assert big.headers["x-emmentaler-decision"] == "block; rules=limits"
            body: list[str] = []

            def stream() -> None:
                with httpx.stream(
                    "POST",
                    base + "/v1/chat/completions",
                    headers=headers,
                    json=_chat("hi", stream=True),
                ) as response:
                    body.extend(line for line in response.iter_lines() if line)

            reader = threading.Thread(target=stream)
            reader.start()
            time.sleep(0.4)  # the stream is under way (it lasts about a second)
            process.send_signal(signal.SIGTERM)
            reader.join(timeout=20)
            # uvicorn re-raises SIGTERM once it has drained, so the exit status is -SIGTERM
            assert process.wait(timeout=20) in {0, -signal.SIGTERM}
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
            if process.stderr is not None:
                process.stderr.close()
    assert body[-1] == "data: [DONE]"
    events = [json.loads(line[6:]) for line in body if line.startswith("data: {")]
    assert events[-1]["choices"][0]["finish_reason"] == "stop"
    rows = audit_rows(tmp_path / "audit.db")
    assert [(r["stage"], r["action"]) for r in rows][-2:] == [
        ("request", "allow"),
        ("response", "allow"),
    ]


def _chat(text: str, stream: bool = False) -> dict[str, object]:
    return {"model": "m", "messages": [{"role": "user", "content": text}], "stream": stream}


def _wait_ready(base: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"serve exited: {process.stderr.read() if process.stderr else ''}")
        try:
            if httpx.get(base + "/readyz").status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError("serve did not become ready")


@pytest.fixture
def audit_path(tmp_path: Path) -> Path:
    path = tmp_path / "audit.db"
    log = AuditLog(path)
    for n, action in enumerate(["allow", "block", "flag"]):
        rules = () if action == "allow" else ("harm",)
        log.write(
            AuditRecord(f"req{n:030d}", "team-a", "key:team-a", "chat", "request", action, rules)
        )
    log.close()
    return path


def test_audit_tail_prints_the_latest_records(audit_path: Path) -> None:
    result = CliRunner().invoke(main, ["audit", "tail", "--path", str(audit_path), "-n", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert (
        len(lines) == 2 and "block" in lines[0] and "harm" in lines[0] and "key=team-a" in lines[0]
    )


def test_audit_tail_json(audit_path: Path) -> None:
    result = CliRunner().invoke(main, ["audit", "tail", "--path", str(audit_path), "--json"])
    assert [json.loads(line)["action"] for line in result.output.splitlines()] == [
        "allow",
        "block",
        "flag",
    ]


@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_audit_export(audit_path: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"export.{fmt}"
    result = CliRunner().invoke(
        main, ["audit", "export", "--path", str(audit_path), "--format", fmt, "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    text = out.read_text()
    if fmt == "jsonl":
        assert [json.loads(line)["rules"] for line in text.splitlines()] == [[], ["harm"], ["harm"]]
    else:
        assert text.splitlines()[0].startswith("id,time,request_id") and len(text.splitlines()) == 4


def test_audit_export_since_the_future_is_empty(audit_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["audit", "export", "--path", str(audit_path), "--since", "2999-01-01"]
    )
    assert result.exit_code == 0 and result.output == ""


def test_audit_on_a_missing_log_fails_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["audit", "tail", "--path", str(tmp_path / "none.db")])
    assert result.exit_code == 1 and "no audit log" in result.output
