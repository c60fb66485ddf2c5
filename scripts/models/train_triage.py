"""Train the triage model that lets benign prompts skip the embedding (train split only).

Positives are everything the embedding slices it gates (intent, jailbreak, memory) exist to
catch: harmful requests, jailbreak prompts (JailbreakBench artifacts with their JBB goals
swapped for train requests, our hand-written personas) and the memory seed's own attack strings
that the lists above lack (malicious BIPIA train attacks). Injected documents are the injection
slice's job, which triage does not gate. Negatives are the benign train prompts, conversation
user turns and host documents. The sets come from
``heads_data`` (read only), so the triage sees exactly what the heads were trained on;
training texts near-duplicate to a dev text (cosine > 0.95, the heads' rule) are dropped.

Two models (``emmentaler.triage``), both fitted per chunk (words) or window (tokens) with each
text's rows sharing its weight:

- words: a hashed logistic regression over word unigrams and bigrams;
- tokens: a logistic regression over the mean static MiniLM vector of a window's tokens (each
  vocabulary token embedded alone, ``[CLS] token [SEP]``, by the shipped int8 encoder). Only
  each token's projection onto the weights ships (one float32 per token).

Each model's gate is set on grouped out-of-fold scores (folds grouped by near-duplicate
clusters) so that at least ``1 - POSITIVE_BUDGET`` of the train positives reach it; a text
skips the encoder only when both models score it below their gates. The unseen-attack check
holds out one source or attack family at a time, retrains both models without it and reports
how many of its positives still pass each gate and the pair. Fixed seeds and one BLAS thread:
a rebuild gives the same bytes.

    .venv/bin/python scripts/models/train_triage.py       # ~5 min on one core

Writes assets/triage/triage.npz and models-build/triage_report.json.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")  # same sums in the same order: same bytes
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
from build_memory import wanted  # noqa: E402
from heads_data import (  # noqa: E402
    Example,
    bipia_train_attacks,
    injections,
    jailbreaks,
    prompts,
)
from scipy import sparse  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedGroupKFold  # noqa: E402
from train_heads import (  # noqa: E402
    BUILD,
    ROOT,
    Embeddings,
    dev_texts,
    dup_groups,
    first_rows,
    near_dup_mask,
)

from emmentaler import _npz  # noqa: E402
from emmentaler.assets import asset_path, sha256_file  # noqa: E402
from emmentaler.embedding import (  # noqa: E402
    CLS_ID,
    MODEL,
    SEP_ID,
    TOKENIZER,
    get_encoder,
    load_tokenizer,
)
from emmentaler.triage import (  # noqa: E402
    ASSET,
    BUCKETS,
    MiniLMTokens,
    chunk_features,
    chunks,
    hashed,
    token_windows,
)

SEED = 0
C = 1.0
TOKEN_C = 1.0
POSITIVE_BUDGET = 0.005
"""At most this share of the train positives (out of fold) may score below the word gate."""
TOKEN_BUDGET = 0.005
"""The same for the token gate (raise it to trade unseen-attack recall for speed)."""
BUDGET_CURVE = (0.005, 0.01, 0.02, 0.05, 0.1)
"""Token budgets reported (gate, skip rates, held-out pass) for choosing ``TOKEN_BUDGET``."""
SKIPPED_NEGATIVE_WEIGHT = 3.0
"""Weight, in the token model's fit, of a negative the word model already skips (out of fold).

A text goes to the encoder when either model passes it, so the token model costs speed only on
the negatives the word model skips; weighting them up buys about 3 points of skip rate at the
same held-out pass rates (27 % of the train negatives are such texts)."""
FOLDS = 5
OUT = ROOT / "src" / "emmentaler" / "assets" / ASSET


def examples() -> tuple[list[str], np.ndarray, list[str]]:
    """(texts, labels, family) of every train text, positives first named by family."""
    base = prompts()
    requests = [e.text for e in base if e.intent == 1 and e.source in ("advbench", "strongreject")]
    _, hosts = injections()
    rows: list[tuple[str, int, str]] = []

    def add(example: Example, label: int, family: str) -> None:
        rows.append((example.text, label, family))

    for e in base:
        if e.intent == 1:
            add(e, 1, e.source)
        elif e.intent == 0 and e.jailbreak != 1:
            add(e, 0, e.source)
        # intent None: advice-only categories, neither harm nor a plain benign example
    for e in jailbreaks(requests):
        add(e, 1, e.family or e.source)
    # Injected documents are not positives: no embedding slice that triage gates is trained on
    # them (the jailbreak head left them to the injection slice, which triage does not gate),
    # and their payloads include ordinary questions ("What is the capital of Brazil?") that
    # would send every such prompt to the encoder. Their clean hosts stay negatives.
    for e in hosts:
        add(e, 0, e.source)
    seen = {text for text, _, _ in rows}
    for row in bipia_train_attacks():
        text = str(row["text"])
        if wanted("bipia/attacks.jsonl", row) and text not in seen:
            seen.add(text)
            rows.append((text, 1, "bipia_attack"))
    texts = [t for t, _, _ in rows]
    return texts, np.array([y for _, y, _ in rows]), [f for _, _, f in rows]


def design(texts: list[str]) -> tuple[sparse.csr_matrix, np.ndarray]:
    """Word model: one binary row per chunk; ``owner`` maps each row to its text."""
    indices: list[np.ndarray] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        for chunk in chunks(text):
            indices.append(hashed(chunk_features(chunk)))
            owner.append(i)
    indptr = np.concatenate([[0], np.cumsum([len(ix) for ix in indices])])
    data = np.ones(int(indptr[-1]), dtype=np.float32)
    matrix = sparse.csr_matrix(
        (data, np.concatenate(indices), indptr), shape=(len(indices), BUCKETS)
    )
    return matrix, np.asarray(owner)


def token_table(vocab_size: int) -> np.ndarray:
    """Static MiniLM vector of every vocabulary token (``[CLS] t [SEP]``), cached per model."""
    model = asset_path(MODEL)
    cache = BUILD / f"triage_token_table-{sha256_file(model)[:16]}.npy"
    if cache.exists():
        cached: np.ndarray = np.load(cache, allow_pickle=False)
        if cached.shape[0] == vocab_size:
            return cached
    encoder = get_encoder()
    table = np.empty((vocab_size, encoder.dim), dtype=np.float32)
    for start in range(0, vocab_size, 1024):
        ids = range(start, min(vocab_size, start + 1024))
        table[start : start + len(ids)] = encoder._run([[CLS_ID, t, SEP_ID] for t in ids])
    BUILD.mkdir(exist_ok=True)
    np.save(cache, table, allow_pickle=False)
    return table


def token_design(texts: list[str], table: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Token model: one mean token vector per window; ``owner`` maps each row to its text."""
    tokenize = MiniLMTokens(load_tokenizer(asset_path(TOKENIZER)))
    rows: list[np.ndarray] = []
    owner: list[int] = []
    for i, text in enumerate(texts):
        ids = tokenize(text)
        if len(ids) == 0:
            rows.append(np.zeros(table.shape[1], dtype=np.float64))
            owner.append(i)
            continue
        for start, end in token_windows(len(ids)):
            rows.append(table[ids[start:end]].astype(np.float64).mean(axis=0))
            owner.append(i)
    return np.stack(rows), np.asarray(owner)


def balanced(y: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Row weights giving both classes the same total, with mean 1."""
    weights = w * np.where(y == 1, 0.5 / w[y == 1].sum(), 0.5 / w[y == 0].sum())
    out: np.ndarray = weights / weights.mean()
    return out


def fit(x: sparse.csr_matrix, y: np.ndarray, w: np.ndarray) -> LogisticRegression:
    """The word model on the rows given."""
    model = LogisticRegression(C=C, solver="liblinear", max_iter=500, random_state=SEED)
    model.fit(x, y, sample_weight=balanced(y, w))
    return model


class TokenFit:
    """The token model: standardised for fitting, folded back to raw mean vectors."""

    def __init__(self, x: np.ndarray, y: np.ndarray, w: np.ndarray) -> None:
        mu, sd = x.mean(axis=0), x.std(axis=0) + 1e-6
        model = LogisticRegression(C=TOKEN_C, solver="lbfgs", max_iter=2000, random_state=SEED)
        model.fit((x - mu) / sd, y, sample_weight=balanced(y, w))
        self.coef: np.ndarray = model.coef_[0] / sd
        self.bias = float(model.intercept_[0] - mu @ self.coef)

    def decision_function(self, x: np.ndarray) -> np.ndarray:
        out: np.ndarray = x @ self.coef + self.bias
        return out


def text_logits(model: Any, x: Any, owner: np.ndarray) -> np.ndarray:
    """Highest row logit per text (texts numbered by ``owner``)."""
    logits = model.decision_function(x)
    out = np.full(int(owner.max()) + 1, -np.inf)
    np.maximum.at(out, owner, logits)
    return out


def rows_of(owner: np.ndarray, texts: np.ndarray) -> np.ndarray:
    return np.isin(owner, texts)


def logits_for(
    fitter: Callable[[Any, np.ndarray, np.ndarray], Any],
    x: Any,
    owner: np.ndarray,
    y: np.ndarray,
    train: np.ndarray,
    test: np.ndarray,
    weight: np.ndarray | None = None,
) -> np.ndarray:
    """Fit on the texts ``train`` (indices), return the text logits of the texts ``test``.

    Each text weighs ``weight`` (default 1), shared by its rows.
    """
    w_text = np.ones(len(y)) if weight is None else weight
    w_rows = (w_text / np.bincount(owner, minlength=len(y)))[owner]
    tr, te = rows_of(owner, train), rows_of(owner, test)
    model = fitter(x[tr], y[owner][tr], w_rows[tr])
    remap = np.full(len(y), -1)
    remap[test] = np.arange(len(test))
    return text_logits(model, x[te], remap[owner[te]])


def gate_at_budget(logits: np.ndarray, budget: float) -> float:
    """Highest gate (probability, rounded down to 0.001) passing ``1 - budget`` of ``logits``."""
    scores = np.sort(1.0 / (1.0 + np.exp(-np.clip(logits, -40, 40))))
    gate = float(scores[int(np.floor(budget * len(scores)))])
    return float(np.floor(gate * 1000) / 1000)  # rounded down: never fewer positives pass


def passes(logits: np.ndarray, gate: float) -> np.ndarray:
    out: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(logits, -40, 40))) >= gate
    return out


def share(mask: np.ndarray) -> float:
    return round(float(mask.mean()), 4)


def main() -> None:
    texts, y, family = examples()
    fam = np.array(family)
    print(f"{len(texts)} texts ({int(y.sum())} positive); embedding for near-duplicates")
    emb = Embeddings()  # the heads' on-disk cache: only missing texts are embedded
    firsts = first_rows(emb.windows(texts))
    drop = near_dup_mask(firsts, first_rows(emb.windows(dev_texts())))
    keep = np.flatnonzero(~drop)
    texts = [texts[i] for i in keep]
    y, fam, firsts = y[keep], fam[keep], firsts[keep]
    groups = dup_groups(firsts)
    print(f"  dropped {int(drop.sum())} near-duplicates of dev; {len(texts)} texts remain")
    vocab = MiniLMTokens(load_tokenizer(asset_path(TOKENIZER))).vocab_size
    table = token_table(vocab)
    print(f"  token table {table.shape}", flush=True)
    views: dict[str, tuple[Callable[[Any, np.ndarray, np.ndarray], Any], Any, np.ndarray]] = {
        "words": (fit, *design(texts)),
        "tokens": (TokenFit, *token_design(texts, table)),
    }

    everything = np.arange(len(texts))
    splits = list(
        StratifiedGroupKFold(n_splits=FOLDS, shuffle=True, random_state=SEED).split(
            np.zeros(len(texts)), y, groups
        )
    )
    weights: dict[str, np.ndarray] = {"words": np.ones(len(texts))}
    oof = {name: np.zeros(len(texts)) for name in views}
    gates: dict[str, float] = {}
    for name, (fitter, x, owner) in views.items():  # words first: its skips weigh the tokens
        for train_idx, test_idx in splits:
            oof[name][test_idx] = logits_for(
                fitter, x, owner, y, train_idx, test_idx, weights[name]
            )
        gates[name] = gate_at_budget(
            oof[name][y == 1], POSITIVE_BUDGET if name == "words" else TOKEN_BUDGET
        )
        if name == "words":
            skipped = (y == 0) & ~passes(oof[name], gates[name])
            weights["tokens"] = np.where(skipped, SKIPPED_NEGATIVE_WEIGHT, 1.0)
    passed = {name: passes(oof[name], gates[name]) for name in views}
    passed["both"] = passed["words"] | passed["tokens"]
    curve = {b: gate_at_budget(oof["tokens"][y == 1], b) for b in BUDGET_CURVE}
    report: dict[str, Any] = {
        "n_texts": len(texts),
        "n_positive": int(y.sum()),
        "dropped_near_dev": int(drop.sum()),
        "positive_budget": {"words": POSITIVE_BUDGET, "tokens": TOKEN_BUDGET},
        "gates": gates,
        "oof_positives_pass": {k: share(v[y == 1]) for k, v in passed.items()},
        "oof_negatives_skip": {k: share(~v[y == 0]) for k, v in passed.items()},
        "token_budget_curve": {
            str(b): {
                "token_gate": g,
                "tokens_negatives_skip": share(~passes(oof["tokens"], g)[y == 0]),
                "both_negatives_skip": share(~(passed["words"] | passes(oof["tokens"], g))[y == 0]),
                "both_positives_pass": share((passed["words"] | passes(oof["tokens"], g))[y == 1]),
                "held_out_pass_both": {},
            }
            for b, g in curve.items()
        },
        "oof_pass_by_family": {},
        "oof_skip_by_negative_source": {},
        "held_out_pass": {},
    }
    for name in sorted(set(fam[y == 1])):
        mask = (fam == name) & (y == 1)
        report["oof_pass_by_family"][name] = {"n": int(mask.sum())} | {
            k: share(v[mask]) for k, v in passed.items()
        }
    for name in sorted(set(fam[y == 0])):
        mask = (fam == name) & (y == 0)
        report["oof_skip_by_negative_source"][name] = {"n": int(mask.sum())} | {
            k: share(~v[mask]) for k, v in passed.items()
        }
    print(f"  gates {gates}: positives pass {report['oof_positives_pass']}, "
          f"negatives skip {report['oof_negatives_skip']} (out of fold)")  # fmt: skip

    # Unseen attacks: hold out one positive source or family at a time.
    if os.environ.get("SKIP_HELD_OUT") != "1":
        for name in sorted(set(fam[y == 1])):
            held = (fam == name) & (y == 1)
            train_idx, test_idx = everything[~held], everything[held]
            logits = {
                view: logits_for(fitter, x, owner, y, train_idx, test_idx, weights[view])
                for view, (fitter, x, owner) in views.items()
            }
            got = {view: passes(logits[view], gates[view]) for view in views}
            got["both"] = got["words"] | got["tokens"]
            report["held_out_pass"][name] = {"n": int(held.sum())} | {
                k: share(v) for k, v in got.items()
            }
            for b, g in curve.items():
                report["token_budget_curve"][str(b)]["held_out_pass_both"][name] = share(
                    got["words"] | passes(logits["tokens"], g)
                )
            print(f"  held out {name}: {report['held_out_pass'][name]}", flush=True)

    fitter, x, owner = views["words"]
    words = fitter(x, y[owner], (1.0 / np.bincount(owner))[owner])
    fitter, x, owner = views["tokens"]
    tokens = fitter(x, y[owner], (weights["tokens"] / np.bincount(owner))[owner])
    arrays = {
        "weights": words.coef_[0].astype(np.float16),
        "bias": np.float32(words.intercept_[0]),
        "gate": np.float32(gates["words"]),
        "token_scores": (table.astype(np.float64) @ tokens.coef).astype(np.float32),
        "token_bias": np.float32(tokens.bias),
        "token_gate": np.float32(gates["tokens"]),
    }
    _npz.write_npz(OUT, arrays)
    BUILD.mkdir(exist_ok=True)
    (BUILD / "triage_report.json").write_text(json.dumps(report, indent=2) + "\n", "utf-8")
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
