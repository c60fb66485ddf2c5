"""Similarity to known attacks: the shipped seed index plus the attacks a team remembered.

The text (and, like the other learned slices, its most-decoded unveiled view) is embedded
in overlapping token windows (``Encoder.embed_windows`` with the same windows as ``intent``
and ``jailbreak``, so the encoder's cache makes it free after them) and each window is
compared with every vector of two indexes (see ``emmentaler.memory_index``):

* the **seed** index shipped in ``assets/memory/seed.npz``, built by
  ``scripts/models/build_memory.py`` from attacks of the TRAIN split (jailbreak artifacts,
  AdvBench, StrongREJECT, forbidden questions, CyberSecEval interpreter abuse and the
  malicious BIPIA injections);
* the **remembered** index at ``index_path``, written by ``emmentaler remember FILE.jsonl``
  and ``emmentaler forget ID``. It is re-read when the file changes (one ``stat`` per text).

Appended token soup moves an embedding far: an AdvBench request (in the seed) with synthetic
soup appended matched in 12 of 100 cases. ``prefix_words = [12]`` also embeds the first 12
words and lifts that to 82 of 100, with no new benign TRAIN match above cosine 0.76, at the
cost of one more short embedding per text; it is off by default for speed.

With ``triage = true`` the encoder is skipped (score 0, the note says so) when both triage
models (``emmentaler.triage``, trained on the seed's sources among others) score the text and
its decoded view below their gates. A remembered attack was not in its training data, so
triage only applies while the remembered index is empty, unless ``triage_remembered`` is set
as well.

The score maps the best cosine similarity through a logistic curve centred on
``cosine_mid`` (0.85, width 0.03: cosine 0.90 scores 0.84, 0.95 scores 0.97, 0.80 scores
0.16), so the policy's threshold 0.5 means "a paraphrase of a known attack". The highest
cosine of any of 1,721 benign TRAIN prompts to the seed is 0.77 (score 0.07). The note names
the nearest known attack by id, source and label.

Examples:
    >>> layer = MemorySlice(MemorySlice.Params(index_path=""))
    >>> sorted(layer.stages)
    [<Stage.PROMPT: 'prompt'>]
"""

from __future__ import annotations

import math
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import Field

from ..assets import REBUILD, asset_path, manifest
from ..core import ORIGINAL, Finding, Stage, Text
from ..embedding import MODEL, get_encoder
from ..errors import AssetError
from ..memory_index import Match, MemoryIndex
from ..slice import SliceParams
from ._learned import candidates, skip_note

SEED = "memory/seed.npz"
USER_INDEX = "@user"
"""``index_path`` value meaning ``$XDG_DATA_HOME/emmentaler/memory.npz`` (default)."""

_lock = threading.Lock()
_remembered: dict[Path, tuple[tuple[int, int, int], MemoryIndex]] = {}
_seeds: dict[str, MemoryIndex] = {}


def user_index_path() -> Path:
    """``$XDG_DATA_HOME/emmentaler/memory.npz`` (``~/.local/share/...`` when unset)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "emmentaler" / "memory.npz"


def resolve_index_path(value: str) -> Path | None:
    """The file an ``index_path`` parameter names, or None for "seed only" (empty string)."""
    if not value:
        return None
    if value == USER_INDEX:
        return user_index_path()
    return Path(value).expanduser()


def encoder_identity(encoder: Any) -> str:
    """Who made a vector: an index built with another encoder cannot be compared."""
    identity = getattr(encoder, "identity", None)
    if isinstance(identity, str):
        return identity
    return "minilm-int8:" + str(manifest()[MODEL]["sha256"])[:16]


def remembered_index(path: Path) -> MemoryIndex | None:
    """The index at ``path`` (None when absent), re-read only when the file changed."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise AssetError(f"{path}: cannot read the memory index ({exc.strerror})") from exc
    signature = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    cached = _remembered.get(path)
    if cached is not None and cached[0] == signature:
        return cached[1]
    with _lock:
        cached = _remembered.get(path)
        if cached is None or cached[0] != signature:
            cached = (signature, MemoryIndex.load(path))
            _remembered[path] = cached
        return cached[1]


def seed_index(path: str | None = None) -> MemoryIndex:
    """The shipped seed index (or the one at ``path``), loaded once per process."""
    key = path or SEED
    found = _seeds.get(key)
    if found is None:
        with _lock:
            found = _seeds.get(key)
            if found is None:
                try:
                    found = MemoryIndex.load(Path(path) if path else asset_path(SEED))
                except AssetError as exc:
                    raise AssetError(f"{exc}; {REBUILD}") from exc
                _seeds[key] = found
    return found


def calibrated(cosine: float, mid: float, width: float) -> float:
    """Logistic map of a cosine similarity to a score in [0, 1]."""
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, (cosine - mid) / width))))


class MemorySlice:
    """Score how closely a text matches an attack someone has seen before."""

    stages = frozenset({Stage.PROMPT})
    sees_views = False  # embeds the original and the most-decoded view itself, like intent

    class Params(SliceParams):
        """Which indexes to search and how to turn similarity into a score."""

        index_path: str = Field(
            default=USER_INDEX,
            description=(
                "Index of remembered attacks: a path, '@user' for "
                "$XDG_DATA_HOME/emmentaler/memory.npz, or '' for the seed index only."
            ),
        )
        seed: bool = Field(default=True, description="Also search the shipped seed index.")
        seed_path: str | None = Field(
            default=None, description="Another seed index (default: the shipped one)."
        )
        cosine_mid: float = Field(
            default=0.85, gt=0.0, lt=1.0, description="Cosine similarity that scores 0.5."
        )
        cosine_width: float = Field(
            default=0.03, gt=0.0, le=0.5, description="Logistic width: smaller is steeper."
        )
        window: int = Field(default=128, ge=16, le=512, description="Tokens per window.")
        stride: int = Field(default=112, ge=1, le=512, description="Tokens between windows.")
        max_windows: int = Field(default=8, ge=1, le=64, description="Most windows per text.")
        prefix_words: tuple[int, ...] = Field(
            default=(),
            description=(
                "Also embed the first N words of longer texts, so that a known request "
                "followed by token soup still matches (12: one more short embedding per text)."
            ),
        )
        triage: bool = Field(
            default=False,
            description=(
                "Skip the encoder (score 0) when the lexical triage model scores every "
                "candidate below its gate; only while the remembered index is empty, unless "
                "triage_remembered is set."
            ),
        )
        triage_remembered: bool = Field(
            default=False,
            description=(
                "Let triage skip the encoder even when remembered attacks are loaded: faster, "
                "but a remembered attack the triage model finds benign is then never matched."
            ),
        )

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()
        self._path = resolve_index_path(self.params.index_path)

    def score(self, text: Text) -> Finding:
        """Calibrated similarity in [0, 1] to the nearest known attack, named in the note."""
        encoder = get_encoder()
        identity = encoder_identity(encoder)
        indexes = []
        if self.params.seed:
            indexes.append(seed_index(self.params.seed_path))
        if self._path is not None and (remembered := remembered_index(self._path)) is not None:
            indexes.append(remembered)
        for index in indexes:
            if len(index) and index.model != identity:
                raise AssetError(
                    f"memory index made by encoder {index.model!r}, not {identity!r}: rebuild the "
                    "seed with `make models` and re-run `emmentaler remember` for a user index"
                )
        targets = [(view, content) for view, content in candidates(text) if content.strip()]
        if not targets or not any(len(index) for index in indexes):
            return Finding(0.0)
        p = self.params
        heads = self._heads(text.content)
        if (skip := self._triage(indexes, [*targets, *((ORIGINAL, h) for h in heads)])) is not None:
            return Finding(0.0, note=skip)
        blocks = encoder.embed_windows(
            [content for _, content in targets],
            window=p.window,
            stride=p.stride,
            max_windows=p.max_windows,
        )
        best: Match | None = None
        best_view = ORIGINAL
        if heads:
            blocks[0] = np.concatenate([blocks[0], encoder.embed(heads)])
        for (view, _), windows in zip(targets, blocks, strict=True):
            for index in indexes:
                match = index.search(np.asarray(windows, dtype=np.float32))
                if match is not None and (best is None or match.cosine > best.cosine):
                    best, best_view = match, view
        if best is None:
            return Finding(0.0)
        value = calibrated(best.cosine, p.cosine_mid, p.cosine_width)
        return Finding(
            value,
            note=f"nearest known attack {best.entry_id} ({best.source}, {best.label}), "
            f"cosine {best.cosine:.3f}",
            view=best_view,
            labels={best.label: value} if best.label else {},
        )

    def _triage(self, indexes: list[MemoryIndex], targets: list[tuple[str, str]]) -> str | None:
        """The skip note when triage lets ``targets`` skip the encoder, else None."""
        p = self.params
        if not p.triage:
            return None
        remembered = any(len(index) for index in indexes[1 if p.seed else 0 :])
        if remembered and not p.triage_remembered:
            return None
        return skip_note(targets)

    def _heads(self, content: str) -> list[str]:
        """The first ``n`` words of ``content`` for each ``n`` in ``prefix_words`` it exceeds."""
        if not self.params.prefix_words:
            return []
        words = content[: 64 * max(self.params.prefix_words)].split()
        return [" ".join(words[:n]) for n in self.params.prefix_words if len(words) > n]
