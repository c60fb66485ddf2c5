"""Settings of the per-principal tracker: backend, window, decay, thresholds, failure mode."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class PrincipalSettings(BaseSettings):
    """How blocked and flagged attempts of one principal are counted and escalated.

    Every attempt adds its weight (``block_weight`` or ``flag_weight``); an attempt's weight
    halves every ``half_life_s`` seconds and is forgotten after ``window_s``. The sum is the
    principal's *pressure*. At ``escalate_at`` a flag becomes a block; at ``cool_off_at``
    the principal is refused outright for ``cooling_off_s`` seconds. With ``half_life_s``
    unset, pressure is a plain weighted count over the sliding window ("K attempts in T
    seconds").

    Read from the environment with the prefix ``EMMENTALER_PRINCIPALS_`` (for example
    ``EMMENTALER_PRINCIPALS_BACKEND=redis``) when built on its own; the proxy may also nest
    it in its own settings.
    """

    model_config = SettingsConfigDict(
        env_prefix="EMMENTALER_PRINCIPALS_", frozen=True, extra="forbid"
    )

    backend: Literal["memory", "redis"] = Field(
        default="memory",
        description="memory: one process; redis: state shared by workers and hosts.",
    )
    redis_url: str = Field(
        default="redis://127.0.0.1:6379/0", description="Redis URL (redis backend)."
    )
    key_prefix: str = Field(
        default="emmentaler:principal:", min_length=1, description="Prefix of every Redis key."
    )
    window_s: float = Field(
        default=600.0, gt=0, description="Attempts older than this are forgotten."
    )
    half_life_s: float | None = Field(
        default=300.0,
        gt=0,
        description="An attempt's weight halves every this many seconds; None: no decay.",
    )
    block_weight: float = Field(default=1.0, ge=0, description="Weight of a blocked attempt.")
    flag_weight: float = Field(default=0.5, ge=0, description="Weight of a flagged attempt.")
    escalate_at: float | None = Field(
        default=3.0, gt=0, description="Pressure at which a flag becomes a block; None: never."
    )
    cool_off_at: float | None = Field(
        default=5.0, gt=0, description="Pressure at which the principal is refused; None: never."
    )
    cooling_off_s: float = Field(
        default=300.0, gt=0, description="How long a refused principal waits."
    )
    on_backend_error: Literal["fail_closed", "fail_open"] = Field(
        default="fail_closed",
        description="Redis unreachable: fail_closed refuses requests and turns flags into blocks; "
        "fail_open lets them through unchanged. Either way it is counted in stats.",
    )
    max_events: int = Field(
        default=64,
        ge=1,
        le=10_000,
        description="Most attempts kept per principal (oldest dropped).",
    )
    max_principals: int = Field(
        default=100_000,
        ge=1,
        description="Most principals the memory backend keeps (LRU eviction).",
    )
    redis_timeout_s: float = Field(
        default=0.1, gt=0, description="Socket connect and read timeout for each Redis call."
    )
    retry_after_s: float = Field(
        default=1.0,
        ge=0,
        description="After a Redis error, skip Redis (and apply on_backend_error) this long.",
    )
