"""Publishing like a public body: status and appeal period, the notice board, publication history
and corrections, feeds, calendars, sitemaps and open data.

Five entry points, so none of this depends on how the pipeline runs:

- `install_template_helpers(env, config)`: helpers for the page templates (appeal deadline,
  publication dates, JSON-LD);
- `publication_producers(renderer)`: every file of this package, from the renderer's Archive and
  SiteConfig, rendered with its `page(template, path, **context)`, in groups that can run in
  parallel (`publication_inputs(renderer)`: what each group reads besides the archive);
- `sitemap_file(archive, config, written)`: the sitemap of the pages a full build wrote, which
  the pipeline writes last;
- `publication_warnings(archive, config)`: what `minutes check` warns about (changed approved
  minutes without a correction);
- `history_patch(...)`: for a small plan, the files that change when nothing but some
  meetings' git history did, patched from the current build's files.

Only the Archive is read: its meetings' items, decisions and actions, never the page HTML.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import IO, TYPE_CHECKING

from generator.load.config import SiteConfig
from generator.common.errors import Problem
from generator.common.files import OutputFile, StreamedFile
from generator.common.i18n import messages
from generator.model.domain import Archive, Meeting
from generator.publish.appeal import appeal_deadline, appeal_state, notice_board
from generator.common import paths as site
from generator.publish.calendar import CalendarBuilder
from generator.publish.feeds import Entry, FeedBuilder
from generator.publish.history import History, history_for, history_warnings, publication_dates
from generator.publish.links import heading, json_url
from generator.publish.opendata import (SCHEMA_FILE, actions_csv, archive_json, compact_json, decisions_csv, json_ld,
                                        archive_json_edits, meeting_record, patch_archive_json, script_json)
from generator.publish.sitemap import patch_sitemap, robots_txt, sitemap_file
from generator.theme import has_layout

if TYPE_CHECKING:
    from jinja2 import Environment

    from generator.render.site import SiteRenderer

# The templates of this package's pages (their output paths are the site's, SitePaths).
NOTICE_BOARD_TEMPLATE = "anslagstavla.html"
OPEN_DATA_TEMPLATE = "oppna-data.html"

__all__ = ["appeal_states", "install_template_helpers", "publication_producers", "publication_inputs", "publication_page_inputs",
           "sitemap_file", "publication_warnings", "history_patch", "feed_entries", "appeal_deadline", "notice_board"]


def install_template_helpers(env: Environment, config: SiteConfig) -> None:
    text = messages(config.language)
    paths = config.paths
    env.globals.update(
        appeal=lambda meeting: appeal_state(meeting, config.build_date),
        publication=lambda meeting: publication_dates(meeting, config),
        meeting_json_ld=lambda meeting, body: script_json(json_ld(meeting, body, config, text)),
        json_url=json_url,
        feeds={"site": paths.site_feed, "decisions": paths.decisions_feed, "notice_board": paths.notice_board_feed,
               "notice_board_page": paths.notice_board_page, "open_data_page": paths.open_data_page},
        body_feed_path=paths.body_feed,
        calendar_path=paths.body_calendar,
    )


def publication_warnings(archive: Archive, config: SiteConfig) -> list[Problem]:
    """For `minutes check`: approved minutes changed in git without a correction, and a shallow clone."""
    return history_warnings(archive, config)


def _has_template(renderer: SiteRenderer, name: str) -> bool:
    return has_layout(renderer.config, name)


def publication_producers(renderer: SiteRenderer) -> dict[str, Callable[[], Iterator[OutputFile]]]:
    """This package's files but the sitemap in two independent groups, which the pipeline renders
    in parallel and reuses by name (inputs: `publication_inputs`); the open data is the larger."""
    return {"open-data": partial(_open_data_files, renderer), "publication": partial(_publication_files, renderer)}


def publication_inputs(renderer: SiteRenderer) -> dict[str, object]:
    """What each group of `publication_producers` reads besides the archive: the git history and
    the appeal states; the notice board, feeds and calendars the build date too."""
    dates = tuple(publication_page_inputs(m, renderer.config) for m in renderer.archive.meetings)
    return {"open-data": dates, "publication": (dates, renderer.config.build_date)}


def appeal_states(archive: Archive, config: SiteConfig) -> tuple:
    """Each meeting's appeal state on the build date, which lists of meetings show as badges."""
    return tuple(appeal_state(meeting, config.build_date) for meeting in archive.meetings)


def _open_data_files(renderer: SiteRenderer) -> Iterator[OutputFile | StreamedFile]:
    archive, config, text = renderer.archive, renderer.config, renderer.text
    history = history_for(config)
    # The archive's JSON splices in every meeting's own file. Those wait in a temporary file
    # rather than in memory: about 100 MB at 10,000 meetings, in the worker that writes them.
    with tempfile.TemporaryFile() as records:
        for meeting in archive.meetings:
            encoded = compact_json(meeting_record(meeting, archive.body(meeting.body_slug), config, text, history))
            content = (encoded + "\n").encode("utf-8")
            yield OutputFile(json_url(meeting), content)
            records.write(content)  # one line each: compact JSON escapes every line break
        records.seek(0)
        paths = config.paths
        yield StreamedFile(paths.archive_json, archive_json(archive, config, _records(records)))
    yield OutputFile(paths.schema_json, SCHEMA_FILE.read_bytes())
    yield StreamedFile(paths.decisions_csv, decisions_csv(archive, config))
    yield StreamedFile(paths.actions_csv, actions_csv(archive, config))


def _records(lines: IO[bytes]) -> Iterator[str]:
    for line in lines:
        yield line[:-1].decode("utf-8")


def _publication_files(renderer: SiteRenderer) -> Iterator[OutputFile]:
    """The notice board, the open data page, feeds, calendars and robots.txt."""
    archive, config, text = renderer.archive, renderer.config, renderer.text
    history = history_for(config)
    feeds = FeedBuilder(archive, config, text, history)
    calendars = CalendarBuilder(archive, config, text, history)
    paths = config.paths

    if _has_template(renderer, NOTICE_BOARD_TEMPLATE):
        board = notice_board(archive, config.build_date)
        yield renderer.page(NOTICE_BOARD_TEMPLATE, paths.notice_board_page, meetings=board, body_of=archive.body,
                            heading=heading, appeal=lambda m: appeal_state(m, config.build_date))
    if _has_template(renderer, OPEN_DATA_TEMPLATE):
        yield renderer.page(OPEN_DATA_TEMPLATE, paths.open_data_page, bodies=archive.bodies,
                            data={"archive": paths.archive_json, "schema": paths.schema_json,
                                  "decisions": paths.decisions_csv, "actions": paths.actions_csv})

    entries = feeds.entries()
    yield OutputFile(paths.site_feed, feeds.feed(paths.site_feed, entries[paths.site_feed]))
    yield OutputFile(paths.decisions_feed, feeds.feed(paths.decisions_feed, entries[paths.decisions_feed]))
    yield OutputFile(paths.notice_board_feed, feeds.notice_board_feed())
    for body in archive.bodies:
        path = paths.body_feed(body.slug)
        yield OutputFile(path, feeds.feed(path, entries[path]))
        yield OutputFile(paths.body_calendar(body.slug), calendars.body_calendar(body.slug))
    yield OutputFile(site.ROBOTS, robots_txt(config))


def publication_page_inputs(meeting: Meeting, config: SiteConfig) -> tuple:
    """What a meeting page shows from outside its file, for the page cache: its git history, and
    its appeal state on the build date (the page cache's keys leave the date itself out)."""
    return (publication_dates(meeting, config), appeal_state(meeting, config.build_date))


def feed_entries(archive: Archive, config: SiteConfig) -> dict[str, tuple[Entry, ...]]:
    """What the feeds that show publication history hold, for the ledger a small plan is made from."""
    return FeedBuilder(archive, config, messages(config.language), history_for(config)).entries()


@dataclass
class HistoryPatch:
    files: dict[str, bytes | list[bytes | memoryview]]  # output path -> its new bytes, or their pieces
    edits: list[tuple[str, int, bytes]]  # (output path, offset, bytes): files changed in place
    feeds: dict[str, tuple[Entry, ...]]  # the feeds' new entries (FeedBuilder.entries)


def history_patch(archive: Archive, config: SiteConfig, before: History, after: History,
                  feeds: dict[str, tuple[Entry, ...]], output: Path) -> HistoryPatch | None:
    """The publication files after the meetings of `archive` (each whole) changed in nothing
    other pages show but their git history (`before` -> `after`), patched from the files of
    the current build in `output` and the entries its feeds showed. None when they cannot be
    patched; the full build then renders them.

    What a history shows elsewhere: the meeting's JSON and its record in the archive's JSON,
    its sitemap entry, its calendar event, and its entries in the site, body and decision feeds.
    """
    text = messages(config.language)
    old_feeds, new_feeds = FeedBuilder(archive, config, text, before), FeedBuilder(archive, config, text, after)
    if any(new_feeds.updated(m) < old_feeds.updated(m) for m in archive.meetings):
        return None  # an entry could sink below one the old feed left out (patched_entries)
    def read(relative: str) -> bytes | None:
        try:
            return (output / relative).read_bytes()
        except OSError:
            return None

    files: dict[str, bytes | list[bytes | memoryview]] = {}
    edits: list[tuple[str, int, bytes]] = []
    records = []
    for meeting in archive.meetings:
        body = archive.body(meeting.body_slug)
        old_record = compact_json(meeting_record(meeting, body, config, text, before))
        new_record = compact_json(meeting_record(meeting, body, config, text, after))
        if old_record != new_record:
            records.append((old_record, new_record))
            files[json_url(meeting)] = (new_record + "\n").encode("utf-8")
    if records:
        try:
            in_place = archive_json_edits(output / config.paths.archive_json, records)
        except (OSError, ValueError):
            return None
        if in_place is not None:
            edits += ((config.paths.archive_json, offset, content) for offset, content in in_place)
        else:
            old_archive = read(config.paths.archive_json)
            patched = patch_archive_json(old_archive, records) if old_archive is not None else None
            if patched is None:
                return None
            files[config.paths.archive_json] = patched

    if config.base_url:
        old_sitemap = read(site.SITEMAP)
        patched = patch_sitemap(old_sitemap, config, after, archive.meetings) if old_sitemap is not None else None
        if patched is None:
            return None
        files[site.SITEMAP] = patched

    calendars = CalendarBuilder(archive, config, text, after)
    for slug in sorted({m.body_slug for m in archive.meetings}):
        old_calendar = read(config.paths.body_calendar(slug))
        patched = calendars.patched_calendar(old_calendar, archive.meetings_of(slug)) if old_calendar else None
        if patched is None:
            return None
        files[config.paths.body_calendar(slug)] = patched

    entries = dict(feeds)
    paths = config.paths
    for path in [paths.site_feed, paths.decisions_feed, *(paths.body_feed(slug) for slug in {m.body_slug for m in archive.meetings})]:
        if path not in feeds:
            return None
        entries[path] = new_feeds.patched_entries(feeds[path], archive.meetings, path)
        if entries[path] != feeds[path]:
            files[path] = new_feeds.feed(path, entries[path])
    return HistoryPatch(files, edits, entries)
