"""Leave-one-benign-source-out (LOBSO) study of the shipped intent head's thresholds.

Rebuilds the shipped intent recipe's data exactly as ``train_heads.main`` does (same examples,
dev near-duplicate filter, near-duplicate groups, unit weights, MLP C = 10, seed 0), then:

1. ``oof``: the recipe's 5-fold grouped out-of-fold logits and Platt fit (checked against the
   shipped head's platt a, b);
2. ``lobso:<source>``: for each benign source, the head is trained on every row except that
   source's rows and every other *benign* row in the same near-duplicate group (e.g. HumanEval
   prompts reappear as host_code documents); all harmful rows are kept. The held-out rows are
   scored (max window logit);
3. ``loso:<source>``: same for each harmful source (benign rows kept).

Raw logits are saved after every fit to scores.npz (+ scores.json metadata), so a stopped run
resumes where it was. ``python intent_thresholds.py report`` writes the tables (no fitting).
Dev files are read only by the recipe's near-duplicate filter.

The default policy's intent thresholds come from here (seeds 0-4, "macro" = the mean over the
12 ordinary benign sources of the share of a held-out source flagged): block 0.50 (<= 0.5 %),
flag 0.34 (<= 1 %; session 5). Run in ``.venv-models`` (about 10 minutes on one core,
embeddings cached):

    SEEDS=0,1,2,3,4 .venv-models/bin/python scripts/models/intent_thresholds.py
    .venv-models/bin/python scripts/models/intent_thresholds.py report

``INTENT_WRITTEN=0`` runs the same study without the written requests and twins of
synth_intent.py (the session-3 data), writing to ``models-build/intent_thresholds_no_written``;
``python intent_thresholds.py compare [FOLDER ...]`` then sets the two recipes (or the named study
folders under models-build/) side by side. ``INTENT_WRAP=on`` studies the head trained with wrapped
copies (``train_heads.WRAP``); ``ensemble A B OUT`` averages two studies' logits into a third folder
(the merged head of ``INTENT_WRAP=ens``), and ``STUDY=OUT ... report`` reports on it.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))
WRITTEN = os.environ.get("INTENT_WRITTEN", "1") != "0"
"""INTENT_WRITTEN=0: the session-3 recipe, without synth_intent's written texts (a comparison)."""
OUT = ROOT / "models-build" / ("intent_thresholds" if WRITTEN else "intent_thresholds_no_written")
if os.environ.get("INTENT_DEFRAME", "off") != "off":  # request sentences (train_heads.DEFRAME)
    OUT = OUT.with_name(OUT.name + "_deframe_" + os.environ["INTENT_DEFRAME"])
if os.environ.get("INTENT_IMPLICIT", "off") != "off":  # heads_data.INTENT_IMPLICIT
    OUT = OUT.with_name(OUT.name + "_implicit_" + os.environ["INTENT_IMPLICIT"])
if os.environ.get("INTENT_CODE", "off") != "off":  # heads_data.INTENT_CODE
    OUT = OUT.with_name(OUT.name + "_code_" + os.environ["INTENT_CODE"])
if os.environ.get("INTENT_HOMONYM", "off") != "off":  # heads_data.INTENT_HOMONYM
    OUT = OUT.with_name(OUT.name + "_homonym_" + os.environ["INTENT_HOMONYM"])
if os.environ.get("INTENT_WRAP", "off") != "off":  # wrapped copies (train_heads.WRAP)
    OUT = OUT.with_name(OUT.name + "_wrap_" + os.environ["INTENT_WRAP"])

import numpy as np  # noqa: E402
import train_heads as th  # noqa: E402
from heads_intent import source  # noqa: E402  (cyberseceval intent 0 -> cyberseceval_frr)
from threadpoolctl import threadpool_limits  # noqa: E402

C = 10.0  # train_heads.train_intent: `for c in (10.0,)`
if os.environ.get("STUDY"):  # a folder under models-build/ (e.g. one `ensemble` wrote)
    OUT = ROOT / "models-build" / os.environ["STUDY"]
OUT_NPZ = OUT / "scores.npz"
OUT_JSON = OUT / "scores.json"
BENIGN = {
    "gpteacher": ("gpteacher",),
    "mbpp": ("mbpp",),
    "mgsm": ("mgsm",),
    "nq_open": ("nq_open",),
    "self_instruct": ("self_instruct",),
    "xquad": ("xquad",),
    "humaneval": ("humaneval",),
    "gsm8k": ("gsm8k",),
    "awesome_chatgpt_prompts": ("awesome_chatgpt_prompts",),
    "mt_bench_101": ("mt_bench_101",),
    "sgd_dialogues": ("sgd_dialogues",),
    "host_documents": ("host_code", "host_email", "host_text"),
    "cyberseceval_frr": ("cyberseceval_frr",),
    "wildguard_benign": ("wildguard_benign",),
    "synth_benign": ("synth_benign",),
    "synth_intent_twins": ("synth_intent",),
    "synth_hazards_twins": ("synth_hazards",),
}
BORDERLINE = (
    "cyberseceval_frr",
    "wildguard_benign",
    "synth_benign",
    "synth_intent_twins",
    "synth_hazards_twins",
)
HARMFUL = {
    "advbench": ("advbench",),
    "strongreject": ("strongreject",),
    "forbidden_questions": ("forbidden_questions",),
    "cyberseceval": ("cyberseceval",),
    "written": ("synth_harmful",),
    "written_topics": ("synth_intent",),
    "written_hazards": ("synth_hazards",),
}
if os.environ.get("INTENT_IMPLICIT", "off") == "on":  # the written implicit requests and twins
    BENIGN["synth_implicit_twins"] = ("synth_implicit",)
    BORDERLINE += ("synth_implicit_twins",)
    HARMFUL["written_implicit"] = ("synth_implicit",)
if os.environ.get("INTENT_CODE", "off") == "on":  # the written everyday code requests
    BENIGN["synth_code"] = ("synth_code",)
    BORDERLINE += ("synth_code",)  # reported beside the macro, not in it: thresholds comparable
if os.environ.get("INTENT_HOMONYM", "off") == "on":  # harmless senses and harmful counterparts
    BENIGN["synth_homonym_twins"] = ("synth_homonym",)
    BORDERLINE += ("synth_homonym_twins",)
    HARMFUL["written_homonym"] = ("synth_homonym",)  # `compare` run without it: not in the mean
POINTS = (0.3, 0.5, 0.6, 0.7, 0.8, 0.9)


def recipe_rows() -> tuple[list[np.ndarray], np.ndarray, np.ndarray, np.ndarray, list[np.ndarray]]:
    """Intent rows of the shipped recipe: scored blocks, labels, groups, sources, trained blocks."""
    th.EMB = emb = th.Embeddings()
    examples, blocks, dev, _ = th.training_examples(emb)
    rows, b, groups, tb = th.intent_rows(examples, blocks, dev, written=WRITTEN)  # train_intent's
    emb.save()  # the next study (another recipe) reuses these embeddings, written texts included
    y = np.array([e.intent for e in rows])
    src = np.array([source(e) for e in rows])
    return b, y, groups, src, tb


def load(folder: Path = OUT) -> tuple[dict[str, np.ndarray], dict]:
    """Saved scores and metadata of a study folder (empty if none yet)."""
    if (folder / OUT_NPZ.name).exists():
        with np.load(folder / OUT_NPZ.name) as data:
            arrays = {k: data[k] for k in data.files}
        return arrays, json.loads((folder / OUT_JSON.name).read_text())
    return {}, {"fits": {}}


def save(arrays: dict[str, np.ndarray], meta: dict) -> None:
    """Write every score array and the metadata."""
    OUT.mkdir(parents=True, exist_ok=True)
    np.savez(OUT_NPZ, **arrays)
    OUT_JSON.write_text(json.dumps(meta, indent=1) + "\n")


def fit_and_score(
    b, y, w, train: np.ndarray, tests: list[list[np.ndarray]], c: float = C
) -> list[np.ndarray]:
    """Fit the recipe's MLP (L2 ``c``) on ``train`` rows; max-window logits of each test list.

    ``b`` holds the blocks the recipe trains on (``train_heads.intent_rows``' last item).
    """
    x, yy, ww, _ = th.expand([b[i] for i in train], y[train], w[train])
    model = th.fit_lr(x, yy, ww, c)
    out = []
    for blocks in tests:
        xt, _, _, owner = th.expand(blocks, np.zeros(len(blocks)), np.ones(len(blocks)))
        out.append(th.text_logits(model, xt, owner, len(blocks)))
    return out


def seeds() -> list[int]:
    """The seeds named by ``SEEDS`` (default 0)."""
    return [int(v) for v in os.environ.get("SEEDS", "0").split(",")]


def key_of(kind: str, name: str, seed: int) -> str:
    """Name of a held-out fit's scores (seed 0 carries no suffix)."""
    return f"{kind}:{name}" + (f"@{seed}" if seed else "")


def fit_oof(arrays: dict, meta: dict, b, y, w, g, c: float, folds: int, tb=None) -> None:
    """The recipe's own out-of-fold logits and Platt fit, once (saved); ``tb``: trained blocks."""
    if "oof" in arrays:
        return
    t0 = time.time()
    arrays["oof"] = th.oof_logits(b, y, w, g, c, folds=folds, train_blocks=tb)
    a, bb = th.platt(arrays["oof"], y)
    meta["platt_oof"] = [a, bb]
    meta["fits"]["oof"] = round(time.time() - t0)
    save(arrays, meta)
    print(f"oof done in {meta['fits']['oof']}s platt {a:.9f} {bb:.9f}", flush=True)


def held_out(
    arrays: dict, meta: dict, key: str, test: np.ndarray, same: np.ndarray, g, fit
) -> None:
    """Fit without ``test`` and its same-kind near-duplicates; save what ``fit`` scores.

    ``fit(train, test)`` returns the arrays to store (name -> logits); the test rows are kept
    under ``<key>:idx`` and the fit's sizes and time in the metadata.
    """
    t0 = time.time()
    near = np.isin(g, g[test]) & same  # same-kind near-duplicates leave too
    arrays.update(fit(np.nonzero(~near)[0], test))
    arrays[key + ":idx"] = test
    meta["fits"][key] = {
        "n_test": len(test),
        "n_extra_dropped": int(near.sum() - len(test)),
        "seconds": round(time.time() - t0),
    }
    save(arrays, meta)
    print(f"{key}: {meta['fits'][key]}", flush=True)


def run() -> None:
    """Run every fit not yet saved (OOF, LOBSO, LOSO, whole-CyberSecEval-out; per seed)."""
    b, y, g, src, tb = recipe_rows()
    w = np.ones(len(y))
    arrays, meta = load()
    arrays.update(y=y, src=src.astype(str), groups=g)
    meta["n"], meta["n_harmful"] = len(y), int(y.sum())
    meta["sources"] = {s: int((src == s).sum()) for s in sorted(set(src))}
    save(arrays, meta)
    fit_oof(arrays, meta, b, y, w, g, C, folds=5, tb=tb)  # the recipe's own 5-fold call
    jobs = [("lobso", k, v, 0) for k, v in BENIGN.items()]
    jobs += [("loso", k, v, 1) for k, v in HARMFUL.items()]
    jobs += [("lodso", "cyberseceval", ("cyberseceval", "cyberseceval_frr"), None)]
    for seed in seeds():
        th.SEED = seed  # Model(random_state=SEED) reads the module global
        for kind, name, members, label in jobs:
            key = key_of(kind, name, seed)
            same = np.ones(len(y), bool) if label is None else y == label
            test = np.nonzero(np.isin(src, members) & same)[0]
            if key in arrays or not len(test):  # no test: the written texts, INTENT_WRITTEN=0
                continue
            held_out(
                arrays,
                meta,
                key,
                test,
                same,
                g,
                lambda train, test, key=key: {
                    key: fit_and_score(tb, y, w, train, [[b[i] for i in test]])[0]
                },
            )
    th.SEED = 0


def rate(p: np.ndarray, t: float) -> float:
    """Percent of ``p`` at or above ``t``."""
    return 100 * float((p >= t).mean())


def rates(p: np.ndarray) -> str:
    """Percent flagged at each of POINTS."""
    return " / ".join(f"{rate(p, t):.2f}" for t in POINTS)


def smallest(pools: list[np.ndarray], budget: float) -> float:
    """Smallest threshold (0.01 grid) whose mean rate over ``pools`` is <= budget."""
    for t in np.round(np.arange(0.01, 0.991, 0.01), 2):
        if np.mean([(p >= t).mean() for p in pools]) <= budget:
            return float(t)
    return 0.99


def report() -> None:
    """Write tables.md and thresholds.json from the saved scores (no fitting)."""
    arrays, meta = load()
    y, src, oof = arrays["y"], arrays["src"], arrays["oof"]
    shipped = np.load(ROOT / "src/emmentaler/assets/heads/intent.npz")
    # The study's own Platt fit (what its recipe would ship), not the asset in the tree: a
    # report on a variant must not borrow the scaling of a head trained another way.
    a, bb = meta["platt_oof"]

    def prob(z: np.ndarray) -> np.ndarray:
        return th.sigmoid(a * z + bb)

    seeds = sorted({int(k.split("@")[1].split(":")[0]) if "@" in k else 0 for k in arrays})
    sfx = {s: f"@{s}" if s else "" for s in seeds}
    ordinary = [n for n in BENIGN if n not in BORDERLINE]
    po = prob(oof)

    def held(name: str, seed: int, kind: str = "lobso") -> np.ndarray:
        return prob(arrays[f"{kind}:{name}{sfx[seed]}"])

    def mean_rate(name: str, t: float, kind: str = "lobso") -> float:
        return float(np.mean([rate(held(name, s, kind), t) for s in seeds]))

    sa, sb = float(shipped["platt_a"]), float(shipped["platt_b"])
    out = [f"shipped platt a={sa:.6f} b={sb:.6f}; OOF refit (used) {[a, bb]}; seeds {seeds}"]
    out += [
        "",
        "| held-out benign source | n | LOBSO seed 0: % >= "
        + " / ".join(map(str, POINTS))
        + " | same, mean of seeds | in-fold OOF (shipped fit) | t<=0.5% / t<=2% (seed 0) |",
        "|---|---|---|---|---|---|",
    ]
    for name, members in BENIGN.items():
        p0 = held(name, 0)
        o = po[np.isin(src, members) & (y == 0)]
        ms = " / ".join(f"{mean_rate(name, t):.2f}" for t in POINTS)
        tag = " (borderline)" if name in BORDERLINE else ""
        out.append(
            f"| {name}{tag} | {len(p0)} | {rates(p0)} | {ms} | {rates(o)} | "
            f"{smallest([p0], 0.005):.2f} / {smallest([p0], 0.02):.2f} |"
        )
    pooled = {s: np.concatenate([held(n, s) for n in ordinary]) for s in seeds}
    ord_oof = po[np.isin(src, sum((BENIGN[n] for n in ordinary), ())) & (y == 0)]
    thr: dict[str, object] = {"per_seed": {}}
    for s in seeds:
        per = [held(n, s) for n in ordinary]
        thr["per_seed"][s] = {  # type: ignore[index]
            "pooled_block": smallest([pooled[s]], 0.005),
            "pooled_flag": smallest([pooled[s]], 0.02),
            "macro_block": smallest(per, 0.005),
            "macro_flag": smallest(per, 0.02),
        }
    every = [held(n, s) for n in ordinary for s in seeds]
    no_acp = [held(n, s) for n in ordinary for s in seeds if n != "awesome_chatgpt_prompts"]
    rules = {
        "pooled block <=0.5% (seed 0)": thr["per_seed"][0]["pooled_block"],  # type: ignore[index]
        "pooled flag <=2% (seed 0)": thr["per_seed"][0]["pooled_flag"],  # type: ignore[index]
        "macro block <=0.5% (seed 0)": thr["per_seed"][0]["macro_block"],  # type: ignore[index]
        "macro flag <=2% (seed 0)": thr["per_seed"][0]["macro_flag"],  # type: ignore[index]
        "pooled block, all seeds": smallest([np.concatenate(list(pooled.values()))], 0.005),
        "pooled flag, all seeds": smallest([np.concatenate(list(pooled.values()))], 0.02),
        "macro block, all seeds": smallest(every, 0.005),
        "macro flag, all seeds": smallest(every, 0.02),
        "macro flag <=1%, all seeds (policy)": smallest(every, 0.01),
        "macro block, all seeds, w/o awesome": smallest(no_acp, 0.005),
        "macro flag, all seeds, w/o awesome": smallest(no_acp, 0.02),
        "in-fold OOF block <=0.5%": smallest([ord_oof], 0.005),
        "in-fold OOF flag <=2%": smallest([ord_oof], 0.02),
        "fixed 0.5": 0.5,
        "fixed 0.7": 0.7,
    }
    thr["rules"] = rules
    out += [
        "",
        f"ordinary = {', '.join(ordinary)} (n={len(pooled[0])}); "
        f"borderline = {', '.join(BORDERLINE)}",
        "",
        "per-seed thresholds (pooled/macro, "
        "block/flag): " + "; ".join(f"seed {s}: {v}" for s, v in thr["per_seed"].items()),  # type: ignore[union-attr]
        "",
        "Rates below: LOBSO/LOHSO = mean over seeds; OOF = the shipped recipe's 5-fold.",
        "",
        "| rule | t | pooled ord. | macro ord. | worst ord. source | harmful OOF | "
        + " | ".join(BORDERLINE)
        + " | LOHSO "
        + " / ".join(HARMFUL)
        + " | whole CSE out: frr FP / harmful caught |",
        "|---" * (9 + len(BORDERLINE)) + "|",
    ]
    cse = [
        (arrays[f"lodso:cyberseceval{sfx[s]}:idx"], held("cyberseceval", s, "lodso")) for s in seeds
    ]
    for rule, t in rules.items():
        macro = np.mean([mean_rate(n, t) for n in ordinary])
        worst = max(ordinary, key=lambda n: mean_rate(n, t))
        pool = np.mean([rate(pooled[s], t) for s in seeds])
        bl = " | ".join(f"{mean_rate(n, t):.2f}" for n in BORDERLINE)
        lo = " / ".join(f"{mean_rate(h, t, 'loso'):.1f}" for h in HARMFUL)
        fp = np.mean([rate(p[y[i] == 0], t) for i, p in cse])
        tp = np.mean([rate(p[y[i] == 1], t) for i, p in cse])
        out.append(
            f"| {rule} | {t:.2f} | {pool:.2f} | {macro:.2f} | {worst} "
            f"{mean_rate(worst, t):.2f} | {rate(po[y == 1], t):.1f} | {bl} | {lo} | "
            f"{fp:.1f} / {tp:.1f} |"
        )
    out += ["", "harmful recall % at " + " / ".join(map(str, POINTS)) + ":"]
    for h, members in HARMFUL.items():
        m = np.isin(src, members) & (y == 1)
        ms = " / ".join(f"{mean_rate(h, t, 'loso'):.2f}" for t in POINTS)
        out.append(f"- {h} (n={int(m.sum())}): OOF {rates(po[m])}; held out (seed mean) {ms}")
    out.append(f"- all harmful (n={int(y.sum())}): OOF {rates(po[y == 1])}")
    out += [
        "",
        "OOF % >= 0.5 by source (check vs models-build/train_report.json): "
        + ", ".join(f"{s} {rate(po[src == s], 0.5):.2f}" for s in sorted(set(src.tolist()))),
    ]
    text = "\n".join(out) + "\n"
    (OUT / "tables.md").write_text(text)
    (OUT / "thresholds.json").write_text(json.dumps(thr, indent=1) + "\n")
    print(text)


def compare(names: list[str]) -> None:
    """Per seed, studies side by side (folders under models-build/), each at its own threshold.

    Default: the recipe without and with the written texts. The threshold is the smallest
    logit at which the macro held-out ordinary rate is <= 0.5 % (logits: the recipes' Platt
    maps differ, the rule does not need them). Prints unseen harmful sources caught and held-out
    borderline sources flagged.
    """
    names = names or ["intent_thresholds_no_written", "intent_thresholds"]
    ordinary = [n for n in BENIGN if n not in BORDERLINE]
    harmful = [h for h in HARMFUL if h != "written_topics"]
    shown = [n for n in BORDERLINE if n != "synth_intent_twins"]
    print(f"| recipe | seed | unseen harmful, mean | {' / '.join(harmful)} | {' / '.join(shown)} |")
    print("|---|---|---|---|---|")
    for name in names:
        arrays, _ = load(ROOT / "models-build" / name)
        for seed in range(5):
            sfx = f"@{seed}" if seed else ""
            if f"lobso:gpteacher{sfx}" not in arrays:
                continue
            per = [arrays[f"lobso:{n}{sfx}"] for n in ordinary]
            t = next(
                t
                for t in np.linspace(-10, 10, 2001)
                if np.mean([(p >= t).mean() for p in per]) <= 0.005
            )
            caught = [rate(arrays[f"loso:{h}{sfx}"], t) for h in harmful]
            flagged = [rate(arrays[f"lobso:{n}{sfx}"], t) for n in shown]
            print(
                f"| {name} | {seed} | {np.mean(caught):.1f} | "
                f"{' / '.join(f'{v:.1f}' for v in caught)} | "
                f"{' / '.join(f'{v:.1f}' for v in flagged)} |"
            )


def ensemble(first: str, second: str, out: str) -> None:
    """A study of the mean of two recipes' logits (their shared fits), written to ``out``.

    Both studies must hold the same rows (same examples and groups; the recipes differ only in
    the windows they train on). The mean of two max-window logits stands in for the max of
    the mean window logits the merged head computes: equal for one-window texts, which are
    most of them. ``report`` then reads it with ``STUDY=out``.
    """
    a, meta_a = load(ROOT / "models-build" / first)
    b, _ = load(ROOT / "models-build" / second)
    if not (np.array_equal(a["y"], b["y"]) and np.array_equal(a["groups"], b["groups"])):
        raise SystemExit(f"{first} and {second} hold different rows")
    merged: dict[str, np.ndarray] = {}
    for key, value in a.items():
        logits = key == "oof" or (":" in key and not key.endswith(":idx"))
        if logits and key not in b:
            continue
        merged[key] = (value + b[key]) / 2 if logits else value
    pa, pb = th.platt(merged["oof"], merged["y"])
    meta = {**meta_a, "platt_oof": [pa, pb], "ensemble_of": [first, second]}
    folder = ROOT / "models-build" / out
    folder.mkdir(parents=True, exist_ok=True)
    np.savez(folder / OUT_NPZ.name, **merged)
    (folder / OUT_JSON.name).write_text(json.dumps(meta, indent=1) + "\n")
    print(f"{out}: {len(merged)} arrays, platt {pa:.6f} {pb:.6f}")


if __name__ == "__main__":
    with threadpool_limits(1):
        command, *args = sys.argv[1:] or ["run"]
        if command == "compare":
            compare(args)
        elif command == "ensemble":
            ensemble(*args)
        else:
            {"report": report, "run": run}[command]()
