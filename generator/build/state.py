"""The build state: what the last build made, in typed records, so this one can decide what to
reuse (see plan.py). BuildCache (cache.py) stores it: a small head, pieces keyed by their content
for the meetings' summaries and search payloads, and the ledger a small plan is made from.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from generator.common.compact import Columns, pickled_by_fields
from generator.common.errors import Problem
from generator.load.sources import FileStat  # what scan_content gives
from generator.model.domain import Meeting
from generator.search.documents import SearchPayload



@pickled_by_fields
@dataclass(frozen=True, slots=True)
class MeetingSummary:
    """A meeting as lists, registers and feeds read it: reused while its parse key is the same."""

    parse_key: str
    meeting: Meeting  # without page HTML
    problems: tuple[Problem, ...]
    light_key: str  # keys.light_key: what other pages show of it


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class SearchRecord:
    """What only the search index reads of a meeting, kept apart so a build that reuses the index
    never loads it: reused while its parse key is the same."""

    parse_key: str
    payload: SearchPayload


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class PageGroupRecord:
    key: str  # keys.group_key of what the group read
    files: tuple[str, ...]  # the output paths it wrote, in the order written (the sitemap's)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class GitState:
    head: str | None = None  # the commit checked out, None outside git
    shallow: bool = False
    in_git: bool = False


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class FileRecord:
    stat: FileStat
    blob: str  # git's blob id of its bytes; "" for a file the build neither read nor could vouch for


@dataclass
class BuildState:
    """What the previous build produced, to decide what this one can reuse.

    Saved as a small head (everything but `summaries` and `search`) and pieces keyed by their
    content, each holding the summaries, or the search payloads, of one group of meetings (see
    BuildCache.save_state). A build loads every summary piece, but search pieces only when the
    search index must be written again."""

    render_fingerprint: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # output path -> page key
    summaries: dict[str, MeetingSummary] = field(default_factory=dict)  # by rel
    search: dict[str, SearchRecord] = field(default_factory=dict)  # by rel, where loaded
    groups: dict[str, PageGroupRecord] = field(default_factory=dict)  # by page group name
    search_key: str = ""
    search_files: tuple[str, ...] = ()
    pieces: tuple[tuple[str, str], ...] = ()  # per group of meetings: (summaries piece key, search piece key)
    generation: str = ""  # names this head, so that an Amendment says which head it amends


@dataclass(frozen=True)
class Amendment:
    """What the small plans since the last full build changed of the state its head describes.

    A small plan must neither load nor rewrite the head and its pieces (megabytes at 10,000
    meetings, for one meeting's change), so it writes this small record beside them instead, and
    BuildCache.state() applies it to the head it names: the meetings whose summaries no longer
    stand for output/ (their pages changed) and the search index as the small plans patched it."""

    head: str  # BuildState.generation of the head it amends; applied to no other
    forgotten: frozenset[str] = frozenset()  # meeting files: their summaries are dropped
    search_key: str = ""  # the index's key now, "" when not known
    search_written: frozenset[str] = frozenset()  # index files written since the head
    search_removed: frozenset[str] = frozenset()  # index files removed since the head, not written again

    def forgetting(self, rels: set[str]) -> Amendment:
        return replace(self, forgotten=self.forgotten | rels, search_key="")

    def with_search_index(self, key: str, written: Iterable[str], removed: Iterable[str]) -> Amendment:
        written, removed = frozenset(written), frozenset(removed)
        return replace(self, search_key=key, search_written=(self.search_written - removed) | written,
                       search_removed=(self.search_removed | removed) - written)

    def apply(self, state: BuildState) -> None:
        for rel in self.forgotten:
            state.summaries.pop(rel, None)
        if not state.search_files:  # no index was written: there is none to amend
            state.search_key = ""
            return
        state.search_key = self.search_key
        state.search_files = tuple(sorted((set(state.search_files) - self.search_removed) | self.search_written))


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class MeetingRecord:
    """What the ledger knows of one meeting file."""

    blob: str  # git's blob id of the file's bytes
    light_key: str
    url: str
    page_key: str  # "" for a draft, which has no page
    problems: tuple[Problem, ...]  # every problem located in this file
    history: Any  # its publish.history.FileHistory, or None
    parse_key: str = ""


def file_records(records: dict[str, FileRecord]) -> Columns[FileRecord]:
    return Columns(FileRecord, records)


def meeting_records(records: dict[str, MeetingRecord]) -> Columns[MeetingRecord]:
    return Columns(MeetingRecord, records, opaque=("history", "problems"))


@dataclass
class Ledger:
    """A small summary of the last build, loaded in milliseconds: enough for plan.py to tell
    whether a rebuild only has to re-render changed meetings' own pages and patch the rest, and
    for the pipeline to do that without loading the whole archive."""

    render_fingerprint: str = ""
    assets: str = ""  # tree_digest of the asset folders, the project's and the theme's
    git: GitState = GitState()
    files: Columns[FileRecord] = field(default_factory=lambda: file_records({}))  # by rel: every file under content/
    meetings: Columns[MeetingRecord] = field(default_factory=lambda: meeting_records({}))  # by rel
    other_problems: tuple[Problem, ...] = ()  # problems not located in a meeting file
    bodies: tuple = ()
    people: tuple = ()
    body_headers: dict[str, str] = field(default_factory=dict)  # body slug -> key of its meeting headers
    output: tuple[int, int] = (0, 0)  # (st_dev, st_ino) of output/ as the build left it
    sentinel: str = ""  # plan.output_sentinel of output/ as the build left it (a restored copy has other inodes)
    feeds: str = ""  # key of the "feeds" entry: feed path -> the publish.feeds.Entry tuple it shows
    saved_ns: int = 0  # when it was written (stat times this close are not trusted)
    build_date: dt.date = dt.date.min  # the day the build saw as today
    names: dict = field(default_factory=dict)  # the archive's people.name_suggestions, for the near-miss check
    # What the search index's key reads besides parse keys (keys.search_key): per published meeting
    # in the index's order (rel, ref, status), and the bodies; so that a small plan that patched
    # the index can give the state the key a full build would compute for that index.
    search_meetings: tuple[tuple[str, str, str], ...] = ()
    search_bodies: tuple[tuple[str, str, str], ...] = ()
    state: str = ""  # BuildState.generation of the state head saved with it

