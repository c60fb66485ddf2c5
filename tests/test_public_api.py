from __future__ import annotations

import emmentaler


def test_all_is_sorted_and_exported() -> None:
    assert emmentaler.__all__ == sorted(emmentaler.__all__, key=lambda n: (not n.isupper(), n))
    for name in emmentaler.__all__:
        assert hasattr(emmentaler, name), name
