"""Train the intent, jailbreak and response heads; export them as numpy .npz assets.

Run by scripts/models/build.py (`make models`) inside `.venv-models`. Uses the shipped int8
encoder (so the heads see exactly the embeddings the runtime computes), scikit-learn logistic
regression, Platt scaling on out-of-fold scores, and fixed seeds. Writes
src/emmentaler/assets/heads/{intent,jailbreak,response}.npz and a CV report to
models-build/train_report.json (every figure in MODEL_CARD.md "train CV" comes from it).

Cross-validation folds are grouped so that near-duplicates (cosine > 0.95) never straddle a
train/validation split, and training rows that are near-duplicates of any dev text are dropped.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
from heads_data import (  # noqa: E402
    DEV_PROMPTS,
    ROOT,
    Example,
    injections,
    intent_extras,
    jailbreaks,
    prompts,
    read,
)
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedGroupKFold  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from emmentaler.embedding import get_encoder  # noqa: E402
from emmentaler.slices._deframe import requests  # noqa: E402
from emmentaler.slices._taxonomy import CATEGORIES  # noqa: E402

OUT = ROOT / "src" / "emmentaler" / "assets" / "heads"
BUILD = ROOT / "models-build"
SEED = 0
DUP_COSINE = 0.95
HIDDEN = 256
JB_C = 4.0
JB_MAX_ITER = 60
REPORT_POINTS = (0.1, 0.2, 0.36, 0.5, 0.6, 0.7, 0.8)
"""Jailbreak thresholds at which the train report gives benign and attack rates."""
WINDOW = {"window": 128, "stride": 112, "max_windows": 8}


class Embeddings:
    """Window embeddings of texts, cached on disk by text hash (models-build/, not shipped)."""

    def __init__(self) -> None:
        self.path = BUILD / "embeddings.npz"
        self.cache: dict[str, np.ndarray] = {}
        if self.path.exists():
            with np.load(self.path) as data:
                self.cache = {key: data[key] for key in data.files}
        self.encoder = get_encoder()

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()

    def windows(self, texts: list[str]) -> list[np.ndarray]:
        missing = sorted({t for t in texts if self.key(t) not in self.cache})
        for begin in range(0, len(missing), 256):
            chunk = missing[begin : begin + 256]
            for text, block in zip(chunk, self.encoder.embed_windows(chunk, **WINDOW), strict=True):
                self.cache[self.key(text)] = block
            print(f"  embedded {min(begin + 256, len(missing))}/{len(missing)}", flush=True)
        return [self.cache[self.key(t)] for t in texts]

    def save(self) -> None:
        """Write the cache (to a temporary file first: studies running side by side share it)."""
        BUILD.mkdir(exist_ok=True)
        partial = self.path.with_name(f"{self.path.stem}.{os.getpid()}.partial.npz")
        np.savez(partial, **self.cache)
        os.replace(partial, self.path)


def first_rows(blocks: list[np.ndarray]) -> np.ndarray:
    return np.stack([block[0] for block in blocks])


def dev_texts() -> list[str]:
    return [str(row["text"]) for name in DEV_PROMPTS for row in read(name)]


def near_dup_mask(train: np.ndarray, other: np.ndarray) -> np.ndarray:
    """True for rows of ``train`` with a cosine > DUP_COSINE to any row of ``other``."""
    hit = np.zeros(len(train), dtype=bool)
    for begin in range(0, len(train), 2048):
        sims = train[begin : begin + 2048] @ other.T
        hit[begin : begin + 2048] = (sims > DUP_COSINE).any(axis=1)
    return hit


def dup_groups(vectors: np.ndarray, keys: list[str | None] | None = None) -> np.ndarray:
    """Connected components of the cosine > DUP_COSINE graph: CV groups.

    Rows that share a non-empty ``keys`` entry (a synthetic topic) are joined as well.
    """
    parent = np.arange(len(vectors))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = int(parent[i])
        return i

    first_of: dict[str, int] = {}
    for i, key in enumerate(keys or ()):
        if key is not None:
            j = first_of.setdefault(key, i)
            a, b = find(i), find(j)
            if a != b:
                parent[max(a, b)] = min(a, b)

    for begin in range(0, len(vectors), 2048):
        sims = vectors[begin : begin + 2048] @ vectors.T
        rows, cols = np.nonzero(sims > DUP_COSINE)
        for r, c in zip(rows + begin, cols, strict=True):
            if r < c:
                a, b = find(int(r)), find(int(c))
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return np.array([find(i) for i in range(len(vectors))])


def expand(
    blocks: list[np.ndarray],
    labels: np.ndarray,
    weights: np.ndarray,
    extra: np.ndarray | None = None,
):
    """One training row per window; each text's windows share its weight."""
    rows, ys, ws, owner = [], [], [], []
    for i, block in enumerate(blocks):
        feats = (
            block
            if extra is None
            else np.hstack([block, np.repeat(extra[i : i + 1], len(block), 0)])
        )
        rows.append(feats)
        ys.extend([labels[i]] * len(block))
        ws.extend([weights[i] / len(block)] * len(block))
        owner.extend([i] * len(block))
    return np.vstack(rows), np.array(ys), np.array(ws), np.array(owner)


class Model:
    """A one-hidden-layer MLP (ReLU) with balanced class weights; `decision_function` = logit."""

    def __init__(self, c: float, max_iter: int = 200) -> None:
        from sklearn.neural_network import MLPClassifier

        self.mlp = MLPClassifier(
            (HIDDEN,),
            alpha=1.0 / (c * 100),
            max_iter=max_iter,
            early_stopping=True,
            random_state=SEED,
            n_iter_no_change=8,
        )

    def fit(self, x: np.ndarray, y: np.ndarray, w: np.ndarray) -> Model:
        balance = np.where(
            y == 1, 0.5 / max((w * (y == 1)).sum(), 1e-9), 0.5 / max((w * (y == 0)).sum(), 1e-9)
        )
        weights = w * balance
        self.mlp.fit(x, y, sample_weight=weights / weights.mean())
        return self

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        hidden = np.maximum(x @ self.mlp.coefs_[0] + self.mlp.intercepts_[0], 0.0)
        return (hidden @ self.mlp.coefs_[1] + self.mlp.intercepts_[1])[:, 0]

    def arrays(self) -> dict[str, np.ndarray]:
        return {
            "hidden_w": self.mlp.coefs_[0].astype(np.float32),
            "hidden_b": self.mlp.intercepts_[0].astype(np.float32),
            "coef": self.mlp.coefs_[1][:, 0].astype(np.float32),
            "intercept": np.float32(self.mlp.intercepts_[1][0]),
        }


def fit_lr(x: np.ndarray, y: np.ndarray, w: np.ndarray, c: float) -> Model:
    # The jailbreak head trains on ~35k windows: fewer epochs keep `make models` short.
    return Model(c, max_iter=JB_MAX_ITER if c == JB_C else 200).fit(x, y, w)


def text_logits(model: Model, x: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """Max window logit per text."""
    logits = model.decision_function(x)
    out = np.full(n, -np.inf)
    np.maximum.at(out, owner, logits)
    return out


def oof_logits(blocks, y, w, groups, c, extra=None, folds=5, train_blocks=None) -> np.ndarray:
    """Out-of-fold max-window logits per text, folds grouped by near-duplicate clusters.

    ``train_blocks`` (default ``blocks``) are the windows the folds train on.
    """
    fit_blocks = blocks if train_blocks is None else train_blocks
    n = len(blocks)
    out = np.zeros(n)
    splitter = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=SEED)
    for train_idx, test_idx in splitter.split(np.zeros(n), y, groups):
        x, yy, ww, _ = expand(
            [fit_blocks[i] for i in train_idx],
            y[train_idx],
            w[train_idx],
            None if extra is None else extra[train_idx],
        )
        model = fit_lr(x, yy, ww, c)
        xt, _, _, owner = expand(
            [blocks[i] for i in test_idx],
            y[test_idx],
            w[test_idx],
            None if extra is None else extra[test_idx],
        )
        out[test_idx] = text_logits(model, xt, owner, len(test_idx))
    return out


def platt(logits: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    model = LogisticRegression(C=1e4, max_iter=1000)
    model.fit(logits.reshape(-1, 1), y)
    return float(model.coef_[0, 0]), float(model.intercept_[0])


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -40, 40)))


def threshold_for_fpr(scores: np.ndarray, fpr: float) -> float:
    """Smallest threshold in [0.05, 0.95] whose false-positive rate is at most ``fpr``."""
    for t in np.round(np.arange(0.05, 0.951, 0.01), 2):
        if (scores >= t).mean() <= fpr:
            return float(t)
    return 0.95


def save_head(
    name: str, model: Model | Merged, a: float, b: float, threshold: float, **extra
) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    arrays = {
        **model.arrays(),
        "platt_a": np.float32(a),
        "platt_b": np.float32(b),
        "threshold": np.float32(threshold),
        **extra,
    }
    # np.savez writes zip entries with a fixed timestamp: byte-identical across rebuilds.
    np.savez_compressed(OUT / f"{name}.npz", **arrays)


def rate(mask: np.ndarray) -> dict[str, float]:
    return {"n": int(mask.size), "rate": round(float(mask.mean()), 4) if mask.size else 0.0}


def intent_rows(
    examples: list[Example], blocks: list[np.ndarray], dev: np.ndarray, *, written: bool = True
) -> tuple[list[Example], list[np.ndarray], np.ndarray, list[np.ndarray]]:
    """The intent head's rows, window blocks to score, cross-validation groups, blocks to train.

    Every example with an intent label, plus the harmful requests and benign twins written
    for this project (``synth_intent.py``, intent head only), less those near-duplicate to a
    dev text (``dev``: the dev texts' first-window vectors). Groups join near-duplicates and
    each written topic (its requests and twins), so out-of-fold rows are topics the head has
    not seen. ``written=False`` gives the session-3 rows (no written texts), for comparison.
    The scored and trained blocks differ only by request-sentence windows (:data:`DEFRAME`).
    """
    rows = [e for e in examples if e.intent is not None]
    b = [blk for e, blk in zip(examples, blocks, strict=True) if e.intent is not None]
    if written:
        extras = intent_extras()
        extra_blocks = EMB.windows([e.text for e in extras])
        near = near_dup_mask(first_rows(extra_blocks), dev)
        rows += [e for e, d in zip(extras, near, strict=True) if not d]
        b += [blk for blk, d in zip(extra_blocks, near, strict=True) if not d]
    keys = [str(e.extra["topic"]) if "topic" in e.extra else None for e in rows]
    groups = dup_groups(first_rows(b), keys)
    if DEFRAME == "off":
        scored, trained = b, b
    else:
        scored = with_requests(rows, b)
        if DEFRAME == "all":
            trained = scored
        elif DEFRAME == "score":
            trained = b
        else:
            trained = [s if e.intent == 0 else k for e, s, k in zip(rows, scored, b, strict=True)]
    if WRAP == "on":
        trained = with_wrapped(rows, trained)
    return rows, scored, groups, trained


DEFRAME = os.environ.get("INTENT_DEFRAME", "off")
"""How the intent recipe treats the request sentences of framed prompts (``slices/_deframe.py``),
which the policy's ``intent-framed`` rules score alone: ``off`` (shipped) ignores them, so the head
is the session-5 one; ``score`` scores them as extra windows of their text (the held-out study of
the ``intent-framed`` thresholds, ``intent_request_thresholds.py``); ``benign`` also trains on
those of benign texts; ``all`` on every text's. Session 6 measured ``benign`` and ``all`` in the
held-out study: both raised the block threshold to 0.54-0.58 and lost 5-7 points of held-out
harmful recall (MODEL_CARD.md), so the shipped head does not train on them."""


def with_requests(rows: list[Example], blocks: list[np.ndarray]) -> list[np.ndarray]:
    """Each row's windows, plus one window per request sentence of a framed prompt.

    The slice keeps the best of the text's windows and its request sentences; out-of-fold
    and held-out scoring take the same maximum over these blocks.
    """
    subs = [[s.text for s in requests(e.text)] for e in rows]
    flat = EMB.windows([t for ts in subs for t in ts])
    out, k = [], 0
    for block, ts in zip(blocks, subs, strict=True):
        extra = [flat[k + j][:1] for j in range(len(ts))]
        k += len(ts)
        out.append(np.vstack([block, *extra]) if extra else block)
    print(f"  request sentences: {k} from {sum(1 for ts in subs if ts)} framed texts", flush=True)
    return out


WRAP = os.environ.get("INTENT_WRAP", "off")
"""``on``: every single-window intent row also trains on one wrapped copy of itself, a format,
length, language or courtesy phrase put around it (``synth_wrappers.py``), as an extra window of
the same text; scoring is unchanged. ``ens``: the mean logit of the ``off`` and ``on`` MLPs, saved
as one MLP with both hidden layers side by side (:class:`Merged`). ``off`` is the session-5 head."""


class Merged:
    """The mean of two one-hidden-layer MLPs' logits, as one MLP twice as wide."""

    def __init__(self, first: Model, second: Model) -> None:
        self.parts = (first.arrays(), second.arrays())

    def arrays(self) -> dict[str, np.ndarray]:
        a, b = self.parts
        return {
            "hidden_w": np.hstack([a["hidden_w"], b["hidden_w"]]),
            "hidden_b": np.concatenate([a["hidden_b"], b["hidden_b"]]),
            "coef": np.concatenate([a["coef"], b["coef"]]) / np.float32(2),
            "intercept": np.float32((a["intercept"] + b["intercept"]) / 2),
        }


def with_wrapped(rows: list[Example], blocks: list[np.ndarray]) -> list[np.ndarray]:
    """Each row's windows, plus the window of its wrapped copy when the row is one window."""
    from synth_wrappers import wrapped

    pick = [i for i, blk in enumerate(blocks) if len(blk) == 1]
    flat = EMB.windows([wrapped(rows[i].text) for i in pick])
    out = list(blocks)
    for i, extra in zip(pick, flat, strict=True):
        out[i] = np.vstack([blocks[i], extra[:1]])
    print(f"  wrapped copies: {len(pick)} of {len(rows)} rows", flush=True)
    return out


WRITTEN_SOURCES = ("synth_intent", "synth_hazards", "synth_implicit")
"""Written harmful requests whose hazard category also trains the intent category layer."""


def train_intent(
    examples: list[Example], blocks: list[np.ndarray], dev: np.ndarray, report: dict
) -> None:
    rows, b, g, tb = intent_rows(examples, blocks, dev)
    y = np.array([e.intent for e in rows])
    w = np.ones(len(rows))
    tw = with_wrapped(rows, tb) if WRAP == "ens" else None
    best_c, best = 1.0, None
    for c in (10.0,):
        logits = oof_logits(b, y, w, g, c, train_blocks=tb)
        if tw is not None:
            logits = (logits + oof_logits(b, y, w, g, c, train_blocks=tw)) / 2
        a, bb = platt(logits, y)
        p = sigmoid(a * logits + bb)
        loss = float(-np.mean(y * np.log(p + 1e-9) + (1 - y) * np.log(1 - p + 1e-9)))
        print(f"  intent C={c} oof logloss {loss:.4f}")
        if best is None or loss < best[0]:
            best_c, best = c, (loss, logits, a, bb)
    assert best is not None
    _, logits, a, bb = best
    p = sigmoid(a * logits + bb)
    sources = np.array([e.source for e in rows])
    threshold = threshold_for_fpr(p[y == 0], 0.005)
    per_source = {s: rate(p[sources == s] >= 0.5) for s in sorted(set(sources))}
    report["intent"] = {
        "C": best_c,
        "platt": [a, bb],
        "threshold_fpr_0.5pct": threshold,
        "oof_at_0.5": {
            "harmful_caught": rate(p[y == 1] >= 0.5),
            "benign_flagged": rate(p[y == 0] >= 0.5),
        },
        "oof_flag_rate_by_source_at_0.5": per_source,
    }
    x, yy, ww, _ = expand(tb, y, w)
    plain = fit_lr(x, yy, ww, best_c)
    model: Model | Merged = plain
    if tw is not None:
        x, yy, ww, _ = expand(tw, y, w)
        model = Merged(plain, fit_lr(x, yy, ww, best_c))
    # Category layer: trained on every harmful-ish prompt of the public sets with a known
    # hazard, and on the harmful requests written for this project (synth_intent,
    # synth_hazards: the public sets have 39 weapons examples, the written ones 300).
    pairs = [(e.category, blk) for e, blk in zip(examples, blocks, strict=True)]
    pairs += [
        (e.category, blk)
        for e, blk in zip(rows, b, strict=True)
        if e.source in WRITTEN_SOURCES and e.intent == 1
    ]
    pairs = [(c, blk) for c, blk in pairs if c in CATEGORIES]
    cat_names = [c for c in CATEGORIES if any(c == name for name, _ in pairs)]
    xc = first_rows([blk for _, blk in pairs])
    yc = np.array([cat_names.index(name) for name, _ in pairs])
    cat = LogisticRegression(C=4.0, max_iter=3000, class_weight="balanced", random_state=SEED)
    # One BLAS thread: with several, lbfgs sums in a load-dependent order and the category
    # layer differed in the 5th digit between rebuilds (the MLP did not).
    with threadpool_limits(1):
        cat.fit(xc, yc)
    report["intent"]["category_counts"] = {c: int((yc == k).sum()) for k, c in enumerate(cat_names)}
    save_head(
        "intent",
        model,
        a,
        bb,
        0.5,
        categories=np.array(cat_names),
        cat_coef=cat.coef_.astype(np.float32),
        cat_intercept=cat.intercept_.astype(np.float32),
    )


def train_jailbreak(
    examples: list[Example], blocks: list[np.ndarray], groups: np.ndarray, report: dict
) -> None:
    idx = [i for i, e in enumerate(examples) if e.jailbreak is not None]
    b = [blocks[i] for i in idx]
    y = np.array([examples[i].jailbreak for i in idx])
    # Plain harmful requests are not jailbreaks, but they share topics with jailbreak prompts:
    # half weight keeps the head on the wrapper rather than the request.
    w = np.array([0.5 if examples[i].intent == 1 else 1.0 for i in idx])
    g = groups[idx]
    fam = np.array([examples[i].family or "" for i in idx])
    c = JB_C
    logits = oof_logits(b, y, w, g, c, folds=3)
    a, bb = platt(logits, y)
    p = sigmoid(a * logits + bb)
    benign = (y == 0) & np.array([examples[i].intent != 1 for i in idx])
    sources = np.array([examples[i].source for i in idx])
    # Injection screening runs on documents: the threshold must hold on train documents
    # (host_*: emails, code answers, paragraphs) as well as on benign prompts.
    documents = benign & np.char.startswith(sources.astype(str), "host_")
    threshold = max(
        threshold_for_fpr(p[benign & ~documents], 0.005), threshold_for_fpr(p[documents], 0.01)
    )
    intent = load_intent_runtime()
    folds = {}
    skip_lofo = os.environ.get("SKIP_LOFO") == "1"  # quick rebuild: keep the last LOFO figures
    for family in sorted(set(fam[y == 1])) if not skip_lofo else ():
        keep = ~((fam == family) & (y == 1))
        x, yy, ww, _ = expand([b[i] for i in np.nonzero(keep)[0]], y[keep], w[keep])
        model = fit_lr(x, yy, ww, c)
        test = np.nonzero((fam == family) & (y == 1))[0]
        # Test on the attack as published (GCG/DSN keep their JBB goal: never trained on).
        originals = [
            str(examples[idx[i]].extra.get("original", examples[idx[i]].text)) for i in test
        ]
        tb = EMB.windows(originals)
        xt, _, _, owner = expand(tb, y[test], w[test])
        pt = sigmoid(a * text_logits(model, xt, owner, len(test)) + bb)
        pi = intent(tb, originals)
        folds[family] = {
            "n": len(test),
            "jailbreak_head_at_threshold": round(float((pt >= threshold).mean()), 4),
            "jailbreak_head_at_0.5": round(float((pt >= 0.5).mean()), 4),
            "intent_or_jailbreak_at_thresholds": round(
                float(((pt >= threshold) | (pi >= INTENT_T)).mean()), 4
            ),
        }
        print(f"  LOFO {family}: {folds[family]}", flush=True)
    report["jailbreak"] = {
        "C": c,
        "platt": [a, bb],
        "threshold_fpr_0.5pct": threshold,
        # The policy's operating points: block at the old head's train budget (0.25 % of
        # benign prompts), flag from 1 %; both also hold on train documents.
        "threshold_fpr_0.25pct_block": max(
            threshold_for_fpr(p[benign & ~documents], 0.0025), threshold_for_fpr(p[documents], 0.01)
        ),
        "threshold_fpr_1pct_flag_band": max(
            threshold_for_fpr(p[benign & ~documents], 0.01), threshold_for_fpr(p[documents], 0.01)
        ),
        "benign_flagged_at": {str(t): rate(p[benign & ~documents] >= t) for t in REPORT_POINTS},
        "attacks_caught_at": {str(t): rate(p[y == 1] >= t) for t in REPORT_POINTS},
        "oof_at_threshold": {
            "attacks_caught": rate(p[y == 1] >= threshold),
            "benign_flagged": rate(p[benign] >= threshold),
            "plain_harmful_flagged": rate(p[(y == 0) & ~benign] >= threshold),
        },
        "oof_flag_rate_by_source_at_threshold": {
            s: rate(p[sources == s] >= threshold) for s in sorted(set(sources))
        },
        "lofo": folds or "not rerun (SKIP_LOFO=1)",
        "documents_flagged_at_threshold": rate(p[documents] >= threshold),
    }
    x, yy, ww, _ = expand(b, y, w)
    save_head("jailbreak", fit_lr(x, yy, ww, c), a, bb, threshold)


INTENT_T = 0.5
EMB: Embeddings


def load_intent_runtime():
    """Score texts' windows with the intent head just written (numpy runtime, as shipped)."""
    from emmentaler.slices import _heads

    _heads._load.cache_clear()
    from emmentaler import assets

    assets.manifest.cache_clear()
    from manifest import write_manifest

    write_manifest()
    from emmentaler.slices.intent import lexical_buckets

    head = _heads.load_head("intent")

    def score(blocks: list[np.ndarray], texts: list[str]) -> np.ndarray:
        out = []
        for blk, text in zip(blocks, texts, strict=True):
            if head.stacked:
                lexical = head.lexical_logit(lexical_buckets(text))
                blk = np.hstack([blk, np.full((len(blk), 1), lexical)])
            out.append(float(head.proba(blk).max()))
        return np.array(out)

    return score


def training_examples(emb: Embeddings) -> tuple[list[Example], list[np.ndarray], np.ndarray, int]:
    """Every training text of the intent and jailbreak heads, near-duplicates of dev dropped.

    Returns the examples, their window blocks, the first-window vectors of the dev texts (for
    other near-duplicate checks) and how many training texts were dropped. The threshold
    studies (``intent_thresholds.py``, ``jailbreak_thresholds.py``) start from the same rows.
    """
    base = prompts()
    requests = [e.text for e in base if e.intent == 1 and e.source in ("advbench", "strongreject")]
    positives, hosts = injections()
    # Injected documents are the injection slice's job (train_injection.py, per segment): the
    # jailbreak head learning "an instruction inside a document" fired on real code answers
    # and e-mails. They stay in the list (same near-duplicate groups, so the intent head is
    # unchanged) but teach neither head; the clean hosts remain jailbreak negatives.
    for example in positives:
        example.jailbreak = None
    examples = base + jailbreaks(requests) + positives + hosts
    print(f"{len(examples)} training texts; embedding", flush=True)
    blocks = emb.windows([e.text for e in examples])
    dev = first_rows(emb.windows(dev_texts()))
    drop = near_dup_mask(first_rows(blocks), dev)
    print(f"  dropped {int(drop.sum())} training texts near-duplicate to dev", flush=True)
    examples = [e for e, d in zip(examples, drop, strict=True) if not d]
    blocks = [blk for blk, d in zip(blocks, drop, strict=True) if not d]
    return examples, blocks, dev, int(drop.sum())


def main() -> None:
    global EMB
    report: dict = {}
    emb = EMB = Embeddings()
    examples, blocks, dev, report["dropped_near_dev"] = training_examples(emb)
    emb.save()
    groups = dup_groups(first_rows(blocks))
    report["n_examples"] = len(examples)
    report["n_dup_groups"] = len(set(groups.tolist()))
    only = set(sys.argv[1:]) or {"intent", "jailbreak", "response"}
    if "intent" in only:
        if os.environ.get("INTENT_HEAD") == "stacked":
            # Experimental (not shipped): MLP + hashed lexical LR + written twins; see
            # heads_intent.py and MODEL_CARD.md (session 3) for why it is not the default.
            from heads_intent import train_intent as train_intent_stacked

            train_intent_stacked(examples, blocks, report, sys.modules[__name__])
        else:
            train_intent(examples, blocks, dev, report)
    if "jailbreak" in only:
        train_jailbreak(examples, blocks, groups, report)
    if "response" in only:
        from heads_responses import train_response

        train_response(emb, report, save_head, fit_lr)
    emb.save()
    BUILD.mkdir(exist_ok=True)
    path = BUILD / "train_report.json"
    previous = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    path.write_text(json.dumps({**previous, **report}, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
