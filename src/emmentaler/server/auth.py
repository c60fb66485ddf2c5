"""Client keys (stored as SHA-256 hashes, compared in constant time) and per-key rate limits.

Keys come from ``EMMENTALER_API_KEYS`` (comma-separated) and/or a keys file:

* a plain file: one key per line, or ``<id> <key>``; ``#`` starts a comment;
* a ``.toml`` file with ``[[keys]]`` tables: ``id``, ``key`` or ``sha256`` (hex digest, so the
  file need not hold the key itself), and optional ``policy`` (path relative to the file),
  ``rate_limit_rps`` and ``rate_limit_burst``.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..errors import ConfigError
from ..registry import format_validation_error

ANONYMOUS = "anonymous"
"""Key id of every request when auth is disabled."""


def digest(key: str) -> bytes:
    """SHA-256 of a key."""
    return hashlib.sha256(key.encode("utf-8")).digest()


@dataclass(frozen=True, slots=True)
class ApiKey:
    """One client key: its id (safe to log), hash, and optional policy and rate limit."""

    id: str
    sha256: bytes = field(repr=False)
    policy: Path | None = None
    rate_limit_rps: float | None = None
    rate_limit_burst: int | None = None


class _KeyEntry(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(min_length=1, max_length=64)
    key: str | None = Field(default=None, min_length=8)
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-fA-F]{64}$")
    policy: Path | None = None
    rate_limit_rps: float | None = Field(default=None, gt=0)
    rate_limit_burst: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _one_secret(self) -> _KeyEntry:
        if (self.key is None) == (self.sha256 is None):
            raise ValueError("give exactly one of key and sha256")
        return self


class _KeysFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    keys: list[_KeyEntry] = Field(min_length=1)


def default_id(key_hash: bytes) -> str:
    """Id of a key given without one: ``key-`` and the first 8 hex digits of its hash."""
    return "key-" + key_hash.hex()[:8]


def keys_from_env(value: str) -> list[ApiKey]:
    """Keys from a comma-separated list (blank items are skipped)."""
    out = []
    for item in value.split(","):
        key = item.strip()
        if key:
            key_hash = digest(key)
            out.append(ApiKey(default_id(key_hash), key_hash))
    return out


def keys_from_file(path: Path) -> list[ApiKey]:
    """Keys from a plain or TOML keys file (see the module docstring).

    Raises:
        ConfigError: the file cannot be read or is invalid (the message names the entry).
    """
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read keys file: {exc}") from exc
    if path.suffix == ".toml":
        return _keys_from_toml(source, path)
    out = []
    for number, raw in enumerate(source.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split()
        if len(parts) > 2:
            raise ConfigError(f"{path}:{number}: expected '<key>' or '<id> <key>'")
        key_hash = digest(parts[-1])
        out.append(ApiKey(parts[0] if len(parts) == 2 else default_id(key_hash), key_hash))
    return out


def _keys_from_toml(source: str, path: Path) -> list[ApiKey]:
    try:
        parsed = _KeysFile.model_validate(tomllib.loads(source))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except ValidationError as exc:
        raise ConfigError(f"{path}: {format_validation_error(exc)}") from exc
    out = []
    for entry in parsed.keys:
        key_hash = digest(entry.key) if entry.key is not None else bytes.fromhex(entry.sha256 or "")
        policy = None if entry.policy is None else (path.parent / entry.policy)
        out.append(ApiKey(entry.id, key_hash, policy, entry.rate_limit_rps, entry.rate_limit_burst))
    return out


class KeyStore:
    """The configured client keys; ``find`` checks a presented key against all of them."""

    def __init__(self, keys: list[ApiKey]) -> None:
        ids = [key.id for key in keys]
        if len(set(ids)) != len(ids):
            raise ConfigError("client key ids must be unique")
        self.keys = tuple(keys)

    def __len__(self) -> int:
        return len(self.keys)

    def find(self, presented: str) -> ApiKey | None:
        """The key matching ``presented``, or None.

        Every stored hash is compared, with ``hmac.compare_digest``, so the time taken does
        not depend on which key matched or how much of a hash agreed.
        """
        presented_hash = digest(presented)
        found = None
        for key in self.keys:
            if hmac.compare_digest(key.sha256, presented_hash):
                found = key
        return found


def bearer(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    if not header:
        return None
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


class TokenBucket:
    """A token bucket: ``rate`` tokens per second, holding at most ``burst``.

    Used only from the event loop, so it needs no lock.
    """

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = float(burst)
        self.tokens = float(burst)
        self.stamp = time.monotonic()

    def take(self) -> float:
        """Take one token: 0.0 when granted, else the seconds until one is available."""
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.stamp) * self.rate)
        self.stamp = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return 0.0
        return (1.0 - self.tokens) / self.rate


class RateLimiter:
    """One token bucket per key id, created on first use."""

    def __init__(self, rate: float | None, burst: int | None) -> None:
        self.rate = rate
        self.burst = burst
        self._buckets: dict[str, TokenBucket] = {}

    def check(self, key: ApiKey | None) -> float:
        """0.0 when the request may proceed, else the seconds to wait (Retry-After)."""
        key_id = key.id if key is not None else ANONYMOUS
        rate = (key.rate_limit_rps if key is not None else None) or self.rate
        if rate is None:
            return 0.0
        bucket = self._buckets.get(key_id)
        if bucket is None:
            burst = (key.rate_limit_burst if key is not None else None) or self.burst
            bucket = TokenBucket(rate, burst or max(1, round(2 * rate)))
            self._buckets[key_id] = bucket
        return bucket.take()
