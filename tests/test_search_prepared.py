"""Search documents prepared by the build's workers (generator.search.prepared) give the index
that their texts give: the same bytes in one process or two, with the analysis cache, mixed with
plain SearchDocuments, and when the body numbers a worker assumed turn out wrong."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from generator.search import SearchDocument
from generator.search import writer as search_writer
from generator.search.incremental import _Analysis
from generator.search.prepared import (KEY_BYTES, Analysed, PreparedDocument, analysed_documents, prepare_meeting,
                                       prepared_documents)
from fixtures.search_synthetic import synthetic_documents
from generator.search.writer import CHUNK_DOCUMENTS, IndexSettings, write_index


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def by_meeting(documents: list[SearchDocument]) -> list[list[SearchDocument]]:
    meetings: dict[str, list[SearchDocument]] = {}
    for document in documents:
        meetings.setdefault(document.url.partition("#")[0], []).append(document)
    return list(meetings.values())


def prepared(documents: list[SearchDocument], body_number=None, every: int = 1,
             chunk_documents: int = CHUNK_DOCUMENTS) -> list[SearchDocument | PreparedDocument]:
    """Every `every`-th meeting prepared as a worker prepares it (through a pickle, as it
    travels), with its body's true number unless `body_number` says otherwise; the rest as is."""
    slugs = sorted({d.body for d in documents})
    result: list[SearchDocument | PreparedDocument] = []
    for number, meeting in enumerate(by_meeting(documents)):
        if number % every:
            result.extend(meeting)
            continue
        body = meeting[0].body
        search = prepare_meeting(meeting, slugs.index(body) if body_number is None else body_number(body),
                                 chunk_documents)
        search = pickle.loads(pickle.dumps(search, protocol=5))
        result.extend(prepared_documents(meeting, search))
    return result


@pytest.mark.parametrize("jobs", [1, 2])
def test_prepared_documents_give_the_same_index(tmp_path: Path, jobs: int) -> None:
    documents = list(synthetic_documents(220, seed=4))  # more than PARALLEL_MIN_DOCUMENTS
    assert len(documents) >= search_writer.PARALLEL_MIN_DOCUMENTS
    write_index(documents, tmp_path / "text", jobs=jobs)
    ready = prepared(documents)
    assert all(isinstance(d, PreparedDocument) for d in ready)
    write_index(ready, tmp_path / "prepared", jobs=jobs)
    assert snapshot(tmp_path / "prepared") == snapshot(tmp_path / "text")


def test_prepared_and_plain_documents_mix_and_share_the_analysis_cache(tmp_path: Path) -> None:
    documents = list(synthetic_documents(60, seed=5))
    settings = IndexSettings(block_documents=16)
    write_index(documents, tmp_path / "text", settings=settings, jobs=1)
    cache = tmp_path / "cache"
    write_index(prepared(documents, every=2), tmp_path / "mixed", settings=settings, jobs=1, cache_dir=cache)
    assert snapshot(tmp_path / "mixed") == snapshot(tmp_path / "text")
    # The blocks are named by the same document keys: the plain documents find them all.
    analysed: list[int] = []
    original = search_writer._analyse_block

    def counting(start: int, end: int):
        analysed.append(end - start)
        return original(start, end)

    search_writer._analyse_block = counting
    try:
        write_index(documents, tmp_path / "again", settings=settings, jobs=1, cache_dir=cache)
    finally:
        search_writer._analyse_block = original
    assert analysed == []
    assert snapshot(tmp_path / "again") == snapshot(tmp_path / "text")


def test_a_body_number_the_worker_got_wrong_is_corrected(tmp_path: Path) -> None:
    documents = list(synthetic_documents(12, seed=6))
    write_index(documents, tmp_path / "text", jobs=1)
    write_index(prepared(documents, body_number=lambda body: 7), tmp_path / "prepared", jobs=1)
    assert snapshot(tmp_path / "prepared") == snapshot(tmp_path / "text")


def test_chunks_cut_otherwise_than_the_index_are_refused(tmp_path: Path) -> None:
    documents = list(synthetic_documents(6, seed=7, items_per_meeting=9))
    with pytest.raises(ValueError, match="prepared chunks"):
        write_index(prepared(documents, chunk_documents=2), tmp_path / "prepared", jobs=1)


def test_a_prepared_meeting_holds_no_text() -> None:
    """What stays of a meeting in the build (and its state) is terms and compressed chunks; the
    chunks show exactly the text document_chunk shows."""
    meeting = by_meeting(list(synthetic_documents(1, seed=8)))[0]
    search = prepare_meeting(meeting, 0, CHUNK_DOCUMENTS)
    longest = max((d.text for d in meeting), key=len)
    assert longest[:40] not in search.vocabulary
    assert all(data[:2] == b"\x1f\x8b" for _, data in search.chunks)


def test_a_record_with_documents_replaced_reads_as_one_analysed_again() -> None:
    """MeetingSearch.with_documents (an update's block record) reads back, document by document,
    what analysed_documents makes of the new analyses, whatever it keeps of the old numbering."""
    def analysis(document: SearchDocument) -> Analysed:
        return _Analysis.of((document.title, document.text), document.language).record()

    documents = list(synthetic_documents(12, seed=5))
    edited = list(synthetic_documents(12, seed=6))  # other words, some new to the record
    keys = [bytes([n]) * KEY_BYTES for n in range(len(documents))]
    record = analysed_documents(b"".join(keys), [analysis(d) for d in documents])
    replaced = {0: edited[0], 5: edited[5], len(documents) - 1: edited[1]}
    new_keys = [bytes([100 + n]) * KEY_BYTES if n in replaced else key for n, key in enumerate(keys)]
    patched = record.with_documents({n: (new_keys[n], analysis(d)) for n, d in replaced.items()})
    expected = analysed_documents(b"".join(new_keys), [analysis(replaced.get(n, d)) for n, d in enumerate(documents)])
    read, want = patched.reader(), expected.reader()
    for number in range(len(documents)):
        (got_fields, got_lengths), (want_fields, want_lengths) = read(number), want(number)
        assert [(terms, list(counts)) for terms, counts in got_fields] == \
            [(terms, list(counts)) for terms, counts in want_fields]
        assert list(got_lengths) == list(want_lengths) and patched.key(number) == new_keys[number]
    assert pickle.loads(pickle.dumps(patched)).reader()(5)[1] == want(5)[1]
