"""Bounds that keep unveil linear and small whatever the input."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class UnveilLimits(BaseModel):
    """How much work unveil may do for one text (the policy's ``[unveil]`` table)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    enabled: bool = Field(
        default=True, description="Run unveil at all; off gives only the original view."
    )
    max_views: int = Field(
        default=8, ge=1, le=64, description="Most views per text, original included."
    )
    max_decoded_bytes: int = Field(
        default=65_536,
        ge=0,
        description="Most bytes decoded from encoded runs, all views together.",
    )
    max_depth: int = Field(
        default=4, ge=0, le=16, description="Most nested decodings (base64 in hex ...)."
    )
    max_scan_chars: int = Field(
        default=200_000,
        ge=1_000,
        description="Derived views cover the first and last half of this many characters.",
    )
    max_decode_attempts: int = Field(
        default=512, ge=0, description="Most candidate encoded runs examined per text."
    )
