"""Find and build slices registered under the ``emmentaler.slices`` entry-point group.

Built-in slices register through the same group as third-party ones, so plug-ins use
exactly the path the project tests.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from pydantic import ValidationError

from .errors import ConfigError, UnknownSliceError
from .slice import Slice, SliceParams

GROUP = "emmentaler.slices"


@functools.cache
def _entry_points() -> dict[str, EntryPoint]:
    return {ep.name: ep for ep in entry_points(group=GROUP)}


def refresh() -> None:
    """Forget the cached entry points (after installing a plug-in in the same process)."""
    _entry_points.cache_clear()


def available() -> list[str]:
    """Kinds of every installed slice, built-ins included, sorted."""
    return sorted(_entry_points())


def load(kind: str) -> Any:
    """Import and return the class registered as ``kind``.

    Raises:
        UnknownSliceError: no slice of that kind is installed.
    """
    try:
        ep = _entry_points()[kind]
    except KeyError:
        raise UnknownSliceError(kind, available()) from None
    return ep.load()


def params_model(cls: Any) -> type[SliceParams]:
    """The ``Params`` model of a slice class (the empty base when it declares none)."""
    model = getattr(cls, "Params", SliceParams)
    if not (isinstance(model, type) and issubclass(model, SliceParams)):
        raise ConfigError(f"{cls.__name__}.Params must subclass emmentaler.SliceParams")
    return model


def build(kind: str, params: Mapping[str, Any] | None = None) -> Slice:
    """Validate ``params`` against the slice's ``Params`` and instantiate it.

    Raises:
        UnknownSliceError: no slice of that kind is installed.
        ConfigError: the parameters are invalid (the message names the field).
    """
    cls = load(kind)
    try:
        validated = params_model(cls).model_validate(dict(params or {}))
    except ValidationError as exc:
        raise ConfigError(format_validation_error(exc, prefix="params")) from exc
    layer = cls(validated)
    if not isinstance(layer, Slice):
        raise ConfigError(f"{kind!r} ({cls.__module__}) does not implement the Slice protocol")
    return layer


def format_validation_error(exc: ValidationError, *, prefix: str = "") -> str:
    """One line per problem: ``field.path: message``."""
    lines = []
    for error in exc.errors():
        loc = ".".join(_loc(part) for part in error["loc"]).replace(".[", "[")
        where = ".".join(part for part in (prefix, loc) if part).replace(".[", "[")
        lines.append(f"{where or '(root)'}: {error['msg']}")
    return "; ".join(lines)


def _loc(part: int | str) -> str:
    return f"[{part}]" if isinstance(part, int) else str(part)
