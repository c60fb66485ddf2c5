"""Unit tests of the proxy's parts: canary, keys, rate limits, audit, metrics, schema errors."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import SecretStr, ValidationError

from emmentaler.errors import ConfigError
from emmentaler.server import ServerSettings, load_keys
from emmentaler.server.audit import AuditLog, AuditRecord
from emmentaler.server.auth import KeyStore, TokenBucket, bearer, keys_from_env, keys_from_file
from emmentaler.server.canary import add_canary, leaked, new_canary
from emmentaler.server.metrics import Metrics
from emmentaler.server.openai import ChatRequest, describe_error, message_text
from emmentaler.server.seams import Principal

CANARY = "emm5f3a9c0e2b7d41aa"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"here: {CANARY}", True),
        (f"here: {CANARY.upper()}", True),
        (" ".join(CANARY), True),
        ("-".join(CANARY[i : i + 4] for i in range(0, len(CANARY), 4)), True),
        (CANARY[:5] + "X" + CANARY[6:], True),  # one character altered
        (CANARY[:3] + "QQ" + CANARY[5:], True),  # two characters altered
        (CANARY[:10], False),  # half of it is not a leak
        ("The capital of France is Paris.", False),
        ("", False),
    ],
    ids=["exact", "upper", "spaced", "dashed", "one-off", "two-off", "half", "benign", "empty"],
)
def test_canary_variants(text: str, expected: bool) -> None:
    assert leaked(text, CANARY) is expected


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_random_text_does_not_leak_a_fresh_canary(text: str) -> None:
    assert not leaked(text, new_canary())


@given(
    before=st.text(max_size=50),
    after=st.text(max_size=50),
    separator=st.sampled_from(["", " ", "-", "_", ".", " | ", "\n"]),
    upper=st.booleans(),
)
def test_any_respelling_of_the_canary_is_caught(
    before: str, after: str, separator: str, upper: bool
) -> None:
    canary = new_canary()
    spelled = separator.join(canary.upper() if upper else canary)
    assert leaked(before + spelled + after, canary)


def test_canary_goes_into_a_content_part_array() -> None:
    body = {"messages": [{"role": "developer", "content": [{"type": "text", "text": "rules"}]}]}
    add_canary(body, CANARY)
    assert body["messages"][0]["content"][-1] == {"type": "text", "text": f"<!-- {CANARY} -->"}


def test_keys_from_env_and_plain_file(tmp_path: Path) -> None:
    keys_file = tmp_path / "keys.txt"
    keys_file.write_text("# team keys\nalpha-key-1234\nteam-b beta-key-5678  # comment\n\n")
    keys = keys_from_env(" one-key-000 , ,two-key-000") + keys_from_file(keys_file)
    store = KeyStore(keys)
    assert len(store) == 4
    found = store.find("beta-key-5678")
    assert found is not None and found.id == "team-b"
    assert store.find("alpha-key-1234") is not None
    assert store.find("one-key-000") is not None and store.find("nope") is None
    assert "beta-key" not in repr(found)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('[[keys]]\nid = "a"\n', "give exactly one of key and sha256"),
        ('[[keys]]\nid = "a"\nsha256 = "abc"\n', "keys[0].sha256"),
        ('[[keys]]\nid = "a"\nkey = "k-123456789"\ncolour = 1\n', "keys[0].colour"),
        ("not toml [", "not valid TOML"),
    ],
    ids=["no-secret", "short-hash", "unknown-field", "bad-toml"],
)
def test_bad_keys_files_name_the_problem(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "keys.toml"
    path.write_text(content)
    with pytest.raises(ConfigError, match=message.replace("[", r"\[")):
        keys_from_file(path)


def test_auth_without_keys_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="--no-auth"):
        load_keys(ServerSettings(api_keys=None, auth=True))
    assert len(load_keys(ServerSettings(api_keys=None, auth=False))) == 0


def test_duplicate_key_ids_are_refused() -> None:
    with pytest.raises(ConfigError, match="unique"):
        KeyStore(keys_from_env("same-key-1,same-key-1"))


@pytest.mark.parametrize(
    ("header", "token"),
    [
        ("Bearer abc", "abc"),
        ("bearer  abc ", "abc"),
        ("Basic abc", None),
        ("Bearer ", None),
        (None, None),
    ],
)
def test_bearer(header: str | None, token: str | None) -> None:
    assert bearer(header) == token


def test_token_bucket_refills_at_its_rate(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    bucket = TokenBucket(rate=2.0, burst=2)
    assert [bucket.take() for _ in range(3)] == [0.0, 0.0, 0.5]
    now[0] += 0.5
    assert bucket.take() == 0.0


def test_settings_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMMENTALER_UPSTREAM_URL", "http://model.local:8080/v1/")
    monkeypatch.setenv("EMMENTALER_UPSTREAM_API_KEY", "sk-upstream")
    monkeypatch.setenv("EMMENTALER_STREAM_MODE", "buffered")
    monkeypatch.setenv("EMMENTALER_AUDIT_PATH", "")
    settings = ServerSettings()
    assert settings.upstream_url == "http://model.local:8080/v1"
    assert settings.stream_mode == "buffered" and settings.audit_path is None
    assert "sk-upstream" not in repr(settings)
    monkeypatch.setenv("EMMENTALER_STREAM_MODE", "sideways")
    with pytest.raises(ValidationError, match="stream_mode"):
        ServerSettings()


def test_principal_ids_cannot_be_forged() -> None:
    principal = Principal("key-1", user="bob/session:admin", session="x" * 500)
    assert principal.id.startswith("key:key-1/user:bob_session:admin/session:")
    assert principal.id.count("/") == 2 and len(principal.id) < 300


def test_schema_errors_name_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        ChatRequest.model_validate({"model": "m", "messages": [{"role": "user"}, {"role": "x"}]})
    assert describe_error(
        caught.value
    ) == "messages[1].role: unknown role 'x'; expected one of " + (
        "system, developer, user, assistant, tool, function"
    )


def test_message_text_reads_content_refusal_and_tool_arguments() -> None:
    message = {
        "content": "hello",
        "refusal": "no",
        "tool_calls": [{"function": {"arguments": '{"a": 1}'}}, {"function": {}}],
    }
    assert message_text(message) == 'hello\nno\n{"a": 1}'
    assert message_text(None) == ""


def record(n: int) -> AuditRecord:
    return AuditRecord(
        f"r{n}", "key-1", "key:key-1", "chat", "request", "block", ("harm",), (), {"harm": 1.0}
    )


def test_audit_log_is_wal_and_round_trips(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.db")
    assert [log.write(record(n)) for n in range(3)] == [1, 2, 3]
    rows = log.tail(2)
    assert [row["request_id"] for row in rows] == ["r1", "r2"]
    assert (
        rows[0]["rules"] == ["harm"]
        and rows[0]["scores"] == {"harm": 1.0}
        and rows[0]["content"] is None
    )
    assert [row["id"] for row in log.after(1)] == [2, 3]
    with contextlib.closing(sqlite3.connect(tmp_path / "audit.db")) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    log.close()


CRASH = """
import os, sys
from pathlib import Path
from emmentaler.server.audit import AuditLog, AuditRecord
log = AuditLog(Path(sys.argv[1]))
for n in range(200):
    log.write(AuditRecord(f"r{n}", "k", "key:k", "chat", "request", "allow"))
    if n == 149:
        os._exit(9)  # die mid-run: no close, no checkpoint
"""


def test_audit_log_survives_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "audit.db"
    done = subprocess.run(
        [sys.executable, "-c", CRASH, str(path)], check=False, env=os.environ.copy()
    )
    assert done.returncode == 9
    log = AuditLog(path)
    assert log._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert [row["request_id"] for row in log.tail(1000)] == [f"r{n}" for n in range(150)]
    log.write(record(999))
    assert log.tail(1)[0]["request_id"] == "r999"
    log.close()


def test_metrics_render_histograms_cumulatively() -> None:
    metrics = Metrics()
    for seconds in (0.0001, 0.003, 0.003, 100.0):
        metrics.observe("emmentaler_upstream_seconds", seconds)
    metrics.count("emmentaler_errors_total", kind='we"ird\n')
    text = metrics.render()
    assert 'emmentaler_upstream_seconds_bucket{le="0.0005"} 1' in text
    assert 'emmentaler_upstream_seconds_bucket{le="0.005"} 3' in text
    assert 'emmentaler_upstream_seconds_bucket{le="30"} 3' in text
    assert 'emmentaler_upstream_seconds_bucket{le="+Inf"} 4' in text
    assert "emmentaler_upstream_seconds_count 4" in text
    assert 'kind="we\\"ird\\n"' in text
    assert "# TYPE emmentaler_upstream_seconds histogram" in text


def test_sha256_of_keys_is_what_the_keys_file_expects() -> None:
    assert keys_from_env("abc-def-123")[0].sha256 == hashlib.sha256(b"abc-def-123").digest()
    assert SecretStr("x").get_secret_value() == "x"


def test_submitted_records_are_committed_by_the_writer(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.db")
    for n in range(600):  # more than one batch
        log.submit(record(n))
    log.write(record(1000))  # a block is written at once, beside the queue
    log.flush()
    ids = [row["request_id"] for row in log.tail(1000)]
    assert len(ids) == 601 and set(ids) == {f"r{n}" for n in (*range(600), 1000)}
    log.submit(record(2000))  # the writer restarts after a flush
    log.close()
    reopened = AuditLog(tmp_path / "audit.db")
    assert reopened.tail(1)[0]["request_id"] == "r2000"
    reopened.close()


def test_submitted_records_are_committed_without_a_flush(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "audit.db")
    for n in range(50):
        log.submit(record(n))
    deadline = time.monotonic() + 5.0
    while len(log.tail(100)) < 50 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(log.tail(100)) == 50  # one batch, committed by the writer after LINGER_S
    log.close()


def test_app_from_env_builds_the_whole_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from emmentaler.server.app import app_from_env

    policy = tmp_path / "policy.toml"
    policy.write_text('[[rules]]\nname = "limits"\nuse = "limits"\n')
    monkeypatch.setenv("EMMENTALER_POLICY", str(policy))
    monkeypatch.setenv("EMMENTALER_AUTH", "false")
    monkeypatch.setenv("EMMENTALER_AUDIT_PATH", "")
    app = app_from_env()
    paths = {getattr(route, "path", "") for route in app.routes}
    assert {"/v1/chat/completions", "/v1/completions", "/v1/models", "/readyz"} <= paths


def test_allowed_history_is_cached_then_screened_again(monkeypatch: pytest.MonkeyPatch) -> None:
    from emmentaler import Policy
    from emmentaler.core import Stage, Text
    from emmentaler.server import screening

    guard = screening.Guard(Policy.from_toml('[[rules]]\nname = "limits"\nuse = "limits"\n'))
    item = screening.Item(Text("an earlier turn", Stage.PROMPT, principal="key:a"), cacheable=True)
    assert guard.judge([item]).seconds  # screened
    assert not guard.judge([item]).seconds  # cached: skipped
    other = screening.Item(Text("an earlier turn", Stage.PROMPT, principal="key:b"), cacheable=True)
    assert guard.judge([other]).seconds  # another principal: screened
    now = time.monotonic()
    monkeypatch.setattr(time, "monotonic", lambda: now + screening.CACHE_TTL_S + 1)
    assert guard.judge([item]).seconds  # expired: screened again
