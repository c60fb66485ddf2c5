"""Where screening runs (inline while cheap, else the thread pool), and the startup GC freeze."""

from __future__ import annotations

import gc
import threading
import time
from pathlib import Path

import anyio
import pytest

from emmentaler.server.offload import WINDOW, Offload

from .helpers import chat, proxy


def where(offload: Offload, chars: int = 10, sleep_s: float = 0.0) -> str:
    """Run one call through ``offload``; "inline" when it ran on the calling thread."""
    caller = threading.get_ident()

    def work() -> int:
        if sleep_s:
            time.sleep(sleep_s)
        return threading.get_ident()

    ran_on = anyio.run(offload.run, chars, work)
    return "inline" if ran_on == caller else "thread"


def test_the_first_call_goes_to_the_thread_pool_then_cheap_calls_run_inline() -> None:
    offload = Offload(budget_s=0.05, max_chars=100)
    assert where(offload) == "thread"
    assert [where(offload) for _ in range(3)] == ["inline"] * 3


@pytest.mark.parametrize(
    ("budget_s", "chars", "expected"),
    [(0.0, 10, "thread"), (0.05, 101, "thread"), (0.05, 100, "inline")],
    ids=["budget-zero-never-inline", "too-long", "at-the-size-limit"],
)
def test_budget_and_size_limit(budget_s: float, chars: int, expected: str) -> None:
    offload = Offload(budget_s=budget_s, max_chars=100)
    where(offload)  # one quick call on a short input
    assert where(offload, chars) == expected


def test_slow_calls_go_back_to_the_thread_pool_and_fast_ones_return() -> None:
    offload = Offload(budget_s=0.002, max_chars=100)
    where(offload)
    assert where(offload) == "inline"
    outcomes = [where(offload, sleep_s=0.01) for _ in range(3)]
    assert outcomes[-1] == "thread"  # half the recent calls overran: off the loop again
    recovered = [where(offload) for _ in range(WINDOW)]
    assert recovered[-1] == "inline"


def test_long_inputs_do_not_count_towards_the_estimate() -> None:
    offload = Offload(budget_s=0.002, max_chars=100)
    where(offload, chars=10_000)  # cheap, but too long to count
    assert not offload.inline(10)


@pytest.mark.anyio
@pytest.mark.usefixtures("word_slice")
async def test_a_slow_policy_keeps_screening_off_the_event_loop(tmp_path: Path) -> None:
    policy = '[[rules]]\nname = "slow"\nuse = "word"\nparams = { words = ["x"], sleep_s = 0.2 }\n'
    async with proxy(tmp_path, policy=policy) as client:
        for _ in range(3):  # every screening overran the budget: each one stays in the pool
            await client.post("/v1/chat/completions", json=chat("hello"))
        timings: dict[str, float] = {}

        async def slow() -> None:
            await client.post("/v1/chat/completions", json=chat("hello"))
            timings["slow"] = anyio.current_time()

        async def quick() -> None:
            await anyio.sleep(0.05)
            await client.get("/healthz")
            timings["quick"] = anyio.current_time()

        async with anyio.create_task_group() as group:
            group.start_soon(slow)
            group.start_soon(quick)
        metrics = (await client.get("/metrics")).text
    assert timings["quick"] < timings["slow"]
    assert 'emmentaler_screen_calls_total{stage="request",where="inline"}' not in metrics
    assert 'emmentaler_screen_calls_total{stage="request",where="thread"} 4' in metrics


@pytest.mark.anyio
@pytest.mark.usefixtures("word_slice")
async def test_a_cheap_policy_screens_inline(tmp_path: Path) -> None:
    async with proxy(tmp_path, inline_screen_ms=100.0) as client:  # room for a loaded machine
        for _ in range(3):
            response = await client.post("/v1/chat/completions", json=chat("hello"))
            assert response.status_code == 200
        metrics = (await client.get("/metrics")).text
    assert 'emmentaler_screen_calls_total{stage="request",where="thread"} 1' in metrics
    assert 'emmentaler_screen_calls_total{stage="request",where="inline"} 2' in metrics


@pytest.mark.anyio
@pytest.mark.usefixtures("word_slice")
@pytest.mark.parametrize("enabled", [True, False])
async def test_startup_freezes_the_heap_when_asked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, enabled: bool
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    async with proxy(tmp_path, gc_freeze=enabled) as client:
        assert (await client.get("/healthz")).status_code == 200
    assert calls == (["freeze"] if enabled else [])
