"""Find encoded runs in a text and decode the plausible ones in place, recursively.

One linear re2 scan finds candidate runs of every scheme at once. A run is replaced only
when it decodes to mostly printable UTF-8 (or Morse decodes to letters), so hashes, keys and
binary blobs stay as they are. Decoded text is scanned again, up to ``max_depth`` levels, and
every decoded byte counts against one shared budget.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
import string
from dataclasses import dataclass, field
from urllib.parse import unquote_to_bytes

import re2

from ._language import language_transform
from ._tables import MORSE

_HEX = frozenset(string.hexdigits)
_B32 = frozenset(string.ascii_uppercase + "234567")

_PATTERN = re2.compile(
    rb"(?:[0-9A-Fa-f]{2}[ :,-]){5,}[0-9A-Fa-f]{2}"  # hexsep: 41 42 43 ...
    rb"|(?:\\x[0-9A-Fa-f]{2}){3,}"  # escx: \x41\x42...
    rb"|(?:\\u[0-9A-Fa-f]{4}){3,}"  # escu: \u0041...
    rb"|(?:0x[0-9A-Fa-f]{2}[ ,]{0,2}){4,}"  # hex0x: 0x41, 0x42 ...
    rb"|(?:&#(?:[0-9]{1,7}|[xX][0-9A-Fa-f]{1,6});){3,}"  # entity: &#65;&#x42;...
    rb"|(?:[01]{8} ?){3,}"  # binary: 01000001 ...
    rb"|[.\-_]{1,7}(?:(?: {1,3}| ?[/|] ?)[.\-_]{1,7}){3,}"  # morse
    rb"|(?:%[0-9A-Fa-f]{2})+"  # url
    rb"|[A-Za-z0-9+/_-]{12,}={0,2}"  # b64: base64, base32 or plain hex
)
"""Every scheme's candidate runs in one automaton: linear time whatever the input.

It scans UTF-8 bytes, without groups: the wrapper's per-match cost is far lower so, and the
runs are ASCII, so their boundaries are character boundaries. ``_scheme`` tells which
alternative matched from the run itself.
"""

_HEX_0X = re.compile(r"(?:0x[0-9A-Fa-f]{2}[ ,]{0,2})+")  # linear: fixed-width units
_HEX_SEP = re.compile(r"[0-9A-Fa-f]{2}(?:[ :,-][0-9A-Fa-f]{2})+")
_BINARY_CHARS = frozenset("01 ")
_MORSE_CHARS = frozenset(".-_ /|")
_STEP_NAMES = {"url": "url", "entity": "entity", "escu": "escape", "binary": "binary"}
"""Step names of the schemes; the other byte notations (``\\x41``, ``0x41``, ``41 42``) are hex."""
_WHITESPACE_DROP = str.maketrans("", "", "\t\n\r")
_JUNK_DROP = str.maketrans("", "", "".join(c for c in string.punctuation if c not in ".-/_'\",?!:"))
_MORSE_WORD_BREAK = re.compile(r" *(?:/| {2,}) *")  # linear: no nested quantifiers
_MIN_DECODED = 4
_MIN_B64 = 16
_MIN_B64_PADDED = 12
_MIN_URL_ESCAPES = 3


@dataclass
class Budget:
    """What decoding may still spend on one text: decoded bytes and candidate runs examined."""

    remaining: int
    attempts: int = 512

    def take(self, amount: int) -> bool:
        """Spend ``amount`` bytes; False (and nothing spent) when there is not enough left."""
        if amount > self.remaining:
            return False
        self.remaining -= amount
        return True

    @property
    def spent(self) -> bool:
        """True when no further run can be decoded."""
        return self.remaining < _MIN_DECODED or self.attempts <= 0


@dataclass
class Decoded:
    """The result of decoding every plausible run of a text."""

    content: str
    chains: list[tuple[str, ...]] = field(default_factory=list)  # one per decoded run

    @property
    def steps(self) -> tuple[str, ...]:
        """Per depth, the schemes decoded at that depth (``"base64&url"`` when several)."""
        depth = max((len(chain) for chain in self.chains), default=0)
        out = []
        for level in range(depth):
            names = sorted({chain[level] for chain in self.chains if len(chain) > level})
            out.append("&".join(names))
        return tuple(out)


def decode_runs(content: str, budget: Budget, depth: int) -> Decoded:
    """Replace every plausible encoded run of ``content`` by its decoding, ``depth`` levels deep."""
    if depth <= 0 or budget.spent:
        return Decoded(content)
    url_ok = content.count("%") >= _MIN_URL_ESCAPES
    data = content.encode("utf-8", "surrogatepass")
    parts: list[str] = []
    chains: list[tuple[str, ...]] = []
    last = 0
    for match in _PATTERN.finditer(data):  # lazy: stops with the budget
        start = match.start()
        run = match.group(0).decode("ascii")
        scheme = _scheme(run)
        if scheme == "url" and not url_ok:
            continue
        budget.attempts -= 1
        result = _decode(scheme, run, budget)
        if result is not None:
            name, text, used = result
            inner = decode_runs(text, budget, depth - 1)
            chain = (name, *_longest(inner.chains))
            decoded_text = inner.content
            transformed = language_transform(decoded_text)
            if transformed is not None:
                chain = (*chain, transformed[0])
                decoded_text = transformed[1]
            parts.append(data[last:start].decode("utf-8", "surrogatepass"))
            parts.append(decoded_text)
            last = start + used
            chains.append(chain)
        if budget.spent:
            break
    if not chains:
        return Decoded(content)
    parts.append(data[last:].decode("utf-8", "surrogatepass"))
    return Decoded("".join(parts), chains)


def _scheme(run: str) -> str:
    """Which alternative of ``_PATTERN`` matched ``run`` (they differ in their first characters)."""
    head = run[:2]
    if head[:1] == "%":
        return "url"
    if head == "\\x":
        return "escx"
    if head == "\\u":
        return "escu"
    if head == "&#":
        return "entity"
    if head == "0x" and run.count("0x") >= 4 and _HEX_0X.fullmatch(run):
        return "hex0x"
    if _BINARY_CHARS.issuperset(run) and len(run) >= 24 and run[:8].strip("01") == "":
        return "binary"
    if _MORSE_CHARS.issuperset(run):
        return "morse"
    if len(run) >= 17 and len(run) % 3 == 2 and run[2] in " :,-" and _HEX_SEP.fullmatch(run):
        return "hexsep"
    return "b64"


def _longest(chains: list[tuple[str, ...]]) -> tuple[str, ...]:
    return max(chains, key=len, default=())


def _decode(scheme: str, run: str, budget: Budget) -> tuple[str, str, int] | None:
    """Decode one run: (scheme name, text, characters of ``run`` consumed) or None."""
    if scheme == "b64":
        return _decode_alphanumeric(run, budget)
    if scheme == "morse":
        text = _morse(run)
        return None if text is None or not budget.take(len(text)) else ("morse", text, len(run))
    raw = _raw_bytes(scheme, run)
    if raw is None or not budget.take(len(raw)):
        return None
    text = as_text(raw)
    name = _STEP_NAMES.get(scheme, "hex")
    return None if text is None else (name, text, len(run.rstrip(" ,")))  # keep the separator


def _raw_bytes(scheme: str, run: str) -> bytes | None:
    try:
        if scheme == "url":
            return unquote_to_bytes(run)
        if scheme == "entity":
            return html.unescape(run).encode("utf-8", "surrogatepass")
        if scheme == "escu":
            units = [int(run[i + 2 : i + 6], 16) for i in range(0, len(run), 6)]
            joined = "".join(map(chr, units)).encode("utf-16", "surrogatepass")
            return joined.decode("utf-16").encode()
        if scheme == "binary":
            bits = run.replace(" ", "")
            return bytes(int(bits[i : i + 8], 2) for i in range(0, len(bits) - 7, 8))
        digits = "".join(c for c in run.replace("0x", "").replace("\\x", "") if c in _HEX)
        return bytes.fromhex(digits[: len(digits) // 2 * 2])
    except (ValueError, UnicodeError):
        return None


def _decode_alphanumeric(run: str, budget: Budget) -> tuple[str, str, int] | None:
    """Try hex, then base32, then base64 on a run of the base64 alphabet."""
    body = run.rstrip("=")
    padded = len(body) != len(run)
    if len(body) < (_MIN_B64_PADDED if padded else _MIN_B64):
        return None
    if len(body) >= _MIN_B64 and len(body) % 2 == 0 and _HEX.issuperset(body):
        take = min(len(body), budget.remaining * 2) // 2 * 2
        if take >= _MIN_B64 and budget.take(take // 2):
            text = as_text(bytes.fromhex(body[:take]))
            if text is not None:
                return "hex", text, take
    if _B32.issuperset(body):
        result = _try_base(body, run, budget, 8, 5, base64.b32decode, "base32")
        if result is not None:
            return result
    if ("-" in body or "_" in body) and ("+" in body or "/" in body):
        return None
    urlsafe = "-" in body or "_" in body
    decoder = base64.urlsafe_b64decode if urlsafe else base64.b64decode
    return _try_base(body, run, budget, 4, 3, decoder, "base64")


def _try_base(
    body: str, run: str, budget: Budget, block: int, out: int, decoder: object, name: str
) -> tuple[str, str, int] | None:
    take = min(len(body), budget.remaining // out * block)
    whole = take == len(body)
    if not whole:
        take = take // block * block
    if take < _MIN_B64_PADDED or not budget.take(take * out // block):
        return None
    chunk = body[:take]
    if block == 4 and len(chunk) % 4 == 1:
        chunk = chunk[:-1]
    chunk += "=" * (-len(chunk) % block)
    try:
        raw = decoder(chunk)  # type: ignore[operator]
    except (binascii.Error, ValueError):
        return None
    text = as_text(raw)
    consumed = len(run) if whole else take
    return None if text is None else (name, text, consumed)


def as_text(raw: bytes) -> str | None:
    """``raw`` as text when it is UTF-8 that is printable and mostly not symbols, else None."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start == 0 or exc.start < len(raw) - 3:
            return None
        text = raw[: exc.start].decode("utf-8")
    if not text.strip() or not text.translate(_WHITESPACE_DROP).isprintable():
        return None
    if len(text.translate(_JUNK_DROP)) < 0.7 * len(text):
        return None
    return text


def _morse(run: str) -> str | None:
    words = []
    unknown = letters = 0
    for word in _MORSE_WORD_BREAK.split(run.replace("_", "-").replace("|", "/")):
        out = []
        for code in word.split():
            char = MORSE.get(code)
            if char is None:
                unknown += 1
                out.append("?")
            else:
                letters += 1
                out.append(char)
        if out:
            words.append("".join(out))
    text = " ".join(words)
    if letters < 4 or unknown * 10 > letters or len(set(text) - set(" ?")) < 3:
        return None
    return text
