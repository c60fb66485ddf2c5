"""Build assets/suffix/charlm.npz: the character model and calibration of the `suffix` slice.

Trains a Witten-Bell character 4-gram model on benign TRAIN prompts of ../shared/data
(15 % of each source, chosen by a hash of the id, is held out), then fits the slice's
two-feature logistic calibration on the held-out prompts (negatives) against the same
prompts with synthetic token soup appended (positives, seeded). Deterministic: same data,
same bytes. Prints the sha256 of what it wrote.

Usage: python scripts/models/build_suffix.py [--data ../shared/data] [--out src/emmentaler/assets]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pydoc_data.topics as pydoc_topics
import random
import sys
import sysconfig
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from emmentaler import charlm
from emmentaler._npz import write_npz
from emmentaler.assets import sha256_file
from emmentaler.slices import suffix

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "models"))

from manifest import write_manifest  # noqa: E402 - needs the path set above

SEED = 20260
HOLDOUT_PERCENT = 15
PROMPT_SOURCES = (
    "gpteacher/prompts.jsonl",
    "mbpp/prompts.jsonl",
    "humaneval/prompts.jsonl",
    "mgsm/prompts.jsonl",
    "xquad/prompts.jsonl",
    "nq_open/prompts.jsonl",
    "self_instruct/prompts.jsonl",
    "wildguard_benign/prompts.jsonl",
    "awesome_chatgpt_prompts/prompts.jsonl",
    "gsm8k/prompts.jsonl",
    "cyberseceval/frr_benign.jsonl",
)
CONVERSATION_SOURCES = ("mt_bench_101/conversations.jsonl", "sgd_dialogues/conversations.jsonl")
STDLIB_CODE = (
    "argparse", "textwrap", "csv", "fractions", "statistics", "shutil", "configparser",
    "tempfile", "difflib", "heapq", "calendar", "smtplib", "mailbox", "base64", "uuid",
    "ipaddress", "dataclasses", "functools", "email/utils", "urllib/parse", "html/parser",
    "_pydecimal", "turtle", "random", "string", "enum", "inspect", "tarfile", "subprocess",
    "logging/__init__", "http/client", "json/__init__", "collections/__init__",
)  # fmt: skip
"""Python standard-library modules (of the interpreter running the build) used as code samples,
with the interpreter's own documentation topics (prose with code and REPL examples): the data
sets hold little code, and a model that never saw code finds it absurd."""
CODE_CHUNK = 1500
SOUP_TEXTS = 5_000
PUNCTUATION = [*"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    "](", "**", "--", "({[", "\\!", "])", "=>", "'];", "}$.", "__", ">>", ");", "...", "\":",
]  # fmt: skip


def read_jsonl(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def benign_texts(data: Path) -> list[tuple[str, str]]:
    """(id, text) of every benign TRAIN prompt and conversation turn, in file order."""
    out: list[tuple[str, str]] = []
    for name in PROMPT_SOURCES:
        for row in read_jsonl(data / name):
            if row.get("label") == "benign":
                out.append((str(row["id"]), str(row["text"])))
    for name in CONVERSATION_SOURCES:
        for row in read_jsonl(data / name):
            turns = row.get("turns")
            if row.get("label") == "benign" and isinstance(turns, list):
                for index, turn in enumerate(turns):
                    out.append((f"{row['id']}/{index}", str(turn["content"])))
    return out


def code_texts() -> list[tuple[str, str]]:
    """(id, chunk) of the standard-library modules in STDLIB_CODE, in CODE_CHUNK pieces."""
    root = Path(sysconfig.get_paths()["stdlib"])
    out = []
    sources = [(name, (root / f"{name}.py").read_text(encoding="utf-8")) for name in STDLIB_CODE]
    sources += sorted(pydoc_topics.topics.items())
    for name, source in sources:
        for start in range(0, len(source), CODE_CHUNK):
            out.append((f"stdlib-{name}-{start}", source[start : start + CODE_CHUNK]))
    return out


def held_out(item_id: str) -> bool:
    digest = hashlib.sha1(item_id.split("/")[0].encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < HOLDOUT_PERCENT


def count(texts: list[str], table: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Unique packed n-grams and their counts, per order 1..ORDER."""
    per_order: list[list[np.ndarray]] = [[] for _ in range(charlm.ORDER)]
    for text in texts:
        grams = charlm.packed_grams(charlm.symbolize(text, table))
        for order in range(charlm.ORDER):
            per_order[order].append(grams[order])
    out = []
    for arrays in per_order:
        keys, counts = np.unique(np.concatenate(arrays), return_counts=True)
        out.append((keys.astype(np.uint32), counts.astype(np.float64)))
    return out


def witten_bell(counted: list[tuple[np.ndarray, np.ndarray]]) -> dict[str, np.ndarray]:
    """Interpolated Witten-Bell log probabilities of seen grams and back-off weights."""
    gram_keys, gram_logp, context_keys, context_bow = [], [], [], []
    n_symbols = 1 << charlm.BITS
    unigram_keys, unigram_counts = counted[0]
    full = np.ones(n_symbols)  # add-one: every symbol has a unigram probability
    full[unigram_keys] += unigram_counts
    lower = np.log(full / full.sum())
    lower_keys = np.arange(n_symbols, dtype=np.uint32)
    gram_keys.append(charlm.gram_key(1, lower_keys))
    gram_logp.append(lower)
    for order in range(2, charlm.ORDER + 1):
        keys, counts = counted[order - 1]
        contexts = keys >> np.uint32(charlm.BITS)
        ctx, inverse, types = np.unique(contexts, return_inverse=True, return_counts=True)
        totals = np.bincount(inverse, weights=counts)
        lam = totals / (totals + types)
        mask = np.uint32((1 << (charlm.BITS * (order - 1))) - 1)
        backed = np.searchsorted(lower_keys, keys & mask)
        logp = np.log(
            lam[inverse] * counts / totals[inverse] + (1 - lam[inverse]) * np.exp(lower[backed])
        )
        gram_keys.append(charlm.gram_key(order, keys))
        gram_logp.append(logp)
        context_keys.append(charlm.context_key(order, ctx))
        context_bow.append(np.log(1 - lam))
        lower_keys, lower = keys, logp
    g_keys = np.concatenate(gram_keys)
    c_keys = np.concatenate(context_keys)
    g_order, c_order = np.argsort(g_keys), np.argsort(c_keys)
    return {
        "gram_keys": g_keys[g_order],
        "gram_logp": np.concatenate(gram_logp)[g_order],
        "context_keys": c_keys[c_order],
        "context_bow": np.concatenate(context_bow)[c_order],
    }


def merge(models: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray]:
    """One sorted key array per kind, with one float16 row of values per model.

    A gram one model never saw gets that model's back-off value (its context's back-off
    weight, 0 for an unseen context, plus its value of the shorter gram), which is exactly
    what a lookup would compute; an unseen context gets weight 0. So every row is complete
    and one lookup serves every model.
    """
    context_keys = np.unique(np.concatenate([model["context_keys"] for model in models]))
    context_bow = np.zeros((len(models), len(context_keys)), dtype=np.float64)
    for row, model in enumerate(models):
        context_bow[row, np.searchsorted(context_keys, model["context_keys"])] = model[
            "context_bow"
        ]
    gram_keys = np.unique(np.concatenate([model["gram_keys"] for model in models]))
    gram_logp = np.full((len(models), len(gram_keys)), np.nan, dtype=np.float64)
    for row, model in enumerate(models):
        gram_logp[row, np.searchsorted(gram_keys, model["gram_keys"])] = model["gram_logp"]
    for order in range(2, charlm.ORDER + 1):
        at = np.flatnonzero((gram_keys >> np.uint32(charlm.BITS * order)) == 1)
        packed = gram_keys[at] & np.uint32((1 << (charlm.BITS * order)) - 1)
        lower_mask = np.uint32((1 << (charlm.BITS * (order - 1))) - 1)
        shorter = charlm.gram_key(order - 1, packed & lower_mask)
        context = charlm.context_key(order, packed >> np.uint32(charlm.BITS))
        lower = gram_logp[:, np.searchsorted(gram_keys, shorter)]
        where = np.searchsorted(context_keys, context).clip(max=len(context_keys) - 1)
        known = context_keys[where] == context
        bow = np.where(known, context_bow[:, where], 0.0)
        missing = np.isnan(gram_logp[:, at])
        gram_logp[:, at] = np.where(missing, bow + lower, gram_logp[:, at])
    if np.isnan(gram_logp).any():
        raise RuntimeError("a gram's shorter gram is missing from every model")
    sentinel = np.array([charlm.SENTINEL], dtype=np.uint32)
    column = np.zeros((len(models), 1))
    return {
        "gram_keys": np.concatenate([gram_keys, sentinel]),
        "gram_logp": np.concatenate([gram_logp, column], axis=1).astype(np.float16),
        "context_keys": np.concatenate([context_keys, sentinel]),
        "context_bow": np.concatenate([context_bow, column], axis=1).astype(np.float16),
    }


def soup_vocabulary(texts: list[str], rng: random.Random, half: int) -> list[str]:
    """Word pieces for synthetic soup from one half (0 or 1, by hash) of the training words.

    The soup model learns from one half and the calibration's positives use the other, so
    the calibration weighs the soup model only as far as it generalises to unseen soup.
    """
    words = sorted(
        w
        for w in {w for t in texts for w in t.split() if w.isascii() and 2 <= len(w) <= 14}
        if hashlib.sha1(w.encode()).digest()[0] % 2 == half
    )
    pieces = []
    for word in rng.sample(words, min(len(words), 4000)):
        cut = rng.randint(1, max(1, len(word) - 1))
        pieces += [word, word[:cut], word[cut:], word.capitalize(), word.upper()[:4]]
    return pieces


def wordpiece_vocabulary(half: int) -> list[str]:
    """Word pieces of the shipped MiniLM tokenizer (one half, by hash): LLM-like tokens.

    GCG and similar attacks pick tokens from a model's vocabulary, so soup built from one
    (``##`` pieces glued to the previous token) looks more like theirs than whole words do.
    """
    path = ROOT / "src" / "emmentaler" / "assets" / "minilm" / "tokenizer.json"
    vocab = json.loads(path.read_text(encoding="utf-8"))["model"]["vocab"]
    return sorted(
        piece
        for piece, number in vocab.items()
        if number >= 1000
        and piece.isascii()
        and hashlib.sha1(piece.encode()).digest()[0] % 2 == half
    )


def soup(vocabulary: list[str], rng: random.Random) -> str:
    """A GCG-like string: 10-28 word pieces and punctuation, joined irregularly."""
    out = []
    for _ in range(rng.randint(10, 28)):
        token = rng.choice(PUNCTUATION) if rng.random() < 0.3 else rng.choice(vocabulary)
        if token.startswith("##"):
            out.append(token[2:])
            continue
        if rng.random() < 0.15:
            token += rng.choice(vocabulary).removeprefix("##").capitalize()
        out.append((" " if rng.random() < 0.55 else "") + token)
    return "".join(out).strip()


def calibrate(
    model: charlm.SuffixModel, negatives: list[str], vocabularies: list[list[str]]
) -> list[float]:
    """Logistic weights (worst, gap, llr, bias): held-out benign vs the same with soup appended."""
    from sklearn.linear_model import LogisticRegression

    rng = random.Random(SEED + 1)
    positives = []
    for index, text in enumerate(negatives):
        tail = soup(vocabularies[index % len(vocabularies)], rng)
        positives.append(tail if rng.random() < 0.1 else f"{text[-600:]} {tail}")
    rows, labels = [], []
    for label, texts in ((0, negatives), (1, positives)):
        for text in texts:
            seen = suffix.features(model, text[-suffix.CHUNK_CHARS :], 24, 16, 256)
            if seen is not None:
                rows.append([seen.worst, seen.gap, seen.llr])
                labels.append(label)
    fit = LogisticRegression(C=1.0, class_weight={0: 4.0, 1: 1.0}, max_iter=1000)
    fit.fit(np.array(rows), labels)
    return [*(float(v) for v in fit.coef_[0]), float(fit.intercept_[0])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "emmentaler" / "assets")
    args = parser.parse_args(argv)
    table = charlm.build_symbol_table()
    items = benign_texts(args.data) + code_texts()
    train = [text for item_id, text in items if not held_out(item_id)]
    holdout = [text for item_id, text in items if held_out(item_id) and "/" not in item_id]
    rng = random.Random(SEED)
    learned = [soup_vocabulary(train, rng, 0), wordpiece_vocabulary(0)]
    soups = [soup(learned[i % 2], rng) for i in range(SOUP_TEXTS)]
    models = [witten_bell(count(train, table)), witten_bell(count(soups, table))]
    grams = [len(model["gram_keys"]) for model in models]
    arrays = merge(models)
    arrays["table"] = table
    model = charlm.SuffixModel(lm=charlm.from_arrays(arrays), weights=(0.0, 0.0, 0.0, 0.0))
    weights = calibrate(model, holdout, [soup_vocabulary(train, rng, 1), wordpiece_vocabulary(1)])
    arrays["weights"] = np.array(weights, dtype=np.float64)
    path = args.out / charlm.ASSET
    write_npz(path, arrays)
    write_manifest()
    print(
        f"suffix: {len(train)} train texts, {len(holdout)} held out, {grams} grams "
        f"({len(arrays['gram_keys'])} keys)"
    )
    print("suffix: weights worst={:.4f} gap={:.4f} llr={:.4f} bias={:.4f}".format(*weights))
    print(f"{sha256_file(path)}  {path.relative_to(args.out)}  {path.stat().st_size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
