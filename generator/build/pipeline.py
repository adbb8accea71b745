"""The build, top to bottom: plan, load, validate, model, render, index, write.

    plan     = make_plan(config, cache)           stat and git against the last build's ledger
    small plan: the changed meetings are parsed and rendered again, the search index and the
                publication files patched, the rest left in place (DeltaOutput, a journal)
    full plan:
    sources  = load_sources(...)                  read every file, split front matter
    problems, headers = validate(sources)         schemas and cross-file checks; each meeting's
                                                  header, made once from its front matter
    header_archive = assemble(sources, ...)       the archive as the headers describe it
    meetings = run_tasks(...)                     parse each meeting once and render its page,
                                                  in parallel, reusing what the keys allow
    archive  = assemble(sources, meetings)        everything else: home, bodies, registers, index
    sitemap, commit                               the sitemap of what was written; the staging
                                                  folder swapped in for output/

Both plans parse and render a meeting with the same task (workers.process), key its page with the
same formula (keys.page_key), check it with the same archive checks and write through a sink of
the same interface (write.Sink). Everything is checked before the new site becomes visible: a
content error raises BuildFailed and output/ stays as it was.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from generator.build import keys
from generator.build.cache import BuildCache
from generator.build.plan import Plan, Step, ledger_after_build, make_plan, output_sentinel
from generator.model import people
from generator.model.people import NameSuggestions, name_suggestions
from generator.common.messages import cli_text, count
from generator.build.progress import NoProgress, Progress
from generator.build.state import BuildState, Ledger, MeetingRecord, MeetingSummary, PageGroupRecord, SearchRecord
from generator.build.workers import (PARALLEL_THRESHOLD, CheckTask, MeetingTask, beside, run_checks, run_producers,
                                     run_tasks)
from generator.build.write import DeltaOutput, StagedOutput, build_lock, removed_meanwhile
from generator.common.compact import Columns
from generator.common.libc import libc
from generator.common.pool import collector_paused, shared
from generator.common.errors import BuildFailed, Problem
from generator.load.config import SiteConfig
from generator.load.header import MeetingHeader
from generator.load.sources import (NOT_CONTENT_FILE, ContentFile, SourceFile, content_files, load_sources, read_source,
                                    scan_content)
from generator.load.validate import across_files, validate, validate_meeting, validate_other
from generator.model.assemble import assemble, header_meeting, sharing_header
from generator.model.domain import Archive, Meeting
from generator.publish import history_patch, publication_warnings, sitemap_file
from generator.publish.history import History, forget_history, git_head, remember_history
from generator.render.registers import register_problems
from generator.render.attachments import Attachments
from generator.render.filelinks import FileLinks, link_problems
from generator.render.site import SiteRenderer, asset_files
from generator.render.typeset import keep_patterns_in
from generator.search.documents import search_documents, update_index, write_index
from generator.load.languages import body_language, folder_languages, with_languages


@dataclass
class BuildReport:
    problems: list[Problem]
    archive: Archive | None = None
    files_written: int = 0
    pages_rendered: int = 0
    pages_reused: int = 0
    groups_rendered: list[str] = field(default_factory=list)  # page groups not reused (see _render_pages)
    timings: dict[str, float] = field(default_factory=dict)
    plan: Plan = field(default_factory=lambda: Plan(small=False))
    counts: tuple[int, int] = (0, 0)  # meetings, bodies (when there is no archive to count)
    drafts: list[str] = field(default_factory=list)  # the draft meetings' files: read, never published
    draft_pages: dict[str, str] = field(default_factory=dict)  # a draft's file -> the page it would have

    @property
    def quick(self) -> bool:
        """Built by a small plan: only the changed meetings' files, patched into output/."""
        return self.plan.small

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def summary(self, language: str = "en") -> str:
        """'5 meetings, 3 bodies; 173 files written (load 0.01s, ...)', in `language`."""
        stages = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in self.timings.items())
        meetings, bodies = (len(self.archive.meetings), len(self.archive.bodies)) if self.archive else self.counts
        counts = (f"{count('meetings', meetings, language)}, {count('bodies', bodies, language)}"
                  if meetings or bodies else cli_text("nothing", language))
        reuse = f", {count('pages_unchanged', self.pages_reused, language)}" if self.pages_reused else ""
        return f"{counts}; {count('files_written', self.files_written, language)}{reuse} ({stages})"


@contextmanager
def _timed(report: BuildReport, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    report.timings[stage] = report.timings.get(stage, 0.0) + time.perf_counter() - start


def _load_and_validate(config: SiteConfig, report: BuildReport,
                       memo: dict | None = None) -> tuple[list[SourceFile], dict[str, MeetingHeader]]:
    """The sources without errors, and the meetings' headers (validate_meeting), by file."""
    with _timed(report, "load"):
        sources, problems = load_sources(config.content_path, config.project_dir, memo)
        sources = with_languages(sources, config)
        report.problems.extend(problems)
        report.drafts = sorted(s.rel for s in sources if s.kind == "meeting" and s.data.get("status") == "utkast")
    with _timed(report, "validate"):
        problems, headers = validate(sources)
        report.problems.extend(problems)
    broken = {p.location.path for p in report.problems if p.is_error}
    return [s for s in sources if s.rel not in broken], headers


def check_tasks(config: SiteConfig) -> tuple[list[SourceFile], list[CheckTask], list[Problem]]:
    """What `minutes check` starts from: the files other than meetings, read here (the bodies,
    whose languages the meetings are read in, and the people), one CheckTask per meeting file in
    the order of their paths, and the problems of finding and reading them."""
    problems: list[Problem] = []
    others: list[SourceFile] = []
    meeting_files: list[ContentFile] = []
    for found in content_files(config.content_path, config.project_dir):
        if isinstance(found, Problem):
            problems.append(found)
        elif found.kind == "meeting":
            meeting_files.append(found)
        else:
            source, read_problems = read_source(found.path, found.rel, found.kind, found.folder)
            problems.extend(read_problems)
            if source is not None:
                others.append(source)
    others = with_languages(sorted(others, key=lambda s: s.rel), config)
    languages, site_language = folder_languages(others, config)
    tasks = [CheckTask(file, languages.get(file.folder, site_language))
             for file in sorted(meeting_files, key=lambda f: f.rel)]
    return others, tasks, problems


def check(config: SiteConfig, jobs: int | None = None) -> BuildReport:
    """Load, validate and model the content; write nothing. The meeting files are read, validated
    and parsed in parallel (run_checks: by this process and forked helpers in turn); the bodies,
    the people and the checks across files are done here. The archive's meetings carry every fact
    the checks read, but no HTML and no search texts (build_meeting's html=False)."""
    report = BuildReport(problems=[])
    with _timed(report, "load"):
        others, tasks, problems = check_tasks(config)
        report.problems.extend(problems)
    with _timed(report, "validate"):
        for source in others:
            report.problems.extend(validate_other(source))
    with _timed(report, "model"):
        checked = list(run_checks(tasks, jobs, paths=config.paths))
    with _timed(report, "validate"):
        for result in checked:
            report.problems.extend(result.problems)
        report.drafts = [result.rel for result in checked if result.draft]
        bodies = {s.folder for s in others if s.kind == "body"}
        report.problems.extend(across_files([r.facts for r in checked if r.facts is not None], bodies))
    broken = {p.location.path for p in report.problems if p.is_error}
    with _timed(report, "model"):
        meetings = []
        for result in checked:
            if result.meeting is not None and result.rel not in broken:
                meetings.append(result.meeting)
                report.problems.extend(result.parse_problems)
        if not report.errors:
            report.archive = assemble(others, meetings)
    if report.archive is not None:
        _check_across_archive(report, report.archive, config, jobs)
    report.problems.sort()
    return report


def _check_across_archive(report: BuildReport, archive: Archive, config: SiteConfig, jobs: int | None) -> NameSuggestions:
    """The checks that need the whole archive: the near-miss names (the archive's
    name_suggestions, returned) and the rest (_add_archive_problems). They are independent and
    about a second together at 10,000 meetings, so on more cores than one (`jobs`) the names are
    looked for in a worker meanwhile; each stage's time is its own."""
    parallel = jobs != 1 and len(archive.meetings) >= PARALLEL_THRESHOLD
    with beside(_names_and_near_misses, (archive, config), parallel) as names_result:
        with _timed(report, "archive"):
            _add_archive_problems(report, archive, config)
        names, problems, seconds = names_result()
    report.problems.extend(problems)
    report.timings["names"] = report.timings.get("names", 0.0) + seconds
    return names


def _names_and_near_misses() -> tuple[NameSuggestions, list[Problem], float]:
    archive, config = shared()
    start = time.perf_counter()
    names = name_suggestions(archive, config.project_dir)
    return names, near_misses(archive, config, names), time.perf_counter() - start


def _return_freed_memory() -> None:
    """Hand the memory of the sources just let go of back to the system. glibc keeps freed blocks
    mapped, and the page-group and index workers are forked from this process: each would start
    with them in its resident set."""
    trim = getattr(libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)


def archive_problems(archive: Archive, config: SiteConfig) -> list[Problem]:
    """Checks that need the whole archive: attachments, approved minutes changed after approval
    (git history); the near-miss names have a stage of their own (`near_misses`). Each looks at
    one meeting at a time, so a small plan runs them on an archive of the changed meetings alone."""
    return [*register_problems(archive, config), *publication_warnings(archive, config)]


def _add_archive_problems(report: BuildReport, archive: Archive, config: SiteConfig) -> None:
    """The whole-archive checks, and the links between files, which need every meeting (so the
    small plan of one file leaves them to the full check). A file that a meeting links to is
    content after all: the loader's warning that it is not is dropped."""
    links = FileLinks(archive, config, Attachments(archive, config))
    linked = links.linked_sources()
    if linked:
        report.problems[:] = [p for p in report.problems
                              if not (p.message == NOT_CONTENT_FILE and p.location.path in linked)]
    report.problems.extend(archive_problems(archive, config))
    report.problems.extend(link_problems(archive, config, links))


def near_misses(archive: Archive, config: SiteConfig, names: NameSuggestions | None = None) -> list[Problem]:
    """Names one or two letters off a known one (`names`: the archive's name_suggestions, when
    already made), warned where they are written."""
    return people.near_misses(archive, config.project_dir, f"{config.content_dir}/people.yml", names)


def build(config: SiteConfig, jobs: int | None = None, use_cache: bool = True,
          progress: Progress | None = None) -> BuildReport:
    """Build the site into config.output_path; raise BuildFailed (output untouched) on errors."""
    progress = progress or NoProgress()
    with build_lock(config.output_path.absolute()):
        cache = BuildCache(config, enabled=use_cache)
        keep_patterns_in(cache.root / "hyphenation" if use_cache else None)
        report = BuildReport(problems=[])
        # The plan and a small plan make objects by the thousand (the ledger's) that live until
        # the build ends: the cycle collector would walk them again and again, for nothing.
        with collector_paused():
            with _timed(report, "load"):
                plan = make_plan(config, cache)
            if plan.small and _apply_small_plan(config, cache, plan, report):
                return report
        if plan.small:
            forget_history(config)  # the full plan reads git itself
        return _apply_full_plan(config, cache, BuildReport(problems=[]), jobs, progress)


def _apply_small_plan(config: SiteConfig, cache: BuildCache, plan: Plan, report: BuildReport) -> bool:
    """Render the plan's changed meetings against their bodies' headers, patch the index and the
    publication files, and move the new files into output/. False, having changed nothing, when a
    meeting turns out to have changed more than its own page shows: the full plan then builds."""
    ledger = plan.ledger
    assert ledger is not None
    output = config.output_path.absolute()
    before = History({rel: ledger.meetings[rel].history for rel in plan.changed
                      if ledger.meetings[rel].history is not None},
                     shallow=ledger.git.shallow, in_git=ledger.git.in_git)
    after = remember_history(config, History({**before.files, **plan.histories},
                                             shallow=ledger.git.shallow, in_git=ledger.git.in_git))
    changes: dict[str, MeetingRecord] = {}  # the changed meetings' new records
    committed: list[Meeting] = []  # published meetings whose history changed
    documents = []
    renderers: dict[str, SiteRenderer | None] = {}
    with DeltaOutput(output) as sink:
        with _timed(report, "meetings"):
            for rel in plan.changed:
                source, problems = read_source(config.project_dir / rel, rel, "meeting", rel.split("/")[-2])
                if source is None or source.digest != plan.files[rel].blob:
                    return False  # unreadable, or changed again while we looked
                source = replace(source, language=body_language(config, rel.split("/")[-2]))
                header, found = validate_meeting(source)
                problems += found
                if header is None or any(p.is_error for p in problems):
                    return False  # the full plan reports it, with every other problem
                published = header.status != "utkast"
                renderer = None
                if published:
                    if header.body_slug not in renderers:
                        renderers[header.body_slug] = _body_renderer(config, cache, plan, header.body_slug)
                    renderer = renderers[header.body_slug]
                    if renderer is None:
                        return False
                parse_key = cache.parse_key(source.digest, rel, source.language)
                task = MeetingTask(source, header, parse_key, render=published, prepare_search=False)
                [result] = run_tasks([task], renderer, 1, sink.write_unclaimed, paths=config.paths)
                problems += result.problems
                record = ledger.meetings[rel]
                if any(p.is_error for p in problems) or result.light_key != record.light_key:
                    return False
                page_key = ""
                if published:
                    assert renderer is not None and result.page is not None
                    page_key = keys.page_key(cache.render, parse_key, renderer.meeting_page_inputs(header_meeting(header)))
                    sink.adopt_relative([result.page])
                    report.pages_rendered += 1
                    alone = Archive(bodies=ledger.bodies, meetings=(result.meeting,), people=ledger.people)
                    documents.extend(search_documents(alone, {rel: result.search}, config=config))
                    problems += [p for p in [*near_misses(alone, config, ledger.names), *archive_problems(alone, config)]
                                 if p.location.path == rel]
                    if rel in plan.histories:
                        committed.append(result.meeting)
                changes[rel] = replace(record, blob=source.digest, page_key=page_key, problems=tuple(problems),
                                       history=after.of(rel), parse_key=parse_key)
            feeds = ledger.feeds
            if committed:
                entries = cache.load("feeds", ledger.feeds)
                patch = history_patch(Archive(bodies=ledger.bodies, meetings=tuple(committed), people=ledger.people),
                                      config, before, after, entries, output) if entries else None
                if patch is None:
                    return False
                for relative, content in sorted(patch.files.items()):
                    sink.write_bytes(relative, content)
                for relative, offset, content in patch.edits:
                    sink.edit_in_place(relative, offset, content)
                feeds = cache.store_feeds(patch.feeds)
        index = None
        with _timed(report, "index"):
            if documents:
                index = update_index(documents, output, sink.staging, cache.root)
                if index is None:
                    return False
                sink.adopt_relative(index.written)
                for relative in index.removed:
                    sink.remove(relative)
        with _timed(report, "write"):
            records = ledger.meetings.replaced(changes)
            if plan.changed:
                cache.forget_meetings(ledger, set(plan.changed))
            cache.forget_ledger()
            report.files_written = sink.commit()
            cache.save_ledger(replace(ledger, files=plan.files, meetings=records, git=replace(ledger.git, head=plan.head),
                                      feeds=feeds, sentinel=output_sentinel(output), saved_ns=time.time_ns()))
            cache.forget_feeds_except(feeds)
            _keep_search_index(cache, ledger, records, index)
    published = sum(1 for page_key in records.column("page_key") if page_key)
    report.draft_pages = {rel: url for rel, url, page_key in zip(records, records.column("url"), records.column("page_key"))
                          if not page_key}  # a draft has no page key
    report.drafts = sorted(report.draft_pages)
    report.plan = plan
    report.problems = sorted([*ledger.other_problems, *(p for found in records.values("problems") for p in found)])
    report.pages_reused = published - report.pages_rendered
    report.counts = (published, len(ledger.bodies))
    return True


def _keep_search_index(cache: BuildCache, ledger: Ledger, records: Columns[MeetingRecord], index) -> None:
    """After a small plan: the key of the index now in output/ (the one a full build of the same
    content computes), so that the next full build links it instead of writing it again."""
    parse_keys = dict(zip(records, records.column("parse_key")))
    if not ledger.search_meetings or not all(parse_keys.get(rel) for rel, _, _ in ledger.search_meetings):
        return
    key = keys.search_key(cache.code, ledger.search_meetings, ledger.search_bodies, parse_keys)
    cache.keep_search_index(ledger, key, index.written if index else (), index.removed if index else ())


def _body_renderer(config: SiteConfig, cache: BuildCache, plan: Plan, slug: str) -> SiteRenderer | None:
    """A renderer over the body's meeting headers only: a meeting page shows no other body's
    meetings (its neighbours, and the meetings its text links to, are its body's)."""
    ledger = plan.ledger
    assert ledger is not None
    key = ledger.body_headers.get(slug)
    headers = cache.load("headers", key) if key else None
    if not isinstance(headers, tuple):
        return None
    renderer = SiteRenderer(Archive(bodies=ledger.bodies, meetings=headers, people=ledger.people), config)
    renderer.env.bytecode_cache = cache.template_cache()
    return renderer


def _apply_full_plan(config: SiteConfig, cache: BuildCache, report: BuildReport, jobs: int | None,
                     progress: Progress) -> BuildReport:
    """Load and validate every file, then let the keys decide, per meeting and per page group,
    what the last build's files can stand for; write the new site into a staging folder that
    replaces output/ at the end, and save the state and ledger the next plan is made from."""
    use_cache = cache.enabled
    cache.forget_ledger()  # from here on output/ may change
    stats = scan_content(config.content_path, config.project_dir) if use_cache else None  # before reading
    head = git_head(config) if use_cache else None
    state = cache.state()
    memo = cache.front_matter()
    remembered = set(memo)
    sources, headers = _load_and_validate(config, report, memo)
    if report.errors:
        raise BuildFailed(report.problems)
    report.draft_pages = {rel: headers[rel].url for rel in report.drafts if rel in headers}
    # Memory: from here on the sources are let go of as soon as they are handed to a worker
    # (the meetings' Markdown is most of an archive's size), and the memo is on disk.
    used = {s.front_matter_key for s in sources}
    if used != remembered:  # the daily build's front matter is the same as yesterday's
        cache.save_front_matter({k: v for k, v in memo.items() if k in used})
    blobs = {s.rel: s.digest for s in sources}
    others = [s for s in sources if s.kind != "meeting"]
    meeting_sources = [s for s in sources if s.kind == "meeting"]
    del sources, memo, used
    plan = Plan(small=False, head=head)
    report.plan = plan
    with StagedOutput(config.output_path) as stage:
        archive, new_state, header_archive = _build_meetings(config, others, meeting_sources, headers, cache,
                                                             state, stage, report, jobs, progress)
        previous_pieces = replace(state, summaries={}, search={})  # for the search payloads not in memory
        state.summaries.clear()
        state.search.clear()
        _return_freed_memory()
        # In this process, one after the other: a worker forked from the build here, which holds
        # every meeting's model and the last build's state, made clean builds slower, not faster.
        names = _check_across_archive(report, archive, config, jobs=1)
        if report.errors:
            raise BuildFailed(report.problems)
        progress.start("pages")
        with _timed(report, "render"):
            report.groups_rendered = _render_pages(SiteRenderer(archive, config), cache, state, new_state, stage, jobs)
            for file in asset_files(config):
                stage.write(file)
        _return_freed_memory()  # the index workers are forked from this process too
        progress.start("search index")
        with _timed(report, "index"):
            _write_search_index(archive, cache, new_state, stage, config)
        progress.start("publishing")
        with _timed(report, "write"):
            sitemap = sitemap_file(archive, config, stage.written)  # last: it lists the pages written
            if sitemap is not None:
                stage.write(sitemap)
            report.files_written = stage.commit()
        progress.finish()
    plan.groups = {name: Step.RENDER if name in report.groups_rendered else Step.REUSE for name in new_state.groups}
    with removed_meanwhile(stage.previous):
        cache.save_state(new_state, previous_pieces)
        report.problems.sort()
        ledger = ledger_after_build(config, cache, stats, blobs, new_state, header_archive, archive,
                                    report.problems, head, names)
        if ledger is not None:
            cache.save_ledger(ledger)
            cache.forget_feeds_except(ledger.feeds)
    report.archive = archive
    return report


def _build_meetings(config: SiteConfig, others: list[SourceFile], meeting_sources: list[SourceFile],
                    headers: dict[str, MeetingHeader], cache: BuildCache, state: BuildState, stage: StagedOutput,
                    report: BuildReport, jobs: int | None, progress: Progress) -> tuple[Archive, BuildState, Archive]:
    """Parse and render every meeting (reusing what the last build made where nothing changed).
    Returns the archive of meetings without page HTML, for the other pages and the index, and
    the state the next build will compare against, and the archive of headers the pages were
    rendered with."""
    with _timed(report, "model"):
        meetings = {s.rel: header_meeting(headers[s.rel]) for s in meeting_sources}
        header_archive = assemble(others, list(meetings.values()))
        renderer = SiteRenderer(header_archive, config)
        renderer.env.bytecode_cache = cache.template_cache()  # filled here for small plans
    new_state = BuildState(render_fingerprint=cache.render)
    tasks: list[MeetingTask] = []
    light: list[Meeting] = []  # without page HTML: the summaries' reused, then the workers'
    with _timed(report, "meetings"):
        parse_keys = {s.rel: cache.parse_key(s.digest, s.rel, s.language) for s in meeting_sources}
        # A summary of another parse key (its file or the generator changed) can never be reused:
        # let go of it now, and never load its search payload. After a generator upgrade that is
        # every summary, and holding them beside the new results took the build over 1 GB.
        for rel in [rel for rel, summary in state.summaries.items() if parse_keys.get(rel) != summary.parse_key]:
            del state.summaries[rel]
        new_state.search_key = keys.search_key(cache.code, *keys.search_inputs(header_archive), parse_keys)
        index_reused = _reuse_search_index(cache, state, new_state, stage)
        if not index_reused:
            cache.load_search(state, state.summaries)  # the index is written again: it reads every text
        for source in meeting_sources:
            header = meetings[source.rel]
            parse_key = parse_keys[source.rel]
            published = header.status != "utkast"
            page_key = keys.page_key(cache.render, parse_key, renderer.meeting_page_inputs(header)) if published else ""
            summary = state.summaries.get(source.rel)
            search = state.search.get(source.rel)
            if (cache.enabled and summary and summary.parse_key == parse_key and published
                    and (index_reused or (search and search.parse_key == parse_key))
                    and state.pages.get(header.url) == page_key and stage.reuse(header.url)):
                light.append(summary.meeting)
                report.problems.extend(summary.problems)
                new_state.summaries[source.rel] = summary
                if not index_reused:
                    new_state.search[source.rel] = search
                new_state.pages[header.url] = page_key
                report.pages_reused += 1
                continue
            tasks.append(MeetingTask(source, headers[source.rel], parse_key, render=published))
            if published:
                new_state.pages[header.url] = page_key
        meeting_sources.clear()  # the tasks hold them now, until each is sent (run_tasks)
        progress.start("meetings", len(tasks))
        for result in run_tasks(tasks, renderer, jobs, stage.write_unclaimed, paths=config.paths):
            progress.advance()
            if result.page is not None:
                stage.adopt_relative([result.page])
                report.pages_rendered += 1
            report.problems.extend(result.problems)
            meeting = sharing_header(result.meeting, meetings[result.rel])
            new_state.summaries[result.rel] = MeetingSummary(result.parse_key, meeting, tuple(result.problems),
                                                             result.light_key)
            new_state.search[result.rel] = SearchRecord(result.parse_key, result.search)
            light.append(meeting)
        if report.errors:
            raise BuildFailed(report.problems)
        return assemble(others, light), new_state, header_archive


def _render_pages(renderer: SiteRenderer, cache: BuildCache, state: BuildState, new_state: BuildState,
                  stage: StagedOutput, jobs: int | None) -> list[str]:
    """Home, bodies, registers, feeds and data: each group is reused from the last build when
    nothing it reads changed (a typical edit changes one meeting's text, not its decisions).
    Returns the names of the groups rendered."""
    archive = renderer.archive
    archive_key = keys.archive_key(cache.render, [s.light_key for _, s in sorted(new_state.summaries.items())], archive)
    inputs = renderer.producer_inputs()
    producers = renderer.page_producers()
    reused: dict[str, PageGroupRecord] = {}
    to_run: list[tuple[str, object, str]] = []
    for name, producer in producers.items():
        key = keys.group_key(archive_key, inputs[name])
        previous = state.groups.get(name)
        if (cache.enabled and previous and previous.key == key
                and all((stage.output / f).is_file() for f in previous.files)):
            reused[name] = previous
        else:
            to_run.append((name, producer, key))
    parallel = jobs != 1 and len(archive.meetings) >= PARALLEL_THRESHOLD
    rendered: dict[str, PageGroupRecord] = {}
    for index, paths in run_producers([producer for _, producer, _ in to_run], stage.write_unclaimed,
                                      jobs if parallel else 1):
        name, _, key = to_run[index]
        rendered[name] = PageGroupRecord(key, tuple(paths))
    for name in producers:  # accounted for in the renderer's order, which the sitemap keeps
        if name in reused:
            new_state.groups[name] = reused[name]
            for relative in reused[name].files:
                stage.reuse(relative)
        else:
            new_state.groups[name] = rendered[name]
            stage.adopt_relative(rendered[name].files)
    return sorted(name for name, _, _ in to_run)


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
    """Write the index unless _reuse_search_index took the last one; new_state then holds every
    meeting's search payload (the meetings stage loaded or parsed them)."""
    if new_state.search_files:
        return
    previous = stage.output
    reused: list[str] = []

    def reuse(relative: str) -> bool:  # files whose bytes would not change: hard links
        linked = cache.enabled and stage.reuse(relative)
        if linked:
            reused.append(relative)
        return linked

    payloads = {rel: record.payload for rel, record in new_state.search.items()}
    written = write_index(archive, payloads, stage.staging, previous=previous / "search", reuse=reuse,
                          cache_dir=cache.root if cache.enabled else None, config=config)
    stage.adopt(written)
    new_state.search_files = tuple(sorted([*(p.relative_to(stage.staging).as_posix() for p in written), *reused]))
