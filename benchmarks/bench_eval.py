"""Time ``emmentaler eval`` on 10,000 examples (target: under 30 s on 2 cores).

Usage::

    .venv/bin/python benchmarks/bench_eval.py [--n 10000] [--workers 2] [--policy P ...]

Examples are the dev files of ../shared/data (prompts, responses and conversations), cycled
to ``--n``; without the data, a synthetic mix of our own sentences is used. Prints, for each
policy: screening time, analysis + report time, and examples per second.
"""

from __future__ import annotations

import argparse
import itertools
import os
import time
from dataclasses import replace
from pathlib import Path

from emmentaler.eval.dataset import Example, load_examples
from emmentaler.eval.html import render_html
from emmentaler.eval.report import build_report
from emmentaler.eval.run import evaluate
from emmentaler.policy import Policy

ROOT = Path(__file__).resolve().parents[1]
DATA = (ROOT / ".." / "shared" / "data").resolve()
DEV = [
    "bipia/contexts_clean.jsonl",
    "bipia/contexts_injected_derived.jsonl",
    "coconot_contrast/prompts.jsonl",
    "jbb_behaviors/prompts.jsonl",
    "oasst_prompts/prompts.jsonl",
    "ultrachat_eval/prompts.jsonl",
    "jbb_artifacts/responses.jsonl",
    "oasst_conversations/conversations.jsonl",
]
HEURISTIC = ROOT / "examples" / "policies" / "heuristic.toml"


def examples(n: int) -> list[Example]:
    """``n`` examples: the dev files cycled, or a synthetic mix when the data is absent."""
    if DATA.exists():
        base = load_examples([DATA / f for f in DEV]).examples
    else:
        base = load_examples(ROOT / "tests" / "data" / "eval_prompts.jsonl").examples
    return [
        replace(ex, id=f"{ex.id}#{i}")
        for i, ex in zip(range(n), itertools.cycle(base), strict=False)
    ]


def bench(policy: Policy, name: str, data: list[Example], workers: int) -> None:
    """Screen, analyse and render; print the figures."""
    start = time.perf_counter()
    results = evaluate(policy, data, workers=workers)
    screened = time.perf_counter() - start
    start = time.perf_counter()
    report, leaks = build_report(results)
    render_html(report, leaks)
    analysed = time.perf_counter() - start
    total = screened + analysed
    texts = sum(len(r.screenings) for r in results.records)
    print(
        f"{name:<28} rules={len(policy.rules):<2} examples={len(data)} texts={texts} "
        f"workers={workers} "
        f"screen={screened:.1f}s report={analysed:.1f}s total={total:.1f}s "
        f"({len(data) / total:.0f} examples/s) {'OK' if total < 30 else 'OVER 30 s'}"
    )


def main() -> None:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--policy", action="append", default=[], help="extra policy files to time")
    args = parser.parse_args()
    os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
    data = examples(args.n)
    print(
        f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} (shared machine)"
    )
    bench(Policy.default(), "default policy", data, args.workers)
    bench(Policy.from_path(HEURISTIC), "examples/policies/heuristic", data, args.workers)
    for path in args.policy:
        bench(Policy.from_path(path), path, data, args.workers)


if __name__ == "__main__":
    main()
