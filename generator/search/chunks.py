"""The search documents as the index stores them: the fields analysed, the text shown, and the
document chunks (docs/<n>.json.gz) a results page fetches. Shared by the index writer and by
the workers that prepare a meeting's documents where its text is (prepared.py).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from functools import partial
from heapq import heapify, heappop, heappush
from itertools import chain
from typing import TYPE_CHECKING, Final

from generator.common.memo import Memo
from generator.common.whitespace import collapse_whitespace
from generator.search.encoding import json_bytes
from generator.search.pipeline import (LANGUAGES, PIECES_KEPT, analyse, chunk_terms, compound_parts, normalize_text,
                                       part_terms)
from generator.search.scoring import Field

if TYPE_CHECKING:
    from generator.search import SearchDocument

# A title word says more about an item than the same word deep in its text, and the parts of
# compounds (pipeline.part_terms) less than a whole word: "avtal" in the text says more than
# "samverkansavtal" does about avtal.
FIELDS: Final = (Field("title", boost=2), Field("text", boost=1), Field("parts", boost=0.5))


def field_values(document: SearchDocument) -> tuple[str, str, str]:
    """The text lunr sees for each of FIELDS (a lunr.py reference index must use the same): the
    parts field as the compounds' parts written out, which lunr's pipeline leaves as they are."""
    title, text = normalize_text(document.title), normalize_text(document.text)
    frequencies = [analyse(title, document.language)[0], analyse(text, document.language)[0]]
    return title, text, " ".join(part_terms(frequencies, document.language))


def display_text(text: str) -> str:
    # One paragraph of NFC text: the excerpt is one line, and the browser's stemmer expects NFC.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return collapse_whitespace(text)


# What a chunk keeps of an item's text for its excerpt (characters; the browser shows at most 32
# words of it): a results page fetches ten items' chunks, and most items are longer than that.
# bench/search_bench.py measures the bytes, docs/search.md the choice.
EXCERPT_CHARACTERS: Final = 1600
# Where kept sentences do not follow each other, and at the end when the last was left out: a
# word of its own, which engine.js treats as a break between sentences.
GAP: Final = "\u2026"
# The browser's sentence end (engine.js highlight): a word ending in . ! or ?, maybe quoted.
_SENTENCE_END: Final = re.compile(r"[.!?][\"\u201d\u2019)]*$")
_SENTENCE_END_CHARACTERS: Final = frozenset(".!?\"\u201d\u2019)")
# A longer run of words without a sentence end (a list, a table) counts as sentences this long.
_SENTENCE_WORDS: Final = 40


def excerpt_source(text: str, language: str) -> str:
    """What the browser cuts an item's excerpt from: `text` (display_text) when it is short, else
    its first sentence and, within EXCERPT_CHARACTERS, the sentences that hold the most index
    terms (compounds' parts included) no sentence kept so far holds, in the text's order, with
    GAP where text was left out. So nearly every word a query can find the item by is in a kept
    sentence, which the browser then shows; otherwise it shows the first."""
    if len(text) <= EXCERPT_CHARACTERS:
        return text
    words = text.split(" ")
    sentences = sentence_bounds(words)
    terms_and_parts = _PIECE_TERMS_AND_PARTS[language].__getitem__
    terms = [set(chain.from_iterable(map(terms_and_parts, words[a:b]))) for a, b in sentences]
    sizes = [sum(map(len, words[a:b])) + b - a for a, b in sentences]  # with the space after each
    if sizes[0] > EXCERPT_CHARACTERS:  # a first sentence of long words: its start
        end = 1
        while sum(map(len, words[:end + 1])) + end <= EXCERPT_CHARACTERS:
            end += 1
        return " ".join([*words[:end], GAP])

    kept = [False] * len(sentences)
    kept[0] = True
    covered = set(terms[0])
    room = EXCERPT_CHARACTERS - sizes[0] - 1  # sizes count a space after each word; a GAP may end it
    # Greedy, lazily: a sentence's gain only shrinks as more is covered, so one whose gain is
    # still what the heap holds is the best (the earliest on a tie, as the heap orders them).
    heap = [(-len(terms[number] - covered), number) for number in range(1, len(sentences))]
    heapify(heap)
    while heap:
        stale, number = heappop(heap)
        if sizes[number] + 2 > room:  # and a GAP, at most one per kept sentence; room only shrinks
            continue
        gain = len(terms[number] - covered)
        if gain != -stale:
            heappush(heap, (-gain, number))
            continue
        if gain == 0:  # nothing left holds a term not covered
            break
        kept[number] = True
        covered |= terms[number]
        room -= sizes[number] + 2

    pieces: list[str] = []
    for number, (a, b) in enumerate(sentences):
        if kept[number]:
            if number and not kept[number - 1]:
                pieces.append(GAP)
            pieces.extend(words[a:b])
    if not kept[-1]:
        pieces.append(GAP)
    return " ".join(pieces)


def sentence_bounds(words: Sequence[str]) -> list[tuple[int, int]]:
    """The sentences of `words` as [start, end) word ranges: each ends at a word the browser
    reads as a sentence end, or after _SENTENCE_WORDS words without one, or with the text. The
    sentence-end pattern is tried only on words whose last character could end one."""
    ends = [position + 1 for position, word in enumerate(words)
            if word[-1:] in _SENTENCE_END_CHARACTERS and _SENTENCE_END.search(word)]
    ends.append(len(words))
    sentences: list[tuple[int, int]] = []
    start = 0
    for end in ends:
        while end - start > _SENTENCE_WORDS:
            sentences.append((start, start + _SENTENCE_WORDS))
            start += _SENTENCE_WORDS
        if end > start:
            sentences.append((start, end))
            start = end
    return sentences


def _terms_and_parts(piece: str, language: str) -> tuple[str, ...]:
    """A piece of text's index terms (pipeline.chunk_terms) and their compounds' parts, kept per
    piece (common.memo.Memo): a sentence's terms are then collected from C, with no Python code per word
    once its piece has been seen. The parts come from the lexicon alone (the build's split also
    knows the document's own words): the excerpt needs no more."""
    terms = chunk_terms(piece, language)
    return terms + tuple(chain.from_iterable(compound_parts(term, set(), language) for term in terms))


_PIECE_TERMS_AND_PARTS: Final = {language: Memo(partial(_terms_and_parts, language=language), PIECES_KEPT)
                                  for language in LANGUAGES}


def meeting_page(document: SearchDocument) -> str:
    """The page a document's result links to (its url without the anchor): one per meeting."""
    return document.url.partition("#")[0]


def chunk_sizes(documents: Sequence[SearchDocument], most: int) -> list[int]:
    """The number of documents of each document chunk, in id order: a chunk is a meeting's run of
    documents (one page's), and a run of more than `most` is cut into the fewest near-equal parts
    of at most `most` (larger parts first). Sizes depend only on the pages of the documents, so
    an edit that keeps a meeting's items keeps every chunk's documents."""
    sizes: list[int] = []
    start = 0
    for end in range(1, len(documents) + 1):
        if end == len(documents) or meeting_page(documents[end]) != meeting_page(documents[start]):
            run = end - start
            parts = -(-run // most)
            sizes += [run // parts + (1 if part < run % parts else 0) for part in range(parts)]
            start = end
    return sizes


# The manifest writes each chunk's number of documents as one base-36 digit: a list of 28,000
# small numbers was half of the manifest's bytes at 10,000 meetings (6 KB of 12 gzip), and its
# commas are what made gzip's level 9 take a tenth of a second on it in every update.
_SIZE_DIGITS: Final = "0123456789abcdefghijklmnopqrstuvwxyz"
MOST_CHUNK_DOCUMENTS: Final = len(_SIZE_DIGITS) - 1


def encode_chunk_sizes(sizes: Sequence[int]) -> str:
    return "".join([_SIZE_DIGITS[size] for size in sizes])


def decode_chunk_sizes(text: str) -> list[int]:
    return [int(digit, 36) for digit in text]


def chunk_starts(sizes: Sequence[int]) -> list[int]:
    """The first document id of each chunk, and the number of documents after them."""
    starts = [0]
    for size in sizes:
        starts.append(starts[-1] + size)
    return starts


def chunk_entry(document: SearchDocument, body_number: int) -> list:
    """What a results page shows of a document: [url, body number, date, status, item number,
    title, excerpt source]."""
    title = display_text(document.title)
    return [document.url, body_number, document.date, document.status, document.item_number, title,
            excerpt_source(display_text(document.text), document.language)]


def document_chunk(documents: Sequence[SearchDocument], body_numbers: dict[str, int]) -> bytes:
    return json_bytes([chunk_entry(d, body_numbers[d.body]) for d in documents])


def text_key(document: SearchDocument) -> bytes:
    """A hash of what a document's analysis depends on: its title and text (field_values, in
    order). Ref, url, date, status and body are not analysed (chunks are compared with the
    previous build's files instead), so a moved or renamed item keeps its analysis."""
    hasher = hashlib.blake2b(f"{len(document.title)}:{document.title}".encode("utf-8", "surrogatepass"),
                             digest_size=16)
    hasher.update(document.text.encode("utf-8", "surrogatepass"))
    if document.language != "sv":
        hasher.update(f"\0{document.language}".encode())
    return hasher.digest()
