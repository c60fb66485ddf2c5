"""Paired latency of two policies on the same dev prompts, interleaved (A/B, then B/A).

On a shared machine the load moves absolute figures more than a small change does; screening
each prompt with both policies back to back, in alternating order and with the embedding cache
cleared before each screening, compares them under the same conditions::

    git show HEAD~1:src/emmentaler/policies/default.toml > /tmp/before.toml
    .venv/bin/python benchmarks/ab_policies.py /tmp/before.toml          # B: the default policy
    .venv/bin/python benchmarks/ab_policies.py A.toml B.toml --prompts 400
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

from _mix import dev_mix

from emmentaler import Policy, Text
from emmentaler.embedding import get_encoder


def main() -> None:
    """Print p50 and mean latency per policy."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("a", type=Path, help="policy A (TOML)")
    parser.add_argument("b", type=Path, nargs="?", help="policy B (default: the default policy)")
    parser.add_argument("--prompts", type=int, default=400)
    args = parser.parse_args()
    policies = {
        str(args.a): Policy.from_path(args.a),
        str(args.b or "default"): Policy.from_path(args.b) if args.b else Policy.default(),
    }
    stacks = {name: policy.build_stack() for name, policy in policies.items()}
    times: dict[str, list[float]] = {name: [] for name in stacks}
    for stack in stacks.values():
        stack.screen(Text("warm up"))
    names = list(stacks)
    for i, text in enumerate(dev_mix(args.prompts)):
        for name in names if i % 2 else reversed(names):
            get_encoder()._cache.clear()
            start = time.perf_counter()
            stacks[name].screen(Text(text))
            times[name].append(time.perf_counter() - start)
    for name, values in times.items():
        values.sort()
        p50, mean = values[len(values) // 2] * 1e3, statistics.mean(values) * 1e3
        print(f"{name}: p50 {p50:.2f} ms, mean {mean:.2f} ms over {len(values)} prompts")


if __name__ == "__main__":
    main()
