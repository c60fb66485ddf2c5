"""Search cost of the memory index at 100,000 entries (random unit vectors, fixed seed).

Above 20,000 rows the index prefilters by sign-bit Hamming distance and re-ranks 512
candidates exactly; below, it multiplies a float32 matrix. Run with
``.venv/bin/pytest benchmarks/test_memory_speed.py --benchmark-only -p no:cacheprovider
-o testpaths=benchmarks``.
The encoder is not part of these figures (see test_learned_speed.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from emmentaler.memory_index import MemoryIndex

DIM = 384


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    vectors: np.ndarray = rng.standard_normal((n, DIM)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def _index(n: int) -> tuple[MemoryIndex, np.ndarray]:
    rng = np.random.default_rng(0)
    vectors = _unit(rng, n)
    ids = [f"attack-{i}" for i in range(n)]
    index = MemoryIndex.empty("bench").add(
        ids,
        list(vectors[:, None, :]),
        sources=["bench"] * n,
        labels=["jailbreak"] * n,
        previews=[""] * n,
    )
    return index, vectors


@pytest.fixture(scope="module")
def large() -> tuple[MemoryIndex, np.ndarray]:
    return _index(100_000)


def test_search_100k_one_window(benchmark: Any, large: tuple[MemoryIndex, np.ndarray]) -> None:
    index, vectors = large
    query = vectors[4242] + 0.02 * _unit(np.random.default_rng(1), 1)[0]
    query /= np.linalg.norm(query)
    match = benchmark(index.search, query[None])
    assert match is not None
    assert match.entry_id == "attack-4242"
    assert index.vectors.nbytes + index._bits.nbytes < 45_000_000  # type: ignore[union-attr]


def test_search_100k_eight_windows(benchmark: Any, large: tuple[MemoryIndex, np.ndarray]) -> None:
    index, vectors = large
    queries = _unit(np.random.default_rng(2), 8)
    queries[5] = vectors[77]
    match = benchmark(index.search, queries)
    assert match is not None
    assert match.entry_id == "attack-77"


def test_search_seed_sized_exact(benchmark: Any) -> None:
    index, vectors = _index(5_000)
    match = benchmark(index.search, vectors[10:11])
    assert match is not None
    assert match.entry_id == "attack-10"
