"""The audit log: one SQLite row per decision, in WAL mode so a crash cannot corrupt it.

``write`` commits one row before it returns: the proxy uses it for blocks, so a block is on
disk before the client hears of it. ``submit`` queues a row for a background writer that
commits in batches: the proxy uses it for allow and flag decisions, which keeps a commit off
their path. The writer wakes once per batch, not once per row (it collects rows for
``LINGER_S`` after the first), so queued rows cost the request path no thread wake-ups; a
crash may lose the rows still queued (at most about ``LINGER_S`` worth), never earlier ones.
In WAL mode with ``synchronous=NORMAL`` a crash of the process never corrupts or loses a
committed row; a power cut may lose the last commits but not corrupt earlier ones
(``synchronous=FULL`` trades speed for those too).
Rows hold time, request id, key id, principal, stage, action, rules, scores and timings, and
no screened text unless ``log_content`` is on. Writers call ``write`` from worker threads.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

SCHEMA = """
CREATE TABLE IF NOT EXISTS decisions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time REAL NOT NULL,
    request_id TEXT NOT NULL,
    key_id TEXT NOT NULL,
    principal TEXT NOT NULL,
    endpoint TEXT NOT NULL,
    stage TEXT NOT NULL,
    action TEXT NOT NULL,
    rules TEXT NOT NULL,
    flags TEXT NOT NULL,
    scores TEXT NOT NULL,
    errors TEXT NOT NULL,
    timings TEXT NOT NULL,
    notes TEXT NOT NULL,
    content TEXT
);
CREATE INDEX IF NOT EXISTS decisions_time ON decisions (time);
"""

COLUMNS = (
    "time", "request_id", "key_id", "principal", "endpoint", "stage", "action",
    "rules", "flags", "scores", "errors", "timings", "notes", "content",
)  # fmt: skip
_JSON_COLUMNS = {"rules", "flags", "scores", "errors", "timings", "notes"}

Synchronous = Literal["NORMAL", "FULL"]


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One decision, as stored."""

    request_id: str
    key_id: str
    principal: str
    endpoint: str
    stage: str
    action: str
    rules: Sequence[str] = ()
    flags: Sequence[str] = ()
    scores: Mapping[str, float] = field(default_factory=dict)
    errors: Mapping[str, str] = field(default_factory=dict)
    timings: Mapping[str, float] = field(default_factory=dict)
    notes: Sequence[str] = ()
    content: str | None = None
    time: float = field(default_factory=time.time)


class AuditLog:
    """An append-only SQLite audit log shared by the worker threads of one process.

    Examples:
        >>> import tempfile, pathlib
        >>> log = AuditLog(pathlib.Path(tempfile.mkdtemp()) / "audit.db")
        >>> log.write(AuditRecord("r1", "key-1", "key:key-1", "chat", "request", "allow"))
        1
        >>> [row["action"] for row in log.tail(5)]
        ['allow']
    """

    def __init__(self, path: Path, *, synchronous: Synchronous = "NORMAL") -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(
            path, check_same_thread=False, isolation_level=None, timeout=10.0
        )
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(f"PRAGMA synchronous={synchronous}")
        self._db.executescript(SCHEMA)
        self._pending: list[AuditRecord] = []
        self._pending_lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._writer: threading.Thread | None = None

    def write(self, record: AuditRecord) -> int:
        """Append ``record`` (committed when this returns) and return its row id."""
        with self._lock:
            cursor = self._db.execute(_INSERT, _values(record))
            return int(cursor.lastrowid or 0)

    def submit(self, record: AuditRecord) -> None:
        """Queue ``record`` for the background writer (committed within about ``LINGER_S``)."""
        if self._writer is None:
            with self._lock:
                if self._writer is None:
                    self._stop.clear()
                    self._writer = threading.Thread(
                        target=self._drain, name="emmentaler-audit", daemon=True
                    )
                    self._writer.start()
        with self._pending_lock:
            self._pending.append(record)
            first = len(self._pending) == 1
        if first:
            self._wake.set()

    def flush(self) -> None:
        """Wait until every submitted record is committed, and stop the writer."""
        writer = self._writer
        if writer is not None:
            self._stop.set()
            self._wake.set()
            writer.join()
            self._writer = None

    def _drain(self) -> None:
        while True:
            self._wake.wait()
            self._stop.wait(LINGER_S)  # let a batch gather; returns at once when stopping
            with self._pending_lock:
                records, self._pending = self._pending, []
                self._wake.clear()
            for start in range(0, len(records), BATCH):
                rows = [_values(record) for record in records[start : start + BATCH]]
                with self._lock:
                    self._db.execute("BEGIN")
                    self._db.executemany(_INSERT, rows)
                    self._db.execute("COMMIT")
            if self._stop.is_set():
                with self._pending_lock:
                    if not self._pending:
                        return

    def tail(self, n: int) -> list[dict[str, Any]]:
        """The last ``n`` rows, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM decisions ORDER BY id DESC LIMIT ?", (n,)
            ).fetchall()
        return [_row(self._names(), row) for row in reversed(rows)]

    def after(self, row_id: int, *, since: float | None = None) -> Iterator[dict[str, Any]]:
        """Rows with id greater than ``row_id`` (and time at least ``since``), oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT * FROM decisions WHERE id > ? AND time >= ? ORDER BY id",
                (row_id, since if since is not None else float("-inf")),
            ).fetchall()
        names = self._names()
        for row in rows:
            yield _row(names, row)

    def close(self) -> None:
        """Commit what is queued and close the connection."""
        self.flush()
        with self._lock:
            self._db.close()

    def _names(self) -> list[str]:
        return ["id", *COLUMNS]


BATCH = 256
LINGER_S = 0.05
"""How long the background writer collects rows after the first before committing them."""
_INSERT = f"INSERT INTO decisions ({', '.join(COLUMNS)}) VALUES ({', '.join('?' for _ in COLUMNS)})"


def _values(record: AuditRecord) -> list[Any]:
    values = []
    for name in COLUMNS:
        value = getattr(record, name)
        values.append(json.dumps(_plain(value), sort_keys=True) if name in _JSON_COLUMNS else value)
    return values


def _plain(value: object) -> object:
    if isinstance(value, Mapping):
        return dict(value)
    if isinstance(value, tuple | list):
        return list(value)
    return value


def _row(names: Sequence[str], row: Sequence[Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, value in zip(names, row, strict=True):
        out[name] = json.loads(value) if name in _JSON_COLUMNS else value
    return out


def open_readonly(path: Path) -> AuditLog:
    """Open an existing audit log for reading (the CLI); raises FileNotFoundError if absent."""
    if not path.exists():
        raise FileNotFoundError(f"no audit log at {path}")
    return AuditLog(path)
