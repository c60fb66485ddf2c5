"""Load labelled examples from our JSONL schema: prompts, responses and conversations.

Every row becomes an :class:`Example`. The kind is read from the fields a row has:
``turns`` makes a conversation, ``response`` a response, ``text`` a prompt. Labels map to
three groups the report keeps apart:

* ``attack``: prompt labels ``harmful``, ``jailbreak``, ``injection``; response label
  ``harmful``; conversation label ``harmful``;
* ``benign``: prompt or conversation label ``benign``, response label ``safe``;
* ``borderline``: a benign prompt row with ``borderline: true`` (must not be refused, but
  is reported apart from ordinary benign rows).

A bad row raises :class:`~emmentaler.errors.InputError` naming the file and line, unless
``skip_bad`` is set, in which case it is counted in :attr:`Loaded.problems` and skipped.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, TypeVar

from ..core import Role, Stage, Text, Turn
from ..errors import InputError
from ..records import parse_turns, read_lines

T = TypeVar("T")

Kind = Literal["prompt", "response", "conversation"]
Group = Literal["attack", "benign", "borderline"]

ATTACK: Final = "attack"
BENIGN: Final = "benign"
BORDERLINE: Final = "borderline"
GROUPS: tuple[Group, ...] = ("attack", "benign", "borderline")

PROMPT_LABELS = {"harmful": True, "jailbreak": True, "injection": True, "benign": False}
RESPONSE_LABELS = {"harmful": True, "safe": False}
CONVERSATION_LABELS = {"harmful": True, "benign": False}
MAX_LINE_CHARS = 4_000_000
"""Longest JSONL line read; longer lines are bad rows (bounded memory per row)."""


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled input to screen.

    ``text`` is the prompt text, the response, or the latest user turn of a conversation.
    ``turns`` holds a conversation's whole history; ``prompt`` the prompt behind a response.
    """

    id: str
    kind: Kind
    label: str
    group: Group
    text: str = field(repr=False)
    source: str
    category: str = ""
    template: str = ""
    prompt: str | None = field(default=None, repr=False)
    turns: tuple[Turn, ...] = field(default=(), repr=False)
    file: str = ""
    line: int = 0

    @property
    def is_attack(self) -> bool:
        """True for the attack group."""
        return self.group == ATTACK

    def texts(self) -> list[Text]:
        """What the stack screens, in order: one text, or one per user turn of a conversation.

        A conversation is screened as it would be live: at each user turn, the latest user
        turn as content and the history so far (that turn included) as ``turns``.
        """
        if self.kind == "response":
            return [Text(self.text, Stage.RESPONSE, prompt=self.prompt)]
        if self.kind == "prompt":
            return [Text(self.text, Stage.PROMPT)]
        out = []
        for index, turn in enumerate(self.turns):
            if turn.role is Role.USER:
                out.append(Text(turn.content, Stage.CONVERSATION, turns=self.turns[: index + 1]))
        return out


@dataclass(frozen=True, slots=True)
class Problem:
    """A row that could not be used: where and why."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return (
            f"{self.file}:{self.line}: {self.message}"
            if self.line
            else f"{self.file}: {self.message}"
        )


@dataclass(slots=True)
class Loaded:
    """Examples read from one or more files, with the bookkeeping the report states."""

    examples: list[Example] = field(default_factory=list)
    read: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        """Rows read but not used."""
        return len([p for p in self.problems if p.line])

    def extend(self, other: Loaded) -> None:
        """Add another file's examples and bookkeeping."""
        self.examples.extend(other.examples)
        self.read += other.read
        self.problems.extend(other.problems)


def load_examples(paths: Sequence[str | Path] | str | Path, *, skip_bad: bool = False) -> Loaded:
    """Read examples of any kind from JSONL files.

    Args:
        paths: one file or several; kinds may be mixed, also within a file.
        skip_bad: count bad rows (and empty files) in ``problems`` instead of raising.

    Raises:
        InputError: a file cannot be read, is empty, or has a bad row (message: ``file:line``).

    Examples:
        >>> loaded = load_examples("tests/data/eval_prompts.jsonl")  # doctest: +SKIP
        >>> loaded.examples[0].group
        'benign'
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    loaded = Loaded()
    for path in paths:
        loaded.extend(_load_file(Path(path), skip_bad=skip_bad))
    return loaded


def iter_rows(path: Path) -> Iterable[tuple[int, Mapping[str, Any] | Problem]]:
    """Yield ``(line number, row)`` for each non-blank line, or a Problem for a bad one.

    Raises:
        InputError: the file cannot be opened, or a line is not UTF-8 (``file:line``).
    """
    for number, line in read_lines(path):
        if len(line) > MAX_LINE_CHARS:
            yield number, Problem(str(path), number, f"line longer than {MAX_LINE_CHARS} chars")
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield number, Problem(str(path), number, f"not valid JSON: {exc.msg}")
            continue
        if not isinstance(row, dict):
            yield number, Problem(str(path), number, "a row must be a JSON object")
            continue
        yield number, row


def read_rows(
    path: Path,
    parse: Callable[[Mapping[str, Any], int], T],
    *,
    skip_bad: bool,
    empty: str,
) -> tuple[list[T], Loaded]:
    """Parse every row of ``path`` with ``parse(row, line)``; count or raise the bad ones.

    An empty file is a problem described by ``empty``. The returned bookkeeping holds the
    rows read and the problems (its ``examples`` stay empty).
    """
    items: list[T] = []
    book = Loaded()
    for number, row in iter_rows(path):
        book.read += 1
        try:
            if isinstance(row, Problem):
                raise InputError(str(row))
            items.append(parse(row, number))
        except InputError as exc:
            if not skip_bad:
                raise
            message = str(exc).removeprefix(f"{path}:{number}: ")
            book.problems.append(Problem(str(path), number, message))
    if book.read == 0:
        problem = Problem(str(path), 0, empty)
        if not skip_bad:
            raise InputError(str(problem))
        book.problems.append(problem)
    return items, book


def _load_file(path: Path, *, skip_bad: bool) -> Loaded:
    def parse(row: Mapping[str, Any], line: int) -> Example:
        return parse_row(row, file=str(path), line=line)

    examples, loaded = read_rows(path, parse, skip_bad=skip_bad, empty="empty file: no rows")
    loaded.examples = examples
    return loaded


def parse_row(row: Mapping[str, Any], *, file: str = "<row>", line: int = 0) -> Example:
    """Validate one row of any kind and build its :class:`Example`.

    Raises:
        InputError: a field is missing or of the wrong type, or the label is unknown.
    """
    where = f"{file}:{line}"
    if "turns" in row:
        return _conversation(row, where, file, line)
    if "response" in row:
        return _response(row, where, file, line)
    if "text" in row:
        return _prompt(row, where, file, line)
    raise InputError(f"{where}: missing field: need 'text' (prompt), 'response' or 'turns'")


def _common(
    row: Mapping[str, Any], where: str, labels: Mapping[str, bool], kind: str
) -> dict[str, Any]:
    label = row.get("label")
    if label is None:
        raise InputError(f"{where}: missing field 'label'")
    if label not in labels:
        known = ", ".join(sorted(labels))
        raise InputError(
            f"{where}: unknown label {label!r} for a {kind} row (expected one of: {known})"
        )
    row_id = row.get("id")
    source = row.get("source") or Path(where.rsplit(":", 1)[0]).name
    return {
        "id": str(row_id) if row_id is not None else where,
        "label": label,
        "source": str(source),
        "category": _optional_str(row.get("category")),
        "template": _optional_str(row.get("template")),
    }


def _optional_str(value: object) -> str:
    return "" if value is None else str(value)


def _string(row: Mapping[str, Any], name: str, where: str) -> str:
    value = row.get(name)
    if value is None:
        raise InputError(f"{where}: missing field {name!r}")
    if not isinstance(value, str):
        raise InputError(f"{where}: field {name!r} must be a string, got {type(value).__name__}")
    return value


def _prompt(row: Mapping[str, Any], where: str, file: str, line: int) -> Example:
    common = _common(row, where, PROMPT_LABELS, "prompt")
    text = _string(row, "text", where)
    borderline = row.get("borderline", False)
    if not isinstance(borderline, bool) and borderline is not None:
        raise InputError(f"{where}: field 'borderline' must be true or false")
    group: Group = (
        ATTACK if PROMPT_LABELS[common["label"]] else (BORDERLINE if borderline else BENIGN)
    )
    return Example(kind="prompt", group=group, text=text, file=file, line=line, **common)


def _response(row: Mapping[str, Any], where: str, file: str, line: int) -> Example:
    common = _common(row, where, RESPONSE_LABELS, "response")
    response = _string(row, "response", where)
    prompt = _string(row, "prompt", where)
    group: Group = ATTACK if RESPONSE_LABELS[common["label"]] else BENIGN
    return Example(
        kind="response", group=group, text=response, prompt=prompt, file=file, line=line, **common
    )


def _conversation(row: Mapping[str, Any], where: str, file: str, line: int) -> Example:
    common = _common(row, where, CONVERSATION_LABELS, "conversation")
    raw = row["turns"]
    if not isinstance(raw, list) or not raw:
        raise InputError(f"{where}: field 'turns' must be a non-empty list")
    turns = parse_turns(raw, where)
    if not any(turn.role is Role.USER for turn in turns):
        raise InputError(f"{where}: a conversation needs at least one user turn")
    last_user = next(turn.content for turn in reversed(turns) if turn.role is Role.USER)
    group: Group = ATTACK if CONVERSATION_LABELS[common["label"]] else BENIGN
    return Example(
        kind="conversation",
        group=group,
        text=last_user,
        turns=tuple(turns),
        file=file,
        line=line,
        **common,
    )
