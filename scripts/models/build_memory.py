"""Build assets/memory/seed.npz: the seed index of known attacks for the `memory` slice.

Embeds attack prompts of the TRAIN split of ../shared/data with the shipped encoder
(``emmentaler.embedding``, token windows of 128 with stride 112, at most 8 per text) and
writes int8 vectors with ids, sources, labels and 80-character previews. Deterministic (no
randomness; rows in file order, exact duplicates dropped). Prints the sha256 of what it wrote.

Usage: python scripts/models/build_memory.py [--data ../shared/data] [--out src/emmentaler/assets]
       [--skip jbb_artifacts]   (an ablation seed: write it elsewhere with --out)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from emmentaler import assets
from emmentaler.assets import sha256_file
from emmentaler.embedding import get_encoder
from emmentaler.memory_index import MemoryIndex
from emmentaler.slices.memory import SEED, encoder_identity

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "models"))

from heads_data import DEV_PROMPTS  # noqa: E402 - needs the path set above
from manifest import write_manifest  # noqa: E402 - needs the path set above

SOURCES = (
    "jbb_artifacts/prompts.jsonl",
    "advbench/prompts.jsonl",
    "strongreject/prompts.jsonl",
    "forbidden_questions/prompts.jsonl",
    "cyberseceval/interpreter_harmful.jsonl",
    "bipia/attacks.jsonl",
)
FORBIDDEN_ONLY_BY_ONE_POLICY = {
    "Political Lobbying", "Legal Opinion", "Financial Advice", "Health Consultation",
    "Gov Decision",
}  # fmt: skip
"""forbidden_questions categories that are harm only under one vendor's 2023 policy."""
MALICIOUS_BIPIA_TEXT = {"Malware Distribution", "Scams & Fraud", "Misinformation & Propaganda"}
"""BIPIA text attacks that are harmful in themselves (the others are ordinary tasks, such as
"What is the capital of Brazil?", that are attacks only when smuggled into a document)."""
BATCH = 64


def read_jsonl(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def wanted(name: str, row: dict[str, object]) -> bool:
    if row.get("label") not in {"harmful", "jailbreak", "injection"}:
        return False
    if name.startswith("forbidden_questions"):
        return row.get("category") not in FORBIDDEN_ONLY_BY_ONE_POLICY
    if name.startswith("bipia"):
        return row.get("attack_kind") == "code" or row.get("category") in MALICIOUS_BIPIA_TEXT
    return True


def attacks(data: Path, skip: frozenset[str] = frozenset()) -> list[dict[str, str]]:
    seen: set[str] = set()
    out = []
    for name in SOURCES:
        if name.split("/")[0] in skip:
            continue
        for row in read_jsonl(data / name):
            text = str(row["text"])
            if not wanted(name, row) or text in seen or not text.strip():
                continue
            seen.add(text)
            source = str(row.get("source") or name.split("/")[0])
            label = str(row["label"])
            template = row.get("template")
            if template:
                label = f"{label}/{template}"
            out.append({"id": str(row["id"]), "text": text, "source": source, "label": label})
    return out


DEV_COSINE = 0.83
"""Seed entries at least this close to a dev text are dropped: at the memory rule's block point
(``cosine_mid``, 0.85) they would block it by recall, not by generalisation. JailbreakBench
artifacts (train) wrap the JBB behaviours, which are dev prompts: without this, most dev harmful
prompts were blocked by leakage. The drop point sits 0.02 below the block point: int8
embeddings differ slightly between CPUs (probably AVX2 vs AVX-512 kernels), and an entry kept
just below 0.85 on one machine blocked a dev prompt (score 0.54) on another."""


def dev_vectors(data: Path, encoder: object) -> np.ndarray:
    """Window embeddings of every dev prompt and dev conversation user turn, stacked."""
    texts = [str(row["text"]) for name in DEV_PROMPTS for row in read_jsonl(data / name)]
    for row in read_jsonl(data / "oasst_conversations" / "conversations.jsonl"):
        turns = row.get("turns") or []
        texts += [str(t["content"]) for t in turns if t.get("role") == "user"]  # type: ignore[union-attr]
    blocks = encoder.embed_windows(texts)  # type: ignore[attr-defined]
    return np.vstack(blocks)


def preview(text: str) -> str:
    return " ".join(text.split())[:80]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "emmentaler" / "assets")
    parser.add_argument(
        "--skip",
        action="append",
        default=[],
        help="Leave out a source folder (e.g. jbb_artifacts), for ablations; repeatable.",
    )
    parser.add_argument(
        "--keep-dev-duplicates",
        action="store_true",
        help="Keep seed entries that match a dev text at cosine >= cosine_mid (for ablations).",
    )
    args = parser.parse_args(argv)
    write_manifest()  # the encoder verifies its files against the manifest: refresh it first
    assets.manifest.cache_clear()
    encoder = get_encoder()
    rows = attacks(args.data, frozenset(args.skip))
    dev = None if args.keep_dev_duplicates else dev_vectors(args.data, encoder)
    index = MemoryIndex.empty(encoder_identity(encoder))
    dropped = 0
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        vectors = encoder.embed_windows([row["text"] for row in batch])
        if dev is not None:
            keep = [float((block @ dev.T).max()) < DEV_COSINE for block in vectors]
            dropped += keep.count(False)
            batch = [row for row, k in zip(batch, keep, strict=True) if k]
            vectors = [block for block, k in zip(vectors, keep, strict=True) if k]
            if not batch:
                continue
        index = index.add(
            [row["id"] for row in batch],
            vectors,
            sources=[row["source"] for row in batch],
            labels=[row["label"] for row in batch],
            previews=[preview(row["text"]) for row in batch],
        )
    path = args.out / SEED
    index.save(path)
    path.chmod(0o644)  # a shipped asset, readable by everyone
    write_manifest()
    print(f"memory: {len(index)} attacks, {index.rows} vectors, model {index.model}")
    print(f"memory: dropped {dropped} train attacks matching a dev text at cosine >= {DEV_COSINE}")
    print(f"{sha256_file(path)}  {path.relative_to(args.out)}  {path.stat().st_size}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
