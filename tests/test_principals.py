"""Per-principal tracker: memory backend with a fake clock, Redis backend against a real server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from emmentaler.core import Action, Decision
from emmentaler.principals import (
    REFUSED,
    MemoryTracker,
    PrincipalSettings,
    RedisTracker,
    Tracker,
    build_tracker,
)

from .conftest import free_port

BLOCK = Decision(Action.BLOCK, ("intent",))
FLAG = Decision(Action.FLAG, ("pii",), ("pii",))
ALLOW = Decision(Action.ALLOW)
REDIS_SERVER = shutil.which("redis-server")


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def memory(clock: FakeClock | None = None, **overrides: Any) -> MemoryTracker:
    values: dict[str, Any] = {"half_life_s": None, "window_s": 60.0} | overrides
    return MemoryTracker(PrincipalSettings(**values), clock=clock or FakeClock())


# ---- settings


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"backend": "postgres"}, "backend"),
        ({"window_s": 0}, "window_s"),
        ({"on_backend_error": "maybe"}, "on_backend_error"),
        ({"cool_off_at": 0}, "cool_off_at"),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_bad_settings_name_the_field(overrides: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError, match=field):
        PrincipalSettings(**overrides)


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EMMENTALER_PRINCIPALS_BACKEND", "redis")
    monkeypatch.setenv("EMMENTALER_PRINCIPALS_COOLING_OFF_S", "42")
    loaded = PrincipalSettings()
    assert (loaded.backend, loaded.cooling_off_s) == ("redis", 42.0)


def test_build_tracker_defaults_to_memory() -> None:
    tracker = build_tracker()
    assert isinstance(tracker, MemoryTracker)
    assert isinstance(tracker, Tracker)


# ---- memory backend


def test_flags_escalate_to_block_after_k_weighted_attempts() -> None:
    tracker = memory(escalate_at=3.0, cool_off_at=None)
    results = [tracker.observe("k1", FLAG).action for _ in range(6)]
    # flag weight 0.5: the sixth flag brings the pressure to 3.0
    assert results == [Action.FLAG] * 5 + [Action.BLOCK]
    escalated = tracker.observe("k1", FLAG)
    assert escalated.reasons == ("pii", "principal")
    assert escalated.flags == ("pii",)
    assert tracker.observe("other", FLAG).action is Action.FLAG  # principals are separate


@pytest.mark.parametrize(
    ("decision", "expected"),
    [(ALLOW, Action.ALLOW), (BLOCK, Action.BLOCK), (FLAG, Action.BLOCK)],
    ids=["allow-stays", "block-stays", "flag-escalates"],
)
def test_escalation_only_strengthens_flags(decision: Decision, expected: Action) -> None:
    tracker = memory(escalate_at=1.0, cool_off_at=None)
    tracker.observe("k", BLOCK)
    assert tracker.observe("k", decision).action is expected


def test_allowed_requests_do_not_count() -> None:
    tracker = memory()
    for _ in range(100):
        tracker.observe("k", ALLOW)
    assert tracker.pressure("k") == 0.0
    assert len(tracker) == 0  # nothing stored for clean principals


def test_cooling_off_refuses_then_expires() -> None:
    clock = FakeClock()
    tracker = memory(clock, escalate_at=2.0, cool_off_at=3.0, cooling_off_s=30.0)
    assert tracker.admit("k") is None
    for _ in range(3):
        tracker.observe("k", BLOCK)
    assert tracker.admit("k") == REFUSED
    assert tracker.admit("someone-else") is None
    clock.now += 29.0
    assert tracker.admit("k") == REFUSED
    clock.now += 2.0
    assert tracker.admit("k") is None
    stats = tracker.stats
    assert stats["cooling_off_started"] == 1
    assert stats["refused"] == 2


def test_observing_the_refusal_itself_does_not_extend_it() -> None:
    tracker = memory(escalate_at=1.0, cool_off_at=1.0)
    tracker.observe("k", BLOCK)
    before = tracker.pressure("k")
    tracker.observe("k", REFUSED)
    assert tracker.pressure("k") == before


def test_window_forgets_old_attempts() -> None:
    clock = FakeClock()
    tracker = memory(clock, window_s=60.0, escalate_at=2.0, cool_off_at=None)
    tracker.observe("k", BLOCK)
    clock.now += 61.0
    tracker.observe("k", BLOCK)
    assert tracker.pressure("k") == pytest.approx(1.0)
    assert tracker.observe("k", FLAG).action is Action.FLAG  # 1 + 0.5: the first block is gone
    assert tracker.observe("k", FLAG).action is Action.BLOCK  # 1 + 0.5 + 0.5


def test_half_life_decays_attempts() -> None:
    clock = FakeClock()
    tracker = memory(clock, window_s=1000.0, half_life_s=10.0)
    tracker.observe("k", BLOCK)
    clock.now += 10.0
    assert tracker.pressure("k") == pytest.approx(0.5)
    clock.now += 10.0
    assert tracker.pressure("k") == pytest.approx(0.25)


@pytest.mark.parametrize(
    ("weights", "decisions", "level"),
    [
        ({}, [BLOCK, FLAG], 1.5),
        ({"flag_weight": 1.0}, [FLAG, FLAG], 2.0),
        ({"block_weight": 3.0}, [BLOCK], 3.0),
        ({"flag_weight": 0.0}, [FLAG, FLAG], 0.0),
    ],
)
def test_weights_are_configurable(
    weights: dict[str, float], decisions: list[Decision], level: float
) -> None:
    tracker = memory(None, escalate_at=None, cool_off_at=None, **weights)
    for decision in decisions:
        tracker.observe("k", decision)
    assert tracker.pressure("k") == pytest.approx(level)


def test_memory_is_bounded_by_lru_eviction() -> None:
    tracker = memory(max_principals=3, max_events=4)
    for name in ("a", "b", "c"):
        tracker.observe(name, BLOCK)
    tracker.observe("a", BLOCK)  # a is now the most recent
    tracker.observe("d", BLOCK)  # evicts b
    assert len(tracker) == 3
    assert tracker.pressure("b") == 0.0
    assert tracker.pressure("a") == pytest.approx(2.0)
    assert tracker.stats["evicted"] == 1
    for _ in range(10):
        tracker.observe("a", BLOCK)
    assert tracker.pressure("a") == pytest.approx(4.0)  # max_events


def test_memory_tracker_is_thread_safe() -> None:
    tracker = MemoryTracker(PrincipalSettings(half_life_s=None, escalate_at=None, cool_off_at=None))

    def work() -> None:
        for _ in range(500):
            tracker.observe("shared", FLAG)
            tracker.admit("shared")

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert tracker.stats["observed"] == 2000
    assert tracker.stats["admitted"] == 2000


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from([ALLOW, FLAG, BLOCK]), max_size=30))
def test_observe_never_weakens_a_decision(decisions: list[Decision]) -> None:
    tracker = memory(escalate_at=1.0, cool_off_at=2.0)
    for decision in decisions:
        result = tracker.observe("k", decision)
        assert result.action.severity >= decision.action.severity
        assert set(decision.reasons) <= set(result.reasons)


# ---- redis backend: a real redis-server on loopback, no mocks


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[Any]:
    import redis

    client = redis.Redis.from_url(redis_url)
    client.flushdb()
    yield client
    client.close()


def redis_tracker(url: str, **overrides: Any) -> RedisTracker:
    values: dict[str, Any] = {"backend": "redis", "redis_url": url, "half_life_s": None} | overrides
    return RedisTracker(PrincipalSettings(**values))


def test_redis_flags_escalate_and_cooling_off_starts(redis_client: Any, redis_url: str) -> None:
    tracker = redis_tracker(redis_url, escalate_at=1.0, cool_off_at=2.0, cooling_off_s=30.0)
    assert tracker.admit("k") is None
    assert tracker.observe("k", FLAG).action is Action.FLAG
    assert tracker.observe("k", FLAG).action is Action.BLOCK  # 1.0
    assert tracker.admit("k") is None
    tracker.observe("k", BLOCK)  # 2.0: cooling off
    assert tracker.admit("k") == REFUSED
    assert tracker.stats["cooling_off_started"] == 1
    assert tracker.pressure("k") == pytest.approx(2.0)
    tracker.close()


def test_redis_keys_have_ttls_and_hide_the_principal(redis_client: Any, redis_url: str) -> None:
    tracker = redis_tracker(redis_url, window_s=50.0, cool_off_at=1.0, cooling_off_s=20.0)
    tracker.observe("alice@example.com", BLOCK)
    keys = sorted(key.decode() for key in redis_client.keys("*"))
    assert len(keys) == 2
    assert not any("alice" in key for key in keys)
    for key in keys:
        assert 0 < redis_client.pttl(key) <= 50_000
    tracker.close()


def test_redis_decay_uses_the_server_clock(redis_client: Any, redis_url: str) -> None:
    tracker = redis_tracker(redis_url, half_life_s=0.2, window_s=60.0, cool_off_at=None)
    tracker.observe("k", BLOCK)
    time.sleep(0.4)
    assert tracker.pressure("k") == pytest.approx(0.25, abs=0.08)
    tracker.close()


def _command_calls(client: Any) -> dict[str, int]:
    stats = client.info("commandstats")
    return {name.removeprefix("cmdstat_"): int(value["calls"]) for name, value in stats.items()}


SCRIPT_ONLY = ("time", "lpush", "ltrim", "pexpire", "lrange", "set")  # run inside OBSERVE_LUA


def _round_trips(client: Any, action: Any) -> int:
    """Commands a call sent to Redis, from INFO commandstats.

    commandstats also counts the commands a Lua script runs; those are not round trips, so
    they are subtracted (the script runs each of SCRIPT_ONLY at most once, and PTTL once).
    """
    client.config_resetstat()
    action()
    calls = _command_calls(client)
    calls.pop("config|resetstat", None)
    scripts = calls.get("evalsha", 0) + calls.get("eval", 0)
    inner = sum(calls.get(name, 0) for name in SCRIPT_ONLY) + scripts  # + one PTTL per run
    return sum(calls.values()) - inner


def test_redis_round_trips_per_call(redis_client: Any, redis_url: str) -> None:
    tracker = redis_tracker(redis_url, escalate_at=None, cool_off_at=1.0, cooling_off_s=30.0)
    tracker.observe("warm", FLAG)  # loads the script once (EVALSHA, then EVAL on NOSCRIPT)
    assert _round_trips(redis_client, lambda: tracker.admit("k")) == 1
    assert _round_trips(redis_client, lambda: tracker.observe("k", ALLOW)) == 0
    assert _round_trips(redis_client, lambda: tracker.observe("k", FLAG)) == 1
    assert _command_calls(redis_client).get("evalsha") == 1
    tracker.observe("k", FLAG)  # 1.0: cooling off, and this process remembers the deadline
    assert _round_trips(redis_client, lambda: tracker.admit("k")) == 0
    trips = tracker.stats["round_trips"]
    assert trips == 4  # warm-up, admit, flag, flag; the last admit cost nothing
    tracker.close()


@pytest.mark.parametrize(
    ("mode", "admitted", "flag_becomes"),
    [("fail_closed", REFUSED, Action.BLOCK), ("fail_open", None, Action.FLAG)],
)
def test_unreachable_redis_follows_on_backend_error(
    mode: str, admitted: Decision | None, flag_becomes: Action
) -> None:
    pytest.importorskip("redis")
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    tracker = redis_tracker(url, on_backend_error=mode, redis_timeout_s=0.05, retry_after_s=0.0)
    assert tracker.admit("k") == admitted
    assert tracker.observe("k", FLAG).action is flag_becomes
    assert tracker.observe("k", BLOCK).action is Action.BLOCK
    assert tracker.stats["backend_errors"] == 3
    tracker.close()


def test_dead_redis_is_skipped_for_retry_after_s() -> None:
    pytest.importorskip("redis")
    url = f"redis://127.0.0.1:{free_port()}/0"
    tracker = redis_tracker(url, redis_timeout_s=0.05, retry_after_s=60.0)
    tracker.admit("k")
    start = time.perf_counter()
    for _ in range(100):
        tracker.admit("k")
    assert time.perf_counter() - start < 0.5
    assert tracker.stats["round_trips"] == 1
    assert tracker.stats["backend_errors"] == 101
    tracker.close()


# ---- two processes, one Redis

WORKER = textwrap.dedent(
    """
    import json, sys
    from emmentaler.core import Action, Decision
    from emmentaler.principals import PrincipalSettings, build_tracker

    config = json.loads(sys.argv[1])
    tracker = build_tracker(PrincipalSettings(**config["settings"]))
    results = []
    for principal, action in config["steps"]:
        if action == "admit":
            decision = tracker.admit(principal)
            results.append(None if decision is None else decision.action.value)
        else:
            decision = tracker.observe(principal, Decision(Action(action), ("rule",)))
            results.append(decision.action.value)
    print(json.dumps({"results": results, "stats": tracker.stats}))
    """
)


def run_worker(settings: dict[str, Any], steps: list[tuple[str, str]]) -> dict[str, Any]:
    """Run ``steps`` (principal, "admit" | "flag" | "block" | "allow") in a fresh process.

    The proxy helper can swap this for two real proxy processes sharing the same server.
    """
    completed = subprocess.run(
        [sys.executable, "-c", WORKER, json.dumps({"settings": settings, "steps": steps})],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
        env=os.environ | {"PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")},
    )
    return dict(json.loads(completed.stdout))


@pytest.mark.slow
def test_two_processes_sharing_redis_see_each_others_counts(
    redis_client: Any, redis_url: str
) -> None:
    shared = {
        "backend": "redis",
        "redis_url": redis_url,
        "half_life_s": None,
        "escalate_at": 2.0,
        "cool_off_at": 3.0,
    }
    first = run_worker(shared, [("mallory", "block"), ("mallory", "block")])
    assert first["results"] == ["block", "block"]
    second = run_worker(
        shared,
        [
            ("mallory", "admit"),
            ("mallory", "flag"),
            ("bob", "flag"),
            ("mallory", "block"),
            ("mallory", "admit"),
        ],
    )
    # the second process never saw mallory's blocks, yet escalates her first flag
    assert second["results"] == [None, "block", "flag", "block", "block"]
    assert second["stats"]["cooling_off_started"] == 1
    third = run_worker(shared, [("mallory", "admit"), ("bob", "admit")])
    assert third["results"] == ["block", None]
