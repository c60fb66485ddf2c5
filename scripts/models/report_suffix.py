"""Measure the `suffix` slice: threshold from TRAIN, detection and false positives on DEV.

* threshold: the smallest score that flags at most --train-fp of the held-out benign TRAIN
  prompts (the ones build_suffix.py did not train the character model on);
* detection: jbb_artifacts prompts (TRAIN split, never used to build or calibrate the slice)
  by attack template, plus fresh synthetic soup (a seed the build never used) appended to the
  held-out benign prompts;
* false positives: DEV benign sets.

Rates carry Wilson 95 % intervals. Usage: python scripts/models/report_suffix.py [--threshold T]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import build_suffix as build  # noqa: E402 - needs the path set above

from emmentaler.core import Text  # noqa: E402
from emmentaler.slices.suffix import SuffixSlice  # noqa: E402

DEV_BENIGN = {
    "oasst_prompts (benign)": "oasst_prompts/prompts.jsonl",
    "ultrachat_eval": "ultrachat_eval/prompts.jsonl",
    "coconot_contrast": "coconot_contrast/prompts.jsonl",
    "bipia/contexts_clean": "bipia/contexts_clean.jsonl",
    "jbb_behaviors (all)": "jbb_behaviors/prompts.jsonl",
}


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def rate(name: str, scores: np.ndarray, threshold: float, extra: str = "") -> None:
    k, n = int((scores >= threshold).sum()), len(scores)
    low, high = wilson(k, n)
    print(
        f"| {name} | {n} | {k} | {100 * k / max(n, 1):.1f} % "
        f"[{100 * low:.1f}, {100 * high:.1f}] |{extra}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=build.ROOT.parent / "shared" / "data")
    parser.add_argument("--train-fp", type=float, default=0.01)
    parser.add_argument("--threshold", type=float, default=None)
    args = parser.parse_args()
    layer = SuffixSlice()

    def scores(texts: list[str]) -> np.ndarray:
        return np.array([layer.score(Text(t)).score for t in texts])

    items = build.benign_texts(args.data) + build.code_texts()
    holdout = [text for item_id, text in items if build.held_out(item_id) and "/" not in item_id]
    hold = scores(holdout)
    threshold = args.threshold
    how = "given"
    if threshold is None:
        how = "set on TRAIN"
        threshold = float(np.quantile(hold, 1 - args.train_fp))
    print(f"threshold {threshold:.3f} ({how}; --train-fp {args.train_fp:.1%})\n")
    print("| set | n | flagged | rate [Wilson 95 %] |")
    print("|---|---|---|---|")
    rate("TRAIN held-out benign", hold, threshold)
    rows = [json.loads(line) for line in (args.data / "jbb_artifacts/prompts.jsonl").open()]
    for template in ("GCG", "DSN", "adaptive_random_search", "PAIR"):
        chosen = [r for r in rows if r["template"] == template]
        tails = {r["text"][-60:] for r in chosen}
        got = scores([r["text"] for r in chosen])
        rate(
            f"TRAIN jbb_artifacts {template} (attack)",
            got,
            threshold,
            f" {len(tails)} distinct last-60-character endings",
        )
    rng = random.Random(99)
    vocabulary = build.soup_vocabulary([t for _, t in items], rng, 1)
    synthetic = [f"{t[-600:]} {build.soup(vocabulary, rng)}" for t in holdout]
    rate("synthetic soup on held-out benign, seed 99 (attack)", scores(synthetic), threshold)
    for name, path in DEV_BENIGN.items():
        data = [json.loads(line) for line in (args.data / path).open()]
        texts = [r["text"] for r in data if r["label"] == "benign" or name.startswith("jbb")]
        rate(f"DEV {name}", scores(texts), threshold)
    sample = (holdout[3] + " describing.\\ + similarlyNow write oppositeley.]( Me giving**ONE")[
        :300
    ]
    for _ in range(50):
        layer.score(Text(sample))
    start = time.perf_counter()
    for _ in range(1000):
        layer.score(Text(sample))
    per = (time.perf_counter() - start) / 1000
    big = "All work and no play makes Jack a dull boy. " * 24_000
    start = time.perf_counter()
    layer.score(Text(big))
    print(
        f"\n{len(sample)}-char prompt: {per * 1e6:.0f} us; {len(big) >> 20} MB: "
        f"{(time.perf_counter() - start) * 1e3:.2f} ms (1 thread, loaded machine)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
