"""An inverted index with lunr's exact term weights, built without lunr.py's Builder.

lunr.js ranks a document by the dot product of the query vector with the document's field vectors,
divided by the query vector's length. A field vector holds one BM25 weight per term of the field,
so the weights of the query's terms are all a query needs: they are stored with the postings, and
the browser never loads a whole field vector. This module computes those weights with the same
formula, constants, operation order and rounding as lunr.py 0.8's Builder (so the same IEEE
doubles); tests/test_search_ranking.py checks them against lunr.py's field vectors.

Why not lunr.py's Builder itself: it keeps every posting as nested dicts with metadata and runs
its tokenizer one character at a time in Python. Here a posting is two machine integers in an
array, and tokens go through a cached pipeline (pipeline.index_terms).
"""

from __future__ import annotations

import math
from array import array
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from generator.search.pipeline import index_terms

# lunr's BM25 parameters (lunr.Builder defaults, unchanged by lunr.py).
K1: Final = 1.2
B: Final = 0.75


@dataclass(frozen=True)
class Field:
    name: str
    boost: int = 1


class TermPostings:
    """One term: its lunr term index and, per field, the documents holding it with their counts."""

    __slots__ = ("index", "docs", "counts")

    def __init__(self, index: int, field_count: int) -> None:
        self.index = index  # lunr's posting._index: the order in which terms were first seen
        self.docs = tuple(array("I") for _ in range(field_count))
        self.counts = tuple(array("I") for _ in range(field_count))

    def document_frequency(self) -> int:
        # lunr.idf counts a document once per field it has the term in; keep that quirk.
        return sum(len(docs) for docs in self.docs)


class InvertedIndex:
    """Documents are added in id order 0, 1, 2, ... (lunr's insertion order, which breaks ties)."""

    def __init__(self, fields: Sequence[Field]) -> None:
        self.fields = tuple(fields)
        self.terms: dict[str, TermPostings] = {}
        self.field_lengths = tuple(array("I") for _ in self.fields)
        self.document_count = 0

    def add(self, values: Sequence[str]) -> int:
        """Index one document's field values (in field order) and return its id."""
        doc_id = self.document_count
        self.document_count += 1
        for field_number, value in enumerate(values):
            terms = index_terms(value)
            self.field_lengths[field_number].append(len(terms))
            # Counter keeps first-occurrence order, so new terms get lunr's term indexes.
            for term, count in Counter(terms).items():
                postings = self.terms.get(term)
                if postings is None:
                    postings = self.terms[term] = TermPostings(len(self.terms), len(self.fields))
                postings.docs[field_number].append(doc_id)
                postings.counts[field_number].append(count)
        return doc_id

    def average_field_lengths(self) -> tuple[float, ...]:
        # lunr.py sums integer lengths and divides once: the same double as here.
        count = max(self.document_count, 1)  # an empty index has no terms to weigh
        return tuple(sum(lengths) / count for lengths in self.field_lengths)

    def weights(self, postings: TermPostings, averages: Sequence[float]) -> tuple[list[int], ...]:
        """Per field, the lunr weight of each posting in thousandths (lunr keeps three decimals)."""
        n = self.document_count
        df = postings.document_frequency()
        x = (n - df + 0.5) / (df + 0.5)
        idf = math.log(1 + abs(x))
        result = []
        for field_number, field in enumerate(self.fields):
            lengths = self.field_lengths[field_number]
            average = averages[field_number]
            field_weights = []
            for doc_id, tf in zip(postings.docs[field_number], postings.counts[field_number]):
                # Written exactly as lunr.py's Builder._create_field_vectors: same operation order.
                score = idf * ((K1 + 1) * tf) / (K1 * (1 - B + B * (lengths[doc_id] / average)) + tf)
                score *= field.boost
                field_weights.append(round(round(score, 3) * 1000))
            result.append(field_weights)
        return tuple(result)

    def sorted_terms(self) -> Iterator[tuple[str, TermPostings]]:
        """Terms in JavaScript string order (UTF-16 code units), which lunr.TokenSet.Builder needs."""
        for term in sorted(self.terms, key=utf16_key):
            yield term, self.terms[term]


def utf16_key(term: str) -> bytes:
    return term.encode("utf-16-be")
