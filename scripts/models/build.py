"""Rebuild every model asset in order, then write MANIFEST.json and print the hashes.

Run by `make models` inside `.venv-models`. Each step is a script in this folder run with the
same interpreter; a step whose file does not exist yet is skipped with a note. Every step uses
fixed seeds, so a rebuild from the same pinned packages and ../shared/data gives the same
files (the ONNX export and the heads are compared byte for byte in the build log).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from manifest import write_manifest  # noqa: E402 - needs the path set above

STEPS = [
    "export_minilm.py",  # embedding model: verify, export, quantize, check cosine
    "train_heads.py",  # intent, jailbreak (MLPs) and response (logistic) heads, numpy .npz
    "train_injection.py",  # injection slice: lexical stage 1 + MLP stage 2 over segments
    "build_suffix.py",  # suffix slice: character n-gram models of benign text and token soup
    "build_memory.py",  # memory slice: seed index of train attacks (dev near-copies dropped)
    "train_triage.py",  # triage in front of the encoder (hashed words + static token projections)
]


def main() -> None:
    env = dict(os.environ, ORT_DISABLE_TELEMETRY="1", PYTHONHASHSEED="0")
    for step in STEPS:
        script = HERE / step
        if not script.exists():
            print(f"== skip {step} (not present)")
            continue
        print(f"== {step}", flush=True)
        subprocess.run([sys.executable, str(script)], check=True, env=env)
    print("== MANIFEST.json")
    for name, entry in write_manifest().items():
        print(f"{entry['sha256']}  {entry['size']:>10}  {name}")


if __name__ == "__main__":
    main()
