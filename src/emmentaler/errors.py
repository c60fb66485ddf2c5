"""Exceptions raised by emmentaler.

* EmmentalerError
  + ConfigError (also ValueError)          bad policy file, slice params or settings
    - UnknownSliceError (also KeyError)    no installed slice of that kind
  + InputError (also ValueError)           a data file or request that cannot be read
  + AssetError (also OSError)              a shipped model file is missing or corrupted
  + UpstreamError                          the proxied LLM failed or timed out

A blocked text is not an error: it is a Decision whose action is BLOCK.
A slice that raises is recorded in Screening.errors and handled by Policy.on_error.
"""

from __future__ import annotations

from collections.abc import Sequence


class EmmentalerError(Exception):
    """Base of every exception emmentaler raises on purpose."""


class ConfigError(EmmentalerError, ValueError):
    """A policy file, slice parameters or settings are invalid.

    The message names the file (when there is one) and the field.
    """


class UnknownSliceError(ConfigError, KeyError):
    """No installed slice is registered under the requested kind."""

    __str__ = Exception.__str__

    def __init__(self, kind: str, installed: Sequence[str]) -> None:
        self.kind = kind
        self.installed = tuple(installed)
        super().__init__(f"unknown slice {kind!r}; installed: {', '.join(self.installed)}")


class InputError(EmmentalerError, ValueError):
    """Input data (a JSONL file, a request body) cannot be used; the message says where."""


class AssetError(EmmentalerError, OSError):
    """A model or index file shipped with emmentaler is missing or does not match its hash."""


class UpstreamError(EmmentalerError):
    """The upstream LLM failed, answered badly or timed out."""
