"""Update the last build's search index for a few changed meetings, touching only what they change.

    update_search_index(changed, previous, staging, cache_dir) -> IndexDelta | None

The result (the previous files with the delta applied) is byte for byte what write_index writes
for the whole new set of documents; None means the change cannot be applied this way (the caller
then writes the whole index). Nothing beyond the previous build's output is needed, except the
analysis cache's record of that build: the digests of its files (writer.FileDigests) for the
manifest's version, its documents' keys, and their analyses:

- a changed meeting's documents are found in the previous document chunks: documents are
  numbered by date, so a binary search over the chunks of its year finds its date;
- a chunk shows only an excerpt of each text, so a changed document's old term frequencies come
  from the cache's record of its analysis block (writer.AnalysisCache.load_documents, found by
  the documents' keys) and are compared with the new ones: only terms whose postings (or place
  among the document's terms) differ are touched; the records of the blocks the change makes
  are stored for the next update;
- those terms' records are decoded from their shards (shards.shard_records), changed and encoded
  again; with the number of documents unchanged, only terms whose document frequency changed get
  a new idf;
- the shards from the first changed term on are cut again with the writer's content-defined rule
  until a cut falls where the previous build had one (shards.ShardCutter); shards after that keep
  their bytes, and are only renumbered when the number of shards before them changed.

A change that adds or removes documents (a new item, a deleted one, a meeting moved to another
date) changes the number of documents, and with it every idf and the ids after it: that is a
whole new index, and this returns None.
"""

from __future__ import annotations

import gzip
import json
import os
import zlib
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from generator.search import IndexDelta, SearchDocument
from generator.search.encoding import MANIFEST_LEVEL, gzip_bytes, json_bytes, read_uint, read_uints, uints_bytes
from generator.search.chunks import chunk_entry, decode_chunk_sizes, text_key
from generator.search.pipeline import analyse_document
from generator.search.prepared import Analysed, MeetingSearch, analysed_documents
from generator.search.scoring import idf, low_byte, utf16_key
from generator.search.shards import (
    ShardCutter, decode_body, first_terms, patched_body, separators, shard_file, shard_records, term_body)
from generator.search.writer import (
    FIELDS,
    FORMAT,
    LENGTH_BLOCK,
    ORDER_POSITIONS,
    AnalysisCache,
    DocumentKeys,
    FileDigests,
    IndexSettings,
    analysis_blocks,
    chunk_starts,
    facet_runs,
    file_place,
    joined_keys,
    words_bytes,
)

DEFAULT_SETTINGS: Final = IndexSettings()


class _Unusable(Exception):
    """The previous index does not allow an update for this change: write the whole index."""


def update_search_index(changed: Sequence[SearchDocument], previous: Path, staging: Path,
                        cache_dir: Path | None, settings: IndexSettings = DEFAULT_SETTINGS) -> IndexDelta | None:
    """Write the index files that `changed` (every document of the meetings that changed) alters
    under staging/'search'/ and return them, with the files of `previous` (the last build's
    search/ folder) that must go; None when the update cannot be made (see the module's doc)."""
    if cache_dir is None:
        return None
    cache = AnalysisCache(cache_dir / "search")
    try:
        update = _Update(previous, cache, settings)
        delta = update.apply(changed, staging / "search")
        update.store_blocks()
    except (_Unusable, OSError, EOFError, ValueError, zlib.error):
        return None
    cache.store_files(settings, update.digests, update.keys)
    return delta


@dataclass
class _Analysis:
    """One document's analysis, as InvertedIndex.add makes it: per field the term frequencies
    and the length, and each term's position among the document's terms (its first field's)."""

    frequencies: tuple[dict[str, int], ...]
    lengths: tuple[int, ...]
    positions: dict[str, int]

    @classmethod
    def of(cls, values: Sequence[str], language: str = "sv") -> _Analysis:
        return cls.analysed(analyse_document(values, language)[:len(FIELDS)])

    @classmethod
    def recorded(cls, analysis: Analysed) -> _Analysis:
        """From what the analysis cache records of a document (InvertedIndex.add_analysed's form)."""
        fields, lengths = analysis
        return cls.analysed([(dict(zip(terms, counts)), length) for (terms, counts), length in zip(fields, lengths)])

    @classmethod
    def analysed(cls, fields: Sequence[tuple[dict[str, int], int]]) -> _Analysis:
        frequencies, lengths, positions = [], [], {}
        position = 0
        for counts, length in fields:
            frequencies.append(counts)
            lengths.append(length)
            for term in counts:
                position += 1
                positions.setdefault(term, position)
        return cls(tuple(frequencies), tuple(lengths), positions)

    def record(self) -> Analysed:
        return [(field.keys(), field.values()) for field in self.frequencies], list(self.lengths)

    def counts(self, term: str) -> tuple[int, ...]:
        return tuple(field.get(term, 0) for field in self.frequencies)


class _FieldLengths:
    """field_lengths[f][d] for shards.term_body: the length of field f of document d after the
    update (for a record that gains field lengths; one that had them keeps them up to date)."""

    def __init__(self, update: _Update) -> None:
        self.update = update

    def __getitem__(self, field_number: int) -> _FieldLengths._Field:
        return _FieldLengths._Field(self.update, field_number)

    def __len__(self) -> int:
        return len(FIELDS)

    def __iter__(self):
        return (self[number] for number in range(len(FIELDS)))

    class _Field:
        def __init__(self, update: _Update, field_number: int) -> None:
            self.update, self.field_number = update, field_number

        def __getitem__(self, doc_id: int) -> int:
            return self.update.stored_lengths(doc_id)[self.field_number]


class _Previous:
    """The previous build's search/ folder, read lazily: the manifest, and chunks, shards and
    length blocks as they are asked for."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.manifest_bytes = (folder / "index.json.gz").read_bytes()
        self.manifest = json.loads(gzip.decompress(self.manifest_bytes))
        # The first document id of each chunk (a meeting's documents, writer.chunk_sizes), and
        # the number of documents last. The update keeps every meeting's documents, so these too.
        sizes = self.manifest.get("chunks")
        if not isinstance(sizes, str):
            raise _Unusable("an index of another format")
        self.chunk_starts = chunk_starts(decode_chunk_sizes(sizes))
        self._chunks: dict[int, tuple[bytes, list[list]]] = {}
        self._shards: dict[int, tuple[bytes, list[tuple[str, bytes, bytes]]]] = {}
        self._bodies: dict[int, dict[str, bytes]] = {}

    def payload(self, relative: str) -> bytes:
        return gzip.decompress((self.folder / relative).read_bytes())

    def chunk(self, number: int) -> tuple[bytes, list[list]]:
        if number not in self._chunks:
            payload = self.payload(f"docs/{number}.json.gz")
            self._chunks[number] = (payload, json.loads(payload))
        return self._chunks[number]

    def place(self, doc_id: int) -> tuple[int, int]:
        """(chunk number, position in the chunk) of a document."""
        number = bisect_right(self.chunk_starts, doc_id) - 1
        return number, doc_id - self.chunk_starts[number]

    def entry(self, doc_id: int) -> list:
        """[url, body number, date, status, item number, title, excerpt source] of a document."""
        number, place = self.place(doc_id)
        return self.chunk(number)[1][place]

    def ids_on(self, date: str) -> range:
        """The ids of the documents of one date (ids are in date order)."""
        year = int(date[:4])
        for listed, first, end in self.manifest["years"]:
            if listed == year:
                low, high = first, end
                while low < high:
                    middle = (low + high) // 2
                    if self.entry(middle)[2] < date:
                        low = middle + 1
                    else:
                        high = middle
                stop = low
                while stop < end and self.entry(stop)[2] == date:
                    stop += 1
                return range(low, stop)
        return range(0)

    def shard(self, number: int) -> tuple[bytes, list[tuple[str, bytes, bytes]]]:
        """A shard's bytes (before gzip) and its records (shards.shard_records)."""
        if number not in self._shards:
            payload = self.payload(f"terms/{number}.gz")
            self._shards[number] = (payload, shard_records(payload, len(FIELDS)))
        return self._shards[number]

    def read_payload(self, number: int) -> bytes | None:
        """The bytes of shard `number` if they were read (for a shard cut again)."""
        return self._shards[number][0] if number in self._shards else None

    def bodies(self, number: int) -> dict[str, bytes]:
        """Per term of a shard, its record body."""
        if number not in self._bodies:
            self._bodies[number] = {term: body for term, _, body in self.shard(number)[1]}
        return self._bodies[number]


class _Update:
    def __init__(self, folder: Path, cache: AnalysisCache, settings: IndexSettings) -> None:
        self.previous = _Previous(folder)
        manifest = self.previous.manifest
        files = cache.load_files(settings)
        digests, keys = files if files is not None else (None, DocumentKeys(b""))
        if (digests is None or manifest.get("version") != digests.version() or manifest.get("format") != FORMAT
                or len(keys) != manifest["documents"]
                or manifest["chunk"] != settings.chunk_documents or manifest["lengthBlock"] != LENGTH_BLOCK
                or manifest["fields"] != [f.name for f in FIELDS] or manifest["boosts"] != [f.boost for f in FIELDS]
                or not manifest["shards"] or self.previous.chunk_starts[-1] != manifest["documents"]):
            raise _Unusable("the previous index is not the one the cache describes")
        self.digests = digests
        self.cache = cache
        # The documents' keys (writer.document_key): the previous build's, then with the update.
        self.old_keys, self.keys = keys, keys.copy()
        self.old_blocks = analysis_blocks(keys, settings.block_documents)
        self._records: dict[int, tuple[MeetingSearch, Callable[[int], Analysed]]] = {}
        self.changed: dict[int, _Analysis] = {}  # the new analysis of each document whose text changed
        self.settings = settings
        self.documents: int = manifest["documents"]
        # The manifest lists separators (shards.separators); the update works with the real first
        # terms, found in the list of every term.
        self.words_payload = self.previous.payload("words.txt.gz")
        self.words: list[str] = self.words_payload.decode("utf-8", "surrogatepass").split("\n") if self.words_payload else []
        self.firsts: list[str] = first_terms(self.words, manifest["shards"])
        self.shard_keys = [utf16_key(term) for term in self.firsts]
        self.written: list[str] = []
        self.root = Path()
        self._folders: set[str] = set()
        self._length_blocks: dict[int, list[int]] = {}  # the previous lengths/<n>.gz, as read

    # ---- which documents change, and how ----

    def _located(self, changed: Sequence[SearchDocument]) -> list[tuple[int, SearchDocument]]:
        """(id, document) per changed document: its meeting's documents must be the ones the
        previous index has on that date under that page, in the same order (the ids of the
        new set then equal the old ones)."""
        manifest = self.previous.manifest
        names = {slug: name for slug, name, _ in manifest["bodies"]}
        numbers = {slug: number for number, (slug, _, _) in enumerate(manifest["bodies"])}
        meetings: dict[str, list[SearchDocument]] = {}
        for document in changed:
            page, hash_mark, anchor = document.ref.partition("#")
            # The url must follow from the ref (as the model makes them), so equal urls are equal refs.
            if not hash_mark or document.url != f"{page}.html#{anchor}" or names.get(document.body) != document.body_name:
                raise _Unusable(f"{document.ref}: not a document this update can place")
            meetings.setdefault(page, []).append(document)
        located = []
        for page, documents in meetings.items():
            documents.sort(key=lambda document: document.ref)
            if len({(d.date, d.body) for d in documents}) != 1 or len({d.ref for d in documents}) != len(documents):
                raise _Unusable(f"{page}: documents of one meeting with several dates, bodies or the same ref")
            url_page = f"{page}.html#"
            ids = [doc_id for doc_id in self.previous.ids_on(documents[0].date)
                   if self.previous.entry(doc_id)[0].startswith(url_page)]
            if [self.previous.entry(doc_id)[0] for doc_id in ids] != [d.url for d in documents] or any(
                    self.previous.entry(doc_id)[1] != numbers[d.body] for doc_id, d in zip(ids, documents)):
                raise _Unusable(f"{page}: its documents are not the ones the previous index has")
            located += zip(ids, documents)
        return sorted(located, key=lambda pair: pair[0])

    def apply(self, changed: Sequence[SearchDocument], root: Path) -> IndexDelta:
        self.root = root
        previous, manifest = self.previous, self.previous.manifest
        chunks: dict[int, list[list]] = {}
        statuses: dict[int, str] = {}
        analyses: dict[int, tuple[_Analysis, _Analysis]] = {}
        for doc_id, document in self._located(changed):
            if document.language not in manifest.get("languages", ["sv"]):
                raise _Unusable(f"{document.ref}: a language the index did not hold")
            old = previous.entry(doc_id)
            new = chunk_entry(document, old[1])
            if new != old:
                number, place = previous.place(doc_id)
                chunks.setdefault(number, [list(entry) for entry in previous.chunk(number)[1]])[place] = new
            if new[3] != old[3]:
                statuses[doc_id] = new[3]
            key = text_key(document)
            if key != self.old_keys[doc_id]:
                self.keys[doc_id] = key
                self.changed[doc_id] = _Analysis.of((document.title, document.text), document.language)
                analyses[doc_id] = (self._recorded(doc_id), self.changed[doc_id])

        lengths = self._lengths(analyses)
        shard_plan = self._shards(analyses) if analyses else None
        # Everything is known and checked: write.
        for number, entries in chunks.items():
            self._write_if_changed(f"docs/{number}.json.gz", previous.chunk(number)[0], json_bytes(entries))
        for number, values in lengths.items():
            self._write_if_changed(f"lengths/{number}.gz", previous.payload(f"lengths/{number}.gz"), uints_bytes(values))
        removed: list[str] = []
        if shard_plan is not None:
            firsts, removed = self._write_shards(shard_plan)
            words = self.words
            gone, new = self.vocabulary_change
            if gone or new:
                data = words_bytes((set(words) - gone) | new)
                self._write_if_changed("words.txt.gz", self.words_payload, data)
                words = data.decode("utf-8", "surrogatepass").split("\n") if data else []
            manifest["shards"] = separators(words, firsts)
        if statuses:
            manifest["statuses"] = self._write_statuses(statuses)
        for field_number in range(len(FIELDS)):
            manifest["lengths"][field_number] += sum(new.lengths[field_number] - old.lengths[field_number]
                                                     for old, new in analyses.values())
        manifest["version"] = self.digests.version()
        data = gzip_bytes(json_bytes(manifest), MANIFEST_LEVEL)
        if data != previous.manifest_bytes:
            self._write("index.json.gz", data)
        return IndexDelta(written=self.written, removed=removed)

    def _lengths(self, analyses: dict[int, tuple[_Analysis, _Analysis]]) -> dict[int, list[int]]:
        """The changed length blocks, after checking that the old lengths are the stored ones."""
        blocks: dict[int, list[int]] = {}
        fields = len(FIELDS)
        for doc_id, (old, new) in analyses.items():
            number, place = divmod(doc_id, LENGTH_BLOCK)
            if number not in blocks:
                blocks[number] = read_uints(self.previous.payload(f"lengths/{number}.gz"))
            values = blocks[number]
            if tuple(values[place * fields:(place + 1) * fields]) != old.lengths:
                raise _Unusable(f"document {doc_id}: its stored lengths are not those of its text")
            values[place * fields:(place + 1) * fields] = new.lengths
        return blocks

    # ---- term shards ----

    def _shard_of(self, term: str) -> int:
        return max(bisect_right(self.shard_keys, utf16_key(term)) - 1, 0)

    def _shards(self, analyses: dict[int, tuple[_Analysis, _Analysis]]) -> list[int | tuple[str, bytes]]:
        """The new shards: per shard either the number of a previous shard it equals, or (first
        term, bytes before gzip)."""
        changes: dict[str, dict[int, tuple[tuple[int, ...], tuple[int, ...]]]] = {}
        for doc_id, (old, new) in analyses.items():
            for term in old.positions.keys() | new.positions.keys():
                before, after = old.counts(term), new.counts(term)
                if before != after or old.positions.get(term) != new.positions.get(term):
                    changes.setdefault(term, {})[doc_id] = (before, after)
        bodies: dict[str, bytes | None] = {}  # a changed term's new record body; None: gone
        added: dict[int, list[str]] = {}  # per shard, the terms new to the index that fall in it
        positions: dict[int, dict[str, int]] = {doc_id: new.positions for doc_id, (_, new) in analyses.items()}
        # A term whose record carries its documents' field lengths (one with a shard of its own,
        # so the first term of its shard) changes with a changed document's lengths.
        firsts = self.firsts
        for doc_id, (old, new) in analyses.items():
            fields = [number for number, (before, after) in enumerate(zip(old.lengths, new.lengths)) if before != after]
            if not fields:
                continue
            for term in new.positions:
                if term in changes and doc_id in changes[term]:
                    continue
                counts = new.counts(term)
                if not any(counts[number] for number in fields):
                    continue  # not in a field whose length changed: its record keeps its lengths
                shard = self._shard_of(term)
                if firsts[shard] == term and self.previous.bodies(shard)[term][0] & 1:
                    changes.setdefault(term, {})[doc_id] = (counts, counts)
        for term, documents in changes.items():
            shard = self._shard_of(term)
            record = self.previous.bodies(shard).get(term)
            if record is None:
                added.setdefault(shard, []).append(term)
            elif all(before == after for before, after in documents.values()) and \
                    read_uint(record, 0)[0] >> 1 not in documents and not record[0] & 1:
                continue  # only its position in a document that is not its first holder moved
            bodies[term] = self._changed_body(term, record, documents, positions)
        self.vocabulary_change = ({term for term, body in bodies.items() if body is None},
                                  {term for terms in added.values() for term in terms if bodies.get(term) is not None})
        return self._recut(bodies, added)

    def _changed_body(self, term: str, record: bytes | None, documents: dict[int, tuple[tuple[int, ...], tuple[int, ...]]],
                      positions: dict[int, dict[str, int]]) -> bytes | None:
        fields = len(FIELDS)
        if record is not None and record[0] & 1:
            try:
                patched = patched_body(record, fields, {doc_id: (before, after, self.stored_lengths(doc_id))
                                                        for doc_id, (before, after) in documents.items()})
            except ValueError as error:
                raise _Unusable(f"{term!r}: {error}") from None
            if patched is not None:
                return patched
        if record is None:
            first_document, position, docs, counts = -1, 0, [[] for _ in range(fields)], [[] for _ in range(fields)]
            lengths = None
        else:
            first_document, position, _, docs, counts, lengths = decode_body(record, fields)
        # A record with field lengths keeps them aligned with its postings, changed in place.
        kept = lengths if lengths is not None else [None] * fields
        for doc_id, (before, after) in sorted(documents.items()):
            new_lengths = self.stored_lengths(doc_id) if lengths is not None else None
            for number, (field_docs, field_counts, old_count, new_count) in enumerate(zip(docs, counts, before, after)):
                field_lengths = kept[number]
                at = bisect_left(field_docs, doc_id)
                present = at < len(field_docs) and field_docs[at] == doc_id
                if (field_counts[at] if present else 0) != old_count:
                    raise _Unusable(f"{term!r} in document {doc_id}: the index does not hold its old text")
                if new_count and present:
                    field_counts[at] = new_count
                    if field_lengths is not None:
                        field_lengths[at] = new_lengths[number]
                elif new_count:
                    field_docs.insert(at, doc_id)
                    field_counts.insert(at, new_count)
                    if field_lengths is not None:
                        field_lengths.insert(at, new_lengths[number])
                elif present:
                    del field_docs[at], field_counts[at]
                    if field_lengths is not None:
                        del field_lengths[at]
        holders = [field_docs[0] for field_docs in docs if field_docs]
        if not holders:
            return None
        first = min(holders)
        if first in positions:
            position = positions[first][term]
        elif first != first_document:
            position = self._positions(first)[term]
        if position >= ORDER_POSITIONS:
            raise _Unusable("a document with more distinct words than the index orders")
        return term_body(first, position, low_byte(idf(self.documents, sum(map(len, docs)))), docs, counts,
                         _FieldLengths(self), self.settings.shard_bytes, self.documents, lengths)

    def stored_lengths(self, doc_id: int) -> tuple[int, ...]:
        """A document's field lengths after the update: a changed document's new ones, else the
        previous build's (lengths/<n>.gz)."""
        if doc_id in self.changed:
            return self.changed[doc_id].lengths
        number, place = divmod(doc_id, LENGTH_BLOCK)
        if number not in self._length_blocks:
            self._length_blocks[number] = read_uints(self.previous.payload(f"lengths/{number}.gz"))
        fields = len(FIELDS)
        return tuple(self._length_blocks[number][place * fields:(place + 1) * fields])

    def _positions(self, doc_id: int) -> dict[str, int]:
        """The term positions of an unchanged document (it became a term's first holder)."""
        return self._recorded(doc_id).positions

    # ---- the analysis cache's record of the documents ----

    def _recorded(self, doc_id: int) -> _Analysis:
        """The previous build's analysis of a document, from its block's record."""
        return _Analysis.recorded(self._record_of(doc_id))

    def _record_of(self, doc_id: int) -> Analysed:
        """The analysis cache's record of an unchanged document, as its block's record holds it."""
        block = bisect_right(self.old_blocks, (doc_id, len(self.old_keys))) - 1
        start, end = self.old_blocks[block]
        if block not in self._records:
            name = self.cache.key(self.old_keys[start:end])
            record = self.cache.load_documents(name, end - start)
            if record is None:
                self.cache.forget(name)
                raise _Unusable(f"no record of the analysis of documents {start} to {end - 1}")
            self._records[block] = (record, record.reader())
        record, read = self._records[block]
        if record.key(doc_id - start) != self.old_keys[doc_id]:
            raise _Unusable(f"document {doc_id}: the analysis cache's record is of another text")
        return read(doc_id - start)

    def store_blocks(self) -> None:
        """Store the records of the analysis blocks the changed documents make (their keys
        changed, and maybe where blocks are cut), for the next update."""
        if not self.changed:
            return
        blocks = analysis_blocks(self.keys, self.settings.block_documents)
        kept = set(self.old_blocks)  # a block cut where it was, without a changed document, has its record
        touched = {bisect_right(blocks, (doc_id, len(self.keys))) - 1 for doc_id in self.changed}
        touched.update(number for number, bounds in enumerate(blocks) if bounds not in kept)
        for block in sorted(touched):
            start, end = blocks[block]
            name = self.cache.key(self.keys[start:end])
            old = bisect_right(self.old_blocks, (start, len(self.old_keys))) - 1
            if self.old_blocks[old] == (start, end) and old in self._records:
                # Cut where it was: the previous record with the changed documents replaced.
                record = self._records[old][0].with_documents({
                    doc_id - start: (self.keys[doc_id], self.changed[doc_id].record())
                    for doc_id in self.changed if start <= doc_id < end})
            else:
                # An unchanged document's record is copied as it is, not analysed back and forth.
                analyses = [self.changed[doc_id].record() if doc_id in self.changed else self._record_of(doc_id)
                            for doc_id in range(start, end)]
                record = analysed_documents(joined_keys(self.keys[start:end]), analyses)
            self.cache.store_documents(name, record)

    def _recut(self, bodies: dict[str, bytes | None], added: dict[int, list[str]]) -> list[int | tuple[str, bytes]]:
        """Cut the changed stretches of terms again. A stretch starts at a previous cut the
        change cannot move and ends at the first previous cut the new cutting makes too."""
        firsts = self.firsts
        changed = sorted(bodies, key=utf16_key)
        changed_keys = [utf16_key(term) for term in changed]
        plan: list[int | tuple[str, bytes]] = []
        done = 0  # previous shards [0, done) are planned
        pending = 0  # changed[pending:] are not cut yet
        while pending < len(changed):
            shard = self._shard_of(changed[pending])
            start = shard
            while start > done and not self._unmoved(start, changed_keys[pending]):
                start -= 1
            plan.extend(range(done, start))
            cutter = ShardCutter(self.settings.shard_bytes)
            done = len(firsts)
            records = self._stream(start, bodies, added)
            current = next(records, None)
            while current is not None:
                following = next(records, None)
                starts, (term, encoded, body) = current
                next_body = following[1][2] if following is not None else None
                if starts is not None and starts > shard and cutter.cuts_before(encoded, body, next_body):
                    done = starts  # a cut where the previous build has one: the shards from here are its
                    break
                cutter.add(term, encoded, body, next_body)
                current = following
            cutter.close()
            plan.extend(cutter.shards)
            pending = bisect_left(changed_keys, self.shard_keys[done]) if done < len(firsts) else len(changed)
        plan.extend(range(done, len(firsts)))
        return plan

    def _unmoved(self, number: int, first_change: bytes) -> bool:
        """Whether the cut before shard `number` stays for a change at or after `first_change`:
        it depends on the shards before, the shard's first term and the term after that."""
        records = self.previous.shard(number)[1]
        if len(records) > 1:
            second = records[1][0]
        elif number + 1 < len(self.shard_keys):
            second = self.firsts[number + 1]
        else:
            return False
        return self.shard_keys[number] < first_change and utf16_key(second) < first_change

    def _stream(self, start: int, bodies: dict[str, bytes | None],
                added: dict[int, list[str]]) -> Iterator[tuple[int | None, tuple[str, bytes, bytes]]]:
        """The records from shard `start` on with the changes applied, each with the number of the
        previous shard it starts (None for the others)."""
        firsts = self.firsts
        for number in range(start, len(firsts)):
            for position, record in enumerate(self._merged(number, bodies, added.get(number, []))):
                yield (number if position == 0 and record[0] == firsts[number] else None), record

    def _merged(self, number: int, bodies: dict[str, bytes | None], added: list[str]) -> list[tuple[str, bytes, bytes]]:
        """Shard `number`'s records with the changes applied, in order."""
        records = []
        for term, encoded, body in self.previous.shard(number)[1]:
            if term in bodies:
                body = bodies[term]
                if body is None:
                    continue
            records.append((term, encoded, body))
        if added:
            records += [(term, term.encode("utf-8"), bodies[term]) for term in added if bodies[term] is not None]
            records.sort(key=lambda record: utf16_key(record[0]))
        return records

    def _write_shards(self, plan: list[int | tuple[str, bytes]]) -> tuple[list[str], list[str]]:
        """Write the planned shards that differ from the previous file of their number; return
        the new first terms and the shard files to remove."""
        firsts = self.firsts
        old_count = len(firsts)
        old_digests = FileDigests(self.digests.frozen())
        new_firsts = []
        for number, shard in enumerate(plan):
            if isinstance(shard, int):
                new_firsts.append(firsts[shard])
                digest = old_digests.get("terms", shard)
                if number < old_count and old_digests.get("terms", number) == digest:
                    continue
                self._copy(f"terms/{shard}.gz", f"terms/{number}.gz")
                self.digests.set("terms", number, digest)
            else:
                first, payload = shard
                new_firsts.append(first)
                if number < old_count and self.previous.read_payload(number) == payload:
                    continue  # cut again to the same bytes: no need to compress it
                data = shard_file(payload, len(FIELDS))
                if number < old_count and old_digests.get("terms", number) == FileDigests.of(data):
                    continue
                self._write(f"terms/{number}.gz", data)
        self.digests.truncate("terms", len(plan))
        return new_firsts, [f"search/terms/{number}.gz" for number in range(len(plan), old_count)]

    # ---- facets ----

    def _write_statuses(self, changed: dict[int, str]) -> list[list]:
        """Rewrite the status runs for documents whose status changed; return the manifest's statuses."""
        manifest = self.previous.manifest
        values = [status for status, _ in manifest["statuses"]]
        payload = self.previous.payload("statuses.json.gz")
        statuses: list[str] = [""] * self.documents
        for value, runs in zip(values, json.loads(payload)):
            at = 0
            for gap, length in zip(runs[::2], runs[1::2]):
                at += gap
                statuses[at:at + length] = [value] * length
                at += length
        if "" in statuses:
            raise _Unusable("status runs that do not cover every document")
        for doc_id, status in changed.items():
            statuses[doc_id] = status
        values = sorted(set(statuses))
        self._write_if_changed("statuses.json.gz", payload, json_bytes(facet_runs(statuses, values, str)))
        return [[value, statuses.count(value)] for value in values]

    # ---- files ----

    def _write_if_changed(self, relative: str, old_payload: bytes, payload: bytes) -> None:
        if payload != old_payload:
            self._write(relative, gzip_bytes(payload))

    def _path(self, relative: str) -> str:
        folder = os.path.dirname(relative)
        if folder not in self._folders:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
            self._folders.add(folder)
        return f"{self.root}/{relative}"

    def _write(self, relative: str, data: bytes) -> None:
        with open(self._path(relative), "wb") as out:
            out.write(data)
        if relative != "index.json.gz":
            self.digests.set(*file_place(relative), FileDigests.of(data))
        self.written.append(f"search/{relative}")

    def _copy(self, source: str, relative: str) -> None:
        """A previous file's bytes under another name (a shard renumbered). A copy, not a hard
        link: whoever applies the delta may write it over the previous file of that name in place."""
        with open(f"{self.previous.folder}/{source}", "rb") as old, open(self._path(relative), "wb") as new:
            new.write(old.read())
        self.written.append(f"search/{relative}")

