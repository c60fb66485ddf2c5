"""False-positive rate of the obfuscation slice on benign prompt files of ../shared/data.

Usage: .venv/bin/python scripts/obfuscation_fp.py [FILE.jsonl ...]
Defaults to the train-split benign files. Prints, per file, the share of benign rows
scoring >= 0.5 and >= 0.7, and the top-scoring rows' ids and notes (never their text).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from emmentaler.core import Text
from emmentaler.slices.obfuscation import ObfuscationSlice
from emmentaler.unveil import unveil

DATA = Path(__file__).resolve().parents[1] / "../shared/data"
TRAIN_BENIGN = (
    "gpteacher/prompts.jsonl",
    "mbpp/prompts.jsonl",
    "mgsm/prompts.jsonl",
    "xquad/prompts.jsonl",
    "wildguard_benign/prompts.jsonl",
    "awesome_chatgpt_prompts/prompts.jsonl",
    "gsm8k/prompts.jsonl",
    "humaneval/prompts.jsonl",
    "nq_open/prompts.jsonl",
    "self_instruct/prompts.jsonl",
    "cyberseceval/frr_benign.jsonl",
)


def main(paths: list[str]) -> None:
    layer = ObfuscationSlice()
    total = flagged5 = flagged7 = 0
    seconds = 0.0
    for name in paths or TRAIN_BENIGN:
        path = Path(name) if Path(name).exists() else DATA / name
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        rows = [row for row in rows if row.get("label", "benign") == "benign" and "text" in row]
        scored = []
        for row in rows:
            start = time.perf_counter()
            text = Text(row["text"], views=unveil(row["text"]))
            finding = layer.score(text)
            seconds += time.perf_counter() - start
            scored.append((finding.score, row["id"], finding.note))
        at5 = sum(score >= 0.5 for score, _, _ in scored)
        at7 = sum(score >= 0.7 for score, _, _ in scored)
        total += len(scored)
        flagged5 += at5
        flagged7 += at7
        print(
            f"{name:45} n={len(scored):5}  >=0.5: {at5:4} ({at5 / max(1, len(scored)):.2%})"
            f"  >=0.7: {at7:4} ({at7 / max(1, len(scored)):.2%})"
        )
        for score, row_id, note in sorted(scored, reverse=True)[:3]:
            if score >= 0.3:
                print(f"    {score:.2f} {row_id} {note}")
    print(
        f"{'ALL':45} n={total:5}  >=0.5: {flagged5 / max(1, total):.2%}"
        f"  >=0.7: {flagged7 / max(1, total):.2%}"
        f"  mean {seconds / max(1, total) * 1e6:.0f} us/text (unveil + slice)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
