"""Tables for jailbreak_thresholds.py from saved scores (no fitting): tables and thresholds."""

from __future__ import annotations

import json
import os

import numpy as np
from jailbreak_thresholds import (
    BENIGN,
    BORDERLINE,
    FAMILIES,
    HERE,
    ORDINARY,
    POINTS,
    ROOT,
    load,
    rate,
    smallest,
)
from train_heads import sigmoid, threshold_for_fpr


def report() -> None:
    """Write tables.md and thresholds.json."""
    arrays, meta = load()
    y, src, fam, i1 = arrays["y"], arrays["src"], arrays["fam"], arrays["intent1"]
    shipped = np.load(ROOT / "src/emmentaler/assets/heads/jailbreak.npz")
    a, bb = float(shipped["platt_a"]), float(shipped["platt_b"])

    def prob(z: np.ndarray) -> np.ndarray:
        return sigmoid(a * z + bb)

    seeds = sorted({int(k.split("@")[1].split(":")[0]) for k in arrays if "@" in k} | {0})
    seeds = [
        s
        for s in seeds
        if all(f"lobso:{n}{'@' + str(s) if s else ''}" in arrays for n in BENIGN)
        and all(f"lofo:{f}{'@' + str(s) if s else ''}" in arrays for f in FAMILIES)
    ]
    if os.environ.get("REPORT_SEEDS"):
        seeds = [s for s in seeds if str(s) in os.environ["REPORT_SEEDS"].split(",")]
    sfx = {s: f"@{s}" if s else "" for s in seeds}
    po = prob(arrays["oof"])
    benign = (y == 0) & ~i1
    docs = benign & np.char.startswith(src.astype(str), "host_")

    def held(name: str, s: int, kind: str = "lobso") -> np.ndarray:
        return prob(arrays[f"{kind}:{name}{sfx[s]}"])

    def mean_rate(name: str, t: float, kind: str = "lobso") -> float:
        return float(np.mean([rate(held(name, s, kind), t) for s in seeds]))

    def rates(p: np.ndarray) -> str:
        return " / ".join(f"{rate(p, t):.2f}" for t in POINTS)

    infold_block = max(
        threshold_for_fpr(po[benign & ~docs], 0.0025), threshold_for_fpr(po[docs], 0.01)
    )
    infold_flag = max(
        threshold_for_fpr(po[benign & ~docs], 0.01), threshold_for_fpr(po[docs], 0.01)
    )
    out = [
        f"shipped platt a={a:.7f} b={bb:.7f}; OOF refit {meta.get('platt_oof')}; "
        f"rows {meta['n']} (attacks {meta['n_attacks']}, plain harmful {meta['n_plain_harmful']})"
        f"; seeds {seeds}",
        f"in-fold OOF rule of train_heads (0.25 %/1 % benign prompts, 1 % documents): "
        f"block {infold_block:.2f}, flag {infold_flag:.2f}",
        "",
        "| held-out benign source | n | dropped near-dups | LOBSO seed 0: % >= "
        + " / ".join(map(str, POINTS))
        + " | same, mean of seeds | in-fold OOF | t<=0.25% / t<=1% (seed 0) |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, members in BENIGN.items():
        p0 = held(name, 0)
        o = po[np.isin(src, members) & benign]
        ms = " / ".join(f"{mean_rate(name, t):.2f}" for t in POINTS)
        tag = " (borderline)" if name in BORDERLINE else ""
        one = [smallest([p0], [np.zeros(1)], b) for b in (0.0025, 0.01)]
        out.append(
            f"| {name}{tag} | {len(p0)} | {meta['fits'][f'lobso:{name}']['n_extra_dropped']} | "
            f"{rates(p0)} | {ms} | {rates(o)} | {one[0]:.2f} / {one[1]:.2f} |"
        )
    thr: dict[str, object] = {"per_seed": {}}
    for s in seeds:
        per, hd = [held(n, s) for n in ORDINARY], [held("host_documents", s)]
        thr["per_seed"][s] = {  # type: ignore[index]
            "block": smallest(per, hd, 0.0025),
            "flag": smallest(per, hd, 0.01),
        }
    every = [held(n, s) for n in ORDINARY for s in seeds]
    hd_all = [held("host_documents", s) for s in seeds]
    no_acp = [held(n, s) for n in ORDINARY for s in seeds if n != "awesome_chatgpt_prompts"]
    rules = {
        "LOBSO block (seed 0)": thr["per_seed"][0]["block"],  # type: ignore[index]
        "LOBSO flag (seed 0)": thr["per_seed"][0]["flag"],  # type: ignore[index]
        "LOBSO block (all seeds)": smallest(every, hd_all, 0.0025),
        "LOBSO flag (all seeds)": smallest(every, hd_all, 0.01),
        "LOBSO block (all seeds), macro w/o awesome": smallest(no_acp, hd_all, 0.0025),
        "LOBSO flag (all seeds), macro w/o awesome": smallest(no_acp, hd_all, 0.01),
        "in-fold OOF block (recipe)": infold_block,
        "in-fold OOF flag (recipe)": infold_flag,
        "shipped block": 0.53,
        "shipped flag": 0.17,
    }
    thr["rules"] = rules
    out += [
        "",
        f"ordinary (macro) = {', '.join(ORDINARY)}; host_documents separate; "
        f"borderline = {', '.join(BORDERLINE)}",
        "per-seed LOBSO thresholds: "
        + "; ".join(f"seed {s}: {v}" for s, v in thr["per_seed"].items()),  # type: ignore[union-attr]
        "",
        "LOBSO/LOFO rates = mean over seeds; OOF = the recipe's 3-fold (seed 0). All in %.",
        "",
        "| rule | t | macro ord. | pooled ord. | worst ord. | host docs | attacks OOF | LOFO "
        + " / ".join(FAMILIES)
        + " | LOFO retargeted GCG / DSN | plain harmful OOF | "
        + " | ".join(BORDERLINE)
        + " |",
        "|---" * (10 + len(BORDERLINE)) + "|",
    ]
    for rule, t in rules.items():
        macro = np.mean([mean_rate(n, t) for n in ORDINARY])
        pooled = np.mean([rate(np.concatenate([held(n, s) for n in ORDINARY]), t) for s in seeds])
        worst = max(ORDINARY, key=lambda n: mean_rate(n, t))
        lo = " / ".join(f"{mean_rate(f, t, 'lofo'):.1f}" for f in FAMILIES)
        rt = " / ".join(f"{mean_rate(f, t, 'lofort'):.1f}" for f in ("GCG", "DSN"))
        bl = " | ".join(f"{mean_rate(n, t):.2f}" for n in BORDERLINE)
        out.append(
            f"| {rule} | {t:.2f} | {macro:.2f} | {pooled:.2f} | {worst} {mean_rate(worst, t):.2f} "
            f"| {mean_rate('host_documents', t):.2f} | {rate(po[y == 1], t):.1f} | {lo} | {rt} | "
            f"{rate(po[i1], t):.1f} | {bl} |"
        )
    out += ["", "attack recall % at " + " / ".join(map(str, POINTS)) + ":"]
    for f in FAMILIES:
        m = (fam == f) & (y == 1)
        lo = " / ".join(f"{mean_rate(f, t, 'lofo'):.1f}" for t in POINTS)
        rt = " / ".join(f"{mean_rate(f, t, 'lofort'):.1f}" for t in POINTS)
        out.append(
            f"- {f} (n={int(m.sum())}): OOF {rates(po[m])}; LOFO as published {lo}"
            + (f"; LOFO retargeted {rt}" if f in ("GCG", "DSN") else "")
        )
    out.append(f"- all attacks (n={int(y.sum())}): OOF {rates(po[y == 1])}")
    out.append(f"- plain harmful requests (n={int(i1.sum())}): OOF {rates(po[i1])}")
    out += [
        "",
        "OOF % >= 0.36 by source (check vs train_report.json): "
        + ", ".join(f"{s} {rate(po[src == s], 0.36):.2f}" for s in sorted(set(src.tolist()))),
    ]
    text = "\n".join(out) + "\n"
    tag = "_seeds" + "".join(map(str, seeds))
    (HERE / f"tables{tag}.md").write_text(text)
    (HERE / f"thresholds{tag}.json").write_text(json.dumps(thr, indent=1) + "\n")
    print(text)
