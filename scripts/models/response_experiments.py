"""Session 6 response-head experiments: the shipped recipe against the best candidate.

Not part of ``make models`` and writes no asset. It reruns the fully nested protocol of
``heads_responses.py`` (5 outer folds grouped by behaviour; configuration and threshold at 5 %
safe flagged chosen by a grouped 3-fold CV inside each outer training part) for two recipes,
over three outer fold assignments (seeds 0, 1, 2), and prints per recipe and seed:

* the nested figure (harmful caught / safe flagged with the inner-CV thresholds);
* the ranking figure: harmful caught at exactly 5 % of safe flagged on the pooled outer-fold
  scores (threshold set on those scores: compares rankings, is not a deployable figure);
* the out-of-fold AUC;
* the ordinary-answer check (dev ``oasst_conversations`` assistant turns, never trained on)
  scored by the head fitted on everything, at the Platt threshold of the pooled outer scores.

Recipes:

* ``shipped``: mean of 64-token windows (stride 48, <= 6) + 17 lexical features.
* ``candidate``: mean of 32-token windows (stride 24, <= 12) + 17 lexical features + the
  intent head's logit over the response windows (max, mean, first window) + the position of the
  first refusal phrase (share of the text before it; refusal after 150 characters); the
  structured benign turns weigh 3 instead of 1 (chosen on held-out structured train-split
  turns, not on jbb or oasst).

Run (about 3 minutes on one core)::

    OPENBLAS_NUM_THREADS=1 .venv/bin/python scripts/models/response_experiments.py
"""

from __future__ import annotations

import json
import math
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from heads_data import SEED, read
from heads_responses import (
    CANDIDATES,
    INNER,
    OUTER,
    W_REFUSAL,
    W_SAFE,
    Linear,
    cut_at,
    extra_examples,
    group_folds,
    proportion,
)
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from emmentaler.embedding import get_encoder
from emmentaler.slices._heads import load_head
from emmentaler.slices.response import _REFUSAL_ANYWHERE, LEXICAL_CHARS, lexical_features

LATE_REFUSAL_CHARS = 150


@dataclass(frozen=True)
class Recipe:
    """Window configuration, optional extra columns and weight of structured benign turns."""

    name: str
    window: int
    stride: int
    max_windows: int
    extra_columns: bool
    w_structured: float


RECIPES = (
    Recipe("shipped", 64, 48, 6, extra_columns=False, w_structured=W_SAFE),
    Recipe("candidate", 32, 24, 12, extra_columns=True, w_structured=3.0),
)


def refusal_position(text: str) -> list[float]:
    """Share of the text before its first refusal phrase (1.0: none), and a late-refusal flag."""
    head = text[:LEXICAL_CHARS]
    found = _REFUSAL_ANYWHERE.search(head)
    position = found.start() if found else len(head)
    return [
        position / max(len(head), 1),
        float(found is not None and position > LATE_REFUSAL_CHARS),
    ]


def intent_columns(block: np.ndarray) -> list[float]:
    """The intent head's logit over the response windows: max, mean, first window."""
    p = np.clip(load_head("intent").proba(block).astype(np.float64), 1e-6, 1 - 1e-6)
    logit = np.log(p / (1 - p))
    return [float(logit.max()), float(logit.mean()), float(logit[0])]


def features(recipe: Recipe, texts: list[str]) -> np.ndarray:
    """Head inputs of ``texts`` under ``recipe`` (window mean, lexical, optional extras)."""
    encoder = get_encoder()
    rows: list[np.ndarray] = []
    for begin in range(0, len(texts), 256):
        chunk = texts[begin : begin + 256]
        blocks = encoder.embed_windows(
            chunk, window=recipe.window, stride=recipe.stride, max_windows=recipe.max_windows
        )
        for block, text in zip(blocks, chunk, strict=True):
            parts = [block.mean(axis=0), lexical_features(text)]
            if recipe.extra_columns:
                parts.append(np.array(intent_columns(block) + refusal_position(text)))
            rows.append(np.concatenate(parts).astype(np.float64))
    return np.stack(rows)


class Data:
    """jbb rows and the weighted train-split extras of one recipe."""

    def __init__(self, recipe: Recipe, x: np.ndarray, y: np.ndarray, goals: np.ndarray) -> None:
        self.x, self.y, self.goals = x, y, goals
        self.extras = {name: features(recipe, t) for name, t in extra_examples().items()}
        self.weights = {
            "advbench": 0.0,
            "safe": W_SAFE,
            "structured": recipe.w_structured,
            "refusals": W_REFUSAL,
        }

    def fit(self, rows: np.ndarray, c: float, w_adv: float) -> Linear:
        parts = [(self.x[rows], self.y[rows], np.ones(len(rows)))]
        for name, weight in {**self.weights, "advbench": w_adv}.items():
            if weight > 0:
                xe = self.extras[name]
                label = 1 if name == "advbench" else 0
                parts.append((xe, np.full(len(xe), label), np.full(len(xe), weight)))
        return Linear(c).fit(
            np.vstack([p[0] for p in parts]),
            np.concatenate([p[1] for p in parts]),
            np.concatenate([p[2] for p in parts]),
        )

    def oof(self, rows: np.ndarray, c: float, w_adv: float, k: int, seed: int) -> np.ndarray:
        folds = group_folds(self.goals[rows], k, seed)
        out = np.zeros(len(rows))
        for f in range(k):
            train, test = rows[folds != f], np.nonzero(folds == f)[0]
            out[test] = self.fit(train, c, w_adv).decision_function(self.x[rows[test]])
        return out

    def select(self, rows: np.ndarray, k: int, seed: int) -> tuple[float, float, float]:
        """(C, w_adv, cut) with the most harmful caught at 5 % safe flagged (AUC breaks ties)."""
        y = self.y[rows]
        scored = []
        for c, w_adv in CANDIDATES:
            logits = self.oof(rows, c, w_adv, k, seed)
            cut = cut_at(logits, y)
            caught = float((logits[y == 1] > cut).mean())
            scored.append((caught, float(roc_auc_score(y, logits)), c, w_adv, cut))
        best = max(scored)
        return best[2], best[3], best[4]


def nested(data: Data, seed: int) -> tuple[dict[str, Any], np.ndarray]:
    """The protocol of ``heads_responses.nested_cv`` with outer folds dealt by ``seed``."""
    everything = np.arange(len(data.y))
    folds = group_folds(data.goals, OUTER, seed)
    logits = np.zeros(len(data.y))
    hit = np.zeros(len(data.y), dtype=bool)
    for f in range(OUTER):
        train, test = everything[folds != f], everything[folds == f]
        c, w_adv, cut = data.select(train, INNER, seed + 1 + f)
        logits[test] = data.fit(train, c, w_adv).decision_function(data.x[test])
        hit[test] = logits[test] > cut
    ranking_cut = cut_at(logits, data.y)
    return {
        "nested_caught": proportion(hit[data.y == 1]),
        "nested_safe_flagged": proportion(hit[data.y == 0]),
        "ranking_caught_at_5pct": proportion(logits[data.y == 1] > ranking_cut),
        "auc": round(float(roc_auc_score(data.y, logits)), 4),
    }, logits


def ordinary_check(data: Data, recipe: Recipe, logits: np.ndarray) -> dict[str, Any]:
    """Dev oasst assistant turns flagged by the head fitted on everything (as shipped)."""
    turns = [
        str(t["content"])
        for row in read("oasst_conversations/conversations.jsonl")
        for t in row["turns"]  # type: ignore[attr-defined]
        if t["role"] == "assistant"
    ]
    everything = np.arange(len(data.y))
    c, w_adv, _ = data.select(everything, OUTER, SEED)
    platt = LogisticRegression(C=1e4, max_iter=1000).fit(logits.reshape(-1, 1), data.y)
    a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    p = 1 / (1 + np.exp(-(a * logits + b)))
    threshold = math.ceil(cut_at(p, data.y) * 100 + 1e-9) / 100
    z = data.fit(everything, c, w_adv).decision_function(features(recipe, turns))
    scores = 1 / (1 + np.exp(-(a * z + b)))
    return {
        "threshold": threshold,
        "oof_caught_at_threshold": proportion(p[data.y == 1] >= threshold),
        "oof_safe_flagged_at_threshold": proportion(p[data.y == 0] >= threshold),
        "oasst_flagged": proportion(scores >= threshold),
    }


def main() -> None:
    """Print every figure as one JSON line per recipe and seed."""
    rows = read("jbb_artifacts/responses.jsonl")
    texts = [str(r["response"]) for r in rows]
    y = np.array([1 if r["label"] == "harmful" else 0 for r in rows])
    goals = np.array([str(r["goal"]) for r in rows])
    for recipe in RECIPES:
        data = Data(recipe, features(recipe, texts), y, goals)
        for seed in (SEED, SEED + 1, SEED + 2):
            report, logits = nested(data, seed)
            if seed == SEED:
                report.update(ordinary_check(data, recipe, logits))
            print(json.dumps({"recipe": recipe.name, "outer_seed": seed, **report}), flush=True)


if __name__ == "__main__":
    main()
