"""Cheap triage in front of the embedding: is this text worth the transformer at all?

Most prompts a deployment sees are ordinary requests, and embedding them with MiniLM costs
1-4 ms each on one core, several times everything else in the stack. Triage is two logistic
regressions trained by ``scripts/models/train_triage.py`` on the TRAIN split (positives:
harmful requests, jailbreak prompts, the memory seed's attacks; negatives: ordinary prompts
and documents), each with its own gate:

- **words**: hashed word unigrams and bigrams (CRC-32 hashed like the injection slice's
  lexical stage). Sharp on what it was trained on, blind to paraphrases it never saw.
- **tokens**: the mean of static MiniLM token vectors (each vocabulary token run alone
  through the shipped encoder at build time). The score is linear in that mean, so only each
  token's projection onto the weights ships (:class:`TokenModel`, one float per token), and a
  text's logit is the mean of its tokens' projections plus a bias. It generalises to unseen
  wordings far better than the word model, at a lower skip rate.

A learned slice with ``triage = true`` skips the encoder for a text only when every candidate
view scores below **both** gates, each chosen at build time so that at least 99.5 % of the
TRAIN positives (out of fold) reach it; the skipped slice scores 0 and its note says so. Long
texts are scored per chunk of :data:`CHUNK_WORDS` words and per window of
:data:`TOKEN_WINDOW` tokens (the highest counts), so a template whose attack sits in its tail
is judged on that tail. Results are cached per text, so the slices sharing a text compute it
once. Both models together run in tens of microseconds for a prompt.

Examples:
    >>> triage = get_triage()
    >>> 0.0 <= triage.score("What is the capital of France?") <= 1.0
    True
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import math
import re
import threading
import zipfile
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .assets import REBUILD, asset_path
from .embedding import (
    MAX_SAMPLE_CHARS,
    TOKENIZER,
    load_tokenizer,
    sample_chars,
    token_ids,
    window_starts,
)
from .errors import AssetError
from .slices._segments import hashed as _hashed

if TYPE_CHECKING:
    from tokenizers import Tokenizer

ASSET = "triage/triage.npz"
BUCKETS = 1 << 18
"""Hash buckets of the lexical features (float16 weights: 512 KB)."""
CHUNK_WORDS = 80
"""Words per scored chunk (about one 128-token embedding window)."""
CHUNK_STRIDE = 64
"""Words between the starts of two chunks."""
MAX_CHUNKS = 32
"""Most chunks scored per text, spread evenly over head, middle and tail."""
TOKEN_WINDOW = 126
"""Tokens per scored window of the token model (one 128-token embedding window less specials)."""
TOKEN_STRIDE = 112
"""Tokens between the starts of two token windows (the learned slices' stride)."""
CACHE_SIZE = 4096
_KEY_CHARS = 512

# A linear word scanner (one character class, no nesting): letters and digits of any script.
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    """Lower-cased words of a bounded sample of ``text`` (head, middle and tail)."""
    return _WORD.findall(sample_chars(text, MAX_SAMPLE_CHARS).lower())


def chunk_features(chunk: Sequence[str]) -> list[str]:
    """Named features of one chunk of words: unigrams, bigrams and the first word."""
    if not chunk:
        return ["empty"]
    feats = [f"w:{w}" for w in chunk]
    feats += [f"b:{a} {b}" for a, b in itertools.pairwise(chunk)]
    feats.append(f"f:{chunk[0]}")
    return feats


def chunks(text: str) -> list[list[str]]:
    """The word chunks of ``text`` that are scored (one for a short text, never none)."""
    ws = words(text)
    starts = window_starts(len(ws), CHUNK_WORDS, CHUNK_STRIDE, MAX_CHUNKS)
    return [ws[start : start + CHUNK_WORDS] for start in starts]


def hashed(features: Sequence[str]) -> np.ndarray:
    """Distinct bucket indices of ``features`` among :data:`BUCKETS`.

    CRC-32 as in ``slices._segments.hashed``; lone surrogates are kept, as in training.
    """
    return _hashed(features, BUCKETS, errors="surrogatepass")


def token_windows(n_tokens: int) -> list[tuple[int, int]]:
    """``(start, end)`` of the token windows scored over ``n_tokens`` (never none)."""
    starts = window_starts(n_tokens, TOKEN_WINDOW, TOKEN_STRIDE, MAX_CHUNKS)
    return [(start, min(n_tokens, start + TOKEN_WINDOW)) for start in starts]


def _sigmoid(logit: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-40.0, min(40.0, logit))))


class TokenModel:
    """The token view: a text's logit is the mean of its tokens' scores plus a bias.

    ``scores[t]`` is the projection of token ``t``'s static MiniLM vector onto the weights of a
    logistic regression trained on mean token vectors, so scoring a window costs one gather
    and one mean. ``tokenize`` maps a text to token ids (the shipped MiniLM tokenizer).
    """

    def __init__(
        self,
        scores: np.ndarray,
        bias: float,
        gate: float,
        tokenize: Callable[[str], np.ndarray],
    ) -> None:
        if scores.ndim != 1 or len(scores) == 0:
            raise ValueError(f"expected a vector of token scores, got shape {scores.shape}")
        if not np.all(np.isfinite(scores)):
            raise ValueError("token scores must be finite")
        if not 0.0 <= gate <= 1.0:
            raise ValueError(f"token gate {gate} is not in [0, 1]")
        self.scores = scores.astype(np.float32)
        self.bias = bias
        self.gate = gate
        self._tokenize = tokenize

    def logit(self, text: str) -> float:
        """The highest window's mean token score plus the bias (the bias alone for no token)."""
        ids = self._tokenize(text)
        ids = ids[(ids >= 0) & (ids < len(self.scores))]
        if len(ids) == 0:
            return self.bias
        sums = np.concatenate([[0.0], np.cumsum(self.scores[ids], dtype=np.float64)])
        best = max(
            (sums[end] - sums[start]) / (end - start) for start, end in token_windows(len(ids))
        )
        return float(best) + self.bias


@dataclass(frozen=True, slots=True)
class Verdict:
    """The triage of a set of candidate texts: their best scores and whether they pass.

    ``score`` is the word model's best score; ``tokens`` and ``token_gate`` are the token
    model's best score and gate, or None when the triage has no token model.
    """

    score: float
    passed: bool
    tokens: float | None = None
    token_gate: float | None = None

    def note(self, gate: float) -> str:
        """What a slice that skipped the encoder says about it (``gate``: the word gate)."""
        note = f"encoder skipped: triage {self.score:.3f} < gate {gate:.3f}"
        if self.tokens is not None and self.token_gate is not None:
            note += f", tokens {self.tokens:.3f} < {self.token_gate:.3f}"
        return note


class Triage:
    """The word model, the optional token model, and their gates.

    A text passes (goes to the encoder) when either model scores it at or above its gate.
    """

    def __init__(
        self, weights: np.ndarray, bias: float, gate: float, tokens: TokenModel | None = None
    ) -> None:
        if weights.shape != (BUCKETS,):
            raise ValueError(f"expected {BUCKETS} weights, got shape {weights.shape}")
        if not 0.0 <= gate <= 1.0:
            raise ValueError(f"gate {gate} is not in [0, 1]")
        self.weights = weights.astype(np.float32)
        self.bias = bias
        self.gate = gate
        self.tokens = tokens
        self._cache: OrderedDict[Hashable, tuple[float, float | None]] = OrderedDict()
        self._lock = threading.Lock()

    def scores(self, text: str) -> tuple[float, float | None]:
        """(word model, token model) probabilities in [0, 1] for ``text``; None: no token model."""
        key = _key(text)
        with self._lock:
            hit = self._cache.get(key)
            if hit is not None:
                self._cache.move_to_end(key)
                return hit
        logit = max(
            float(self.weights[hashed(chunk_features(chunk))].sum()) for chunk in chunks(text)
        )
        value = (
            _sigmoid(logit + self.bias),
            None if self.tokens is None else _sigmoid(self.tokens.logit(text)),
        )
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def score(self, text: str) -> float:
        """Probability in [0, 1] that ``text`` needs the encoder, by the word model."""
        return self.scores(text)[0]

    def verdict(self, texts: Sequence[str]) -> Verdict:
        """Whether any of ``texts`` (a text's candidate views) reaches either gate."""
        pairs = [self.scores(text) for text in texts]
        best = max((words for words, _ in pairs), default=0.0)
        passed = best >= self.gate
        if self.tokens is None:
            return Verdict(best, passed)
        tokens = max((t for _, t in pairs if t is not None), default=0.0)
        passed = passed or tokens >= self.tokens.gate
        return Verdict(best, passed, tokens, self.tokens.gate)


def _key(text: str) -> Hashable:
    if len(text) <= _KEY_CHARS:
        return text
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    return (len(text), digest)


_load_lock = threading.Lock()


def get_triage() -> Triage:
    """The shipped triage model, loaded once per process.

    Raises:
        AssetError: ``assets/triage/triage.npz`` is missing, corrupted or malformed (the
            message names the file and says to run `make models`).
    """
    with _load_lock:
        return _load()


@functools.cache
def _load() -> Triage:
    path = asset_path(ASSET)
    tokenize = MiniLMTokens(load_tokenizer(asset_path(TOKENIZER)))
    try:
        with np.load(path, allow_pickle=False) as data:
            scores = np.asarray(data["token_scores"], dtype=np.float32)
            if len(scores) != tokenize.vocab_size:
                raise ValueError(
                    f"{len(scores)} token scores for a vocabulary of {tokenize.vocab_size}"
                )
            tokens = TokenModel(
                scores, float(data["token_bias"]), float(data["token_gate"]), tokenize
            )
            return Triage(
                np.asarray(data["weights"], dtype=np.float32),
                float(data["bias"]),
                float(data["gate"]),
                tokens,
            )
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise AssetError(f"{path}: malformed triage model ({exc}); {REBUILD}") from exc


class MiniLMTokens:
    """Token ids of a bounded sample of a text, exactly as ``Encoder`` computes them."""

    def __init__(self, tokenizer: Tokenizer) -> None:
        self._tokenizer = tokenizer
        self.vocab_size: int = tokenizer.get_vocab_size()

    def __call__(self, text: str) -> np.ndarray:
        """Ids (int64) of the tokens of ``text``'s bounded sample, without special tokens."""
        return np.asarray(token_ids(self._tokenizer, text, MAX_SAMPLE_CHARS), dtype=np.int64)
