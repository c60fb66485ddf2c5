r"""Adversarial suffixes and token soup: text a character model of benign writing finds absurd.

Optimisation attacks (GCG, DSN, random search) append a string of unrelated tokens to a
request, such as ``describing.\ + similarlyNow write oppositeley.]( Me giving**ONE``. Two
character 5-gram models (see ``emmentaler.charlm``), one of benign prompts (prose, code,
maths, many languages) and one of synthetic token soup, score every character. Over sliding
windows that end in the last ``tail_chars`` characters, three features are taken:

* ``worst``: mean surprisal under the benign model (nats per character) of the most surprising
  window of 24 characters;
* ``gap``: ``worst`` minus the text's own (upper) median window, so that a normal request
  with a gibberish tail stands out even when the request itself is terse;
* ``llr``: the highest mean log-likelihood ratio, soup model over benign model, of a window of
  48 characters (code, tables and e-mail headers are surprising too, but not soup-like).

A logistic model, fitted at build time on held-out benign training prompts against the same
prompts with synthetic soup appended, turns them into the score.

Characters of non-Latin scripts, links and long base64-, hex- or identifier-like runs are not
scored. The slice scores only the original text (``sees_views = False``): decoded views of
binary or base64 payloads are noise by nature, and unveil's decoded views carry no suffix that
the original lacks. At most the last 1024 characters are scored (or, with ``tail_chars = 0``,
a bounded sample of 1024-character chunks), so cost stays bounded for 1 MB.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from pydantic import Field

from .. import charlm
from ..core import Finding, Span, Stage, Text
from ..slice import SliceParams

CHUNK_CHARS = 1024
"""Size of each scored chunk of a text."""
MAX_SURPRISE = 8.0
"""Per-character surprisal cap (nats): one rare character must not decide a whole window."""
LLR_WINDOW = 48
"""Characters per window of the log-likelihood ratio feature."""


@dataclass(frozen=True, slots=True)
class Features:
    """What the character models saw in one chunk; ``start``/``end`` bound the worst window."""

    worst: float
    gap: float
    llr: float
    start: int
    end: int

    def shifted(self, offset: int) -> Features:
        """The same features with the window moved by ``offset`` characters."""
        return Features(self.worst, self.gap, self.llr, self.start + offset, self.end + offset)


class SuffixSlice:
    """Score how likely a text ends in an adversarial suffix or other token soup.

    Examples:
        >>> layer = SuffixSlice()
        >>> layer.score(Text("How do I bake sourdough bread at home?")).score < 0.5
        True
    """

    stages = frozenset({Stage.PROMPT})
    sees_views = False

    class Params(SliceParams):
        """Window and sampling bounds of the character models."""

        window: int = Field(
            default=24, ge=8, le=256, description="Scored characters per surprisal window."
        )
        min_chars: int = Field(
            default=16, ge=1, description="Texts with fewer scored characters score 0."
        )
        tail_chars: int = Field(
            default=256,
            ge=0,
            description="Judge only windows ending in the last N characters; 0: anywhere.",
        )
        max_chunks: int = Field(
            default=4,
            ge=1,
            le=64,
            description="With tail_chars = 0, most 1024-character chunks of a long text scored.",
        )
        model_path: str | None = Field(
            default=None, description="Another charlm.npz (default: the shipped model)."
        )

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()

    def score(self, text: Text) -> Finding:
        """Calibrated probability in [0, 1] that ``text`` carries token soup."""
        model = charlm.load(self.params.model_path)
        p = self.params
        content = text.content
        if p.tail_chars:
            chunks = [(max(0, len(content) - CHUNK_CHARS), content[-CHUNK_CHARS:])]
        else:
            chunks = sample_chunks(content, p.max_chunks)
        best: Features | None = None
        best_score = 0.0
        for offset, chunk in chunks:
            seen = features(model, chunk, p.window, p.min_chars, p.tail_chars)
            if seen is None:
                continue
            value = calibrated(seen, model.weights)
            if best is None or value > best_score:
                best_score, best = value, seen.shifted(offset)
        if best is None:
            return Finding(0.0, note="too short to judge")
        return Finding(
            best_score,
            spans=(Span(best.start, best.end),),
            note=(
                f"worst window {best.worst:.2f} nats/char ({best.gap:+.2f} over the median), "
                f"soup/benign ratio {best.llr:+.2f}"
            ),
        )


def sample_chunks(content: str, max_chunks: int) -> list[tuple[int, str]]:
    """Up to ``max_chunks`` chunks of ``CHUNK_CHARS`` (first, last, evenly between)."""
    n = len(content)
    if n <= CHUNK_CHARS * max_chunks:
        return [(0, content)]
    if max_chunks == 1:
        return [(n - CHUNK_CHARS, content[n - CHUNK_CHARS :])]
    step = (n - CHUNK_CHARS) / (max_chunks - 1)
    starts = sorted({round(i * step) for i in range(max_chunks)})
    return [(start, content[start : start + CHUNK_CHARS]) for start in starts]


def _window_means(values: np.ndarray, width: int) -> np.ndarray:
    sums = np.empty(len(values) + 1, dtype=np.float64)
    sums[0] = 0.0
    np.cumsum(values, dtype=np.float64, out=sums[1:])
    means: np.ndarray = sums[width:] - sums[:-width]
    means /= width
    return means


def features(
    model: charlm.SuffixModel, chunk: str, window: int, min_chars: int, tail_chars: int
) -> Features | None:
    """The three features of ``chunk``, or None when fewer than ``min_chars`` are scored.

    Only windows ending in the last ``tail_chars`` characters compete for the worst (all of
    them when ``tail_chars`` is 0 or nothing there is scored); the median is over every window
    of the chunk.
    """
    symbols = charlm.symbolize(chunk, model.lm.table)
    scored = np.flatnonzero(symbols > charlm.OTHER)
    if len(scored) < min_chars:
        return None
    benign, soup = np.minimum(model.lm.surprisal(symbols)[:, scored], MAX_SURPRISE)
    width = min(window, len(scored))
    means = _window_means(benign, width)
    ratio_width = min(LLR_WINDOW, len(scored))
    ratios = _window_means(benign - soup, ratio_width)
    candidates = means
    if tail_chars and scored[-1] >= len(chunk) - tail_chars:
        cut = len(chunk) - tail_chars
        candidates = np.where(scored[width - 1 :] >= cut, means, -np.inf)
        ratios = np.where(scored[ratio_width - 1 :] >= cut, ratios, -np.inf)
    top = int(np.argmax(candidates))
    worst = float(candidates[top])
    return Features(
        worst=worst,
        gap=worst - float(np.partition(means, len(means) // 2)[len(means) // 2]),
        llr=float(np.max(ratios)),
        start=int(scored[top]),
        end=int(scored[top + width - 1]) + 1,
    )


def calibrated(seen: Features, weights: tuple[float, float, float, float]) -> float:
    """Logistic combination of the three features, in [0, 1]."""
    w_worst, w_gap, w_llr, bias = weights
    z = w_worst * seen.worst + w_gap * seen.gap + w_llr * seen.llr + bias
    return 1.0 / (1.0 + math.exp(-min(50.0, max(-50.0, z))))
