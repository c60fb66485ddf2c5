"""Overhead, throughput and streaming delay of ``emmentaler serve`` over a local upstream.

Starts a local OpenAI-like upstream that answers at once (its own process), the proxy with
``emmentaler serve`` (its own process, auth and audit on), and drives both from this process:

1. overhead: 50 concurrent clients, short prompts, paced to --rate requests/s in total; the
   same load straight to the upstream and through the proxy; p50/p99 of each and the added
   latency (difference of the percentiles);
2. throughput: --rate requests/s for --duration seconds through the proxy (open loop: requests
   start on schedule whatever the latency); errors are any non-200 answer or exception;
3. streaming: time to the first content token, straight and through the proxy (windowed mode).

The upstream and the proxy each start in a session of their own, as services would. On Linux
with autogrouping (``/proc/sys/kernel/sched_autogroup_enabled``) the scheduler shares the CPU
fairly between sessions first and between threads within a session second; in one session the
load generator took CPU from the proxy, and a proxy with more threads got more of it (the
``--same-session`` flag restores that setup, to compare).

Usage::

    .venv/bin/python benchmarks/bench_proxy.py                   # full run (about 100 s)
    .venv/bin/python benchmarks/bench_proxy.py --duration 10     # quicker
    .venv/bin/python benchmarks/bench_proxy.py --policy my.toml  # another policy
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import gc
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

KEY = "bench-key-0123456789"
PROMPTS = [
    "What is the capital of France?",
    "Give me a haiku about autumn leaves.",
    "How do I reverse a list in Python?",
    "Summarise the plot of Hamlet in two sentences.",
    "What's a good name for a grey cat?",
]
HEURISTIC_POLICY = """
# The heuristic rules of the shipped default policy (no learned or index-backed slices), pinned
# here so the figures do not move when the default policy changes.
version = 1
on_error = "block"
block_when_flags = 2

[[rules]]
name = "limits"
use = "limits"

[[rules]]
name = "obfuscation"
use = "obfuscation"
threshold = 0.7
action = "flag"

[[rules]]
name = "signatures"
use = "signatures"
threshold = 0.8

[[rules]]
name = "signatures-weak"
use = "signatures"
action = "flag"
only_if = { rule = "signatures", between = [0.5, 0.8] }

[[rules]]
name = "secrets"
use = "secrets"
threshold = 0.8

[[rules]]
name = "pii"
use = "pii"
action = "flag"

[[rules]]
name = "many-shot"
use = "many_shot"
threshold = 0.75

[[rules]]
name = "fake-turns"
use = "fake_turns"
threshold = 0.6
action = "flag"
"""
REPLY = "The capital of France is Paris, which lies on the Seine in the north of the country."


async def upstream_app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """A bare ASGI OpenAI-like endpoint that answers at once (chat, streaming, models)."""
    if scope["type"] != "http":
        return
    body = b""
    more = True
    while more:
        message = await receive()
        body += message.get("body", b"")
        more = message.get("more_body", False)
    if scope["method"] == "GET":
        await _send(
            send, b'{"object":"list","data":[{"id":"bench","object":"model"}]}', b"application/json"
        )
        return
    request = json.loads(body or b"{}")
    base = {"id": "chatcmpl-b", "created": 1, "model": request.get("model", "bench")}
    if request.get("stream"):
        events = [
            {
                **base,
                "object": "chat.completion.chunk",
                "choices": [
                    {
                        "index": 0,
                        "delta": {"role": "assistant", "content": ""},
                        "finish_reason": None,
                    }
                ],
            }
        ]
        for start in range(0, len(REPLY), 4):
            events.append(
                {
                    **base,
                    "object": "chat.completion.chunk",
                    "choices": [
                        {
                            "index": 0,
                            "delta": {"content": REPLY[start : start + 4]},
                            "finish_reason": None,
                        }
                    ],
                }
            )
        events.append(
            {
                **base,
                "object": "chat.completion.chunk",
                "choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}],
            }
        )
        payload = (
            b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in events)
            + b"data: [DONE]\n\n"
        )
        await _send(send, payload, b"text/event-stream")
        return
    answer = {
        **base,
        "object": "chat.completion",
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": REPLY},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 8, "completion_tokens": 20, "total_tokens": 28},
    }
    await _send(send, json.dumps(answer).encode(), b"application/json")


async def _send(send: Any, payload: bytes, kind: bytes) -> None:
    headers = [(b"content-type", kind), (b"content-length", str(len(payload)).encode())]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": payload})


def cpu_s(pid: int) -> float:
    """User plus system CPU seconds of a process and its children (Linux /proc; 0 elsewhere)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def switches(pid: int) -> int:
    """Context switches (voluntary or not) of every thread of a process and its children.

    Each is a wake-up or a preemption: on a busy machine, each wake-up may wait for a time slice.
    Linux only (0 elsewhere); threads that have ended no longer count.
    """
    pids = [str(pid)]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if stat.read_text().rsplit(")", 1)[1].split()[1] == str(pid):
                pids.append(stat.parent.name)
        except (OSError, IndexError):
            continue
    total = 0
    statuses = [status for p in pids for status in Path(f"/proc/{p}/task").glob("*/status")]
    for status in statuses:
        try:
            text = status.read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith(("voluntary_ctxt_switches", "nonvoluntary_ctxt_switches")):
                total += int(line.split()[1])
    return total


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_up(url: str, process: subprocess.Popen[bytes], timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"process exited early: {url}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"not ready: {url}")


def chat_body(index: int, stream: bool = False) -> dict[str, Any]:
    return {
        "model": "bench",
        "messages": [{"role": "user", "content": PROMPTS[index % len(PROMPTS)]}],
        "stream": stream,
    }


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return (
        ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]
        if ordered
        else float("nan")
    )


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection in this load generator while it times requests.

    A collection here (tens of ms with thousands of httpx objects alive) stalls every client
    coroutine at once: the requests due meanwhile all start late and wait, and the tail of
    whichever phase it hit (direct or proxied) measured the load generator, not the proxy.
    """
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


async def paced_clients(
    url: str, clients: int, per_client: int, rate: float
) -> tuple[list[float], int]:
    """``clients`` loops of ``per_client`` requests, each loop paced to rate/clients per second.

    Each loop has its own client and connection (as separate clients would), made and warmed
    before timing starts; this also keeps httpx's pool scans out of the measurement.
    """
    latencies: list[float] = []
    errors = 0
    interval = clients / rate
    headers = {"Authorization": f"Bearer {KEY}"}
    pool = [httpx.AsyncClient(timeout=30, headers=headers) for _ in range(clients)]
    await asyncio.gather(*(client.post(url, json=chat_body(0)) for client in pool))

    async def loop(worker: int, client: httpx.AsyncClient) -> None:
        nonlocal errors
        await asyncio.sleep(interval * worker / clients)  # spread the starts
        next_at = time.perf_counter()
        for n in range(per_client):
            start = time.perf_counter()
            try:
                response = await client.post(url, json=chat_body(worker + n))
                if response.status_code != 200:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.perf_counter() - start)
            next_at += interval
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))

    with collector_paused():
        await asyncio.gather(*(loop(w, client) for w, client in enumerate(pool)))
    for client in pool:
        await client.aclose()
    return latencies, errors


async def open_loop(url: str, rate: float, duration_s: float, pools: int = 16) -> dict[str, float]:
    """Start ``rate`` requests per second for ``duration_s`` seconds, on schedule."""
    latencies: list[float] = []
    errors = 0
    headers = {"Authorization": f"Bearer {KEY}"}
    clients = [httpx.AsyncClient(timeout=30, headers=headers) for _ in range(pools)]

    async def one(n: int) -> None:
        nonlocal errors
        start = time.perf_counter()
        try:
            response = await clients[n % pools].post(url, json=chat_body(n))
            if response.status_code != 200:
                errors += 1
        except httpx.HTTPError:
            errors += 1
        latencies.append(time.perf_counter() - start)

    tasks = []
    total = int(rate * duration_s)
    began = time.perf_counter()
    for n in range(total):
        delay = began + n / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(n)))
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - began
    for client in clients:
        await client.aclose()
    return {
        "sent": total,
        "errors": errors,
        "achieved_rps": total / elapsed,
        "p50_ms": pct(latencies, 50) * 1e3,
        "p99_ms": pct(latencies, 99) * 1e3,
    }


async def first_token(url: str, count: int) -> list[float]:
    """Seconds to the first content token of each of ``count`` streamed answers (read whole)."""
    out = []
    async with httpx.AsyncClient(timeout=30, headers={"Authorization": f"Bearer {KEY}"}) as client:
        for n in range(count):
            start = time.perf_counter()
            first = None
            async with client.stream("POST", url, json=chat_body(n, stream=True)) as response:
                async for line in response.aiter_lines():
                    if first is None and line.startswith("data: {"):
                        choices = json.loads(line[6:]).get("choices") or [{}]
                        if choices[0].get("delta", {}).get("content"):
                            first = time.perf_counter() - start
            if first is not None:
                out.append(first)
    return out


def row(name: str, values: list[float]) -> str:
    p50, p99 = pct(values, 50) * 1e3, pct(values, 99) * 1e3
    return f"  {name:<10} p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   n={len(values)}"


def added(proxied: list[float], direct: list[float], note: str) -> str:
    p50 = (pct(proxied, 50) - pct(direct, 50)) * 1e3
    p99 = (pct(proxied, 99) - pct(direct, 99)) * 1e3
    return f"  added      p50 {p50:7.2f} ms   p99 {p99:7.2f} ms   ({note})"


async def measure(direct: str, proxied: str, args: argparse.Namespace, proxy_pid: int) -> None:
    chat_direct, chat_proxied = direct + "/chat/completions", proxied + "/chat/completions"
    await paced_clients(chat_proxied, 10, 10, args.rate)  # warm connections and caches
    per_client = max(1, int(args.overhead_requests / args.clients))
    print(f"\n1. overhead: {args.clients} concurrent clients, {args.rate:.0f} req/s in all")
    base, base_errors = await paced_clients(chat_direct, args.clients, per_client, args.rate)
    cpu_before, switches_before = cpu_s(proxy_pid), switches(proxy_pid)
    prox, prox_errors = await paced_clients(chat_proxied, args.clients, per_client, args.rate)
    cpu_ms = (cpu_s(proxy_pid) - cpu_before) / max(len(prox), 1) * 1e3
    switched = (switches(proxy_pid) - switches_before) / max(len(prox), 1)
    print(row("direct", base))
    print(row("proxied", prox))
    print(added(prox, base, "targets: p50 <= 3 ms, p99 <= 30 ms"))
    print(f"  errors     direct {base_errors}, proxied {prox_errors}")
    print(f"  proxy CPU  {cpu_ms:.2f} ms per request (user+system, all threads)")
    print(f"  switches   {switched:.1f} context switches per request (all proxy threads)")

    if "throughput" in args.parts:
        await throughput(chat_proxied, args)
    if "streaming" in args.parts:
        await streaming(chat_direct, chat_proxied, args)
    metrics = httpx.get(proxied.removesuffix("/v1") + "/metrics", timeout=10).text
    calls = [line for line in metrics.splitlines() if line.startswith("emmentaler_screen_calls")]
    print("\n  screening calls (one worker's count): " + ("; ".join(calls) or "none"))


async def throughput(chat_proxied: str, args: argparse.Namespace) -> None:
    print(f"\n2. throughput: {args.rate:.0f} req/s for {args.duration:.0f} s, proxied, open loop")
    result = await open_loop(chat_proxied, args.rate, args.duration)
    print(
        f"  sent {result['sent']:.0f}, errors {result['errors']:.0f} (target: 0), "
        f"achieved {result['achieved_rps']:.1f} req/s, "
        f"p50 {result['p50_ms']:.2f} ms, p99 {result['p99_ms']:.2f} ms"
    )


async def streaming(chat_direct: str, chat_proxied: str, args: argparse.Namespace) -> None:
    print(f"\n3. streaming: time to the first token, {args.stream_requests} sequential requests")
    base_ft = await first_token(chat_direct, args.stream_requests)
    prox_ft = await first_token(chat_proxied, args.stream_requests)
    print(row("direct", base_ft))
    print(row("proxied", prox_ft))
    mean = (statistics.mean(prox_ft) - statistics.mean(base_ft)) * 1e3
    print(added(prox_ft, base_ft, f"mean {mean:.2f} ms; target: <= 20 ms"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--policy",
        help="policy file, or 'default' for the shipped one (default: the heuristic rules above)",
    )
    parser.add_argument("--workers", type=int, default=1, help="proxy worker processes")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second in total")
    parser.add_argument(
        "--duration", type=float, default=60.0, help="seconds of the throughput run"
    )
    parser.add_argument("--overhead-requests", type=int, default=3000)
    parser.add_argument("--stream-requests", type=int, default=200)
    parser.add_argument("--stream-mode", default="windowed", choices=["windowed", "buffered"])
    parser.add_argument(
        "--parts",
        default="overhead,throughput,streaming",
        help="comma-separated parts to run, in order (overhead always runs)",
    )
    parser.add_argument(
        "--same-session",
        action="store_true",
        help="run the upstream and the proxy in this process's session (shares its CPU slice)",
    )
    parser.add_argument("--serve-upstream", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_upstream:
        import uvicorn

        uvicorn.run(
            upstream_app,
            host="127.0.0.1",
            port=args.serve_upstream,
            log_level="warning",
            access_log=False,
        )
        return
    up_port, proxy_port = free_port(), free_port()
    tmp = Path(tempfile.mkdtemp(prefix="bench-proxy-"))
    env = {**os.environ, "EMMENTALER_API_KEYS": KEY}
    own_session = not args.same_session
    upstream = subprocess.Popen(
        [sys.executable, __file__, "--serve-upstream", str(up_port)], start_new_session=own_session
    )
    command = [
        sys.executable,
        "-c",
        "from emmentaler.cli import main; main()",
        "serve",
        "--upstream",
        f"http://127.0.0.1:{up_port}/v1",
        "--port",
        str(proxy_port),
        "--audit-path",
        str(tmp / "audit.db"),
        "--stream-mode",
        args.stream_mode,
        "--log-level",
        "warning",
    ]
    policy_path = None if args.policy == "default" else args.policy
    if args.policy is None:
        policy_path = str(tmp / "heuristic.toml")
        Path(policy_path).write_text(HEURISTIC_POLICY)
    if policy_path is not None:
        command += ["--policy", policy_path]
    command += ["--workers", str(args.workers)]
    proxy = subprocess.Popen(command, env=env, start_new_session=own_session)
    try:
        wait_up(f"http://127.0.0.1:{up_port}/v1/models", upstream)
        wait_up(f"http://127.0.0.1:{proxy_port}/readyz", proxy)
        from emmentaler import Policy

        policy = Policy.load(policy_path)
        print("emmentaler proxy benchmark (preliminary: shared, loaded 2-core machine)")
        print(f"  policy rules: {', '.join(rule.name for rule in policy.rules)}")
        print(
            f"  auth on; audit on (SQLite WAL); stream mode {args.stream_mode}; "
            f"{args.workers} worker(s)"
        )
        print(f"  load average: {os.getloadavg()[0]:.2f} (1 min) at start")
        asyncio.run(
            measure(
                f"http://127.0.0.1:{up_port}/v1",
                f"http://127.0.0.1:{proxy_port}/v1",
                args,
                proxy.pid,
            )
        )
        print(f"\n  load average: {os.getloadavg()[0]:.2f} (1 min) at end")
    finally:
        for process in (proxy, upstream):
            process.terminate()
            process.wait(timeout=30)


if __name__ == "__main__":
    main()
