"""Character tables for unveil, built once at import: invisibles, look-alikes, leet, Morse, words.

The tables are written by hand and kept compact: they cover the look-alikes that matter for
smuggling English instructions past word-based slices, not the whole of Unicode's
confusables list.
"""

from __future__ import annotations

import re
import string

# Format and zero-width characters that render as nothing: Unicode category Cf (minus the
# visible Arabic/Syriac/Kaithi/Egyptian signs), variation selectors, the combining grapheme
# joiner, Hangul fillers, Khmer inherent vowels, Mongolian selectors and the tag block.
INVISIBLE_CLASS = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0000-\U000e007f\U000e0100-\U000e01ef"
)
INVISIBLE = re.compile(f"[{INVISIBLE_CLASS}]+")
"""Runs of invisible characters (linear: one character class, no nesting)."""

COMBINING_CLASS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
"""Generic combining marks (diacritics, overlays, enclosing marks), not script-specific ones."""

BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
"""Bidi embedding, override and isolate controls (the Trojan Source characters)."""

TAG_FIRST, TAG_LAST = 0xE0000, 0xE007F
TAGS = re.compile("[\U000e0000-\U000e007f]+")
"""Runs of Unicode tag characters, which mirror ASCII and render as nothing."""

BLACK_FLAG = "\U0001f3f4"
"""The emoji base of subdivision flags (England, Scotland, Wales), which use tags legitimately."""


def _pairs(sources: str, targets: str) -> dict[int, str]:
    if len(sources) != len(targets):
        raise ValueError("table halves differ in length")
    return {ord(s): t for s, t in zip(sources, targets, strict=True)}


def _alphabet_block(first: int, letters: str = string.ascii_uppercase) -> dict[int, str]:
    return {first + i: letter for i, letter in enumerate(letters)}


# Letters of other scripts that look like ASCII letters. Folded only inside words that mix
# them with Latin letters, or in Latin-dominant text (a Russian sentence stays Russian).
SCRIPT_LOOKALIKES: dict[int, str] = {
    # Cyrillic
    **_pairs("АВЕКМНОРСТУХЅІЈԚԜҮҺӀԌ", "ABEKMHOPCTYXSIJQWYHIG"),
    **_pairs("аеорсухѕіјԛԝһӏүкԁвпгтмнѵ", "aeopcyxsijqwhlykdbnrtmhv"),
    # Greek
    **_pairs("ΑΒΕΖΗΙΚΜΝΟΡΤΥΧϹ", "ABEZHIKMNOPTYXC"),
    **_pairs("αβεικνορτυχγϲϳωη", "abeiknoptuxycjwn"),
    # Armenian, Cherokee and Latin look-alikes
    **_pairs("օսոհզցաԁԛ", "ounhqgwdq"),
    **_pairs("ᎪᏴᏟᎠᎬᏀᎻᏆᏦᏞᎷᏢᏚᎢᏙᏔᎳ", "ABCDEGHJKLMPSTVWW"),
}
SCRIPT_RANGES = ((0x0370, 0x052F), (0x0530, 0x058F), (0x13A0, 0x13FF))
"""Greek, Cyrillic, Armenian and Cherokee: scripts whose letters pass for Latin ones."""

# Styled letters that NFKC leaves alone; folded everywhere (no language writes with them).
STYLE_FOLD: dict[int, str] = {
    **_pairs("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘǫʀꜱᴛᴜᴠᴡʏᴢ", "abcdefghijklmnopqrstuvwyz"),  # small capitals
    **_pairs("ɐɔǝɟƃɥᴉɾʞɯɹʇʌʍʎ", "acefghijkmrtvwy"),  # turned (upside-down) letters
    **_pairs("ȷɑɡɩǀ", "jagil"),  # not Turkish ı, a letter in its own right
    **_alphabet_block(0x1F150),  # negative circled
    **_alphabet_block(0x1F170),  # negative squared
    **_alphabet_block(0x1F1E6),  # regional indicators
    **{0x249C + i: c for i, c in enumerate(string.ascii_lowercase)},  # parenthesized ⒜
}

STYLE_CHARS = frozenset(map(chr, STYLE_FOLD))
LOOKALIKE_CHARS = frozenset(map(chr, SCRIPT_LOOKALIKES))
SCRIPT_CHARS = frozenset(chr(c) for lo, hi in SCRIPT_RANGES for c in range(lo, hi + 1))
STYLE_RUNS = re.compile("[" + "".join(sorted(STYLE_CHARS)) + "]+")
"""Runs of styled letters (one class: linear)."""

STYLED_RANGES = (
    (0xFF21, 0xFF5A),  # fullwidth letters
    (0x1D400, 0x1D6A5),  # mathematical alphanumerics (letters)
    (0x24B6, 0x24E9),  # circled letters
    (0x1F130, 0x1F189),  # squared and negative letters
    (0x1F1E6, 0x1F1FF),  # regional indicators
    (0x1D00, 0x1D2B),  # small capitals
    (0x249C, 0x24B5),  # parenthesized letters
)
"""Ranges of letters styled to look like ASCII; a run of them is a signal."""

LEET: dict[int, str] = _pairs("01345789$@!|+€", "oieastbgsaiite")
LEET_TRIGGERS = "0134579$"
"""Characters that, inside a word, suggest leetspeak (digits 2 and 6 never stand for letters)."""

ROT13 = str.maketrans(
    string.ascii_lowercase + string.ascii_uppercase,
    string.ascii_lowercase[13:]
    + string.ascii_lowercase[:13]
    + string.ascii_uppercase[13:]
    + string.ascii_uppercase[:13],
)
ATBASH = str.maketrans(
    string.ascii_lowercase + string.ascii_uppercase,
    string.ascii_lowercase[::-1] + string.ascii_uppercase[::-1],
)

_MORSE_CODES = (
    ".- -... -.-. -.. . ..-. --. .... .. .--- -.- .-.. -- -. --- .--. --.- .-. ... - ..- "
    "...- .-- -..- -.-- --.. ----- .---- ..--- ...-- ....- ..... -.... --... ---.. ----. "
    ".-.-.- --..-- ..--.. -.-.-- .----. -..-. ---... -...- .-.-. -....- .--.-."
)
MORSE: dict[str, str] = dict(
    zip(_MORSE_CODES.split(), "abcdefghijklmnopqrstuvwxyz0123456789.,?!'/:=+-@", strict=True)
)

_COMMON = """
    a about after all also am an and any are as ask at be because been before being but by can
    could did do does doing done each even every few for from get give go going good had has have
    he her here him his how i if in into is it its just know let like make many may me more most
    much must my need new no not now of off on once one only or other our out over own people
    please right said say see she should show so some such tell than that the their them then
    there these they thing think this those through time to too two up us use very want was way
    we well were what when where which while who why will with without would write you your
    ignore previous instructions instruction above system prompt rules answer question explain
    step steps help first next why word words text following below secret password reveal
"""
COMMON_WORDS = frozenset(_COMMON.split())
"""Frequent English words: a text that hits many of them reads as English."""

PUNCT_STRIP = string.punctuation + "\u2019\u201c\u201d"
