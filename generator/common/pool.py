"""The one way the build runs work in other processes: how many, how they start, what they share,
and the cycle collector paused while they make and drop objects by the million.

Work runs in `workers(jobs, shared)`: with one job in this process, else in a pool whose workers
each see `shared` (the renderer, the writer, the documents) as `shared()`. Forked workers receive
it without pickling; a process with other threads running (`minutes serve`) cannot fork safely, so
its workers start by forkserver and receive `shared` pickled.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the pool module loads with the first pool: a small rebuild starts none
    import multiprocessing.pool

from generator.common import lifeline

_shared: Any = None


def default_jobs() -> int:
    """The cores this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def can_fork() -> bool:
    """Whether forking is safe and possible here: no other threads, not inside a pool's worker."""
    return (threading.active_count() == 1 and not multiprocessing.current_process().daemon
            and "fork" in multiprocessing.get_all_start_methods())


def shared() -> Any:
    """What the caller of `workers` handed to the work running now."""
    return _shared


def _share(value: Any) -> None:
    global _shared
    _shared = value


def _start_worker(value: Any, parent: int | None) -> None:
    lifeline.die_with_parent(parent)
    _share(value)


@contextmanager
def workers(jobs: int, shared_value: Any = None, fork_only: bool = False) -> Iterator[multiprocessing.pool.Pool | None]:
    """A pool of `jobs` processes that see `shared_value` as shared(); None (run the work in this
    process, where shared() gives it too) for one job, or when `fork_only` work cannot fork."""
    previous = _shared
    _share(shared_value)
    try:
        if jobs <= 1 or (fork_only and not can_fork()):
            yield None
            return
        method = "fork" if can_fork() else "forkserver"
        # A forked worker's parent is this process; a forkserver's worker is the server's child,
        # and dies with the server, which ends when this process does.
        parent = os.getpid() if method == "fork" else None
        with multiprocessing.get_context(method).Pool(jobs, initializer=_start_worker,
                                                      initargs=(shared_value, parent)) as pool:
            yield pool
    finally:
        _share(previous)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off meanwhile. Parsing, rendering and indexing create container
    objects by the million that die young and form next to no cycles; the collector would walk
    them over and over, and its collections of the oldest generation walk the whole archive."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
