"""Settings of the screening proxy, read from ``EMMENTALER_*`` environment variables.

Every field can also be given on the ``emmentaler serve`` command line; the command line wins.
The upstream key is a ``SecretStr``: it never appears in reprs, logs or responses.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

StreamMode = Literal["windowed", "buffered"]
BlockStyle = Literal["completion", "error"]


class ServerSettings(BaseSettings):
    """Everything ``emmentaler serve`` needs besides the policy.

    Examples:
        >>> ServerSettings(upstream_url="http://127.0.0.1:9000/v1", auth=False).stream_mode
        'windowed'
    """

    model_config = SettingsConfigDict(env_prefix="EMMENTALER_", extra="ignore", frozen=True)

    policy: Path | None = Field(
        default=None, description="Policy file for every key without its own (default: shipped)."
    )
    upstream_url: str = Field(
        default="https://api.openai.com/v1",
        description="Base URL of the upstream, /v1 included (as the openai base_url).",
    )
    upstream_api_key: SecretStr | None = Field(
        default=None, description="Key the proxy presents upstream; never shown to clients."
    )
    upstream_timeout_s: float = Field(
        default=120.0, gt=0, description="Read timeout for one upstream answer (504 when exceeded)."
    )
    upstream_connect_timeout_s: float = Field(
        default=5.0, gt=0, description="Connect timeout to the upstream (502 when it fails)."
    )
    api_keys: SecretStr | None = Field(
        default=None,
        description="Client keys, comma-separated (stored hashed, compared in constant time).",
    )
    api_keys_file: Path | None = Field(
        default=None,
        description="File of client keys: one per line, or TOML with ids, policies, rates.",
    )
    auth: bool = Field(default=True, description="Require a client key; false only with --no-auth.")
    rate_limit_rps: float | None = Field(
        default=None,
        gt=0,
        description="Requests per second per key (token bucket); unset: no limit.",
    )
    rate_limit_burst: int | None = Field(
        default=None, ge=1, description="Bucket size per key; default twice the rate, at least 1."
    )
    max_body_bytes: int = Field(
        default=2_000_000, ge=1_000, description="Largest request body (413)."
    )
    max_messages: int = Field(default=500, ge=1, description="Most messages in one request (400).")
    max_chars: int = Field(
        default=400_000, ge=1, description="Most characters of text across all messages (400)."
    )
    max_response_bytes: int = Field(
        default=20_000_000, ge=1_000, description="Largest upstream answer read (502 beyond)."
    )
    stream_mode: StreamMode = Field(
        default="windowed",
        description="windowed: release text once screened, holding a window back; "
        "buffered: release nothing until the whole answer is screened.",
    )
    window_chars: int = Field(
        default=96, ge=16, description="Characters held back while streaming (windowed mode)."
    )
    screen_every_chars: int = Field(
        default=48,
        ge=1,
        description="Screen the streamed text again after this many new characters.",
    )
    stream_context_chars: int = Field(
        default=4_000,
        ge=256,
        description="While streaming, screen at most this tail of the text; "
        "the whole text is screened once at the end.",
    )
    block_style: BlockStyle = Field(
        default="completion",
        description="completion: a refusal with finish_reason content_filter; "
        "error: HTTP 400 with code content_filter.",
    )
    refusal_text: str = Field(
        default="I can't help with that request.", description="Message of a blocked completion."
    )
    inline_screen_ms: float = Field(
        default=1.0,
        ge=0,
        description="Screen on the event loop, skipping the thread pool, while most recent "
        "screenings of short texts took at most this many milliseconds; 0: always the thread pool.",
    )
    inline_screen_chars: int = Field(
        default=4_000,
        ge=0,
        description="Only texts of at most this many characters in all are screened inline.",
    )
    gc_freeze: bool = Field(
        default=True,
        description="After the warm-up, move every object then alive out of the garbage "
        "collector's reach (gc.freeze), so full collections do not pause requests for tens of ms.",
    )
    canary: bool = Field(default=False, description="Add a random canary to the system prompt.")
    screen_tool_results: bool = Field(
        default=True, description="Screen tool/function results for injection (prompt stage)."
    )
    screen_history: bool = Field(
        default=True, description="Also screen earlier user turns at the prompt stage (cached)."
    )
    audit_path: Path | None = Field(
        default=Path("emmentaler-audit.sqlite3"), description="SQLite audit log; empty: none."
    )
    log_content: bool = Field(default=False, description="Store screened text in the audit log.")
    track_principals: bool = Field(
        default=True,
        description="Count each principal's blocked and flagged attempts and escalate those "
        "who keep probing (backend, thresholds: EMMENTALER_PRINCIPALS_*, docs/conversations.md).",
    )
    ready_check_s: float = Field(
        default=10.0, gt=0, description="How long /readyz trusts its last upstream probe."
    )

    @field_validator("audit_path", "api_keys_file", "policy", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value

    @field_validator("upstream_url")
    @classmethod
    def _no_trailing_slash(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError(f"must start with http:// or https://, got {value!r}")
        return value.rstrip("/")
