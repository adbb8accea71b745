"""Model and render one meeting at a time: the part of the build that runs in parallel.

Parsing Markdown is most of a build's work, so each meeting is parsed once, in a worker process,
and its page rendered there too; only the meeting without its page HTML and its search payload
travel back. (Unchanged meetings never get here: the pipeline reuses their pages and summaries
from the last build. Full parsed meetings are not cached on disk: writing them costs a clean
build more than it saves the rare rebuild after a template change.)
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import TypeVar

from generator.build import keys
from generator.common.paths import SitePaths
from generator.common.pool import can_fork, collector_paused, default_jobs, map_in_turns, shared, workers
from generator.model.assemble import build_meeting
from generator.common.errors import InternalError, Problem
from generator.model.domain import Meeting
from generator.render.site import OutputFile, SiteRenderer
from generator.search.documents import SearchPayload, search_payload
from generator.load.header import MeetingHeader
from generator.load.sources import ContentFile, SourceFile, read_source
from generator.load.validate import MeetingFacts, meeting_facts, validate_meeting

# Below this many meetings, starting worker processes costs more than it saves.
PARALLEL_THRESHOLD = 48

T = TypeVar("T")


@dataclass(frozen=True)
class MeetingTask:
    source: SourceFile
    header: MeetingHeader  # validate_meeting's, made once in the parent
    parse_key: str
    render: bool  # False: parse only (check, drafts, or a page reused from the last build)
    # False: the search payload stays plain text, for a small plan's index patch (the renderer's
    # archive then holds one body, not the bodies the index numbers)
    prepare_search: bool = True


@dataclass
class MeetingResult:
    rel: str
    parse_key: str
    meeting: Meeting  # without page HTML
    search: SearchPayload  # its items' texts for the index, prepared where the page was rendered
    problems: list[Problem]
    page: str | None  # the page the worker wrote (path relative to the output folder), if any
    light_key: str  # hash of what other pages can show of this meeting (not its search text)


@dataclass(frozen=True)
class MeetingWork:
    """What every meeting task's worker shares (common.pool.shared)."""

    renderer: SiteRenderer | None
    write: Callable[[OutputFile], str] | None
    paths: SitePaths  # the site's, for the items' anchors


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
    work: MeetingWork = shared()
    # Paused already (a small plan renders in the build's own process, the collector paused
    # over it): the youngest generation then holds all the plan made since, the ledger
    # included, and a collection would walk it, for a few cycles that can wait.
    collect = gc.isenabled()
    with collector_paused():
        try:
            return _parse_and_render(task, work)
        except OSError:
            raise  # the machine's trouble (a full disk), not a bug: reported as it is
        except Exception as exc:  # a bug: name the file being made, never show a traceback
            raise InternalError(task.source.rel, f"{type(exc).__name__}: {exc}") from None
        finally:
            if collect:
                gc.collect(0)


def _parse_and_render(task: MeetingTask, work: MeetingWork) -> MeetingResult:
    parsed = build_meeting(task.source, task.header, work.paths)
    meeting, problems = parsed.meeting, parsed.problems
    page = None
    renderer = work.renderer
    if task.render and renderer is not None and work.write is not None and not any(p.is_error for p in problems):
        page = work.write(renderer.meeting(meeting))
    light = meeting.without_page_html()
    key = keys.light_key(light)
    if page is not None and renderer is not None and task.prepare_search:
        search = search_payload(light, parsed.plain_texts, renderer.archive, renderer.config)
    else:
        search = SearchPayload(parsed.plain_texts)
    return MeetingResult(task.source.rel, task.parse_key, light, search, problems, page, key)


def run_tasks(tasks: list[MeetingTask], renderer: SiteRenderer | None, jobs: int | None = None,
              write: Callable[[OutputFile], str] | None = None, *, paths: SitePaths) -> Iterator[MeetingResult]:
    """Results in the order of the tasks (so output stays deterministic). The list is emptied as
    tasks are handed out, so each meeting's Markdown is freed once a worker has it."""
    return _run(process, tasks, MeetingWork(renderer, write, paths), jobs)


def _run(function: Callable, tasks: list, work: object, jobs: int | None) -> Iterator:
    jobs = jobs or default_jobs()
    if len(tasks) < PARALLEL_THRESHOLD:
        jobs = 1
    chunk = _chunk_size(len(tasks), jobs)
    with workers(jobs, work) as pool:
        if pool is None:
            yield from map(function, _handed_out(tasks))
            return
        # The results are many small objects that live until the end of the build: collecting
        # cycles among them while they arrive finds none and costs more than the unpickling.
        with collector_paused():
            yield from pool.imap(function, _handed_out(tasks), chunksize=chunk)


def _chunk_size(tasks: int, jobs: int) -> int:
    """Tasks handed out at a time: few messages, and at least eight turns for each process."""
    return max(1, min(32, tasks // (jobs * 8)))


@dataclass(frozen=True)
class CheckTask:
    """`minutes check`'s task: one meeting file, read, validated and parsed where the task is
    run, so the meeting's text is never handed from process to process."""

    file: ContentFile
    language: str  # its body's content language (load.languages)


@dataclass
class CheckedMeeting:
    rel: str
    problems: list[Problem]  # reading and validating the file
    facts: MeetingFacts | None  # for the checks across files; None: the file could not be read
    draft: bool
    meeting: Meeting | None  # without HTML (build_meeting's html=False); None if its front matter has errors
    parse_problems: list[Problem]  # the Markdown's


# Container objects left over from `minutes check`'s meetings, with the collector paused, before
# they are collected. Parsing and modelling a meeting leaves no cycles as a rule (none in 1,000
# realistic and 1,000 uniform meetings), and a collection after each found nothing, at 1 % of
# the work; a rare cycle (an exception's traceback) waits for the next collection.
_CHECK_LEFTOVERS = 20_000


def check_meeting(task: CheckTask) -> CheckedMeeting:
    """What validate and the model make of one meeting file, as `minutes check` reports it."""
    work: MeetingWork = shared()
    file = task.file
    with collector_paused():
        try:
            source, problems = read_source(file.path, file.rel, "meeting", file.folder)
            if source is None:
                return CheckedMeeting(file.rel, problems, None, False, None, [])
            source = replace(source, language=task.language)
            header, found = validate_meeting(source)
            problems += found
            meeting, parsed = None, []
            if header is not None and not any(p.is_error for p in problems):
                model = build_meeting(source, header, work.paths, html=False)
                meeting, parsed = model.meeting, model.problems
            return CheckedMeeting(file.rel, problems, meeting_facts(source), source.data.get("status") == "utkast",
                                  meeting, parsed)
        except OSError:
            raise
        except Exception as exc:  # a bug: name the file, never show a traceback
            raise InternalError(file.rel, f"{type(exc).__name__}: {exc}") from None
        finally:
            if gc.get_count()[0] > _CHECK_LEFTOVERS:
                gc.collect(0)


def run_checks(tasks: list[CheckTask], jobs: int | None = None, *, paths: SitePaths) -> Iterator[CheckedMeeting]:
    """check_meeting of each task, in the order of the tasks. Where it can fork, this process
    checks meetings too, beside forked helpers (common.pool.map_in_turns): a check's results are
    the whole model of each meeting, and pickling them back from a pool cost an eighth of the
    check; this way only the helpers' share is pickled."""
    jobs = jobs or default_jobs()
    work = MeetingWork(None, None, paths)
    if jobs > 1 and len(tasks) >= PARALLEL_THRESHOLD and can_fork():
        with collector_paused():
            return iter(map_in_turns(check_meeting, tasks, jobs, _chunk_size(len(tasks), jobs), work))
    return _run(check_meeting, tasks, work, jobs)


def _handed_out(tasks: list[MeetingTask]) -> Iterator[MeetingTask]:
    for index in range(len(tasks)):
        task, tasks[index] = tasks[index], None  # type: ignore[call-overload]
        yield task


@dataclass(frozen=True)
class ProducerWork:
    """Aggregate pages (home, bodies, registers, feeds): whole producers run in worker processes
    and write straight into the staging folder; only the written paths travel back."""

    producers: list
    write: Callable


def _produce(index: int) -> tuple[int, list[str]]:
    work: ProducerWork = shared()
    return index, [work.write(file) for file in work.producers[index]()]


def run_producers(producers: list, write, jobs: int | None = None) -> Iterator[tuple[int, list[str]]]:
    """Run each producer of OutputFiles; `write(file) -> relative path` stores one file.
    Yields (producer index, the paths it wrote), for the caller's state and duplicate guard.
    Producers only fork: they share closures that do not pickle."""
    jobs = min(jobs or default_jobs(), len(producers))
    with workers(jobs, ProducerWork(producers, write), fork_only=True) as pool:
        if pool is None:
            for index in range(len(producers)):
                yield _produce(index)
            return
        yield from pool.imap_unordered(_produce, range(len(producers)))


@contextmanager
def beside(function: Callable[[], T], shared_value: object, parallel: bool) -> Iterator[Callable[[], T]]:
    """Run `function()`, which reads `shared_value` as shared(), in a forked worker while the
    caller's block does other work; the block calls the yielded `result()` to wait for its value.
    Without `parallel`, or where forking is unsafe, `result()` runs it here and then."""
    with workers(2 if parallel else 1, shared_value, fork_only=True) as pool:
        if pool is None:
            yield function
        else:
            pending = pool.apply_async(function)
            yield pending.get
