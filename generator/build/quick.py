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
a changed template, config, build date, asset, attachment, body or people file, a new or deleted file, a
meeting whose dates, title, participants, decisions or actions changed, a content error, or a
search change the index cannot patch. New git commits are taken when they only touch such
meetings (the common CI case): their publication history changes too, which shows in their JSON,
the archive's JSON, the sitemap, their calendar events and the feeds, and those files are patched
from the last build's (publish.history_patch). A rewritten history, a merge that brings in other
lines, a rename or a shallow clone takes the full build. Both paths
render with the same SiteRenderer and the same keys; tests/test_quick.py checks the quick result
against a clean build byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, replace
from pathlib import Path

from generator.model.assemble import build_meeting, meeting_header
from generator.build.cache import (
    BuildCache,
    BuildState,
    Ledger,
    MeetingRecord,
    digest,
    tree_digest,
)
from generator.load.config import SiteConfig
from generator.common.errors import Problem
from generator.build.workers import light_key
from generator.model.domain import Archive, Meeting
from generator.publish import feed_entries, history_patch
from generator.publish.history import (
    FileHistory,
    History,
    index_blobs,
    forget_history,
    git_head,
    history_for,
    history_since,
    remember_history,
)
from generator.render.site import SiteRenderer
from generator.search.documents import search_documents, update_index
from generator.load.sources import blob_id, read_source, scan_content
from generator.load.languages import body_language
from generator.load.validate import validate_meeting
from generator.build.write import DeltaOutput
from generator.theme import asset_folders

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


# Files that change whenever the site does in a way the quick path cares about (the meetings
# listed, the search index); their hash tells a restored copy of output/ (CI's cache) from
# another site when the inode cannot.
SENTINELS = ("index.html", "search/index.json.gz")


def output_sentinel(output: Path) -> str:
    hasher = hashlib.sha256()
    for name in SENTINELS:
        try:
            hasher.update(name.encode() + b"\0" + (output / name).read_bytes())
        except OSError:
            hasher.update(name.encode() + b"\0missing")
    return hasher.hexdigest()


def _is_build_of(output: Path, ledger: Ledger) -> bool:
    """Whether output/ is the site the ledger describes: the same folder, or a copy of it."""
    try:
        return output_identity(output) == ledger.output or output_sentinel(output) == ledger.sentinel
    except OSError:
        return False


# A fresh checkout (CI) gives every file a new stat. From this many, git's index is asked for
# the files' blob ids (what the ledger records) rather than reading them all.
GIT_VOUCHES_FROM = 64


def _new_histories(config: SiteConfig, ledger: Ledger, head: str | None) -> dict[str, FileHistory] | None:
    """The meeting files whose history the commits since the last build changed, with their
    history now; None when the commits changed more than meetings' histories can carry."""
    old_head, shallow, in_git = ledger.git
    if head == old_head:
        return {}
    if head is None or old_head is None or shallow or not in_git:
        return None
    since = history_since(config, old_head, head)
    if since is None or any(rel not in ledger.meetings for rel in since):
        return None  # a body, people or attachment file, or one that is gone: the full build
    histories = {}
    for rel, new in since.items():
        old = ledger.meetings[rel].history
        histories[rel] = FileHistory(new.repo_path, tuple(sorted((*(old.commits if old else ()), *new.commits))))
    return histories


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
    if (ledger is None or not _is_build_of(output, ledger) or ledger.render_fingerprint != cache.render
            or ledger.build_date != config.build_date or tree_digest(*asset_folders(config)) != ledger.assets):
        return None
    head = git_head(config)
    histories = _new_histories(config, ledger, head)
    if histories is None:
        return None
    stats = scan_content(config.content_path, config.project_dir)
    if stats is None or stats.keys() != ledger.files.keys():
        return None
    files = dict(ledger.files)
    changed: list[str] = []
    restat = [rel for rel, status in stats.items()
              if not (status == files[rel][0] and status[2] < ledger.saved_ns - UNTRUSTED_NS)]
    vouched = index_blobs(config) if len(restat) > GIT_VOUCHES_FROM else {}
    for rel in restat:
        status = stats[rel]
        old_status, old_digest = files[rel]
        if not old_digest:
            return None  # an attachment or a file the build does not read: the full build decides
        file_digest = vouched.get(rel) or blob_id((config.project_dir / rel).read_bytes())
        files[rel] = (status, file_digest)
        if file_digest != old_digest:
            if rel not in ledger.meetings:
                return None  # a body or the people registry
            changed.append(rel)
    changed += sorted(set(histories) - set(changed))  # committed: its history changed, maybe its bytes too
    timings["load"] = time.perf_counter() - start

    start = time.perf_counter()
    before = History({rel: ledger.meetings[rel].history for rel in changed if ledger.meetings[rel].history is not None},
                     shallow=ledger.git[1], in_git=ledger.git[2])
    after = remember_history(config, History({**before.files, **histories}, shallow=ledger.git[1], in_git=ledger.git[2]))
    committed: list[Meeting] = []  # published meetings whose history changed
    records = dict(ledger.meetings)
    pages: dict[str, bytes] = {}
    documents = []
    renderers: dict[str, SiteRenderer] = {}
    for rel in changed:
        folder = rel.split("/")[-2]
        source, problems = read_source(config.project_dir / rel, rel, "meeting", folder)
        if source is None or source.digest != files[rel][1]:
            return None  # unreadable, or changed again while we looked
        source = replace(source, language=body_language(config, folder))
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
            page_key = digest(cache.render, cache.parse_key(source.digest, rel, source.language), renderer.meeting_page_inputs(header))
            pages[meeting.url] = renderer.meeting(meeting).content
            mini = Archive(bodies=ledger.bodies, meetings=(light,), people=ledger.people)
            documents.extend(search_documents(mini, config=config))
            problems += _archive_problems_of(mini, config, rel)
            if rel in histories:
                committed.append(meeting)
        records[rel] = replace(record, digest=source.digest, page_key=page_key, problems=tuple(problems),
                               history=after.of(rel))
    feeds, publication, edits = ledger.feeds, {}, []
    if committed:
        entries = cache.load("feeds", ledger.feeds)
        patch = history_patch(Archive(bodies=ledger.bodies, meetings=tuple(committed), people=ledger.people),
                              config, before, after, entries, output) if entries else None
        if patch is None:
            return None
        publication, edits = patch.files, patch.edits
        feeds = cache.store_feeds(patch.feeds)
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
        for url, html in sorted({**pages, **publication}.items()):
            delta.write_bytes(url, html)
        for relative, offset, content in edits:
            delta.edit_in_place(relative, offset, content)
        timings["index"] = time.perf_counter() - start
        start = time.perf_counter()
        if changed:
            cache.mark_dirty(set(changed))
        cache.forget_ledger()
        written = delta.commit()
        cache.save_ledger(replace(ledger, files=files, meetings=records, git=(head, *ledger.git[1:]), feeds=feeds,
                                  sentinel=output_sentinel(output), saved_ns=time.time_ns()))
        cache.forget_feeds_except(feeds)
        timings["write"] = time.perf_counter() - start

    published = sum(1 for record in records.values() if record.page_key)
    problems = [*ledger.other_problems, *(p for record in records.values() for p in record.problems)]
    return QuickResult(sorted(problems), len(pages), published - len(pages), written,
                       published, len(ledger.bodies))


def _unread_digest(config: SiteConfig, rel: str, status: tuple[int, int, int], blobs: dict[str, str]) -> str:
    """For a file the build copied without reading (an attachment): git's blob id for it, if the
    file is still the one the build saw (same stat); else "", and a change to it takes the full build."""
    try:
        now = os.stat(config.project_dir / rel)
    except OSError:
        return ""
    same = (now.st_ino, now.st_size, now.st_mtime_ns) == status
    return blobs.get(rel, "") if same else ""


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
    from generator.build.pipeline import archive_problems

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
    blobs = index_blobs(config) if any(rel not in digests for rel in stats) else {}
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
        render_fingerprint=cache.render, assets=tree_digest(*asset_folders(config)),
        git=(head, history.shallow, history.in_git),
        files={rel: (status, digests.get(rel) or _unread_digest(config, rel, status, blobs))
               for rel, status in stats.items()},
        meetings=records, other_problems=tuple(p for found in by_file.values() for p in found),
        bodies=archive.bodies, people=archive.people, body_headers=body_headers,
        output=output_identity(config.output_path.absolute()), sentinel=output_sentinel(config.output_path.absolute()),
        feeds=cache.store_feeds(feed_entries(archive, config)), saved_ns=time.time_ns(), build_date=config.build_date)
