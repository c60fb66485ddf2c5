"""Personal data in text: emails, phone numbers, IBANs, national ids, IP addresses."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ClassVar

from ..core import Finding, Span, Stage, Text
from ._matcher import KindParams, Pattern, PatternSet

MAX_CANDIDATES = 64
"""Matches checked per pattern and text; a text with more adds nothing to the score."""

_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_SEP = r"[ .-]"
PATTERNS: tuple[Pattern, ...] = (
    Pattern(
        "email",
        0.7,
        rf"\b[A-Za-z0-9._%+-]{{1,64}}@{_LABEL}(?:\.{_LABEL}){{0,8}}\.[A-Za-z]{{2,24}}\b",
        ignore_case=False,
    ),
    # E.164-style: a plus, a country code, then digit groups (8-15 digits checked after).
    Pattern(
        "phone",
        0.6,
        rf"(?:^|[\s(:;,/])\+[1-9]\d{{0,2}}(?:{_SEP}?\(?\d{{1,4}}\)?){{2,6}}",
        ignore_case=False,
    ),
    # North American: (415) 555-0132, 415-555-0132, 415.555.0132 (separators required).
    Pattern("phone", 0.6, r"(?:\(\d{3}\) ?|\b\d{3}[.-])\d{3}[.-]\d{4}\b", ignore_case=False),
    # National trunk prefix 0: 020 7946 0958, 030 12345678, 06 12 34 56 78.
    Pattern(
        "phone",
        0.5,
        r"\b0[1-9]\d{0,3}(?:[ /-]\d{2,8}){1,4}\b",
        ignore_case=False,
    ),
    Pattern("iban", 0.85, r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b", ignore_case=False),
    Pattern("us_ssn", 0.85, r"\b\d{3}-\d{2}-\d{4}\b", ignore_case=False),
    Pattern(
        "us_ssn",
        0.8,
        r"(?i)\b(?:ssn|social security (?:number|no\.?|#))\W{1,3}(?:is\W{1,3})?"
        r"\d{3} ?\d{2} ?\d{4}\b",
        ignore_case=False,
    ),
    Pattern(
        "uk_nino",
        0.8,
        r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b",
        ignore_case=False,
    ),
    Pattern("es_dni", 0.7, r"\b[XYZ]?\d{7,8}-?[A-HJ-NP-TV-Z]\b", ignore_case=False),
    Pattern(
        "ip_address",
        0.3,
        r"\b(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\b",
        ignore_case=False,
    ),
)
"""Every kind the slice knows; ``Params.kinds`` enables a subset."""

KINDS: frozenset[str] = frozenset(p.label for p in PATTERNS)

_EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net", ".example", ".test", ".invalid")
_EXAMPLE_SCORE = 0.2
_IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
    "BR": 29, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20,
    "EG": 29, "ES": 24, "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18,
    "GR": 27, "GT": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IS": 26, "IT": 27, "JO": 30,
    "KW": 30, "KZ": 20, "LB": 28, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24,
    "ME": 22, "MK": 19, "MR": 27, "MT": 31, "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28,
    "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "SA": 24, "SE": 24, "SI": 19, "SK": 24,
    "SM": 27, "TN": 24, "TR": 26, "UA": 29, "VG": 24, "XK": 20,
}  # fmt: skip
_NINO_BAD_PREFIXES = frozenset({"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"})
_SSN_KNOWN_FAKES = frozenset({"078051120", "219099999", "123456789"})
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


@functools.cache
def _matcher(kinds: frozenset[str]) -> PatternSet:
    matcher = PatternSet([p for p in PATTERNS if p.label in kinds])
    matcher.compile()
    return matcher


class PiiSlice:
    """Score personal data found in a text; each kind is a label, each match a span.

    Kinds and weights: ``email`` 0.7 (example domains 0.2), ``phone`` 0.5-0.6 (E.164,
    North American and trunk-prefix national formats, 8-15 digits, separators required
    outside E.164), ``iban`` 0.85 (country length and mod-97 checked), ``us_ssn`` 0.85
    (area, group and serial rules), ``uk_nino`` 0.8 (prefix rules), ``es_dni`` 0.7 (check
    letter), ``ip_address`` 0.3 (public IPv4 only). The default policy flags this slice:
    personal data is often legitimate, so it flags (and does not vote) rather than blocks.

    Examples:
        >>> layer = PiiSlice()
        >>> finding = layer.score(Text("Mail me at jane.doe@mailbox.org"))
        >>> finding.score, sorted(finding.labels)
        (0.7, ['email'])
    """

    stages = frozenset({Stage.PROMPT, Stage.RESPONSE})
    sees_views = False

    class Params(KindParams):
        """Which kinds to look for, and values to ignore."""

        KNOWN: ClassVar[frozenset[str]] = frozenset(KINDS)

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()
        self._kinds = frozenset(self.params.kinds)
        self._allow = frozenset(value.lower() for value in self.params.allowlist)

    def score(self, text: Text) -> Finding:
        """Score the personal data in ``text.content``."""
        content = text.content
        matcher = _matcher(self._kinds)
        found: list[tuple[float, str, Span]] = []
        content, indices = matcher.scan(content)
        for index in indices:
            pattern = matcher.patterns[index]
            check = _CHECKS.get(pattern.label) or _simple(_SIMPLE_CHECKS[pattern.label])
            for match in matcher.finditer(index, content, limit=MAX_CANDIDATES):
                weight, start, end = check(match.group(), pattern.weight)
                if pattern.label == "phone" and _continues_number(content, match.start() + start):
                    continue
                value = match.group()[start:end]
                if weight <= 0.0 or weight < self.params.min_score or value.lower() in self._allow:
                    continue
                found.append(
                    (weight, pattern.label, Span(match.start() + start, match.start() + end))
                )
        labels, spans = _strongest_first(found)
        if not labels:
            return Finding(0.0)
        names = sorted(labels, key=lambda name: (-labels[name], name))
        spans = sorted(set(spans), key=lambda span: (span.start, span.end))
        return Finding(
            max(labels.values()), tuple(spans), "pii: " + ", ".join(names), labels=labels
        )


def _continues_number(content: str, start: int) -> bool:
    """True when the match is the tail of a longer digit sequence (``0044 0532 0130``)."""
    return start >= 2 and content[start - 1] in " -./" and content[start - 2].isdigit()


def _strongest_first(found: list[tuple[float, str, Span]]) -> tuple[dict[str, float], list[Span]]:
    """Keep matches that no stronger match contains (an IBAN's digits are not a phone)."""
    labels: dict[str, float] = {}
    kept: list[Span] = []
    for weight, label, span in sorted(found, key=lambda item: (-item[0], item[2].start)):
        if any(other.start <= span.start and span.end <= other.end for other in kept):
            continue
        kept.append(span)
        labels[label] = max(labels.get(label, 0.0), weight)
    return labels, kept


def _simple(check: Callable[[str, float], float]) -> Callable[[str, float], tuple[float, int, int]]:
    def whole(value: str, weight: float) -> tuple[float, int, int]:
        return check(value, weight), 0, len(value)

    return whole


def _email(value: str, weight: float) -> float:
    domain = value.rsplit("@", 1)[1].lower()
    if domain.endswith(_EXAMPLE_DOMAINS) or domain in {"example.com", "localhost"}:
        return _EXAMPLE_SCORE
    return weight


def _phone(value: str, weight: float) -> tuple[float, int, int]:
    """8-15 digits, not one repeated digit, not a run like 0123456789."""
    plus = value.find("+")
    start = plus if plus >= 0 else 0
    if value.endswith(")") and value[start:].count(")") > value[start:].count("("):
        value = value[:-1]
    digits = "".join(char for char in value if char.isdigit())
    if [len(group) for group in value[start:].split("-")] == [3, 2, 4]:
        return 0.0, start, len(value)  # the shape of a US SSN, judged by its own rules
    if not 8 <= len(digits) <= 15 or len(set(digits)) <= 2 or digits in "01234567890123456789":
        return 0.0, start, len(value)
    if plus < 0 and len(digits) < 9:
        return 0.0, start, len(value)
    return weight, start, len(value)


def _iban(value: str, weight: float) -> tuple[float, int, int]:
    """Country length and mod-97; a greedy match that ran into a following word is trimmed."""
    expected = _IBAN_LENGTHS.get(value[:2])
    compact = value.replace(" ", "")
    if expected is None or len(compact) < expected or not iban_valid(compact[:expected]):
        return 0.0, 0, len(value)
    end = seen = 0
    while seen < expected:
        seen += value[end] != " "
        end += 1
    if end < len(value) and value[end] != " ":
        return 0.0, 0, end  # the number runs on: not this IBAN
    return weight, 0, end


def iban_valid(iban: str) -> bool:
    """True when ``iban`` (no spaces, upper case) passes the ISO 13616 mod-97 check."""
    rearranged = iban[4:] + iban[:4]
    remainder = 0
    for char in rearranged:
        if char.isdigit():
            remainder = (remainder * 10 + ord(char) - 48) % 97
        elif "A" <= char <= "Z":
            remainder = (remainder * 100 + ord(char) - 55) % 97
        else:
            return False
    return remainder == 1


def _ssn(value: str, weight: float) -> float:
    digits = "".join(char for char in value if char.isdigit())[-9:]
    if len(digits) != 9 or digits in _SSN_KNOWN_FAKES:
        return 0.0
    area, group, serial = int(digits[:3]), int(digits[3:5]), int(digits[5:])
    if area == 0 or area == 666 or area >= 900 or group == 0 or serial == 0:
        return 0.0
    return weight


def _nino(value: str, weight: float) -> float:
    return 0.0 if value[:2] in _NINO_BAD_PREFIXES else weight


def _dni(value: str, weight: float) -> float:
    compact = value.replace("-", "")
    number = compact[:-1]
    if number[0] in "XYZ":
        number = str("XYZ".index(number[0])) + number[1:]
    return weight if _DNI_LETTERS[int(number) % 23] == compact[-1] else 0.0


def _ip(value: str, weight: float) -> float:
    """Public IPv4 only: private, loopback, link-local and documentation ranges are skipped."""
    octets = [int(part) for part in value.split(".")]
    first, second = octets[0], octets[1]
    private = (
        first in (0, 10, 127)
        or first >= 224
        or (first == 172 and 16 <= second <= 31)
        or (first == 192 and second == 168)
        or (first == 169 and second == 254)
        or (first == 100 and 64 <= second <= 127)
        or value.startswith(("192.0.2.", "198.51.100.", "203.0.113."))
    )
    return 0.0 if private else weight


_CHECKS: dict[str, Callable[[str, float], tuple[float, int, int]]] = {
    "phone": _phone,
    "iban": _iban,
}
"""Checks that may trim the match: (weight, start, end) within the matched text."""

_SIMPLE_CHECKS: dict[str, Callable[[str, float], float]] = {
    "email": _email,
    "us_ssn": _ssn,
    "uk_nino": _nino,
    "es_dni": _dni,
    "ip_address": _ip,
}
