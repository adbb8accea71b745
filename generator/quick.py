"""The quick path: a rebuild after edits that change nothing but meetings' own pages and search text.

The typical commit changes the text of one meeting: its page and the search documents of its
items change, and nothing that lists, links or counts meetings does (the meeting's `light_key`
stays the same). For that case the full build would still load, validate and model the whole
archive to find out. The quick path finds out from the ledger (cache.Ledger, a few MB): it
compares every content file's stat with the last build's, reads only files whose stat changed,
and re-renders only meetings whose bytes changed, against an archive of their own body (the only
other meetings a meeting page shows), then patches the search index and moves the new files into
output/ (write.DeltaOutput).

Anything else falls back to the full build (`quick_build` returns False having written nothing):
a changed template, config, asset, attachment, body or people file, a new or deleted file, a
meeting whose dates, title, participants, decisions or actions changed, a new git commit (the
publication history), a content error, or a search change the index cannot patch. Both paths
render with the same SiteRenderer and the same keys; tests/test_quick.py checks the quick result
against a clean build byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path

from generator.assemble import build_meeting, meeting_header
from generator.cache import (
    BuildCache,
    BuildState,
    Ledger,
    MeetingRecord,
    digest,
    tree_digest,
)
from generator.config import SiteConfig
from generator.errors import Problem
from generator.meetings import light_key
from generator.model import Archive
from generator.publish.history import (
    History,
    forget_history,
    git_head,
    history_for,
    remember_history,
)
from generator.render import SiteRenderer
from generator.search_documents import search_documents, update_index
from generator.sources import read_source, scan_content
from generator.validate import validate_meeting
from generator.write import DeltaOutput

# A file changed within this long before the ledger was written may have been changed again
# without its stat showing it (coarse file-system clocks): such files are always read.
UNTRUSTED_NS = 2_000_000_000


@dataclass
class QuickResult:
    problems: list[Problem]
    pages_rendered: int
    pages_reused: int
    files_written: int
    meetings: int
    bodies: int


def output_identity(output: Path) -> tuple[int, int]:
    status = os.stat(output)
    return status.st_dev, status.st_ino


def quick_build(config: SiteConfig, cache: BuildCache, timings: dict[str, float]) -> QuickResult | None:
    """Rebuild through the quick path, or return None (having changed nothing) when it cannot."""
    if not cache.enabled:
        return None
    result = _quick_build(config, cache, timings)
    if result is None:
        forget_history(config)  # the full build reads git itself
        timings.clear()
    return result


def _quick_build(config: SiteConfig, cache: BuildCache, timings: dict[str, float]) -> QuickResult | None:
    start = time.perf_counter()
    ledger = cache.ledger()
    output = config.output_path.absolute()
    try:
        same_output = ledger is not None and output_identity(output) == ledger.output
    except OSError:
        same_output = False
    if (not same_output or ledger is None or ledger.render_fingerprint != cache.render
            or tree_digest(config.assets_path) != ledger.assets or git_head(config) != ledger.git[0]):
        return None
    stats = scan_content(config.content_path, config.project_dir)
    if stats is None or stats.keys() != ledger.files.keys():
        return None
    files = dict(ledger.files)
    changed: list[str] = []
    for rel, status in stats.items():
        old_status, old_digest = files[rel]
        if status == old_status and status[2] < ledger.saved_ns - UNTRUSTED_NS:
            continue
        if not old_digest:
            return None  # an attachment or a file the build does not read: the full build decides
        file_digest = hashlib.sha256((config.project_dir / rel).read_bytes()).hexdigest()
        files[rel] = (status, file_digest)
        if file_digest != old_digest:
            if rel not in ledger.meetings:
                return None  # a body or the people registry
            changed.append(rel)
    timings["load"] = time.perf_counter() - start

    start = time.perf_counter()
    remember_history(config, History({rel: ledger.meetings[rel].history for rel in changed
                                      if ledger.meetings[rel].history is not None},
                                     shallow=ledger.git[1], in_git=ledger.git[2]))
    records = dict(ledger.meetings)
    pages: dict[str, bytes] = {}
    documents = []
    renderers: dict[str, SiteRenderer] = {}
    for rel in changed:
        folder = rel.split("/")[-2]
        source, problems = read_source(config.project_dir / rel, rel, "meeting", folder)
        if source is None or source.digest != files[rel][1]:
            return None  # unreadable, or changed again while we looked
        problems += validate_meeting(source)
        if any(p.is_error for p in problems):
            return None  # the full build reports it, with every other problem
        meeting, parse_problems = build_meeting(source)
        problems += parse_problems
        light = meeting.without_page_html()
        record = records[rel]
        if any(p.is_error for p in problems) or light_key(light) != record.light_key:
            return None
        page_key = ""
        if meeting.status != "utkast":
            renderer = renderers.get(meeting.body_slug) or _body_renderer(config, cache, ledger, meeting.body_slug)
            if renderer is None:
                return None
            renderers[meeting.body_slug] = renderer
            header = meeting_header(source)
            page_key = digest(cache.render, cache.parse_key(source.digest, rel), renderer.meeting_page_inputs(header))
            pages[meeting.url] = renderer.meeting(meeting).content
            mini = Archive(bodies=ledger.bodies, meetings=(light,), people=ledger.people)
            documents.extend(search_documents(mini))
            problems += _archive_problems_of(mini, config, rel)
        records[rel] = replace(record, digest=source.digest, page_key=page_key, problems=tuple(problems))
    timings["meetings"] = time.perf_counter() - start

    with DeltaOutput(output) as delta:
        start = time.perf_counter()
        if documents:
            patch = update_index(documents, output, delta.staging, cache.root)
            if patch is None:
                return None
            delta.adopt_relative(patch.written)
            for relative in patch.removed:
                delta.remove(relative)
        for url, html in sorted(pages.items()):
            delta.write_bytes(url, html)
        timings["index"] = time.perf_counter() - start
        start = time.perf_counter()
        if changed:
            cache.mark_dirty(set(changed))
        cache.forget_ledger()
        written = delta.commit()
        cache.save_ledger(replace(ledger, files=files, meetings=records, saved_ns=time.time_ns()))
        timings["write"] = time.perf_counter() - start

    published = sum(1 for record in records.values() if record.page_key)
    problems = [*ledger.other_problems, *(p for record in records.values() for p in record.problems)]
    return QuickResult(sorted(problems), len(pages), published - len(pages), written,
                       published, len(ledger.bodies))


def _body_renderer(config: SiteConfig, cache: BuildCache, ledger: Ledger, slug: str) -> SiteRenderer | None:
    """A renderer over the body's meetings only: a meeting page shows no other body's meetings
    (its neighbours, and the meetings its text links to, are its body's)."""
    key = ledger.body_headers.get(slug)
    headers = cache.load("headers", key) if key else None
    if not isinstance(headers, tuple):
        return None
    renderer = SiteRenderer(Archive(bodies=ledger.bodies, meetings=headers, people=ledger.people), config)
    renderer.env.bytecode_cache = cache.template_cache()
    return renderer


def _archive_problems_of(archive: Archive, config: SiteConfig, rel: str) -> list[Problem]:
    """The whole-archive checks' problems in one meeting's file (each of them looks at one
    meeting at a time; tests/test_quick.py holds them to that)."""
    from generator.pipeline import archive_problems

    return [p for p in archive_problems(archive, config) if p.location.path == rel]


def make_ledger(config: SiteConfig, cache: BuildCache, stats: dict | None, digests: dict[str, str],
                state: BuildState, header_archive: Archive, archive: Archive, problems: list[Problem],
                head: str | None) -> Ledger | None:
    """The ledger of a full build that just succeeded (None without a cache, or when the content
    folder holds something only the full load stage judges). `digests`: rel -> sha256 of every
    file the build read; `state`: the build state it just saved."""
    if stats is None or not cache.enabled:
        return None
    history = history_for(config)
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.location.path, []).append(problem)
    records = {}
    for rel, (_, meeting, _, key) in state.summaries.items():
        page_key = state.pages.get(meeting.url, "") if meeting.status != "utkast" else ""
        records[rel] = MeetingRecord(digests[rel], key, meeting.url, page_key, tuple(by_file.pop(rel, ())),
                                     history.of(rel))
    body_headers = {}
    for body in archive.bodies:
        headers = header_archive.meetings_of(body.slug)
        key = digest(cache.code, [(m.location.path, records[m.location.path].light_key) for m in headers])
        if not cache.has("headers", key):
            cache.store("headers", key, headers)
        body_headers[body.slug] = key
    return Ledger(
        render_fingerprint=cache.render, assets=tree_digest(config.assets_path),
        git=(head, history.shallow, history.in_git),
        files={rel: (status, digests.get(rel, "")) for rel, status in stats.items()},
        meetings=records, other_problems=tuple(p for found in by_file.values() for p in found),
        bodies=archive.bodies, people=archive.people, body_headers=body_headers,
        output=output_identity(config.output_path.absolute()), saved_ns=time.time_ns())
