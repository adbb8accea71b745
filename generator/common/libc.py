"""The C library, for the few Linux calls the standard library lacks (renameat2, prctl,
malloc_trim). Loaded on first use: ctypes and find_library cost milliseconds that a small
rebuild, which makes none of these calls, should not pay."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def libc() -> Any | None:
    """The C library as a ctypes.CDLL (errno kept, see errno()), or None where there is none."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    return ctypes.CDLL(name, use_errno=True) if name else None


def errno() -> int:
    import ctypes

    return ctypes.get_errno()
