"""Write src/emmentaler/assets/MANIFEST.json: sha256 and size of every shipped asset file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ASSETS = ROOT / "src" / "emmentaler" / "assets"
SKIP_SUFFIXES = {".py", ".pyc"}


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_manifest() -> dict[str, dict[str, object]]:
    files: dict[str, dict[str, object]] = {}
    for path in sorted(ASSETS.rglob("*")):
        if not path.is_file() or path.name == "MANIFEST.json" or path.suffix in SKIP_SUFFIXES:
            continue
        if "__pycache__" in path.parts:
            continue
        rel = path.relative_to(ASSETS).as_posix()
        files[rel] = {"sha256": sha256(path), "size": path.stat().st_size}
    body = {"version": 1, "rebuild": "make models", "files": files}
    (ASSETS / "MANIFEST.json").write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    return files


def main() -> None:
    for name, entry in write_manifest().items():
        print(f"{entry['sha256']}  {entry['size']:>10}  {name}")


if __name__ == "__main__":
    main()
