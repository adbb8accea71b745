"""Content hashes that every stage may key its work by: equal inputs, equal keys, across processes."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any


def digest(*parts: Any) -> str:
    """A stable hash of values whose repr is canonical (dataclasses, tuples, strings, dates).
    repr rather than pickle: pickle's output depends on which equal objects happen to be shared."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def tree_digest(*folders: Path) -> str:
    """Hash of every file's path and bytes under the folders, in a stable order."""
    hasher = hashlib.sha256()
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            hasher.update(path.relative_to(folder).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes())
    return hasher.hexdigest()
