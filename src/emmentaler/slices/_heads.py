"""Numpy runtime for the trained heads shipped as ``assets/heads/*.npz`` (no sklearn at run time).

A head is a small MLP (one ReLU hidden layer; a plain logistic regression when the hidden
layer is absent) over the 384-d sentence embedding (plus, for some heads, a few lexical
features appended to it), followed by Platt scaling fitted on cross-validated scores, so that
a probability of 0.5 means roughly even odds on the training mixture::

    h = relu(x @ hidden_w + hidden_b)          # skipped when the file has no hidden layer
    p = sigmoid(platt_a * (h @ coef + intercept) + platt_b)

A head may also carry a softmax category layer (``cat_coef``, ``cat_intercept``,
``categories``). Long texts are scored per embedding window and the windows' maximum kept.

A head may also be *stacked* with a lexical logistic regression over hashed word features
(``lex_coef``, ``lex_intercept``, ``lex_weight``): the caller appends the lexical logit of the
text (:meth:`Head.lexical_logit`) as one more column after the embedding, and::

    p = sigmoid(platt_a * mlp_logit + platt_b + lex_weight * lexical_logit)
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
    lex_coef: np.ndarray | None = None
    lex_intercept: float = 0.0
    lex_weight: float | None = None

    @property
    def stacked(self) -> bool:
        """Whether the head expects a lexical logit as the last input column."""
        return self.lex_weight is not None and self.lex_coef is not None

    @property
    def n_features(self) -> int:
        """Length of the input vector this head expects (lexical column included)."""
        source = self.hidden_w if self.hidden_w is not None else self.coef
        return int(source.shape[0]) + (1 if self.stacked else 0)

    def lexical_logit(self, buckets: np.ndarray) -> float:
        """Lexical logit of a text from its distinct hashed feature ``buckets`` (L2-normalised)."""
        if self.lex_coef is None:
            raise ValueError("this head has no lexical layer")
        if buckets.size == 0:
            return self.lex_intercept
        total = float(self.lex_coef[buckets].sum())
        return total / float(np.sqrt(buckets.size)) + self.lex_intercept

    def proba(self, features: np.ndarray) -> np.ndarray:
        """Calibrated probability per row of ``features`` (shape ``(n, n_features)``)."""
        # In-place steps in the order of the formula: the same float32 roundings, fewer arrays.
        lexical: np.ndarray | None = None
        if self.stacked:
            lexical = (self.lex_weight or 0.0) * features[:, -1]
            features = features[:, :-1]
        if self.hidden_w is not None and self.hidden_b is not None:
            hidden = features @ self.hidden_w
            hidden += self.hidden_b
            features = np.maximum(hidden, 0.0, out=hidden)
        logits = features @ self.coef
        logits += self.intercept
        logits *= self.platt_a
        logits += self.platt_b
        if lexical is not None:
            logits += lexical
        return _sigmoid(logits)

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
    """``1 / (1 + exp(-clip(x, -40, 40)))``, overwriting ``x`` (a fresh array of the caller)."""
    np.maximum(x, -40.0, out=x)
    np.minimum(x, 40.0, out=x)
    np.negative(x, out=x)
    np.exp(x, out=x)
    x += 1.0
    result: np.ndarray = np.divide(1.0, x, out=x)
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
                lex_coef=_optional(data, "lex_coef"),
                lex_intercept=float(data["lex_intercept"]) if "lex_intercept" in data else 0.0,
                lex_weight=float(data["lex_weight"]) if "lex_weight" in data else None,
            )
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise AssetError(f"{path}: malformed head file ({exc}); {REBUILD}") from exc


def _optional(data: np.lib.npyio.NpzFile, key: str) -> np.ndarray | None:
    return np.asarray(data[key], dtype=np.float32) if key in data else None
