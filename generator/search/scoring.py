"""An inverted index with lunr's exact term weights, built without lunr.py's Builder.

lunr.js ranks a document by the dot product of the query vector with the document's field vectors,
divided by the query vector's length. A field vector holds one BM25 weight per term of the field,
so the weights of the query's terms are all a query needs: they are stored with the postings, and
the browser never loads a whole field vector. This module computes those weights with the same
formula, constants, operation order and rounding as lunr.py 0.8's Builder (so the same IEEE
doubles); tests/test_search_ranking.py checks them against lunr.py's field vectors.

Why not lunr.py's Builder itself: it keeps every posting as nested dicts with metadata and runs
its tokenizer one character at a time in Python. Here a posting is two machine integers in an
array, and text goes through a cached pipeline (pipeline.analyse).
"""

from __future__ import annotations

import math
import struct
from array import array
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from generator.search.pipeline import analyse_document

# lunr's BM25 parameters (lunr.Builder defaults, unchanged by lunr.py).
K1: Final = 1.2
B: Final = 0.75


@dataclass(frozen=True)
class Field:
    name: str
    boost: float = 1


class TermPostings:
    """One term: its lunr term index and, per field, the documents holding it with their counts.

    `first` is (id of the first document holding the term, the term's position among that
    document's terms): in the same order as lunr's term indexes, which is all a score needs (the
    dot products add in term-index order), but unlike them not shifted by a word added to an
    earlier document. The index stores `first`, so such an edit leaves other terms' shards alone.
    """

    __slots__ = ("index", "first", "docs", "counts")

    def __init__(self, index: int, field_count: int, first: tuple[int, int] = (0, 0)) -> None:
        self.index = index  # lunr's posting._index: the order in which terms were first seen
        self.first = first
        self.docs = tuple(array("I") for _ in range(field_count))
        self.counts = tuple(array("I") for _ in range(field_count))

    def document_frequency(self) -> int:
        # lunr.idf counts a document once per field it has the term in; keep that quirk.
        return sum(len(docs) for docs in self.docs)


# InvertedIndex.pack(): (documents, field lengths, terms in term-index order, (first document,
# position) per term, then per field: postings per term, document ids, term frequencies).
PackedIndex = tuple[int, tuple[array, ...], list[str], array, tuple[array, ...], tuple[array, ...],
                    tuple[array, ...]]


class InvertedIndex:
    """Documents are added in id order 0, 1, 2, ... (lunr's insertion order, which breaks ties)."""

    def __init__(self, fields: Sequence[Field]) -> None:
        self.fields = tuple(fields)
        self.terms: dict[str, TermPostings] = {}
        self.field_lengths = tuple(array("I") for _ in self.fields)
        self.document_count = 0

    def add(self, values: Sequence[str], language: str = "sv") -> int:
        """Index one document's title and text (pipeline.analyse_document gives every field of
        writer.FIELDS) and return its id."""
        fields, lengths = [], []
        for frequencies, length in analyse_document(values, language)[:len(self.fields)]:
            fields.append((frequencies.keys(), frequencies.values()))
            lengths.append(length)
        return self.add_analysed(fields, lengths)

    def add_analysed(self, fields: Sequence[tuple[Sequence[str], Sequence[int]]], lengths: Sequence[int]) -> int:
        """add(), for a document analysed elsewhere (prepared.MeetingSearch.reader): per field its
        terms in order of first occurrence and their frequencies, and the fields' lengths."""
        doc_id = self.document_count
        self.document_count += 1
        terms = self.terms
        position = 0
        for field_number, (field_terms, frequencies) in enumerate(fields):
            self.field_lengths[field_number].append(lengths[field_number])
            # Terms in order of first occurrence, so new terms get lunr's term indexes.
            for term, count in zip(field_terms, frequencies):
                position += 1
                postings = terms.get(term)
                if postings is None:
                    postings = terms[term] = TermPostings(len(terms), len(self.fields), (doc_id, position))
                postings.docs[field_number].append(doc_id)
                postings.counts[field_number].append(count)
        return doc_id

    def extend(self, later: InvertedIndex) -> None:
        """Append an index of the documents that follow this one's (built apart, e.g. in another
        process): ids shift by this index's count, and terms new to this index are numbered after
        its own in the later index's order, exactly as adding the documents one by one would."""
        offset = self.document_count
        for mine, theirs in zip(self.field_lengths, later.field_lengths):
            mine.extend(theirs)
        self.document_count += later.document_count
        terms = self.terms
        for term, theirs in sorted(later.terms.items(), key=lambda item: item[1].index):
            postings = terms.get(term)
            if postings is None:
                postings = terms[term] = TermPostings(len(terms), len(self.fields),
                                                      (theirs.first[0] + offset, theirs.first[1]))
            for docs, counts, their_docs, their_counts in zip(postings.docs, postings.counts, theirs.docs,
                                                              theirs.counts):
                docs.extend(their_docs if offset == 0 else array("I", (d + offset for d in their_docs)))
                counts.extend(their_counts)

    def pack(self) -> PackedIndex:
        """This index as a few flat arrays: cheap to pickle (the build's analysis cache) and to
        append to another index with extend_packed."""
        field_count = len(self.fields)
        firsts = array("I")
        sizes = tuple(array("I") for _ in range(field_count))
        docs = tuple(array("I") for _ in range(field_count))
        counts = tuple(array("I") for _ in range(field_count))
        for postings in self.terms.values():  # insertion order is term-index order
            firsts.extend(postings.first)
            for field_number in range(field_count):
                sizes[field_number].append(len(postings.docs[field_number]))
                docs[field_number].extend(postings.docs[field_number])
                counts[field_number].extend(postings.counts[field_number])
        return (self.document_count, self.field_lengths, list(self.terms), firsts, sizes, docs, counts)

    def extend_packed(self, packed: PackedIndex, shifted: bool = False) -> None:
        """extend(), from the pack() of the later index: the same terms, term indexes and postings.
        `shifted`: its document ids already count from this index's end (shifted_ids)."""
        count, field_lengths, their_terms, firsts, sizes, their_docs, their_counts = packed
        offset = self.document_count
        for mine, theirs in zip(self.field_lengths, field_lengths):
            mine.extend(theirs)
        self.document_count += count
        field_count = len(self.fields)
        if offset and not shifted:
            their_docs = shifted_ids(their_docs, offset)
        starts = [0] * field_count
        terms = self.terms
        for number, term in enumerate(their_terms):
            postings = terms.get(term)
            if postings is None:
                postings = terms[term] = TermPostings(len(terms), field_count,
                                                      (firsts[2 * number] + offset, firsts[2 * number + 1]))
            for field_number in range(field_count):
                size = sizes[field_number][number]
                if size:
                    start = starts[field_number]
                    end = starts[field_number] = start + size
                    postings.docs[field_number].extend(their_docs[field_number][start:end])
                    postings.counts[field_number].extend(their_counts[field_number][start:end])

    def average_field_lengths(self) -> tuple[float, ...]:
        # lunr.py sums integer lengths and divides once: the same double as here.
        count = max(self.document_count, 1)  # an empty index has no terms to weigh
        return tuple(sum(lengths) / count for lengths in self.field_lengths)

    def weights(self, postings: TermPostings, averages: Sequence[float]) -> tuple[list[int], ...]:
        """Per field, the lunr weight of each posting in thousandths (lunr keeps three decimals)."""
        norms = self._norms(averages)
        idf = self.idf(postings)
        result = []
        for field_number, field in enumerate(self.fields):
            norm = norms[field_number]
            boost = field.boost
            memo: dict[tuple[int, float], int] = {}
            field_weights = []
            for doc_id, tf in zip(postings.docs[field_number], postings.counts[field_number]):
                key = (tf, norm[doc_id])
                weight = memo.get(key)
                if weight is None:
                    weight = memo[key] = thousandths(idf, tf, norm[doc_id], boost)
                field_weights.append(weight)
            result.append(field_weights)
        return tuple(result)

    def idf(self, postings: TermPostings) -> float:
        return idf(self.document_count, postings.document_frequency())

    def weights_ready(self) -> None:
        """Compute the per-document part of the weights now (before forking workers that share it)."""
        self._norms(self.average_field_lengths())

    def _norms(self, averages: Sequence[float]) -> tuple[list[float], ...]:
        """Per field and document, the BM25 length part K1 * (1 - B + B * (length / average))."""
        key = tuple(averages)
        if getattr(self, "_norm_key", None) != (key, self.document_count):
            # A field empty in every document has no postings to weigh (and an average of 0).
            self._norm_cache = tuple([K1 * (1 - B + B * (length / average)) for length in lengths]
                                     if average else [0.0] * len(lengths)
                                     for lengths, average in zip(self.field_lengths, averages))
            self._norm_key = (key, self.document_count)
        return self._norm_cache

    def sorted_terms(self) -> Iterator[tuple[str, TermPostings]]:
        """Terms in JavaScript string order (UTF-16 code units), which lunr.TokenSet.Builder needs."""
        for term in sorted(self.terms, key=utf16_key):
            yield term, self.terms[term]


def shifted_ids(docs: tuple[array, ...], offset: int) -> tuple[array, ...]:
    """A packed index's document ids per field (PackedIndex), plus `offset`."""
    return tuple(array("I", map(offset.__add__, field_docs)) for field_docs in docs) if offset else docs


def idf(documents: int, document_frequency: int) -> float:
    """lunr.idf: written as lunr.py computes it."""
    x = (documents - document_frequency + 0.5) / (document_frequency + 0.5)
    return math.log(1 + abs(x))


def thousandths(idf: float, tf: int, norm: float, boost: int) -> int:
    """lunr.py's weight of one posting, times 1000, as an integer.

    Written as lunr.py's Builder._create_field_vectors computes it, with the same operation order
    (`norm` is its K1 * (1 - B + B * (length / average)), computed once per document), so the
    same doubles: score = idf * ((K1 + 1) * tf) / (norm + tf) * boost, kept to three decimals by
    round(score, 3). round(score * 1000) is that same integer unless score * 1000 lies within
    rounding error of a half, where the exact (slower) route decides.
    """
    score = idf * ((K1 + 1) * tf) / (norm + tf)
    score *= boost
    scaled = score * 1000
    if abs(scaled - math.floor(scaled) - 0.5) > 1e-6:
        return round(scaled)
    return round(round(score, 3) * 1000)


def low_byte(value: float) -> int:
    """The lowest byte of a double's bits: with it, a browser whose Math.log is a few units in
    the last place off still finds the exact idf (engine.js exactIdf)."""
    return struct.unpack("<Q", struct.pack("<d", value))[0] & 0xFF


def utf16_key(term: str) -> bytes:
    return term.encode("utf-16-be")
