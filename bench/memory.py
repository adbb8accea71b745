"""Peak resident memory of a clean build, the build process and its workers apart.

    python bench/memory.py /tmp/minutes-bench/archive-10000

Polls /proc/<pid>/status of `minutes build` and of every process under it five times a second
and prints the peak of the build process, of the largest worker, and of their sum, each with the
second it was reached (compare with the stage timings the build prints). bench/run.py reports
the largest of the first two; this tells which of them it is and when. Linux only. Deletes the
project's .cache/ and output/ first.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path


def resident_mb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return 0


def descendants(pid: int) -> list[int]:
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as children:
            found = [int(child) for child in children.read().split()]
    except OSError:
        return []
    return found + [grandchild for child in found for grandchild in descendants(child)]


def main() -> None:
    project = Path(sys.argv[1])
    for leftover in (project / ".cache", project / "output"):
        shutil.rmtree(leftover, ignore_errors=True)
    start = time.perf_counter()
    build = subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project), "build"],
                             env={**os.environ, "CI": "true"})
    peaks = {"build process": (0, 0.0), "largest worker": (0, 0.0), "all together": (0, 0.0)}
    while build.poll() is None:
        at = round(time.perf_counter() - start, 1)
        parent = resident_mb(build.pid)
        workers = [resident_mb(child) for child in descendants(build.pid)]
        for name, value in (("build process", parent), ("largest worker", max(workers, default=0)),
                            ("all together", parent + sum(workers))):
            if value > peaks[name][0]:
                peaks[name] = (value, at)
        time.sleep(0.2)
    print(f"wall {time.perf_counter() - start:.1f} s; peak MB (at s): "
          + ", ".join(f"{name} {mb} ({at})" for name, (mb, at) in peaks.items()))


if __name__ == "__main__":
    main()
