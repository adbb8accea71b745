"""Files that are either wholly written or not there at all: a killed build never leaves half of one."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO


def atomic_write(path: Path, write: Callable[[BinaryIO], object], durable: bool = False) -> None:
    """Write `path` through a temporary file beside it and a rename. `durable`: flushed to the
    disk before the rename (a journal that must survive a crash, not just a kill)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f"{path.name}.tmp-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
            if durable:
                out.flush()
                os.fsync(out.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
