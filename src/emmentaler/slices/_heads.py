"""Numpy runtime for the trained heads shipped as ``assets/heads/*.npz`` (no sklearn at run time).

A head is a small MLP (one ReLU hidden layer; a plain logistic regression when the hidden
layer is absent) over the 384-d sentence embedding (plus, for some heads, a few lexical
features appended to it), followed by Platt scaling fitted on cross-validated scores, so that
a probability of 0.5 means roughly even odds on the training mixture::

    h = relu(x @ hidden_w + hidden_b)          # skipped when the file has no hidden layer
    p = sigmoid(platt_a * (h @ coef + intercept) + platt_b)

A head may also carry a softmax category layer (``cat_coef``, ``cat_intercept``,
``categories``). Long texts are scored per embedding window and the windows' maximum kept.
"""

from __future__ import annotations

import functools
import threading
import zipfile
from dataclasses import dataclass

import numpy as np

from ..assets import REBUILD, asset_path
from ..errors import AssetError


@dataclass(frozen=True)
class Head:
    """One logistic head with Platt calibration and optional categories."""

    coef: np.ndarray
    intercept: float
    platt_a: float
    platt_b: float
    threshold: float
    hidden_w: np.ndarray | None = None
    hidden_b: np.ndarray | None = None
    categories: tuple[str, ...] = ()
    cat_coef: np.ndarray | None = None
    cat_intercept: np.ndarray | None = None

    @property
    def n_features(self) -> int:
        """Length of the input vector this head expects."""
        source = self.hidden_w if self.hidden_w is not None else self.coef
        return int(source.shape[0])

    def proba(self, features: np.ndarray) -> np.ndarray:
        """Calibrated probability per row of ``features`` (shape ``(n, n_features)``)."""
        if self.hidden_w is not None and self.hidden_b is not None:
            features = np.maximum(features @ self.hidden_w + self.hidden_b, 0.0)
        logits = features @ self.coef + self.intercept
        return _sigmoid(self.platt_a * logits + self.platt_b)

    def category_proba(self, features: np.ndarray) -> np.ndarray:
        """Softmax over :attr:`categories` per row (shape ``(n, len(categories))``)."""
        if self.cat_coef is None or self.cat_intercept is None:
            raise ValueError("this head has no category layer")
        z = features @ self.cat_coef.T + self.cat_intercept
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        result: np.ndarray = e / e.sum(axis=1, keepdims=True)
        return result


def _sigmoid(x: np.ndarray) -> np.ndarray:
    result: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(x, -40.0, 40.0)))
    return result


_lock = threading.Lock()


def load_head(name: str) -> Head:
    """Load ``assets/heads/<name>.npz`` once per process (verified against the manifest).

    Raises:
        AssetError: the file is missing, corrupted or malformed.
    """
    with _lock:
        return _load(name)


@functools.cache
def _load(name: str) -> Head:
    path = asset_path(f"heads/{name}.npz")
    try:
        with np.load(path, allow_pickle=False) as data:
            categories = tuple(str(c) for c in data["categories"]) if "categories" in data else ()
            return Head(
                coef=np.asarray(data["coef"], dtype=np.float32),
                intercept=float(data["intercept"]),
                platt_a=float(data["platt_a"]),
                platt_b=float(data["platt_b"]),
                threshold=float(data["threshold"]),
                hidden_w=_optional(data, "hidden_w"),
                hidden_b=_optional(data, "hidden_b"),
                categories=categories,
                cat_coef=np.asarray(data["cat_coef"], dtype=np.float32) if categories else None,
                cat_intercept=np.asarray(data["cat_intercept"], dtype=np.float32)
                if categories
                else None,
            )
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise AssetError(f"{path}: malformed head file ({exc}); {REBUILD}") from exc


def _optional(data: np.lib.npyio.NpzFile, key: str) -> np.ndarray | None:
    return np.asarray(data[key], dtype=np.float32) if key in data else None
