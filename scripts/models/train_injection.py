"""Train the injection slice's two heads (train split only) and export them as numpy assets.

An indirect injection is an instruction that does not belong to the data around it. We compose
training documents the way BIPIA does, but from the train split only: host documents (our own
synthetic e-mails, notices, forum questions and code answers; HumanEval code; XQuAD contexts;
inputs of GPTeacher / Self-Instruct tasks) with one payload inserted at the start, middle or
end. Payloads are BIPIA's *train* attack strings and ordinary task prompts (Self-Instruct,
GPTeacher, MBPP, Natural Questions, CyberSecEval) — inside someone else's e-mail, "What is the
capital of Brazil?" is an injection — and instructions addressed to the model that we wrote
ourselves (synth_docs.DEMANDS; the tests use other wordings). Clean hosts and whole benign
prompts (which are often several instructions in a row) are the negatives.

Stage 1 is a hashed lexical logistic regression per segment (cheap: it ranks segments and
gates the embedding). Stage 2 is two MLP heads over the segment's MiniLM embedding, its
product with the document's, and context features (cosine to the document, position, framing,
the stage-1 scores of the segment and of its neighbours); the second head has the raw
embedding zeroed, which generalises better to unseen payload and prompt sources (the first
knows host lines better), and a document pools the heads' best segments (mean logit)
(:data:`HEADS`, ``injection_thresholds.py``). All are fitted out-of-fold first (folds grouped
by payload and host) to report train-CV figures and to calibrate; the shipped heads are then
fitted on everything.

    .venv-models/bin/python scripts/models/train_injection.py   # ~5 min, 1 core; HEAD=lr: linear

Writes assets/heads/injection{,_rel,_lex}.npz and models-build/injection_report.json. Dev BIPIA
files are read only to drop payloads that occur in them verbatim.
"""

from __future__ import annotations

import json
import os
import random
import sys
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import numpy as np  # noqa: E402
from heads_data import bipia_train_attacks, read  # noqa: E402
from injection_projection import Blocks, project, projection  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedGroupKFold  # noqa: E402
from sklearn.neural_network import MLPClassifier  # noqa: E402
from synth_docs import addressed_payloads, emails, notices, questions, snippets  # noqa: E402
from train_heads import BUILD, OUT, Embeddings  # noqa: E402

from emmentaler.slices import _segments as seg  # noqa: E402
from emmentaler.slices.injection import TOP_K, InjectionSlice, doc_vector, pool  # noqa: E402

SEED = 0
LEX_C = 0.5
HEAD_C = 1.0
HIDDEN = 64
ALPHA = 1e-3
TARGET_FPR = 0.01
COPIES = 2  # injected variants per host document
FRR = "cyberseceval/frr_benign.jsonl"
HEADS = tuple(os.environ.get("INJ_HEADS", "full,rel").split(","))
"""Stage-2 heads, each over the same picked segments, averaged (see :func:`fit`). Their input:
``full`` (embedding, embedding x document, context); ``rel`` (the raw embedding zeroed: only
its relation to the document, and the context); ``nap`` (in both embedding blocks, the
directions along which the training sources of one class differ are projected out). A
projection is linear, so it is folded into the head's first layer: run-time features are the
same for every head. The first head is ``injection.npz``, the others ``injection_<name>.npz``."""


def payloads(rng: random.Random, dev_text: str) -> list[tuple[str, str]]:
    """(group, payload) pairs: BIPIA train attacks and ordinary task prompts."""
    out = [(f"bipia:{a['id']}", str(a["text"])) for a in bipia_train_attacks()]
    tasks: list[tuple[str, str]] = []
    for name in ("self_instruct", "gpteacher", "mbpp", "cyberseceval"):
        file = (
            "cyberseceval/frr_benign.jsonl" if name == "cyberseceval" else f"{name}/prompts.jsonl"
        )
        for row in read(file):
            first = str(row["text"]).split("\n")[0].strip()
            if 15 <= len(first) <= 220:
                tasks.append((f"{name}:{row['id']}", first))
    for row in read("nq_open/prompts.jsonl"):
        q = str(row["text"]).strip()
        tasks.append((f"nq:{row['id']}", q[:1].upper() + q[1:] + "?"))
    rng.shuffle(tasks)
    out += tasks[:1500]
    out += [(f"own:{k}", text) for k, text in addressed_payloads(rng, 240)]
    return [(g, p) for g, p in out if p not in dev_text]


def hosts(rng: random.Random) -> list[tuple[str, str]]:
    """(group, document) pairs that can carry an injection."""
    docs = [("email", t) for t in emails(rng, 300)]
    docs += [("notice", t) for t in notices(rng, 300)]
    docs += [("forum", t) for t in questions(rng, 150)]
    docs += [("code", t) for t in snippets(rng, 150)]
    docs += [("humaneval", str(r["text"])) for r in read("humaneval/prompts.jsonl")]
    for row in read("xquad/prompts.jsonl"):
        if row.get("format") == "context+question" and row.get("lang") == "en":
            docs.append(("xquad", str(row["text"]).rsplit("\n\n", 1)[0]))
    for name in ("gpteacher", "self_instruct"):
        for row in read(f"{name}/prompts.jsonl"):
            parts = str(row["text"]).split("\n\n", 1)
            if len(parts) == 2 and len(parts[1]) >= 200:
                docs.append((f"{name}_input", parts[1]))
    return [(f"host:{kind}:{i}", d) for i, (kind, d) in enumerate(docs)]


def prompt_negatives(rng: random.Random) -> list[tuple[str, str]]:
    """Whole benign prompts with several segments (users stack instructions and framing)."""
    out = []
    for name in (
        "gpteacher",
        "self_instruct",
        "wildguard_benign",
        "awesome_chatgpt_prompts",
        "gsm8k",
        "xquad",
        "cyberseceval",
        "mgsm",
    ):
        file = (
            "cyberseceval/frr_benign.jsonl" if name == "cyberseceval" else f"{name}/prompts.jsonl"
        )
        for row in read(file):
            text = str(row["text"])
            if sum(seg.candidate(s) for s in seg.segments(text)) >= 2:
                out.append((f"prompt:{name}:{row['id']}", text))
    rng.shuffle(out)
    return out[:3000]


def insert(doc: str, payload: str, rng: random.Random) -> tuple[str, int, int]:
    """``doc`` with ``payload`` on its own line at the start, middle or end; payload offsets."""
    lines = doc.split("\n")
    where = rng.choice(["start", "middle", "end"])
    if where == "start":
        at = 0
    elif where == "end":
        at = len(lines)
    else:
        at = rng.randint(max(1, len(lines) // 3), max(1, (2 * len(lines)) // 3))
    before = "\n".join(lines[:at])
    prefix = before + "\n" if before else ""
    text = prefix + payload + ("\n" + "\n".join(lines[at:]) if at < len(lines) else "")
    return text, len(prefix), len(prefix) + len(payload)


def build_docs() -> list[dict[str, object]]:
    rng = random.Random(SEED)
    dev_text = "\n".join(str(r["text"]) for r in read("bipia/contexts_injected_derived.jsonl"))
    pool = payloads(rng, dev_text)
    docs: list[dict[str, object]] = []
    for group, doc in hosts(rng):
        docs.append({"text": doc, "span": None, "group": group, "kind": "host", "host": group})
        for _ in range(COPIES):
            pgroup, payload = rng.choice(pool)
            text, start, end = insert(doc, payload, rng)
            kind = pgroup.split(":")[0] if pgroup.startswith(("bipia:", "own:")) else "task"
            docs.append(
                {"text": text, "span": (start, end), "group": pgroup, "kind": kind, "host": group}
            )
    for group, text in prompt_negatives(rng):
        docs.append({"text": text, "span": None, "group": group, "kind": "prompt"})
    return docs


def segment_rows(docs: list[dict[str, object]]) -> list[dict[str, object]]:
    """Candidate segments of every document with labels (1: overlaps the payload)."""
    rows = []
    for d, doc in enumerate(docs):
        text = str(doc["text"])
        segs = seg.segments(text)
        span = doc["span"]
        for i, s in enumerate(segs):
            if not seg.candidate(s):
                continue
            label = 0
            if span is not None:
                a, b = span  # type: ignore[misc]
                label = int(s.start < b and a < s.end)
            rows.append({"doc": d, "index": i, "count": len(segs), "seg": s, "label": label})
    return rows


def lex_matrix(rows: list[dict[str, object]]) -> sparse.csr_matrix:
    indptr, indices = [0], []
    for row in rows:
        idx = seg.hashed(seg.lexical_features(row["seg"].text))  # type: ignore[attr-defined]
        indices.extend(idx.tolist())
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), seg.BUCKETS))


def folds(y_doc: np.ndarray, groups: list[str]) -> list[tuple[np.ndarray, np.ndarray]]:
    splitter = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=SEED)
    return list(splitter.split(np.zeros(len(y_doc)), y_doc, groups))


def lr(c: float) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=2000, class_weight="balanced")


class Stage2:
    """The stage-2 head: one ReLU hidden layer (default), or a logistic one (``HEAD=lr``)."""

    def __init__(self, blocks: Blocks | None = None) -> None:
        self.blocks = blocks or {}
        self.kind = os.environ.get("HEAD", "mlp")
        if self.kind == "mlp":
            self.model = MLPClassifier(
                hidden_layer_sizes=(HIDDEN,),
                alpha=ALPHA,
                max_iter=300,
                early_stopping=True,
                random_state=SEED,
            )
        else:
            self.model = lr(HEAD_C)

    def fit(self, x: np.ndarray, y: np.ndarray) -> Stage2:
        self.model.fit(project(x, self.blocks), y)
        return self

    def logits(self, x: np.ndarray) -> np.ndarray:
        x = project(x, self.blocks)
        if self.kind == "mlp":
            p = np.clip(self.model.predict_proba(x)[:, 1], 1e-7, 1 - 1e-7)
            return np.log(p / (1 - p))
        return self.model.decision_function(x)

    def arrays(self) -> dict[str, np.ndarray]:
        """The head's arrays, the projection folded into the first layer (it is linear)."""
        if self.kind == "mlp":
            return {
                "hidden_w": project(self.model.coefs_[0].T, self.blocks).T.astype(np.float32),
                "hidden_b": self.model.intercepts_[0].astype(np.float32),
                "coef": self.model.coefs_[1][:, 0].astype(np.float32),
                "intercept": np.float32(self.model.intercepts_[1][0]),
            }
        return {
            "coef": project(self.model.coef_[0], self.blocks).astype(np.float32),
            "intercept": np.float32(self.model.intercept_[0]),
        }


def stage1(rows, y, doc_of, doc_folds):
    """Out-of-fold stage-1 probabilities per segment, and the model fitted on everything."""
    x_lex = lex_matrix(rows)
    lex_oof = np.zeros(len(rows))
    for train_docs, test_docs in doc_folds:
        tr, te = np.isin(doc_of, train_docs), np.isin(doc_of, test_docs)
        model = lr(LEX_C).fit(x_lex[tr], y[tr])
        lex_oof[te] = model.predict_proba(x_lex[te])[:, 1]
    return lex_oof, lr(LEX_C).fit(x_lex, y)


def pick(rows, y, lex_oof) -> tuple[list[int], dict[int, list[int]]]:
    """Per document, the top-K candidates by stage-1 score (+ the payload segment)."""
    by_doc: dict[int, list[int]] = {}
    for r_index, r in enumerate(rows):
        by_doc.setdefault(int(r["doc"]), []).append(r_index)
    picked = []
    for members in by_doc.values():
        order = sorted(members, key=lambda m: -lex_oof[m])
        picked.extend(sorted(set(order[:TOP_K]) | {m for m in members if y[m] == 1}))
    return picked, by_doc


def stage2_features(docs, rows, picked, by_doc, lex_scores) -> np.ndarray:
    """Embedding, embedding x document, and context features of every picked segment."""
    emb = Embeddings()
    known = len(emb.cache)
    doc_vecs = np.stack([doc_vector(b) for b in emb.windows([str(d["text"]) for d in docs])])
    seg_vecs = np.stack([b[0] for b in emb.windows([rows[m]["seg"].text for m in picked])])
    if len(emb.cache) > known:  # the cache is shared: rewrite it only when it grew
        emb.save()
    doc_words = [seg.content_words(str(d["text"]), seg.MAX_CHARS) for d in docs]
    out = []
    for k, m in enumerate(picked):
        r = rows[m]
        d = int(r["doc"])
        others = [lex_scores[o] for o in by_doc[d] if o != m]
        ctx = seg.context_features(
            int(r["index"]),
            int(r["count"]),
            r["seg"].text,
            doc_cosine=float(seg_vecs[k] @ doc_vecs[d]),
            own_lex=float(lex_scores[m]),
            context_lex=float(np.mean(others)) if others else 0.0,
            word_overlap=seg.overlap(seg.content_words(r["seg"].text), doc_words[d]),
        )
        out.append(np.concatenate([seg_vecs[k], seg_vecs[k] * doc_vecs[d], ctx]))
    return np.stack(out)


def threshold_for(doc_score: np.ndarray, clean: np.ndarray) -> float:
    """Smallest threshold (0.05 steps of 0.01) flagging at most TARGET_FPR of clean texts."""
    for t in np.round(np.arange(0.05, 0.951, 0.01), 2):
        if (doc_score[clean] >= t).mean() <= TARGET_FPR:
            return float(t)
    return 0.95


def write_oof(docs, rows, picked, doc2, prob2) -> None:
    """Each document's best segment out of fold (models-build/, for reading errors)."""
    best_seg: dict[int, tuple[float, str]] = {}
    for k, m in enumerate(picked):
        d = int(doc2[k])
        if prob2[k] >= best_seg.get(d, (-1.0, ""))[0]:
            best_seg[d] = (float(prob2[k]), rows[m]["seg"].text)
    with (BUILD / "injection_oof.jsonl").open("w") as handle:
        for d, doc in enumerate(docs):
            score, text = best_seg.get(d, (0.0, ""))
            record = {"kind": doc["kind"], "group": doc["group"], "score": score, "segment": text}
            handle.write(json.dumps(record) + "\n")


def segment_source(doc: dict[str, object], label: int) -> str:
    """Where a picked segment comes from: its payload's source, or its host / prompt dataset."""
    group = str(doc["group"])
    if label == 1:
        return group.split(":")[0]
    if doc.get("host"):
        return ":".join(str(doc["host"]).split(":")[:2])
    return ":".join(group.split(":")[:2])


@dataclass
class Fitted:
    """Both stages fitted on a set of documents, and their out-of-fold document scores."""

    lex: LogisticRegression
    heads: list[Stage2]
    platts: list[tuple[float, float]]
    doc_score: np.ndarray
    picked: list[int]
    doc2: np.ndarray
    prob2: np.ndarray


def fit(docs: list[dict[str, object]], rows: list[dict[str, object]]) -> Fitted:
    """The recipe on ``docs``: out-of-fold scores and Platt first, then both stages on all."""
    doc_of = np.array([r["doc"] for r in rows])
    y = np.array([r["label"] for r in rows])
    y_doc = np.array([int(d["span"] is not None) for d in docs])
    doc_folds = folds(y_doc, [str(d["group"]) for d in docs])
    lex_oof, lex_model = stage1(rows, y, doc_of, doc_folds)
    picked, by_doc = pick(rows, y, lex_oof)
    x2 = stage2_features(docs, rows, picked, by_doc, lex_oof)
    y2, doc2 = y[np.array(picked)], doc_of[np.array(picked)]
    src = np.array(
        [segment_source(docs[int(d)], int(label)) for d, label in zip(doc2, y2, strict=True)]
    )
    floor = InjectionSlice.Params().min_lexical
    gate = lex_oof[np.array(picked)] >= floor
    heads, platts, probs, maxima = [], [], [], []
    for mode in HEADS:
        oof2 = np.zeros(len(picked))
        for train_docs, test_docs in doc_folds:
            tr, te = np.isin(doc2, train_docs), np.isin(doc2, test_docs)
            blocks = projection(mode, x2[tr], y2[tr], src[tr])
            oof2[te] = Stage2(blocks).fit(x2[tr], y2[tr]).logits(x2[te])
        platt = LogisticRegression(C=1e4, max_iter=1000).fit(oof2.reshape(-1, 1), y2)
        a, b = float(platt.coef_[0, 0]), float(platt.intercept_[0])
        # As at run time: a segment below the lexical floor is never embedded, so it scores 0.
        prob = np.where(gate, 1.0 / (1.0 + np.exp(-(a * oof2 + b))), 0.0)
        best = np.zeros(len(docs))
        np.maximum.at(best, doc2, prob)
        maxima.append(best)
        # Ship: fitted on everything; stage 2 keeps the out-of-fold stage-1 features it was
        # validated with (in-sample stage-1 scores would be over-confident).
        heads.append(Stage2(projection(mode, x2, y2, src)).fit(x2, y2))
        platts.append((a, b))
        probs.append(prob)
    prob2 = pool(np.stack(probs))
    doc_score = pool(np.stack(maxima))  # as the slice: the heads' best segments, pooled
    return Fitted(lex_model, heads, platts, doc_score, picked, doc2, prob2)


def main() -> None:
    docs = build_docs()
    rows = segment_rows(docs)
    y = np.array([r["label"] for r in rows])
    y_doc = np.array([int(d["span"] is not None) for d in docs])
    print(f"{len(docs)} documents, {len(rows)} candidate segments, {int(y.sum())} payload segments")
    fitted = fit(docs, rows)
    doc_score = fitted.doc_score
    threshold = threshold_for(doc_score, y_doc == 0)
    kinds = np.array([str(d["kind"]) for d in docs])
    oof: dict[str, dict[str, float]] = {}
    for kind in ("host", "prompt", "bipia", "own", "task"):
        mask = kinds == kind
        for t in (0.5, threshold):
            oof[f"{kind}@{t}"] = {
                "n": int(mask.sum()),
                "rate": round(float((doc_score[mask] >= t).mean()), 4),
            }
    report = {
        "threshold": threshold,
        "heads": list(HEADS),
        "platt": fitted.platts,
        "head": Stage2().kind,
        "oof": oof,
    }
    print(json.dumps(report, indent=1))
    BUILD.mkdir(exist_ok=True)
    write_oof(docs, rows, fitted.picked, fitted.doc2, fitted.prob2)
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        OUT / "injection_lex.npz",
        weights=fitted.lex.coef_[0].astype(np.float32),
        bias=np.float32(fitted.lex.intercept_[0]),
    )
    for k, (mode, head, (a, b)) in enumerate(zip(HEADS, fitted.heads, fitted.platts, strict=True)):
        np.savez_compressed(
            OUT / ("injection.npz" if k == 0 else f"injection_{mode}.npz"),
            **head.arrays(),
            platt_a=np.float32(a),
            platt_b=np.float32(b),
            threshold=np.float32(threshold),
        )
    (BUILD / "injection_report.json").write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
