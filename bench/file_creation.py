"""How much slower creating files is right after deleting many, on this machine's file system.

    .venv/bin/python bench/file_creation.py [--files 10000] [--workdir /tmp/minutes-bench]

Creates N small files in a fresh folder, deletes them, and creates N again in another fresh
folder, twice. On ext4 without a journal the second and third rounds are several times slower:
the inode allocator skips inodes freed in the last minutes (one buffer lookup each). bench/run.py
therefore never deletes an output just before a timed build.
"""

from __future__ import annotations

import argparse
import shutil
import time
from pathlib import Path


def create(folder: Path, files: int) -> float:
    folder.mkdir(parents=True)
    start = time.perf_counter()
    for number in range(files):
        with open(folder / f"{number}.json.gz", "xb") as out:
            out.write(b"x" * 1300)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/minutes-bench"))
    args = parser.parse_args()
    root = args.workdir / "file-creation"
    shutil.rmtree(root, ignore_errors=True)
    for label in ("fresh", "after deleting", "after deleting again"):
        folder = root / label.replace(" ", "-")
        print(f"{label}: {args.files} files in {create(folder, args.files):.2f} s", flush=True)
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
