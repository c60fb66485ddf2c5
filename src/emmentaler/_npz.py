"""Write ``.npz`` files byte-for-byte reproducibly and crash-safely.

``numpy.savez`` stamps each member with the current time, so two builds of the same arrays
differ; here every member gets a fixed timestamp and a fixed order. The file is written to a
temporary file in the same directory, flushed and fsynced, then renamed over the target with
``os.replace`` (atomic on POSIX and Windows), and the directory is fsynced: a reader sees the
old file or the new one, never a torn one.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

_EPOCH = (1980, 1, 1, 0, 0, 0)


def npz_bytes(arrays: Mapping[str, np.ndarray], *, compress: bool = True) -> bytes:
    """The bytes of an ``.npz`` holding ``arrays`` in sorted name order (no pickles)."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_DEFLATED if compress else zipfile.ZIP_STORED
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name in sorted(arrays):
            member = io.BytesIO()
            np.lib.format.write_array(member, np.asarray(arrays[name]), allow_pickle=False)
            info = zipfile.ZipInfo(f"{name}.npy", date_time=_EPOCH)
            info.compress_type = method
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.getvalue())
    return buffer.getvalue()


def write_atomic(path: Path, data: bytes, *, mode: int = 0o644) -> None:
    """Replace ``path`` with ``data`` so that a crash leaves the old or the new file whole."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            if os.name == "posix":
                os.fchmod(handle.fileno(), mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def write_npz(
    path: Path, arrays: Mapping[str, np.ndarray], *, compress: bool = True, mode: int = 0o644
) -> None:
    """Atomically write ``arrays`` to ``path`` as a reproducible ``.npz``."""
    write_atomic(path, npz_bytes(arrays, compress=compress), mode=mode)


def _fsync_dir(directory: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
