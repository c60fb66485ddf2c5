"""Train the intent head: an embedding MLP stacked with a hashed lexical logistic regression.

Called by train_heads.py (``train_heads.py intent``), which passes itself as ``th`` for the
shared helpers (embedding cache, window expansion, the MLP, near-duplicate groups).

1. MLP over the window embeddings (as before) and a logistic regression over hashed word
   uni/bigrams (``emmentaler.slices.intent.lexical_buckets``), both out of fold: 5 folds grouped
   by near-duplicate clusters and by synthetic topic (a topic's harmful requests and benign
   twins share a fold). Borderline benign prompts weigh ``BORDERLINE_WEIGHT`` in training.
2. Stacker: a logistic regression on [MLP logit, lexical logit], fitted on the out-of-fold
   logits with balanced classes; it doubles as the calibration (0.5 = even odds were harmful
   and benign prompts equally common).
3. Leave-one-source-out: for each harmful source, both models are retrained without it and
   its recall is measured at the chosen thresholds (our proxy for unseen data).
4. Thresholds from the out-of-fold scores of ordinary benign train prompts only: block at
   <= 0.5 % flagged, flag band from <= 2 %; the borderline-benign rates are reported.

Not shipped (see MODEL_CARD.md, session 3): the head goes to models-build/intent_stacked.npz and
every figure to models-build/train_report.json under "intent_stacked".
"""

from __future__ import annotations

import os
from types import ModuleType

import numpy as np
from heads_data import Example, intent_extras
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedGroupKFold
from threadpoolctl import threadpool_limits

from emmentaler.slices._taxonomy import CATEGORIES
from emmentaler.slices.intent import LEX_BUCKETS, lexical_buckets

SEED = 0
MLP_C = 10.0
LEX_C = 4.0
FOLDS = 5
USE_LEXICAL = True
"""Stack the lexical model with the MLP (False: the MLP alone, Platt-calibrated)."""
BORDERLINE_WEIGHT = 3.0
"""Training weight of borderline benign prompts (benign twins must rank below real requests)."""
BLOCK_BUDGET = 0.005
FLAG_BUDGET = 0.02
ORDINARY = (
    "gpteacher",
    "mbpp",
    "mgsm",
    "nq_open",
    "self_instruct",
    "xquad",
    "humaneval",
    "gsm8k",
    "awesome_chatgpt_prompts",
    "mt_bench_101",
    "sgd_dialogues",
    "host_code",
    "host_email",
    "host_text",
)
"""Ordinary benign prompts: the block and flag budgets are set on these."""
BORDERLINE = ("cyberseceval_frr", "synth_benign", "synth_intent", "wildguard_benign")
"""Borderline benign prompts (security questions, sensitive topics, our benign twins)."""
HELD_OUT = {
    "advbench": ("advbench",),
    "strongreject": ("strongreject",),
    "forbidden_questions": ("forbidden_questions",),
    "cyberseceval": ("cyberseceval",),
    "written": ("synth_harmful", "synth_intent"),
}
"""Leave-one-source-out folds: harmful sources (ours grouped as "written")."""
REPORT_POINTS = (0.3, 0.5, 0.7)


def source(example: Example) -> str:
    """Reporting source: CyberSecEval's benign half is its own (borderline) source."""
    if example.source == "cyberseceval" and example.intent == 0:
        return "cyberseceval_frr"
    return example.source


def lexical_matrix(texts: list[str]) -> csr_matrix:
    """L2-normalised binary hashed features, one row per text (as the runtime computes them)."""
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, text in enumerate(texts):
        buckets = lexical_buckets(text)
        rows.extend([i] * len(buckets))
        cols.extend(buckets.tolist())
        vals.extend([1.0 / np.sqrt(max(len(buckets), 1))] * len(buckets))
    return csr_matrix((vals, (rows, cols)), shape=(len(texts), LEX_BUCKETS), dtype=np.float64)


def fit_lexical(x: csr_matrix, y: np.ndarray, w: np.ndarray) -> LogisticRegression:
    """Logistic regression on hashed features, classes balanced by sample weight."""
    balance = np.where(y == 1, 0.5 / w[y == 1].sum(), 0.5 / w[y == 0].sum())
    weights = w * balance
    model = LogisticRegression(C=LEX_C, solver="liblinear", max_iter=3000, random_state=SEED)
    model.fit(x, y, sample_weight=weights / weights.mean())
    return model


def _mlp_logits(th: ModuleType, blocks, y, w, train, test) -> np.ndarray:
    x, yy, ww, _ = th.expand([blocks[i] for i in train], y[train], w[train])
    model = th.fit_lr(x, yy, ww, MLP_C)
    xt, _, _, owner = th.expand([blocks[i] for i in test], y[test], w[test])
    return th.text_logits(model, xt, owner, len(test))


def threshold_at(scores: np.ndarray, budget: float) -> float:
    """Smallest threshold on a 0.01 grid flagging at most ``budget`` of ``scores``."""
    for t in np.round(np.arange(0.01, 0.991, 0.01), 2):
        if (scores >= t).mean() <= budget:
            return float(t)
    return 0.99


def _rate(mask: np.ndarray) -> dict[str, float]:
    return {"n": int(mask.size), "rate": round(float(mask.mean()), 4) if mask.size else 0.0}


def train_intent(
    examples: list[Example], blocks: list[np.ndarray], report: dict, th: ModuleType
) -> None:
    """Fit, evaluate and save ``models-build/intent_stacked.npz``; figures into the report."""
    idx = [i for i, e in enumerate(examples) if e.intent is not None]
    rows = [examples[i] for i in idx]
    b = [blocks[i] for i in idx]
    extras = intent_extras()
    extra_blocks = th.EMB.windows([e.text for e in extras])
    dev = th.first_rows(th.EMB.windows(th.dev_texts()))
    near_dev = th.near_dup_mask(th.first_rows(extra_blocks), dev)
    rows += [e for e, d in zip(extras, near_dev, strict=True) if not d]
    b += [blk for blk, d in zip(extra_blocks, near_dev, strict=True) if not d]
    y = np.array([e.intent for e in rows])
    src = np.array([source(e) for e in rows])
    w = np.array([e.weight for e in rows], dtype=float)
    w[np.isin(src, BORDERLINE) & (y == 0)] *= BORDERLINE_WEIGHT
    keys = [str(e.extra["topic"]) if "topic" in e.extra else None for e in rows]
    groups = th.dup_groups(th.first_rows(b), keys)
    texts = [e.text for e in rows]
    lex = lexical_matrix(texts)

    om, ol = np.zeros(len(y)), np.zeros(len(y))
    splitter = StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED)
    for train, test in splitter.split(np.zeros(len(y)), y, groups):
        om[test] = _mlp_logits(th, b, y, w, train, test)
        if USE_LEXICAL:
            ol[test] = fit_lexical(lex[train], y[train], w[train]).decision_function(lex[test])
        print(f"  intent fold done ({len(test)} held out)", flush=True)
    stacker = LogisticRegression(C=1e4, max_iter=1000, class_weight="balanced")
    stacker.fit(np.c_[om, ol] if USE_LEXICAL else om[:, None], y)
    a, lw = (
        (float(v) for v in stacker.coef_[0]) if USE_LEXICAL else (float(stacker.coef_[0, 0]), 0.0)
    )
    bb = float(stacker.intercept_[0])
    p = th.sigmoid(a * om + lw * ol + bb)
    ordinary = np.isin(src, ORDINARY) & (y == 0)
    borderline = np.isin(src, BORDERLINE) & (y == 0)
    block = threshold_at(p[ordinary], BLOCK_BUDGET)
    flag = threshold_at(p[ordinary], FLAG_BUDGET)
    points = {"block": block, "flag": flag, **{str(t): t for t in REPORT_POINTS}}

    def table(scores: np.ndarray) -> dict[str, dict[str, object]]:
        out: dict[str, dict[str, object]] = {}
        for name, t in points.items():
            row: dict[str, object] = {"threshold": t}
            row["harmful_caught"] = _rate(scores[y == 1] >= t)
            row["ordinary_benign_flagged"] = _rate(scores[ordinary] >= t)
            row["borderline_benign_flagged"] = _rate(scores[borderline] >= t)
            for s in sorted(set(src)):
                for label in (0, 1):
                    m = (src == s) & (y == label)
                    if m.any():
                        row[f"{s}{'' if label else ' (benign)'}"] = _rate(scores[m] >= t)
            out[name] = row
        return out

    lofo: dict[str, object] = {}
    if os.environ.get("SKIP_LOFO") != "1":
        lofo = _leave_one_source_out(th, b, y, w, src, lex, (a, lw, bb), (block, flag), p)
    report["intent_stacked"] = {
        "n": len(y),
        "n_harmful": int(y.sum()),
        "stacker": {"mlp_weight": a, "lexical_weight": lw, "bias": bb},
        "threshold_block_ordinary_0.5pct": block,
        "threshold_flag_ordinary_2pct": flag,
        "oof": table(p),
        "leave_one_source_out": lofo or "not rerun (SKIP_LOFO=1)",
    }
    # Final models on every row.
    x, yy, ww, _ = th.expand(b, y, w)
    model = th.fit_lr(x, yy, ww, MLP_C)
    stacked: dict[str, np.ndarray] = {}
    if USE_LEXICAL:
        lexical = fit_lexical(lex, y, w)
        stacked = {
            "lex_coef": lexical.coef_[0].astype(np.float32),
            "lex_intercept": np.float32(lexical.intercept_[0]),
            "lex_weight": np.float32(lw),
        }
    # Category layer: every harmful-ish prompt with a known hazard.
    cat_rows = [i for i, e in enumerate(rows) if e.category in CATEGORIES]
    for i, e in enumerate(examples):
        if e.intent is None and e.category in CATEGORIES:  # advice-only rows
            cat_rows.append(-1 - i)
    names = [c for c in CATEGORIES if any(_category(rows, examples, i) == c for i in cat_rows)]
    xc = np.stack([_first(b, blocks, i) for i in cat_rows])
    yc = np.array([names.index(_category(rows, examples, i)) for i in cat_rows])
    cat = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced", random_state=SEED)
    with threadpool_limits(1):  # deterministic lbfgs sums (see train_heads.train_intent)
        cat.fit(xc, yc)
    report["intent_stacked"]["category_counts"] = {
        c: int((yc == k).sum()) for k, c in enumerate(names)
    }
    # Not shipped (see MODEL_CARD.md, session 3): written next to the build report; copy it to
    # src/emmentaler/assets/heads/intent.npz and run manifest.py to try it in the stack.
    th.OUT = th.BUILD
    th.save_head(
        "intent_stacked",
        model,
        a,
        bb,
        block,
        categories=np.array(names),
        cat_coef=cat.coef_.astype(np.float32),
        cat_intercept=cat.intercept_.astype(np.float32),
        flag_threshold=np.float32(flag),
        **stacked,
    )


def _leave_one_source_out(
    th: ModuleType,
    b: list[np.ndarray],
    y: np.ndarray,
    w: np.ndarray,
    src: np.ndarray,
    lex: csr_matrix,
    stack: tuple[float, float, float],
    thresholds: tuple[float, float],
    p: np.ndarray,
) -> dict[str, object]:
    """Recall on each harmful source when both models are trained without it."""
    a, lw, bb = stack
    block, flag = thresholds
    lofo: dict[str, object] = {}
    for name, members in HELD_OUT.items():
        test = np.nonzero(np.isin(src, members) & (y == 1))[0]
        train = np.nonzero(~(np.isin(src, members) & (y == 1)))[0]
        zm = _mlp_logits(th, b, y, w, train, test)
        zl = np.zeros(len(test))
        if USE_LEXICAL:
            zl = fit_lexical(lex[train], y[train], w[train]).decision_function(lex[test])
        pt = th.sigmoid(a * zm + lw * zl + bb)
        lofo[name] = {
            "n": len(test),
            "caught_at_block": round(float((pt >= block).mean()), 4),
            "caught_at_flag": round(float((pt >= flag).mean()), 4),
            "caught_at_0.5": round(float((pt >= 0.5).mean()), 4),
            "oof_caught_at_block": round(float((p[test] >= block).mean()), 4),
            "mean_mlp_logit": round(float(zm.mean()), 3),
            "mean_lexical_logit": round(float(zl.mean()), 3),
        }
        print(f"  intent leave-one-source-out {name}: {lofo[name]}", flush=True)
    return lofo


def _category(rows: list[Example], examples: list[Example], i: int) -> str | None:
    return rows[i].category if i >= 0 else examples[-1 - i].category


def _first(b: list[np.ndarray], blocks: list[np.ndarray], i: int) -> np.ndarray:
    return b[i][0] if i >= 0 else blocks[-1 - i][0]
