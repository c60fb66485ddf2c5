from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

os.environ.setdefault("ORT_DISABLE_TELEMETRY", "1")
for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")

# Timing belongs in benchmarks/: on a loaded CI machine a per-example deadline only adds flakes.
settings.register_profile("emmentaler", deadline=None)
settings.load_profile("emmentaler")

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


REDIS_SERVER = shutil.which("redis-server")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A throwaway redis-server (no persistence) for the whole session."""
    if REDIS_SERVER is None:
        pytest.skip("redis-server is not installed (scripts/ci-services.sh installs it)")
    pytest.importorskip("redis")
    import redis

    port = free_port()
    workdir = tmp_path_factory.mktemp("redis")
    command = [REDIS_SERVER, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(workdir)]
    process = subprocess.Popen(
        [*command, "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        for _ in range(200):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.02)
        else:
            pytest.fail("redis-server did not start")
        client.close()
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
