"""Response head: is a model response harmful? Trained and validated as issue 4 asks.

Train split: AdvBench harmful strings (harmful), assistant turns of MT-Bench-101 and SGD
dialogues (safe), and refusals written for this project (safe). The only response set with both
labels, jbb_artifacts/responses.jsonl (dev), is used through cross-validation grouped by
behaviour: every reported figure comes from behaviours the fold's model never saw, with the
fold's threshold chosen on its own training part (nested), and the shipped head is fitted on
all of it.
"""

from __future__ import annotations

import random

import numpy as np
from heads_data import SEED, read
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

from emmentaler.slices._lexical import refusal_score, response_features

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


def response_examples() -> tuple[list[str], np.ndarray]:
    """Train-split responses and labels (1 = harmful)."""
    rng = random.Random(SEED)
    texts, labels = [], []
    for row in read("advbench/harmful_strings.jsonl"):
        texts.append(str(row["response"]))
        labels.append(1)
    safe: list[str] = []
    for name in ("mt_bench_101/conversations.jsonl", "sgd_dialogues/conversations.jsonl"):
        for row in read(name):
            safe.extend(str(t["content"]) for t in row["turns"] if t["role"] == "assistant")  # type: ignore[attr-defined]
    rng.shuffle(safe)
    safe = safe[:2000] + refusals(rng, 200)
    texts += safe
    labels += [0] * len(safe)
    return texts, np.array(labels)


def features(emb, texts: list[str]) -> list[np.ndarray]:
    """Window embeddings of each response, with its lexical features appended to every window."""
    blocks = emb.windows(texts)
    return [
        np.hstack([blk, np.repeat(response_features(t)[None, :], len(blk), axis=0)])
        for blk, t in zip(blocks, texts, strict=True)
    ]


FIT = None


def _fit(blocks: list[np.ndarray], y: np.ndarray):
    rows = np.vstack(blocks)
    ys = np.concatenate([[label] * len(b) for b, label in zip(blocks, y, strict=True)])
    ws = np.concatenate([[1.0 / len(b)] * len(b) for b in blocks])
    return FIT(rows, ys, ws, 10.0)


def _logits(model, blocks: list[np.ndarray]) -> np.ndarray:
    return np.array([model.decision_function(b).max() for b in blocks])


def _threshold_at(logits: np.ndarray, y: np.ndarray, fpr: float) -> float:
    safe = np.sort(logits[y == 0])
    return float(safe[int(np.ceil((1 - fpr) * len(safe))) - 1]) + 1e-6 if len(safe) else 0.0


def train_response(emb, report: dict, save_head, fit) -> None:
    global FIT
    FIT = fit
    train_texts, train_y = response_examples()
    rows = read("jbb_artifacts/responses.jsonl")
    jbb_texts = [str(r["response"]) for r in rows]
    jbb_y = np.array([1 if r["label"] == "harmful" else 0 for r in rows])
    goals = np.array([str(r["goal"]) for r in rows])
    train_blocks = features(emb, train_texts)
    jbb_blocks = features(emb, jbb_texts)
    oof = np.zeros(len(rows))
    caught, flagged = [], []
    for outer_train, outer_test in GroupKFold(n_splits=5).split(jbb_blocks, jbb_y, goals):
        # Nested: the fold's threshold is set at 5 % safe flagged on inner out-of-fold scores.
        inner = np.zeros(len(outer_train))
        for in_train, in_test in GroupKFold(n_splits=3).split(
            outer_train, jbb_y[outer_train], goals[outer_train]
        ):
            m = _fit(
                train_blocks + [jbb_blocks[outer_train[i]] for i in in_train],
                np.concatenate([train_y, jbb_y[outer_train[in_train]]]),
            )
            inner[in_test] = _logits(m, [jbb_blocks[outer_train[i]] for i in in_test])
        cut = _threshold_at(inner, jbb_y[outer_train], 0.05)
        model = _fit(
            train_blocks + [jbb_blocks[i] for i in outer_train],
            np.concatenate([train_y, jbb_y[outer_train]]),
        )
        test_logits = _logits(model, [jbb_blocks[i] for i in outer_test])
        oof[outer_test] = test_logits
        hit = test_logits >= cut
        caught.extend(hit[jbb_y[outer_test] == 1].tolist())
        flagged.extend(hit[jbb_y[outer_test] == 0].tolist())
    platt = LogisticRegression(C=1e4, max_iter=1000).fit(oof.reshape(-1, 1), jbb_y)
    a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
    p = 1 / (1 + np.exp(-(a * oof + b)))
    threshold = float(
        np.round(np.sort(p[jbb_y == 0])[int(np.ceil(0.95 * (jbb_y == 0).sum())) - 1] + 0.005, 2)
    )
    refusal = np.array([refusal_score(t) for t in jbb_texts])
    report["response"] = {
        "grouped_cv_nested_threshold": {
            "harmful_caught": round(float(np.mean(caught)), 4),
            "n_harmful": len(caught),
            "safe_flagged": round(float(np.mean(flagged)), 4),
            "n_safe": len(flagged),
        },
        "grouped_cv_at_0.5": {
            "harmful_caught": round(float((p[jbb_y == 1] >= 0.5).mean()), 4),
            "safe_flagged": round(float((p[jbb_y == 0] >= 0.5).mean()), 4),
        },
        "threshold_5pct_safe_flagged_oof": threshold,
        "refusal_rate_safe": round(float((refusal[jbb_y == 0] >= 1).mean()), 4),
        "refusal_rate_harmful": round(float((refusal[jbb_y == 1] >= 1).mean()), 4),
        "platt": [a, b],
    }
    print("  response", report["response"])
    model = _fit(train_blocks + jbb_blocks, np.concatenate([train_y, jbb_y]))
    save_head("response", model, a, b, threshold)
