"""Unveil: the shared de-obfuscation pass that gives every slice every view of a text."""

from __future__ import annotations

from ._limits import UnveilLimits
from ._pass import unveil

__all__ = ["UnveilLimits", "unveil"]
