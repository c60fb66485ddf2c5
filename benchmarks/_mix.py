"""The dev prompt mix the speed benchmarks screen (shared by the benchmark scripts)."""

from __future__ import annotations

import json
import random
from pathlib import Path

DATA = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data").resolve()
MIX = (
    "oasst_prompts/prompts.jsonl",
    "ultrachat_eval/prompts.jsonl",
    "coconot_contrast/prompts.jsonl",
    "jbb_behaviors/prompts.jsonl",
    "bipia/contexts_clean.jsonl",
)


def dev_mix(n: int = 400) -> list[str]:
    """The first ``n`` texts of the mix, shuffled with seed 0 (the same list every run)."""
    texts: list[str] = []
    for name in MIX:
        with (DATA / name).open(encoding="utf-8") as handle:
            texts.extend(json.loads(line)["text"] for line in handle)
    random.Random(0).shuffle(texts)
    return texts[:n]
