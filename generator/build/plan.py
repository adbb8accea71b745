"""Change detection: what changed since the last build, and so what this build must do.

A build starts by making a plan. Where the last build left a ledger (state.Ledger) describing the
site in output/, the plan is made from stat and git alone: every content file's stat is compared
with the ledger's, only files whose stat changed are read (or, after a fresh checkout, vouched for
by git's index), and the commits since the last build say whose publication history changed. When
nothing changed but some meetings' text or history, the plan is small: those meetings are rendered
again, the search index and the publication files are patched, everything else is reused where it
is, and the changed files go into output/ through a journal (write.DeltaOutput).

Anything else makes the full plan: a changed template, config, build date or asset, an attachment,
body or people file, a new or deleted file, a rewritten history, a merge that brings in other lines,
a rename, a shallow clone. The full plan loads every file; then the keys (keys.py) decide per
meeting and per page group whether to reuse the last build's work, and the new site is written into
a staging folder that replaces output/ (write.StagedOutput). A small plan that finds out more
changed than it can carry (a meeting's dates, title, participants, decisions or actions, a content
error, an index or a history it cannot patch) gives way to the full plan, having written nothing.
"""

from __future__ import annotations

import enum
import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from generator.build import keys
from generator.build.cache import BuildCache
from generator.build.state import (BuildState, FileRecord, FileStat, GitState, Ledger, MeetingRecord, file_records,
                                   meeting_records)
from generator.common.compact import Columns
from generator.common.errors import Problem
from generator.common.hashing import tree_digest
from generator.load.config import SiteConfig
from generator.load.sources import blob_id, scan_content
from generator.model.domain import Archive
from generator.publish import feed_entries
from generator.publish.history import FileHistory, git_head, history_for, history_since, index_blobs
from generator.theme import asset_folders


class Step(enum.Enum):
    REUSE = "reuse"  # the last build's files stay as they are
    RENDER = "render"  # made again from the content
    PATCH = "patch"  # the last build's files, changed where this build's changes show


@dataclass
class Plan:
    """What a build does. `small`: made from the ledger; `meetings` then names every meeting file's
    step, and `changed` those to render again (their bytes or their history changed). A full plan
    fills `meetings` and `groups` as its keys decide them, once the headers are loaded."""

    small: bool
    ledger: Ledger | None = None
    head: str | None = None  # the commit checked out now
    files: Columns[FileRecord] = field(default_factory=lambda: file_records({}))  # every content file now (small plans)
    changed: list[str] = field(default_factory=list)
    histories: dict[str, FileHistory] = field(default_factory=dict)  # changed by the commits since the ledger
    meetings: dict[str, Step] = field(default_factory=dict)  # by rel
    groups: dict[str, Step] = field(default_factory=dict)  # by page group name, "search" for the index


# A file changed within this long before the ledger was written may have been changed again
# without its stat showing it (coarse file-system clocks): such files are always read.
UNTRUSTED_NS = 2_000_000_000

# A fresh checkout (CI) gives every file a new stat. From this many, git's index is asked for
# the files' blob ids (what the ledger records) rather than reading them all.
GIT_VOUCHES_FROM = 64

# Files that change whenever the site does in a way a small plan cares about (the meetings
# listed, the search index); their hash tells a restored copy of output/ (CI's cache) from
# another site when the inode cannot.
SENTINELS = ("index.html", "search/index.json.gz")


def output_identity(output: Path) -> tuple[int, int]:
    status = os.stat(output)
    return status.st_dev, status.st_ino


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


def make_plan(config: SiteConfig, cache: BuildCache) -> Plan:
    """The small plan when stat and git show only changes it can carry, else the full plan."""
    ledger = cache.ledger() if cache.enabled else None
    output = config.output_path.absolute()
    if (ledger is None or not _is_build_of(output, ledger) or ledger.render_fingerprint != cache.render
            or ledger.build_date != config.build_date or tree_digest(*asset_folders(config)) != ledger.assets):
        return Plan(small=False)
    head = git_head(config)
    histories = _new_histories(config, ledger, head)
    if histories is None:
        return Plan(small=False)
    stats = scan_content(config.content_path, config.project_dir)
    rels = tuple(ledger.files)
    if stats is None or len(stats) != len(rels) or any(rel not in stats for rel in rels):
        return Plan(small=False)
    old_stats, old_blobs = ledger.files.column("stat"), ledger.files.column("blob")
    new_stats = [stats[rel] for rel in rels]
    new_blobs = list(old_blobs)
    trusted_before = ledger.saved_ns - UNTRUSTED_NS
    restat = [row for row, status in enumerate(new_stats)
              if not (status == old_stats[row] and status[2] < trusted_before)]
    vouched = index_blobs(config, stats) if len(restat) > GIT_VOUCHES_FROM else {}
    changed: list[str] = []
    for row in restat:
        rel = rels[row]
        if not old_blobs[row]:
            return Plan(small=False)  # an attachment or a file the build does not read: the full plan decides
        blob = vouched.get(rel) or blob_id((config.project_dir / rel).read_bytes())
        new_blobs[row] = blob
        if blob != old_blobs[row]:
            if rel not in ledger.meetings:
                return Plan(small=False)  # a body or the people registry
            changed.append(rel)
    files = ledger.files.with_columns(stat=new_stats, blob=new_blobs)
    changed += sorted(set(histories) - set(changed))  # committed: its history changed, maybe its bytes too
    plan = Plan(small=True, ledger=ledger, head=head, files=files, changed=changed, histories=histories)
    plan.meetings = {rel: Step.RENDER if rel in changed else Step.REUSE for rel in ledger.meetings}
    plan.groups = {"search": Step.PATCH if changed else Step.REUSE,
                   "publication": Step.PATCH if histories else Step.REUSE}
    return plan


def _new_histories(config: SiteConfig, ledger: Ledger, head: str | None) -> dict[str, FileHistory] | None:
    """The meeting files whose history the commits since the last build changed, with their
    history now; None when the commits changed more than meetings' histories can carry."""
    if head == ledger.git.head:
        return {}
    if head is None or ledger.git.head is None or ledger.git.shallow or not ledger.git.in_git:
        return None
    since = history_since(config, ledger.git.head, head)
    if since is None or any(rel not in ledger.meetings for rel in since):
        return None  # a body, people or attachment file, or one that is gone: the full plan
    histories = {}
    for rel, new in since.items():
        old = ledger.meetings[rel].history
        histories[rel] = FileHistory(new.repo_path, tuple(sorted((*(old.commits if old else ()), *new.commits))))
    return histories



def ledger_after_build(config: SiteConfig, cache: BuildCache, stats: dict | None, blobs: dict[str, str],
                       state: BuildState, header_archive: Archive, archive: Archive, problems: list[Problem],
                       head: str | None, names: dict | None = None) -> Ledger | None:
    """The ledger of a full build that just succeeded (None without a cache, or when the content
    folder holds something only the full load stage judges). `blobs`: rel -> blob id of every
    file the build read; `state`: the build state it just saved."""
    if stats is None or not cache.enabled:
        return None
    history = history_for(config)
    vouched = index_blobs(config, stats) if any(rel not in blobs for rel in stats) else {}
    by_file: dict[str, list[Problem]] = {}
    for problem in problems:
        by_file.setdefault(problem.location.path, []).append(problem)
    records: dict[str, MeetingRecord] = {}
    for rel, summary in state.summaries.items():
        meeting = summary.meeting
        page_key = state.pages.get(meeting.url, "") if meeting.status != "utkast" else ""
        records[rel] = MeetingRecord(blobs[rel], summary.light_key, meeting.url, page_key,
                                     tuple(by_file.pop(rel, ())), history.of(rel), summary.parse_key)
    body_headers = {}
    for body in archive.bodies:
        headers = header_archive.meetings_of(body.slug)
        key = keys.headers_key(cache.code, [(m.location.path, records[m.location.path].light_key) for m in headers])
        if not cache.has("headers", key):
            cache.store("headers", key, headers)
        body_headers[body.slug] = key
    output = config.output_path.absolute()
    search_meetings, search_bodies = keys.search_inputs(header_archive)
    return Ledger(
        render_fingerprint=cache.render, assets=tree_digest(*asset_folders(config)),
        git=GitState(head, history.shallow, history.in_git),
        files=file_records({rel: FileRecord(status, blobs.get(rel) or _unread_blob(config, rel, status, vouched))
                            for rel, status in stats.items()}),
        meetings=meeting_records(records), other_problems=tuple(p for found in by_file.values() for p in found),
        bodies=archive.bodies, people=archive.people, body_headers=body_headers,
        output=output_identity(output), sentinel=output_sentinel(output),
        feeds=cache.store_feeds(feed_entries(archive, config)), saved_ns=time.time_ns(), build_date=config.build_date,
        names=names or {}, search_meetings=search_meetings, search_bodies=search_bodies, state=state.generation)


def _unread_blob(config: SiteConfig, rel: str, status: FileStat, vouched: dict[str, str]) -> str:
    """For a file the build copied without reading (an attachment): git's blob id for it, if the
    file is still the one the build saw (same stat); else "", and a change to it takes the full plan."""
    try:
        now = os.stat(config.project_dir / rel)
    except OSError:
        return ""
    same = (now.st_ino, now.st_size, now.st_mtime_ns, now.st_ctime_ns) == status
    return vouched.get(rel, "") if same else ""
