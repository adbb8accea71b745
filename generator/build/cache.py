"""The build cache (.cache/ beside content/): parsed meetings and what the last build wrote.

Keys are content hashes: of the source file, of the generator's code, templates, interface text
and config, and of what else a page depends on (SiteRenderer.meeting_page_inputs). A cache entry
is only ever used when every input is the same, so a cached build equals a clean one byte for
byte (tests/test_cache.py checks it). Deleting .cache/ is always safe.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from jinja2 import BytecodeCache, FileSystemBytecodeCache

import generator
from generator.build import keys
from generator.build.state import Amendment, BuildState, Ledger
from generator.common.atomic import atomic_write
from generator.common.hashing import digest, tree_digest
from generator.load.config import SiteConfig
from generator.theme import layout_folders

FORMAT = 13
PACKAGE_DIR = Path(generator.__file__).parent


def code_fingerprint() -> str:
    """The generator's own code and data: a change to any of it invalidates everything."""
    return tree_digest(PACKAGE_DIR) + generator.__version__


def render_fingerprint(config: SiteConfig, code: str) -> str:
    """Code, templates and config, without the build date: a new day must not re-render every
    meeting page. The date is keyed where it shows: a meeting page by its appeal state
    (publish.publication_page_inputs), the page groups by the date itself (pipeline), and the
    plan is never small after a build of another day (Ledger.build_date)."""
    return digest(code, tree_digest(*layout_folders(config)), replace(config, build_date=dt.date.min))


# Meetings per piece of the state, on average. The number of pieces is a power of two and a
# meeting's piece follows from its path alone, so a meeting that changes, comes or goes changes
# one piece and leaves the others' keys (and files) as they were. At 10,000 meetings that is 64
# pieces, each with the summaries of its meetings and, apart, their search payloads.
SUMMARY_PIECE = 128
_PIECE_MAGIC = b"minutes state piece 1\n"


def piece_count(meetings: int) -> int:
    count = 1
    while count * 2 * SUMMARY_PIECE <= meetings:
        count *= 2
    return count


def piece_of(rel: str, count: int) -> int:
    return int.from_bytes(hashlib.sha256(rel.encode("utf-8", "surrogatepass")).digest()[:4], "big") % count


def _piece_key(kind: str, entries: dict[str, Any]) -> str:
    """Every entry's parse key determines the rest of it: the key of a piece is that of its
    meetings' paths and parse keys."""
    return digest(kind, sorted((rel, entry.parse_key) for rel, entry in entries.items()))


class BuildCache:
    def __init__(self, config: SiteConfig, enabled: bool = True):
        self.enabled = enabled
        self.root = config.project_dir / ".cache" / f"v{FORMAT}"
        self.code = code_fingerprint() if enabled else ""
        self.render = render_fingerprint(config, self.code) if enabled else ""
        self.anchor_words = config.paths.anchor_words  # a parse depends on them

    def parse_key(self, source_digest: str, rel: str, language: str = "") -> str:
        # The language is the one its keywords are read in (the body's or the site's).
        return keys.parse_key(self.code, source_digest, rel, language, self.anchor_words)

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
            atomic_write(self._path(kind, key), lambda out: pickle.dump(value, out, protocol=5))

    def state(self) -> BuildState:
        """The last build's state with every summary piece that is intact, as the small plans
        since amended it; the meetings of a piece that is missing or damaged have no summary, so
        they are parsed and rendered again."""
        head = self._head()
        if head is None:
            return BuildState()  # none, or a state from another version: no state
        for summaries, _ in head.pieces:
            head.summaries.update(self._load_piece("summaries", summaries) or {})
        amendment = self.load("state", "amendment")
        if isinstance(amendment, Amendment) and head.generation and amendment.head == head.generation:
            amendment.apply(head)
        return head

    def _head(self) -> BuildState | None:
        head = self.load("state", "build") if self.enabled else None
        if not (isinstance(head, BuildState) and set(vars(head)) == {f.name for f in fields(BuildState)}):
            return None
        return head

    def load_search(self, state: BuildState, rels: Iterable[str]) -> None:
        """Add to state.search the search payloads of `rels` that the last build saved intact."""
        count = len(state.pieces)
        for index in sorted({piece_of(rel, count) for rel in rels if rel not in state.search} if count else ()):
            state.search.update(self._load_piece("search", state.pieces[index][1]) or {})

    def save_state(self, state: BuildState, previous: BuildState) -> None:
        """Write the pieces that do not exist yet, then the head, then delete the pieces it no
        longer names. A build killed at any point leaves the last head and all its pieces.

        A search piece holds the payloads of its group that are known: from this build's
        workers, from state.search, or from `previous`'s piece of the same meetings. A meeting
        whose payload is nowhere (its piece was damaged) is left out, and so is parsed again
        when the index is next written."""
        if not self.enabled:
            return
        count = piece_count(len(state.summaries))
        groups: list[list[str]] = [[] for _ in range(count)]
        for rel in state.summaries:
            groups[piece_of(rel, count)].append(rel)
        pieces = []
        for rels in groups:
            summaries = {rel: state.summaries[rel] for rel in rels}
            search = {rel: state.search[rel] for rel in rels
                      if rel in state.search and state.search[rel].parse_key == summaries[rel].parse_key}
            complete = _piece_key("search", summaries)
            if len(search) < len(rels) and self._piece_path(complete).is_file():
                pieces.append((self._store_piece("summaries", summaries), complete))  # the daily build's case
                continue
            if len(search) < len(rels):
                missing = [rel for rel in rels if rel not in search]
                self.load_search(previous, missing)
                search.update((rel, previous.search[rel]) for rel in missing
                              if rel in previous.search and previous.search[rel].parse_key == summaries[rel].parse_key)
            pieces.append((self._store_piece("summaries", summaries), self._store_piece("search", search)))
        state.generation = secrets.token_hex(8)
        self.store("state", "build", replace(state, summaries={}, search={}, pieces=tuple(pieces)))
        self._path("state", "amendment").unlink(missing_ok=True)  # it named the head just replaced
        referenced = {f"{key}.pickle" for pair in pieces for key in pair}
        an_hour_ago = time.time() - 3600
        for path in self._pieces_folder().iterdir():
            if path.name in referenced:
                continue
            # An older build's piece, or a write that was killed: a temporary file only once it is
            # old, as a build into another output folder may be writing it right now.
            try:
                if path.suffix != ".tmp" or path.stat().st_mtime < an_hour_ago:
                    path.unlink()
            except FileNotFoundError:
                pass

    def _pieces_folder(self) -> Path:
        return self.root / "pieces"

    def _piece_path(self, key: str) -> Path:
        return self._pieces_folder() / f"{key}.pickle"

    def _store_piece(self, kind: str, entries: dict[str, Any]) -> str:
        """Its bytes follow from its key, so a piece already there is not written again. The
        file starts with a checksum of the pickle, which catches what atomic renames cannot (a
        file damaged later, or lost in a crash before it reached the disk)."""
        key = _piece_key(kind, entries)
        path = self._piece_path(key)
        if not path.is_file():
            payload = pickle.dumps((kind, entries), protocol=5)
            checksum = hashlib.sha256(payload).digest()
            atomic_write(path, lambda out: out.writelines((_PIECE_MAGIC, checksum, payload)))
        return key

    def _load_piece(self, kind: str, key: str) -> dict[str, Any] | None:
        """A piece's entries, or None when it is missing or damaged (then it is deleted, so
        the next save writes it afresh)."""
        path = self._piece_path(key)
        try:
            data = path.read_bytes()
        except OSError:
            return None
        start = len(_PIECE_MAGIC) + 32
        payload = memoryview(data)[start:]
        try:
            if data[:len(_PIECE_MAGIC)] != _PIECE_MAGIC or hashlib.sha256(payload).digest() != data[start - 32:start]:
                raise ValueError("damaged")
            found, entries = pickle.loads(payload)
            if found != kind or not isinstance(entries, dict) or _piece_key(kind, entries) != key:
                raise ValueError("not the piece its name says")
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError,
                IndexError, KeyError):
            path.unlink(missing_ok=True)
            return None
        return entries

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

    def forget_meetings(self, ledger: Ledger, rels: set[str]) -> None:
        """Before a small plan changes output/: the state keeps no summary of these meetings and
        no search key, so the next full build parses them and writes the index again (were a file
        changed back, its old keys would match while output/ holds the newer page)."""
        self._amend(ledger, lambda amendment: amendment.forgetting(rels))

    def keep_search_index(self, ledger: Ledger, key: str, written: Iterable[str], removed: Iterable[str]) -> None:
        """After a small plan patched output/search/ (`written`, `removed`): the state's key and
        files of the index as it now is (forget_meetings cleared the key before output/ changed)."""
        self._amend(ledger, lambda amendment: amendment.with_search_index(key, written, removed))

    def _amend(self, ledger: Ledger, change: Callable[[Amendment], Amendment]) -> None:
        """Amend the state head the ledger was saved with (see state.Amendment)."""
        if not self.enabled or not ledger.state:
            return
        amendment = self.load("state", "amendment")
        if not (isinstance(amendment, Amendment) and amendment.head == ledger.state):
            amendment = Amendment(head=ledger.state)
        self.store("state", "amendment", change(amendment))

    def forget_ledger(self) -> None:
        """Before output/ changes: a ledger must never describe a site other than the one there."""
        if self.enabled:
            self._path("state", "ledger").unlink(missing_ok=True)
