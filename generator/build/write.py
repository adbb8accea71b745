"""Write stage: every file goes into a staging folder beside output/, which then replaces output/
in one step. A failed or killed build leaves the last good site untouched, and pages of deleted
meetings disappear because the new site is written from scratch. The replaced site is deleted
while the build saves its state (removed_meanwhile); a kill before that is finished leaves it to
the next build's cleanup, never in output/.

A small plan (generator/build/plan.py) changes a handful of files, and copying a whole site of
tens of thousands of files for that would cost more than the rest of its work: DeltaOutput
stages just those files, writes a journal naming them, then moves each into place. A build
killed while moving is completed by the next one (roll forward), so the site is never left
half-changed for longer than that.

Both are sinks of one interface (Sink): the pipeline and its workers write through either alike.
"""

from __future__ import annotations

import errno
import fcntl
import base64
import json
import os
import shutil
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import Protocol

from generator.common.atomic import atomic_write
from generator.render.site import OutputFile, StreamedFile
from generator.common.libc import errno as libc_errno, libc

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


class WriteError(Exception):
    pass


class BuildLocked(WriteError):
    pass


@contextmanager
def build_lock(output: Path) -> Iterator[None]:
    """One build at a time per output folder; a second one is refused with a clear message.
    Whoever holds the lock first clears what a killed build left beside output/ (no other build
    can be using it then), so a build that ends up writing nothing still leaves no stray folder."""
    output.parent.mkdir(parents=True, exist_ok=True)
    lock_path = output.parent / f".{output.name}.lock"
    with open(lock_path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(f"another build is writing {output} right now; wait for it to finish.") from None
        try:
            _clean_leftovers(output)
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where the system cannot."""
    renameat2 = getattr(libc(), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    if result == 0:
        return True
    if libc_errno() in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(libc_errno(), f"cannot swap {a} and {b}")


def _clean_leftovers(output: Path) -> None:
    """Finish the moves of a small plan's build that was killed; remove staging folders of builds that
    were killed; restore output/ if a swap was cut short."""
    for journal in sorted(output.parent.glob(f".{output.name}.journal-*")):
        _apply_journal(output, journal)
    for unfinished in output.parent.glob(f".{output.name}.tmp-*"):
        unfinished.unlink(missing_ok=True)  # a journal killed before it was complete
    for leftover in sorted(output.parent.glob(f".{output.name}.*")):
        if leftover.is_dir() and leftover.name.startswith((f".{output.name}.staging-", f".{output.name}.old-",
                                                           f".{output.name}.delta-")):
            if leftover.name.startswith(f".{output.name}.old-") and not output.exists():
                leftover.rename(output)  # killed between the two renames of the fallback swap
                continue
            shutil.rmtree(leftover, ignore_errors=True)


def _write_content(handle, file: OutputFile | StreamedFile) -> None:
    if isinstance(file, OutputFile):
        handle.write(file.content)
        return
    # Encoded a batch at a time (one encode per chunk costs more), of at most about a MB: a
    # streamed file's chunks may be whole records of 10 KB (the archive's JSON).
    batch: list[str] = []
    size = 0
    for chunk in file.chunks:
        batch.append(chunk)
        size += len(chunk)
        if size >= 1 << 20 or len(batch) == 4096:
            handle.write("".join(batch).encode("utf-8"))
            batch.clear()
            size = 0
    handle.write("".join(batch).encode("utf-8"))


def _check_relative(relative: str) -> None:
    if not relative or relative.startswith("/") or ".." in relative.split("/"):
        raise WriteError(f"refusing to write outside the output folder: {relative}")


def _safe_target(staging: Path, relative: str) -> Path:
    _check_relative(relative)
    return staging.joinpath(*PurePosixPath(relative).parts)


class Sink(Protocol):
    """Where a build's files go. `staging` is a folder writers may fill themselves (the search
    index), then account for with `adopt_relative`; nothing reaches output/ before `commit`,
    which returns how many files it changed."""

    staging: Path

    def write_unclaimed(self, file: OutputFile | StreamedFile) -> str: ...

    def adopt_relative(self, relatives: Iterable[str]) -> None: ...

    def commit(self) -> int: ...


def _write_new(staging: Path, folders: set[str], file: OutputFile | StreamedFile) -> str:
    target = _safe_target(staging, file.path)
    folder = os.path.dirname(target)  # each folder made once
    if folder not in folders:
        os.makedirs(folder, exist_ok=True)
        folders.add(folder)
    try:
        with open(target, "xb") as handle:  # "x": a path written twice is an error, even across workers
            _write_content(handle, file)
    except FileExistsError:
        raise WriteError(f"two pages want the same output path: {file.path}") from None
    return file.path


class StagedOutput:
    """A new site being written beside output/. Nothing is visible until `commit`; an exception
    (or a kill) before then leaves output/ as it was. Unchanged files can be hard-linked from the
    current site instead of written again, which keeps rebuilds after small changes cheap."""

    def __init__(self, output: Path):
        self.output = output.absolute()
        self.staging = self.output.parent / f".{self.output.name}.staging-{os.getpid()}"
        self.written: dict[str, None] = {}  # every path of the new site, in the order accounted for
        self._folders: set[str] = set()
        self.previous: Path | None = None  # after `commit`: the folder holding the replaced site

    def __enter__(self) -> "StagedOutput":
        _clean_leftovers(self.output)
        self.staging.mkdir()
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is not None:
            shutil.rmtree(self.staging, ignore_errors=True)

    def _claim(self, relative: str) -> Path:
        if relative in self.written:
            raise WriteError(f"two pages want the same output path: {relative}")
        self.written[relative] = None
        target = _safe_target(self.staging, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write(self, file: OutputFile | StreamedFile) -> None:
        with open(self._claim(file.path), "wb") as handle:
            _write_content(handle, file)

    def write_bytes(self, relative: str, content: bytes) -> None:
        self._claim(relative).write_bytes(content)

    def reuse(self, relative: str) -> bool:
        """Hard-link `relative` from the current site; False when it is not there to reuse.

        Plain os calls on strings, not pathlib: a rebuild links tens of thousands of files."""
        if relative in self.written:
            raise WriteError(f"two pages want the same output path: {relative}")
        _check_relative(relative)
        previous = os.path.join(self.output, relative)
        target = os.path.join(self.staging, relative)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        try:
            os.link(previous, target)
        except FileNotFoundError:
            return False
        except OSError:
            if not os.path.isfile(previous):
                return False
            shutil.copy2(previous, target)
        self.written[relative] = None
        return True

    def write_unclaimed(self, file: OutputFile | StreamedFile) -> str:
        """Write a file without recording it: for worker processes, whose parent then calls
        `adopt_relative` with what they wrote."""
        return _write_new(self.staging, self._folders, file)

    def adopt(self, paths: Iterable[Path]) -> None:
        """Account for files a writer put into the staging folder itself (the search index)."""
        self.adopt_relative(path.relative_to(self.staging).as_posix() for path in paths)

    def adopt_relative(self, relatives: Iterable[str]) -> None:
        for relative in relatives:
            if relative in self.written:
                raise WriteError(f"two writers want the same output path: {relative}")
            self.written[relative] = None

    def commit(self) -> int:
        """Publish the new site. The replaced one is left in `previous`, for the caller to delete
        (removed_meanwhile); a build killed before that leaves it to the next build's cleanup."""
        self.previous = publish(self.staging, self.output)
        return len(self.written)


def publish(staging: Path, output: Path) -> Path | None:
    """Put the staging folder in output's place, atomically where the system allows. Returns
    the folder that now holds the previous site (named like a leftover, see _clean_leftovers)."""
    if not output.exists():
        staging.rename(output)
        return None
    if _exchange(staging, output):
        return staging  # after the exchange, staging holds the old site
    old = output.parent / f".{output.name}.old-{os.getpid()}"
    output.rename(old)
    staging.rename(output)
    return old


@contextmanager
def removed_meanwhile(folder: Path | None) -> Iterator[None]:
    """Delete `folder` in a thread while the body runs, and wait for it at the end. Deleting a
    replaced site of tens of thousands of files is system calls (the thread does not hold the
    GIL in them), so it overlaps with the build's last Python work: saving its state."""
    if folder is None:
        yield
        return
    remover = threading.Thread(target=shutil.rmtree, args=(folder,), kwargs={"ignore_errors": True},
                               name="remove the replaced site")
    remover.start()
    try:
        yield
    finally:
        remover.join()


class DeltaOutput:
    """Files that replace their namesakes in output/ (or join it), and files to delete from it.
    Nothing in output/ changes until `commit`; an exception before then leaves it as it was."""

    def __init__(self, output: Path):
        self.output = output.absolute()
        self.staging = self.output.parent / f".{self.output.name}.delta-{os.getpid()}"
        self.written: list[str] = []
        self.removed: list[str] = []
        self.edits: list[tuple[str, int, bytes]] = []
        self._folders: set[str] = set()

    def __enter__(self) -> "DeltaOutput":
        _clean_leftovers(self.output)
        self.staging.mkdir()
        return self

    def __exit__(self, kind, value, traceback) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)

    def write_bytes(self, relative: str, content: bytes | Sequence[bytes | memoryview]) -> None:
        """`content`: the bytes, or pieces of them (a large file patched without copying it)."""
        target = _safe_target(self.staging, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as out:
            out.writelines((content,) if isinstance(content, bytes) else content)
        self.written.append(relative)

    def write_unclaimed(self, file: OutputFile | StreamedFile) -> str:
        """As StagedOutput.write_unclaimed: the caller then adopts the path."""
        return _write_new(self.staging, self._folders, file)

    def adopt_relative(self, relatives: Iterable[str]) -> None:
        """Account for files a writer put into the staging folder itself (the search index)."""
        for relative in relatives:
            _check_relative(relative)
            self.written.append(relative)

    def remove(self, relative: str) -> None:
        _check_relative(relative)
        self.removed.append(relative)

    def edit_in_place(self, relative: str, offset: int, content: bytes) -> None:
        """Overwrite bytes of a file in output/ at `offset` (same length): for a large file of
        which a few bytes change (the archive's JSON). Its only link must be output/'s."""
        _check_relative(relative)
        self.edits.append((relative, offset, content))

    def commit(self) -> int:
        if len(set(self.written)) != len(self.written):
            raise WriteError("two pages want the same output path")
        plan = json.dumps({"staging": self.staging.name, "replace": sorted(self.written),
                           "remove": sorted(self.removed),
                           "edit": [[r, o, base64.b64encode(c).decode("ascii")] for r, o, c in self.edits]})
        journal = self.output.parent / f".{self.output.name}.journal-{os.getpid()}"
        atomic_write(journal, lambda out: out.write(plan.encode("utf-8")), durable=True)
        _apply_journal(self.output, journal)
        return len(self.written) + len(self.removed) + len({r for r, _, _ in self.edits})


def _apply_journal(output: Path, journal: Path) -> None:
    """Move a small plan's staged files into output/ and delete what it removed; every step can
    be repeated, so a journal interrupted at any point is completed by applying it again."""
    try:
        plan = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        journal.unlink(missing_ok=True)  # never completed writing: nothing was moved yet
        return
    staging = output.parent / plan["staging"]
    for relative in plan["replace"]:
        source = _safe_target(staging, relative)
        if source.exists():  # already moved by an earlier, interrupted attempt otherwise
            target = _safe_target(output, relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    for relative, offset, content in plan.get("edit", ()):  # writing the same bytes again is harmless
        with open(_safe_target(output, relative), "r+b") as target:
            target.seek(offset)
            target.write(base64.b64decode(content))
    for relative in plan["remove"]:
        _safe_target(output, relative).unlink(missing_ok=True)
    journal.unlink()
    shutil.rmtree(staging, ignore_errors=True)
