from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

ROOT = Path(__file__).resolve().parents[1]
DATA = (ROOT / ".." / "shared" / "data").resolve()
FIXTURES = Path(__file__).resolve().parent / "data"


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def needs_data(*relative: str) -> pytest.MarkDecorator:
    """Skip when ../shared/data (or one of its files) is absent."""
    missing = not DATA.exists() or any(not (DATA / r).exists() for r in relative)
    return pytest.mark.skipif(missing, reason="../shared/data is not available")
