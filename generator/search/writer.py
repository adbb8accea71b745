"""Write the sharded search index: a small manifest, term shards, document chunks, body runs.

    search/index.json.gz      manifest: fields, pipeline, shard boundaries, facets, version
    search/terms/<n>.gz       term shard n: every term in [shards[n], shards[n+1]) with postings
    search/docs/<n>.json.gz   documents n*chunk ... n*chunk+chunk-1: what a result shows
    search/bodies.json.gz     per body, the runs of document ids it owns (loaded for a body filter)

docs/search.md describes the formats. Documents are numbered newest first (date descending, then
ref), so a year is one range of ids, "sort by date" is "sort by id", and a body is a few runs.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

from lunr import __TARGET_JS_VERSION__ as LUNR_JS_VERSION

from generator.search.encoding import VarintWriter, gzip_bytes, json_bytes
from generator.search.pipeline import SEARCH_PIPELINE, normalize_text
from generator.search.scoring import Field, InvertedIndex, TermPostings

if TYPE_CHECKING:
    from generator.search import SearchDocument

FORMAT: Final = 1
# A title word says more about an item than the same word deep in its text.
FIELDS: Final = (Field("title", boost=2), Field("text", boost=1))
# Raw bytes of postings per term shard before gzip. Smaller shards mean fewer unneeded postings
# per query but more boundaries in the manifest everyone loads; bench/search_bench.py measures it.
SHARD_BYTES: Final = 12_000
# Documents per chunk: a results page fetches the chunks of its results; items are ~1-2 KB of text.
CHUNK_DOCUMENTS: Final = 4


@dataclass(frozen=True)
class IndexSettings:
    shard_bytes: int = SHARD_BYTES
    chunk_documents: int = CHUNK_DOCUMENTS


def document_order(documents: Iterable[SearchDocument]) -> list[SearchDocument]:
    """Newest first, then by ref: the id order of the index (and lunr's tie-break order)."""
    by_ref = sorted(documents, key=lambda document: document.ref)
    refs = [document.ref for document in by_ref]
    if len(set(refs)) != len(refs):
        duplicates = sorted({ref for ref in refs if refs.count(ref) > 1})
        raise ValueError(f"search documents with the same ref: {', '.join(duplicates)}")
    return sorted(by_ref, key=lambda document: document.date, reverse=True)


def field_values(document: SearchDocument) -> tuple[str, str]:
    """The text lunr sees for each of FIELDS (a lunr.py reference index must use the same)."""
    return normalize_text(document.title), normalize_text(document.text)


_WHITESPACE: Final = re.compile(r"\s+")


def display_text(text: str) -> str:
    # One paragraph of NFC text: the excerpt is one line, and the browser's stemmer expects NFC.
    return _WHITESPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


@dataclass
class _Output:
    """Files written so far and a hash over all of them (the cache-busting version)."""

    root: Path
    paths: list[Path] = field(default_factory=list)
    digest: hashlib._Hash = field(default_factory=hashlib.sha256)

    def write(self, relative: str, data: bytes) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.paths.append(path)
        self.digest.update(relative.encode() + b"\0" + data)


def encode_term(writer: VarintWriter, previous: bytes, term: bytes, postings: TermPostings,
                weights: Sequence[list[int]]) -> None:
    """Append one term record: front-coded term, lunr term index, per field ids and weights."""
    shared = 0
    limit = min(len(previous), len(term))
    while shared < limit and previous[shared] == term[shared]:
        shared += 1
    writer.uint(shared)
    writer.uint(len(term) - shared)
    writer.raw(term[shared:])
    writer.uint(postings.index)
    for docs, field_weights in zip(postings.docs, weights):
        writer.uint(len(docs))
        previous_id = 0
        for doc_id in docs:  # ascending: lunr's posting order; store the gaps
            writer.uint(doc_id - previous_id)
            previous_id = doc_id
        writer.uints(field_weights)


def write_term_shards(index: InvertedIndex, output: _Output, shard_bytes: int) -> list[str]:
    """Write term shards of about `shard_bytes` each; return the first term of each shard."""
    averages = index.average_field_lengths()
    boundaries: list[str] = []
    records = VarintWriter()
    count = 0
    previous = b""

    def flush() -> None:
        nonlocal records, count, previous
        header = VarintWriter()
        header.uint(count)
        output.write(f"terms/{len(boundaries) - 1}.gz", gzip_bytes(bytes(header.buffer + records.buffer)))
        records, count, previous = VarintWriter(), 0, b""

    for term, postings in index.sorted_terms():
        if count and len(records) >= shard_bytes:
            flush()
        if count == 0:
            boundaries.append(term)
        encoded = term.encode("utf-8")
        encode_term(records, previous, encoded, postings, index.weights(postings, averages))
        previous = encoded
        count += 1
    if count:
        flush()
    return boundaries


def write_document_chunks(documents: Sequence[SearchDocument], body_numbers: dict[str, int],
                          output: _Output, chunk_documents: int) -> None:
    for start in range(0, len(documents), chunk_documents):
        chunk = [
            [d.url, body_numbers[d.body], d.date, d.status, d.item_number, display_text(d.title),
             display_text(d.text)]
            for d in documents[start:start + chunk_documents]
        ]
        output.write(f"docs/{start // chunk_documents}.json.gz", gzip_bytes(json_bytes(chunk)))


def body_runs(documents: Sequence[SearchDocument], slugs: Sequence[str]) -> list[list[int]]:
    """Per body, its document ids as runs: [gap, length, gap, length, ...], gaps from the last run."""
    runs: dict[str, list[int]] = {slug: [] for slug in slugs}
    ends: dict[str, int] = {slug: 0 for slug in slugs}
    doc_id = 0
    while doc_id < len(documents):
        slug = documents[doc_id].body
        end = doc_id
        while end < len(documents) and documents[end].body == slug:
            end += 1
        runs[slug] += [doc_id - ends[slug], end - doc_id]
        ends[slug] = end
        doc_id = end
    return [runs[slug] for slug in slugs]


def year_ranges(documents: Sequence[SearchDocument]) -> list[list[int]]:
    """[year, first id, end id] per year, newest first (ids are in date order)."""
    ranges: list[list[int]] = []
    for doc_id, document in enumerate(documents):
        year = int(document.date[:4])
        if ranges and ranges[-1][0] == year:
            ranges[-1][2] = doc_id + 1
        else:
            ranges.append([year, doc_id, doc_id + 1])
    return ranges


def write_index(documents: Iterable[SearchDocument], out_dir: Path,
                settings: IndexSettings = IndexSettings()) -> list[Path]:
    root = out_dir / "search"
    if root.exists():  # never leave shards of an earlier build next to a new manifest
        shutil.rmtree(root)
    output = _Output(root)
    ordered = document_order(documents)

    index = InvertedIndex(FIELDS)
    for document in ordered:
        index.add(field_values(document))

    bodies: dict[str, str] = {}
    for document in ordered:
        bodies.setdefault(document.body, document.body_name)
    slugs = sorted(bodies)
    body_numbers = {slug: number for number, slug in enumerate(slugs)}

    shards = write_term_shards(index, output, settings.shard_bytes)
    write_document_chunks(ordered, body_numbers, output, settings.chunk_documents)
    output.write("bodies.json.gz", gzip_bytes(json_bytes(body_runs(ordered, slugs))))

    counts = {slug: 0 for slug in slugs}
    for document in ordered:
        counts[document.body] += 1
    manifest = {
        "format": FORMAT,
        "lunr": LUNR_JS_VERSION,
        "fields": [f.name for f in FIELDS],
        "pipeline": list(SEARCH_PIPELINE),
        "documents": len(ordered),
        "chunk": settings.chunk_documents,
        "shards": shards,
        "bodies": [[slug, bodies[slug], counts[slug]] for slug in slugs],
        "years": year_ranges(ordered),
        "version": output.digest.hexdigest()[:16],
    }
    output.write("index.json.gz", gzip_bytes(json_bytes(manifest)))
    return output.paths
