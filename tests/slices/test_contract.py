from __future__ import annotations

from typing import Any

import pytest

from emmentaler import registry
from emmentaler.testing import ContractError, StaticSlice, check_slice

# Params for slices that need some to be built; every other slice builds with its defaults.
EXAMPLE_PARAMS: dict[str, dict[str, Any]] = {
    "judge": {"base_url": "http://127.0.0.1:9", "model": "guard"},
}
# Slices that call out (judge) are checked in their own tests against a local fake server.
NETWORKED = {"judge"}


@pytest.mark.parametrize("kind", [k for k in registry.available() if k not in NETWORKED])
def test_every_installed_slice_honours_the_contract(kind: str) -> None:
    check_slice(registry.build(kind, EXAMPLE_PARAMS.get(kind, {})))


def test_check_slice_rejects_a_non_slice() -> None:
    with pytest.raises(ContractError, match="protocol"):
        check_slice(object())


def test_check_slice_accepts_the_static_fake() -> None:
    check_slice(StaticSlice(score=0.3))


def test_check_slice_catches_nondeterminism() -> None:
    import itertools

    from emmentaler import Finding, Stage, Text

    counter = itertools.count()

    class Drifting:
        stages = frozenset({Stage.PROMPT})

        def score(self, text: Text) -> Finding:
            return Finding((next(counter) % 10) / 10)

    with pytest.raises(ContractError, match="deterministic"):
        check_slice(Drifting())
