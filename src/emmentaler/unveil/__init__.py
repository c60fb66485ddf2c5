"""Unveil: the shared de-obfuscation pass that gives every slice every view of a text."""

from __future__ import annotations

from ._limits import UnveilLimits
from ._pass import unveil
from ._signals import DECODE_STEPS, ObfuscationSignals, signals

__all__ = ["DECODE_STEPS", "ObfuscationSignals", "UnveilLimits", "signals", "unveil"]
