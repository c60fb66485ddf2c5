"""Thresholds of the ``intent-framed`` rules, from the intent held-out study (train split only).

The ``intent-framed`` rules score the request sentences of a framed prompt alone
(``slices/_deframe.py``) with the shipped intent head, next to the ``intent`` rule that scores the
whole prompt. Two runs of ``intent_thresholds.py`` train the same heads on the same rows and
seeds (the shipped recipe, ``INTENT_DEFRAME=off``) and differ only in what they score on the
held-out rows: the whole prompt (``models-build/intent_thresholds``), or the best of the prompt
and its request sentences (``INTENT_DEFRAME=score``: ``..._deframe_score``).
A held-out text is blocked when its whole score reaches ``t1`` (the ``intent`` rule, 0.5) or the
best of both reaches ``t2``. Printed for a grid of ``t2``: the mean over the 12 ordinary benign
sources of the share of a held-out source blocked (the rule: the smallest ``t2`` that keeps this
at or below 0.5 %, as for ``intent``), and held-out harmful recall by source. Run after both
studies (about 20 minutes each on one core)::

    SEEDS=0,1,2,3,4 .venv-models/bin/python scripts/models/intent_thresholds.py
    INTENT_DEFRAME=score SEEDS=0,1,2,3,4 .venv-models/bin/python scripts/models/intent_thresholds.py
    .venv-models/bin/python scripts/models/intent_request_thresholds.py
"""

from __future__ import annotations

import numpy as np
from intent_thresholds import BENIGN, BORDERLINE, OUT, key_of, load
from train_heads import sigmoid

ORDINARY = tuple(name for name in BENIGN if name not in BORDERLINE)
"""The 12 ordinary benign sources the intent block rule averages over."""
HARMFUL = ("advbench", "strongreject", "forbidden_questions", "cyberseceval")
SEEDS = (0, 1, 2, 3, 4)
T1 = 0.5
GRID = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.01)


def main() -> None:
    """Print the grid."""
    whole, meta = load(OUT)
    best, _ = load(OUT.with_name(OUT.name + "_deframe_score"))
    a, b = meta["platt_oof"]  # the shipped head's Platt fit scales both scores

    def pair(kind: str, name: str, seed: int) -> tuple[np.ndarray, np.ndarray]:
        key = key_of(kind, name, seed)
        w, c = sigmoid(a * whole[key] + b), sigmoid(a * best[key] + b)
        if not (c >= w - 1e-5).all():
            raise SystemExit(f"{key}: the two studies did not train the same heads")
        return w, c

    def rate(kind: str, name: str, t2: float) -> float:
        shares = [
            ((w >= T1) | (c >= t2)).mean() * 100 for w, c in (pair(kind, name, s) for s in SEEDS)
        ]
        return float(np.mean(shares))

    print(f"intent block t1 = {T1}; mean of seeds {SEEDS}")
    print(
        "| t2 | ordinary macro % | awesome_chatgpt_prompts % | held-out "
        + " / ".join(HARMFUL)
        + " |"
    )
    print("|---|---|---|---|")
    for t2 in GRID:
        macro = np.mean([rate("lobso", n, t2) for n in ORDINARY])
        harm = " / ".join(f"{rate('loso', n, t2):.1f}" for n in HARMFUL)
        label = "none" if t2 > 1 else f"{t2:.2f}"
        awesome = rate("lobso", "awesome_chatgpt_prompts", t2)
        print(f"| {label} | {macro:.2f} | {awesome:.2f} | {harm} |")


if __name__ == "__main__":
    main()
