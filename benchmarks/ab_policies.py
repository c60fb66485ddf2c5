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
import json
import os
import random
import statistics
import time
from pathlib import Path

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

from emmentaler import Policy, Text
from emmentaler.embedding import get_encoder

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data"
FILES = (
    "oasst_prompts/prompts.jsonl",
    "ultrachat_eval/prompts.jsonl",
    "coconot_contrast/prompts.jsonl",
    "jbb_behaviors/prompts.jsonl",
    "bipia/contexts_clean.jsonl",
)


def prompts(n: int) -> list[str]:
    """``n`` dev prompts, shuffled with a fixed seed."""
    texts: list[str] = []
    for name in FILES:
        with (DATA / name).open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle]
    random.Random(0).shuffle(texts)
    return texts[:n]


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
    for i, text in enumerate(prompts(args.prompts)):
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
