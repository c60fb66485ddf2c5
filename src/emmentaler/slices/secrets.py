"""Credentials in text: provider API keys, private keys, JWTs, card numbers, passwords."""

from __future__ import annotations

import base64
import binascii
import functools
import json
from collections.abc import Callable
from typing import Any, ClassVar

import re2

from ..core import Finding, Span, Stage, Text
from ._matcher import MAX_MEM, KindParams, Pattern, PatternSet

MAX_CANDIDATES = 256
"""Matches checked per pattern and text; a text with more adds nothing to the score."""

_W = r"[A-Za-z0-9_-]"
PATTERNS: tuple[Pattern, ...] = (
    Pattern("openai_key", 0.95, rf"\bsk-(?:proj|svcacct|admin)-{_W}{{20,}}", ignore_case=False),
    Pattern("openai_key", 0.9, r"\bsk-[A-Za-z0-9]{32,}\b", ignore_case=False),
    Pattern(
        "anthropic_key", 0.95, rf"\bsk-ant-(?:api|admin|sid)\d{{2}}-{_W}{{20,}}", ignore_case=False
    ),
    Pattern("aws_access_key", 0.9, r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b", ignore_case=False),
    Pattern(
        "aws_secret_key",
        0.95,
        r"(?i)(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)\W{1,6}[A-Za-z0-9/+]{40}(?:[^A-Za-z0-9/+=]|$)",
        ignore_case=False,
    ),
    Pattern(
        "github_token", 0.95, r"\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b", ignore_case=False
    ),
    Pattern("github_token", 0.95, r"\bgithub_pat_[A-Za-z0-9_]{22,}", ignore_case=False),
    Pattern("gitlab_token", 0.95, rf"\bglpat-{_W}{{20}}", ignore_case=False),
    Pattern("slack_token", 0.95, r"\bxox[baprs]-[A-Za-z0-9-]{10,}", ignore_case=False),
    Pattern(
        "slack_webhook",
        0.9,
        r"https://hooks\.slack\.com/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/[A-Za-z0-9]{16,}",
        ignore_case=False,
    ),
    Pattern("stripe_key", 0.95, r"\b(?:sk|rk)_live_[A-Za-z0-9]{20,}", ignore_case=False),
    Pattern("stripe_key", 0.6, r"\b(?:sk|rk)_test_[A-Za-z0-9]{20,}", ignore_case=False),
    Pattern("google_api_key", 0.9, rf"\bAIza{_W}{{35}}", ignore_case=False),
    Pattern("twilio_key", 0.8, r"\bSK[0-9a-f]{32}\b", ignore_case=False),
    Pattern("sendgrid_key", 0.95, rf"\bSG\.{_W}{{22}}\.{_W}{{43}}", ignore_case=False),
    Pattern("huggingface_token", 0.9, r"\bhf_[A-Za-z0-9]{34,}\b", ignore_case=False),
    Pattern("npm_token", 0.95, r"\bnpm_[A-Za-z0-9]{36}\b", ignore_case=False),
    Pattern(
        "private_key",
        0.99,
        r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----",
        ignore_case=False,
    ),
    Pattern("jwt", 0.85, rf"\beyJ{_W}{{5,}}\.eyJ{_W}{{5,}}\.{_W}{{10,}}", ignore_case=False),
    Pattern("credit_card", 0.9, r"\b\d(?:[ -]?\d){12,18}\b", ignore_case=False),
    Pattern(
        "password_assignment",
        0.5,
        r"\b(?:\w{0,20}_)?(?:password|passwd|pwd|passphrase|secret|api[_-]?key|apikey|access[_-]?token|"
        r"auth[_-]?token|client[_-]?secret|private[_-]?key)[\"']?\s*[:=]\s*[\"']?[^\s\"'<>]{6,}",
    ),
    Pattern(
        "url_credentials",
        0.7,
        r"\b[a-z][a-z0-9+.-]{1,20}://[^\s:/@]{1,64}:[^\s:/@]{3,64}@[A-Za-z0-9.-]+",
    ),
)
"""Every kind the slice knows; ``Params.kinds`` enables a subset."""

KINDS: frozenset[str] = frozenset(p.label for p in PATTERNS)

_PLACEHOLDER_HINTS = (
    "example",
    "xxxx",
    "your_",
    "your-",
    "<",
    "${",
    "{{",
    "changeme",
    "placeholder",
    "dummy",
    "redacted",
    "****",
    "password",
    "secret",
    "...",
)
_PLACEHOLDER_SCORE = 0.3
_TEST_CARDS = frozenset(
    {"4111111111111111", "4242424242424242", "5555555555554444", "378282246310005"}
)


AWS_SECRET_WINDOW = 256
"""Characters either side of an AWS access key id searched for its 40-character secret."""


@functools.cache
def _aws_secret() -> Any:
    options = re2.Options()
    options.max_mem = MAX_MEM
    return re2.compile(r"(?:^|[^A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)", options)


@functools.cache
def _matcher(kinds: frozenset[str]) -> PatternSet:
    matcher = PatternSet([p for p in PATTERNS if p.label in kinds])
    matcher.compile()
    return matcher


class SecretsSlice:
    """Score credentials found in a text; each kind is a label, each match a span.

    Provider keys with a distinctive prefix score 0.8-0.95, private key blocks 0.99, JWTs
    (header decodes to JSON with ``alg``) 0.85, card numbers (Luhn-valid, known IIN
    prefixes) 0.9, ``password = ...`` style assignments 0.5 and URLs with embedded
    credentials 0.7. Obvious placeholders (``EXAMPLE``, ``xxxx``, ``<token>``) and well-known
    test card numbers score 0.3. The note names the kinds, never the values.

    Examples:
        >>> layer = SecretsSlice()
        >>> finding = layer.score(Text("export GITHUB_TOKEN=ghp_" + "a1B2" * 9))
        >>> finding.score, sorted(finding.labels)
        (0.95, ['github_token'])
    """

    stages = frozenset({Stage.PROMPT, Stage.RESPONSE})
    sees_views = False

    class Params(KindParams):
        """Which kinds to look for, and values to ignore."""

        KNOWN: ClassVar[frozenset[str]] = frozenset(KINDS)

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()
        self._kinds = frozenset(self.params.kinds)
        self._allow = frozenset(self.params.allowlist)

    def score(self, text: Text) -> Finding:
        """Score the credentials in ``text.content``."""
        content = text.content
        matcher = _matcher(self._kinds)
        labels: dict[str, float] = {}
        spans: list[Span] = []
        content, indices = matcher.scan(content)
        for index in indices:
            pattern = matcher.patterns[index]
            check = _CHECKS.get(pattern.label, _plain)
            for match in matcher.finditer(index, content, limit=MAX_CANDIDATES):
                value = match.group()
                if value in self._allow:
                    continue
                weight = check(value, pattern.weight)
                if pattern.label == "credit_card" and _in_decimal(
                    content, match.start(), match.end()
                ):
                    continue
                if weight <= 0.0 or weight < self.params.min_score:
                    continue
                start, end = match.start(), match.end()
                if pattern.label == "private_key":
                    end = _key_block_end(content, end)
                spans.append(Span(start, end))
                labels[pattern.label] = max(labels.get(pattern.label, 0.0), weight)
        if labels.get("aws_access_key", 0.0) >= 0.9 and "aws_secret_key" in self._kinds:
            self._near_aws_keys(content, spans, labels)
        if not labels:
            return Finding(0.0)
        names = sorted(labels, key=lambda name: (-labels[name], name))
        note = "secrets: " + ", ".join(names)
        spans.sort(key=lambda span: (span.start, span.end))
        return Finding(max(labels.values()), tuple(spans), note, labels=labels)

    def _near_aws_keys(self, content: str, spans: list[Span], labels: dict[str, float]) -> None:
        """Find a 40-character secret next to an AWS access key id (they travel together)."""
        found: list[Span] = []
        for span in spans[:MAX_CANDIDATES]:
            if content[span.start : span.start + 4] not in ("AKIA", "ASIA", "ABIA", "ACCA"):
                continue
            low = max(0, span.start - AWS_SECRET_WINDOW)
            for match in _aws_secret().finditer(content[low : span.end + AWS_SECRET_WINDOW]):
                value = match.group(1)
                mixed = any(c.islower() for c in value) and any(c.isupper() for c in value)
                if mixed and any(c.isdigit() for c in value) and value not in self._allow:
                    found.append(Span(low + match.start(1), low + match.end(1)))
                    labels["aws_secret_key"] = max(labels.get("aws_secret_key", 0.0), 0.95)
        spans.extend(found)


def _plain(value: str, weight: float) -> float:
    """Provider keys: full weight, unless the value is an obvious placeholder."""
    lowered = value.lower()
    if "example" in lowered or "xxxxxxxx" in lowered or len(set(value[-16:])) <= 2:
        return _PLACEHOLDER_SCORE
    return weight


def _jwt(value: str, weight: float) -> float:
    """A JWT only if its header decodes (bounded) to a JSON object with ``alg``."""
    header = value.split(".", 1)[0]
    if len(header) > 2_000:
        return 0.0
    try:
        decoded = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4)))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return 0.0
    return weight if isinstance(decoded, dict) and "alg" in decoded else 0.0


def _card(value: str, weight: float) -> float:
    """A card number: consistent grouping, 13-19 digits, a known IIN prefix, Luhn-valid."""
    digits = value.replace(" ", "").replace("-", "")
    if not 13 <= len(digits) <= 19 or not _grouped(value) or not _known_iin(digits):
        return 0.0
    if digits in _TEST_CARDS:
        return _PLACEHOLDER_SCORE
    return weight if luhn_valid(digits) and len(set(digits)) > 2 else 0.0


def _in_decimal(content: str, start: int, end: int) -> bool:
    """True for digits of a decimal number (``0.6511772622175621``), which are no card."""
    before = start >= 2 and content[start - 1] in ".," and content[start - 2].isdigit()
    after = end + 1 < len(content) and content[end] in ".," and content[end + 1].isdigit()
    return before or after


def _grouped(value: str) -> bool:
    """No separators, or one kind of separator between groups of 4 (Amex/Diners 4-6-5 / 4-6-4)."""
    separators = {char for char in value if not char.isdigit()}
    if not separators:
        return True
    if len(separators) > 1:
        return False
    groups = [len(group) for group in value.split(separators.pop())]
    return groups[:-1] in ([4] * (len(groups) - 1), [4, 6]) and 1 <= groups[-1] <= 5


def _known_iin(digits: str) -> bool:
    """Visa, Mastercard, Amex, Discover, JCB, Diners, UnionPay and Maestro prefixes."""
    two, four, six = int(digits[:2]), int(digits[:4]), int(digits[:6])
    n = len(digits)
    return (
        (digits[0] == "4" and n in (13, 16, 19))
        or (51 <= two <= 55 and n == 16)
        or (2221 <= four <= 2720 and n == 16)
        or (two in (34, 37) and n == 15)
        or ((four == 6011 or two == 65 or 644 <= int(digits[:3]) <= 649) and n >= 16)
        or (622126 <= six <= 622925 and n >= 16)
        or (3528 <= four <= 3589 and n >= 16)
        or ((300 <= int(digits[:3]) <= 305 or two in (36, 38, 39)) and n >= 14)
        or (two == 62 and n >= 16)
        or ((two == 50 or 56 <= two <= 69) and n >= 12)
    )


def luhn_valid(digits: str) -> bool:
    """True when ``digits`` (ASCII digits only) passes the Luhn checksum."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _assignment(value: str, weight: float) -> float:
    """``password = ...``: skip placeholders, code expressions and repeated characters."""
    secret = value.split("=", 1)[-1] if "=" in value else value.split(":", 1)[-1]
    secret = secret.strip().strip("\"'")
    lowered = secret.lower()
    if any(hint in lowered for hint in _PLACEHOLDER_HINTS) or len(set(secret)) <= 2:
        return 0.0
    if "(" in secret or secret.startswith(("$", "%", "{", "os.", "env", "process.", "self.")):
        return 0.0
    return weight


def _url_credentials(value: str, weight: float) -> float:
    """``scheme://user:password@host``: placeholders like ``user:password`` score low."""
    userinfo = value.split("://", 1)[1].rsplit("@", 1)[0]
    password = userinfo.split(":", 1)[1].lower()
    if any(hint in password for hint in _PLACEHOLDER_HINTS) or password in {"pass", "pwd"}:
        return _PLACEHOLDER_SCORE
    return weight


def _key_block_end(content: str, begin_end: int) -> int:
    """End of the ``-----END ... PRIVATE KEY-----`` line if it follows within 16 KB."""
    window = content[begin_end : begin_end + 16_384]
    marker = window.find("-----END ")
    if marker < 0:
        return begin_end
    close = window.find("-----", marker + 9)
    return begin_end + (close + 5 if close >= 0 else marker)


_CHECKS: dict[str, Callable[[str, float], float]] = {
    "jwt": _jwt,
    "credit_card": _card,
    "password_assignment": _assignment,
    "url_credentials": _url_credentials,
    "private_key": lambda value, weight: weight,
}
