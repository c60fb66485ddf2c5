r"""A small character n-gram language model of benign text, for the ``suffix`` slice.

Text is mapped to about 64 symbols (printable ASCII with case and accents folded, all digits as one
symbol, newline, and two classes for letters and other characters of non-Latin scripts),
then each symbol is scored by a Witten-Bell back-off model of order up to 4 (three symbols
of context). The model is a few sorted ``uint32`` key arrays and ``float16`` log
probabilities, looked up for a whole text at once through hash tables built at load
(:class:`KeyTable`): no Python loop per character.

Symbols of non-Latin scripts, URLs, long base64-, hex- or identifier-like runs and LaTeX
(math between ``$``, ``$$``, ``\[ \]``, ``\( \)`` or ``\begin``/``\end``, and
``\command`` words) are not scored (they are replaced by the ``OTHER`` symbol), so code,
links, encodings, formulas and non-English text are not mistaken for token soup.

Two such models ship in ``assets/suffix/charlm.npz``, built by
``scripts/models/build_suffix.py`` (``make models``): one of benign prompts and one of
synthetic token soup, sharing one sorted key array (a lookup serves both); their
log-likelihood ratio sharpens what surprisal alone finds.
"""

from __future__ import annotations

import functools
import unicodedata
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import re2

from .assets import REBUILD, asset_path
from .errors import AssetError

PAD = 0
"""Start-of-text padding symbol."""
OTHER_LETTER = 1
"""A letter of a non-Latin script (Cyrillic, Han, Arabic, ...): never scored."""
OTHER = 2
"""Any other character (emoji, symbols, masked runs): never scored."""
NEWLINE = 3
DIGIT = 4
FIRST_ASCII = 5
"""Printable ASCII except digits and capitals (letters are case-folded) takes symbols 5 .. 63."""
ORDER = 5
"""Longest n-gram (context of ORDER - 1 symbols)."""
BITS = 6
"""Bits per symbol in a packed key (every symbol is < 64)."""
TABLE_SIZE = 0x10000
"""Code points below this are mapped by the symbol table; the rest are OTHER."""
ASSET = "suffix/charlm.npz"

_ASCII = [c for c in map(chr, range(32, 127)) if not (c.isdigit() or c.isupper())]
_SKIP = re2.compile(
    r"(?i)(?:https?://|www\.)[^\s<>\"')\]]+"  # links
    r"|[A-Za-z0-9+/=_-]{28,}"  # base64, long identifiers, hashes
    r"|[0-9a-fA-F:-]{16,}",  # hex strings, UUIDs, MAC and IPv6 addresses
)
_LATEX = re2.compile(
    r"\$\$[^$]+\$\$"  # display math
    r"|\$[^$\n]+\$"  # inline math (kept only when it holds a formula, see skip_spans)
    r"|\\\[(?s:.)*?\\\]|\\\((?s:.)*?\\\)"  # \[ display \] and \( inline \)
    r"|\\begin\{[A-Za-z*]+\}(?s:.)*?\\end\{[A-Za-z*]+\}"  # environments
    r"|\\[A-Za-z]{2,}",  # commands outside math (\frac, \alpha, ...: see COMMANDS)
)
"""LaTeX, which reads as soup to a model of prose. Unbounded repeats keep RE2's automaton
small (counted ones overflow its DFA); matching stays linear, and the slice feeds it chunks
of at most 1024 characters."""
_COMMAND = re2.compile(r"\\[A-Za-z]+")
_PROSE = re2.compile(r"[A-Za-z]{3,}[ ,.;:]+[A-Za-z]{3,}")
"""Two plain words in a row: prose (or soup), not a formula."""
_FORMULA = frozenset("\\^_={}0123456789+-*/<>()")
"""One of these makes a delimited span a formula rather than prose between two prices."""
_COMMAND_NAMES = """
    frac dfrac tfrac sqrt sum prod int iint oint lim log ln exp sin cos tan sec csc cot
    arcsin arccos arctan sinh cosh tanh alpha beta gamma delta epsilon varepsilon zeta eta theta
    vartheta iota kappa lambda mu nu xi pi varpi rho sigma tau upsilon phi varphi chi psi omega
    Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega cdot cdots ldots dots times div pm mp leq
    geq le ge neq ne approx equiv sim simeq propto infty partial nabla forall exists in notin
    subset subseteq supset supseteq cup cap setminus emptyset mathbb mathcal mathbf mathrm mathit
    mathsf text textbf textit vec hat bar tilde dot ddot overline underline left right langle
    rangle lfloor rfloor lceil rceil mid to rightarrow leftarrow Rightarrow Leftarrow
    leftrightarrow Leftrightarrow implies iff mapsto binom det max min sup inf arg mod pmod
    bmod quad qquad begin end displaystyle boldsymbol operatorname circ perp angle degree"""
COMMANDS = frozenset(_COMMAND_NAMES.split())
"""LaTeX commands skipped outside math delimiters; any other backslash word is scored."""


def _is_latex(span: str) -> bool:
    """Whether a span the LaTeX pattern matched is a formula (token soup borrows its marks)."""
    if span[0] == "\\" and span[1:].isalpha():
        return span[1:] in COMMANDS
    inner = _COMMAND.sub(" ", span)
    return not _FORMULA.isdisjoint(span) and _PROSE.search(inner) is None


def build_symbol_table() -> np.ndarray:
    """Map every code point below ``TABLE_SIZE`` to its symbol (uint8).

    Used by the build script; the runtime reads the table stored in the asset.
    """
    table = np.full(TABLE_SIZE, OTHER, dtype=np.uint8)
    ascii_ids = {c: FIRST_ASCII + i for i, c in enumerate(_ASCII)}
    for cp in range(TABLE_SIZE):
        char = chr(cp)
        if char in "\n\r\u2028\u2029\x0b\x0c":
            table[cp] = NEWLINE
        elif char.isspace():
            table[cp] = ascii_ids[" "]
        elif unicodedata.category(char) == "Nd":
            table[cp] = DIGIT
        elif char.lower() in ascii_ids:
            table[cp] = ascii_ids[char.lower()]
        else:
            base = unicodedata.normalize("NFKD", char)[:1].lower()
            if base in ascii_ids and not base.isdigit():
                table[cp] = ascii_ids[base]
            elif unicodedata.category(char).startswith("L"):
                table[cp] = OTHER_LETTER
    for cp, ascii_char in ((0x2018, "'"), (0x2019, "'"), (0x201C, '"'), (0x201D, '"')):
        table[cp] = ascii_ids[ascii_char]
    for cp in (0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2212):
        table[cp] = ascii_ids["-"]
    return table


def skip_spans(text: str) -> list[tuple[int, int]]:
    """Character spans that are never scored: links, long encoded or identifier runs, LaTeX."""
    if len(text) < 16:
        return []
    try:
        return _spans(text)
    except UnicodeEncodeError:  # lone surrogates: RE2 takes UTF-8; '?' keeps every offset
        return _spans(text.encode("utf-8", "replace").decode("utf-8"))


def _spans(text: str) -> list[tuple[int, int]]:
    spans = [match.span() for match in _SKIP.finditer(text)]
    if "$" in text or "\\" in text:
        for match in _LATEX.finditer(text):
            start, end = match.span()
            if _is_latex(text[start:end]):
                spans.append((start, end))
    return spans


def symbolize(text: str, table: np.ndarray) -> np.ndarray:
    """The symbols of ``text`` (uint32, one per code point), with skipped runs as OTHER."""
    codes = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    symbols = table.take(codes & (TABLE_SIZE - 1)).astype(np.uint32)
    if len(codes) and codes.max() >= TABLE_SIZE:  # astral code points (emoji, ...)
        symbols[codes >= TABLE_SIZE] = OTHER
    for start, end in skip_spans(text):
        symbols[start:end] = OTHER
    return symbols


def packed_grams(symbols: np.ndarray) -> list[np.ndarray]:
    """For each order n = 1..ORDER, the n-gram ending at each position, packed (uint32)."""
    padded = np.concatenate([np.zeros(ORDER - 1, dtype=np.uint32), symbols])
    n = len(symbols)
    grams = [padded[ORDER - 1 :].copy()]
    for order in range(2, ORDER + 1):
        shift = np.uint32(BITS * (order - 1))
        start = ORDER - order
        grams.append((padded[start : start + n] << shift) | grams[-1])
    return grams


def gram_key(order: int, packed: np.ndarray) -> np.ndarray:
    """Key of packed n-grams of ``order``: a marker bit just above the packed symbols.

    The marker makes keys of different orders distinct (leading PAD symbols are zeros) and
    keeps every key below 2**31, so keys are ``uint32``.
    """
    return np.asarray(packed, dtype=np.uint32) | np.uint32(1 << (BITS * order))


def context_key(order: int, packed_context: np.ndarray) -> np.ndarray:
    """Key of the contexts (``order - 1`` packed symbols) of n-grams of ``order``."""
    return gram_key(order - 1, packed_context)


SENTINEL = np.uint32(0xFFFFFFFF)
"""Ends every key array: larger than any key, so every ``searchsorted`` index is valid."""
_TAGS = np.array([1 << (BITS * order) for order in range(1, ORDER + 1)], dtype=np.uint32)
_GRAM_TAGS = _TAGS[1:, None]
"""Marker bits of the grams of order 2 .. ORDER, one row each."""
_CONTEXT_TAGS = _GRAM_TAGS >> np.uint32(BITS)
"""Marker bits of their contexts (orders 1 .. ORDER - 1)."""
_SHIFTS = np.array([BITS * order for order in range(1, ORDER)], dtype=np.uint32)


_MULTIPLIER = np.uint32(0x9E3779B1)
"""Fibonacci hashing: the top bits of ``key * _MULTIPLIER`` (mod 2**32) pick a key's home slot."""
MAX_DISPLACEMENT = 32
"""A key table whose keys land further than this from their home slot is not built (the lookup
falls back to ``searchsorted``); the shipped models' largest displacement is 8."""


class KeyTable:
    """The values of a sorted, distinct ``uint32`` key array, in a linear-probing hash table.

    Built once per model (about 0.1 s and 24 MB for the shipped one), it finds a key with one
    gather of ``width`` adjacent slots instead of the 20 dependent steps of a binary search
    over the 866,000 grams, most of them cache misses once other slices have run, and keeps
    each key's values (one per model) in its slot, so that a hit costs no further miss. Every
    key lies within ``width - 1`` slots of its home slot, so the gather never misses a key.
    Empty slots hold ``SENTINEL``, which is never a key and never looked up (keys are below
    2**31), and zero values.
    """

    def __init__(self, keys: np.ndarray, values: np.ndarray) -> None:
        n = len(keys)
        bits = max(4, (2 * n - 1).bit_length())  # at most half full
        self.shift = np.uint32(32 - bits)
        home = (keys * _MULTIPLIER) >> self.shift
        order = np.argsort(home)  # any order of keys sharing a home slot will do
        ranks = np.arange(n, dtype=np.intp)
        homes = home[order].astype(np.intp)
        # Keys in order of home slot, each in the first free slot from its home on.
        slots = ranks + np.maximum.accumulate(homes - ranks) if n else ranks
        self.width = int((slots - homes).max()) + 1 if n else 1
        size = max(1 << bits, int(slots[-1]) + 1 if n else 0) + self.width
        self.keys = np.full(size, SENTINEL, dtype=np.uint32)
        self.keys[slots] = keys[order]
        self.values = np.zeros((size, len(values)), dtype=values.dtype)
        self.values[slots] = values[:, order].T
        self._offsets = np.arange(self.width, dtype=np.intp)

    def find(self, queries: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each query's values ``(n_models, n_queries)`` (zeros when absent), and whether found."""
        home = ((queries * _MULTIPLIER) >> self.shift).astype(np.intp)
        hits = self.keys.take(home[:, None] + self._offsets) == queries[:, None]
        found = hits.any(axis=1)
        values = self.values.take(home + hits.argmax(axis=1), axis=0).T
        return values, found


@dataclass(frozen=True, slots=True)
class CharLM:
    """Several models over one key space: sorted keys, and per model a row of values.

    ``gram_logp[m, i]`` is model ``m``'s log probability of gram ``gram_keys[i]`` (for a gram
    that model never saw, its back-off value, filled in at build time); ``context_bow`` holds
    back-off weights (0 for an unseen context). Each key array ends with a sentinel larger
    than any key, so every ``searchsorted`` index is valid. One lookup serves every model.
    Values stay ``float16`` in memory; only the looked-up ones are widened.
    """

    table: np.ndarray
    gram_keys: np.ndarray
    gram_logp: np.ndarray
    context_keys: np.ndarray
    context_bow: np.ndarray
    unigram_at: np.ndarray = field(init=False, repr=False)
    """Index in ``gram_keys`` that ``searchsorted`` gives each unigram, one per symbol."""
    gram_table: KeyTable | None = field(init=False, repr=False)
    context_table: KeyTable | None = field(init=False, repr=False)

    def __post_init__(self) -> None:
        symbols = np.arange(1 << BITS, dtype=np.uint32)
        at = np.searchsorted(self.gram_keys, gram_key(1, symbols))
        object.__setattr__(self, "unigram_at", at)
        for name, keys, values in (
            ("gram_table", self.gram_keys, self.gram_logp),
            ("context_table", self.context_keys, self.context_bow),
        ):
            table = KeyTable(keys[:-1], values[:, :-1])  # without the sentinel
            object.__setattr__(self, name, table if table.width <= MAX_DISPLACEMENT else None)

    @staticmethod
    def _find(
        keys: np.ndarray, values: np.ndarray, table: KeyTable | None, queries: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Values ``(n_models, n_queries)`` of each query (any when absent), whether found."""
        if table is not None:
            return table.find(queries)
        at = np.searchsorted(keys, queries)
        return values.take(at, axis=1), keys.take(at) == queries

    def surprisal(self, symbols: np.ndarray) -> np.ndarray:
        """Negative log probability (nats) of each symbol given the ones before it.

        Returns an array ``(n_models, len(symbols))``. All orders and models are looked up
        at once: one lookup for grams and one for contexts (see :class:`KeyTable`). Unigrams
        come from a table of the 64 symbols (the same indexes ``searchsorted`` gives); the
        contexts of unigrams are never needed, so they are not looked up.
        """
        n = len(symbols)
        models = self.gram_logp.shape[0]
        if n == 0:
            return np.zeros((models, 0), dtype=np.float32)
        packed = _packed_grams(symbols)  # orders 2 .. ORDER
        grams = (packed | _GRAM_TAGS).ravel()
        contexts = ((packed >> np.uint32(BITS)) | _CONTEXT_TAGS).ravel()
        value, found = self._find(self.gram_keys, self.gram_logp, self.gram_table, grams)
        found = found.reshape(ORDER - 1, n)
        value = value.astype(np.float32).reshape(models, ORDER - 1, n)
        bow, known = self._find(self.context_keys, self.context_bow, self.context_table, contexts)
        bow = (bow.astype(np.float32) * known).reshape(models, ORDER - 1, n)
        logp = self.gram_logp.take(self.unigram_at.take(symbols), axis=1).astype(np.float32)
        for order in range(ORDER - 1):
            logp = np.where(found[order], value[:, order], bow[:, order] + logp)
        result: np.ndarray = np.negative(logp, out=logp)
        return result


def _packed_grams(symbols: np.ndarray) -> np.ndarray:
    """Rows 2 .. ORDER of :func:`packed_grams`, as one ``(ORDER - 1, n)`` array."""
    n = len(symbols)
    padded = np.zeros(n + ORDER - 1, dtype=np.uint32)
    padded[ORDER - 1 :] = symbols
    out = np.empty((ORDER - 1, n), dtype=np.uint32)
    previous = padded[ORDER - 1 :]
    for row in range(ORDER - 1):
        start = ORDER - 2 - row
        np.left_shift(padded[start : start + n], _SHIFTS[row], out=out[row])
        out[row] |= previous
        previous = out[row]
    return out


@dataclass(frozen=True, slots=True)
class SuffixModel:
    """What the ``suffix`` slice loads: models of benign text (row 0) and token soup (row 1).

    ``weights`` are the logistic weights of the slice's features (worst window surprisal,
    its gap to the median window, worst window log-likelihood ratio soup/benign) then the bias.
    """

    lm: CharLM
    weights: tuple[float, float, float, float]


def from_arrays(data: Mapping[str, np.ndarray]) -> CharLM:
    """A CharLM from ``table``, ``gram_keys``, ``gram_logp``, ``context_keys``, ``context_bow``.

    Key arrays end with ``SENTINEL`` (and value arrays with a matching column), as the build
    writes them; the arrays are used as loaded, without copies.
    """
    table = np.ascontiguousarray(data["table"], dtype=np.uint8)
    if table.shape != (TABLE_SIZE,):
        raise ValueError(f"symbol table has shape {table.shape}")
    gram_keys = np.ascontiguousarray(data["gram_keys"], dtype=np.uint32)
    context_keys = np.ascontiguousarray(data["context_keys"], dtype=np.uint32)
    gram_logp = np.ascontiguousarray(np.atleast_2d(data["gram_logp"]), dtype=np.float16)
    context_bow = np.ascontiguousarray(np.atleast_2d(data["context_bow"]), dtype=np.float16)
    if len(gram_keys) < 2 or gram_logp.shape[1] != len(gram_keys):
        raise ValueError("gram keys and log probabilities differ in length")
    if context_bow.shape != (gram_logp.shape[0], len(context_keys)):
        raise ValueError("context keys and back-off weights differ in shape")
    if gram_keys[-1] != SENTINEL or context_keys[-1] != SENTINEL:
        raise ValueError("key arrays must end with the sentinel")
    if not (np.isfinite(gram_logp).all() and np.isfinite(context_bow).all()):
        raise ValueError("log probabilities and back-off weights must be finite")
    return CharLM(table, gram_keys, gram_logp, context_keys, context_bow)


@functools.cache
def load(path: str | None = None) -> SuffixModel:
    """Load the shipped model (or the one at ``path``) once per process.

    Raises:
        AssetError: the file is missing, corrupted or malformed; the message names it and
            says how to rebuild it.
    """
    where = Path(path) if path is not None else asset_path(ASSET)
    try:
        # np.load leaks its own file handle when the zip is corrupt: own the handle.
        with where.open("rb") as handle, np.load(handle, allow_pickle=False) as npz:
            data = {name: npz[name] for name in npz.files}
        weights = [float(v) for v in np.asarray(data["weights"], dtype=np.float64).ravel()]
        if len(weights) != 4 or not all(np.isfinite(weights)):
            raise ValueError(f"weights must be 4 finite numbers, got {weights}")
        lm = from_arrays(data)
        if lm.gram_logp.shape[0] != 2:
            raise ValueError(f"expected 2 models, got {lm.gram_logp.shape[0]}")
        return SuffixModel(lm=lm, weights=(weights[0], weights[1], weights[2], weights[3]))
    except (OSError, KeyError, ValueError, EOFError, zipfile.BadZipFile) as exc:
        raise AssetError(f"{where}: cannot load the suffix model ({exc}); {REBUILD}") from exc
