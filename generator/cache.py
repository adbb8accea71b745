"""The build cache (.cache/ beside content/): parsed meetings and what the last build wrote.

Keys are content hashes: of the source file, of the generator's code, templates, interface text
and config, and of what else a page depends on (SiteRenderer.meeting_page_inputs). A cache entry
is only ever used when every input is the same, so a cached build equals a clean one byte for
byte (tests/test_cache.py checks it). Deleting .cache/ is always safe.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, BinaryIO

from jinja2 import BytecodeCache, FileSystemBytecodeCache

import generator
from generator.compact import pickled_by_fields
from generator.config import SiteConfig

FORMAT = 7
PACKAGE_DIR = Path(generator.__file__).parent


def digest(*parts: Any) -> str:
    """A stable hash of values whose repr is canonical (dataclasses, tuples, strings, dates).
    repr rather than pickle: pickle's output depends on which equal objects happen to be shared."""
    return hashlib.sha256(repr(parts).encode("utf-8", "surrogatepass")).hexdigest()


def tree_digest(*folders: Path) -> str:
    """Hash of every file's path and bytes under the folders, in a stable order."""
    hasher = hashlib.sha256()
    for folder in folders:
        if not folder.exists():
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            hasher.update(path.relative_to(folder).as_posix().encode() + b"\0")
            hasher.update(path.read_bytes())
    return hasher.hexdigest()


def code_fingerprint() -> str:
    """The generator's own code and data: a change to any of it invalidates everything."""
    return tree_digest(PACKAGE_DIR) + generator.__version__


def render_fingerprint(config: SiteConfig, code: str) -> str:
    """Code, templates and config, without the build date: a new day must not re-render every
    meeting page. The date is keyed where it shows: a meeting page by its appeal state
    (publish.publication_page_inputs), the page groups by the date itself (pipeline), and the
    quick path takes none of a build of another day (Ledger.build_date)."""
    return digest(code, tree_digest(config.layouts_path), replace(config, build_date=dt.date.min))


@dataclass
class BuildState:
    """What the previous build produced, to decide what this one can reuse."""

    render_fingerprint: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # output path -> page key
    summaries: dict[str, tuple] = field(default_factory=dict)  # rel -> (parse key, light meeting, problems, light key)
    producers: dict[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)  # name -> (key, files)
    search_key: str = ""
    search_files: tuple[str, ...] = ()


SUMMARY_PIECE = 256  # meetings per separately pickled piece of BuildState.summaries


@pickled_by_fields
@dataclass(frozen=True)
class MeetingRecord:
    """What the last build knew of one meeting file, for the quick path (generator/quick.py)."""

    digest: str  # sha256 of the file's bytes
    light_key: str  # meetings.light_key: what other pages show of it
    url: str
    page_key: str  # "" for a draft, which has no page
    problems: tuple  # every Problem located in this file
    history: Any  # its publish.history.FileHistory, or None


@dataclass
class Ledger:
    """A small summary of the last successful build, loaded in milliseconds: enough to tell
    whether a rebuild only has to re-render changed meetings' own pages and patch the search
    index, and to do that without the whole archive (see generator/quick.py)."""

    render_fingerprint: str = ""
    assets: str = ""  # tree_digest of assets/
    git: tuple = ()  # (HEAD, shallow, in_git) when the history was read
    files: dict[str, tuple[tuple[int, int, int], str]] = field(default_factory=dict)  # rel -> (stat, blob id)
    meetings: dict[str, MeetingRecord] = field(default_factory=dict)  # rel -> record
    other_problems: tuple = ()  # problems not located in a meeting file
    bodies: tuple = ()
    people: tuple = ()
    body_headers: dict[str, str] = field(default_factory=dict)  # body slug -> key of its header file
    output: tuple[int, int] = (0, 0)  # (st_dev, st_ino) of output/ as the build left it
    sentinel: str = ""  # quick.output_sentinel of output/ as the build left it (a restored copy has other inodes)
    feeds: str = ""  # key of the "feeds" entry: feed path -> the publish.feeds.Entry tuple it shows
    saved_ns: int = 0  # when it was written (stat times this close are not trusted)
    build_date: dt.date = dt.date.min  # the day the build saw as today


class BuildCache:
    def __init__(self, config: SiteConfig, enabled: bool = True):
        self.enabled = enabled
        self.root = config.project_dir / ".cache" / f"v{FORMAT}"
        self.code = code_fingerprint() if enabled else ""
        self.render = render_fingerprint(config, self.code) if enabled else ""

    def parse_key(self, source_digest: str, rel: str) -> str:
        return digest(self.code, source_digest, rel)

    def _path(self, kind: str, key: str) -> Path:
        return self.root / kind / key[:2] / f"{key}.pickle"

    def load(self, kind: str, key: str) -> Any | None:
        if not self.enabled:
            return None
        try:
            with open(self._path(kind, key), "rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # missing or written by another version: rebuild it

    def template_cache(self) -> BytecodeCache | None:
        """Compiled templates, so a fresh process does not compile them again (Jinja2 checks
        each entry against its template's source)."""
        if not self.enabled:
            return None
        folder = self.root / "templates"
        folder.mkdir(parents=True, exist_ok=True)
        return FileSystemBytecodeCache(str(folder))

    def has(self, kind: str, key: str) -> bool:
        return self.enabled and self._path(kind, key).is_file()

    def store(self, kind: str, key: str, value: Any) -> None:
        if self.enabled:
            _atomic_pickle(self._path(kind, key), value)

    # The state is written as a sequence of pickles: the state without its summaries, then the
    # summaries in pieces. One pickler over all of them keeps an entry for every object it wrote,
    # which at 10,000 meetings made saving the state the build's peak of memory.

    def state(self) -> BuildState:
        if not self.enabled:
            return BuildState()
        try:
            with open(self._path("state", "build"), "rb") as handle:
                state = pickle.load(handle)
                if not (isinstance(state, BuildState) and set(vars(state)) == {f.name for f in fields(BuildState)}):
                    return BuildState()  # a state from another version is no state
                for _ in range(pickle.load(handle)):
                    state.summaries.update(pickle.load(handle))
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            return BuildState()
        return state

    def save_state(self, state: BuildState) -> None:
        if not self.enabled:
            return
        items = list(state.summaries.items())
        pieces = range(0, len(items), SUMMARY_PIECE)

        def write(out: BinaryIO) -> None:
            pickle.dump(replace(state, summaries={}), out, protocol=5)
            pickle.dump(len(pieces), out, protocol=5)
            for start in pieces:
                pickle.dump(dict(items[start:start + SUMMARY_PIECE]), out, protocol=5)

        _atomic_write(self._path("state", "build"), write)

    def front_matter(self) -> dict[str, Any]:
        """Parsed front matter by the hash of its YAML text (sources.YamlMemo), from the last build."""
        memo = self.load("state", "front_matter") if self.enabled else None
        return memo if isinstance(memo, dict) else {}

    def save_front_matter(self, memo: dict[str, Any]) -> None:
        self.store("state", "front_matter", memo)

    def ledger(self) -> Ledger | None:
        ledger = self.load("state", "ledger")
        complete = isinstance(ledger, Ledger) and set(vars(ledger)) == {f.name for f in fields(Ledger)}
        return ledger if complete else None

    def save_ledger(self, ledger: Ledger) -> None:
        self.store("state", "ledger", ledger)

    # The feeds' entries (about 1 MB at 10,000 meetings) are only read when a commit changed
    # some history, so they are kept apart from the ledger, under a key it names.

    def store_feeds(self, feeds: dict) -> str:
        key = digest(feeds)
        if not self.has("feeds", key):
            self.store("feeds", key, feeds)
        return key

    def forget_feeds_except(self, key: str) -> None:
        folder = self.root / "feeds"
        for path in folder.glob("*/*.pickle") if folder.exists() else ():
            if path.stem != key:
                path.unlink(missing_ok=True)

    # Meetings the quick path re-rendered since the last full build. The full build's BuildState
    # still describes their old content, so it must not reuse anything of them (were a file
    # changed back, its old keys would match while output/ holds the newer page). Kept apart
    # from the ledger, and written before output/ changes, so no kill can lose it.

    def dirty(self) -> set[str]:
        found = self.load("state", "dirty")
        return set(found) if isinstance(found, (set, frozenset)) else set()

    def mark_dirty(self, rels: set[str]) -> None:
        self.store("state", "dirty", frozenset(self.dirty() | rels))

    def clear_dirty(self) -> None:
        if self.enabled:
            self._path("state", "dirty").unlink(missing_ok=True)

    def forget_ledger(self) -> None:
        """Before output/ changes: a ledger must never describe a site other than the one there."""
        if self.enabled:
            self._path("state", "ledger").unlink(missing_ok=True)


def _atomic_pickle(path: Path, value: Any) -> None:
    _atomic_write(path, lambda out: pickle.dump(value, out, protocol=5))


def _atomic_write(path: Path, write: Callable[[BinaryIO], object]) -> None:
    """Write via a temporary file and rename, so a killed build never leaves half a cache entry."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
