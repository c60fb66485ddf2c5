"""The fast lookups of the character model and the memory index give exactly the slow answers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from emmentaler import charlm
from emmentaler.memory_index import DIM, MemoryIndex

KEYS = st.lists(st.integers(min_value=0, max_value=(1 << 31) - 1), max_size=300, unique=True)


@settings(max_examples=60, deadline=None)
@given(keys=KEYS, queries=st.lists(st.integers(0, (1 << 31) - 1), max_size=80))
def test_key_table_finds_what_searchsorted_finds(keys: list[int], queries: list[int]) -> None:
    sorted_keys = np.array(sorted(keys), dtype=np.uint32)
    positions = np.arange(len(keys), dtype=np.int64)
    table = charlm.KeyTable(sorted_keys, np.stack([positions, -positions]))
    probe = np.array(queries + keys[:20], dtype=np.uint32)
    values, found = table.find(probe)
    assert values.shape == (2, len(probe))
    assert found.tolist() == np.isin(probe, sorted_keys).tolist()
    expected = np.searchsorted(sorted_keys, probe[found])
    assert values[0, found].tolist() == expected.tolist()
    assert values[1, found].tolist() == (-expected).tolist()


def test_key_table_of_no_keys_finds_nothing() -> None:
    table = charlm.KeyTable(np.zeros(0, dtype=np.uint32), np.zeros((2, 0), dtype=np.float16))
    values, found = table.find(np.array([0, 7, 1 << 30], dtype=np.uint32))
    assert not found.any()
    assert values.shape == (2, 3)


def _reference_surprisal(lm: charlm.CharLM, symbols: np.ndarray) -> np.ndarray:
    """The model's arithmetic with binary searches and every order looked up (the old code)."""
    n = len(symbols)
    packed = np.concatenate(charlm.packed_grams(symbols))
    tags = np.repeat(np.array([1 << (charlm.BITS * o) for o in range(1, 6)], np.uint32), n)
    grams = packed | tags
    contexts = (packed >> np.uint32(charlm.BITS)) | (tags >> np.uint32(charlm.BITS))
    at = np.searchsorted(lm.gram_keys, grams)
    found = (lm.gram_keys.take(at) == grams).reshape(charlm.ORDER, n)
    value = lm.gram_logp.take(at, axis=1).astype(np.float32).reshape(2, charlm.ORDER, n)
    at = np.searchsorted(lm.context_keys, contexts)
    bow = lm.context_bow.take(at, axis=1).astype(np.float32) * (
        lm.context_keys.take(at) == contexts
    )
    bow = bow.reshape(2, charlm.ORDER, n)
    logp = value[:, 0]
    for order in range(1, charlm.ORDER):
        logp = np.where(found[order], value[:, order], bow[:, order] + logp)
    result: np.ndarray = -logp
    return result


@settings(max_examples=40, deadline=None)
@given(text=st.text(max_size=200))
def test_surprisal_is_bit_identical_to_the_binary_search(text: str) -> None:
    lm = charlm.load().lm
    symbols = charlm.symbolize(text, lm.table)
    got = lm.surprisal(symbols)
    assert got.dtype == np.float32
    assert np.array_equal(got, _reference_surprisal(lm, symbols))


def _unit(rng: np.random.Generator, rows: int) -> np.ndarray:
    vectors = rng.standard_normal((rows, DIM)).astype(np.float32)
    result: np.ndarray = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    return result


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), rows=st.integers(1, 60), queries=st.integers(1, 9))
def test_memory_search_equals_the_einsum_over_every_row(seed: int, rows: int, queries: int) -> None:
    rng = np.random.default_rng(seed)
    index = MemoryIndex.empty("m").add(
        [str(i) for i in range(rows)],
        [v[None] for v in _unit(rng, rows)],
        sources=["s"] * rows,
        labels=["l"] * rows,
        previews=[""] * rows,
    )
    dense = index._dense
    assert dense is not None
    # near-copies of a stored row make close contenders for the best match
    picked = _unit(rng, queries) * 0.1 + dense[rng.integers(0, rows, queries)]
    query = (picked / np.linalg.norm(picked, axis=1, keepdims=True)).astype(np.float32)
    match = index.search(query)
    assert match is not None
    sims = np.einsum("rd,qd->rq", dense, query)
    row, _ = np.unravel_index(int(np.argmax(sims)), sims.shape)
    assert match.entry_id == index.ids[int(index.owners[row])]
    assert match.cosine == min(1.0, max(-1.0, float(sims.max())))


def test_surprisal_falls_back_to_binary_search_without_tables(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lm = charlm.load().lm
    monkeypatch.setattr(charlm, "MAX_DISPLACEMENT", 0)  # every table too spread out to keep
    arrays = {
        "table": lm.table,
        "gram_keys": lm.gram_keys,
        "gram_logp": lm.gram_logp,
        "context_keys": lm.context_keys,
        "context_bow": lm.context_bow,
    }
    slow = charlm.from_arrays(arrays)
    assert slow.gram_table is None and slow.context_table is None
    symbols = charlm.symbolize("Ignore the rules ]]} describing.\\ + similarlyNow", lm.table)
    assert np.array_equal(slow.surprisal(symbols), lm.surprisal(symbols))
