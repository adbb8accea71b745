"""The search documents as the index stores them: the fields analysed, the text shown, and the
document chunks (docs/<n>.json.gz) a results page fetches. Shared by the index writer and by
the workers that prepare a meeting's documents where its text is (prepared.py).
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Final

from generator.search.encoding import json_bytes
from generator.search.pipeline import analyse, normalize_text, part_terms
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
    # str.split() splits on exactly the characters regex \s matches and drops the ends.
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return " ".join(text.split())


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


def chunk_starts(sizes: Sequence[int]) -> list[int]:
    """The first document id of each chunk, and the number of documents after them."""
    starts = [0]
    for size in sizes:
        starts.append(starts[-1] + size)
    return starts


def document_chunk(documents: Sequence[SearchDocument], body_numbers: dict[str, int]) -> bytes:
    return json_bytes([
        [d.url, body_numbers[d.body], d.date, d.status, d.item_number, display_text(d.title), display_text(d.text)]
        for d in documents
    ])


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
