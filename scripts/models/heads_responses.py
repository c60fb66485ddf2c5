"""Response head: is a model response harmful? Trained and validated as issue 4 asks.

Input per response (see ``emmentaler.slices.response``): the mean of its 64-token window
embeddings (at most six windows) and 17 lexical features. Model: L2-regularised logistic
regression on standardised inputs (folded into the shipped weights, so the runtime is one
dot product), Platt-scaled.

Data. The only response set with both labels is jbb_artifacts/responses.jsonl (dev; labels
from JailbreakBench's automated judge, not humans). It is used through cross-validation grouped
by behaviour (``goal``). Train-split extras are added to every training fold, never to a test
fold: AdvBench harmful target strings as positives (weight chosen by the nested CV), assistant
turns of MT-Bench-101 and SGD dialogues (every structured one, 2,000 others) and refusals
written for this project as negatives.

Honest figures. Everything reported is nested: in each of the 5 outer folds, the candidate
configuration (C, weight of the AdvBench positives) and the threshold at 5 % safe flagged are
chosen by a grouped 3-fold cross-validation inside the outer training part only; the outer
test fold is scored once. The shipped head is then fitted on all of jbb_artifacts plus the
extras, with the configuration chosen by grouped CV on all of it; its threshold is the
pooled out-of-fold one.

Run through train_heads.py (``make models``), or alone for the response head only::

    .venv-models/bin/python scripts/models/heads_responses.py
"""

from __future__ import annotations

import json
import math
import os
import random
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent))

import numpy as np
from heads_data import ROOT, SEED, read
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from emmentaler.slices._lexical import refusal_score
from emmentaler.slices.response import (
    LEXICAL_FEATURES,
    MAX_WINDOWS,
    STRIDE,
    WINDOW,
    lexical_features,
    response_vector,
)

FPR = 0.05
OUTER, INNER = 5, 3
CANDIDATES = [(c, w_adv) for c in (0.003, 0.01, 0.03) for w_adv in (0.0, 0.3)]
"""(inverse L2 strength, weight of each AdvBench positive) pairs the nested CV chooses from."""
W_SAFE, W_REFUSAL = 1.0, 0.3
"""Weight of each benign assistant turn and of each written refusal (jbb rows weigh 1)."""
N_SAFE, N_REFUSALS = 2000, 200
STRUCTURE = ("numbered", "step_n", "bullets", "code", "compliance_opener", "headings")

REFUSAL_OPENINGS = [
    "I'm sorry, but I can't help with that.",
    "I can't assist with that request.",
    "Sorry, I won't be able to provide that.",
    "I must decline this request.",
    "As an AI, I can't help with creating that.",
    "I'm not able to help with this one.",
    "I cannot provide instructions for that.",
    "I won't write that, since it could hurt people.",
]
REFUSAL_FOLLOWUPS = [
    "",
    " If you're researching the topic, I can point you to general, publicly available overviews.",
    " If you're in danger, please contact local emergency services.",
    " Is there something else I can help you with?",
    " I'd be happy to help with a safer alternative, such as learning how to protect yourself.",
    " It would be illegal and could cause serious harm.",
]


def refusals(rng: random.Random, count: int) -> list[str]:
    """Refusals written for this project, in varied combinations."""
    return [rng.choice(REFUSAL_OPENINGS) + rng.choice(REFUSAL_FOLLOWUPS) for _ in range(count)]


def extra_examples() -> dict[str, list[str]]:
    """Train-split extras: harmful target strings, benign assistant turns, written refusals.

    Benign turns with a list, steps, code, headings or a "Sure, here" opener are kept apart
    (``structured``, all of them): jbb's harmful answers are long and structured while most
    benign turns are short chat, and without these the head learned "structured = harmful"
    (it flagged ordinary how-to and code answers).
    """
    rng = random.Random(SEED)
    turns: list[str] = []
    for name in ("mt_bench_101/conversations.jsonl", "sgd_dialogues/conversations.jsonl"):
        for row in read(name):
            turns.extend(str(t["content"]) for t in row["turns"] if t["role"] == "assistant")  # type: ignore[attr-defined]
    structure = [LEXICAL_FEATURES.index(name) for name in STRUCTURE]
    marked = [bool((lexical_features(t)[structure] > 0).any()) for t in turns]
    plain = [t for t, m in zip(turns, marked, strict=True) if not m]
    rng.shuffle(plain)
    return {
        "advbench": [str(row["response"]) for row in read("advbench/harmful_strings.jsonl")],
        "safe": plain[:N_SAFE],
        "structured": [t for t, m in zip(turns, marked, strict=True) if m],
        "refusals": refusals(rng, N_REFUSALS),
    }


def vectors(encoder: Any, texts: list[str]) -> np.ndarray:
    """Head inputs of ``texts``, computed exactly as the runtime slice does."""
    out: list[np.ndarray] = []
    for begin in range(0, len(texts), 256):
        chunk = texts[begin : begin + 256]
        blocks = encoder.embed_windows(chunk, window=WINDOW, stride=STRIDE, max_windows=MAX_WINDOWS)
        out.extend(response_vector(b, t) for b, t in zip(blocks, chunk, strict=True))
        print(f"  response vectors {begin + len(chunk)}/{len(texts)}", flush=True)
    return np.stack(out).astype(np.float64)


class Linear:
    """Standardised logistic regression whose standardisation is folded into the weights."""

    def __init__(self, c: float) -> None:
        self.c = c

    def fit(self, x: np.ndarray, y: np.ndarray, w: np.ndarray) -> Linear:
        self.mu = np.average(x, axis=0, weights=w)
        self.sd = np.sqrt(np.average((x - self.mu) ** 2, axis=0, weights=w)) + 1e-6
        lr = LogisticRegression(C=self.c, max_iter=5000)
        lr.fit((x - self.mu) / self.sd, y, sample_weight=w / w.mean())
        self.coef = lr.coef_[0] / self.sd
        self.intercept = float(lr.intercept_[0] - (lr.coef_[0] * self.mu / self.sd).sum())
        return self

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        result: np.ndarray = x @ self.coef + self.intercept
        return result

    def arrays(self) -> dict[str, np.ndarray]:
        return {"coef": self.coef.astype(np.float32), "intercept": np.float32(self.intercept)}


class Data:
    """jbb rows (x, y, behaviour) and the weighted train-split extras."""

    def __init__(
        self, x: np.ndarray, y: np.ndarray, goals: np.ndarray, extras: dict[str, np.ndarray]
    ) -> None:
        self.x, self.y, self.goals, self.extras = x, y, goals, extras

    def fit(self, rows: np.ndarray, c: float, w_adv: float) -> Linear:
        parts = [(self.x[rows], self.y[rows], np.ones(len(rows)))]
        for name, label, weight in (
            ("advbench", 1, w_adv),
            ("safe", 0, W_SAFE),
            ("structured", 0, W_SAFE),
            ("refusals", 0, W_REFUSAL),
        ):
            if weight > 0:
                xe = self.extras[name]
                parts.append((xe, np.full(len(xe), label), np.full(len(xe), weight)))
        return Linear(c).fit(
            np.vstack([p[0] for p in parts]),
            np.concatenate([p[1] for p in parts]),
            np.concatenate([p[2] for p in parts]),
        )


def group_folds(goals: np.ndarray, k: int, seed: int) -> np.ndarray:
    """Fold id per row: behaviours shuffled (fixed seed) and dealt round-robin into ``k`` folds."""
    unique = sorted(set(goals.tolist()))
    order = np.random.RandomState(seed).permutation(len(unique))
    fold_of = {unique[j]: i % k for i, j in enumerate(order)}
    return np.array([fold_of[g] for g in goals.tolist()])


def cut_at(logits: np.ndarray, y: np.ndarray, fpr: float = FPR) -> float:
    """Smallest threshold flagging at most ``fpr`` of the safe rows (flag when logit > cut)."""
    safe = np.sort(logits[y == 0])
    return float(safe[max(0, math.ceil((1 - fpr) * len(safe)) - 1)])


def oof(data: Data, rows: np.ndarray, c: float, w_adv: float, k: int, seed: int) -> np.ndarray:
    """Out-of-fold logits of ``rows`` under grouped ``k``-fold CV (extras in every train part)."""
    folds = group_folds(data.goals[rows], k, seed)
    out = np.zeros(len(rows))
    for f in range(k):
        train, test = rows[folds != f], np.nonzero(folds == f)[0]
        out[test] = data.fit(train, c, w_adv).decision_function(data.x[rows[test]])
    return out


def select(data: Data, rows: np.ndarray, k: int, seed: int) -> tuple[float, float, float]:
    """Choose (C, w_adv) by grouped CV on ``rows`` alone; return it with its 5 % cut."""
    y = data.y[rows]
    best: tuple[float, float, float, float, float] | None = None
    for c, w_adv in CANDIDATES:
        logits = oof(data, rows, c, w_adv, k, seed)
        cut = cut_at(logits, y)
        caught = float((logits[y == 1] > cut).mean())
        auc = float(roc_auc_score(y, logits))
        if best is None or (caught, auc) > (best[0], best[1]):
            best = (caught, auc, c, w_adv, cut)
    assert best is not None
    return best[2], best[3], best[4]


def wilson(hits: int, n: int, z: float = 1.96) -> list[float]:
    """Wilson 95 % interval of a proportion."""
    if n == 0:
        return [0.0, 1.0]
    p = hits / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return [round(centre - half, 4), round(centre + half, 4)]


def proportion(mask: np.ndarray) -> dict[str, Any]:
    hits, n = int(mask.sum()), int(mask.size)
    return {
        "n": n,
        "hits": hits,
        "rate": round(hits / n, 4) if n else 0.0,
        "wilson95": wilson(hits, n),
    }


def nested_cv(data: Data) -> tuple[dict[str, Any], np.ndarray]:
    """Outer grouped folds; configuration and threshold chosen inside each training part."""
    everything = np.arange(len(data.y))
    folds = group_folds(data.goals, OUTER, SEED)
    logits = np.zeros(len(data.y))
    hit = np.zeros(len(data.y), dtype=bool)
    per_fold = []
    for f in range(OUTER):
        train, test = everything[folds != f], everything[folds == f]
        c, w_adv, cut = select(data, train, INNER, SEED + 1 + f)
        logits[test] = data.fit(train, c, w_adv).decision_function(data.x[test])
        hit[test] = logits[test] > cut
        yt = data.y[test]
        per_fold.append(
            {
                "fold": f,
                "behaviours": len(set(data.goals[test].tolist())),
                "C": c,
                "w_advbench": w_adv,
                "harmful_caught": proportion(hit[test][yt == 1]),
                "safe_flagged": proportion(hit[test][yt == 0]),
            }
        )
        print(f"  response fold {f}: {per_fold[-1]}", flush=True)
    report = {
        "pooled": {
            "harmful_caught": proportion(hit[data.y == 1]),
            "safe_flagged": proportion(hit[data.y == 0]),
            "auc": round(float(roc_auc_score(data.y, logits)), 4),
        },
        "folds": per_fold,
    }
    return report, logits


def train_response(emb: Any, report: dict[str, Any], save_head: Any, fit: Any = None) -> None:
    """Nested grouped CV, then fit and save the shipped head (``fit`` is unused)."""
    del fit
    encoder = emb.encoder if hasattr(emb, "encoder") else emb
    rows = read("jbb_artifacts/responses.jsonl")
    texts = [str(r["response"]) for r in rows]
    extras = {name: vectors(encoder, t) for name, t in extra_examples().items()}
    data = Data(
        vectors(encoder, texts),
        np.array([1 if r["label"] == "harmful" else 0 for r in rows]),
        np.array([str(r["goal"]) for r in rows]),
        extras,
    )
    nested, logits = nested_cv(data)
    platt = LogisticRegression(C=1e4, max_iter=1000).fit(logits.reshape(-1, 1), data.y)
    a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    p = 1 / (1 + np.exp(-(a * logits + b)))
    # Shipped operating point: 5 % of safe responses flagged on the pooled out-of-fold scores.
    threshold = math.ceil(cut_at(p, data.y) * 100 + 1e-9) / 100
    everything = np.arange(len(data.y))
    c, w_adv, _ = select(data, everything, OUTER, SEED)
    refusal = np.array([refusal_score(t) for t in texts])
    report["response"] = {
        "method": "mean of 64-token window embeddings (<= 6) + 17 lexical features, logistic",
        "grouped_cv_nested": nested,
        "pooled_oof_at_shipped_threshold": {
            "threshold": threshold,
            "harmful_caught": proportion(p[data.y == 1] >= threshold),
            "safe_flagged": proportion(p[data.y == 0] >= threshold),
        },
        "pooled_oof_at_0.5": {
            "harmful_caught": proportion(p[data.y == 1] >= 0.5),
            "safe_flagged": proportion(p[data.y == 0] >= 0.5),
        },
        "shipped": {"C": c, "w_advbench": w_adv, "w_safe": W_SAFE, "w_refusals": W_REFUSAL},
        "platt": [a, b],
        "refusal_rate_safe": round(float((refusal[data.y == 0] >= 1).mean()), 4),
        "refusal_rate_harmful": round(float((refusal[data.y == 1] >= 1).mean()), 4),
    }
    print("  response", json.dumps(report["response"]), flush=True)
    save_head("response", data.fit(everything, c, w_adv), a, b, threshold)


def main() -> None:
    """Train the response head alone; write models-build/response_report.json."""
    from train_heads import save_head

    from emmentaler.embedding import get_encoder

    report: dict[str, Any] = {}
    train_response(get_encoder(), report, save_head)
    out = ROOT / "models-build" / "response_report.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
