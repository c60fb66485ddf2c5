"""Sentence embeddings from the shipped int8 all-MiniLM-L6-v2, on onnxruntime.

One :class:`Encoder` per process (:func:`get_encoder`), loaded on first use and shared by every
learned slice. No torch or transformers at run time: ``tokenizers`` splits the text,
onnxruntime runs the graph (mean pooling and L2 normalisation are inside it), numpy carries
the result.

Cost follows total tokens. Each sequence runs on its own (see :meth:`Encoder._run`). Long texts are
bounded twice: only a sample of at most :data:`MAX_SAMPLE_CHARS` characters (head, middle
and tail) is tokenized, and at most ``max_windows`` windows of tokens are embedded, spread
over the whole sample so that the end of a long template is seen as well as its start.

Examples:
    >>> encoder = get_encoder()
    >>> encoder.embed(["hello world"]).shape
    (1, 384)
"""

from __future__ import annotations

import functools
import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Hashable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from .assets import REBUILD, asset_path
from .errors import AssetError

if TYPE_CHECKING:
    from tokenizers import Tokenizer

# onnxruntime otherwise writes a device id under ~/.cache and makes DNS look-ups; this must be
# set before it is first imported (it is imported lazily, inside Encoder).
os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")

MODEL = "minilm/model.int8.onnx"
TOKENIZER = "minilm/tokenizer.json"
DIM = 384
CLS_ID = 101
SEP_ID = 102
MAX_MODEL_TOKENS = 512
MAX_SAMPLE_CHARS = 16_384
"""At most this many characters of one text are tokenized (head, middle and tail)."""
CHARS_PER_TOKEN_BOUND = 16
"""A head of ``max_tokens * 16`` characters always holds at least ``max_tokens`` tokens unless
the text is mostly whitespace or punctuation runs."""
CACHE_SIZE = 4096
_KEY_CHARS = 512


def _threads() -> int:
    raw = os.environ.get("EMMENTALER_ORT_THREADS", "1")
    try:
        return max(1, int(raw))
    except ValueError:
        return 1


def sample_chars(text: str, limit: int = MAX_SAMPLE_CHARS) -> str:
    """``text`` itself when short, else its head, middle and tail (``limit`` chars in all)."""
    if len(text) <= limit:
        return text
    part = limit // 3
    middle = len(text) // 2 - part // 2
    return f"{text[:part]} … {text[middle : middle + part]} … {text[-part:]}"


def window_starts(n_tokens: int, width: int, stride: int, max_windows: int) -> list[int]:
    """Start offsets of windows of ``width`` tokens over ``n_tokens``, at most ``max_windows``.

    Windows step by ``stride`` and the last one ends at the last token; when there are more
    than ``max_windows`` they are thinned evenly, keeping the first and the last.
    """
    if n_tokens <= width:
        return [0]
    starts = list(range(0, n_tokens - width, stride))
    starts.append(n_tokens - width)
    if len(starts) <= max_windows:
        return starts
    if max_windows == 1:
        return [0]
    picks = np.linspace(0, len(starts) - 1, max_windows).round().astype(int)
    return [starts[i] for i in sorted(set(picks.tolist()))]


def load_tokenizer(path: Path) -> Tokenizer:
    """The MiniLM tokenizer at ``path`` with its built-in truncation and padding switched off.

    The shipped tokenizer.json truncates and pads to 128: windows and truncation are done in
    token space instead, so both are switched off explicitly.

    Raises:
        AssetError: the file is missing or corrupted (the message names it).
    """
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_file(str(path))
    except Exception as exc:  # tokenizers raises a bare Exception on a bad file
        raise AssetError(f"{path}: cannot load tokenizer ({exc}); {REBUILD}") from exc
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return tokenizer


def token_ids(tokenizer: Tokenizer, text: str, limit_chars: int) -> list[int]:
    """Word-piece ids of (a bounded sample of) ``text``, without special tokens."""
    sample = sample_chars(text.strip(), limit_chars)
    try:
        encoding = tokenizer.encode(sample, add_special_tokens=False)
    except TypeError:  # lone surrogates cannot cross into Rust: replace them
        sample = sample.encode("utf-8", "replace").decode("utf-8")
        encoding = tokenizer.encode(sample, add_special_tokens=False)
    ids: list[int] = encoding.ids
    return ids


class Encoder:
    """Embeds texts into L2-normalised float32 vectors of size :attr:`dim` (384).

    Thread-safe: onnxruntime sessions and tokenizers allow concurrent calls, and the cache of
    recent embeddings is guarded by a lock.
    """

    dim: int = DIM

    def __init__(self, model_path: Path, tokenizer_path: Path, *, threads: int = 1) -> None:
        os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
        import onnxruntime as ort

        self._tokenizer = load_tokenizer(tokenizer_path)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(
                str(model_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own Fail/InvalidProtobuf types
            raise AssetError(f"{model_path}: cannot load model ({exc}); {REBUILD}") from exc
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def _token_ids(self, text: str, limit_chars: int) -> list[int]:
        """Word-piece ids of (a bounded sample of) ``text``, without special tokens."""
        return token_ids(self._tokenizer, text, limit_chars)

    def _run(self, sequences: list[list[int]]) -> np.ndarray:
        """Embed id sequences (specials included), one at a time.

        Dynamic int8 quantisation scales activations per call, so a batch would make a text's
        vector depend on its batch-mates (cosine down to 0.96 measured); one sequence per call
        keeps every embedding deterministic and costs no throughput on one core, where cost
        follows the number of tokens.
        """
        out = np.empty((len(sequences), DIM), dtype=np.float32)
        for row, seq in enumerate(sequences):
            ids = np.asarray([seq], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
            out[row] = self._session.run(None, feeds)[0][0]
        return out

    def _cached(self, key: Hashable) -> Any:
        with self._lock:
            value = self._cache.get(key)
            if value is not None:
                self._cache.move_to_end(key)
            return value

    def _store(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._cache[key] = value
            self._cache.move_to_end(key)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)

    def embed(self, texts: Sequence[str], *, max_tokens: int = 128) -> np.ndarray:
        """One vector per text, from its first ``max_tokens`` tokens (specials included).

        Args:
            texts: any strings; empty or whitespace-only texts get the embedding of ``[CLS][SEP]``.
            max_tokens: truncation length in [3, 512].

        Returns:
            float32 array of shape ``(len(texts), 384)``, each row of unit L2 norm.
        """
        max_tokens = min(max(3, max_tokens), MAX_MODEL_TOKENS)
        out = np.empty((len(texts), DIM), dtype=np.float32)
        todo: list[int] = []
        keys = [_key("e", max_tokens, text) for text in texts]
        for index, key in enumerate(keys):
            hit = self._cached(key)
            if hit is None:
                todo.append(index)
            else:
                out[index] = hit
        if todo:
            limit = max_tokens * CHARS_PER_TOKEN_BOUND
            sequences = []
            for index in todo:
                ids = self._token_ids(texts[index], limit)[: max_tokens - 2]
                sequences.append([CLS_ID, *ids, SEP_ID])
            vectors = self._run(sequences)
            for row, index in enumerate(todo):
                out[index] = vectors[row]
                self._store(keys[index], vectors[row].copy())
        return out

    def embed_windows(
        self,
        texts: Sequence[str],
        *,
        window: int = 128,
        stride: int = 112,
        max_windows: int = 8,
    ) -> list[np.ndarray]:
        """Overlapping token windows over each text, one ``(k_i, 384)`` array per text.

        A text of at most ``window - 2`` tokens gives one window (the same vector as
        :meth:`embed`). Longer texts give windows every ``stride`` tokens, the last ending at
        the end of the text; beyond ``max_windows`` they are thinned evenly over head, middle
        and tail. At most :data:`MAX_SAMPLE_CHARS` characters of a text are tokenized.
        """
        window = min(max(3, window), MAX_MODEL_TOKENS)
        stride = max(1, stride)
        max_windows = max(1, max_windows)
        width = window - 2
        # A text of at most ``width`` tokens has one window whatever the stride and window
        # count: it is cached under a key without them, so slices that ask with other window
        # options (intent's request sentences, injection's segments) share its embedding.
        keys = [_key("w", (window, stride, max_windows), text) for text in texts]
        singles = [("w1", window, *key[2:]) for key in keys]
        results: list[np.ndarray | None] = [
            self._cached(single) if (hit := self._cached(key)) is None else hit
            for key, single in zip(keys, singles, strict=True)
        ]
        sequences: list[list[int]] = []
        owners: list[int] = []
        for index, text in enumerate(texts):
            if results[index] is not None:
                continue
            ids = self._token_ids(text, MAX_SAMPLE_CHARS)
            if len(ids) <= width:
                keys[index] = singles[index]
            for start in window_starts(len(ids), width, stride, max_windows):
                sequences.append([CLS_ID, *ids[start : start + width], SEP_ID])
                owners.append(index)
        if sequences:
            vectors = self._run(sequences)
            owner_arr = np.asarray(owners)
            for index in sorted(set(owners)):
                block = vectors[owner_arr == index]
                results[index] = block
                self._store(keys[index], block)
        return [
            np.array(block, dtype=np.float32, copy=True) for block in results if block is not None
        ]


def _key(kind: str, params: Hashable, text: str) -> tuple[Hashable, ...]:
    """Cache key: the text itself when short, else a digest (long texts are not kept alive)."""
    if len(text) <= _KEY_CHARS:
        return (kind, params, text)
    digest = hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    return (kind, params, len(text), digest)


_load_lock = threading.Lock()


def get_encoder() -> Encoder:
    """The process-wide encoder, loaded (and its files verified) on first call.

    Threads for onnxruntime come from ``EMMENTALER_ORT_THREADS`` (default 1).

    Raises:
        AssetError: a model file is missing or corrupted (the message says to run `make models`).
    """
    with _load_lock:
        return _load()


@functools.cache
def _load() -> Encoder:
    return Encoder(asset_path(MODEL), asset_path(TOKENIZER), threads=_threads())
