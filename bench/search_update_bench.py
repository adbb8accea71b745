"""The index stage alone: a clean write_index (time, memory) and update_search_index after edits.

    .venv/bin/python bench/search_update_bench.py --project /tmp/s10000 [--verify]

Loads the archive's search documents (`minutes check`'s archive with the texts a build gives its
items, bench/search_texts.py; not timed), writes the
whole index with the analysis cache (timed; peak RSS of this process during the write, read from
/proc after resetting it, and of the largest worker, which includes the workers of `check`),
then applies edits of one meeting with update_search_index, each timed on its own (imports done
before): one sentence added to an item (as bench/run.py's rebuild does), a new word, a changed
title, a changed status; then --edits random one-sentence edits of random meetings. With --verify
each result is compared with a clean write_index of the same documents (slow at 10,000 meetings).
"""

from __future__ import annotations

import argparse
import gzip
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from generator.load.config import load_config
from generator.search import SearchDocument, update_search_index
from generator.search.writer import write_index
from search_texts import documents_with_texts


def memory(key: str) -> int:
    """A VmRSS / VmHWM line of /proc/self/status, in MB."""
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(key):
                return int(line.split()[1]) // 1024
    return 0


def apply(site: Path, staging: Path, delta) -> None:
    for relative in delta.removed:
        (site / relative).unlink()
    for relative in delta.written:
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(staging / relative, site / relative)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, required=True, help="an archive, e.g. from bench/synth.py")
    parser.add_argument("--verify", action="store_true", help="compare every update with a clean build")
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--edits", type=int, default=20, help="random one-sentence edits after the fixed ones")
    args = parser.parse_args()

    config = load_config(args.project)
    documents = documents_with_texts(config)
    if not documents:
        raise SystemExit(f"{args.project}: no search documents")
    work = Path(tempfile.mkdtemp(prefix="search-update-bench-"))
    site, cache = work / "site", work / "cache"
    before = memory("VmRSS")
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")  # resets VmHWM to the current RSS
    start = time.perf_counter()
    write_index(documents, site, jobs=args.jobs, cache_dir=cache)
    seconds = time.perf_counter() - start
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(f"{len(documents)} documents; clean write_index {seconds:.2f} s; RSS before {before} MB, "
          f"peak {memory('VmHWM')} MB (+{memory('VmHWM') - before} MB); largest worker {workers} MB")

    by_meeting: dict[str, list[SearchDocument]] = {}
    for document in documents:
        by_meeting.setdefault(document.ref.split("#")[0], []).append(document)
    pages = sorted(by_meeting)
    page = pages[len(pages) // 2]
    edits = [
        ("one sentence added", lambda d, n: replace(d, text=f"Benchmarkändring {n}. {d.text}") if n == 0 else d),
        ("a new word", lambda d, n: replace(d, text=f"{d.text} Nyordbench{n}.") if n == 0 else d),
        ("a changed title", lambda d, n: replace(d, title=d.title + " (ändrad)") if n == 1 else d),
        ("a changed status", lambda d, n: replace(d, status="justerat" if d.status == "ojusterat" else "ojusterat")),
    ]
    for number, (name, edit) in enumerate(edits):
        changed = [edit(document, position) for position, document in enumerate(by_meeting[page])]
        by_meeting[page] = changed
        staging = work / f"staging-{number}"
        start = time.perf_counter()
        delta = update_search_index(changed, site / "search", staging, cache)
        milliseconds = (time.perf_counter() - start) * 1000
        if delta is None:
            print(f"{name}: no update possible")
            continue
        apply(site, staging, delta)
        terms = sum(1 for path in delta.written if path.startswith("search/terms/"))
        print(f"{name}: update_search_index {milliseconds:.0f} ms; {len(delta.written)} files written "
              f"({terms} term shards), {len(delta.removed)} removed")
        if args.verify:
            clean = work / f"clean-{number}"
            write_index([d for p in pages for d in by_meeting[p]], clean, jobs=args.jobs)
            differing = [p for p in sorted((clean / "search").rglob("*")) if p.is_file()
                         and p.read_bytes() != (site / p.relative_to(clean)).read_bytes()]
            extra = {p.relative_to(site) for p in (site / "search").rglob("*") if p.is_file()} - {
                p.relative_to(clean) for p in (clean / "search").rglob("*") if p.is_file()}
            print(f"  equals a clean build: {not differing and not extra}")
            shutil.rmtree(clean)
    rng = random.Random(7)
    times, renumbered = [], 0
    for number in range(args.edits):
        page = rng.choice(pages)
        item = rng.randrange(len(by_meeting[page]))
        changed = [replace(d, text=f"Benchmarkändring {number}. {d.text}") if position == item else d
                   for position, d in enumerate(by_meeting[page])]
        by_meeting[page] = changed
        staging = work / f"staging-random-{number}"
        start = time.perf_counter()
        delta = update_search_index(changed, site / "search", staging, cache)
        times.append((time.perf_counter() - start) * 1000)
        apply(site, staging, delta)
        renumbered += sum(path.startswith("search/terms/") for path in delta.written) > 10
    if times:
        times.sort()
        print(f"{args.edits} random one-sentence edits: median {statistics.median(times):.0f} ms, "
              f"max {times[-1]:.0f} ms; {renumbered} renumbered the shards after them")
    size = sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file())
    shards = len(list((site / "search" / "terms").iterdir()))
    print(f"index {size / 1e6:.1f} MB, {shards} term shards; manifest "
          f"{len(gzip.decompress((site / 'search' / 'index.json.gz').read_bytes())) / 1000:.0f} KB before gzip")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
