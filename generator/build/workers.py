"""Model and render one meeting at a time: the part of the build that runs in parallel.

Parsing Markdown is most of a build's work, so each meeting is parsed once, in a worker process,
and its page rendered there too; only the page's bytes and the meeting without its page HTML
travel back. (Unchanged meetings never get here: the pipeline reuses their pages and summaries
from the last build. Full parsed meetings are not cached on disk: writing them costs a clean
build more than it saves the rare rebuild after a template change.)
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from generator.model.assemble import build_meeting
from generator.common.errors import Problem
from generator.model.domain import Meeting
from generator.render.site import OutputFile, SiteRenderer
from generator.search.documents import prepared_meeting
from generator.load.sources import SourceFile

# Below this many meetings, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 48


@dataclass(frozen=True)
class MeetingTask:
    source: SourceFile
    parse_key: str
    render: bool  # False: parse only (check, drafts, or a page reused from the last build)


@dataclass
class MeetingResult:
    rel: str
    parse_key: str
    meeting: Meeting  # without page HTML
    problems: list[Problem]
    page: str | None  # the page the worker wrote (path relative to the output folder), if any
    light_key: str  # hash of what other pages can show of this meeting (not its search text)


_renderer: SiteRenderer | None = None
_write: Callable[[OutputFile], str] | None = None


def _prepare(renderer: SiteRenderer | None, write: Callable[[OutputFile], str] | None) -> None:
    global _renderer, _write
    _renderer, _write = renderer, write


def process(task: MeetingTask) -> MeetingResult:
    """Parse one meeting and, with a renderer, write its page from this worker: pages do not
    travel back to the parent, which would pickle and write every one of them itself. A
    published meeting's search documents are analysed here too, where its text is.

    The cycle collector is paused meanwhile: a meeting's tokens and model are tens of thousands
    of container objects that die with it and form no cycles, and the collector would walk them
    over and over (a sixth of this function's time). The page's template does leave a few
    cycles behind (Jinja's macros and contexts), all made during this call, so collecting the
    youngest generation at the end frees them, and costs little: it holds only this call's
    survivors."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        meeting, problems = build_meeting(task.source)
        page = None
        if task.render and _renderer is not None and _write is not None and not any(p.is_error for p in problems):
            page = _write(_renderer.meeting(meeting))
        light = meeting.without_page_html()
        key = light_key(light)
        if page is not None:
            light = prepared_meeting(light, _renderer.archive, _renderer.config)  # type: ignore[union-attr]
        return MeetingResult(task.source.rel, task.parse_key, light, problems, page, key)
    finally:
        gc.collect(0)
        if enabled:
            gc.enable()


def split_search(meeting: Meeting) -> tuple[Meeting, Any]:
    """A meeting as lists and registers read it, and what only the search index reads of it: the
    build state keeps them apart (cache.BuildState), so a build that reuses the index never
    loads the second. The state does not look inside the payload."""
    return replace(meeting, plain_texts=(), search=None), (meeting.plain_texts, meeting.search)


def join_search(meeting: Meeting, payload: Any) -> Meeting:
    """The inverse of split_search."""
    plain_texts, search = payload
    return replace(meeting, plain_texts=plain_texts, search=search)


_LINE_NUMBERS = re.compile(r"line=\d+")


def light_key(light: Meeting) -> str:
    """What lists, registers and feeds can show of a meeting. Not its search text (the repr of a
    Meeting leaves plain_texts out), and not the line numbers its objects carry for error
    messages: an edit that only shifts lines must not re-render every register. Hashed as it is:
    digest() would copy and escape the whole repr once more."""
    text = _LINE_NUMBERS.sub("line=", repr(light))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def run_tasks(tasks: list[MeetingTask], renderer: SiteRenderer | None, jobs: int | None = None,
              write: Callable[[OutputFile], str] | None = None) -> Iterator[MeetingResult]:
    """Results in the order of the tasks (so output stays deterministic). The list is emptied as
    tasks are handed out, so each meeting's Markdown is freed once a worker has it."""
    jobs = jobs or default_jobs()
    if jobs <= 1 or len(tasks) < PARALLEL_THRESHOLD:
        _prepare(renderer, write)
        yield from map(process, _handed_out(tasks))
        return
    # fork shares the prepared renderer without pickling it; with other threads running
    # (`minutes serve`), forking is unsafe, so a fresh interpreter receives it instead.
    method = "fork" if threading.active_count() == 1 else "forkserver"
    context = multiprocessing.get_context(method)
    chunk = max(1, min(32, len(tasks) // (jobs * 8)))
    with context.Pool(jobs, initializer=_prepare, initargs=(renderer, write)) as pool:
        # The results are many small objects that live until the end of the build: collecting
        # cycles among them while they arrive finds none and costs more than the unpickling.
        gc.disable()
        try:
            yield from pool.imap(process, _handed_out(tasks), chunksize=chunk)
        finally:
            gc.enable()


def _handed_out(tasks: list[MeetingTask]) -> Iterator[MeetingTask]:
    for index in range(len(tasks)):
        task, tasks[index] = tasks[index], None  # type: ignore[call-overload]
        yield task




# Aggregate pages (home, bodies, registers, feeds): whole producers run in worker processes and
# write straight into the staging folder; only the written paths travel back.
_producers: list = []
_staging_writer = None


def _produce(index: int) -> tuple[int, list[str]]:
    assert _staging_writer is not None
    return index, [_staging_writer(file) for file in _producers[index]()]


def run_producers(producers: list, write, jobs: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """Run each producer of OutputFiles; `write(file) -> relative path` stores one file.
    Yields (producer index, the paths it wrote), for the caller's state and duplicate guard."""
    global _producers, _staging_writer
    jobs = jobs or default_jobs()
    _producers, _staging_writer = producers, write
    if jobs <= 1 or len(producers) < 2 or threading.active_count() > 1:
        for index in range(len(producers)):
            yield _produce(index)
        return
    with multiprocessing.get_context("fork").Pool(min(jobs, len(producers))) as pool:
        yield from pool.imap_unordered(_produce, range(len(producers)))
