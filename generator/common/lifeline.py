"""Worker processes die with the build that started them.

When the build is killed (kill -9, an out-of-memory kill, a cancelled CI job), nothing tells its
pool's workers: one busy with a chunk of meetings goes on parsing them and writing their pages
into the staging folder, for seconds or minutes, after the next build may have started and
cleared that folder. On Linux the kernel can send a signal to a process when its parent dies
(prctl PR_SET_PDEATHSIG); every worker of the build's pool (common/pool.py) asks for SIGKILL that
way as it starts. (The kernel means the parent thread: the pool's workers are started by the
thread that opens the pool, or by the pool's own thread that replaces a worker, both of which
outlive the workers.) Elsewhere this is a no-op: the pool ends its workers itself on every exit
but a kill.
"""

from __future__ import annotations

import os
import signal
import sys

from generator.common.libc import libc

_PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid: int | None) -> None:
    """Ask for SIGKILL when the parent dies; exit at once if it already has (it may have died
    between the fork and this call, and then no signal would ever come)."""
    if not sys.platform.startswith("linux"):
        return
    prctl = getattr(libc(), "prctl", None)
    if prctl is None:
        return
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)
