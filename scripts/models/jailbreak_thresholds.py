"""Leave-one-benign-source-out (LOBSO) and leave-one-family-out (LOFO) study of the jailbreak head.

Adapts scripts/models/intent_thresholds.py to the shipped ``train_jailbreak`` recipe: same data as
``train_heads.main()`` (dev near-duplicate drop, near-duplicate groups), then the jailbreak rows
(``jailbreak is not None``), weight 0.5 on plain harmful requests (intent == 1), C = JB_C (MLP,
max_iter JB_MAX_ITER), 3 grouped folds, Platt on the OOF logits.

Fits (raw max-window logits saved to scores.npz after each, so a stopped run resumes):
- ``oof``: the recipe's 3-fold OOF (seed 0), Platt checked against the shipped head;
- ``lobso:<source>[@seed]``: train without a benign source and the other benign rows in its
  near-duplicate groups; score the held-out source;
- ``lofo:<family>[@seed]``: train without an attack family (and other attack rows in its groups);
  score the family as published (``extra["original"]``: GCG/DSN with their JBB goal, as the
  recipe's own LOFO does); ``lofort:<family>`` = the retargeted training texts, same model.

The default policy's jailbreak thresholds come from here (seeds 0-4; "macro" = the mean over
the 11 ordinary benign prompt sources of the share of a held-out source flagged): block 0.74
(<= 0.25 % macro and <= 1 % of held-out host documents), flag 0.51 (<= 1 % and 1 %). About 10
minutes on one core with the embeddings cached:

    SEEDS=0,1,2,3,4 .venv-models/bin/python scripts/models/jailbreak_thresholds.py
    REPORT_SEEDS=0,1,2,3,4 .venv-models/bin/python scripts/models/jailbreak_thresholds.py report
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import sys  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "models"))
HERE = ROOT / "models-build" / "jailbreak_thresholds"
"""Where scores and tables are written (not shipped)."""

import intent_thresholds as it  # noqa: E402
import numpy as np  # noqa: E402
import train_heads as th  # noqa: E402
from heads_intent import source  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

# intent_thresholds' load/save/rate read these module globals: point them here.
it.OUT, it.OUT_NPZ, it.OUT_JSON = HERE, HERE / "scores.npz", HERE / "scores.json"
load, save, rate = it.load, it.save, it.rate
C = th.JB_C
WRITTEN = ("synth_intent_twins",)
"""Intent-only sources (synth_intent.py): not in the jailbreak head's data."""
BENIGN = {
    **{k: v for k, v in it.BENIGN.items() if k not in WRITTEN},
    "forbidden_advice": ("forbidden_advice",),
}
BORDERLINE = (*(n for n in it.BORDERLINE if n not in WRITTEN), "forbidden_advice")
ORDINARY = [n for n in BENIGN if n not in BORDERLINE and n != "host_documents"]
FAMILIES = ("GCG", "DSN", "PAIR", "adaptive_random_search", "handwritten")
POINTS = (0.1, 0.17, 0.3, 0.53, 0.7)


def recipe_rows():
    """Jailbreak rows of the recipe: blocks, y, weights, groups, sources, families, texts."""
    th.EMB = emb = th.Embeddings()
    examples, blocks, _, _ = th.training_examples(emb)
    groups = th.dup_groups(th.first_rows(blocks))  # as train_heads.main()
    idx = [i for i, e in enumerate(examples) if e.jailbreak is not None]  # train_jailbreak
    ex = [examples[i] for i in idx]
    y = np.array([e.jailbreak for e in ex])
    w = np.array([0.5 if e.intent == 1 else 1.0 for e in ex])
    src = np.array(
        [
            "forbidden_advice"
            if e.source == "forbidden_questions" and e.intent is None
            else source(e)
            for e in ex
        ]
    )
    fam = np.array([e.family or "" for e in ex])
    originals = [str(e.extra.get("original", e.text)) for e in ex]
    intent1 = np.array([e.intent == 1 for e in ex])
    return [blocks[i] for i in idx], y, w, groups[idx], src, fam, originals, intent1


def run() -> None:
    """Run every fit not yet saved."""
    b, y, w, g, src, fam, originals, intent1 = recipe_rows()
    benign = (y == 0) & ~intent1
    arrays, meta = load()
    arrays.update(y=y, w=w, src=src.astype(str), fam=fam.astype(str), groups=g, intent1=intent1)
    meta["n"], meta["n_attacks"], meta["n_plain_harmful"] = len(y), int(y.sum()), int(intent1.sum())
    meta["sources"] = {s: int((src == s).sum()) for s in sorted(set(src))}
    save(arrays, meta)
    it.fit_oof(arrays, meta, b, y, w, g, C, folds=3)  # the recipe's own call

    def benign_fit(key: str):
        return lambda train, test: {
            key: it.fit_and_score(b, y, w, train, [[b[i] for i in test]], C)[0]
        }

    def family_fit(key: str):
        # Score the attack as published (GCG/DSN: JBB goal + suffix) and as retargeted.
        def fit(train: np.ndarray, test: np.ndarray) -> dict[str, np.ndarray]:
            published = th.EMB.windows([originals[i] for i in test])
            retargeted, original = it.fit_and_score(
                b, y, w, train, [[b[i] for i in test], published], C
            )
            return {key: original, key.replace("lofo", "lofort", 1): retargeted}

        return fit

    jobs = [("lobso", k, np.isin(src, v) & benign, benign, benign_fit) for k, v in BENIGN.items()]
    jobs += [("lofo", f, (fam == f) & (y == 1), y == 1, family_fit) for f in FAMILIES]
    for seed in it.seeds():
        th.SEED = seed  # Model(random_state=SEED) reads the module global
        for kind, name, held, same, make in jobs:
            key = it.key_of(kind, name, seed)
            if key not in arrays:
                it.held_out(arrays, meta, key, np.nonzero(held)[0], same, g, make(key))
    th.SEED = 0


def smallest(ordinary: list[np.ndarray], docs: list[np.ndarray], budget: float) -> float:
    """Smallest t (0.01 grid): macro over ``ordinary`` <= budget and mean over ``docs`` <= 1 %."""
    for t in np.round(np.arange(0.01, 0.991, 0.01), 2):
        if (
            np.mean([(p >= t).mean() for p in ordinary]) <= budget
            and np.mean([(p >= t).mean() for p in docs]) <= 0.01
        ):
            return float(t)
    return 0.99


if __name__ == "__main__":
    with threadpool_limits(1):
        if sys.argv[1:] == ["report"]:
            from jailbreak_thresholds_report import report

            report()
        else:
            run()
