"""Measure the `memory` slice with the shipped seed index: threshold from TRAIN, rates on DEV.

* threshold: the smallest score that flags at most --train-fp of benign TRAIN prompts (up to
  --per-source rows of each benign source, in file order);
* detection and false positives: DEV sets, with Wilson 95 % intervals. jbb_behaviors and
  bipia/contexts_injected_derived share behaviours and attack strings with TRAIN sets that
  the seed index holds, so their detection measures recall of *known* attacks (the slice's
  job), not generalisation;
* speed: search of a 100,000-entry random index (see benchmarks/test_memory_speed.py).

Usage: python scripts/models/report_memory.py [--threshold T]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from report_suffix import wilson  # noqa: E402 - needs the path set above

from emmentaler.core import Text  # noqa: E402
from emmentaler.slices.memory import MemorySlice  # noqa: E402

ROOT = HERE.parents[1]
TRAIN_BENIGN = (
    "wildguard_benign/prompts.jsonl",
    "cyberseceval/frr_benign.jsonl",
    "gpteacher/prompts.jsonl",
    "awesome_chatgpt_prompts/prompts.jsonl",
    "self_instruct/prompts.jsonl",
    "nq_open/prompts.jsonl",
)
DEV = {
    "DEV jbb_behaviors harmful (attack)": ("jbb_behaviors/prompts.jsonl", "harmful"),
    "DEV bipia/contexts_injected_derived (attack)": (
        "bipia/contexts_injected_derived.jsonl",
        "injection",
    ),
    "DEV oasst_prompts harmful (attack)": ("oasst_prompts/prompts.jsonl", "harmful"),
    "DEV jbb_behaviors benign twins": ("jbb_behaviors/prompts.jsonl", "benign"),
    "DEV oasst_prompts benign": ("oasst_prompts/prompts.jsonl", "benign"),
    "DEV ultrachat_eval": ("ultrachat_eval/prompts.jsonl", "benign"),
    "DEV coconot_contrast": ("coconot_contrast/prompts.jsonl", "benign"),
    "DEV bipia/contexts_clean": ("bipia/contexts_clean.jsonl", "benign"),
}


def load(data: Path, name: str, label: str | None = None, limit: int | None = None) -> list[str]:
    rows = [json.loads(line) for line in (data / name).open(encoding="utf-8")]
    texts = [r["text"] for r in rows if label is None or r["label"] == label]
    return texts[:limit]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--train-fp", type=float, default=0.005)
    parser.add_argument("--per-source", type=int, default=300)
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--seed", default=None, help="Another seed index (an ablation).")
    args = parser.parse_args()
    layer = MemorySlice(MemorySlice.Params(index_path="", seed_path=args.seed))

    def scores(texts: list[str]) -> np.ndarray:
        return np.array([layer.score(Text(t)).score for t in texts])

    train = [t for name in TRAIN_BENIGN for t in load(args.data, name, "benign", args.per_source)]
    hold = scores(train)
    threshold = args.threshold
    how = "given"
    if threshold is None:
        how = "set on TRAIN"
        threshold = float(np.quantile(hold, 1 - args.train_fp))
    print(
        f"threshold {threshold:.3f} ({how}; --train-fp {args.train_fp:.1%}); "
        f"highest TRAIN benign score {hold.max():.3f}\n"
    )
    print("| set | n | at or above threshold | rate [Wilson 95 %] |\n|---|---|---|---|")
    sets = {"TRAIN benign sample": hold}
    sets |= {name: scores(load(args.data, path, label)) for name, (path, label) in DEV.items()}
    for name, got in sets.items():
        k, n = int((got >= threshold).sum()), len(got)
        low, high = wilson(k, n)
        print(
            f"| {name} | {n} | {k} | {100 * k / max(n, 1):.1f} % "
            f"[{100 * low:.1f}, {100 * high:.1f}] |"
        )
    soup_check(args.data, threshold)
    return 0


def soup_check(data: Path, threshold: float) -> None:
    """Known requests (AdvBench, in the seed) with synthetic token soup appended (seed 5)."""
    import random

    import build_suffix as build

    rows = load(data, "advbench/prompts.jsonl", "harmful", 100)
    rng = random.Random(5)
    vocabulary = build.soup_vocabulary(rows * 3, rng, 1)
    padded = [f"{text} {build.soup(vocabulary, rng)}" for text in rows]
    print("\n| known request + soup (TRAIN advbench, n=100) | detected |\n|---|---|")
    for prefix in ((), (12,)):
        layer = MemorySlice(MemorySlice.Params(index_path="", prefix_words=prefix))
        got = np.array([layer.score(Text(t)).score for t in padded])
        print(f"| prefix_words = {list(prefix)} | {int((got >= threshold).sum())} |")


if __name__ == "__main__":
    sys.exit(main())
