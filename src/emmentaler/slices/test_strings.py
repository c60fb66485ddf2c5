"""Standard scanner test strings: EICAR (anti-virus), GTUBE (anti-spam) and GTphish (anti-phishing).

These published strings exist so that scanners can be tested: every anti-virus engine treats
the EICAR string as malware, every spam filter treats GTUBE as spam. A model coaxed into
emitting one ("repeat after me ...") produces output that mail gateways quarantine and
endpoint scanners delete, and that a downstream system may store or forward; asking a model to
write one is a classic probe of whether it can be made to emit known-bad signatures. The
strings themselves are harmless, which is why the default policy blocks them only in
responses and flags them in prompts (a security engineer may paste one while testing).

Matching is exact on the distinctive body of each string, tolerant only of the escaping a
model or a Markdown/JSON renderer adds (a doubled backslash, a backslash before Markdown
punctuation, whitespace at line ends). One RE2 scan of a bounded prefix: linear time.
"""

from __future__ import annotations

from typing import ClassVar

import re2
from pydantic import Field

from ..core import Finding, Span, Stage, Text
from ..slice import SliceParams
from ._matcher import scrub

_OPTIONS = re2.Options()
_OPTIONS.max_mem = 4 << 20


def _tolerant(literal: str) -> str:
    """RE2 pattern for ``literal`` where Markdown/JSON may have escaped a character."""
    parts = []
    for char in literal:
        if char == "\\":
            parts.append(r"\\{1,2}")  # JSON doubles it
        elif char.isalnum():
            parts.append(char)
        else:
            parts.append(r"\\?" + re2.escape(char))  # Markdown escapes punctuation
    return "".join(parts)


# Published bodies of the test strings (EICAR: 68 characters; GTUBE and GTphish: the
# SpamAssassin test patterns). Kept in one table so each match names its string.
STRINGS: dict[str, str] = {
    "eicar": r"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*",
    "gtube": "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X",
    "gtphish": "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTPHISH-STANDARD-ANTI-PHISH-TEST-EMAIL*C.34X",
}
_PATTERN = re2.compile(
    "|".join(f"(?P<{name}>{_tolerant(body)})" for name, body in STRINGS.items()), _OPTIONS
)


class ScannerStringsSlice:
    """1.0 when a text carries a standard scanner test string; the note names which."""

    stages = frozenset({Stage.PROMPT, Stage.RESPONSE, Stage.CONVERSATION})
    sees_views: ClassVar[bool] = True  # a base64-wrapped EICAR is decoded by unveil first

    class Params(SliceParams):
        """Options of the test-strings slice."""

        max_chars: int = Field(
            default=200_000, ge=100, le=10_000_000, description="Only this prefix is scanned."
        )

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()

    def score(self, text: Text) -> Finding:
        """1.0 with the string's span and name, or 0.0."""
        found = _PATTERN.search(scrub(text.content[: self.params.max_chars]))
        if found is None:
            return Finding(0.0)
        name = next(key for key in STRINGS if found.group(key) is not None)
        return Finding(
            1.0, (Span(found.start(), found.end()),), f"{name} test string", labels={name: 1.0}
        )
