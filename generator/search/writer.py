"""Write the sharded search index: a small manifest, term shards, document chunks, body runs.

    search/index.json.gz      manifest: fields, pipeline, shard boundaries, facets, version
    search/terms/<n>.gz       term shard n: every term in [shards[n], shards[n+1]) with postings
    search/docs/<n>.json.gz   document chunk n (one meeting's documents): what a result shows
    search/lengths/<n>.gz     field lengths of documents n*LENGTH_BLOCK ...: for lunr's weights
    search/bodies.json.gz     per body, the runs of document ids it owns (loaded for a body filter)
    search/statuses.json.gz   the same per meeting status (justerat, ojusterat; for a status filter)

docs/search.md describes the formats. Documents are numbered oldest first (date, then ref), so a
year is one range of ids, "newest first" is "highest id first", a body is a few runs, and a
meeting added after the others leaves every earlier document's id (and document chunk) as it was.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import pickle
import re
import shutil
import sys
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Final

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION

from generator.common.atomic import atomic_write
from generator.common.packages import installed_version
from generator.common.pool import can_fork, collector_paused, default_jobs, workers
from generator.search.encoding import MANIFEST_LEVEL, gzip_bytes, json_bytes, uints_bytes
from generator.search.pipeline import SEARCH_PIPELINE
from generator.search.scoring import (
    InvertedIndex,
    PackedIndex,
    TermPostings,
    low_byte,
    shifted_ids,
    utf16_key,
)
from generator.search.chunks import (  # field_values and display_text: also this module's API
    FIELDS, MOST_CHUNK_DOCUMENTS, chunk_sizes, chunk_starts, display_text, document_chunk, encode_chunk_sizes, field_values,
    meeting_page, text_key)
from generator.search.pipeline import analyse_document
from generator.search.prepared import KEY_BYTES, Analysed, MeetingSearch, PreparedDocument, analysed_documents, renumbered_chunk
from generator.search.shards import ShardCutter, separators, shard_file, term_body

if TYPE_CHECKING:
    from generator.search import SearchDocument

FORMAT: Final = 7
# Raw bytes of postings per term shard before gzip. Smaller shards mean fewer unneeded postings
# per query but more boundaries in the manifest everyone loads; bench/search_bench.py measures it.
SHARD_BYTES: Final = 12_000
# A document chunk (docs/<n>.json.gz) holds one meeting's documents, or a part of a meeting with
# more than this many: a results page fetches the chunks of its results (an item's excerpt
# source is at most chunks.EXCERPT_CHARACTERS), and every file costs a build and a deploy time.
# One file per meeting rather than one per two items cut the index from 6,200 to 1,200 files at
# 1,000 meetings; bench/search_bench.py measures what a query fetches.
CHUNK_DOCUMENTS: Final = 4
# The browser orders terms by first document * ORDER_POSITIONS + position (exact below 2**53).
ORDER_POSITIONS: Final = 1 << 21
# Documents per field-length block (lengths/<n>.gz): a query loads the blocks of its postings.
LENGTH_BLOCK: Final = 2048
# Documents per analysis block, on average: the unit of the analysis cache (and of the work split
# between processes). A changed document costs the analysis of its block; a block more to load
# costs one more merge per term of the block.
ANALYSIS_BLOCK: Final = 2048


@dataclass(frozen=True)
class IndexSettings:
    shard_bytes: int = SHARD_BYTES
    chunk_documents: int = CHUNK_DOCUMENTS
    block_documents: int = ANALYSIS_BLOCK

    def __post_init__(self) -> None:
        if not 1 <= self.chunk_documents <= MOST_CHUNK_DOCUMENTS:  # one digit per chunk in the manifest
            raise ValueError(f"chunk_documents must be 1 to {MOST_CHUNK_DOCUMENTS}, not {self.chunk_documents}")


def document_order(documents: Iterable[SearchDocument]) -> list[SearchDocument]:
    """Oldest first, then by ref: the id order of the index (and lunr's tie-break order)."""
    by_ref = sorted(documents, key=lambda document: document.ref)
    refs = [document.ref for document in by_ref]
    if len(set(refs)) != len(refs):
        duplicates = sorted({ref for ref in refs if refs.count(ref) > 1})
        raise ValueError(f"search documents with the same ref: {', '.join(duplicates)}")
    return sorted(by_ref, key=lambda document: document.date)


# A callback that hard-links one file (a path relative to the site root, "search/...") from the
# previous build into the new one, returning False when it cannot: StagedOutput.reuse.
Reuse = Callable[[str], bool]


# The index files other than the manifest, in the order they are written: groups of numbered
# files (terms/<n>.gz, docs/<n>.json.gz, lengths/<n>.gz) and single files (bodies.json.gz, ...).
FILE_GROUPS: Final = ("terms", "docs", "lengths", "bodies", "statuses", "words")
_DIGEST_BYTES: Final = 16


def file_place(relative: str) -> tuple[str, int]:
    """(group, number) of an index file: "terms/7.gz" is ("terms", 7), "bodies.json.gz" ("bodies", 0)."""
    folder, _, name = relative.partition("/")
    if name:
        return folder, int(name.split(".", 1)[0])
    return relative.split(".", 1)[0], 0


class FileDigests:
    """A digest of every index file's bytes, per group in file order. The manifest's version
    (what the browser appends to every fetch, so a new build is never mixed with cached files of
    an old one) is a hash over these digests, not over the files: an incremental update rewrites
    a few files and recomputes it from the digests the last build kept (in the analysis cache)."""

    def __init__(self, groups: dict[str, bytes] | None = None) -> None:
        self.groups = {name: bytearray(groups.get(name, b"") if groups else b"") for name in FILE_GROUPS}

    @staticmethod
    def of(data: bytes) -> bytes:
        return hashlib.blake2b(data, digest_size=_DIGEST_BYTES).digest()

    def count(self, group: str) -> int:
        return len(self.groups[group]) // _DIGEST_BYTES

    def get(self, group: str, number: int) -> bytes:
        return bytes(self.groups[group][number * _DIGEST_BYTES:(number + 1) * _DIGEST_BYTES])

    def set(self, group: str, number: int, digest: bytes) -> None:
        """Set file `number`'s digest; files are numbered without gaps, so it is at most one past the last."""
        if number > self.count(group):
            raise ValueError(f"{group}/{number} set before {group}/{self.count(group)}")
        self.groups[group][number * _DIGEST_BYTES:(number + 1) * _DIGEST_BYTES] = digest

    def truncate(self, group: str, count: int) -> None:
        del self.groups[group][count * _DIGEST_BYTES:]

    def version(self) -> str:
        hasher = hashlib.sha256()
        for name in FILE_GROUPS:
            hasher.update(name.encode() + b"\0" + hashlib.sha256(self.groups[name]).digest())
        return hasher.hexdigest()[:16]

    def frozen(self) -> dict[str, bytes]:
        return {name: bytes(digests) for name, digests in self.groups.items()}


@dataclass
class _Output:
    """Files written so far and their digests (for the manifest's version).

    A file whose bytes equal the previous build's (see _pack) is handed to `reuse` instead of
    being written again."""

    root: Path
    reuse: Reuse | None = None
    paths: list[Path] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    digests: FileDigests = field(default_factory=FileDigests)

    def write(self, relative: str, data: bytes, unchanged: bool = False) -> None:
        if relative != "index.json.gz":
            self.digests.set(*file_place(relative), FileDigests.of(data))
        if unchanged and self.reuse is not None and self.reuse(f"{self.root.name}/{relative}"):
            self.reused.append(relative)
            return
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.paths.append(path)

    def adopt(self, relative: str, digest: bytes, unchanged: bool, previous: Path | None) -> None:
        """A file a worker handled (_chunk_range): written there, or, `unchanged`, left for
        `reuse`, or copied from the previous build when that cannot link it."""
        self.digests.set(*file_place(relative), digest)
        if unchanged and previous is not None:
            if self.reuse is not None and self.reuse(f"{self.root.name}/{relative}"):
                self.reused.append(relative)
                return
            shutil.copyfile(previous / relative, self.root / relative)
        self.paths.append(self.root / relative)


def _pack(relative: str, payload: bytes) -> tuple[bytes, bool]:
    """The gzip bytes of a file, and whether the previous build has the very same file (then
    they are its bytes, and compressing again is skipped: gzip output is a function of input)."""
    previous = _work.previous
    if previous is not None:
        try:
            old = (previous / relative).read_bytes()
            if gzip.decompress(old) == payload:
                return old, True
        except (OSError, EOFError, gzip.BadGzipFile, zlib.error):
            pass
    return gzip_bytes(payload), False


def encode_postings(postings: TermPostings, idf: float, field_lengths: Sequence[Sequence[int]],
                    shard_bytes: int) -> bytes:
    """The record body of a term (shards.term_body): the browser computes lunr's weights from
    it and the field lengths (in the record of a term with a shard of its own, else in
    lengths/<n>.gz), as lunr.py does."""
    first_document, position = postings.first
    if position >= ORDER_POSITIONS:
        raise ValueError(f"a search document with more than {ORDER_POSITIONS} distinct words")
    return term_body(first_document, position, low_byte(idf), postings.docs, postings.counts, field_lengths,
                     shard_bytes, len(field_lengths[0]))


def encode_shards(index: InvertedIndex, terms: Sequence[str], shard_bytes: int,
                  following: str | None = None) -> list[tuple[str, bytes]]:
    """Cut consecutive sorted terms into shards (shards.ShardCutter); return (first term, bytes
    before gzip) per shard. `following` is the term after the last one, if any (the cut rule
    looks one record ahead)."""
    def body(term: str) -> bytes:
        postings = index.terms[term]
        return encode_postings(postings, index.idf(postings), index.field_lengths, shard_bytes)

    cutter = ShardCutter(shard_bytes)
    upcoming = body(terms[0]) if terms else b""
    for number, term in enumerate(terms):
        current = upcoming
        after = terms[number + 1] if number + 1 < len(terms) else following
        upcoming = body(after) if after is not None else None
        cutter.add(term, term.encode("utf-8"), current, upcoming)
    cutter.close()
    return cutter.shards


def length_blocks(index: InvertedIndex, block: int) -> list[bytes]:
    """Per block of `block` document ids, each document's field lengths (in terms), in field order."""
    lengths = index.field_lengths
    return [uints_bytes([value for per_field in zip(*(field[start:start + block] for field in lengths))
                         for value in per_field])
            for start in range(0, index.document_count, block)]



def words_bytes(terms: Iterable[str]) -> bytes:
    """words.txt.gz: every index term, one a line, in the shards' order. The browser reads it
    only when a query finds nothing, for "did you mean" and for letters without their accents."""
    return "\n".join(sorted(terms, key=utf16_key)).encode("utf-8", "surrogatepass")

# ---- one process or several: the same bytes either way ----

# Below this many documents a second process costs more than it saves.
PARALLEL_MIN_DOCUMENTS: Final = 2_000

@dataclass
class _Work:
    """What forked workers read: set by the parent just before it forks (_set_work), so nothing
    is pickled. Each stage sets the fields its function reads."""

    documents: Sequence[SearchDocument | PreparedDocument] = ()
    # Document keys (document_key); for the chunks, only with an analysis cache.
    keys: Sequence[bytes] | None = None
    cache: AnalysisCache | None = None
    names: dict[tuple[int, int], str] = field(default_factory=dict)  # an analysis block's cache name
    body_numbers: dict[str, int] = field(default_factory=dict)
    starts: Sequence[int] = ()  # chunk_starts
    chunk_record: list[tuple[bytes, tuple[int, int, int]]] | None = None
    previous: Path | None = None
    root: Path = Path()
    index: InvertedIndex | None = None
    terms: Sequence[str] = ()
    shard_bytes: int = SHARD_BYTES


_work = _Work()


def _set_work(**fields: object) -> None:
    global _work
    _work = _Work(**fields)  # type: ignore[arg-type]


def index_jobs(jobs: int | None, documents: int) -> int:
    """Processes to use: 1 inside a pool's worker (no nested pools), with other threads running
    (`minutes serve`: forking a threaded process is unsafe), or for a small archive."""
    if jobs is None:
        jobs = default_jobs()
    if jobs <= 1 or documents < PARALLEL_MIN_DOCUMENTS or not can_fork():
        return 1
    return jobs


def _analyse_block(start: int, end: int, record: list[Analysed] | None = None) -> PackedIndex:
    """Index documents [start, end) (ids from 0 within the block); a PreparedDocument was
    analysed by the worker that parsed its meeting. Each document's analysis is appended to
    `record`, if given (for the analysis cache)."""
    documents = _work.documents
    index = InvertedIndex(FIELDS)
    search = read = None
    for document in documents[start:end]:
        if isinstance(document, PreparedDocument):
            if document.search is not search:  # a meeting's documents are adjacent
                search = document.search
                read = search.reader()
            analysis: Analysed = read(document.number)  # type: ignore[misc]
        else:
            fields = analyse_document((document.title, document.text), document.language)[:len(FIELDS)]
            analysis = ([(frequencies.keys(), frequencies.values()) for frequencies, _ in fields],
                        [length for _, length in fields])
        index.add_analysed(*analysis)
        if record is not None:
            record.append(analysis)
    return index.pack()


def _analysed_block(start: int, end: int, cache: AnalysisCache, name: str) -> PackedIndex:
    """_analyse_block, stored in the cache with the record of its documents' analyses."""
    record: list[Analysed] = []
    packed = _analyse_block(start, end, record)
    keys = _work.keys
    assert keys is not None  # the analysis stage always passes them
    cache.store_documents(name, analysed_documents(joined_keys(keys[start:end]), record))
    cache.store(name, packed)
    return packed


def _analyse_and_store(start: int, end: int) -> PackedIndex:
    """_analyse_block, stored in the analysis cache, with its document ids shifted to count
    from `start` (the ids the whole index gives them): by the process that analysed the block,
    as pickling the blocks (95 MB at 10,000 meetings) and shifting their ids was serial work
    of the parent."""
    cache = _work.cache
    if cache is None:
        packed = _analyse_block(start, end)
    else:
        packed = _analysed_block(start, end, cache, _work.names[(start, end)])
    return (*packed[:5], shifted_ids(packed[5], start), packed[6])  # type: ignore[return-value]


def _chunk_range(first: int, end: int) -> list[tuple[bytes, bool, bytes]]:
    """Write the document chunks [first, end) whose bytes the previous build does not have, here in the worker (so that the parent never
    holds every chunk's bytes); per chunk return its digest (FileDigests.of), whether the
    previous build has the same file (then it is not written), and its identity (chunk_identity,
    or b"" without an analysis cache). A chunk whose identity the cache's chunk record holds for
    the very file the previous build left (same inode, size and mtime) is that file, read
    without encoding and comparing."""
    documents, body_numbers, starts, keys = _work.documents, _work.body_numbers, _work.starts, _work.keys
    record = _work.chunk_record or []
    previous, root = _work.previous, _work.root
    results = []
    for number in range(first, end):
        at, stop = starts[number], starts[number + 1]
        relative = f"docs/{number}.json.gz"
        identity = chunk_identity(keys[at:stop], documents[at:stop], body_numbers) if keys is not None else b""
        if previous is not None and number < len(record) and record[number][0] == identity:
            data = _recorded_bytes(previous / relative, record[number][1])
            if data is not None:
                results.append((FileDigests.of(data), True, identity))
                continue
        if isinstance(documents[at], PreparedDocument):
            data, unchanged = _prepared_chunk(documents[at:stop], body_numbers, relative)
        else:
            data, unchanged = _pack(relative, document_chunk(documents[at:stop], body_numbers))
        if not unchanged:
            with open(root / relative, "wb") as out:
                out.write(data)
        results.append((FileDigests.of(data), unchanged, identity))
    return results


def _prepared_chunk(documents: Sequence[PreparedDocument], body_numbers: dict[str, int],
                    relative: str) -> tuple[bytes, bool]:
    """The gzip bytes of a chunk its meeting's worker encoded (prepared.prepare_meeting), and
    whether the previous build has the same file."""
    first = documents[0]
    if (first.chunk is None or any(d.chunk is not None for d in documents[1:])
            or any(not isinstance(d, PreparedDocument) or d.url.partition("#")[0] != first.url.partition("#")[0]
                   for d in documents)):
        raise ValueError(f"the prepared chunks of {meeting_page(first)} do not match the index's chunks")
    number, data = first.chunk
    if number != body_numbers[first.body]:
        data = renumbered_chunk(data, body_numbers[first.body])
    return data, _same_as_previous(relative, data)


def chunk_identity(keys: Sequence[bytes], documents: Sequence[SearchDocument], body_numbers: dict[str, int]) -> bytes:
    """A hash of everything document_chunk shows of these documents."""
    hasher = hashlib.blake2b(digest_size=16)
    for key, d in zip(keys, documents):
        hasher.update(key + repr((d.url, body_numbers[d.body], d.date, d.status, d.item_number)).encode(
            "utf-8", "surrogatepass"))
    return hasher.digest()


def file_identity(path: Path) -> tuple[int, int, int]:
    status = os.stat(path)
    return status.st_ino, status.st_size, status.st_mtime_ns


def _recorded_bytes(path: Path, identity: tuple[int, int, int]) -> bytes | None:
    """The bytes of a file the last build wrote or linked, if it is still that file."""
    try:
        if file_identity(path) != identity:
            return None
        data = path.read_bytes()
    except OSError:
        return None
    return data if len(data) == identity[1] else None


# ---- the analysis cache: blocks of documents analysed by an earlier build ----

# Bump when the packed form (InvertedIndex.pack) changes meaning without a change to the files
# analysis_version() hashes.
ANALYSIS_FORMAT: Final = 1


@lru_cache(maxsize=1)
def analysis_version() -> str:
    """What a block's analysis depends on besides its documents' titles and texts: the pipeline,
    stop words, stemmer, the index model and this writer (blocks, packing), and the fields."""
    hasher = hashlib.blake2b(digest_size=16)
    hasher.update(f"{ANALYSIS_FORMAT}\0{installed_version('snowballstemmer')}\0{FIELDS!r}\0{sys.version}\0"
                  f"{unicodedata.unidata_version}\0{zlib.ZLIB_RUNTIME_VERSION}\0".encode())
    here = Path(__file__).parent
    from generator.search.compounds import lexicon_version

    hasher.update(lexicon_version().encode())
    for name in ("pipeline.py", "compounds.py", "scoring.py", "writer.py", "chunks.py", "encoding.py", "shards.py",
                 "stopwords_sv.txt", "stopwords_en.txt"):
        hasher.update((here / name).read_bytes())
    return hasher.hexdigest()


def document_key(document: SearchDocument) -> bytes:
    """text_key of a document, which a PreparedDocument carries (computed by the worker that had
    the text)."""
    if isinstance(document, PreparedDocument):
        return document.key
    return text_key(document)


class DocumentKeys(Sequence[bytes]):
    """The documents' keys (document_key) in id order, as one buffer of KEY_BYTES each: what the
    cache keeps and an incremental update reads, changes and hashes by the block. A list of
    120,000 keys took 12 ms to cut from the buffer and 8 ms to join back, in a rebuild that has
    a second for everything."""

    __slots__ = ("blob",)

    def __init__(self, blob: bytes | bytearray) -> None:
        if len(blob) % KEY_BYTES:
            raise ValueError(f"document keys are {KEY_BYTES} bytes each")
        self.blob = bytearray(blob)

    def __len__(self) -> int:
        return len(self.blob) // KEY_BYTES

    def __getitem__(self, index):  # type: ignore[override]
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                raise ValueError("document keys are sliced in order")
            return DocumentKeys(self.blob[start * KEY_BYTES:max(start, stop) * KEY_BYTES])
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return bytes(self.blob[index * KEY_BYTES:(index + 1) * KEY_BYTES])

    def __setitem__(self, index: int, key: bytes) -> None:
        if len(key) != KEY_BYTES or not 0 <= index < len(self):
            raise ValueError(f"a document key is {KEY_BYTES} bytes, at a document's place")
        self.blob[index * KEY_BYTES:(index + 1) * KEY_BYTES] = key

    def __iter__(self) -> Iterator[bytes]:
        blob = bytes(self.blob)
        return (blob[at:at + KEY_BYTES] for at in range(0, len(blob), KEY_BYTES))

    def copy(self) -> "DocumentKeys":
        return DocumentKeys(self.blob)


def joined_keys(keys: Sequence[bytes]) -> bytes:
    return bytes(keys.blob) if isinstance(keys, DocumentKeys) else b"".join(keys)


def _block_candidates(keys: Sequence[bytes], average: int) -> Iterable[int]:
    """The positions whose key can be 0 modulo `average`. A key whose first byte is not 0 is
    never 0 modulo a multiple of 256: looking at that byte first skips all but one key in 256
    (an update runs this over every document twice)."""
    if average % 256:
        return range(len(keys))
    if isinstance(keys, DocumentKeys):
        firsts = bytes(keys.blob[::KEY_BYTES])  # every key's first byte, searched in C
        return [match.start() for match in re.finditer(b"\0", firsts)]
    return [position for position, key in enumerate(keys) if not key[0]]


def analysis_blocks(keys: Sequence[bytes], average: int) -> list[tuple[int, int]]:
    """Cut documents into [start, end) blocks at documents whose key is 0 modulo `average` (and
    at 4 * average documents at most): the cuts depend on the documents, not their positions, so
    a document added, removed or changed moves no cut far from it and the other blocks keep
    their keys."""
    longest = 4 * average
    candidates = _block_candidates(keys, average)
    bounds: list[tuple[int, int]] = []
    start = 0
    for position in candidates:
        if int.from_bytes(keys[position][:8], "little") % average:
            continue
        while position + 1 - start > longest:
            bounds.append((start, start + longest))
            start += longest
        bounds.append((start, position + 1))
        start = position + 1
    while len(keys) - start >= longest:
        bounds.append((start, start + longest))
        start += longest
    if start < len(keys):
        bounds.append((start, len(keys)))
    return bounds


# The file of a block's record of its documents' analyses: the block's name and this.
_DOCUMENTS: Final = "-documents"


class AnalysisCache:
    """One pickle per analysis block under `folder`, named by a hash of the block's document keys
    and analysis_version(): an unchanged block is loaded, not analysed again. Files of blocks the
    last build did not use are deleted (prune), so the folder holds one archive's blocks."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.version = analysis_version()
        self.used: set[str] = set()

    def key(self, document_keys: Sequence[bytes]) -> str:
        hasher = hashlib.blake2b(self.version.encode(), digest_size=20)
        hasher.update(joined_keys(document_keys))  # as one update or one per key: the same digest
        name = hasher.hexdigest()
        self.used.update((name, name + _DOCUMENTS))
        return name

    def has(self, name: str) -> bool:
        return (self.folder / f"{name}.pickle").is_file() and (self.folder / f"{name}{_DOCUMENTS}.pickle").is_file()

    def _read(self, name: str) -> object | None:
        """A pickle of this folder, or None when it is missing or damaged (then it is made again)."""
        try:
            with open(self.folder / f"{name}.pickle", "rb") as handle:
                return pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            return None

    def load(self, name: str, documents: int) -> PackedIndex | None:
        packed = self._read(name)
        if not (isinstance(packed, tuple) and len(packed) == 7 and packed[0] == documents):
            return None
        return packed

    def load_documents(self, name: str, documents: int) -> MeetingSearch | None:
        """The analyses of a block's documents one by one (prepared.analysed_documents): what
        an incremental update knows of a document's old text (the chunks show only excerpts)."""
        record = self._read(name + _DOCUMENTS)
        if not (isinstance(record, MeetingSearch) and len(record.keys) == documents * KEY_BYTES):
            return None
        return record

    def store_documents(self, name: str, record: MeetingSearch) -> None:
        self.store(name + _DOCUMENTS, record)

    def forget(self, name: str) -> None:
        """Delete a block's files (its record went bad), so that the next build analyses it again."""
        for stem in (name, name + _DOCUMENTS):
            (self.folder / f"{stem}.pickle").unlink(missing_ok=True)

    def store(self, name: str, packed: object) -> None:
        try:
            atomic_write(self.folder / f"{name}.pickle", lambda out: pickle.dump(packed, out, protocol=5))
        except OSError:
            pass  # a cache that cannot be written only costs the next build time

    def load_chunks(self, chunk_documents: int) -> list[tuple[bytes, tuple[int, int, int]]] | None:
        """The last build's chunk record: per document chunk, its identity and its file's."""
        self.used.add("chunks")
        kept = self._read("chunks")
        if not (isinstance(kept, tuple) and len(kept) == 3):
            return None
        version, chunk, record = kept
        return record if version == self.version and chunk == chunk_documents and isinstance(record, list) else None

    def store_chunks(self, chunk_documents: int, record: list[tuple[bytes, tuple[int, int, int]]]) -> None:
        self.used.add("chunks")
        self.store("chunks", (self.version, chunk_documents, record))  # type: ignore[arg-type]

    def load_files(self, settings: IndexSettings) -> tuple[FileDigests, DocumentKeys] | None:
        """The digests of the index files the last build with these settings left (FileDigests),
        and the keys (document_key) of its documents in id order."""
        self.used.add("files")
        kept = self._read("files")
        if not (isinstance(kept, tuple) and len(kept) == 4):
            return None
        version, kept_settings, groups, keys = kept
        if version != self.version or kept_settings != settings or not isinstance(groups, dict) \
                or not isinstance(keys, bytes) or len(keys) % KEY_BYTES:
            return None
        return FileDigests(groups), DocumentKeys(keys)

    def store_files(self, settings: IndexSettings, digests: FileDigests, keys: Sequence[bytes]) -> None:
        self.used.add("files")
        self.store("files", (self.version, settings, digests.frozen(), joined_keys(keys)))

    def prune(self) -> None:
        try:
            for path in self.folder.iterdir():
                if path.suffix in (".pickle", ".tmp") and path.stem not in self.used:
                    path.unlink(missing_ok=True)
        except OSError:
            pass


def _encode_range(start: int, end: int) -> list[tuple[str, bytes]]:
    """(first term, gzip bytes) of the shards of terms [start, end): compressed in the worker,
    so the parent only receives compressed shards."""
    index, terms = _work.index, _work.terms
    assert index is not None  # the encoding stage always passes it
    following = terms[end] if end < len(terms) else None
    return [(first, shard_file(payload, len(FIELDS)))
            for first, payload in encode_shards(index, terms[start:end], _work.shard_bytes, following)]


def _same_as_previous(relative: str, data: bytes) -> bool:
    previous = _work.previous
    if previous is None:
        return False
    try:
        return (previous / relative).read_bytes() == data
    except OSError:
        return False


def _in_order(function, ranges: list[tuple[int, int]], jobs: int, **work: object) -> Iterator:
    """function(*bounds) for each of `ranges`, yielded in order as they are ready (_run that
    never holds every result)."""
    _set_work(**work)
    try:
        if jobs <= 1 or len(ranges) <= 1:
            for bounds in ranges:
                yield function(*bounds)
        else:
            with workers(min(jobs, len(ranges)), fork_only=True) as pool:
                assert pool is not None  # index_jobs chose more than one only where forking is safe
                yield from pool.imap(partial(_call, function), ranges)
    finally:
        _set_work()


def _call(function, bounds: tuple[int, int]):
    return function(*bounds)


def _run(function, ranges: list[tuple[int, int]], jobs: int, **work: object) -> list:
    _set_work(**work)
    try:
        if jobs <= 1 or len(ranges) <= 1:
            return [function(*bounds) for bounds in ranges]
        with workers(min(jobs, len(ranges)), fork_only=True) as pool:
            assert pool is not None  # index_jobs chose more than one only where forking is safe
            return pool.starmap(function, ranges)
    finally:
        _set_work()


def _split(total: int, parts: int, step: int = 1) -> list[tuple[int, int]]:
    """[start, end) ranges covering `total`, starts at multiples of `step`."""
    cuts = sorted({min(total, round(total * part / parts / step) * step) for part in range(1, parts)})
    bounds = [0, *[cut for cut in cuts if 0 < cut < total], total]
    return [(a, b) for a, b in zip(bounds, bounds[1:]) if b > a] or [(0, total)]


def _term_parts(index: InvertedIndex, terms: Sequence[str], parts: int, shard_bytes: int) -> list[tuple[int, int]]:
    """Cut the sorted terms into about equal amounts of postings, only before terms that start a
    shard of their own (at least shard_bytes of postings: every posting takes two bytes or more)."""
    sizes = [index.terms[term].document_frequency() for term in terms]
    total = sum(sizes)
    cuts: list[int] = []
    running = 0
    for position, size in enumerate(sizes):
        if len(cuts) < parts - 1 and position and running >= total * (len(cuts) + 1) / parts \
                and 2 * size >= shard_bytes:
            cuts.append(position)
        running += size
    bounds = [0, *cuts, len(terms)]
    return [(a, b) for a, b in zip(bounds, bounds[1:])]


def body_runs(documents: Sequence[SearchDocument], slugs: Sequence[str]) -> list[list[int]]:
    """Per body, its document ids as runs: [gap, length, gap, length, ...], gaps from the last run."""
    return facet_runs(documents, slugs, lambda document: document.body)


def facet_runs(documents: Sequence[SearchDocument], values: Sequence[str],
               value_of: Callable[[SearchDocument], str]) -> list[list[int]]:
    """Per facet value (body, status), its document ids as runs: [gap, length, gap, length, ...]."""
    runs: dict[str, list[int]] = {value: [] for value in values}
    ends: dict[str, int] = {value: 0 for value in values}
    doc_id = 0
    while doc_id < len(documents):
        value = value_of(documents[doc_id])
        end = doc_id
        while end < len(documents) and value_of(documents[end]) == value:
            end += 1
        runs[value] += [doc_id - ends[value], end - doc_id]
        ends[value] = end
        doc_id = end
    return [runs[value] for value in values]


def year_ranges(documents: Sequence[SearchDocument]) -> list[list[int]]:
    """[year, first id, end id] per year, newest first (ids are in date order)."""
    ranges: list[list[int]] = []
    for doc_id, document in enumerate(documents):
        year = int(document.date[:4])
        if ranges and ranges[-1][0] == year:
            ranges[-1][2] = doc_id + 1
        else:
            ranges.append([year, doc_id, doc_id + 1])
    return ranges[::-1]


def write_index(documents: Iterable[SearchDocument], out_dir: Path, settings: IndexSettings = IndexSettings(),
                jobs: int | None = None, previous: Path | None = None, reuse: Reuse | None = None,
                cache_dir: Path | None = None) -> list[Path]:
    """Write the index under out_dir/'search'/ and return the paths of the files written.

    With `previous` (the search/ folder of the last build) and `reuse`, a file whose bytes would
    equal the previous one is handed to reuse(site-relative path) instead of being written; the
    result is the same bytes either way. With `cache_dir`, the analysis of blocks of documents
    is kept there (AnalysisCache) and an unchanged block is loaded instead of analysed again.
    `jobs` caps the processes (see index_jobs).

    Python's cycle collector is paused meanwhile (and so in the forked workers): the analysis
    creates container objects by the million (a TermPostings and its arrays per term and block,
    a Counter per field), which keeps the collector running, and each collection of the oldest
    generation walks the whole archive the build holds (in a forked worker also copying every
    page it touches). The index makes no reference cycles, so pausing costs no memory."""
    with collector_paused():
        return _write_index(documents, out_dir, settings, jobs, previous, reuse, cache_dir)


def _write_index(documents: Iterable[SearchDocument], out_dir: Path, settings: IndexSettings, jobs: int | None,
                 previous: Path | None, reuse: Reuse | None, cache_dir: Path | None) -> list[Path]:
    root = out_dir / "search"
    if reuse is None or previous is None or not previous.is_dir() or previous.resolve() == root.resolve():
        previous = None
    if root.exists():  # never leave shards of an earlier build next to a new manifest
        shutil.rmtree(root)
    output = _Output(root, reuse if previous is not None else None)
    ordered = document_order(documents)
    jobs = index_jobs(jobs, len(ordered))

    bodies: dict[str, str] = {}
    for document in ordered:
        bodies.setdefault(document.body, document.body_name)
    slugs = sorted(bodies)
    statuses = sorted({document.status for document in ordered})
    body_numbers = {slug: number for number, slug in enumerate(slugs)}

    keys = DocumentKeys(b"".join(document_key(document) for document in ordered))
    cache = AnalysisCache(cache_dir / "search") if cache_dir is not None else None
    # Document chunks first, before the index exists: the forked workers are smaller.
    if ordered:
        (root / "docs").mkdir(parents=True)
    sizes = chunk_sizes(ordered, settings.chunk_documents)
    chunks: list[tuple[bytes, bool, bytes]] = [chunk for part in _run(
        _chunk_range, _split(len(sizes), jobs), jobs, documents=ordered,
        body_numbers=body_numbers, starts=chunk_starts(sizes), previous=previous, root=root,
        keys=keys if cache else None, chunk_record=cache.load_chunks(settings.chunk_documents) if cache else None)
        for chunk in part]

    # Documents are analysed in contiguous blocks (cut where their content says, see
    # analysis_blocks), each block loaded from the cache or analysed (in several processes), and
    # the partial indexes appended in order: the same terms, term indexes and postings as adding
    # the documents one by one.
    blocks = analysis_blocks(keys, settings.block_documents)
    names = [cache.key(keys[start:end]) if cache else "" for start, end in blocks]
    missing = {number for number, name in enumerate(names) if not (cache and cache.has(name))}
    # Memory: each block is appended as it comes (analysed in order, or loaded), never all at once.
    analysed = _in_order(_analyse_and_store, [blocks[number] for number in sorted(missing)], jobs, documents=ordered,
                         cache=cache, keys=keys, names={blocks[number]: names[number] for number in missing})
    index = InvertedIndex(FIELDS)
    for number, (name, (start, end)) in enumerate(zip(names, blocks)):
        if number in missing:
            index.extend_packed(next(analysed), shifted=True)
            continue
        packed = cache.load(name, end - start)  # type: ignore[union-attr]
        if packed is None:  # the file went bad after cache.has found it: analyse the block here
            _work.documents, _work.keys = ordered, keys
            packed = _analysed_block(start, end, cache, name)  # type: ignore[arg-type]
        index.extend_packed(packed)
    analysed.close()

    terms = sorted(index.terms, key=utf16_key)
    shard_parts = _run(_encode_range, _term_parts(index, terms, jobs, settings.shard_bytes), jobs,
                       index=index, terms=terms, shard_bytes=settings.shard_bytes)
    shards: list[str] = []
    _set_work(previous=previous)  # for _pack, in this process from here on
    try:
        for part in shard_parts:
            for first, data in part:
                relative = f"terms/{len(shards)}.gz"
                output.write(relative, data, _same_as_previous(relative, data))
                shards.append(first)
        del shard_parts
        record: list[tuple[bytes, tuple[int, int, int]]] = []
        for number, (digest, unchanged, identity) in enumerate(chunks):
            output.adopt(f"docs/{number}.json.gz", digest, unchanged, previous)
            if cache:
                record.append((identity, file_identity(root / f"docs/{number}.json.gz")))
        del chunks
        for number, payload in enumerate(length_blocks(index, LENGTH_BLOCK)):
            relative = f"lengths/{number}.gz"
            output.write(relative, *_pack(relative, payload))
        output.write("bodies.json.gz", *_pack("bodies.json.gz", json_bytes(body_runs(ordered, slugs))))
        output.write("words.txt.gz", *_pack("words.txt.gz", words_bytes(terms)))
        output.write("statuses.json.gz", *_pack("statuses.json.gz", json_bytes(
            facet_runs(ordered, statuses, lambda document: document.status))))
    finally:
        _set_work()

    counts = {slug: 0 for slug in slugs}
    for document in ordered:
        counts[document.body] += 1
    manifest = {
        "format": FORMAT,
        "lunr": LUNR_JS_VERSION,
        "fields": [f.name for f in FIELDS],
        "boosts": [f.boost for f in FIELDS],
        "lengths": [sum(lengths) for lengths in index.field_lengths],
        "lengthBlock": LENGTH_BLOCK,
        "pipeline": list(SEARCH_PIPELINE),
        "languages": sorted({document.language for document in ordered} or {"sv"}),
        "documents": len(ordered),
        "chunk": settings.chunk_documents,
        "chunks": encode_chunk_sizes(sizes),
        "shards": separators(terms, shards),
        "bodies": [[slug, bodies[slug], counts[slug]] for slug in slugs],
        "years": year_ranges(ordered),
        "statuses": [[status, sum(1 for d in ordered if d.status == status)] for status in statuses],
        "version": output.digests.version(),
    }
    output.write("index.json.gz", gzip_bytes(json_bytes(manifest), MANIFEST_LEVEL))
    if cache:
        cache.store_chunks(settings.chunk_documents, record)
        cache.store_files(settings, output.digests, keys)
        cache.prune()
    return output.paths
