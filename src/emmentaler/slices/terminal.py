r"""Terminal control sequences: raw escape codes that rewrite what a terminal or log viewer shows.

A model whose answer is printed to a terminal (a CLI assistant, a log tailed in a shell, CI
output) can be made to emit raw control sequences that do more than colour text: move the
cursor and erase lines (so a harmless-looking line hides what ran), conceal text, set the
window title, write the clipboard (OSC 52: the next paste runs the attacker's command), or
plant hyperlinks whose target differs from their text (OSC 8). Carriage returns and runs of
backspaces without a line feed overprint what came before in the same way. Only *raw*
control characters count: the escaped spelling that code samples use (``"\033[31m"``) is text.

Scores (the highest sequence wins; the span covers it and the note names it):

* OSC 52 clipboard write 1.0; OSC 8 hyperlink 0.9; any other OSC (window title...) 0.8;
* CSI cursor movement, erase, scroll, mode changes, and the SGR "conceal" attribute 0.9;
  another escape sequence (reset, save/restore cursor, character sets) 0.8;
* SGR colour and style only 0.5; a carriage return that overprints text, or three
  backspaces in a row, 0.6 (in a text with several carriage returns and no line feed they
  are line breaks, as in classic Mac files, and score 0).

The default policy blocks 0.8 in responses and flags 0.5 anywhere: pasted build logs carry
colours and progress-bar erases, so in a prompt they only flag (a flag still votes). One RE2
scan of a bounded prefix, at most ``max_sequences`` sequences examined: linear time.
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
# ESC or the C1 introducers. An OSC is judged by its number alone (the span covers the
# introducer and the number): matching its body up to the terminator would need a large
# automaton for no gain.
_SEQUENCE = re2.compile(
    r"(?:\x1b\]|\x{9d})([0-9]{0,4})"
    r"|(?:\x1b\[|\x{9b})([0-9;:?<=>]{0,32})[ -/]{0,2}([@-~])"
    r"|\x1b[ -/]{0,2}[0-~]"
    r"|\r[^\n\r]"
    r"|\x08{3,}",
    _OPTIONS,
)
_SGR_CONCEAL = frozenset({"8"})


class TerminalSlice:
    """Raw terminal control sequences; the worst one found sets the score."""

    stages = frozenset({Stage.PROMPT, Stage.RESPONSE, Stage.CONVERSATION})
    sees_views: ClassVar[bool] = False  # unveil drops invisible controls: read the original

    class Params(SliceParams):
        """Options of the terminal slice."""

        max_chars: int = Field(
            default=200_000, ge=100, le=10_000_000, description="Only this prefix is scanned."
        )
        max_sequences: int = Field(
            default=4096, ge=1, le=1_000_000, description="Most sequences examined per text."
        )

    def __init__(self, params: Params | None = None) -> None:
        self.params = params or self.Params()

    def score(self, text: Text) -> Finding:
        """The riskiest control sequence, or 0.0 when there is none."""
        content = scrub(text.content[: self.params.max_chars])
        if not _has_control(content):
            return Finding(0.0)
        best = (0.0, "", Span(0, 0))
        # Classic Mac line endings (several CRs, no LF): there a CR is a line break.
        bare_cr_lines = "\n" not in content and content.count("\r") >= 2
        for count, match in enumerate(_SEQUENCE.finditer(content)):
            if count >= self.params.max_sequences:
                break
            if bare_cr_lines and match.group(0).startswith("\r"):
                continue
            score, what = _judge(match)
            if score > best[0]:
                best = (score, what, Span(match.start(), match.end()))
                if score >= 1.0:
                    break
        score, what, span = best
        return Finding(score, (span,), what) if score > 0 else Finding(0.0)


def _has_control(content: str) -> bool:
    return any(char in content for char in ("\x1b", "\x9b", "\x9d", "\r", "\x08"))


def _judge(match: re2._Match) -> tuple[float, str]:
    """Score and name of one matched sequence."""
    raw = str(match.group(0))
    if raw.startswith(("\x1b]", "\x9d")):
        code = match.group(1) or ""
        if code == "52":
            return 1.0, "OSC 52 clipboard write"
        if code == "8":
            return 0.9, "OSC 8 hyperlink"
        return 0.8, f"OSC {code or '?'} sequence"
    if raw.startswith(("\x1b[", "\x9b")):
        params, final = match.group(2) or "", match.group(3)
        if final == "m":
            if _SGR_CONCEAL & set(params.replace(":", ";").split(";")):
                return 0.9, "SGR conceal (hidden text)"
            return 0.5, "SGR colour/style"
        return 0.9, f"CSI {final} (cursor, erase or mode)"
    if raw.startswith("\r"):
        return 0.6, "carriage return overprinting a line"
    if raw.startswith("\x08"):
        return 0.6, "backspaces overprinting text"
    return 0.8, "escape sequence"
