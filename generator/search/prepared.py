"""A meeting's search documents analysed where the meeting is parsed: in the build's workers.

The index stage runs in the build's main process after the meetings stage. Sending each
meeting's plain text back from the worker that parsed it, only for the index stage to tokenize,
stem and count it and to encode its document chunks, made that stage the longest serial step of
a clean build after the workers. Here the worker does that per-meeting work while the text is at
hand, and sends back what the writer needs instead of the text:

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
from collections.abc import Sequence
from dataclasses import dataclass

from generator.compact import pickled_by_fields
from generator.search.encoding import gzip_bytes, json_bytes
from generator.search.pipeline import analyse


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Analysis:
    """One document's analysis: per field, the terms (as positions in the meeting's vocabulary)
    in order of first occurrence, with their frequencies; `terms` says how many ids belong to
    each field, `lengths` each field's length in terms."""

    vocabulary: str  # the meeting's distinct terms, joined by "\n" (terms never hold whitespace)
    ids: array
    counts: array
    terms: tuple[int, ...]
    lengths: tuple[int, ...]

    def fields(self, vocabulary: list[str]) -> list[tuple[list[str], array]]:
        """Per field, (terms, frequencies), given this meeting's vocabulary split into a list."""
        result = []
        start = 0
        for size in self.terms:
            end = start + size
            result.append((list(map(vocabulary.__getitem__, self.ids[start:end])), self.counts[start:end]))
            start = end
        return result


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class MeetingSearch:
    """What a worker sends back of a meeting for the index, per item in the meeting's order:
    document keys and analyses; and the meeting's document chunks in id order, each
    (body number it was encoded with, gzip bytes)."""

    keys: tuple[bytes, ...]
    analyses: tuple[Analysis, ...]
    chunks: tuple[tuple[int, bytes], ...]
    chunk_documents: int  # the most documents a chunk holds (writer.IndexSettings)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class PreparedDocument:
    """A SearchDocument without its text: the analysis and, on the first document of each of
    its meeting's chunks, that chunk (writer.chunk_sizes cuts the meeting's documents the same
    way wherever it runs)."""

    ref: str
    url: str
    body: str
    body_name: str
    date: str
    status: str
    item_number: str
    key: bytes
    analysis: Analysis
    chunk: tuple[int, bytes] | None
    chunk_documents: int


def _compact(values: list[int]) -> array:
    return array("H" if not values or max(values) < 1 << 16 else "I", values)


def prepare_meeting(documents: Sequence, body_number: int, chunk_documents: int) -> MeetingSearch:
    """Analyse one meeting's SearchDocuments (in item order) and encode its chunks, with
    `body_number` for its body."""
    from generator.search.writer import FIELDS, chunk_sizes, document_chunk, document_key

    vocabulary: dict[str, int] = {}
    analyses = []
    for document in documents:
        ids: list[int] = []
        counts: list[int] = []
        terms = []
        lengths = []
        for value in (document.title, document.text)[:len(FIELDS)]:
            frequencies, length = analyse(value)
            # Unknown terms get the next id: setdefault evaluates len() before inserting.
            ids += [vocabulary.setdefault(term, len(vocabulary)) for term in frequencies]
            counts += frequencies.values()
            terms.append(len(frequencies))
            lengths.append(length)
        analyses.append((_compact(ids), _compact(counts), tuple(terms), tuple(lengths)))
    joined = "\n".join(vocabulary)
    ordered = sorted(documents, key=lambda document: document.ref)
    chunks = []
    start = 0
    numbers = {document.body: body_number for document in documents}
    for size in chunk_sizes(ordered, chunk_documents):
        chunks.append((body_number, gzip_bytes(document_chunk(ordered[start:start + size], numbers))))
        start += size
    return MeetingSearch(
        keys=tuple(document_key(document) for document in documents),
        analyses=tuple(Analysis(joined, *analysis) for analysis in analyses),
        chunks=tuple(chunks),
        chunk_documents=chunk_documents,
    )


def prepared_documents(documents: Sequence, search: MeetingSearch) -> list[PreparedDocument]:
    """One meeting's SearchDocuments (in item order, with empty titles and texts: the text
    stayed in the worker) as PreparedDocuments, its chunks on the first document of each."""
    from generator.search.writer import chunk_sizes

    by_ref = sorted(range(len(documents)), key=lambda number: documents[number].ref)
    firsts = {}
    start = 0
    for number, size in enumerate(chunk_sizes([documents[n] for n in by_ref], search.chunk_documents)):
        firsts[by_ref[start]] = search.chunks[number]
        start += size
    return [PreparedDocument(d.ref, d.url, d.body, d.body_name, d.date, d.status, d.item_number,
                             search.keys[number], search.analyses[number], firsts.get(number),
                             search.chunk_documents)
            for number, d in enumerate(documents)]


def renumbered_chunk(data: bytes, body_number: int) -> bytes:
    """A chunk encoded with another body number, with `body_number` instead: json.dumps of
    what json.loads read is the same text, so this is what document_chunk would have made."""
    documents = json.loads(gzip.decompress(data))
    for document in documents:
        document[1] = body_number
    return gzip_bytes(json_bytes(documents))
