"""Fake-turn injection: a user message that pretends to be the assistant, the system or a tool.

Looks inside user text for role labels at the start of a line ("System:", "Assistant:",
"Observation:"), chat-template tokens (``<|im_start|>system``, ``[INST]``, ``<<SYS>>``),
JSON role fields (``"role": "system"``) and bracketed pseudo-tags (``[SYSTEM MESSAGE]``,
``</system>``). Across messages: a fake assistant line that quotes something the assistant
never said (it appears in no real assistant turn) weighs more; one that quotes a real
assistant turn weighs less (a user quoting the previous answer).

Labels, each a score in [0, 1]: ``chat_template``, ``json_role``, ``system``, ``assistant``,
``prefill`` (the message ends with a fake assistant turn for the model to continue),
``tool``, ``fabricated`` (a fake assistant turn that never happened), ``pseudo_tag``.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import re2
from pydantic import Field

from ..core import Finding, Role, Span, Stage, Text
from ..slice import SliceParams
from ._turns import as_text
from .many_shot import ASSISTANT, END, SYSTEM, TOOL, USER, Marker, find_markers, re2_safe

_PSEUDO_TAG = (
    r"(?i)[\[<{][ \t]*/?[ \t]*(?:system|sys|admin|developer|root)"
    r"(?:[ \t_\-]*(?:message|prompt|note|override|instruction|instructions|update|notice|msg))?"
    r"[ \t]*[\]>}]|\bsystem[ \t_\-]+override\b"
)
_IMPERATIVE = (
    r"(?i)\b(?:you (?:are|must|will|should|may)|your (?:new |previous )?(?:instructions|rules|task)"
    r"|ignore|disregard|override|from now on|new (?:rules|instructions|policy)|mode|enabled"
    r"|disabled|unrestricted|jailbr|policy|guidelines|safety|filter|restrictions|allowed)"
)
_QUOTE_SOURCE = 20_000  # characters of each assistant turn a fake quote is looked up in
_PREFILL_TAIL = 199  # a short fake assistant line that ends the message is a prefill

WEAK_ASSISTANT_WORDS = frozenset({"a", "answer", "response", "output", "agent"})
"""Labels that name the answering side of ordinary Q/A and chat logs, not the model itself."""

TEMPLATE_SCORES = {SYSTEM: 0.95, ASSISTANT: 0.9, TOOL: 0.85, USER: 0.7, END: 0.7}


@functools.cache
def _patterns() -> tuple[re2._Regexp, re2._Regexp]:
    return re2.compile(_PSEUDO_TAG), re2.compile(_IMPERATIVE)


class FakeTurnsSlice:
    """Score user text that impersonates another role; the finding's labels name how."""

    stages = frozenset({Stage.PROMPT, Stage.CONVERSATION})
    sees_views = False

    class Params(SliceParams):
        """Bounds of the scan."""

        max_scan_chars: int = Field(
            default=200_000, ge=1_000, description="Characters scanned per user message."
        )
        max_user_turns: int = Field(
            default=16,
            ge=1,
            description="Conversation stage: the latest this many user turns are scanned "
            "(earlier ones only their first tenth of max_scan_chars).",
        )

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()

    def score(self, text: Text) -> Finding:
        """Highest impersonation score over the user text (every recent user turn)."""
        if text.stage is not Stage.CONVERSATION or not text.turns:
            labels, spans = self._scan(text.content, ())
            return _finding(labels, spans, "")
        recent = text.turns[-4 * self.params.max_user_turns :]
        assistant = tuple(
            _norm(as_text(t.content)[:_QUOTE_SOURCE]) for t in recent if t.role is Role.ASSISTANT
        )
        users = [as_text(t.content) for t in recent if t.role is Role.USER]
        users = users[-self.params.max_user_turns :]
        best: Finding = Finding(0.0)
        for index, content in enumerate(users):
            latest = index == len(users) - 1
            # earlier turns were screened in full when they were the latest
            limit = self.params.max_scan_chars if latest else self.params.max_scan_chars // 10
            labels, spans = self._scan(content[:limit], assistant)
            # spans index the latest user turn (text.content); earlier turns report none
            found = _finding(labels, spans if latest else (), "" if latest else "earlier user turn")
            if found.score > best.score:
                best = found
        return best

    def _scan(self, content: str, assistant: Sequence[str]) -> tuple[dict[str, float], list[Span]]:
        head = re2_safe(content[: self.params.max_scan_chars])
        labels: dict[str, float] = {}
        spans: list[Span] = []
        markers = find_markers(head, self.params.max_scan_chars)
        imperative = _patterns()[1]
        for position, marker in enumerate(markers):
            after = head[marker.end : marker.end + 200]
            last = position == len(markers) - 1
            ends_here = last and "\n" not in head[marker.end :].strip()
            judged = _judge(marker, after, ends_here, imperative)
            if marker.role == ASSISTANT and marker.kind == "label" and assistant:
                quoted = _norm(after.split("\n", 1)[0])[:80]
                if len(quoted) >= 20 and any(quoted in real for real in assistant):
                    judged = [("assistant", 0.3)]  # quoting a real answer
                elif len(quoted) >= 20:
                    judged.append(("fabricated", 0.75))
            for label, value in judged:
                labels[label] = max(labels.get(label, 0.0), value)
                spans.append(Span(marker.start, marker.end))
        for match in _patterns()[0].finditer(head):
            labels["pseudo_tag"] = max(labels.get("pseudo_tag", 0.0), 0.8)
            spans.append(Span(match.start(), match.end()))
        return labels, spans


def _judge(
    marker: Marker, after: str, ends_here: bool, imperative: re2._Regexp
) -> list[tuple[str, float]]:
    if marker.kind == "template":
        return [("chat_template", TEMPLATE_SCORES.get(marker.role, 0.7))]
    if marker.kind == "json":
        strong = marker.role != USER and imperative.search(after)
        return [("json_role", 0.8 if strong else 0.45)]
    if marker.kind == "inline":
        return [("assistant", 0.4)] if marker.role == ASSISTANT else []
    if marker.role == SYSTEM:
        return [("system", 0.85 if imperative.search(after) else 0.45)]
    if marker.role == TOOL:
        return [("tool", 0.6)]
    if marker.role == ASSISTANT:
        strong = marker.word not in WEAK_ASSISTANT_WORDS
        found = [("assistant", 0.55 if strong else 0.3)]
        tail = len(after.strip())
        if ends_here and strong and tail <= _PREFILL_TAIL:
            found.append(("prefill", 0.85))
        elif ends_here and tail <= 3:  # "Question: ...\nAnswer:" is also an ordinary prompt format
            found.append(("prefill", 0.5))
        return found
    return []


def _norm(value: str) -> str:
    return " ".join(value.lower().split())


def _finding(labels: dict[str, float], spans: Sequence[Span], where: str) -> Finding:
    if not labels:
        return Finding(0.0)
    value = max(labels.values())
    if len(labels) >= 3:  # several kinds of impersonation together
        value = min(1.0, value + 0.1)
    names = ", ".join(sorted(labels, key=lambda name: -labels[name]))
    note = f"impersonates another role: {names}" + (f" ({where})" if where else "")
    return Finding(round(value, 4), tuple(spans[:64]), note, labels=labels)
