"""The build benchmark: one command, one archive, every figure measured in the same run.

    python bench/run.py --meetings 1000 10000 --runs 3 [--profiles realistic uniform]

For each archive profile and size: a synthetic archive (bench/synth.py), then medians of --runs runs of
  floor      read, split front matter, markdown-it, one small template, write (bench/floor.py)
  clean      `minutes build` in a fresh process, no cache, no previous output
  rebuild    `minutes build` in a fresh process after one meeting was changed and committed, as CI
             sees it: a fresh checkout, .cache/ and output/ restored from its cache as copies
  serve      the same change through a running `minutes serve`: save -> new page served
  check      `minutes check` in a fresh process with no cache: every check, nothing written
  daily      `minutes build` the next day with nothing changed, as CI's scheduled build sees it
             (cache and output restored as copies): the appeal periods and notice board move on
plus peak memory (max RSS of the build process and its workers), output and index sizes, the
compressed weight of a meeting page with its CSS and JS, and the bytes headless Chromium fetches
for a first search and for later ones on the built site (bench/search_bench.py's queries).
A second table gives CPU seconds (user + system, every process): the floor's, the clean build's,
and the build's own Markdown parsing alone (bench/parse_cpu.py), with the clean build's stage
timings, so the ratio can be read apart from how well either keeps the cores busy.
Machines are shared and noisy: compare ratios from one run, not seconds across runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import os
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

from peers import commands as peer_commands  # noqa: E402
from synth import PROFILES, generate  # noqa: E402


@dataclass(frozen=True)
class Timed:
    wall: float  # seconds
    cpu: float  # user + system seconds of the command and every process it waited for
    rss_kb: int  # peak RSS of the largest process in the command's tree
    output: str  # what it printed (stdout and stderr)


def run_timed(command: list[str], cwd: Path = REPO, env: dict[str, str] | None = None) -> Timed:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    output = process.communicate()[0].decode(errors="replace")  # before waiting: a full pipe would block it
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{command} failed: {output[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Timed(elapsed, cpu, after.ru_maxrss, output)


def set_aside(folder: Path, trash: Path) -> None:
    """Move a previous run's files out of the way without deleting them. On ext4 without a
    journal (these machines) the inode allocator skips inodes freed in the last one to six
    minutes, one buffer lookup each, so creating files right after a mass deletion is several
    times slower (bench/file_creation.py). A build in CI starts from a fresh clone, with nothing just
    deleted; deleting here, inside or just before a timed run, would measure the deletion."""
    if folder.exists():
        trash.mkdir(parents=True, exist_ok=True)
        # A folder of its own in the trash: counting the trash's entries gave a name already taken
        # once some were deleted.
        place = Path(tempfile.mkdtemp(prefix=f"{folder.parent.name}-{folder.name.lstrip('.')}-", dir=trash))
        folder.rename(place / folder.name)


def floor(project: Path, jobs: int, trash: Path) -> Timed:
    set_aside(project / ".floor", trash)
    return run_timed([sys.executable, str(BENCH / "floor.py"), str(project / "content"), str(project / ".floor"), str(jobs)])


def clean_build(project: Path, trash: Path) -> Timed:
    for leftover in (project / ".cache", project / "output"):
        set_aside(leftover, trash)
    return run_timed([sys.executable, "-m", "generator", "--project", str(project), "build"])


def touch_one_meeting(project: Path, counter: int) -> tuple[Path, str]:
    path = sorted((project / "content").glob("*/*.md"))[len(list((project / "content").glob("*/*.md"))) // 2]
    if path.name.startswith("_"):
        path = sorted((project / "content").glob("*/2*.md"))[0]
    text = path.read_text(encoding="utf-8")
    # Words short enough that the page shows them as written: a long word gets soft hyphens
    # (render/typeset.py), and the serve measurement looks for the marker in the page.
    marker = f"Mätändring {counter}."
    repeat = 1
    while marker in text:  # an archive kept from an earlier run already holds this edit
        marker, repeat = f"Mätändring {counter}-{repeat}.", repeat + 1
    earlier = re.compile(r"(?:Mätändring|Benchmarkändring) [\d-]+\.")
    text = earlier.sub(marker, text) if earlier.search(text) else text.replace(
        "### Ärendebeskrivning\n\n", f"### Ärendebeskrivning\n\n{marker} ", 1)
    path.write_text(text, encoding="utf-8")
    return path, marker


GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org", "GIT_COMMITTER_NAME": "Bench",
           "GIT_COMMITTER_EMAIL": "bench@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git_commit(project: Path, message: str, when: str) -> None:
    """Commit everything in content/ (the archive is a repository, as an editor's is)."""
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    if not (project / ".git").exists():
        subprocess.run(["git", "init", "-q", "-b", "main"], cwd=project, env=env, check=True)
        (project / ".gitignore").write_text("output/\n.cache/\n.floor/\n.output*\n")
    subprocess.run(["git", "add", "-A"], cwd=project, env=env, check=True)
    subprocess.run(["git", "commit", "-q", "-m", message], cwd=project, env=env, check=True)


def restore_as_ci(project: Path, trash: Path) -> None:
    """What CI has before it builds a new commit: a fresh checkout (every file's mtime new) and
    .cache/ and output/ restored from its cache as copies (new inodes). Untimed."""
    for name in ("output", ".cache"):
        copy = project / f".{name.lstrip('.')}-restored"
        shutil.copytree(project / name, copy, symlinks=True)
        set_aside(project / name, trash)
        copy.rename(project / name)
    now = time.time()
    for path in (project / "content").rglob("*"):
        os.utime(path, (now, now))
    # A checkout writes git's index after the files, so its stat data matches them.
    subprocess.run(["git", "update-index", "-q", "--refresh"], cwd=project, env={**os.environ, **GIT_ENV}, check=False)


def rebuild(project: Path, counter: int, trash: Path) -> Timed:
    """CI's rebuild: one meeting edited and committed, cache and output restored."""
    # From the committed text: an edit a serve measurement left uncommitted could otherwise make
    # this edit write back exactly what is committed (then there is nothing to commit).
    subprocess.run(["git", "checkout", "-q", "--", "content"], cwd=project, env={**os.environ, **GIT_ENV}, check=True)
    touch_one_meeting(project, counter)
    # A date that keeps growing however many edits a kept archive has had (bench/rebuild.py).
    when = dt.datetime(2026, 1, 2, 12, tzinfo=dt.timezone(dt.timedelta(hours=1))) + dt.timedelta(hours=counter)
    git_commit(project, f"Mätändring {counter}", when.isoformat())
    restore_as_ci(project, trash)
    return run_timed([sys.executable, "-m", "generator", "--project", str(project), "build"])


def check_run(project: Path, trash: Path) -> Timed:
    """`minutes check` with no cache: what an editor's pre-commit check or a CI check job costs."""
    cache = project / ".cache"
    kept = project / ".cache-kept"
    cache.rename(kept)
    try:
        return run_timed([sys.executable, "-m", "generator", "--project", str(project), "check"])
    finally:
        set_aside(cache, trash)
        kept.rename(cache)


def daily_build(project: Path, counter: int, trash: Path) -> Timed:
    """CI's scheduled build on a later day with no new commit: only the date has changed."""
    restore_as_ci(project, trash)
    later = int(time.time()) + 86400 * (counter + 1)
    return run_timed([sys.executable, "-m", "generator", "--project", str(project), "build"],
                     env={**os.environ, "SOURCE_DATE_EPOCH": str(later)})


def serve_rebuild(project: Path, runs: int) -> list[float]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-u", "-m", "generator", "--project", str(project), "serve",
                               "--port", str(port)], cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    serving = threading.Event()

    def drain() -> None:
        # Read everything the server prints: a rebuild repeats the archive's warnings, and a
        # full pipe would block the server before it writes the page being waited for.
        for line in server.stdout:
            if "serving" in line:
                serving.set()
        serving.set()

    threading.Thread(target=drain, daemon=True).start()
    try:
        serving.wait()
        times = []
        for counter in range(runs):
            path, marker = touch_one_meeting(project, 1000 + counter)
            url = f"http://127.0.0.1:{port}/{path.parent.name}/{path.stem}.html"
            start = time.perf_counter()
            while True:
                with urllib.request.urlopen(url, timeout=30) as response:
                    if marker.encode() in response.read():
                        break
                time.sleep(0.01)
            times.append(time.perf_counter() - start)
            time.sleep(0.5)
        return times
    finally:
        server.terminate()
        server.wait(timeout=30)


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) if folder.exists() else 0


def page_weight(output: Path) -> int:
    """gzip bytes of one meeting page plus every CSS and JS file it references."""
    meeting = sorted((output.parent / "content").glob("*/2*.md"))[0]  # not a register's year page
    page = output / meeting.parent.name / f"{meeting.stem}.html"
    html = page.read_text(encoding="utf-8")
    total = len(gzip.compress(html.encode(), 9))
    for ref in re.findall(r'(?:href|src)="([^"]+\.(?:css|js))"', html):
        total += len(gzip.compress((page.parent / ref).read_bytes(), 9))
    return total


def query_bytes(output: Path) -> tuple[float, float]:
    """KB a browser transfers (gzip over http, as hosts serve) for a first search on the built
    site's search page and, median, for four later ones (bench/search_bench.py's queries)."""
    if not Path(CHROMIUM).exists():
        return float("nan"), float("nan")
    from playwright.sync_api import sync_playwright
    from search_bench import CHROMIUM_ARGS, measure as measure_queries, ours_first, ours_later, serve

    server, counter = serve(output)
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            first, later, _results = measure_queries(browser, f"http://127.0.0.1:{server.server_port}/", counter,
                                                     server.parts, ours_first, ours_later)
            browser.close()
    finally:
        server.shutdown()
    return first / 1024, statistics.median(later) / 1024


def measure(profile: str, size: int, runs: int, jobs: int, workdir: Path, trash: Path,
            peers_venv: Path | None = None) -> dict[str, object]:
    project = workdir / f"archive-{profile}-{size}"
    if not (project / "content").exists():
        generate(size, project, profile=profile)
    if not (project / ".git").exists():
        git_commit(project, "Arkivet", "2026-01-01T12:00:00+01:00")
    floors = [floor(project, jobs, trash) for _ in range(runs)]
    cleans = [clean_build(project, trash) for _ in range(runs)]
    rebuilds = [rebuild(project, n, trash) for n in range(runs)]
    dailies = [daily_build(project, n, trash) for n in range(runs)]
    checks = [check_run(project, trash) for _ in range(runs)]
    serves = serve_rebuild(project, runs)
    parses = [run_timed([sys.executable, str(BENCH / "parse_cpu.py"), str(project / "content")]) for _ in range(runs)]
    peers = {}
    if peers_venv is not None:
        for name, (command, cwd) in peer_commands(peers_venv, workdir / f"peers-{profile}-{size}", project).items():
            peers[name] = statistics.median(run_timed(command, cwd=cwd).wall for _ in range(runs))
    output = project / "output"
    typical = sorted(cleans, key=lambda run: run.wall)[len(cleans) // 2]
    return {
        "profile": profile,
        "meetings": size,
        "floor": statistics.median(run.wall for run in floors),
        "clean": typical.wall,
        "rebuild": statistics.median(run.wall for run in rebuilds),
        "daily": statistics.median(run.wall for run in dailies),
        "check": statistics.median(run.wall for run in checks),
        "serve": statistics.median(serves),
        "memory_mb": max(run.rss_kb for run in cleans) / 1024,
        "output_mb": folder_bytes(output) / 1e6,
        "index_mb": folder_bytes(output / "search") / 1e6,
        "page_kb": page_weight(output) / 1024,
        "query_kb": query_bytes(output),
        "floor_cpu": statistics.median(run.cpu for run in floors),
        "clean_cpu": statistics.median(run.cpu for run in cleans),
        "parse_cpu": statistics.median(float(run.output.split()[-1]) for run in parses),
        "stages": stage_timings(typical.output),
        "peers": peers,
    }


def stage_timings(summary: str) -> str:
    """'load 2.94s, validate 0.57s, ...' from the build's summary line."""
    found = re.search(r"\((load [^)]*)\)", summary)
    return found.group(1) if found else "?"


def use_bytecode(folder: Path) -> None:
    """Time the builds as an installed package runs: with its modules' bytecode (pip compiles
    it at install time, and Python writes it at first import). A machine with
    PYTHONDONTWRITEBYTECODE set would otherwise compile every module of every timed process
    from source, about 0.2 CPU-s a process. The bytecode goes to the work folder, not the
    source tree, and is made once before the first timed run."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    os.environ["PYTHONPYCACHEPREFIX"] = str(folder)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPO / "generator")], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=len(os.sched_getaffinity(0)))
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/minutes-bench"))
    parser.add_argument("--profiles", nargs="+", choices=PROFILES, default=list(PROFILES))
    parser.add_argument("--peers-venv", type=Path, help="a virtual environment with pelican and mkdocs "
                        "(bench/peers.py): their builds of the same Markdown as a reference line")
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    use_bytecode(args.workdir / "pycache")
    print("| profile | meetings | floor s | clean build s | clean / floor | rebuild 1 changed s | serve 1 changed s "
          "| peak MB | output MB | index MB | meeting page KB gz | first / later query KB gz |")
    print("|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    trash = args.workdir / ".trash"
    results = []
    for profile, size in [(profile, size) for profile in args.profiles for size in args.meetings]:
        r = measure(profile, size, args.runs, args.jobs, args.workdir, trash, args.peers_venv)
        results.append(r)
        print(f"| {r['profile']} | {r['meetings']} | {r['floor']:.2f} | {r['clean']:.2f} | {r['clean'] / r['floor']:.2f} "
              f"| {r['rebuild']:.2f} | {r['serve']:.2f} | {r['memory_mb']:.0f} | {r['output_mb']:.1f} "
              f"| {r['index_mb']:.1f} | {r['page_kb']:.1f} | {r['query_kb'][0]:.0f} / {r['query_kb'][1]:.0f} |",
              flush=True)
    print()
    print("| profile | meetings | check s | check / floor | daily build s | daily / clean |")
    print("|:---|---:|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['profile']} | {r['meetings']} | {r['check']:.2f} | {r['check'] / r['floor']:.2f} "
              f"| {r['daily']:.2f} | {r['daily'] / r['clean']:.2f} |")
    # Where the time goes: CPU seconds of every process, so the ratio does not depend on how
    # well either side keeps the cores busy; 'parse' is the build's own Markdown parsing alone.
    print()
    print("| profile | meetings | floor CPU s | clean CPU s | clean / floor CPU | parse CPU s | parse / floor CPU "
          "| clean build stages (wall, median run) |")
    print("|:---|---:|---:|---:|---:|---:|---:|:---|")
    for r in results:
        print(f"| {r['profile']} | {r['meetings']} | {r['floor_cpu']:.1f} | {r['clean_cpu']:.1f} | {r['clean_cpu'] / r['floor_cpu']:.2f} "
              f"| {r['parse_cpu']:.1f} | {r['parse_cpu'] / r['floor_cpu']:.2f} | {r['stages']} |")
    if args.peers_venv is not None:
        print()
        print("| profile | meetings | floor s | minutes clean s | Pelican s | MkDocs s |")
        print("|:---|---:|---:|---:|---:|---:|")
        for r in results:
            print(f"| {r['profile']} | {r['meetings']} | {r['floor']:.2f} | {r['clean']:.2f} "
                  f"| {r['peers']['Pelican']:.2f} | {r['peers']['MkDocs']:.2f} |")
    shutil.rmtree(trash, ignore_errors=True)


if __name__ == "__main__":
    main()
