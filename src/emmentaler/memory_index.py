"""An index of known attacks: unit vectors with ids, sources and short previews.

Vectors are stored as int8 with one float32 scale per row (a row is one window of an entry's
text: long jailbreak templates get several rows). One ``.npz`` holds everything; it is
written atomically (temporary file, fsync, ``os.replace``) so a crash leaves the old index or
the new one, never a torn file. ``remember`` and ``forget`` take an advisory lock on
``<index>.lock`` around their read-modify-write.

Search is exact for small indexes (float32 dot products, 0.1 to 0.2 ms per query on the
4,100-row seed, bound by memory bandwidth). Above ``EXACT_ROWS`` rows
the rows are prefiltered by the Hamming distance of their sign bits (48 bytes per row; a
column-major XOR and popcount over 100,000 rows costs well under a millisecond), then the
closest candidates are re-ranked exactly from the int8 rows.

Examples:
    >>> import numpy as np
    >>> vectors = np.eye(3, 384, dtype=np.float32)
    >>> index = MemoryIndex.empty("test").add(["a", "b", "c"], [v[None] for v in vectors],
    ...     sources=["x"] * 3, labels=["jailbreak"] * 3, previews=["", "", ""])
    >>> index.search(vectors[1:2]).entry_id
    'b'
"""

from __future__ import annotations

import contextlib
import os
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from . import _npz
from .errors import AssetError

DIM = 384
EXACT_ROWS = 20_000
"""Up to this many rows, search multiplies a float32 copy of the matrix (at most 30 MB)."""
CANDIDATES = 512
"""Rows re-ranked exactly after the sign-bit prefilter of a large index."""
SHORTLIST_MARGIN = 2e-4
"""Rows whose fast dot product is this close to the best are re-scored exactly. Two float32
dot products of unit vectors of 384 dimensions, summed in different orders, differ by at most
384 x 2**-24 < 2.3e-5 each from the exact value (measured: under 1e-7 apart), so the best
row always makes the list."""
PREVIEW_CHARS = 80
FORMAT = 1


@dataclass(frozen=True, slots=True)
class Match:
    """The nearest known attack to a query: its entry and the cosine similarity."""

    cosine: float
    entry_id: str
    source: str
    label: str
    preview: str


class MemoryIndex:
    """Immutable in memory: ``add`` and ``remove`` return a new index; ``save`` writes it.

    Args:
        model: identity of the encoder that made the vectors (vectors of another encoder
            are not comparable).
        vectors: int8 rows ``(n_rows, 384)``; ``scales``: float32 per row, so that
            ``vectors[i] * scales[i]`` is the unit vector.
        owners: for each row, the index of its entry in ``ids``.
        ids, sources, labels, previews: one per entry.
    """

    def __init__(
        self,
        model: str,
        vectors: np.ndarray,
        scales: np.ndarray,
        owners: np.ndarray,
        ids: Sequence[str],
        sources: Sequence[str],
        labels: Sequence[str],
        previews: Sequence[str],
    ) -> None:
        self.model = model
        self.vectors = np.ascontiguousarray(vectors, dtype=np.int8).reshape(-1, DIM)
        self.scales = np.ascontiguousarray(scales, dtype=np.float32).ravel()
        self.owners = np.ascontiguousarray(owners, dtype=np.int32).ravel()
        self.ids = tuple(str(v) for v in ids)
        self.sources = tuple(str(v) for v in sources)
        self.labels = tuple(str(v) for v in labels)
        self.previews = tuple(str(v) for v in previews)
        n_rows, n_entries = len(self.vectors), len(self.ids)
        if not (len(self.scales) == len(self.owners) == n_rows):
            raise ValueError("vectors, scales and owners must have one row each")
        if not (len(self.sources) == len(self.labels) == len(self.previews) == n_entries):
            raise ValueError("ids, sources, labels and previews must have one entry each")
        if n_rows and (self.owners.min() < 0 or self.owners.max() >= n_entries):
            raise ValueError("owners must index entries")
        self._dense: np.ndarray | None = None
        self._bits: np.ndarray | None = None
        if n_rows <= EXACT_ROWS:
            self._dense = self.vectors.astype(np.float32) * self.scales[:, None]
        else:
            self._bits = _sign_bits(self.vectors)

    @classmethod
    def empty(cls, model: str) -> MemoryIndex:
        """An index with no entries."""
        none = np.zeros(0)
        return cls(model, np.zeros((0, DIM), np.int8), none, none, [], [], [], [])

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def rows(self) -> int:
        """Number of vectors (windows) over all entries."""
        return len(self.vectors)

    def add(
        self,
        ids: Sequence[str],
        vectors: Sequence[np.ndarray],
        *,
        sources: Sequence[str],
        labels: Sequence[str],
        previews: Sequence[str],
    ) -> MemoryIndex:
        """A new index with these entries added (an existing id is replaced).

        ``vectors[i]`` holds the unit row vectors ``(k_i, 384)`` of entry ``ids[i]``.
        """
        if len({len(ids), len(vectors), len(sources), len(labels), len(previews)}) != 1:
            raise ValueError("ids, vectors, sources, labels and previews must have equal length")
        kept = self.remove(ids)
        blocks = [np.asarray(v, dtype=np.float32).reshape(-1, DIM) for v in vectors]
        quantized, scales = quantize(np.concatenate(blocks) if blocks else np.zeros((0, DIM)))
        owners = np.repeat(np.arange(len(kept), len(kept) + len(blocks)), [len(b) for b in blocks])
        return MemoryIndex(
            self.model,
            np.concatenate([kept.vectors, quantized]),
            np.concatenate([kept.scales, scales]),
            np.concatenate([kept.owners, owners]),
            [*kept.ids, *ids],
            [*kept.sources, *sources],
            [*kept.labels, *labels],
            [*kept.previews, *(p[:PREVIEW_CHARS] for p in previews)],
        )

    def remove(self, ids: Sequence[str]) -> MemoryIndex:
        """A new index without the entries whose id is in ``ids``."""
        drop = set(ids)
        keep = [i for i, entry_id in enumerate(self.ids) if entry_id not in drop]
        if len(keep) == len(self.ids):
            return self
        renumber = np.full(len(self.ids) + 1, -1, dtype=np.int32)
        renumber[keep] = np.arange(len(keep), dtype=np.int32)
        rows = renumber[self.owners] >= 0
        return MemoryIndex(
            self.model,
            self.vectors[rows],
            self.scales[rows],
            renumber[self.owners[rows]],
            [self.ids[i] for i in keep],
            [self.sources[i] for i in keep],
            [self.labels[i] for i in keep],
            [self.previews[i] for i in keep],
        )

    def search(self, queries: np.ndarray) -> Match | None:
        """The entry closest to any of the unit ``queries`` ``(k, 384)``, or None if empty."""
        if self.rows == 0 or len(queries) == 0:
            return None
        queries = np.asarray(queries, dtype=np.float32).reshape(-1, DIM)
        if self._dense is not None:
            row, cosine = _nearest(self._dense, queries)
            return self._match(row, cosine)
        candidates = self._candidates(queries)
        rows = self.vectors[candidates].astype(np.float32)
        sims = np.einsum("rd,qd->rq", rows, queries) * self.scales[candidates, None]
        best, _ = np.unravel_index(int(np.argmax(sims)), sims.shape)
        return self._match(int(candidates[best]), float(sims.max()))

    def _candidates(self, queries: np.ndarray) -> np.ndarray:
        """Rows whose sign bits are closest to those of any query (at most CANDIDATES)."""
        if self._bits is None:
            raise RuntimeError("sign bits are built for large indexes only")
        distance: np.ndarray | None = None
        for query in queries:
            code = np.packbits(query > 0).view(np.uint64)
            this = np.bitwise_count(self._bits[0] ^ code[0]).astype(np.uint16)
            for word in range(1, len(code)):
                this += np.bitwise_count(self._bits[word] ^ code[word])
            distance = this if distance is None else np.minimum(distance, this)
        if distance is None or len(distance) <= CANDIDATES:
            return np.arange(self.rows)
        return np.argpartition(distance, CANDIDATES)[:CANDIDATES]

    def _match(self, row: int, cosine: float) -> Match:
        entry = int(self.owners[row])
        return Match(
            cosine=min(1.0, max(-1.0, cosine)),
            entry_id=self.ids[entry],
            source=self.sources[entry],
            label=self.labels[entry],
            preview=self.previews[entry],
        )

    def arrays(self) -> dict[str, np.ndarray]:
        """Everything needed to rebuild the index, as plain (pickle-free) arrays."""
        return {
            "format": np.array(FORMAT, dtype=np.int32),
            "model": np.array(self.model),
            "vectors": self.vectors,
            "scales": self.scales,
            "owners": self.owners,
            "ids": np.array(self.ids, dtype=str).reshape(-1),
            "sources": np.array(self.sources, dtype=str).reshape(-1),
            "labels": np.array(self.labels, dtype=str).reshape(-1),
            "previews": np.array(self.previews, dtype=str).reshape(-1),
        }

    def save(self, path: Path) -> None:
        """Write the index atomically (readable by its owner only: it quotes attacks)."""
        _npz.write_npz(path, self.arrays(), compress=False, mode=0o600)

    @classmethod
    def load(cls, path: Path) -> MemoryIndex:
        """Read an index written by ``save`` (or the build script).

        Raises:
            AssetError: the file is missing, corrupted or of another format; the message
                names it.
        """
        try:
            # np.load leaks its own file handle when the zip is corrupt: own the handle.
            with path.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
                if int(data["format"]) != FORMAT:
                    raise ValueError(f"format {int(data['format'])}, expected {FORMAT}")
                return cls(
                    str(data["model"]),
                    data["vectors"],
                    data["scales"],
                    data["owners"],
                    data["ids"].tolist(),
                    data["sources"].tolist(),
                    data["labels"].tolist(),
                    data["previews"].tolist(),
                )
        except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as exc:
            raise AssetError(f"{path}: cannot read the memory index ({exc})") from exc


def _products(rows: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Dot products ``(n_rows, n_queries)`` of every row with every query, on one thread.

    ``np.vecdot`` runs one unthreaded dot product per pair (2-3x faster than an einsum on the
    4,100-row seed). A BLAS matrix product would be faster still, but it may wake OpenBLAS's
    thread pool, whose spinning threads stalled a loaded 2-core host for 16 ms a call.
    """
    out = np.empty((len(rows), len(queries)), dtype=np.float32)
    for column, query in enumerate(queries):
        out[:, column] = np.vecdot(rows, query)
    return out


def _nearest(rows: np.ndarray, queries: np.ndarray) -> tuple[int, float]:
    """The row closest to any of ``queries`` (the earliest on ties) and its dot product.

    The fast products only shortlist rows within :data:`SHORTLIST_MARGIN` of the best; the
    shortlist is re-scored with the einsum this search always used (row by row, so its
    results do not depend on which rows it is given), and the answer is bit for bit the
    same as an einsum over every row.
    """
    sims = _products(rows, queries)
    near = np.flatnonzero((sims >= sims.max() - SHORTLIST_MARGIN).any(axis=1))
    exact = np.einsum("rd,qd->rq", rows[near], queries)
    flat = int(np.argmax(exact))
    return int(near[flat // exact.shape[1]]), float(exact.flat[flat])


def quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Int8 rows and float32 per-row scales of float ``vectors`` (symmetric, max-abs)."""
    vectors = np.asarray(vectors, dtype=np.float32).reshape(-1, DIM)
    peak = np.abs(vectors).max(axis=1) if len(vectors) else np.zeros(0, np.float32)
    scales = np.where(peak > 0, peak / 127.0, 1.0).astype(np.float32)
    quantized = np.clip(np.rint(vectors / scales[:, None]), -127, 127).astype(np.int8)
    return quantized, scales


def _sign_bits(vectors: np.ndarray) -> np.ndarray:
    """Sign bits of each row, column-major: ``(6, n_rows)`` uint64 words."""
    packed = np.packbits(vectors > 0, axis=1).view(np.uint64)
    return np.ascontiguousarray(packed.T)


@contextlib.contextmanager
def locked(path: Path) -> Iterator[None]:
    """Hold an exclusive advisory lock on ``<path>.lock`` (POSIX; a no-op elsewhere)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        import fcntl
    except ImportError:  # Windows: os.replace is still atomic; concurrent writers may race
        yield
        return
    fd = os.open(path.with_name(path.name + ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)
