"""Model files shipped inside the package, checked against ``MANIFEST.json``.

``make models`` rebuilds every file here and rewrites the manifest (sha256 and size of each
file). At run time the size of a file is checked every time it is opened through
:func:`asset_path`, and its sha256 once per process (hashing the 23 MB model costs about
20 ms, paid on first use only). Set ``EMMENTALER_VERIFY_ASSETS=size`` to skip the hash.

A missing or corrupted file raises :class:`~emmentaler.errors.AssetError` naming the file and
the command that rebuilds it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import threading
from pathlib import Path
from typing import Any

from ..errors import AssetError

ROOT = Path(__file__).resolve().parent
MANIFEST = "MANIFEST.json"
REBUILD = "run `make models` to rebuild the model assets"

_verified: set[Path] = set()
_lock = threading.Lock()


@functools.cache
def manifest(root: Path = ROOT) -> dict[str, dict[str, Any]]:
    """The manifest entries, keyed by path relative to ``root`` (``minilm/model.int8.onnx``)."""
    path = root / MANIFEST
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        files = data["files"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AssetError(
            f"{path}: missing or unreadable asset manifest ({exc}); {REBUILD}"
        ) from exc
    if not isinstance(files, dict):
        raise AssetError(f"{path}: 'files' must be an object; {REBUILD}")
    return files


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def asset_path(name: str, *, root: Path = ROOT) -> Path:
    """The verified path of asset ``name`` (relative, e.g. ``"heads/intent.npz"``).

    Raises:
        AssetError: the file is not in the manifest, is missing, or its size or sha256 differ
            from the manifest's.
    """
    entry = manifest(root).get(name)
    path = root / name
    if entry is None:
        raise AssetError(f"{path}: not listed in {root / MANIFEST}; {REBUILD}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise AssetError(f"{path}: missing model asset ({exc.strerror}); {REBUILD}") from exc
    if size != entry.get("size"):
        raise AssetError(
            f"{path}: corrupted model asset (size {size} != {entry.get('size')}); {REBUILD}"
        )
    if os.environ.get("EMMENTALER_VERIFY_ASSETS", "sha256") != "size":
        with _lock:
            if path not in _verified:
                got = sha256_file(path)
                if got != entry.get("sha256"):
                    raise AssetError(f"{path}: corrupted model asset (sha256 mismatch); {REBUILD}")
                _verified.add(path)
    return path
