"""Progress of a long build on a terminal; silence in CI logs, where only the summary line shows."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    """Rewrites one status line ("meetings 1200/10000") at most a few times a second."""

    def __init__(self, stream: TextIO | None = None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        if enabled is None:
            enabled = self.stream.isatty() and not os.environ.get("CI")
        self.enabled = enabled
        self.stage = ""
        self.total = 0
        self.done = 0
        self._last = 0.0

    def start(self, stage: str, total: int = 0) -> None:
        self.stage, self.total, self.done = stage, total, 0
        self._show(force=True)

    def advance(self, count: int = 1) -> None:
        self.done += count
        self._show()

    def finish(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()

    def _show(self, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.2 and self.done != self.total:
            return
        self._last = now
        counts = f" {self.done}/{self.total}" if self.total else ""
        self.stream.write(f"\r\x1b[K{self.stage}{counts}")
        self.stream.flush()


class NoProgress(Progress):
    def __init__(self) -> None:
        super().__init__(enabled=False)
