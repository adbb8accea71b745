"""The Swedish pipeline and the index writer, in Python only (no browser, no node)."""

from __future__ import annotations

import gzip
import json
from itertools import groupby
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from generator.search import SearchDocument, write_search_index
from generator.search.encoding import read_uint
from generator.search.pipeline import (
    STOP_WORDS,
    index_terms,
    normalize_text,
    tokenize,
    trim,
)
from fixtures.search_sample import SAMPLE_DOCUMENTS
from generator.search.scoring import InvertedIndex, utf16_key
from generator.search.shards import encode_body, patched_body, shard_records
from generator.search.chunks import decode_chunk_sizes, encode_chunk_sizes
from lunr.index import Index as LunrIndex
from test_search_ranking import reference_index
from fixtures.search_synthetic import synthetic_documents
from generator.search.writer import CHUNK_DOCUMENTS, FIELDS, chunk_sizes, document_order, field_values


def test_swedish_inflections_share_a_stem() -> None:
    assert index_terms("avtalet avtal avtalen avtalets") == ["avtal"] * 4
    assert index_terms("beslutade beslut beslutet") == ["beslut"] * 3


def test_trimmer_keeps_every_letter_and_digit() -> None:
    # lunr.py's Swedish trimmer made "workshop" "orkshop" and "café" "caf" (lunr.py #149, #151).
    assert trim("workshop") == "workshop"
    assert trim("café,") == "café"
    assert trim("(2017)") == "2017"
    assert trim("§") == ""
    assert index_terms("Workshop på café 2017") == ["workshop", "café", "2017"]


def test_stop_words_are_the_snowball_list() -> None:
    assert len(STOP_WORDS) == 114
    assert {"och", "att", "för", "över"} <= STOP_WORDS
    assert index_terms("och att för") == []


def test_text_is_normalized_before_tokenizing() -> None:
    decomposed = "Umea\u030a"  # "Umeå" with a combining ring, as macOS may write it
    assert normalize_text(decomposed) == "Umeå"
    assert index_terms(decomposed) == index_terms("Umeå") == ["umeå"]
    assert tokenize(normalize_text("§§ 15–19\u00a0och\u2009mer")) == ["§§", "15", "19", "och", "mer"]


def _reference_index(documents: list[SearchDocument]):
    return LunrIndex.load(reference_index(documents))


def test_weights_equal_lunr_py_field_vectors() -> None:
    documents = document_order([*synthetic_documents(25, seed=7), *SAMPLE_DOCUMENTS])
    reference = _reference_index(documents)
    index = InvertedIndex(FIELDS)
    for document in documents:
        index.add(field_values(document))
    averages = index.average_field_lengths()

    expected: dict[tuple[str, int, int], float] = {}
    for field_ref, vector in reference.field_vectors.items():
        field, ref = field_ref.split("/", 1)
        for term_index, value in zip(vector.elements[::2], vector.elements[1::2]):
            expected[(field, [d.ref for d in documents].index(ref), term_index)] = value
    actual: dict[tuple[str, int, int], float] = {}
    for term, postings in index.terms.items():
        assert postings.index == reference.inverted_index[term]["_index"]
        for field, docs, weights in zip(FIELDS, postings.docs, index.weights(postings, averages)):
            for doc_id, weight in zip(docs, weights):
                actual[(field.name, doc_id, postings.index)] = weight / 1000
    assert actual == expected


def _read_manifest(out: Path) -> dict:
    return json.loads(gzip.decompress((out / "search" / "index.json.gz").read_bytes()))


def test_output_is_byte_identical_across_runs(tmp_path: Path) -> None:
    documents = list(synthetic_documents(30, seed=3))
    first = write_search_index(documents, tmp_path / "a")
    second = write_search_index(reversed(documents), tmp_path / "b")
    assert [p.relative_to(tmp_path / "a") for p in first] == [p.relative_to(tmp_path / "b") for p in second]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a


def test_manifest_facets_and_order(tmp_path: Path) -> None:
    write_search_index(SAMPLE_DOCUMENTS, tmp_path)
    manifest = _read_manifest(tmp_path)
    assert manifest["documents"] == len(SAMPLE_DOCUMENTS)
    assert manifest["pipeline"] == ["trimmer-sv", "stemmer-sv"]
    assert manifest["fields"] == ["title", "text", "parts"]
    assert manifest["boosts"] == [2, 1, 0.5]
    assert manifest["languages"] == ["sv"]
    # Ids are oldest first, so each year is one range of ids; the manifest lists years newest first.
    assert [year for year, _, _ in manifest["years"]] == [2024, 2017, 2015, 2013]
    assert manifest["years"][0][1:] == [len(SAMPLE_DOCUMENTS) - 2, len(SAMPLE_DOCUMENTS)]
    assert manifest["years"][-1][1:] == [0, 2]
    slugs = [slug for slug, _, _ in manifest["bodies"]]
    assert slugs == sorted(slugs)
    assert manifest["shards"] == sorted(manifest["shards"])


def test_a_document_chunk_is_part_of_one_meeting(tmp_path: Path) -> None:
    """docs/<n>.json.gz holds documents of one meeting: its items in the fewest near-equal parts
    of at most CHUNK_DOCUMENTS; the manifest lists the number of documents per chunk."""
    documents = document_order(synthetic_documents(40, seed=4))
    write_search_index(documents, tmp_path)
    manifest = _read_manifest(tmp_path)
    pages = [d.url.split("#")[0] for d in documents]
    meetings = [len(list(run)) for _, run in groupby(pages)]
    expected = [size for count in meetings for size in _near_equal_parts(count, CHUNK_DOCUMENTS)]
    sizes = decode_chunk_sizes(manifest["chunks"])
    assert sizes == expected and sum(meetings) == manifest["documents"]
    assert max(sizes) == CHUNK_DOCUMENTS < max(meetings)  # the archive has meetings to cut
    assert encode_chunk_sizes(sizes) == manifest["chunks"] and len(manifest["chunks"]) == len(sizes)
    first = 0
    for number, size in enumerate(sizes):
        rows = json.loads(gzip.decompress((tmp_path / f"search/docs/{number}.json.gz").read_bytes()))
        assert [row[0] for row in rows] == [d.url for d in documents[first:first + size]]
        assert len({row[0].split("#")[0] for row in rows}) == 1  # one meeting's
        first += size
    assert len(list((tmp_path / "search/docs").iterdir())) == len(expected)
    long = sum(meetings[:meetings.index(13)])  # the first document of a meeting of 13 items
    assert chunk_sizes(documents[long:long + 13], 4) == [4, 3, 3, 3]
    assert chunk_sizes(documents[long:long + 12], 4) == [4, 4, 4]
    assert chunk_sizes(documents[long:long + 13], 13) == [13] and chunk_sizes([], 4) == []
    assert chunk_sizes(documents[:meetings[0] + 5], 4) == [4, 4, 3, 2]  # 8 items, then 5 of the next


def _near_equal_parts(count: int, most: int) -> list[int]:
    parts = -(-count // most)
    return [count // parts + (1 if n < count % parts else 0) for n in range(parts)]


def test_shards_hold_every_term_once(tmp_path: Path) -> None:
    documents = list(synthetic_documents(80, seed=5))
    paths = write_search_index(documents, tmp_path)
    manifest = _read_manifest(tmp_path)
    shard_paths = sorted((p for p in paths if p.parent.name == "terms"), key=lambda p: int(p.name.split(".")[0]))
    assert len(shard_paths) == len(manifest["shards"]) > 1
    index = InvertedIndex(FIELDS)
    for document in document_order(documents):
        index.add(field_values(document))
    seen: list[str] = []
    for path, separator in zip(shard_paths, manifest["shards"]):
        data = gzip.decompress(path.read_bytes())
        count, offset = read_uint(data, 0)
        shared, offset = read_uint(data, offset)
        assert shared == 0
        terms = [term for term, _, _ in shard_records(data, len(FIELDS))]
        assert len(terms) == count
        # The manifest lists the shortest string after the previous shard's last term and at
        # most this shard's first: a prefix of the first term, one character longer than its
        # common prefix with the term before.
        first = terms[0]
        assert first.startswith(separator)
        if seen:
            assert utf16_key(seen[-1]) < utf16_key(separator) and not utf16_key(seen[-1]) < utf16_key(separator[:-1])
        else:
            assert separator == ""
        seen += terms
    assert sorted(seen, key=utf16_key) == seen and set(seen) == set(index.terms) and len(seen) == len(index.terms)


def test_duplicate_refs_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="same ref"):
        write_search_index([SAMPLE_DOCUMENTS[0], SAMPLE_DOCUMENTS[0]], tmp_path)


def test_no_documents_gives_an_empty_index(tmp_path: Path) -> None:
    write_search_index([], tmp_path)
    manifest = _read_manifest(tmp_path)
    assert manifest["documents"] == 0 and manifest["shards"] == []


def test_stored_term_order_is_lunrs_term_index_order() -> None:
    # The shards store (first document, position) instead of lunr's term index: only the order
    # of term indexes reaches a score, and this order is not shifted by a word added earlier.
    documents = document_order([*synthetic_documents(40, seed=8), *SAMPLE_DOCUMENTS])
    index = InvertedIndex(FIELDS)
    for document in documents:
        index.add(field_values(document))
    by_index = sorted(index.terms, key=lambda term: index.terms[term].index)
    assert sorted(index.terms, key=lambda term: index.terms[term].first) == by_index
    edited = InvertedIndex(FIELDS)
    for number, document in enumerate(documents):
        edited.add((document.title, document.text + (" xqzvjkwptbrd" if number == 3 else "")))
    moved = [term for term in index.terms if edited.terms[term].first != index.terms[term].first]
    # Only terms first seen in the edited document itself may move: its parts field (compounds'
    # parts) comes after its text, so a word added to the text shifts those positions.
    assert all(index.terms[term].first[0] == 3 for term in moved) and edited.terms[index_terms("xqzvjkwptbrd")[0]].first[0] == 3


def test_a_long_items_chunk_keeps_its_first_sentence_and_the_sentences_with_most_terms() -> None:
    """A chunk shows each item's title and an excerpt source: the whole text when short, else at
    most EXCERPT_CHARACTERS of it, the first sentence, then the sentences that add the most
    index terms (compounds' parts included), in the text's order, GAP where text was left out."""
    from generator.search.chunks import EXCERPT_CHARACTERS, GAP, chunk_entry, excerpt_source

    filler = " ".join(["Mötet diskuterade frågan igen."] * 60)
    text = (f"Kommunchefsgruppen inledde mötet. {filler} Samverkansavtalet om kyrkogårdar undertecknades. "
            f"{filler} Sist talade ordföranden. {filler}")
    excerpt = excerpt_source(text, "sv")
    assert len(excerpt) <= EXCERPT_CHARACTERS < len(text)
    assert excerpt == (f"Kommunchefsgruppen inledde mötet. Mötet diskuterade frågan igen. {GAP} "
                       f"Samverkansavtalet om kyrkogårdar undertecknades. {GAP} Sist talade ordföranden. {GAP}")
    assert excerpt_source("Kort text. Två meningar.", "sv") == "Kort text. Två meningar."
    document = SearchDocument(ref="b/2020-01-01#p1", url="b/2020-01-01.html#p1", body="b", body_name="B",
                              date="2020-01-01", status="justerat", item_number="1", title="Avtal", text=text)
    assert chunk_entry(document, 0) == ["b/2020-01-01.html#p1", 0, "2020-01-01", "justerat", "1", "Avtal", excerpt]
    # No punctuation at all: runs of words stand for sentences, so later words are kept too.
    words = " ".join(["samma ord igen"] * 200 + ["slutordet"])
    assert "slutordet" in excerpt_source(words, "sv") and len(excerpt_source(words, "sv")) <= EXCERPT_CHARACTERS


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["ord", "slut.", "fråga?", "nej!", 'sa."', "(se bilaga)", "x.)", "…", ".ord", "a.b",
                                 "punkt.\u201d", "\u2019", "!"]), min_size=1, max_size=130))
def test_sentences_end_where_the_browser_ends_them_or_after_forty_words(words) -> None:
    """sentence_bounds looks for sentence ends only in words whose last character may end one;
    the sentences are those of the plain rule: a cut after every word the browser reads as a
    sentence end, after a run of _SENTENCE_WORDS words without one, and at the text's end."""
    from generator.search.chunks import _SENTENCE_END, _SENTENCE_WORDS, sentence_bounds

    expected, start = [], 0
    for position, word in enumerate(words):
        if _SENTENCE_END.search(word) or position + 1 - start >= _SENTENCE_WORDS or position + 1 == len(words):
            expected.append((start, position + 1))
            start = position + 1
    assert sentence_bounds(words) == expected


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_a_record_patched_in_place_equals_the_record_encoded_again(data) -> None:
    """patched_body changes a record with field lengths where an edit keeps which fields hold a
    document; wherever it declines (None), the update re-encodes, so only its bytes are checked."""
    documents = data.draw(st.integers(1, 60))
    value = st.integers(1, 300)  # one and two byte varints, and counts that change size
    docs = [sorted(data.draw(st.sets(st.integers(0, documents - 1), max_size=documents))) for _ in FIELDS]
    counts = [[data.draw(value) for _ in field] for field in docs]
    lengths = [[data.draw(value) for _ in field] for field in docs]
    holders = sorted(set().union(*docs))
    first = holders[0] if holders else 0
    record = encode_body(first, 3, 7, docs, counts, lengths)
    changed = data.draw(st.sets(st.integers(0, documents - 1), min_size=1, max_size=4))
    changes = {}
    for doc in changed:
        before = tuple(field_counts[field_docs.index(doc)] if doc in field_docs else 0
                       for field_docs, field_counts in zip(docs, counts))
        after = tuple(data.draw(st.sampled_from([0, count, count + 1, 200])) if count else
                      data.draw(st.sampled_from([0, 0, 2])) for count in before)
        changes[doc] = (before, after, tuple(data.draw(value) for _ in FIELDS))
    patched = patched_body(record, len(FIELDS), changes)
    if patched is None:
        return
    for doc, (_, after, new_lengths) in changes.items():
        for number, field_docs in enumerate(docs):
            if doc in field_docs:
                at = field_docs.index(doc)
                counts[number][at], lengths[number][at] = after[number], new_lengths[number]
    assert patched == encode_body(first, 3, 7, docs, counts, lengths)
    assert first not in changes


def test_a_patched_record_refuses_counts_it_does_not_hold() -> None:
    record = encode_body(0, 0, 0, [[0, 2], [], [2]], [[1, 1], [], [3]], [[5, 6], [], [7]])
    with pytest.raises(ValueError):
        patched_body(record, 3, {2: ((2, 0, 3), (1, 0, 3), (9, 9, 9))})
    with pytest.raises(ValueError):
        patched_body(record, 3, {1: ((1, 0, 0), (1, 0, 0), (9, 9, 9))})
    assert patched_body(record, 3, {2: ((1, 0, 3), (1, 1, 3), (9, 9, 9))}) is None  # the text field gains it
    assert patched_body(encode_body(0, 0, 0, [[0, 2], [], []], [[1, 1], [], []]), 3, {2: ((1, 0, 0), (1, 0, 0), (1, 1, 1))}) is None
