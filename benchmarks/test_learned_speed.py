"""Speed and memory of the whole default prompt stack (heuristics + learned slices).

Targets (issue 4): p50 <= 2 ms and p95 <= 25 ms per prompt over a mix of dev prompts (1 thread),
batch >= 800 prompts/s on 2 cores, process RSS <= 400 MB, first screening of a fresh process
<= 1.5 s. Run with
``pytest benchmarks/test_learned_speed.py --benchmark-only -o testpaths=benchmarks -s``
(``-s`` shows the printed figures). Prompts are screened with the embedding and triage caches
cleared, so every figure includes the embedding. Every test runs twice: the default policy as
shipped, and the same policy with ``triage = true`` on the intent, jailbreak and memory rules
(``[triage]``). Wall-clock figures suffer on a shared machine, so the per-prompt CPU time is
printed too. "2 cores" means two worker processes, as ``emmentaler batch --workers 2`` runs.
Needs ../shared/data for the prompt mix (skips without).
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pytest
from _mix import DATA, dev_mix
from pytest_benchmark.fixture import BenchmarkFixture

from emmentaler.core import Text
from emmentaler.embedding import get_encoder
from emmentaler.policy import Policy
from emmentaler.triage import get_triage

TRIAGED = ("intent", "jailbreak", "memory")
"""Rules whose slices take the ``triage`` option."""
pytestmark = [
    pytest.mark.skipif(not DATA.exists(), reason="../shared/data is not available"),
    pytest.mark.parametrize("triage", [False, True], ids=["default", "triage"]),
]


def _policy(triage: bool) -> Policy:
    """The default policy, with ``triage = true`` on the embedding rules when asked."""
    policy = Policy.default()
    if not triage:
        return policy
    rules = [
        rule.model_copy(update={"params": {**rule.params, "triage": True}})
        if rule.use in TRIAGED
        else rule
        for rule in policy.rules
    ]
    return policy.model_copy(update={"rules": rules})


def _clear_cache() -> None:
    get_encoder()._cache.clear()
    get_triage()._cache.clear()


def test_default_stack_latency_per_prompt(benchmark: BenchmarkFixture, triage: bool) -> None:
    policy = _policy(triage)
    stack = policy.build_stack()
    texts = dev_mix()
    stack.screen(Text("warm up"))
    times, cpu, skipped = [], [], 0
    for text in texts:
        _clear_cache()
        start, start_cpu = time.perf_counter(), time.process_time()
        screening = stack.screen(Text(text))
        policy.decide(screening)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        memory = screening.findings.get("memory")
        skipped += memory is not None and memory.note.startswith("encoder skipped")
    ms, cpu_ms = np.array(times) * 1000, np.array(cpu) * 1000
    p50, p95 = float(np.percentile(ms, 50)), float(np.percentile(ms, 95))
    print(
        f"\n{'triage' if triage else 'default'} stack, {len(texts)} dev prompts, 1 thread: "
        f"p50 {p50:.2f} ms, p95 {p95:.2f} ms, mean {ms.mean():.2f} ms; CPU time p50 "
        f"{np.percentile(cpu_ms, 50):.2f} ms, p95 {np.percentile(cpu_ms, 95):.2f} ms, mean "
        f"{cpu_ms.mean():.2f} ms; encoder skipped for {skipped}/{len(texts)}"
    )
    benchmark.pedantic(lambda: stack.screen(Text(texts[0])), rounds=20, iterations=1)
    assert p95 < 250  # loose guard on a loaded machine; the target is checked in the report


def test_default_stack_batch_throughput(benchmark: BenchmarkFixture, triage: bool) -> None:
    policy = _policy(triage)
    stack = policy.build_stack()
    texts = [Text(t) for t in dev_mix()]
    stack.screen(Text("warm up"))
    _clear_cache()
    start = time.perf_counter()
    stack.screen_many(texts)
    rate = len(texts) / (time.perf_counter() - start)
    threads = os.environ.get("EMMENTALER_ORT_THREADS", "1")
    name = "triage" if triage else "default"
    print(f"\n{name} stack screen_many: {rate:.0f} prompts/s (EMMENTALER_ORT_THREADS={threads})")
    benchmark.pedantic(lambda: stack.screen_many(texts[:32]), rounds=3, iterations=1)
    assert rate > 20


_worker: tuple[Policy, object] | None = None


def _init_worker(triage: bool) -> None:
    global _worker
    policy = _policy(triage)
    stack = policy.build_stack()
    stack.screen(Text("warm up"))
    _worker = (policy, stack)


def _screen_chunk(texts: list[str]) -> int:
    assert _worker is not None
    policy, stack = _worker
    for screening in stack.screen_many([Text(t) for t in texts]):  # type: ignore[attr-defined]
        policy.decide(screening)
    return len(texts)


def test_batch_throughput_on_two_processes(benchmark: BenchmarkFixture, triage: bool) -> None:
    texts = dev_mix(2000)  # every prompt of the mix, each screened once
    chunks = [texts[i : i + 64] for i in range(0, len(texts), 64)]
    with ProcessPoolExecutor(2, initializer=_init_worker, initargs=(triage,)) as pool:
        list(pool.map(_screen_chunk, [["warm up"]] * 4))
        start = time.perf_counter()
        done = sum(pool.map(_screen_chunk, chunks))
        rate = done / (time.perf_counter() - start)
    print(f"\n{'triage' if triage else 'default'} stack, 2 processes: {rate:.0f} prompts/s")
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    assert rate > 20


def test_rss_after_screening(benchmark: BenchmarkFixture, triage: bool) -> None:
    policy = _policy(triage)
    stack = policy.build_stack()
    stack.screen_many([Text(t) for t in dev_mix(100)])
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\n{'triage' if triage else 'default'} stack, peak RSS of the process: {rss_mb:.0f} MB")
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    assert rss_mb < 1500


FRESH = """
import sys, time, resource
start = time.perf_counter()
from emmentaler.policy import Policy
from emmentaler.core import Text
policy = Policy.default()
if sys.argv[1] == "1":  # triage on the embedding rules, as _policy(True) sets it
    rules = [
        r.model_copy(update={"params": {**r.params, "triage": True}})
        if r.use in ("intent", "jailbreak", "memory") else r
        for r in policy.rules
    ]
    policy = policy.model_copy(update={"rules": rules})
stack = policy.build_stack()
policy.decide(stack.screen(Text("How do I reset my router password?")))
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def test_first_screening_of_a_fresh_process(benchmark: BenchmarkFixture, triage: bool) -> None:
    env = dict(os.environ, ORT_DISABLE_TELEMETRY="1")
    runs = []
    for _ in range(3):
        out = subprocess.run(
            [sys.executable, "-c", FRESH, str(int(triage))],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        seconds, rss = (float(x) for x in out.stdout.split())
        runs.append((seconds, rss))
    best = min(runs)
    print(
        f"\n{'triage' if triage else 'default'} policy, fresh process, import to first "
        f"decision: {best[0]:.2f} s (best of 3), "
        f"RSS {best[1]:.0f} MB"
    )
    benchmark.pedantic(lambda: None, rounds=1, iterations=1)
    assert best[0] < 10
