"""CI's rebuild alone, on the archives bench/run.py makes: one meeting edited and committed, a
fresh checkout (new mtimes), .cache/ and output/ restored as copies, then `minutes build` in a
fresh process (bench/run.py's rebuild step), --runs times per profile; wall and CPU seconds (the
build and its workers) and the build's own stage timings.

    python bench/rebuild.py --meetings 10000 --runs 5 [--profiles realistic uniform]

An archive not built yet, or built by other code (any change to the generator makes the next
build a full one), is built once first, untimed. The whole run takes minutes where bench/run.py
takes most of an hour at 10,000 meetings: it is the loop for work on the small plan.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

import run as bench


def commit_count(project: Path) -> int:
    result = subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=project, capture_output=True, text=True,
                            env={**os.environ, **bench.GIT_ENV})
    return int(result.stdout.strip() or 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=10000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/minutes-bench"))
    parser.add_argument("--profiles", nargs="+", choices=bench.PROFILES, default=list(bench.PROFILES))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    bench.use_bytecode(args.workdir / "pycache")
    trash = args.workdir / ".trash"
    print("| profile | meetings | CI rebuild s (median) | min s | max s | CPU s (median) | stages of the median run |")
    print("|:---|---:|---:|---:|---:|---:|:---|")
    for profile in args.profiles:
        project = args.workdir / f"archive-{profile}-{args.meetings}"
        if not (project / "content").exists():
            bench.generate(args.meetings, project, profile=profile)
        if not (project / ".git").exists():
            bench.git_commit(project, "Arkivet", "2026-01-01T12:00:00+01:00")
        bench.run_timed([sys.executable, "-m", "generator", "--project", str(project), "build"])  # warm, untimed
        first = commit_count(project)
        runs = [bench.rebuild(project, first + n, trash) for n in range(args.runs)]
        median = sorted(runs, key=lambda run: run.wall)[len(runs) // 2]
        print(f"| {profile} | {args.meetings} | {median.wall:.2f} | {min(r.wall for r in runs):.2f} "
              f"| {max(r.wall for r in runs):.2f} | {statistics.median(r.cpu for r in runs):.2f} "
              f"| {bench.stage_timings(median.output)} |", flush=True)
    shutil.rmtree(trash, ignore_errors=True)


if __name__ == "__main__":
    main()
