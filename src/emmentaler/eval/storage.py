"""``scores.jsonl``: every rule's stored screening of every example, for ``--from-scores``.

Line 1 is a header ``{"schema": "emmentaler.scores/1", "policy": {...}, "read", "problems",
"seconds", "workers"}``; each further line is one example: its metadata, a preview of its
text, and its compact screenings (one per user turn for a conversation).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError

from ..errors import InputError
from ..policy import Policy
from .analysis import TEXT_PREVIEW_CHARS
from .dataset import Example, Problem
from .run import Record, Results, from_compact, to_compact

SCORES_SCHEMA = "emmentaler.scores/1"
SCORES_FILE = "scores.jsonl"


def write_scores(results: Results, handle: IO[str]) -> None:
    """Write ``results`` as scores JSONL to an open text file."""
    header = {
        "schema": SCORES_SCHEMA,
        "policy": results.policy.model_dump(mode="json"),
        "read": results.read,
        "problems": [[p.file, p.line, p.message] for p in results.problems],
        "seconds": results.seconds,
        "workers": results.workers,
        "files": results.files,
        "policy_source": results.policy_source,
    }
    handle.write(json.dumps(header, ensure_ascii=False) + "\n")
    for record in results.records:
        ex = record.example
        row = {
            "id": ex.id,
            "kind": ex.kind,
            "label": ex.label,
            "group": ex.group,
            "source": ex.source,
            "category": ex.category,
            "template": ex.template,
            "file": ex.file,
            "line": ex.line,
            "text": ex.text[:TEXT_PREVIEW_CHARS],
            "screenings": [to_compact(s) for s in record.screenings],
        }
        handle.write(json.dumps(row, ensure_ascii=False) + "\n")


def read_scores(directory: str | Path) -> Results:
    """Read ``DIR/scores.jsonl`` back into :class:`Results` (no slice is run).

    Raises:
        InputError: the file is missing, of another schema, or a line is malformed.
    """
    path = Path(directory) / SCORES_FILE
    try:
        with path.open(encoding="utf-8") as handle:
            lines = _lines(handle, path)
            header = next(lines, None)
            if header is None:
                raise InputError(f"{path}: empty file")
            number, head = header
            if head.get("schema") != SCORES_SCHEMA:
                raise InputError(
                    f"{path}:{number}: schema {head.get('schema')!r}, expected {SCORES_SCHEMA!r}"
                )
            try:
                policy = Policy.model_validate(head["policy"])
            except (KeyError, ValidationError) as exc:
                raise InputError(f"{path}:{number}: bad stored policy: {exc}") from exc
            records = [_record(row, path, n) for n, row in lines]
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc}") from exc
    problems = [Problem(str(f), int(line), str(msg)) for f, line, msg in head.get("problems", [])]
    return Results(
        policy,
        records,
        read=int(head.get("read", len(records))),
        problems=problems,
        seconds=float(head.get("seconds", 0.0)),
        workers=int(head.get("workers", 1)),
        files=[str(f) for f in head.get("files", [])],
        policy_source=str(head.get("policy_source", "default")),
    )


def _lines(handle: IO[str], path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{number}: not valid JSON: {exc.msg}") from exc
        if not isinstance(row, dict):
            raise InputError(f"{path}:{number}: a row must be a JSON object")
        yield number, row


def _record(row: dict[str, Any], path: Path, number: int) -> Record:
    try:
        example = Example(
            id=str(row["id"]),
            kind=row["kind"],
            label=str(row["label"]),
            group=row["group"],
            text=str(row.get("text", "")),
            source=str(row["source"]),
            category=str(row.get("category", "")),
            template=str(row.get("template", "")),
            file=str(row.get("file", "")),
            line=int(row.get("line", 0)),
        )
        screenings = tuple(from_compact(s) for s in row["screenings"])
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(f"{path}:{number}: malformed record: {type(exc).__name__}: {exc}") from exc
    return Record(example, screenings)
