"""What the proxy screens of an exchange, and how the per-text decisions combine.

All of it is synchronous: the app makes one call per screening point, in the thread pool, or
on the event loop while screenings of that kind have been cheap (``offload.py``).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..core import Action, Decision, Role, Stage, Text
from ..policy import Policy
from ..stack import Stack
from . import canary as canaries
from .openai import ChatRequest, CompletionRequest

CACHE_SIZE = 20_000
CACHE_TTL_S = 600.0
"""Allowed history is screened again after this long: a policy's memory of attacks may grow."""


@dataclass(frozen=True, slots=True)
class Verdict:
    """The combined decision over every text of one screening point, with its evidence."""

    decision: Decision
    scores: dict[str, float] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    screen_s: float = 0.0


ALLOWED = Verdict(Decision(Action.ALLOW))


def combine(decisions: Iterable[Decision]) -> Decision:
    """The strictest decision; its reasons are those of every text that reached that action."""
    items = list(decisions)
    worst = Action.strictest(d.action for d in items)
    if worst is Action.ALLOW:
        return Decision(Action.ALLOW)
    reasons = _unique(r for d in items if d.action is worst for r in d.reasons)
    flags = _unique(f for d in items for f in d.flags)
    return Decision(worst, reasons, flags)


def _unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


@dataclass(frozen=True, slots=True)
class Item:
    """One text to screen; ``cacheable`` texts that were allowed before are skipped."""

    text: Text
    cacheable: bool = False


class Guard:
    """A policy with its built stack, screening in ``first-block`` mode for serving."""

    def __init__(self, policy: Policy) -> None:
        self.policy = policy
        self.stack: Stack = policy.build_stack()
        self._allowed: OrderedDict[bytes, float] = OrderedDict()
        self._lock = threading.Lock()

    def judge(self, items: Sequence[Item], *, canary: str | None = None) -> Verdict:
        """Screen every item (and look for ``canary``) and combine the decisions."""
        start = time.perf_counter()
        decisions: list[Decision] = []
        scores: dict[str, float] = {}
        errors: dict[str, str] = {}
        seconds: dict[str, float] = {}
        for item in items:
            key = _cache_key(item.text) if item.cacheable else None
            if key is not None and self._seen(key):
                continue
            screening = self.stack.screen(item.text, mode="first-block")
            decision = self.policy.decide(screening)
            decisions.append(decision)
            for rule, finding in screening.findings.items():
                scores[rule] = max(scores.get(rule, 0.0), finding.score)
            errors.update(screening.errors)
            for rule, spent in screening.seconds.items():
                seconds[rule] = seconds.get(rule, 0.0) + spent
            if key is not None and decision.action is Action.ALLOW:
                self._remember(key)
            if decision.blocked:
                break
            if canary is not None and canaries.leaked(item.text.content, canary):
                decisions.append(Decision(Action.BLOCK, (canaries.RULE,)))
                scores[canaries.RULE] = 1.0
                break
        return Verdict(combine(decisions), scores, errors, seconds, time.perf_counter() - start)

    def warm_up(self) -> bool:
        """Screen a short text once so lazy models load now; True when no slice failed."""
        screening = self.stack.screen(Text("Hello, how are you today?"), mode="full")
        return not screening.errors

    def _seen(self, key: bytes) -> bool:
        with self._lock:
            stamp = self._allowed.get(key)
            if stamp is None:
                return False
            if time.monotonic() - stamp > CACHE_TTL_S:
                del self._allowed[key]
                return False
            return True

    def _remember(self, key: bytes) -> None:
        with self._lock:
            self._allowed[key] = time.monotonic()
            self._allowed.move_to_end(key)
            if len(self._allowed) > CACHE_SIZE:
                self._allowed.popitem(last=False)


def _cache_key(text: Text) -> bytes:
    digest = hashlib.sha256(text.stage.value.encode())
    digest.update(
        b"\0" + (text.principal or "").encode() + b"\0" + text.content.encode("utf-8", "replace")
    )
    return digest.digest()


def chat_items(chat: ChatRequest, principal: str, *, history: bool, tools: bool) -> list[Item]:
    """The texts to screen for a chat request.

    The conversation (latest user turn as content, every turn as history) comes first: the
    stack gives conversation-stage rules the whole of it and prompt-stage rules the latest
    user turn. Earlier user turns (``history``) and tool or function results (``tools``,
    indirect injection) follow as prompt-stage texts; they are cached once allowed, so a
    growing conversation does not re-screen its past.
    """
    turns = tuple(message.turn() for message in chat.messages)
    latest = chat.latest_user_index()
    content = turns[latest].content if latest is not None else ""
    items = [Item(Text(content, Stage.CONVERSATION, turns=turns, principal=principal))]
    for index, turn in enumerate(turns):
        if index == latest or not turn.content:
            continue
        if (history and turn.role is Role.USER) or (tools and turn.role is Role.TOOL):
            items.append(
                Item(Text(turn.content, Stage.PROMPT, principal=principal), cacheable=True)
            )
    return items


def completion_items(request: CompletionRequest, principal: str) -> list[Item]:
    """The texts to screen for a legacy completions request: every prompt, and the suffix."""
    texts = [*request.prompts(), *([request.suffix] if request.suffix else [])]
    return [Item(Text(text, Stage.PROMPT, principal=principal)) for text in texts]


def response_items(texts: Sequence[str], prompt: str, principal: str) -> list[Item]:
    """The answer's texts (one per choice) as response-stage texts with their prompt."""
    return [Item(Text(text, Stage.RESPONSE, prompt=prompt, principal=principal)) for text in texts]


def ignored_notes(chat: ChatRequest) -> list[str]:
    """Notes on content that could not be screened as text (images, audio, files)."""
    ignored = sum(message.ignored_parts() for message in chat.messages)
    return [f"{ignored} non-text content part(s) not screened"] if ignored else []
