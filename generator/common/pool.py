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
import pickle
import queue
import threading
from collections.abc import Callable, Iterator, Sequence
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


def map_in_turns(function: Callable[[Any], Any], items: Sequence[Any], jobs: int, chunk: int,
                 shared_value: Any = None) -> list[Any]:
    """[function(item) for item in items], worked through by this process and `jobs - 1` forked
    helpers, which take the next `chunk` items in turn until none are left. The items reach the
    helpers by the fork, not pickled; only the helpers' results are pickled, and this process's
    share is never pickled at all. For work whose results weigh much beside it (`minutes check`'s
    meetings: their pickling was an eighth of the check in a pool of two workers beside this
    process). `function` sees `shared_value` as shared(). Needs can_fork()."""
    context = multiprocessing.get_context("fork")
    taken = context.RawValue("q", 0)
    lock = context.Lock()
    chunks = (len(items) + chunk - 1) // chunk

    def next_chunk() -> int | None:
        with lock:
            index = taken.value
            taken.value = index + 1
        return index if index < chunks else None

    def work(index: int) -> list[Any]:
        return [function(item) for item in items[index * chunk:(index + 1) * chunk]]

    parent = os.getpid()

    def helper(results: Any) -> None:
        lifeline.die_with_parent(parent)
        try:
            while (index := next_chunk()) is not None:
                results.send((index, work(index)))
            results.send_bytes(_FINISHED)
        except BaseException as exc:  # told to this process, which raises it
            results.send(("failed", exc))

    previous = _shared
    _share(shared_value)
    done: list[list[Any] | None] = [None] * chunks
    helpers, readers = [], []
    arrived: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
    try:
        receivers = []
        for _ in range(jobs - 1):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=helper, args=(sender,), daemon=True)
            process.start()
            sender.close()
            helpers.append(process)
            receivers.append(receiver)
        # A helper blocks on a full pipe: a thread reads each while this process works. (Started
        # after the last fork: a process forked beside running threads may inherit held locks.)
        for receiver in receivers:
            readers.append(threading.Thread(target=_read_all, args=(receiver, arrived), daemon=True))
            readers[-1].start()
        finished = 0
        while (index := next_chunk()) is not None:
            done[index] = work(index)
            while not arrived.empty():
                finished += _store(arrived.get(), done)
        while finished < len(helpers):
            finished += _store(arrived.get(), done)
    finally:
        _share(previous)
        for process in helpers:
            if process.is_alive():
                process.kill()
            process.join()
        for reader in readers:
            reader.join()
    return [result for results in done for result in results]  # type: ignore[union-attr]


_FINISHED = b""  # what a helper of map_in_turns sends last; every other message is a pickle


def _read_all(receiver: Any, arrived: queue.SimpleQueue) -> None:
    """Every message of one helper as it sent it, up to _FINISHED; None if it ended before."""
    try:
        while (data := receiver.recv_bytes()) != _FINISHED:
            arrived.put(data)
        arrived.put(_FINISHED)
    except BaseException:  # ended, or unreadable: either way that helper's work is lost
        arrived.put(None)
    finally:
        receiver.close()


def _store(data: bytes | None, done: list) -> bool:
    """Keep a helper's chunk of results; True when the helper has finished."""
    if data is None:
        raise RuntimeError("a worker process ended before its work was done (killed?)")
    if data == _FINISHED:
        return True
    message = pickle.loads(data)
    if message[0] == "failed":
        raise message[1]
    index, results = message
    done[index] = results
    return False
