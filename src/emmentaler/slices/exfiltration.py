"""Data exfiltration through rendered URLs: the usual payoff of an indirect prompt injection.

A chat client that renders Markdown fetches ``![x](https://host/p?q=...)`` without a click, so an
injected instruction only has to make the model emit an image whose URL carries the conversation
("...?d=<summary of the chat>"). This slice finds images (Markdown, reference-style, HTML
``<img>``, CSS ``url()``) and links whose URL looks like it carries data or a template for it:

- a placeholder for conversation data (``{chat_history}``, ``[SUMMARY]``, ``<password>``,
  ``$PROMPT``) in the URL — the shape of an exfiltration *instruction* (0.95; a placeholder
  without such a word, as in a README badge template, 0.6);
- private-looking text (0.9), a sentence (0.8 for an image) or a long base64 / hex value
  (0.85) in the query, or a long encoded path segment (0.7) — the shape of exfiltration *done*.

Links need a click: their score is scaled by ``link_factor`` and a sentence in a link's query
(a search link) stays low. A plain image or link, or a short query such as ``?style=flat``,
scores 0. Linear: one RE2 scan, at most ``max_urls`` URLs.
"""

from __future__ import annotations

import base64
import binascii
from typing import ClassVar
from urllib.parse import SplitResult, unquote_plus, urlsplit

import re2
from pydantic import Field

from ..core import Finding, Span, Stage, Text
from ..slice import SliceParams
from ._matcher import scrub
from ._turns import recent_tool_turns

MAX_CHARS = 200_000
"""Only this prefix of a text is scanned."""

_OPTIONS = re2.Options()
_OPTIONS.max_mem = 8 << 20
# Images first, then links; exactly one group (the URL) matches in every alternative. A
# Markdown destination runs to ")" or a new line, less a quoted or parenthesised title after
# a space; a quoted ``href`` runs to its closing quote (an unquoted ``src`` to a space).
_MD_URL = r"\(\s*(?:<(https?://[^)\n>]+)|(https?://[^)\s]+(?:[ \t]+[^)\s\"'(][^)\s]*)*))"
_IMAGE = re2.compile(
    r"(?m)!\[[^\]\n]{0,200}\]"
    + _MD_URL
    + r"|<img\b[^>]{0,300}?\bsrc\s*=\s*[\"']?(https?://[^\s\"']+)"
    r"|\burl\(\s*[\"']?(https?://[^\s\"')]+)"
    r"|^\s{0,3}\[[^\]\n]{1,100}\]:\s*(?:<(https?://[^\s>]+)|(https?://\S+))",
    _OPTIONS,
)
_LINK = re2.compile(
    r"\]" + _MD_URL + r"|<a\b[^>]{0,300}?\bhref\s*=\s*"
    r"(?:[\"'](https?://[^\s\"']+)|(https?://[^\s\"'>]+))",
    _OPTIONS,
)
_PLACEHOLDER = re2.compile(
    r"(?i)(?:\{\{?\s*\w{2,40}\s*\}?\}|\[[A-Z_ ]{3,40}\]|%5B[A-Z_]{3,40}%5D|<\w{3,40}>|"
    r"%3C\w{3,40}%3E|\$\{?[A-Z_]{3,40}\}?|\bINSERT[_ -]\w{0,40}|\bYOUR[_ -]\w{2,40})",
    _OPTIONS,
)
_DATA_WORDS = re2.compile(
    r"(?i)(?:conversation|history|chat|summary|password|passwd|secret|token|api.?key|email|"
    r"address|phone|credit.?card|ssn|prompt|instructions|personal|private)",
    _OPTIONS,
)
_B64 = re2.compile(r"[A-Za-z0-9+/_-]{32,}={0,2}", _OPTIONS)
_HEX = re2.compile(r"\b[0-9a-fA-F]{40,}\b", _OPTIONS)


class ExfiltrationSlice:
    """Images and links whose URL carries (or is a template for) conversation data."""

    stages = frozenset({Stage.PROMPT, Stage.RESPONSE, Stage.CONVERSATION})
    sees_views: ClassVar[bool] = False

    class Params(SliceParams):
        """Options of the exfiltration slice."""

        max_urls: int = Field(
            default=1024,
            ge=1,
            le=1024,
            description="URLs checked per text (a lower cap lets benign images ahead of an "
            "exfiltration URL hide it; 1,024 URLs of a 200,000-character text cost ~60 ms).",
        )
        min_value_chars: int = Field(
            default=40,
            ge=8,
            le=1000,
            description="A decoded query or path value at least this long counts as carried data.",
        )
        max_tool_turns: int = Field(
            default=4, ge=0, le=64, description="Most recent tool turns of a conversation read."
        )
        link_factor: float = Field(
            default=0.6,
            ge=0.0,
            le=1.0,
            description="Links need a click: their score is the image score times this.",
        )

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()

    def score(self, text: Text) -> Finding:
        """Highest-risk URL; the span covers it and the note says why.

        In a conversation the most recent tool turns are read too (a fetched page or e-mail
        carrying the exfiltration template); a finding there names the turn and has no span.
        """
        best = self._score_content(text.content)
        for where, content in recent_tool_turns(text, self.params.max_tool_turns):
            found = self._score_content(content)
            if found.score > best.score:
                best = Finding(found.score, note=f"{found.note}, in {where}")
        return best

    def _score_content(self, raw: str) -> Finding:
        content = scrub(raw[:MAX_CHARS])
        best = (0.0, "", Span(0, 0))
        seen = 0
        images: set[int] = set()  # an image's ``](url`` also reads as a link: check it once
        kinds = ((_IMAGE, 1.0, "image"), (_LINK, self.params.link_factor, "link"))
        for pattern, factor, kind in kinds:
            for match in pattern.finditer(content):
                group = next(g for g in range(1, match.re.groups + 1) if match.group(g))
                if kind == "image":
                    images.add(match.start(group))
                elif match.start(group) in images:
                    continue  # scored as an image already, which never scores lower
                seen += 1
                if seen > self.params.max_urls:
                    break
                url = match.group(group)[:4096]
                risk, why = self._risk(url, image=kind == "image")
                value = risk * factor
                if value > best[0]:
                    best = (value, f"{kind} URL {why}", Span(match.start(group), match.end(group)))
        if best[0] <= 0.0:
            return Finding(0.0)
        return Finding(best[0], spans=(best[2],), note=best[1])

    def _risk(self, url: str, *, image: bool) -> tuple[float, str]:
        parts = _split(url)
        if parts is None:
            return 0.0, ""
        carried = parts.query + "/" + parts.path + "#" + parts.fragment
        if _PLACEHOLDER.search(carried):
            if _DATA_WORDS.search(carried):
                return 0.95, "with a placeholder for conversation data"
            return 0.6, "with a placeholder"
        longest = max(
            (len(unquote_plus(v)) for v in _values(parts.query) + _values(parts.fragment)),
            default=0,
        )
        if longest >= self.params.min_value_chars:
            decoded = " ".join(unquote_plus(v) for v in _values(parts.query))
            if _DATA_WORDS.search(decoded):
                return 0.9, "carrying private-looking text in its query"
            if decoded.count(" ") >= 4:
                return 0.8 if image else 0.4, "carrying text in its query"
            if _encoded(decoded):
                return 0.85, "carrying an encoded value in its query"
            return 0.5, "with a long query value"
        segments = [s for s in parts.path.split("/") if s]
        if any(len(s) >= 2 * self.params.min_value_chars and _encoded(s) for s in segments):
            return 0.7, "carrying an encoded value in its path"
        return 0.0, ""


def _split(url: str) -> SplitResult | None:
    r"""``urlsplit(url)``; when its host is malformed, the path, query and fragment alone.

    ``urlsplit`` rejects a host with an unpaired bracket, yet a browser reads a backslash as
    a slash in an http(s) URL, so ``https://host\[/p?d=...`` still fetches ``host/[/p?d=...``:
    what the URL carries must not escape the check because its host cannot be parsed.
    """
    try:
        return urlsplit(url)
    except ValueError:
        scheme, _, rest = url.partition("://")
        cut = min((i for i in map(rest.find, "/?#\\") if i >= 0), default=len(rest))
        tail = rest[cut:]
        if tail.startswith("\\"):
            tail = "/" + tail[1:]
        try:
            return urlsplit(f"{scheme}://host{tail}")
        except ValueError:
            return None


def _values(query: str) -> list[str]:
    return [pair.partition("=")[2] or pair for pair in query.split("&")[:64] if pair]


def _encoded(value: str) -> bool:
    """Whether ``value`` holds a long base64 / hex run that decodes to mostly printable text."""
    if _HEX.search(value):
        return True
    match = _B64.search(value)
    if not match:
        return False
    run = match.group(0).replace("-", "+").replace("_", "/")
    try:
        raw = base64.b64decode(run + "=" * (-len(run) % 4), validate=False)
    except (binascii.Error, ValueError):
        return False
    printable = sum(32 <= b < 127 for b in raw)
    return len(raw) > 0 and printable / len(raw) > 0.8
