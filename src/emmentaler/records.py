"""Read our JSONL schema (see ../shared/data/INDEX.md) into texts to screen.

One record per line. A record is screened as:

* ``turns`` present: a conversation (``Stage.CONVERSATION``; the latest user turn is the content);
* ``prompt`` and ``response`` present: a response (``Stage.RESPONSE``, the prompt as context);
* otherwise ``text``: a prompt (``Stage.PROMPT``).

Every problem is an ``InputError`` naming the file and line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .core import Role, Stage, Text, Turn
from .errors import InputError

MAX_LINE_BYTES = 64 * 1024 * 1024
"""Longest JSONL line read; longer lines are an error rather than a memory blow-up."""


@dataclass(frozen=True, slots=True)
class Record:
    """One parsed JSONL line: where it came from, its raw fields, and what to screen."""

    where: str
    fields: Mapping[str, Any]
    text: Text

    @property
    def id(self) -> str:
        """The record's ``id``, or its location when it has none."""
        value = self.fields.get("id")
        return str(value) if value is not None else self.where


@dataclass(frozen=True, slots=True)
class Skipped:
    """A line that could not be used, and why."""

    where: str
    reason: str


def read_lines(path: Path) -> Iterator[tuple[int, str]]:
    """Yield ``(line number, decoded line)`` for each non-blank line of ``path``."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    with handle:
        for number, raw in enumerate(_bounded_lines(handle, path), start=1):
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise InputError(f"{path}:{number}: not UTF-8 (byte {exc.start})") from None
            if line.strip():
                yield number, line


def _bounded_lines(handle: Any, path: Path) -> Iterator[bytes]:
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES:
            raise InputError(f"{path}:{number}: line longer than {MAX_LINE_BYTES} bytes")
        yield raw


def parse_record(line: str, where: str) -> Record:
    """Parse one JSONL line into a record, or raise ``InputError`` naming ``where``."""
    try:
        fields = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: not JSON: {exc.msg} (column {exc.colno})") from None
    if not isinstance(fields, dict):
        raise InputError(f"{where}: expected a JSON object, got {type(fields).__name__}")
    return Record(where, fields, to_text(fields, where))


def to_text(fields: Mapping[str, Any], where: str) -> Text:
    """What to screen for a record (see the module docstring)."""
    if "turns" in fields:
        turns = parse_turns(fields["turns"], where)
        latest = next((t.content for t in reversed(turns) if t.role is Role.USER), "")
        return Text(latest, Stage.CONVERSATION, turns=turns)
    if "response" in fields:
        response = _string(fields, "response", where)
        prompt = fields.get("prompt")
        if prompt is not None and not isinstance(prompt, str):
            raise InputError(f"{where}: field 'prompt' must be a string")
        return Text(response, Stage.RESPONSE, prompt=prompt)
    if "text" in fields:
        return Text(_string(fields, "text", where), Stage.PROMPT)
    raise InputError(f"{where}: missing field 'text' (or 'turns', or 'prompt' and 'response')")


def parse_turns(value: object, where: str) -> tuple[Turn, ...]:
    """Validate a ``turns`` list of ``{role, content}`` objects."""
    if not isinstance(value, list):
        raise InputError(f"{where}: field 'turns' must be a list")
    turns = []
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise InputError(f"{where}: turns[{index}] must be an object")
        try:
            role = Role(str(item.get("role")))
        except ValueError:
            allowed = ", ".join(r.value for r in Role)
            raise InputError(
                f"{where}: turns[{index}].role: unknown role {item.get('role')!r} "
                f"(one of {allowed})"
            ) from None
        content = item.get("content")
        if not isinstance(content, str):
            raise InputError(f"{where}: turns[{index}].content must be a string")
        turns.append(Turn(role, content))
    return tuple(turns)


def _string(fields: Mapping[str, Any], name: str, where: str) -> str:
    value = fields[name]
    if not isinstance(value, str):
        raise InputError(f"{where}: field {name!r} must be a string, got {type(value).__name__}")
    return value


def read_records(path: Path, *, skip_bad: bool = False) -> Iterator[Record | Skipped]:
    """Yield a ``Record`` per good line; with ``skip_bad``, a ``Skipped`` per bad one."""
    for number, line in read_lines(path):
        where = f"{path}:{number}"
        try:
            yield parse_record(line, where)
        except InputError as exc:
            if not skip_bad:
                raise
            yield Skipped(where, str(exc).removeprefix(f"{where}: "))
