"""The build, top to bottom: load, validate, model, render, index, write.

    sources  = load_sources(...)                 read every file, split front matter
    problems = validate(sources)                 schemas and cross-file checks
    headers  = assemble(sources, headers)        the archive as the front matter describes it
    meetings = run_tasks(...)                    parse each meeting once and render its page,
                                                 in parallel, reusing cached work
    archive  = assemble(sources, meetings)       everything else: home, bodies, registers, index
    commit                                       staging folder swapped in for output/

Everything is checked before the new site becomes visible: a content error raises BuildFailed
and output/ stays as it was, even though pages were already being written to the staging folder.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from generator.model.assemble import assemble, meeting_header
from generator.build.cache import BuildCache, BuildState, digest
from generator.load.config import SiteConfig
from generator.common.errors import BuildFailed, Problem
from generator.build.workers import (
    PARALLEL_THRESHOLD,
    MeetingResult,
    MeetingTask,
    join_search,
    run_producers,
    run_tasks,
    split_search,
)
from generator.model.domain import Archive
from generator.build.progress import NoProgress, Progress
from generator.publish import publication_warnings
from generator.publish.history import git_head
from generator.build.quick import make_ledger, quick_build
from generator.render.registers import register_problems
from generator.render.site import SiteRenderer, asset_files
from generator.search.documents import write_index
from generator.load.sources import SourceFile, load_sources, scan_content
from generator.load.validate import validate
from generator.build.write import StagedOutput, build_lock, removed_meanwhile


@dataclass
class BuildReport:
    problems: list[Problem]
    archive: Archive | None = None
    files_written: int = 0
    pages_rendered: int = 0
    pages_reused: int = 0
    groups_rendered: list[str] = field(default_factory=list)  # page groups not reused (see _render_pages)
    timings: dict[str, float] = field(default_factory=dict)
    quick: bool = False  # built by the quick path (generator/build/quick.py)
    counts: tuple[int, int] = (0, 0)  # meetings, bodies (when there is no archive to count)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def summary(self) -> str:
        stages = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in self.timings.items())
        meetings, bodies = (len(self.archive.meetings), len(self.archive.bodies)) if self.archive else self.counts
        counts = f"{_plural(meetings, 'meeting')}, {_plural(bodies, 'body', 'bodies')}" if meetings or bodies else "nothing"
        reuse = f", {self.pages_reused} meeting pages unchanged" if self.pages_reused else ""
        return f"{counts}; {self.files_written} files written{reuse} ({stages})"


def _plural(count: int, one: str, many: str = "") -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


@contextmanager
def _timed(report: BuildReport, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    report.timings[stage] = report.timings.get(stage, 0.0) + time.perf_counter() - start


def _load_and_validate(config: SiteConfig, report: BuildReport,
                       memo: dict | None = None) -> tuple[list[SourceFile], set[str]]:
    with _timed(report, "load"):
        sources, problems = load_sources(config.content_path, config.project_dir, memo)
        report.problems.extend(problems)
    with _timed(report, "validate"):
        report.problems.extend(validate(sources))
    broken = {p.location.path for p in report.problems if p.is_error}
    return [s for s in sources if s.rel not in broken], broken


def check(config: SiteConfig, jobs: int | None = None, use_cache: bool = True) -> BuildReport:
    """Load, validate and model the content; write nothing."""
    report = BuildReport(problems=[])
    sources, _ = _load_and_validate(config, report)
    cache = BuildCache(config, enabled=use_cache)
    tasks = [MeetingTask(s, cache.parse_key(s.digest, s.rel), render=False) for s in sources if s.kind == "meeting"]
    with _timed(report, "model"):
        meetings = []
        for result in run_tasks(tasks, None, jobs):
            meetings.append(result.meeting)
            report.problems.extend(result.problems)
        if not report.errors:
            report.archive = assemble(sources, meetings)
            report.problems.extend(archive_problems(report.archive, config))
    report.problems.sort()
    return report


def _return_freed_memory() -> None:
    """Hand the memory of the sources just let go of back to the system. glibc keeps freed blocks
    mapped, and the page-group and index workers are forked from this process: each would start
    with them in its resident set."""
    library = ctypes.util.find_library("c")
    trim = getattr(ctypes.CDLL(library), "malloc_trim", None) if library else None
    if trim is not None:
        trim(0)


def archive_problems(archive: Archive, config: SiteConfig) -> list[Problem]:
    """Checks that need the whole archive: names against the people registry, attachments,
    approved minutes changed after approval (git history)."""
    return [*register_problems(archive, config), *publication_warnings(archive, config)]


def build(config: SiteConfig, jobs: int | None = None, use_cache: bool = True,
          progress: Progress | None = None) -> BuildReport:
    """Build the site into config.output_path; raise BuildFailed (output untouched) on errors."""
    report = BuildReport(problems=[])
    progress = progress or NoProgress()
    with build_lock(config.output_path.absolute()):
        cache = BuildCache(config, enabled=use_cache)
        quick = quick_build(config, cache, report.timings)
        if quick is not None:
            report.problems, report.quick = quick.problems, True
            report.pages_rendered, report.pages_reused = quick.pages_rendered, quick.pages_reused
            report.files_written, report.counts = quick.files_written, (quick.meetings, quick.bodies)
            return report
        cache.forget_ledger()  # from here on output/ may change
        stats = scan_content(config.content_path, config.project_dir) if use_cache else None  # before reading
        head = git_head(config) if use_cache else None
        state = cache.state()
        dirty = cache.dirty()
        for rel in dirty:
            state.summaries.pop(rel, None)  # neither its page nor its search documents are reused
        if dirty:
            state.search_key = ""
        memo = cache.front_matter()
        remembered = set(memo)
        sources, _ = _load_and_validate(config, report, memo)
        if report.errors:
            raise BuildFailed(report.problems)
        # Memory: from here on the sources are let go of as soon as they are handed to a worker
        # (the meetings' Markdown is most of an archive's size), and the memo is on disk.
        used = {s.front_matter_key for s in sources}
        if used != remembered:  # the daily build's front matter is the same as yesterday's
            cache.save_front_matter({k: v for k, v in memo.items() if k in used})
        digests = {s.rel: s.digest for s in sources}
        others = [s for s in sources if s.kind != "meeting"]
        meeting_sources = [s for s in sources if s.kind == "meeting"]
        del sources, memo, used
        with StagedOutput(config.output_path) as stage:
            archive, new_state, header_archive = _build_meetings(config, others, meeting_sources, cache, state,
                                                                 stage, report, jobs, progress)
            previous_pieces = replace(state, summaries={}, search={})  # for the search payloads not in memory
            state.summaries.clear()
            state.search.clear()
            _return_freed_memory()
            report.problems.extend(archive_problems(archive, config))
            if report.errors:
                raise BuildFailed(report.problems)
            progress.start("pages")
            with _timed(report, "render"):
                report.groups_rendered = _render_pages(SiteRenderer(archive, config), cache, state, new_state, stage, jobs)
                for file in asset_files(config):
                    stage.write(file)
            progress.start("search index")
            with _timed(report, "index"):
                _write_search_index(archive, cache, new_state, stage, config)
            progress.start("publishing")
            with _timed(report, "write"):
                report.files_written = stage.commit()
            progress.finish()
        with removed_meanwhile(stage.previous):
            cache.save_state(new_state, previous_pieces)
            cache.clear_dirty()
            report.problems.sort()
            ledger = make_ledger(config, cache, stats, digests, new_state, header_archive, archive, report.problems, head)
            if ledger is not None:
                cache.save_ledger(ledger)
                cache.forget_feeds_except(ledger.feeds)
    report.archive = archive
    return report


def _build_meetings(config: SiteConfig, others: list[SourceFile], meeting_sources: list[SourceFile],
                    cache: BuildCache, state: BuildState, stage: StagedOutput, report: BuildReport,
                    jobs: int | None, progress: Progress) -> tuple[Archive, BuildState, Archive]:
    """Parse and render every meeting (reusing what the last build made where nothing changed).
    Returns the archive of meetings without page HTML, for the other pages and the index, and
    the state the next build will compare against, and the archive of headers the pages were
    rendered with."""
    with _timed(report, "model"):
        headers = {s.rel: meeting_header(s) for s in meeting_sources}
        header_archive = assemble(others, list(headers.values()))
        renderer = SiteRenderer(header_archive, config)
        renderer.env.bytecode_cache = cache.template_cache()  # filled here for the quick path
    new_state = BuildState(render_fingerprint=cache.render)
    tasks: list[MeetingTask] = []
    reused: list[MeetingResult] = []
    with _timed(report, "meetings"):
        parse_keys = {s.rel: cache.parse_key(s.digest, s.rel) for s in meeting_sources}
        # A summary of another parse key (its file or the generator changed) can never be reused:
        # let go of it now, and never load its search payload. After a generator upgrade that is
        # every summary, and holding them beside the new results took the build over 1 GB.
        for rel in [rel for rel, summary in state.summaries.items() if parse_keys.get(rel) != summary[0]]:
            del state.summaries[rel]
        new_state.search_key = _search_key(cache, header_archive, parse_keys)
        index_reused = _reuse_search_index(cache, state, new_state, stage)
        if not index_reused:
            cache.load_search(state, state.summaries)  # the index is written again: it reads every text
        for source in meeting_sources:
            header = headers[source.rel]
            parse_key = parse_keys[source.rel]
            published = header.status != "utkast"
            page_key = digest(cache.render, parse_key, renderer.meeting_page_inputs(header)) if published else ""
            summary = state.summaries.get(source.rel)
            search = (parse_key, None) if index_reused else state.search.get(source.rel)
            if (cache.enabled and summary and summary[0] == parse_key and published and search
                    and search[0] == parse_key and state.pages.get(header.url) == page_key
                    and stage.reuse(header.url)):
                meeting = summary[1] if index_reused else join_search(summary[1], search[1])
                reused.append(MeetingResult(source.rel, parse_key, meeting, list(summary[2]), None, summary[3]))
                new_state.summaries[source.rel] = summary
                if not index_reused:
                    new_state.search[source.rel] = search
                new_state.pages[header.url] = page_key
                report.pages_reused += 1
                continue
            tasks.append(MeetingTask(source, parse_key, render=published))
            if published:
                new_state.pages[header.url] = page_key
        meeting_sources.clear()  # the tasks hold them now, until each is sent (run_tasks)
        results = list(reused)
        progress.start("meetings", len(tasks))
        for result in run_tasks(tasks, renderer, jobs, stage.write_unclaimed):
            progress.advance()
            if result.page is not None:
                stage.adopt_relative([result.page])
                report.pages_rendered += 1
            results.append(result)
        for position, result in enumerate(results):
            report.problems.extend(result.problems)
            if position >= len(reused):  # parsed by a worker: the light meeting and its search payload
                light, search = split_search(result.meeting)
                new_state.summaries[result.rel] = (result.parse_key, light, tuple(result.problems), result.light_key)
                new_state.search[result.rel] = (result.parse_key, search)
        if report.errors:
            raise BuildFailed(report.problems)
        return assemble(others, [r.meeting for r in results]), new_state, header_archive


def _render_pages(renderer: SiteRenderer, cache: BuildCache, state: BuildState, new_state: BuildState,
                  stage: StagedOutput, jobs: int | None) -> list[str]:
    """Home, bodies, registers, feeds and data: each group is reused from the last build when
    nothing it reads changed (a typical edit changes one meeting's text, not its decisions).
    Returns the names of the groups rendered."""
    archive = renderer.archive
    archive_key = digest(cache.render, renderer.config.build_date,  # past-due actions, the notice board, ...
                         [s[3] for _, s in sorted(new_state.summaries.items())], archive.bodies, archive.people)
    inputs = renderer.producer_inputs()
    to_run: list[tuple[str, object, str]] = []
    for name, producer in renderer.page_producers().items():
        key = digest(archive_key, inputs[name])
        previous = state.producers.get(name)
        if (cache.enabled and previous and previous[0] == key
                and all((stage.output / f).is_file() for f in previous[1])):
            for relative in previous[1]:
                stage.reuse(relative)
            new_state.producers[name] = previous
        else:
            to_run.append((name, producer, key))
    parallel = jobs != 1 and len(archive.meetings) >= PARALLEL_THRESHOLD
    producers = [producer for _, producer, _ in to_run]
    for index, paths in run_producers(producers, stage.write_unclaimed, jobs if parallel else 1):
        stage.adopt_relative(paths)
        name, _, key = to_run[index]
        new_state.producers[name] = (key, tuple(sorted(paths)))
    return sorted(name for name, _, _ in to_run)


def _search_key(cache: BuildCache, header_archive: Archive, parse_keys: dict[str, str]) -> str:
    """The index depends on every published meeting. A meeting's search documents follow from
    its file and the generator's code, which its parse key already hashes, so the key is made of
    parse keys, not of the texts themselves: it is known before any meeting is parsed."""
    return digest(cache.code, [(m.ref, m.status, parse_keys[m.location.path]) for m in header_archive.meetings],
                  [(b.slug, b.name, b.organisation) for b in header_archive.bodies])


def _reuse_search_index(cache: BuildCache, state: BuildState, new_state: BuildState, stage: StagedOutput) -> bool:
    """Link the last build's index into the new site when its key is the same (new_state.search_key
    set); decided before the meetings, so a build that reuses it loads none of their search texts."""
    previous = stage.output
    if not (cache.enabled and new_state.search_key == state.search_key and state.search_files
            and all((previous / f).is_file() for f in state.search_files)):
        return False
    for relative in state.search_files:
        stage.reuse(relative)
    new_state.search_files = state.search_files
    return True


def _write_search_index(archive: Archive, cache: BuildCache, new_state: BuildState, stage: StagedOutput,
                        config: SiteConfig | None = None) -> None:
    """Write the index unless _reuse_search_index took the last one; the archive's meetings then
    carry their search payloads (the meetings stage loaded or parsed them)."""
    if new_state.search_files:
        return
    previous = stage.output
    reused: list[str] = []

    def reuse(relative: str) -> bool:  # files whose bytes would not change: hard links
        linked = cache.enabled and stage.reuse(relative)
        if linked:
            reused.append(relative)
        return linked

    written = write_index(archive, stage.staging, previous=previous / "search", reuse=reuse,
                          cache_dir=cache.root if cache.enabled else None, config=config)
    stage.adopt(written)
    new_state.search_files = tuple(sorted([*(p.relative_to(stage.staging).as_posix() for p in written), *reused]))
