"""A memo that is a plain dict, for values looked up by the million from C."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Memo(dict, Generic[K, V]):
    """key -> make(key), made on first lookup. Looked up from C (`map(memo.__getitem__, keys)`), a
    dict is several times cheaper per key than an lru_cache, and a known key costs no Python code
    at all. Emptied when it holds `kept` keys, which bounds its memory (an archive has far fewer
    distinct pieces of text than that)."""

    def __init__(self, make: Callable[[K], V], kept: int) -> None:
        super().__init__()
        self.make, self.kept = make, kept

    def __missing__(self, key: K) -> V:
        if len(self) >= self.kept:
            self.clear()
        value = self[key] = self.make(key)
        return value
