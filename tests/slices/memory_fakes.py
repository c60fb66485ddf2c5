"""A deterministic stand-in for the MiniLM encoder: hashed bag of words, unit length."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

DIM = 384
WORDS_PER_WINDOW = 40


def _vector(words: Sequence[str]) -> np.ndarray:
    vector = np.full(DIM, 0.01, dtype=np.float32)
    for word in words:
        digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=4).digest()
        vector[int.from_bytes(digest[:2], "big") % DIM] += 1.0 if digest[2] % 2 else -1.0
    vector /= float(np.linalg.norm(vector))
    return vector


class FakeEncoder:
    """Texts sharing words get close vectors; long texts get one window per 40 words."""

    identity = "fake-encoder"
    dim = DIM

    def __init__(self) -> None:
        self.calls = 0

    def embed(self, texts: Sequence[str], *, max_tokens: int = 128) -> np.ndarray:
        return (
            np.stack([_vector(t.lower().split()[:max_tokens]) for t in texts])
            if texts
            else np.zeros((0, DIM), np.float32)
        )

    def embed_windows(
        self, texts: Sequence[str], *, window: int = 128, stride: int = 112, max_windows: int = 8
    ) -> list[np.ndarray]:
        self.calls += 1
        out = []
        for text in texts:
            words = text.lower().split()
            chunks = [
                words[i : i + WORDS_PER_WINDOW]
                for i in range(0, max(len(words), 1), WORDS_PER_WINDOW)
            ]
            out.append(np.stack([_vector(chunk) for chunk in chunks[:max_windows]]))
        return out
