"""kill -9 of a build, at different moments: no worker outlives it, the last good site stays, and
the next build leaves no staging folder behind.

The archive is just large enough for the meeting stage to run in worker processes
(workers.PARALLEL_THRESHOLD). Each case starts `minutes build` with two workers, waits for the
moment, kills the build with SIGKILL (only the build: its workers must go by themselves,
generator/common/lifeline.py), and then looks at every process the build had started.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, Project, output_snapshot
from generator.build.workers import PARALLEL_THRESHOLD

MEETINGS = PARALLEL_THRESHOLD + 12
ENV = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": "1600000000", "MINUTES_MESSAGES_LANGUAGE": "en"}

BODY = "---\nname: Testgruppen\norganisation: Testregionen\n---\n"
MEETING = """\
---
body: testgruppen
date: {date}
kind: protokoll
status: justerat
participants:
  - name: Anna Andersson
    role: ordförande
---

## 1. Budget {n}

{text}

### Beslut

Budgeten {n} antas.
"""


# The first meetings are long (about 700 KB, a second or two to parse each), so that the first
# tasks keep both workers busy for seconds: a worker that did not die with the build would still
# be running when the case looks, WORKER_GRACE after the kill.
LONG_MEETINGS = 6
WORKER_GRACE = 2.0


def write_archive(project: Project) -> None:
    project.write("testgruppen/_body.md", BODY)
    for n in range(MEETINGS):
        date = f"2019-{n // 28 + 1:02d}-{n % 28 + 1:02d}"
        paragraphs = 120 if n < LONG_MEETINGS else 1
        text = "\n\n".join(" ".join(f"Stycke {n}.{p}.{k} om budgeten och planen för året." for k in range(120))
                            for p in range(paragraphs))
        project.write(f"testgruppen/{date}.md", MEETING.format(date=date, n=n, text=text))


def build_command(project: Project, *extra: str) -> list[str]:
    return [sys.executable, "-m", "generator", "--project", str(project.root), "build", "--jobs", "2", *extra]


def descendants(pid: int) -> set[int]:
    """Every live process below `pid` (zombies, already dead, do not count)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[0] != "Z":
            parents[int(entry.name)] = int(fields[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def strays(project: Project) -> list[str]:
    return sorted(p.name for p in project.root.iterdir() if p.name.startswith(".output.") and p.name != ".output.lock")


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> tuple[Project, dict[str, bytes]]:
    """The archive, built once: the last good site every case compares with."""
    project = Project(tmp_path_factory.mktemp("kill") / "site")
    write_archive(project)
    result = subprocess.run(build_command(project), capture_output=True, text=True, cwd=REPO, env=ENV, timeout=900)
    assert result.returncode == 0, result.stderr
    return project, output_snapshot(project.output)


def kill_build(project: Project, moment: str, delay: float) -> set[int]:
    """Start a build, kill -9 it at `moment` (+ delay seconds), return the processes it had."""
    build = subprocess.Popen(build_command(project, "--no-cache"), cwd=REPO, env=ENV,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen: set[int] = set()
    deadline = time.monotonic() + 600
    try:
        if moment == "workers running":
            while len(descendants(build.pid)) < 2:  # both meeting workers have started
                assert build.poll() is None, "the build ended before its workers started"
                assert time.monotonic() < deadline
                time.sleep(0.01)
        elif moment == "staging written":
            while not strays(project):
                assert build.poll() is None, "the build ended before its staging folder appeared"
                assert time.monotonic() < deadline
                time.sleep(0.01)
        end = time.monotonic() + delay
        while time.monotonic() < end and build.poll() is None:
            seen |= descendants(build.pid)
            time.sleep(0.005)
        seen |= descendants(build.pid)
    finally:
        build.send_signal(signal.SIGKILL)  # only the build: its workers must end by themselves
        build.wait()
    return seen


@pytest.mark.parametrize("moment, delay", [
    ("start", 0.3),  # loading, before any worker
    ("workers running", 0.0),  # the moment the meeting workers are up
    ("workers running", 1.0),  # in the meeting stage
    ("staging written", 0.5),  # pages being written into the staging folder
    ("staging written", 4.0),  # later: the other pages, the index, or the swap
])
def test_kill_leaves_no_process_and_the_next_build_no_folder(archive, moment, delay):
    project, good_site = archive
    workers = kill_build(project, moment, delay)
    if moment != "start":
        assert workers, "the build had no worker processes to test with"
    time.sleep(WORKER_GRACE)
    survivors = alive(workers)
    for pid in survivors:  # so a failure does not leave them behind either
        os.kill(pid, signal.SIGKILL)
    assert not survivors, f"worker processes outlived the killed build: {sorted(survivors)}"
    # The site is the last good one (or the new one, if the kill came after the swap: the same bytes).
    assert output_snapshot(project.output) == good_site

    result = subprocess.run(build_command(project), capture_output=True, text=True, cwd=REPO, env=ENV, timeout=900)
    assert result.returncode == 0, result.stderr
    assert strays(project) == [], "the next build left the killed build's folders behind"
    assert output_snapshot(project.output) == good_site


def test_a_refused_build_still_clears_a_killed_builds_folders(archive):
    """A build that stops at a content error never opens a staging folder; taking the build lock
    clears what a killed build left all the same."""
    project, good_site = archive
    stale = project.root / ".output.staging-999999"
    (stale / "testgruppen").mkdir(parents=True)
    (stale / "testgruppen" / "half.html").write_text("half a page", encoding="utf-8")
    meeting = project.root / "content/testgruppen/2019-01-01.md"
    text = meeting.read_text(encoding="utf-8")
    meeting.write_text(text.replace("status: justerat", "status: justerad"), encoding="utf-8")
    try:
        result = subprocess.run(build_command(project), capture_output=True, text=True, cwd=REPO, env=ENV, timeout=900)
    finally:
        meeting.write_text(text, encoding="utf-8")
    assert result.returncode == 1 and "justerad" in result.stderr, result.stderr
    assert strays(project) == []
    assert output_snapshot(project.output) == good_site
