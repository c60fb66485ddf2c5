"""Multi-turn escalation: a conversation whose turns are each mild but whose direction is not.

The turn-level scorer is another slice, named in the params (``intent`` by default) and
built lazily through the registry. For the latest user turn the slice looks at:

* **context**: one text per request: the last ``window`` user turns joined (each gives an
  equal share of ``max_context_chars``), with the referenced material put before the
  latest turn when it refers back; a request split over several turns reads as one;
* **reference**: does the latest turn point back ("do the same but with real quantities",
  "step 3 in more detail", "combine the above")? Then the context is the previous user
  turn, the referenced material (the numbered item or the start of the last assistant
  answer) and the latest turn, and the reference inherits its hazard (no novelty discount);
* **continuity**: is the latest turn still on the same subject (a reference, shared content
  words, a pronoun in a short follow-up, the same top hazard category)? A topic change
  carries no harm forward;
* **drift**: per hazard category (the scorer's ``labels``), how far the score rose across
  the window, counted only when it rose on at least two steps;
* **cues** (``_escalation_cues``): is the latest turn an operational, concealed, targeted
  or self-harm request on a hazardous subject of the window? The turn-level model judges a
  message alone and misses a short goal turn whose topic lives in earlier turns. A plain
  how-to cue (none of the strong ones) counts only as far as the model's own evidence
  reaches ``plain_cue_support``: "how do I ..." near a hazard word is everyday speech.

``model = clip(carry x continuity + drift_weight x drift)``, where ``carry`` is the context
score less ``novelty`` times the worst single turn (judged by the prompt rules already), and
``score = 1 - (1 - model)(1 - cues)``. A single user turn scores ``single_turn_weight``
times its own score (0 by default): a lone borderline question is the prompt rules' business.

Cost: each user turn is scored once and cached (bounded LRU keyed by a hash of its
content); per request the scorer sees only the not-yet-seen turns and at most one new
context (two with ``score_pair``), and only when a window turn or the cues pass
``context_gate`` or the latest turn refers back. See docs/conversations.md.
"""

from __future__ import annotations

import functools
import itertools
import threading
from collections.abc import Mapping, Sequence
from typing import Any

import re2
from pydantic import Field

from ..core import Finding, Role, Stage, Text
from ..slice import Slice, SliceParams
from . import _escalation_cues as cues
from ._turns import Scored, TurnCache, last_text, user_texts
from .many_shot import re2_safe

_STRONG_REFERENCE = (
    r"(?i)\b(?:(?:do|make|write|give|show)(?: me)? (?:the same|that|it|this|those|them)"
    r"|the same (?:but|thing|for|with|again|way)|same (?:thing|as before|again)"
    r"|(?:as|from|in) (?:above|before|earlier|previously)|the above|above (?:steps|list|method)"
    r"|(?:step|point|part|item|number|option|stage|#) ?\d+|combine|put (?:it|them|those) together"
    r"|(?:the|your) (?:previous|last|earlier|first|second|third) (?:answer|reply|response|list|one)"
    r"|you (?:said|mentioned|described|listed|wrote)|what you (?:said|described|listed)"
    r"|real (?:quantities|amounts|numbers|names|ingredients|measurements)"
    r"|exact (?:amounts|quantities|measurements|steps|ratios|recipe|dose|dosage)"
    r"|more (?:detail|details|specific|specifically)|in detail|elaborate|expand on"
    r"|go (?:on|deeper)|continue|keep going|and then|same thing"
    r"|apply (?:that|this|it|those|them|the \w+ one)|scale (?:those|that|it|them|these) (?:up|down)"
    r"|the (?:first|second|third|last) one)\b"
)
_WEAK_REFERENCE = r"(?i)\b(?:it|that|this|those|them|these|there|he|she|they|him|her)\b"
_WORD = r"[A-Za-z][A-Za-z'\-]{3,}"
_NUMBER = r"(?i)\b(?:step|point|part|item|number|option|stage|#) ?(\d+)"

_STOP = (
    "about above after again also because been before being could does doing during each from"
    " have having here into just more most much only other over same some such than that their"
    " them then there these they this those through under until very what when where which while"
    " will with would your yours you'll what's that's it's thanks thank please tell know want need"
    " like make give show help something anything really think good well okay sure"
)
STOPWORDS = frozenset(_STOP.split())


@functools.cache
def _patterns() -> tuple[re2._Regexp, ...]:
    return tuple(re2.compile(p) for p in (_STRONG_REFERENCE, _WEAK_REFERENCE, _WORD, _NUMBER))


class EscalationSlice:
    """Score the trajectory of harm across the user turns of a conversation, in [0, 1].

    Stage ``conversation`` only: ``text.turns`` is the history, latest turn last.
    """

    stages = frozenset({Stage.CONVERSATION})
    sees_views = False

    class Params(SliceParams):
        """Turn-level scorer, window and weights (fitted on the TUNE set and train data)."""

        scorer: str = Field(default="intent", min_length=1, description="Slice that scores a turn.")
        scorer_params: dict[str, Any] = Field(
            default_factory=dict, description="Params of the scorer slice."
        )
        window: int = Field(default=3, ge=2, le=32, description="Recent user turns considered.")
        max_context_chars: int = Field(
            default=300,
            ge=200,
            description="Most characters of a joined context; each turn gives an equal share "
            "(its start), so long turns do not drown short ones. 300 (~70 tokens) caught as "
            "many TUNE escalations as 500 and 900 at about half the embedding cost; 250 "
            "lost two.",
        )
        max_turn_chars: int = Field(
            default=4_000, ge=100, description="Each turn is cut to this many characters."
        )
        cache_size: int = Field(default=8_192, ge=16, description="Turn scores kept (LRU).")
        mild: float = Field(
            default=0.15, ge=0, le=1, description="A label score at least this counts as on topic."
        )
        drift_weight: float = Field(default=0.5, ge=0, le=2, description="Weight of the rise.")
        single_turn_weight: float = Field(
            default=0.0, ge=0, le=1, description="Share of a lone turn's own score reported."
        )
        pronoun_continuity: float = Field(
            default=0.8,
            ge=0,
            le=1,
            description="Continuity of a short follow-up that only points back with a pronoun.",
        )
        score_pair: bool = Field(
            default=False, description="Also score the previous and latest user turns joined."
        )
        context_gate: float = Field(
            default=0.3,
            ge=0,
            le=1,
            description="The context is scored only when a window turn or the cues score at "
            "least this (or the latest turn refers back); 0 always scores it.",
        )
        novelty: float = Field(
            default=0.7,
            ge=0,
            le=1,
            description="Share of the worst single turn subtracted from the carried context "
            "score, so escalation counts what the turns together add.",
        )
        prior_weight: float = Field(
            default=0.0,
            ge=0,
            le=1,
            description="Share of the worst earlier turn in the window carried to a follow-up.",
        )
        overlap_words: int = Field(
            default=2, ge=1, description="Shared content words that make full continuity."
        )
        cue_weight: float = Field(
            default=1.0,
            ge=0,
            le=1,
            description="Weight of the lexical evidence (an operational, targeted or concealed "
            "request in the latest turn on a hazardous subject of the recent turns); 0 turns "
            "the cues off.",
        )
        hazard_terms: int = Field(
            default=2, ge=1, description="Hazard terms in the recent turns that count fully."
        )
        plain_cue_support: float = Field(
            default=0.25,
            ge=0,
            le=1,
            description="A plain how-to cue (no concealment, target or self-harm) counts only "
            "as far as the model's own evidence (carry x continuity + drift) reaches this "
            "share; 0 lets it count alone, as before session 6.",
        )

    def __init__(self, params: Params | None = None, *, scorer: Slice | None = None) -> None:
        self.params = params or self.Params()
        self._scorer = scorer
        self._lock = threading.Lock()
        self.cache = TurnCache(self.params.cache_size)

    @property
    def scorer(self) -> Slice:
        """The turn-level scorer, built on first use."""
        if self._scorer is None:
            with self._lock:
                if self._scorer is None:
                    from .. import registry

                    self._scorer = registry.build(self.params.scorer, self.params.scorer_params)
        return self._scorer

    def score(self, text: Text) -> Finding:
        """Escalation score of the conversation as of its latest user turn."""
        p = self.params
        users, skipped = user_texts(text.turns, p.max_turn_chars, p.window)
        if not text.turns and text.content.strip():
            users = [text.content[: p.max_turn_chars]]
        if not users:
            return Finding(0.0, note="no user turn" + skipped)
        recent = users[-p.window :]
        latest = recent[-1]
        if len(recent) == 1:
            value = p.single_turn_weight * self._score_all(recent)[0].score
            return Finding(round(value, 4), note="single user turn" + skipped)
        resolved = self._resolve(text, recent)
        turn_scores = self._score_all(recent)
        continuity, why = self._continuity(latest, recent[:-1], turn_scores, bool(resolved))
        category, drift = _drift(turn_scores, p.mild)
        carry, context_scores = 0.0, []
        worst = max(s.score for s in turn_scores)
        cue = cues.read(latest, "\n".join(recent))
        lexical = p.cue_weight * cue.intent * _hazard_share(cue.hazard, p.hazard_terms)
        if not cue.strong:  # a plain how-to request is hazardous only on the same subject
            lexical *= continuity
        # contexts cost embeddings: only when harm could be carried into the latest turn
        if continuity > 0 and (resolved or worst >= p.context_gate or lexical >= p.context_gate):
            # one new embedding per turn: the resolved reference, or else the joined window
            contexts = [resolved or _join(recent, p.max_context_chars)]
            if p.score_pair and len(recent) > 2:
                contexts.append(_join(recent[-2:], p.max_context_chars))
            context_scores = self._score_all(contexts)
            prior = max(s.score for s in turn_scores[:-1])
            carry = max(max(s.score for s in context_scores), p.prior_weight * prior)
            # what the single turns already showed was judged by the prompt rules
            if not resolved:  # a reference inherits the hazard of what it points back to
                carry = max(0.0, carry - p.novelty * worst)
        model = min(1.0, max(0.0, carry * continuity + p.drift_weight * drift))
        if not cue.strong and p.plain_cue_support > 0:
            # "how do I ..." on a subject with hazard words is everyday speech; it is
            # evidence of escalation only when the model sees a hazard in the context too
            lexical *= min(1.0, model / p.plain_cue_support)
        value = 1.0 - (1.0 - model) * (1.0 - lexical)  # noisy-or of the two kinds of evidence
        if not category and context_scores:
            category = _top(_best(context_scores).labels, 0.0) or ""
        if lexical > model:  # the cues name no advice domain: what the asker means to do
            self_harm = cue.self_harm or cue.despairing
            category = "suicide_self_harm" if self_harm else _harm_category(category)
        labels = {category: round(value, 4)} if category else {}
        note = (
            f"carry {carry:.2f} x continuity {continuity:.2f} ({why}) + drift {drift:.2f}"
            + f", cues {lexical:.2f} ({cue.describe()})"
            + (f" toward {category}" if category else "")
            + f" over {len(recent)} user turns"
            + skipped
        )
        return Finding(round(value, 4), note=note, labels=labels)

    def _score_all(self, contents: Sequence[str]) -> list[Scored]:
        keys = [TurnCache.key(c) for c in contents]
        found: list[Scored | None] = [self.cache.get(k) for k in keys]
        missing = sorted({i for i, f in enumerate(found) if f is None}, key=lambda i: i)
        unique: dict[bytes, int] = {}
        for index in missing:
            unique.setdefault(keys[index], index)
        if unique:
            texts = [Text(contents[i], Stage.PROMPT) for i in unique.values()]
            results = self._call_scorer(texts)
            for key, finding in zip(unique, results, strict=True):
                value = Scored(finding.score, dict(finding.labels))
                self.cache.put(key, value)
                for index in missing:
                    if keys[index] == key:
                        found[index] = value
        return [f if f is not None else Scored(0.0, {}) for f in found]

    def _call_scorer(self, texts: Sequence[Text]) -> list[Finding]:
        layer = self.scorer
        score_many = getattr(layer, "score_many", None)
        if score_many is not None and len(texts) > 1:
            results = list(score_many(list(texts)))
            if len(results) != len(texts):
                raise ValueError(f"scorer returned {len(results)} findings for {len(texts)} texts")
            return results
        return [layer.score(t) for t in texts]

    def _resolve(self, text: Text, recent: Sequence[str]) -> str:
        """The material the latest turn refers to, or "" if it refers to nothing.

        The context is the previous user turn, the referenced material (the numbered item of
        the last assistant answer, or that answer's start) and the latest turn, so the one
        context scored reads as the whole request; older window turns, which the reference
        does not point to, stay out (a topic change before "make it funnier" is not carried).
        """
        strong, _, _, number = _patterns()
        latest = re2_safe(recent[-1])
        if not strong.search(latest):
            return ""
        source = last_text(text.turns, Role.ASSISTANT)
        match = number.search(latest)
        if match and source:
            item = _numbered_item(source, match.group(1))
            if item:
                source = item
        parts = [*recent[-2:-1], source, latest] if source.strip() else list(recent)
        return _join(parts, self.params.max_context_chars)

    def _continuity(
        self, latest: str, earlier: Sequence[str], scores: Sequence[Scored], resolved: bool
    ) -> tuple[float, str]:
        if resolved:
            return 1.0, "refers back"
        _, weak, word, _ = _patterns()
        mine = _words(re2_safe(latest), word)
        theirs: set[str] = set()
        for turn in earlier:
            theirs |= _words(re2_safe(turn), word)
        shared = len(mine & theirs)
        overlap = min(1.0, shared / self.params.overlap_words)
        short = len(mine) <= 12
        pronoun = self.params.pronoun_continuity if short and weak.search(re2_safe(latest)) else 0.0
        same = 0.0
        top_now = _top(scores[-1].labels, self.params.mild)
        if top_now is not None and any(
            _top(s.labels, self.params.mild) == top_now for s in scores[:-1]
        ):
            same = 1.0
        best = max((overlap, "shared words"), (pronoun, "pronoun"), (same, "same category"))
        return best


def _harm_category(category: str) -> str:
    """``category``, unless an advice domain (it only flags): then none, the rule's action."""
    return "" if category == "specialized_advice" else category


def _hazard_share(terms: int, full: int) -> float:
    """Share of the lexical cue kept for ``terms`` hazard terms: half at none, all at ``full``."""
    return min(1.0, 0.5 + 0.5 * terms / full)


def _join(turns: Sequence[str], limit: int) -> str:
    share = max(1, limit // len(turns))
    return "\n".join(turn[:share].strip() for turn in turns)


def _words(content: str, word: re2._Regexp) -> set[str]:
    found = {m.group(0).lower() for m in word.finditer(content[:4_000])}
    return {w for w in found if w not in STOPWORDS}


def _numbered_item(source: str, number: str) -> str:
    lines = source.splitlines()
    for index, line in enumerate(lines):
        stripped = line.strip().lower().lstrip("#*- ")
        if stripped.startswith((f"{number}.", f"{number})", f"step {number}", f"{number}:")):
            return "\n".join(lines[index : index + 3])
    return ""


def _top(labels: Mapping[str, float], mild: float) -> str | None:
    if not labels:
        return None
    name, value = max(labels.items(), key=lambda item: item[1])
    return name if value >= mild else None


def _best(scored: Sequence[Scored]) -> Scored:
    return max(scored, key=lambda s: s.score)


def _drift(scores: Sequence[Scored], mild: float) -> tuple[str, float]:
    """The category that rose most across the window, and how far.

    Only a category that rose on at least two steps counts; the rise is scaled by the share
    of steps that rose, so a steady climb counts fully.
    """
    categories: set[str] = set()
    for s in scores:
        categories |= set(s.labels)
    if not categories:
        series = {"": [s.score for s in scores]}
    else:
        series = {c: [s.labels.get(c, 0.0) for s in scores] for c in categories}
    best_name, best = "", 0.0
    for name, values in series.items():
        if values[-1] < mild:
            continue
        steps = [b - a for a, b in itertools.pairwise(values)]
        rising = sum(1 for step in steps if step > 0.02)
        if rising < 2:  # one jump is the latest turn's own score: the prompt rules judge that
            continue
        rise = values[-1] - min(values[:-1])
        value = max(0.0, rise) * rising / len(steps)
        if value > best:
            best_name, best = name, value
    return best_name, best
