"""Projections of the injection slice's stage-2 input (``train_injection.HEADS``).

A stage-2 feature row is ``[segment embedding (DIM), segment x document (DIM), context]``. A
head may zero a block or remove directions from it; both are linear, so ``project`` also folds
them into a first layer's input rows and run time never sees them.
"""

from __future__ import annotations

import numpy as np

DIM = 384
"""MiniLM embedding size: features ``[0, DIM)`` are the segment, ``[DIM, 2 DIM)`` the product."""
MIN_SOURCE = 20
"""Sources with fewer picked segments of a class give no nuisance direction."""


Blocks = dict[tuple[int, int], "np.ndarray | None"]
"""Feature blocks to project: an orthonormal basis (columns) to remove, or None to zero."""


def nuisance(x: np.ndarray, y: np.ndarray, src: np.ndarray, lo: int, hi: int) -> np.ndarray:
    """Orthonormal directions of block ``[lo, hi)`` that tell sources of one class apart.

    Each (class, source) centroid minus its class centroid, with the component along the
    difference of the class centroids removed (that direction is the signal), then SVD.
    """
    block = x[:, lo:hi].astype(np.float64)
    devs = []
    for label in (0, 1):
        members = y == label
        mean = block[members].mean(axis=0)
        for name in sorted(set(src[members].tolist())):
            mask = members & (src == name)
            if mask.sum() >= MIN_SOURCE:
                devs.append(block[mask].mean(axis=0) - mean)
    diff = block[y == 1].mean(axis=0) - block[y == 0].mean(axis=0)
    unit = diff / np.linalg.norm(diff)
    dev = np.stack(devs)
    dev -= np.outer(dev @ unit, unit)
    _, sing, vt = np.linalg.svd(dev, full_matrices=False)
    basis: np.ndarray = vt[sing > 1e-2 * sing[0]].T
    return basis


def projection(mode: str, x: np.ndarray, y: np.ndarray, src: np.ndarray) -> Blocks:
    """The treatment ``mode`` (see :data:`HEADS`) of the embedding blocks, fitted on ``x``."""
    if mode == "rel":
        return {(0, DIM): None}
    if mode == "nap":
        return {(lo, hi): nuisance(x, y, src, lo, hi) for lo, hi in ((0, DIM), (DIM, 2 * DIM))}
    return {}


def project(x: np.ndarray, blocks: Blocks) -> np.ndarray:
    """``x`` with each block projected (rows: samples, or a first layer's input rows)."""
    if not blocks:
        return x
    x = x.copy()
    for (lo, hi), basis in blocks.items():
        if basis is None:
            x[..., lo:hi] = 0.0
        else:
            part = x[..., lo:hi]
            x[..., lo:hi] = part - (part @ basis) @ basis.T
    return x
