"""Many-shot jailbreaks: one prompt stuffed with fake dialogue turns to steer the model.

Scored by structure, not topic: how many turn markers there are (role tags, Q/A labels,
transcript speakers, chat-template tokens, JSON role fields), how regularly two speakers
alternate, and how much of the text is in turn format. Every pattern is compiled by RE2
(linear time); the scan covers at most ``max_scan_chars`` characters.

The marker scanner (``find_markers``) is shared with the ``fake_turns`` slice.
"""

from __future__ import annotations

import functools
import itertools
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import re2
from pydantic import Field

from ..core import Finding, Span, Stage, Text
from ..slice import SliceParams

USER, ASSISTANT, SYSTEM, TOOL, END = "user", "assistant", "system", "tool", "end"

ROLE_WORDS: dict[str, str] = {
    **dict.fromkeys(("human", "user", "me", "q", "question", "prompt", "input", "person"), USER),
    **dict.fromkeys(
        (
            *("assistant", "ai", "bot", "chatbot", "gpt", "chatgpt", "model", "claude", "llm"),
            *("a", "answer", "response", "output", "ai assistant", "agent", "gemini", "llama"),
        ),
        ASSISTANT,
    ),
    **dict.fromkeys(("system", "sys", "developer", "system prompt", "operator"), SYSTEM),
    **dict.fromkeys(("tool", "observation", "tool output", "function result", "tool result"), TOOL),
}
QA_WORDS = frozenset({"q", "a", "question", "answer"})

# A label at the start of a line: "User:", "**Assistant:**", "### Human:", "[AI]:", "Q:".
_LABEL = (
    r"(?m)^[ \t]*(?:[#>*\-]+[ \t]*)?[\[(*]{0,2}[ \t]*"
    r"([A-Za-z][A-Za-z0-9_'.\- ]{0,23}?)[ \t]*[\])*]{0,2}[ \t]*[:：]"
)
# A known role word after the end of a sentence on the same line ("... . Assistant: ...").
_INLINE = r"(?i)[.!?\"')][ \t]+(human|user|assistant|ai|q|a|question|answer)[ \t]*:[ \t]"
_TEMPLATE = (
    r"(?i)<\|im_start\|>[ \t]*([a-z]+)|<\|(system|user|assistant|tool)\|>"
    r"|<start_of_turn>[ \t]*([a-z]+)|<\|start_header_id\|>[ \t]*([a-z]+)"
    r"|(\[INST\])|(\[/INST\])|(<<SYS>>)|(<\|im_end\|>|<\|eot_id\|>|<\|endoftext\|>|<end_of_turn>)"
)
_JSON_ROLE = r"\"role\"[ \t]*:[ \t]*\"(system|user|assistant|tool|developer|function)\""
_TEMPLATE_ROLES = (None, None, None, None, USER, ASSISTANT, SYSTEM, END)
MAX_MARKERS = 2_048
NOT_SPEAKERS = frozenset(
    {"note", "example", "step", "title", "date", "time", "summary", "http", "https", "ps"}
    | {"warning", "tip", "source", "edit", "update", "subject", "to", "from", "cc", "re"}
)


@dataclass(frozen=True, slots=True)
class Marker:
    """One turn marker: where it is, who it claims to be, and how it was written.

    ``role`` is user, assistant, system, tool or end for known roles, else ``"other:<name>"``.
    ``kind`` is label, inline, template or json.
    """

    start: int
    end: int
    role: str
    kind: str
    word: str = ""


@functools.cache
def _patterns() -> tuple[re2._Regexp, ...]:
    return tuple(re2.compile(p) for p in (_LABEL, _INLINE, _TEMPLATE, _JSON_ROLE))


def _speaker(name: str) -> str | None:
    word = " ".join(name.lower().replace("_", " ").split())
    if word in ROLE_WORDS:
        return ROLE_WORDS[word]
    first = word.split(" ", 1)[0]
    if not word or first in NOT_SPEAKERS or first.isdigit() or len(word.split()) > 3:
        return None
    if not name[:1].isupper():
        return None
    return f"other:{word}"


def re2_safe(content: str) -> str:
    """``content`` with lone surrogates replaced by "?" (RE2 needs UTF-8; offsets unchanged)."""
    try:
        content.encode("utf-8")
    except UnicodeEncodeError:
        return content.encode("utf-8", "replace").decode("utf-8")
    return content


def find_markers(
    content: str, max_chars: int = 500_000, max_markers: int = MAX_MARKERS
) -> list[Marker]:
    """The turn markers in the first ``max_chars`` characters of ``content``, in order.

    At most ``max_markers`` of each kind are kept: past a few hundred exchanges the score
    no longer changes, and the cap bounds time and memory.
    """
    head = re2_safe(content[:max_chars])
    label, inline, template, json_role = _patterns()
    found: list[Marker] = []
    for match in itertools.islice(label.finditer(head), max_markers):
        role = _speaker(match.group(1))
        if role is not None:
            found.append(Marker(match.start(), match.end(), role, "label", match.group(1).lower()))
    for match in itertools.islice(inline.finditer(head), max_markers):
        word = match.group(1).lower()
        found.append(Marker(match.start(1), match.end(), ROLE_WORDS[word], "inline", word))
    for match in itertools.islice(template.finditer(head), max_markers):
        found.append(_template_marker(match))
    for match in itertools.islice(json_role.finditer(head), max_markers):
        role = ROLE_WORDS.get(match.group(1), SYSTEM)
        found.append(Marker(match.start(), match.end(), role, "json", match.group(1)))
    found.sort(key=lambda marker: marker.start)
    return found


def _template_marker(match: re2._Match) -> Marker:
    for index, fixed in enumerate(_TEMPLATE_ROLES, start=1):
        value = match.group(index)
        if value is None:
            continue
        role = fixed or ROLE_WORDS.get(value.lower(), f"other:{value.lower()}")
        return Marker(match.start(), match.end(), role, "template", value.lower())
    return Marker(match.start(), match.end(), END, "template")


@dataclass(frozen=True, slots=True)
class Structure:
    """Measurements of the dialogue structure of a text."""

    markers: int
    exchanges: int
    alternation: float
    coverage: float
    family: str
    weight: float


def measure(content: str, markers: Sequence[Marker]) -> Structure:
    """Exchanges, alternation regularity and the share of ``content`` in turn format."""
    speaking = [m for m in markers if m.role != END]
    if len(speaking) < 2:
        return Structure(len(speaking), 0, 0.0, 0.0, "none", 0.0)
    top = {role for role, _ in Counter(m.role for m in speaking).most_common(2)}
    pair = [m for m in speaking if m.role in top]
    changes = sum(1 for a, b in itertools.pairwise(pair) if a.role != b.role)
    alternation = changes / (len(pair) - 1)
    # a turn runs to the next marker; the last one to the end of its paragraph
    covered = 0
    for current, following in itertools.pairwise(speaking):
        covered += following.start - current.start
    tail = content.find("\n\n", speaking[-1].end)
    covered += (len(content) if tail < 0 else tail) - speaking[-1].start
    coverage = min(1.0, covered / max(len(content), 1))
    family, weight = _family(top, pair)
    return Structure(len(speaking), (changes + 1) // 2, alternation, coverage, family, weight)


def _family(top: set[str], pair: Sequence[Marker]) -> tuple[str, float]:
    kinds = {m.kind for m in pair}
    if kinds & {"template", "json"}:
        return "chat_template", 1.0
    if ASSISTANT in top or SYSTEM in top:
        words = {m.word for m in pair}
        if words <= QA_WORDS:
            return "qa_pairs", 0.9
        return "role_tags", 1.0
    if USER in top:
        return "transcript", 0.6
    return "transcript", 0.45


class ManyShotSlice:
    """Score a prompt by how much it looks like a stuffed dialogue, in [0, 1].

    ``score = weight x ramp(exchanges) x alternation x min(1, coverage / min_coverage)``,
    where ``weight`` is 1.0 when the fake turns impersonate the assistant (role tags,
    chat-template tokens), 0.9 for Q/A pairs, lower for transcripts between other speakers
    (interviews, chat logs to summarise), which look the same but do not put words in the
    model's mouth. The finding's label names the family.
    """

    stages = frozenset({Stage.PROMPT, Stage.CONVERSATION})
    sees_views = False

    class Params(SliceParams):
        """Thresholds of the structure score."""

        min_exchanges: int = Field(
            default=2, ge=0, description="Up to this many question/answer exchanges score 0."
        )
        full_exchanges: int = Field(
            default=8, ge=1, description="From this many exchanges the count part scores 1."
        )
        min_coverage: float = Field(
            default=0.5, gt=0, le=1, description="Share of text in turn format that scores fully."
        )
        max_scan_chars: int = Field(
            default=500_000, ge=1_000, description="Only this many leading characters are scanned."
        )

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()
        if self.params.full_exchanges <= self.params.min_exchanges:
            raise ValueError("full_exchanges must be greater than min_exchanges")

    def score(self, text: Text) -> Finding:
        """Structure score of ``text.content`` (the latest user turn of a conversation)."""
        content = text.content
        markers = find_markers(content, self.params.max_scan_chars)
        shape = measure(content, markers)
        p = self.params
        ramp = (shape.exchanges - p.min_exchanges) / (p.full_exchanges - p.min_exchanges)
        ramp = min(1.0, max(0.0, ramp))
        value = shape.weight * ramp * shape.alternation * min(1.0, shape.coverage / p.min_coverage)
        value = round(min(1.0, max(0.0, value)), 4)
        if value <= 0.0:
            return Finding(0.0)
        note = (
            f"{shape.family}: {shape.markers} turn markers, {shape.exchanges} exchanges, "
            f"alternation {shape.alternation:.2f}, {shape.coverage:.0%} of text in turns"
        )
        spans = tuple(Span(m.start, m.end) for m in markers[:64])
        return Finding(value, spans, note, labels={shape.family: value})
