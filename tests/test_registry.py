from __future__ import annotations

import pytest

from emmentaler import ConfigError, UnknownSliceError, registry


def test_built_ins_are_registered_through_entry_points() -> None:
    assert "limits" in registry.available()


def test_unknown_slice_lists_what_is_installed() -> None:
    with pytest.raises(
        UnknownSliceError, match=r"unknown slice 'limitz'; installed: .*limits"
    ) as info:
        registry.build("limitz", {})
    error: object = info.value
    assert isinstance(error, KeyError)
    assert isinstance(error, ConfigError)
    assert str(info.value).startswith("unknown slice")


def test_build_validates_params_and_names_the_field() -> None:
    with pytest.raises(ConfigError, match=r"params\.max_chars"):
        registry.build("limits", {"max_chars": "many"})
