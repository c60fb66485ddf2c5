from __future__ import annotations

from .fakes import fake_slices

__all__ = ["fake_slices"]
