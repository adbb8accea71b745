"""When each content file was first published and last changed, from git.

One `git log` call per build reads the history of every file under content/ (the first-parent
line, so a merged branch counts from the day it was merged; renames followed). Without git, or
outside a repository, every file simply has no history and pages fall back to the `published`
date of the front matter. The build time is never used as a date.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import weakref
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, urlsplit

from generator.common.compact import pickled_by_fields
from generator.load.config import SiteConfig
from generator.common.errors import Problem, warning
from generator.model.domain import Archive, Meeting

GIT_TIMEOUT = 60


@pickled_by_fields
@dataclass(frozen=True)
class FileHistory:
    """The commits that touched one file, oldest first (committer dates, with their offsets)."""

    repo_path: str  # the file's path from the repository root, for links to the host
    commits: tuple[dt.datetime, ...]

    @property
    def first(self) -> dt.datetime:
        return self.commits[0]

    @property
    def last(self) -> dt.datetime:
        return self.commits[-1]


@dataclass(frozen=True)
class History:
    files: dict[str, FileHistory] = field(default_factory=dict)  # by path relative to the project
    shallow: bool = False
    in_git: bool = False

    def of(self, rel: str) -> FileHistory | None:
        return self.files.get(rel)


def _git(config: SiteConfig, *args: str) -> str | None:
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", "-C", str(config.project_dir), *args],
                              capture_output=True, timeout=GIT_TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", "surrogateescape") if done.returncode == 0 else None


def parse_log(output: str, prefix: str) -> dict[str, FileHistory]:
    """Parse `git log -z --name-status --format=%x1e%cI` (newest first), following renames.

    Paths in the output are relative to the repository root; `prefix` is the project folder's
    place in the repository ("" or "site/"), and the result is keyed relative to the project.
    """
    current_name: dict[str, str] = {}  # an older name of a file -> its name today
    commits: dict[str, list[dt.datetime]] = {}
    for record in output.split("\x1e"):
        if not record.strip("\n\0"):
            continue
        stamp, _, changes = record.partition("\0")
        when = dt.datetime.fromisoformat(stamp.strip())
        tokens = [t for t in changes.lstrip("\n").split("\0") if t]
        index = 0
        while index < len(tokens):
            status = tokens[index]
            if status[:1] in ("R", "C"):  # R100 old new: the file was called `old` before this commit
                old, new = tokens[index + 1:index + 3] if index + 2 < len(tokens) else ("", "")
                index += 3
                today = current_name.get(new, new)
                if status[:1] == "R" and old:
                    current_name[old] = today
            else:
                path = tokens[index + 1] if index + 1 < len(tokens) else ""
                index += 2
                today = current_name.get(path, path)
            if today:
                commits.setdefault(today, []).append(when)
    result = {}
    for repo_path, stamps in commits.items():
        if repo_path.startswith(prefix):
            result[repo_path[len(prefix):]] = FileHistory(repo_path, tuple(sorted(stamps)))
    return result


def _place(config: SiteConfig) -> tuple[str, bool] | None:
    """Where the project sits in its repository ("" or "site/"), and whether the clone is shallow."""
    where = _git(config, "rev-parse", "--show-prefix", "--is-shallow-repository")
    if where is None:
        return None
    lines = where.split("\n")
    return lines[0].strip(), (lines[1].strip() == "true" if len(lines) > 1 else False)


def _log(config: SiteConfig, *revisions: str) -> str | None:
    """`git log` of content/ as parse_log reads it (first-parent line, renames followed)."""
    return _git(config, "log", "--first-parent", "-m", "-M", "-z", "--name-status", "--format=%x1e%cI",
                *revisions, "--", config.content_dir)


def read_history(config: SiteConfig) -> History:
    """Two git calls: where the project sits in the repository, then the whole log of content/."""
    place = _place(config)
    if place is None:
        return History()
    prefix, shallow = place
    log = _log(config)
    if log is None:  # e.g. a repository without commits yet
        return History(shallow=shallow, in_git=True)
    return History(parse_log(log, prefix), shallow=shallow, in_git=True)


def history_since(config: SiteConfig, old_head: str, new_head: str) -> dict[str, FileHistory] | None:
    """The commits on the first-parent line after `old_head` up to `new_head`, per file they
    touched (by path relative to the project), when the full history of `new_head` is the
    history of `old_head` plus these: `old_head` is on that line, the clone is not shallow, and
    no new commit renames or copies a file. None otherwise (read the whole history instead)."""
    place = _place(config)
    chain = _git(config, "rev-list", "--first-parent", "--parents", f"{old_head}..{new_head}")
    if place is None or place[1] or chain is None:
        return None
    if not chain.strip() or chain.strip().split("\n")[-1].split()[1:2] != [old_head]:
        return None  # old_head is not the first parent of the oldest new commit: a rewrite or a merge
    log = _log(config, f"{old_head}..{new_head}")
    renamed = (t.strip("\n") for t in log.split("\0") if t.strip("\n")[:1] in ("R", "C")) if log else ()
    if log is None or any(token[1:].isdigit() for token in renamed):
        return None
    return parse_log(log, place[0])


# One entry of `git ls-files --stage --debug -z`: mode, blob, stage, path, then the stat data the
# index holds for it. An entry of another shape (a later git's) is not vouched for, so read.
_INDEX_ENTRY = re.compile(r"\d+ ([0-9a-f]+) 0\t([^\0]*)\0  ctime: (\d+):(\d+)\n  mtime: (\d+):(\d+)\n"
                          r"  dev: \d+\tino: (\d+)\n  uid: \d+\tgid: \d+\n  size: (\d+)\tflags: 0\n")


def index_blobs(config: SiteConfig, stats: Mapping[str, tuple[int, int, int, int]]) -> dict[str, str]:
    """The git blob id of each file under content/ (relative to the project) that git's index
    vouches for: its stat (`stats`: inode, size, modification and change times in ns) is the one the index
    recorded, and it was last modified before the index was written, so it cannot have changed
    since without its stat showing it. That is git's own test, at the precision of the
    nanoseconds the file system records rather than git's seconds: after a checkout, git itself
    reads again every file written in the second it wrote its index (all of them, for a quick
    one), in every command. {} outside git. After a checkout that is every file, and none is read."""
    place = _git(config, "rev-parse", "--git-path", "index")
    if place is None:
        return {}
    index = config.project_dir / place.strip()
    try:
        written = os.stat(index).st_mtime_ns
        listing = _git(config, "ls-files", "--stage", "--debug", "-z", "--", config.content_dir)
        if listing is None or os.stat(index).st_mtime_ns != written:
            return {}  # no index, or another git command rewrote it meanwhile
    except OSError:
        return {}
    blobs = {}
    for entry in _INDEX_ENTRY.finditer(listing):
        blob, name, ctime_s, ctime_ns, mtime_s, mtime_ns, inode, size = entry.groups()
        status = stats.get(name)
        if status is None:
            continue
        mtime = int(mtime_s) * 1_000_000_000 + int(mtime_ns)
        # The index keeps the low 32 bits of the inode and the size.
        if (status[2] == mtime < written and status[3] == int(ctime_s) * 1_000_000_000 + int(ctime_ns)
                and status[0] & 0xFFFFFFFF == int(inode) and status[1] & 0xFFFFFFFF == int(size)):
            blobs[name] = blob
    return blobs


# One history per build: check() reads it afresh and the render stage reuses it, keyed by the
# SiteConfig object of that build (a new build, even with an equal config, reads git again).
_HISTORIES: dict[int, History] = {}


def git_head(config: SiteConfig) -> str | None:
    """The commit checked out, or None outside git: while it stays the same, so does the history."""
    head = _git(config, "rev-parse", "HEAD")
    return head.strip() if head else None


def remember_history(config: SiteConfig, history: History) -> History:
    """Use `history` for this config's build instead of reading git (a small plan knows it)."""
    return _remember(config, history)


def forget_history(config: SiteConfig) -> None:
    _HISTORIES.pop(id(config), None)


def _remember(config: SiteConfig, history: History) -> History:
    key = id(config)
    if key not in _HISTORIES:
        weakref.finalize(config, _HISTORIES.pop, key, None)
    _HISTORIES[key] = history
    return history


def fresh_history(config: SiteConfig) -> History:
    return _remember(config, read_history(config))


def history_for(config: SiteConfig) -> History:
    history = _HISTORIES.get(id(config))
    return history if history is not None else fresh_history(config)


@dataclass(frozen=True)
class PublicationDates:
    """What a page shows: first published and last changed (dates), and a link to the history."""

    first_published: dt.date | None
    last_changed: dt.date | None
    first_stamp: dt.datetime | None  # full timestamps where git gives them (feeds)
    last_stamp: dt.datetime | None
    history_url: str


def history_url(config: SiteConfig, repo_path: str) -> str:
    """The file's history on the repository host; '' without a repository_url.

    GitLab: <repo>/-/commits/HEAD/<path>; GitHub and most others: <repo>/commits/HEAD/<path>.
    A repository_url containing '{path}' is used as a template instead (for other hosts).
    """
    base = config.repository_url.strip()
    if not base:
        return ""
    path = quote(repo_path)
    if "{path}" in base:
        return base.replace("{path}", path)
    base = base.rstrip("/")
    if base.endswith(".git"):
        base = base[:-4]
    host = urlsplit(base).hostname or ""
    return f"{base}/-/commits/HEAD/{path}" if "gitlab" in host else f"{base}/commits/HEAD/{path}"


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def publication_dates(meeting: Meeting, config: SiteConfig, history: History | None = None) -> PublicationDates:
    history = history if history is not None else history_for(config)
    found = history.of(meeting.location.path)
    if found is not None:
        return PublicationDates(found.first.date(), found.last.date(), found.first, found.last,
                                history_url(config, found.repo_path))
    first = meeting.published
    corrected = [c.date for c in meeting.corrections if first is None or c.date >= first]
    last = max(corrected) if corrected else first
    return PublicationDates(first, last, _midnight(first) if first else None, _midnight(last) if last else None, "")


def history_warnings(archive: Archive, config: SiteConfig) -> list[Problem]:
    """`minutes check`: approved minutes that changed after approval without a recorded correction.

    The first commit on or after the approval date publishes the approved minutes; any later commit
    changes them and needs a `corrections` entry dated on or after the approval date.
    """
    history = history_for(config)
    problems: list[Problem] = []
    if history.shallow:
        problems.append(warning(config.content_dir, None,
                                "the git repository is a shallow clone, so publication dates may be wrong.",
                                "Fetch the whole history (actions/checkout: fetch-depth: 0; GitLab: GIT_DEPTH: 0)."))
    for meeting in archive.meetings:
        found = history.of(meeting.location.path)
        approved = meeting.approval.date if meeting.approval else None
        if meeting.status != "justerat" or approved is None or found is None:
            continue
        after = [stamp for stamp in found.commits if stamp.date() >= approved]
        if len(after) < 2 or any(c.date >= approved for c in meeting.corrections):
            continue
        problems.append(warning(
            meeting.location.path, None,
            f"the approved minutes (justerade {approved.isoformat()}) changed in git on "
            f"{after[-1].date().isoformat()} but record no correction.",
            "A change to approved minutes is a formal correction: add it under 'corrections' "
            "with date, what and why."))
    return problems
