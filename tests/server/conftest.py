from __future__ import annotations

from .fakes import word_slice

__all__ = ["word_slice"]
