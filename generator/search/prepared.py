"""A meeting's search documents analysed where the meeting is parsed: in the build's workers.

The index stage starts only after every meeting is parsed. When each meeting's plain text went
back from the worker that parsed it, the index stage tokenized, stemmed and counted it and
encoded its document chunks: about half of that stage's CPU time at 10,000 meetings. Here the
worker does that per-meeting work while the text is at hand (the meetings stage keeps both cores
busy), and sends back what the writer needs instead of the text:

- per document, its key (writer.document_key), its term frequencies per field in the order the
  writer adds them (ids into the meeting's vocabulary, and counts), and its field lengths;
- the meeting's document chunks (docs/<n>.json.gz), compressed. A chunk names the number of the
  document's body (its place among the bodies the index lists), which depends on the whole
  archive: the worker takes it from the archive of meeting headers, and the writer encodes the
  chunk again in the rare case where the index's bodies turn out otherwise (a body whose
  published meetings have no items).

write_index takes PreparedDocuments and SearchDocuments alike and writes the same bytes for
both (tests/test_search_prepared.py).
"""

from __future__ import annotations

import gzip
import json
from array import array
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, count

from generator.common.compact import pickled_by_fields
from generator.search.chunks import FIELDS, chunk_sizes, document_chunk, text_key
from generator.search.encoding import gzip_bytes, json_bytes
from generator.search.pipeline import analyse_document


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class MeetingSearch:
    """What a worker sends back of a meeting for the index, in a few flat objects (a build holds
    one per meeting, in place of the meeting's text). Per item, in the meeting's order: its
    document key, and per field its terms in order of first occurrence (as positions in the
    meeting's vocabulary) with their frequencies, and the field's length in terms. Then the
    meeting's document chunks in id order, each (body number it was encoded with, gzip bytes)."""

    keys: bytes  # writer.document_key of each document, KEY_BYTES each
    vocabulary: str  # the meeting's distinct terms, joined by "\n" (terms never hold whitespace)
    ids: array
    counts: array
    shape: array  # per document and field, the number of its terms; then per field, its length
    chunks: tuple[tuple[int, bytes], ...]
    chunk_documents: int  # the most documents a chunk holds (writer.IndexSettings)

    def key(self, number: int) -> bytes:
        return self.keys[number * KEY_BYTES:(number + 1) * KEY_BYTES]

    def reader(self) -> Callable[[int], tuple[list[tuple[list[str], array]], array]]:
        """document number -> (per field (terms, frequencies), field lengths): for
        InvertedIndex.add_analysed. Splits the vocabulary once for all of the meeting's documents."""
        vocabulary = self.vocabulary.split("\n")
        fields = self._fields()
        starts = [0, *accumulate(self._term_counts())]
        ids, counts, shape = self.ids, self.counts, self.shape

        def read(number: int) -> tuple[list[tuple[list[str], array]], array]:
            first = number * fields
            return ([(list(map(vocabulary.__getitem__, ids[starts[f]:starts[f + 1]])), counts[starts[f]:starts[f + 1]])
                     for f in range(first, first + fields)],
                    shape[2 * first + fields:2 * first + 2 * fields])

        return read

    def _fields(self) -> int:
        return len(self.shape) // (2 * (len(self.keys) // KEY_BYTES)) if self.keys else 0

    def _term_counts(self) -> list[int]:
        """Per document and field, its number of terms: `shape` without the lengths (sliced in
        C; a block record of the analysis cache holds thousands of documents)."""
        fields = self._fields()
        sizes = [0] * (len(self.keys) // KEY_BYTES * fields)
        for field in range(fields):
            sizes[field::fields] = self.shape[field::2 * fields]
        return sizes

    def with_documents(self, replaced: dict[int, tuple[bytes, Analysed]]) -> MeetingSearch:
        """This record with the key and analysis of some documents (by number) replaced: what
        analysed_documents makes of them, but the other documents' terms keep their numbers and
        are copied as slices, and a term new to the record is numbered after the last. An edit
        re-recorded a whole analysis block (thousands of documents) term by term."""
        fields = self._fields()
        starts = [0, *accumulate(self._term_counts())]
        vocabulary = self.vocabulary.split("\n") if self.vocabulary else []
        numbers = dict(zip(vocabulary, count()))
        keys = bytearray(self.keys)
        ids: list[Iterable[int]] = []
        counts: list[Iterable[int]] = []
        shape: list[Iterable[int]] = []
        copied = 0  # documents before this one are in the pieces
        for number in sorted(replaced):
            key, (analysis, lengths) = replaced[number]
            keys[number * KEY_BYTES:(number + 1) * KEY_BYTES] = key
            ids.append(self.ids[starts[copied * fields]:starts[number * fields]])
            counts.append(self.counts[starts[copied * fields]:starts[number * fields]])
            shape.append(self.shape[2 * fields * copied:2 * fields * number])
            sizes = []
            for field_terms, field_frequencies in analysis:
                field_terms = list(field_terms)
                for term in field_terms:
                    if term not in numbers:
                        numbers[term] = len(vocabulary)
                        vocabulary.append(term)
                ids.append(list(map(numbers.__getitem__, field_terms)))
                counts.append(list(field_frequencies))
                sizes.append(len(field_terms))
            shape.append(sizes + list(lengths))
            copied = number + 1
        ids.append(self.ids[starts[copied * fields]:])
        counts.append(self.counts[starts[copied * fields]:])
        shape.append(self.shape[2 * fields * copied:])
        return MeetingSearch(bytes(keys), "\n".join(vocabulary), _joined(ids), _joined(counts), _joined(shape),
                             self.chunks, self.chunk_documents)


KEY_BYTES = 16


@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A SearchDocument without its text: its meeting's MeetingSearch and its number there, and
    on the first document of each of its meeting's chunks, that chunk (writer.chunk_sizes cuts
    the meeting's documents the same way wherever it runs)."""

    ref: str
    url: str
    body: str
    body_name: str
    date: str
    status: str
    item_number: str
    search: MeetingSearch
    number: int
    chunk: tuple[int, bytes] | None
    language: str = "sv"

    @property
    def key(self) -> bytes:
        return self.search.key(self.number)


def _typecode(largest: int) -> str:
    return "B" if largest < 1 << 8 else "H" if largest < 1 << 16 else "I"


def _compact(values: list[int]) -> array:
    return array(_typecode(max(values, default=0)), values)


_WIDTH = {"B": 0, "H": 1, "I": 2}


def _joined(pieces: list[Iterable[int]]) -> array:
    """The pieces (slices of a record's arrays, and lists) as one array of a type that holds
    them all: the narrowest for the lists, and at least the arrays' own. The arrays, most of an
    analysis block's millions of numbers, are then copied whole, in C."""
    typecode = "B"
    for piece in pieces:
        needed = piece.typecode if isinstance(piece, array) else _typecode(max(piece, default=0))
        if _WIDTH[needed] > _WIDTH[typecode]:
            typecode = needed
    joined = array(typecode)
    for piece in pieces:
        if isinstance(piece, array) and piece.typecode == typecode:
            joined.extend(piece)
        else:
            joined.fromlist(piece.tolist() if isinstance(piece, array) else list(piece))
    return joined


def prepare_meeting(documents: Sequence, body_number: int, chunk_documents: int) -> MeetingSearch:
    """Analyse one meeting's SearchDocuments (in item order) and encode its chunks, with
    `body_number` for its body."""

    analysed = []
    for document in documents:
        fields = analyse_document((document.title, document.text), document.language)[:len(FIELDS)]
        analysed.append(([(frequencies.keys(), frequencies.values()) for frequencies, _ in fields],
                         [length for _, length in fields]))
    ordered = sorted(documents, key=lambda document: document.ref)
    chunks = []
    start = 0
    bodies = {document.body: body_number for document in documents}
    for size in chunk_sizes(ordered, chunk_documents):
        chunks.append((body_number, gzip_bytes(document_chunk(ordered[start:start + size], bodies))))
        start += size
    return analysed_documents(b"".join(text_key(document) for document in documents), analysed,
                              tuple(chunks), chunk_documents)


Analysed = tuple[Sequence[tuple[Iterable[str], Iterable[int]]], Sequence[int]]


def analysed_documents(keys: bytes, analysed: Sequence[Analysed], chunks: tuple[tuple[int, bytes], ...] = (),
                       chunk_documents: int = 0) -> MeetingSearch:
    """Documents' analyses (per document: per field its terms in order of first occurrence and
    their frequencies, and the field lengths, as InvertedIndex.add_analysed takes them) in the
    flat form of a MeetingSearch, whose reader() gives them back. Also the analysis cache's
    record of a block's documents (writer.AnalysisCache.load_documents)."""
    terms: list[Iterable[str]] = []
    frequencies: list[Iterable[int]] = []
    shape: list[int] = []
    for fields, lengths in analysed:
        for field_terms, field_frequencies in fields:
            field_terms = list(field_terms)
            terms.append(field_terms)
            frequencies.append(field_frequencies)
            shape.append(len(field_terms))
        shape += lengths
    # Terms numbered in order of first occurrence; all of it in C (no Python code per term).
    vocabulary = dict.fromkeys(chain.from_iterable(terms))
    numbers = dict(zip(vocabulary, count()))
    ids = list(map(numbers.__getitem__, chain.from_iterable(terms)))
    return MeetingSearch(keys, "\n".join(vocabulary), _compact(ids), _compact(list(chain.from_iterable(frequencies))),
                         _compact(shape), chunks, chunk_documents)


def prepared_documents(documents: Sequence, search: MeetingSearch) -> list[PreparedDocument]:
    """One meeting's SearchDocuments (in item order, with empty titles and texts: the text
    stayed in the worker) as PreparedDocuments, its chunks on the first document of each."""
    by_ref = sorted(range(len(documents)), key=lambda number: documents[number].ref)
    firsts = {}
    start = 0
    for number, size in enumerate(chunk_sizes([documents[n] for n in by_ref], search.chunk_documents)):
        firsts[by_ref[start]] = search.chunks[number]
        start += size
    return [PreparedDocument(d.ref, d.url, d.body, d.body_name, d.date, d.status, d.item_number,
                             search, number, firsts.get(number), d.language)
            for number, d in enumerate(documents)]


def renumbered_chunk(data: bytes, body_number: int) -> bytes:
    """A chunk encoded with another body number, with `body_number` instead: json.dumps of
    what json.loads read is the same text, so this is what document_chunk would have made."""
    documents = json.loads(gzip.decompress(data))
    for document in documents:
        document[1] = body_number
    return gzip_bytes(json_bytes(documents))
