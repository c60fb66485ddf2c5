"""Character-level unveiling: invisibles, tag smuggling, look-alikes, spaced letters, leetspeak.

Every function here is one linear pass (``str.translate``, a re2 scan, or a loop over
words); none of them can backtrack.
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter

import re2

from ._tables import (
    COMBINING_CLASS,
    INVISIBLE,
    LEET,
    LOOKALIKE_CHARS,
    SCRIPT_CHARS,
    SCRIPT_LOOKALIKES,
    STYLE_CHARS,
    STYLE_FOLD,
    STYLE_RUNS,
    TAG_FIRST,
    TAGS,
)

MAX_EDITS = 1_024
"""Most words one step rewrites: each rewrite is a Python call, so this bounds the time."""
MAX_WORDS = 4_096
"""Most non-ASCII words examined for look-alikes."""

_HEX = frozenset(string.hexdigits)
_ASCII_LETTERS = frozenset(string.ascii_letters)
_WORD = re.compile(r"[^\W\d_]+")  # runs of letters: one class, linear
_SCRIPTS = r"\x{0370}-\x{058F}\x{13A0}-\x{13FF}"
_MIXED = re2.compile(f"[A-Za-z][{_SCRIPTS}]|[{_SCRIPTS}][A-Za-z]")
"""A Latin letter next to a Greek, Cyrillic, Armenian or Cherokee one: a mixed word."""
_NOT_LETTERS = bytes(c for c in range(128) if not chr(c).isalpha())
SPACED_PATTERN = r"\b[A-Za-z](?:(?:[ \n]{1,3}|[.\-_*/|] ?)[A-Za-z]\b){3,}"
"""Four or more single letters, each apart from the next by spaces, newlines or a dot/dash."""
_SPACED = re2.compile(SPACED_PATTERN)
LEET_TRIGGER_PATTERN = r"[A-Za-z][0134579$]+[A-Za-z]"
"""A digit or ``$`` between two letters: the sign that a text uses leetspeak."""
_LEET_TRIGGER = re2.compile(LEET_TRIGGER_PATTERN)
_MARKS = re.compile(f"[{COMBINING_CLASS}]+")  # one class: linear
_LEET_WORD = re2.compile(
    r"[A-Za-z]+[0-9$@][A-Za-z0-9$@]*|[0-9$@]+[A-Za-z][A-Za-z0-9$@]*"
)  # words with a letter and a leet character


def decode_tags(content: str) -> str:
    """``content`` with each run of tag characters replaced by the ASCII it mirrors."""
    return TAGS.sub(_tag_run, content)


def _tag_run(match: re.Match[str]) -> str:
    out = []
    for char in match.group(0):
        code = ord(char) - TAG_FIRST
        if 0x20 <= code < 0x7F:
            out.append(chr(code))
    return "".join(out)


def normalize(content: str) -> str:
    """NFKC with invisible and format characters removed and unpaired surrogates dropped."""
    cleaned = INVISIBLE.sub("", content)
    try:
        return unicodedata.normalize("NFKC", cleaned)
    except UnicodeError:  # pragma: no cover - normalize accepts surrogates in CPython
        return cleaned


def fold_lookalikes(content: str) -> str:
    """Fold styled letters everywhere and other scripts' look-alikes where they pose as Latin.

    Combining marks left on letters after NFKC (strike-through, "Zalgo" stacks) are dropped.

    A word mixing Latin letters with Cyrillic, Greek, Armenian or Cherokee look-alikes is
    folded; so is a word made only of look-alikes when the text is mostly Latin. A sentence
    written in Russian or Greek is left alone.
    """
    if not STYLE_CHARS.isdisjoint(content):
        content = unicodedata.normalize(
            "NFKC", STYLE_RUNS.sub(lambda m: m.group(0).translate(STYLE_FOLD), content)
        )
    if not content.isascii():
        content = _MARKS.sub("", content)  # NFKC composed what it could: the rest decorates
    if LOOKALIKE_CHARS.isdisjoint(content) or _ASCII_LETTERS.isdisjoint(content):
        return content
    mixed, pure, posing = scan_words(content)
    targets = sorted(mixed + (pure if posing else []))[:MAX_EDITS]
    if not targets:
        return content
    parts = []
    last = 0
    for start, end in targets:
        parts.append(content[last:start])
        parts.append(content[start:end].translate(SCRIPT_LOOKALIKES))
        last = end
    parts.append(content[last:])
    return "".join(parts)


def scan_words(content: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]], bool]:
    """Find words posing as Latin: (mixed-script words, all-look-alike words, Latin dominates).

    A mixed word has ASCII letters and letters of a look-alike script that all fold to ASCII;
    an all-look-alike word has only such letters. The all-look-alike words only count as
    posing when Latin letters dominate the text and no word of those scripts has a letter
    that does not fold (then the text simply quotes Greek or Russian).
    """
    mixed: list[tuple[int, int]] = []
    pure: list[tuple[int, int]] = []
    ascii_only = content.encode("ascii", "ignore")
    ascii_letters = len(ascii_only.translate(None, _NOT_LETTERS))
    non_ascii = len(content) - len(ascii_only)
    if ascii_letters <= 2 * non_ascii and _MIXED.search(content) is None:
        return mixed, pure, False  # no word mixes scripts, and Latin cannot dominate
    latin = foreign = unfoldable = 0
    examined = 0
    for match in _WORD.finditer(content):
        word = match.group(0)
        if word.isascii():
            latin += len(word)
            continue
        examined += 1
        if examined > MAX_WORDS:
            break
        chars = set(word)
        others = chars - _ASCII_LETTERS
        has_latin = len(others) < len(chars)
        has_script = not others.isdisjoint(SCRIPT_CHARS)
        all_folds = others <= LOOKALIKE_CHARS
        if has_script and not all_folds:
            unfoldable += 1
        if has_latin and has_script and all_folds:
            mixed.append(match.span())
            latin += len(word)
        elif has_script and all_folds and len(word) >= 2:
            pure.append(match.span())
            foreign += len(word)
        else:
            foreign += len(word)
    return mixed, pure, latin > 2 * foreign and unfoldable == 0


def join_spaced(content: str) -> str:
    """Join runs of single letters spaced or dotted apart (``h o w  t o`` -> ``how to``)."""
    if _SPACED.search(content) is None:
        return content
    return str(_SPACED.sub(_join_run, content, count=MAX_EDITS))


def _join_run(match: re.Match[str]) -> str:
    run = match.group(0)
    letters: list[str] = []
    separators: list[str] = []
    current: list[str] = []
    for char in run:
        if char in _ASCII_LETTERS:
            if letters:
                separators.append("".join(current))
            letters.append(char)
            current = []
        else:
            current.append(char)
    inner = Counter(separators).most_common(1)[0][0]
    out = [letters[0]]
    for letter, separator in zip(letters[1:], separators, strict=True):
        if separator != inner:
            out.append(" ")
        out.append(letter)
    return "".join(out)


def fold_leet(content: str) -> str:
    """Fold words that hide letters behind digits or symbols (``b0mb`` -> ``bomb``).

    Nothing changes unless some word has a digit or ``$`` between letters; then every word
    mixing letters with leet characters is folded, except hex-like words (hashes, ids).
    Numbers standing alone never change.
    """
    if _LEET_TRIGGER.search(content) is None:
        return content
    return str(_LEET_WORD.sub(_leet_word, content, count=MAX_EDITS))


def _leet_word(match: re.Match[str]) -> str:
    word = match.group(0)
    if len(word) >= 6 and _HEX.issuperset(word):
        return word
    if len(word) > 24:
        return word
    return str(word.translate(LEET))
