"""Rarer ways to hide a request: Braille, zalgo, NATO spelling, and whole-token binary encodings.

Each function returns the unveiled text, or None when the text shows no sign of the scheme, so
the caller records a view only when something was undone.

* ``braille``: Unicode Braille cells (U+2800 block, grade-1 English: letters, the number
  sign, the capital sign, common punctuation) read back as letters;
* ``zalgo``: stacks of combining marks ("Z̵̡a̸l̶g̷o") stripped. Real text composes to at most
  two marks per letter after NFKC (Vietnamese), so only texts with several stacks of three or
  more marks, or about one mark per letter, count;
* ``nato``: runs of at least :data:`MIN_NATO` spelling-alphabet words ("Hotel Echo Lima ...")
  read back as letters, with ``/``, ``|``, a line break or a double space as word breaks;
* ``blobs``: whitespace-free tokens (and uuencoded lines) that decode, as quoted-printable,
  uuencode, Ascii85 or Base85, to printable text that reads as words. Base64 and hex are
  ``_decode``'s; these schemes are rarer, so they are tried per token, within the same budget.

Everything is linear in the (already bounded) text and every decoded byte counts against the
shared :class:`~emmentaler.unveil._decode.Budget`.
"""

from __future__ import annotations

import base64
import binascii
import re
import unicodedata

import re2

from ._decode import Budget, as_text
from ._language import common_hits

# Grade-1 English Braille, by dot pattern (bit k = dot k+1 in the Unicode encoding).
_BRAILLE_LETTERS = "a⠁b⠃c⠉d⠙e⠑f⠋g⠛h⠓i⠊j⠚k⠅l⠇m⠍n⠝o⠕p⠏q⠟r⠗s⠎t⠞u⠥v⠧w⠺x⠭y⠽z⠵"
_BRAILLE = {
    cell: letter for letter, cell in zip(_BRAILLE_LETTERS[::2], _BRAILLE_LETTERS[1::2], strict=True)
}
_BRAILLE_PUNCT = {"⠂": ",", "⠲": ".", "⠦": "?", "⠖": "!", "⠆": ";", "⠒": ":", "⠤": "-", "⠄": "'"}
_BRAILLE_DIGITS = dict(zip("⠁⠃⠉⠙⠑⠋⠛⠓⠊⠚", "1234567890", strict=True))
_NUMBER_SIGN, _CAPITAL_SIGN, _BLANK = "⠼", "⠠", "⠀"
MIN_BRAILLE = 8
"""Braille cells a text needs before it is read as Braille."""

_MARK_CLASS = (
    r"[\x{0300}-\x{036F}\x{1AB0}-\x{1AFF}\x{1DC0}-\x{1DFF}\x{20D0}-\x{20FF}\x{FE20}-\x{FE2F}]"
)
_MARKS = re2.compile(_MARK_CLASS)
_STACK = re2.compile(_MARK_CLASS + "{3,}")
MIN_STACKS = 3
"""Stacks of three or more combining marks a text needs to count as zalgo."""

_NATO_WORDS = (
    *("alfa", "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india"),
    *("juliett", "juliet", "kilo", "lima", "mike", "november", "oscar", "papa", "quebec"),
    *("romeo", "sierra", "tango", "uniform", "victor", "whiskey", "whisky", "x-ray", "xray"),
    *("yankee", "zulu"),
)
_NATO = {word: ("x" if word.startswith("x") else word[0]) for word in _NATO_WORDS}
_NATO_TOKEN = re2.compile(
    r"(?i)\b(?:" + "|".join(w.replace("-", r"\-") for w in _NATO_WORDS) + r")\b"
)
_PIECES = re.compile(r"\s+|[/|]|[^\s/|]+")
MIN_NATO = 6
"""Consecutive spelling-alphabet words that count as a spelled message."""

_TOKEN = re2.compile(r"\S{16,}")
_UU_LINE = re2.compile(r"(?m)^[!-M][ -`]{7,60}$")
_QP_ESCAPES = 3
MIN_WORD_RATE = 0.3
"""A decoded blob must read as words: this share of its tokens are common English words."""


def braille(content: str) -> str | None:
    """``content`` with Braille cells read as letters, or None with fewer than 8 cells."""
    cells = sum(1 for char in content if "\u2801" <= char <= "\u28ff")
    if cells < MIN_BRAILLE:
        return None
    out: list[str] = []
    digits = capital = False
    for char in content:
        if not "\u2800" <= char <= "\u28ff":
            digits = capital = False
            out.append(char)
        elif char == _BLANK:
            digits = capital = False
            out.append(" ")
        elif char == _NUMBER_SIGN:
            digits = True
        elif char == _CAPITAL_SIGN:
            capital = True
        elif digits and char in _BRAILLE_DIGITS:
            out.append(_BRAILLE_DIGITS[char])
        else:
            letter = _BRAILLE.get(char) or _BRAILLE_PUNCT.get(char, "")
            out.append(letter.upper() if capital else letter)
            capital = digits = False
    return "".join(out)


def zalgo(content: str) -> str | None:
    """``content`` without combining marks when it is stacked with them, else None."""
    if _MARKS.search(content) is None:
        return None
    decomposed = unicodedata.normalize("NFD", content)
    stacks = sum(1 for _ in _STACK.finditer(decomposed))
    marks = len(_MARKS.findall(decomposed))
    letters = sum(1 for char in decomposed if char.isalpha())
    if stacks < MIN_STACKS and marks < max(8, letters):
        return None
    return unicodedata.normalize("NFC", _MARKS.sub("", decomposed))


def nato(content: str) -> str | None:
    """Runs of spelling-alphabet words read back as letters, or None without such a run."""
    if sum(1 for _ in _NATO_TOKEN.finditer(content[:20_000])) < MIN_NATO:
        return None
    out: list[str] = []
    run: list[tuple[str, str]] = []  # (letter or break, original text) of the current run

    def close() -> None:
        letters = sum(1 for letter, _ in run if letter not in ("", " "))
        while run and run[-1][0] in ("", " "):  # trailing separators stay as they were
            tail = run.pop()
            out_tail.insert(0, tail[1])
        if letters >= MIN_NATO:
            out.append("".join(letter for letter, _ in run))
        else:
            out.append("".join(raw for _, raw in run))
        out.extend(out_tail)
        run.clear()
        out_tail.clear()

    out_tail: list[str] = []
    for piece in _PIECES.findall(content):
        if piece.isspace() or piece in ("/", "|"):
            if run:
                word_break = piece in ("/", "|") or "\n" in piece or len(piece) > 1
                run.append((" " if word_break else "", piece))
            else:
                out.append(piece)
            continue
        letter = _NATO.get(piece.lower().strip(".,;:!?"))
        if letter is not None:
            run.append((letter, piece))
            continue
        if run:
            close()
        out.append(piece)
    if run:
        close()
    text = "".join(out)
    return text if text != content else None


def blobs(content: str, budget: Budget) -> tuple[str, str] | None:
    """``(scheme, content with decoded tokens)`` for the first scheme that decodes, else None.

    Tried per whitespace-free token of at least 16 characters (uuencode per line). A token is
    replaced only when it decodes to printable text that reads as words.
    """
    if budget.spent:
        return None
    uu = _uu(content, budget)
    if uu is not None:
        return "uu", uu
    names: list[str] = []

    def replace(match: re2._Match) -> str:
        token = str(match.group(0))
        if budget.spent or not token.isascii():  # every scheme here is ASCII
            return token
        budget.attempts -= 1
        for name, decode in _TOKEN_SCHEMES:
            text = decode(token)
            if text is not None and _reads_as_words(text) and budget.take(len(text)):
                names.append(name)
                return text
        return token

    replaced = _TOKEN.sub(replace, content)
    if not names:
        return None
    return "&".join(sorted(set(names))), replaced


def _reads_as_words(text: str) -> bool:
    hits, tokens = common_hits(text)
    return tokens >= 2 and hits >= MIN_WORD_RATE * tokens


def _quoted_printable(token: str) -> str | None:
    if token.count("=") < _QP_ESCAPES or re2.search(r"=[0-9A-F]{2}", token) is None:
        return None
    try:
        return as_text(binascii.a2b_qp(token))
    except ValueError:
        return None


def _ascii85(token: str) -> str | None:
    body = token[2:-2] if token.startswith("<~") and token.endswith("~>") else token
    try:
        return as_text(base64.a85decode(body))
    except ValueError:
        return None


def _base85(token: str) -> str | None:
    try:
        return as_text(base64.b85decode(token))
    except ValueError:
        return None


_TOKEN_SCHEMES = (("qp", _quoted_printable), ("base85", _base85), ("ascii85", _ascii85))


def _uu(content: str, budget: Budget) -> str | None:
    """Consecutive uuencoded lines decoded, when they read as words."""
    lines = [m.group(0) for m in _UU_LINE.finditer(content)]
    if not lines:
        return None
    raw = bytearray()
    for line in lines:
        length = (ord(line[0]) - 32) & 63
        if len(line) - 1 != (length + 2) // 3 * 4:
            continue
        try:
            raw += binascii.a2b_uu(line)
        except binascii.Error:
            continue
    text = as_text(bytes(raw)) if raw else None
    if text is None or not _reads_as_words(text) or not budget.take(len(text)):
        return None
    return text
