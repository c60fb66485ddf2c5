"""Leave-one-source-out study of the injection slice's thresholds (train split only).

In-fold out-of-fold scores (``train_injection.py``'s StratifiedGroupKFold) see every host kind,
payload source and prompt source on both sides of a fold; an unseen source is what the slice
meets in use. So here the whole two-stage recipe (``train_injection.fit``: stage-1 lexical LR
out of fold, top-K picks, stage-2 MLP out of fold, Platt, final fits) is retrained without one
source at a time, and the held-out documents are scored the way the slice scores them at run
time (length and segment gates, the final stage-1 model's top-K above ``min_lexical``, the
final stage-2 head, Platt, best segment):

- ``host:<kind>``: every clean and injected document built on one host kind (synthetic e-mails,
  notices, forum questions, code answers; HumanEval; XQuAD; GPTeacher / Self-Instruct inputs).
  For a dataset that also gives whole benign prompts, those prompts leave training too.
- ``payload:<source>``: every injected document whose payload comes from one source: BIPIA
  train attacks by family (code, questions/tasks, output format, content steering), task
  prompts by dataset, our written DEMANDS (``own``).
- ``prompt:<dataset>``: the whole benign multi-part prompts of one dataset (and, for a dataset
  that also gives host inputs, those host documents).

Threshold rule (fixed before any held-out score was looked at; "macro" = the mean over the
held-out sources of the share of that source's clean documents, or whole prompts, scored at or
above t; 0.01 grid):

- block: the smallest t with host macro <= 0.5 % and prompt macro <= 0.5 %;
- flag: the smallest t with host macro <= 2 % and prompt macro <= 2 %.

The recall this costs or gains is reported per held-out payload source. One seed (0, the
recipe's). Result (2026-11-28, one ``full`` stage-2 head, floor 0.1; kept as ``INJ_VARIANT=full``):
no block threshold on the grid meets the rule (at 0.99: host 0.39 %, prompt 1.10 %;
wildguard_benign and HumanEval hosts are the worst), flag 0.97; held-out payload macro recall
41.5 % at 0.86, 17.4 % at 0.99. ``INJ_VARIANT=lr`` (a logistic stage 2), ``alpha`` and lower
lexical floors were not clearly better (``compare``); ``nap`` (source directions projected out)
lost recall on the folds it finished; ``rel`` (no raw segment embedding) generalised better to
unseen payload and prompt sources but worse to unseen hosts. The recipe now averages the
``full`` and ``rel`` heads' logits (``train_injection.HEADS``, ``injection.pool``): with the
lead's rule (ordinary prompt sources, i.e. without wildguard_benign and cyberseceval, <= 0.5 %,
host-clean <= 2 %) it blocks at 0.97 with BIPIA payload macro recall 44.7 % (one head: 29.9 %
at 0.99). Its folder ``recipe`` holds the ``full`` and ``rel`` runs' document scores pooled,
which is exactly what a run of the two-head recipe saves (same stage 1, and the slice pools
the heads' document maxima). Scores are saved after each fit
(models-build/injection_thresholds/<variant>/scores.npz), so a stopped run resumes; embeddings
of segments the shared cache lacks are cached in models-build/injection_thresholds/.
Run in ``.venv-models`` (under a minute per fit on one core, 21 fits):

    .venv-models/bin/python scripts/models/injection_thresholds.py          # fit what is missing
    .venv-models/bin/python scripts/models/injection_thresholds.py report   # tables only
    .venv-models/bin/python scripts/models/injection_thresholds.py compare  # variants, floors
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "models"))
VARIANT = os.environ.get("INJ_VARIANT", "")
"""A recipe variant's name (empty: the shipped recipe); its scores go to their own folder."""
HERE = ROOT / "models-build" / "injection_thresholds" / (VARIANT or "recipe")

import numpy as np  # noqa: E402
import train_heads as th  # noqa: E402
import train_injection as ti  # noqa: E402

if VARIANT == "lr":
    os.environ["HEAD"] = "lr"  # Stage2 reads it: a logistic stage-2 head
elif VARIANT == "alpha":
    ti.ALPHA = 0.1  # the MLP's L2 penalty, 100 times the recipe's
elif VARIANT in ("full", "rel", "nap"):
    ti.HEADS = (VARIANT,)  # one stage-2 head with that input treatment (train_injection.HEADS)
from heads_data import bipia_train_attacks  # noqa: E402
from scipy import sparse  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from emmentaler.slices import _segments as seg  # noqa: E402
from emmentaler.slices.injection import InjectionSlice, pool  # noqa: E402

Doc = dict[str, Any]
FLOORS = (InjectionSlice.Params().min_lexical, 0.05, 0.02, 0.0)
"""Lexical floors scored (``min_lexical``: segments below it are never embedded)."""
FLOOR = float(os.environ.get("FLOOR", FLOORS[0]))
"""The floor the report reads."""
GRID = np.round(np.arange(0.3, 0.991, 0.01), 2)
POINTS = (0.5, 0.6, 0.7, 0.8, 0.86, 0.9, 0.95)
PAIRED = {"gpteacher_input": "gpteacher", "self_instruct_input": "self_instruct", "xquad": "xquad"}
"""Host kinds whose dataset also gives whole benign prompts (they leave training together)."""
DATASETS = ("cyberseceval", "gpteacher", "self_instruct", "xquad")
"""Datasets that give documents in several roles (host, payload, whole prompt)."""
BIPIA_FAMILY = {
    "questions": (
        "Information Retrieval",
        "Content Creation",
        "Learning and Tutoring",
        "Programming Help",
        "Language Translation",
    ),
    "format": (
        "Alphanumeric Substitution",
        "Anagramming",
        "Homophonic Substitution",
        "Misspelling Intentionally",
        "Space Removal & Grouping",
    ),
    "steering": (
        "Clickbait",
        "Instruction",
        "Malware Distribution",
        "Persuasion",
        "Social Interaction",
    ),
}
"""BIPIA train text attacks by family (our grouping of its categories); code attacks: ``code``."""


class _Embeddings(th.Embeddings):
    """The shared embedding cache, read only; new entries are kept in this study's folder."""

    def __init__(self) -> None:
        super().__init__()
        self.own = HERE.parent / "embeddings.npz"
        self.shared = set(self.cache)
        if self.own.exists():
            with np.load(self.own) as data:
                self.cache.update({key: data[key] for key in data.files})

    def save(self) -> None:
        extra = {k: v for k, v in self.cache.items() if k not in self.shared}
        if extra:
            self.own.parent.mkdir(parents=True, exist_ok=True)
            part = self.own.with_suffix(f".{os.getpid()}.npz")
            np.savez(part, **extra)  # type: ignore[arg-type]
            part.replace(self.own)  # atomic: another study process may be reading it


_LEX: dict[int, np.ndarray] = {}


def _lex_matrix(rows: list[Doc]) -> sparse.csr_matrix:
    """``train_injection.lex_matrix`` with each segment's hashed features computed once."""
    indptr, indices = [0], []
    for row in rows:
        key = id(row["seg"])
        if key not in _LEX:
            _LEX[key] = seg.hashed(seg.lexical_features(row["seg"].text))
        indices.extend(_LEX[key].tolist())
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), seg.BUCKETS))


def sources(docs: list[Doc]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per document: host kind ("" for prompts), payload source ("" if clean), prompt dataset."""
    family = {c: f for f, cats in BIPIA_FAMILY.items() for c in cats}
    bipia = {
        str(a["id"]): "bipia_code"
        if a["attack_kind"] == "code"
        else "bipia_" + family[str(a["category"])]
        for a in bipia_train_attacks()
    }
    host, payload, prompt = [], [], []
    for d in docs:
        group = str(d["group"])
        host.append(str(d["host"]).split(":")[1] if d.get("host") else "")
        prompt.append(group.split(":")[1] if d["kind"] == "prompt" else "")
        if d["span"] is None:
            payload.append("")
        elif group.startswith("bipia:"):
            payload.append(bipia[group.split(":", 1)[1]])
        else:
            payload.append(group.split(":")[0])
    return np.array(host), np.array(payload), np.array(prompt)


def jobs(docs: list[Doc]) -> list[tuple[str, np.ndarray, np.ndarray]]:
    """(name, held-out documents, documents also left out of training) of every fold.

    A dataset with several roles (host inputs, payloads, whole prompts) leaves as a whole
    (``dataset:<name>``): otherwise its instruction lines stay in training as payloads
    (label 1) while its whole prompts are held out, or the other way round. ``ROLEWISE=1``
    also runs the one-role folds of those datasets (the first protocol, for comparison).
    """
    host, payload, prompt = sources(docs)
    none = np.zeros(len(docs), dtype=bool)
    rolewise = os.environ.get("ROLEWISE") == "1"
    out = []
    for kind in sorted(set(host) - {""}):
        if kind not in PAIRED or rolewise:
            also = prompt == PAIRED[kind] if kind in PAIRED else none
            out.append((f"host:{kind}", host == kind, also))
    for name in sorted(set(payload) - {""}):
        if name not in DATASETS or rolewise:
            out.append((f"payload:{name}", payload == name, none))
    pair_of = {v: k for k, v in PAIRED.items()}
    for name in sorted(set(prompt) - {""}):
        if name not in DATASETS or rolewise:
            also = host == pair_of[name] if name in pair_of else none
            out.append((f"prompt:{name}", prompt == name, also))
    for name in DATASETS:
        held = (prompt == name) | (payload == name) | (host == f"{name}_input")
        out.append((f"dataset:{name}", held | (host == name), none))
    return out


def score(
    fitted: ti.Fitted, docs: list[Doc], rows: list[Doc], ids: np.ndarray
) -> dict[float, np.ndarray]:
    """Scores of documents ``ids`` as the slice computes them at run time, per lexical floor.

    A picked segment's features do not depend on the floor, so the scores for every floor of
    :data:`FLOORS` come from one pass (the slice's ``min_lexical`` is the first).
    """
    p = InjectionSlice.Params()
    new = {int(d): k for k, d in enumerate(ids)}
    sub_docs = [docs[int(d)] for d in ids]
    sub_rows = [dict(r, doc=new[r["doc"]]) for r in rows if r["doc"] in new]
    out = {f: np.zeros(len(ids)) for f in FLOORS}
    if not sub_rows:
        return out
    lex = fitted.lex.predict_proba(_lex_matrix(sub_rows))[:, 1]
    by_doc: dict[int, list[int]] = {}
    for r_index, r in enumerate(sub_rows):
        by_doc.setdefault(int(r["doc"]), []).append(r_index)
    picked: list[int] = []
    for d, members in by_doc.items():
        r0 = sub_rows[members[0]]
        if len(str(sub_docs[d]["text"])) < p.min_chars or int(r0["count"]) < p.min_segments:
            continue
        order = sorted(members, key=lambda m: -lex[m])[: p.top_k]
        picked.extend(m for m in order if lex[m] >= min(FLOORS))
    if not picked:
        return out
    x = ti.stage2_features(sub_docs, sub_rows, picked, by_doc, lex)
    where = np.array([sub_rows[m]["doc"] for m in picked])
    maxima: dict[float, list[np.ndarray]] = {f: [] for f in FLOORS}
    for head, (a, b) in zip(fitted.heads, fitted.platts, strict=True):
        prob = 1.0 / (1.0 + np.exp(-(a * head.logits(x) + b)))
        for floor in FLOORS:
            best = np.zeros(len(ids))
            np.maximum.at(best, where, np.where(lex[picked] >= floor, prob, 0.0))
            maxima[floor].append(best)
    return {f: pool(np.stack(m)) for f, m in maxima.items()}  # the heads pooled, as the slice


def load() -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """Saved scores and metadata (empty if none yet)."""
    if (HERE / "scores.npz").exists():
        with np.load(HERE / "scores.npz") as data:
            arrays = {k: data[k] for k in data.files}
        return arrays, json.loads((HERE / "scores.json").read_text())
    return {}, {"fits": {}}


def save(arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> None:
    """Write every score array and the metadata."""
    HERE.mkdir(parents=True, exist_ok=True)
    np.savez(HERE / "scores.npz", **arrays)  # type: ignore[arg-type]
    (HERE / "scores.json").write_text(json.dumps(meta, indent=1) + "\n")


def prepared() -> tuple[list[Doc], list[Doc]]:
    """The recipe's documents and candidate rows, with the study's caches patched in."""
    emb = _Embeddings()
    setattr(ti, "Embeddings", lambda: emb)  # noqa: B010 (patch the module global)
    ti.lex_matrix = _lex_matrix
    docs = ti.build_docs()
    return docs, ti.segment_rows(docs)


def run() -> None:
    """Fit every fold not yet saved."""
    docs, rows = prepared()
    arrays, meta = load()
    host, payload, prompt = sources(docs)
    arrays.update(
        y=np.array([int(d["span"] is not None) for d in docs]), host=host, payload=payload,
        prompt=prompt,
    )  # fmt: skip
    if "oof" not in arrays:  # the recipe on everything: its in-fold OOF, and a scorer check
        began = time.time()
        fitted = ti.fit(docs, rows)
        arrays["oof"] = fitted.doc_score
        check = np.arange(0, len(docs), 37)
        arrays["check_ids"], arrays["check"] = check, score(fitted, docs, rows, check)[FLOORS[0]]
        meta["fits"]["oof"] = {"seconds": round(time.time() - began), "platt": fitted.platts}
        save(arrays, meta)
    for name, held, also in jobs(docs):
        if name in arrays:
            continue
        began = time.time()
        train = ~(held | also)
        ids = np.nonzero(train)[0]
        new = {int(d): k for k, d in enumerate(ids)}
        sub_rows = [dict(r, doc=new[r["doc"]]) for r in rows if r["doc"] in new]
        fitted = ti.fit([docs[int(d)] for d in ids], sub_rows)
        test = np.nonzero(held)[0]
        for floor, scores in score(fitted, docs, rows, test).items():
            arrays[name if floor == FLOORS[0] else f"{name}@{floor}"] = scores
        arrays[name + "#ids"] = test
        meta["fits"][name] = {
            "seconds": round(time.time() - began),
            "n_train": len(ids),
            "n_test": len(test),
            "platt": fitted.platts,
        }
        print(f"{name}: {len(test)} held out, {time.time() - began:.0f} s", flush=True)
        save(arrays, meta)
        ti.stage2_features.__globals__["Embeddings"]().save()


def smallest(host: list[np.ndarray], prompt: list[np.ndarray], budget: float) -> float:
    """Smallest t of the grid with both macro flag rates <= ``budget`` (the rule above)."""
    for t in GRID:
        if max(np.mean([(s >= t).mean() for s in group]) for group in (host, prompt)) <= budget:
            return float(t)
    return float(GRID[-1])


def _row(label: str, n: int, values: list[float]) -> str:
    return f"| {label} | {n} | " + " | ".join(f"{100 * v:.1f}" for v in values) + " |"


def units(arrays: dict[str, np.ndarray], folds: list[str]) -> dict[str, np.ndarray]:
    """Held-out document ids per source (``host:<kind>`` clean, ``host+:<kind>`` injected,
    ``payload:<source>``, ``prompt:<dataset>``), each from the fold that held it out.

    A dataset fold, when there is one, replaces that dataset's one-role folds.
    """
    y, host, payload, prompt = (arrays[k] for k in ("y", "host", "payload", "prompt"))
    out: dict[str, tuple[str, np.ndarray]] = {}
    for fold in sorted(folds, key=lambda f: f.startswith("dataset:")):
        kind, name = fold.split(":", 1)
        ids = arrays[fold + "#ids"]
        parts = {
            "host": {f"host:{name}": y[ids] == 0, f"host+:{name}": y[ids] == 1},
            "payload": {f"payload:{name}": y[ids] == 1},
            "prompt": {f"prompt:{name}": y[ids] == 0},
            "dataset": {
                f"host:{name}": (y[ids] == 0) & np.isin(host[ids], [name, f"{name}_input"]),
                f"host+:{name}": (y[ids] == 1) & np.isin(host[ids], [name, f"{name}_input"]),
                f"payload:{name}": payload[ids] == name,
                f"prompt:{name}": prompt[ids] == name,
            },
        }[kind]
        for unit, mask in parts.items():
            if mask.any():
                out[unit] = (fold, ids[mask])
    return {u: v for u, (_, v) in sorted(out.items())} | {
        "#fold:" + u: np.array([f]) for u, (f, _) in out.items()
    }


def held_scores(arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> dict[str, np.ndarray]:
    """Held-out scores per source unit (see :func:`units`)."""
    folds = [k for k in meta["fits"] if k != "oof"]
    found = units(arrays, folds)
    out = {}
    for unit, ids in found.items():
        if unit.startswith("#"):
            continue
        fold = str(found["#fold:" + unit][0])
        where = {int(d): k for k, d in enumerate(arrays[fold + "#ids"])}
        key = fold if FLOORS[0] == FLOOR else f"{fold}@{FLOOR}"
        out[unit] = arrays[key][[where[int(d)] for d in ids]]
        out["#oof:" + unit] = arrays["oof"][ids]
    return out


def thresholds(held: dict[str, np.ndarray]) -> tuple[float, float, list[str]]:
    """The rule's block and flag thresholds, and lines on the macro rates they give."""
    host = [v for k, v in held.items() if k.startswith("host:")]
    prompt = [v for k, v in held.items() if k.startswith("prompt:")]
    block, flag = smallest(host, prompt, 0.005), smallest(host, prompt, 0.02)
    lines = []
    for what, t, budget in (("block", block, 0.005), ("flag", flag, 0.02)):
        if (
            smallest(host, prompt, budget) == GRID[-1]
            and max(np.mean([(s >= t).mean() for s in group]) for group in (host, prompt)) > budget
        ):
            lines.append(f"- no {what} threshold on the grid meets the rule ({GRID[-1]}: the cap)")
    for t in sorted({block, flag, 0.86, 0.5}):
        hm = np.mean([(s >= t).mean() for s in host])
        pm = np.mean([(s >= t).mean() for s in prompt])
        lines.append(f"- t={t}: host-clean macro {100 * hm:.2f} %, prompt macro {100 * pm:.2f} %")
    return block, flag, lines


def report(arrays: dict[str, np.ndarray], meta: dict[str, Any]) -> str:
    """Per-source held-out tables, the rule's thresholds, recall per held-out payload source."""
    held = held_scores(arrays, meta)
    head = "| held out | n | " + " | ".join(f"@{t}" for t in POINTS) + " |"
    lines = [f"# Injection, leave one source out ({VARIANT or 'recipe'}, floor {FLOOR})", "", head]
    lines.append("|---|---|" + "---|" * len(POINTS))
    for unit, s in held.items():
        if unit.startswith("#"):
            continue
        lines.append(_row(unit, len(s), [float((s >= t).mean()) for t in POINTS]))
        ref = held["#oof:" + unit]
        lines.append(_row("  in-fold OOF", len(s), [float((ref >= t).mean()) for t in POINTS]))
    block, flag, macro = thresholds(held)
    lines += ["", f"rule: block {block}, flag {flag} (shipped: block 0.86, flag 0.5)", "", *macro]
    lines += ["", "| held-out payload | n | block 0.86 | block new | flag 0.5 | flag new |"]
    lines.append("|---|---|---|---|---|---|")
    pays = {k: v for k, v in held.items() if k.startswith("payload:")}
    for name, s in pays.items():
        lines.append(_row(name, len(s), [float((s >= t).mean()) for t in (0.86, block, 0.5, flag)]))
    allp = np.concatenate(list(pays.values()))
    rates = [
        float(np.mean([(s >= t).mean() for s in pays.values()])) for t in (0.86, block, 0.5, flag)
    ]
    lines.append(_row("macro", len(allp), rates))
    text = "\n".join(lines) + "\n"
    (HERE / f"report-floor{FLOOR}.md").write_text(text)
    return text


def jobs_names(arrays: dict[str, np.ndarray]) -> list[str]:
    """Names of the default protocol's folds (from the saved per-document sources)."""
    host, payload, prompt = (set(arrays[k]) - {""} for k in ("host", "payload", "prompt"))
    names = [f"host:{k}" for k in host if k not in PAIRED]
    names += [f"payload:{k}" for k in payload if k not in DATASETS]
    names += [f"prompt:{k}" for k in prompt if k not in DATASETS]
    return names + [f"dataset:{k}" for k in DATASETS]


def compare() -> str:
    """One line per (recipe variant, floor) with saved scores: the rule and what it costs."""
    global HERE, FLOOR
    lines = [
        "| variant | floor | block | flag | host macro @block | prompt macro @block "
        "| payload macro @block | @flag | @0.86 | @0.5 |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for folder in sorted(p for p in HERE.parent.iterdir() if (p / "scores.json").exists()):
        HERE = folder
        arrays, meta = load()
        if (
            len(meta["fits"]) < len(jobs_names(arrays)) + 1
            or f"host:code@{FLOORS[-1]}" not in arrays
        ):
            continue  # not finished, or from the first (role-wise, one floor) protocol
        for FLOOR in FLOORS:
            held = held_scores(arrays, meta)
            block, flag, _ = thresholds(held)
            host = [v for k, v in held.items() if k.startswith("host:")]
            prompt = [v for k, v in held.items() if k.startswith("prompt:")]
            pays = [v for k, v in held.items() if k.startswith("payload:")]

            def macro(group: list[np.ndarray], t: float) -> str:
                return f"{100 * np.mean([(s >= t).mean() for s in group]):.1f}"

            lines.append(
                f"| {folder.name} | {FLOOR} | {block} | {flag} | {macro(host, block)} "
                f"| {macro(prompt, block)} | {macro(pays, block)} | {macro(pays, flag)} "
                f"| {macro(pays, 0.86)} | {macro(pays, 0.5)} |"
            )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    with threadpool_limits(1):
        if sys.argv[1:] == ["report"]:
            print(report(*load()))
        elif sys.argv[1:] == ["compare"]:
            print(compare())
        else:
            run()
