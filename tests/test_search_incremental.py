"""Rebuilds of the search index: the same bytes as a clean build, whatever was reused.

A rebuild hands the writer the previous build's search/ folder and a `reuse` callback (in the
build, StagedOutput.reuse, which hard-links); files whose bytes would not change are linked, not
written. Also: several processes give the same bytes as one, and the fast text analysis gives
the same terms as the plain pipeline.
"""

from __future__ import annotations

import os
import random
import shutil
from bisect import bisect_right
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import output_snapshot
from generator.load.config import load_config
from generator.build.pipeline import build
from generator.search import IndexDelta, SearchDocument, incremental
from generator.search import writer as search_writer
from generator.search.pipeline import analyse, index_terms
from fixtures.search_sample import SAMPLE_DOCUMENTS
from fixtures.search_synthetic import synthetic_documents
from generator.search.writer import CHUNK_DOCUMENTS, DocumentKeys, IndexSettings, display_text, write_index


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_analyse_counts_the_terms_of_the_plain_pipeline() -> None:
    rng = random.Random(5)
    alphabet = "aåäöAÅÄÖ-–— \u00a0\u2009\t\n\u200b\u00adΣσς.,:()§0123456789e\u0301\u030aİıßﬁ\u2000\u3000x"
    texts = [d.text for d in SAMPLE_DOCUMENTS] + [d.title for d in SAMPLE_DOCUMENTS]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for text in texts:
        terms = index_terms(text)
        frequencies, length = analyse(text)
        assert list(frequencies.items()) == list(Counter(terms).items()), repr(text)
        assert length == len(terms)
        # An incremental update analyses old texts as the document chunks show them.
        shown, shown_length = analyse(display_text(text))
        assert list(shown.items()) == list(frequencies.items()) and shown_length == length, repr(text)


def test_two_processes_write_the_same_bytes_as_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(search_writer, "PARALLEL_MIN_DOCUMENTS", 1)
    documents = [*synthetic_documents(60, seed=4), *SAMPLE_DOCUMENTS]
    settings = IndexSettings(shard_bytes=2_000, block_documents=50)  # several blocks for the workers
    write_index(documents, tmp_path / "one", settings, jobs=1)
    write_index(documents, tmp_path / "two", settings, jobs=2)
    write_index(documents, tmp_path / "cached", settings, jobs=2, cache_dir=tmp_path / "cache")
    write_index(documents, tmp_path / "loaded", settings, jobs=2, cache_dir=tmp_path / "cache")
    one = snapshot(tmp_path / "one")
    assert len([name for name in one if name.startswith("search/terms/")]) > 4
    assert snapshot(tmp_path / "two") == one
    assert snapshot(tmp_path / "cached") == one
    assert snapshot(tmp_path / "loaded") == one


def _linker(previous_site: Path, new_site: Path, linked: list[str]):
    def reuse(relative: str) -> bool:
        source = previous_site / relative
        if not source.is_file():
            return False
        target = new_site / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(source, target)
        linked.append(relative)
        return True

    return reuse


@pytest.mark.parametrize("change", ["edit", "add", "delete"])
def test_rebuild_equals_clean_build(tmp_path: Path, change: str) -> None:
    documents = list(synthetic_documents(30, seed=9))
    first = tmp_path / "first"
    write_index(documents, first)
    if change == "edit":
        documents[40] = replace(documents[40], text=documents[40].text + " Ändrad mening om avtalet.")
    elif change == "add":
        documents += [replace(d, ref=d.ref + "-ny", url=d.url + "-ny", date="2031-01-01")
                      for d in documents[:5]]
    else:
        documents = documents[:40] + documents[45:]
    clean, rebuilt = tmp_path / "clean", tmp_path / "rebuilt"
    write_index(documents, clean)
    linked: list[str] = []
    written = write_index(documents, rebuilt, previous=first / "search", reuse=_linker(first, rebuilt, linked))
    assert snapshot(rebuilt) == snapshot(clean)
    assert linked, "unchanged document chunks are reused"
    assert not {p.relative_to(rebuilt).as_posix() for p in written} & set(linked)
    for relative in linked:
        assert (rebuilt / relative).stat().st_ino == (first / relative).stat().st_ino


def test_a_damaged_previous_file_is_written_again(tmp_path: Path) -> None:
    documents = list(synthetic_documents(10, seed=2))
    write_index(documents, tmp_path / "first")
    (tmp_path / "first/search/docs/0.json.gz").write_bytes(b"not gzip")
    linked: list[str] = []
    write_index(documents, tmp_path / "again", previous=tmp_path / "first/search",
                reuse=_linker(tmp_path / "first", tmp_path / "again", linked))
    write_index(documents, tmp_path / "clean")
    assert snapshot(tmp_path / "again") == snapshot(tmp_path / "clean")
    assert "search/docs/0.json.gz" not in linked and "search/docs/1.json.gz" in linked


MEETING = """\
---
body: testgruppen
date: {date}
kind: protokoll
status: justerat
---

## 1. Avtal om {topic}

Kommunen tecknar avtal om {topic}. Beslutet gäller från {date}.

## 2. Övriga frågor

Inga övriga frågor om {topic}.
"""


def test_cached_builds_equal_clean_builds_after_edit_add_delete(project, tmp_path: Path) -> None:
    project.with_sample()
    for number, topic in enumerate(["skolskjuts", "bredband", "vatten", "avfall"]):
        project.write(f"testgruppen/2020-0{number + 1}-10.md", MEETING.format(date=f"2020-0{number + 1}-10", topic=topic))
    build(project.config)
    root = project.root
    edits = [
        lambda: project.write("testgruppen/2020-02-10.md", MEETING.format(date="2020-02-10", topic="fiber")),
        lambda: project.write("testgruppen/2020-06-10.md", MEETING.format(date="2020-06-10", topic="turism")),
        lambda: (root / "content/testgruppen/2020-03-10.md").unlink(),
    ]
    for number, edit in enumerate(edits):
        edit()
        before = {p.relative_to(project.output).as_posix(): p.stat().st_ino
                  for p in (project.output / "search").rglob("*") if p.is_file()}
        build(project.config)
        clean_root = tmp_path / f"clean-{number}"
        shutil.copytree(root, clean_root, ignore=shutil.ignore_patterns(".cache", "output", ".output*"))
        build(load_config(clean_root), use_cache=False)
        cached, clean = output_snapshot(project.output), output_snapshot(clean_root / "output")
        assert {k: v for k, v in cached.items() if k.startswith("search/")} == \
            {k: v for k, v in clean.items() if k.startswith("search/")}
        assert cached == clean
        after = {p.relative_to(project.output).as_posix(): p.stat().st_ino
                 for p in (project.output / "search").rglob("*") if p.is_file()}
        assert any(before.get(name) == inode for name, inode in after.items()), "some files were hard-linked"


def _count_analysed(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Documents analysed (not loaded from the analysis cache) per write_index, at jobs=1."""
    analysed: list[int] = []
    original = search_writer._analyse_block

    def counting(start: int, end: int, record=None):
        analysed.append(end - start)
        return original(start, end, record)

    monkeypatch.setattr(search_writer, "_analyse_block", counting)
    return analysed


def test_analysis_blocks_give_the_same_bytes_as_one_block(tmp_path: Path) -> None:
    documents = [*synthetic_documents(40, seed=6), *SAMPLE_DOCUMENTS]
    write_index(documents, tmp_path / "one", IndexSettings(block_documents=100_000), jobs=1)
    write_index(documents, tmp_path / "many", IndexSettings(block_documents=5), jobs=1)
    write_index(documents, tmp_path / "cached", IndexSettings(block_documents=5), jobs=1, cache_dir=tmp_path / "c")
    write_index(documents, tmp_path / "loaded", IndexSettings(block_documents=5), jobs=1, cache_dir=tmp_path / "c")
    one = snapshot(tmp_path / "one")
    assert snapshot(tmp_path / "many") == one
    assert snapshot(tmp_path / "cached") == one
    assert snapshot(tmp_path / "loaded") == one


@pytest.mark.parametrize("change", ["edit", "add", "delete"])
def test_rebuild_analyses_only_changed_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    analysed = _count_analysed(monkeypatch)
    settings = IndexSettings(block_documents=16)
    documents = list(synthetic_documents(40, seed=9))
    cache = tmp_path / "cache"
    write_index(documents, tmp_path / "first", settings, jobs=1, cache_dir=cache)
    assert sum(analysed) == len(documents)
    blocks = len(search_writer.analysis_blocks([search_writer.document_key(d) for d in documents], 16))
    # Per block its partial index and its documents' analyses; and chunks, files.
    assert len(list((cache / "search").glob("*.pickle"))) == 2 * blocks + 2 > 12

    analysed.clear()
    write_index(documents, tmp_path / "same", settings, jobs=1, cache_dir=cache)
    assert analysed == []  # everything came from the cache
    assert snapshot(tmp_path / "same") == snapshot(tmp_path / "first")

    if change == "edit":
        documents[200] = replace(documents[200], text=documents[200].text + " Ändrad mening om avtalet.")
    elif change == "add":
        documents.insert(150, replace(documents[150], ref=documents[150].ref + "-ny", text="Helt ny punkt om vatten."))
    else:
        del documents[100:103]
    analysed.clear()
    write_index(documents, tmp_path / "rebuilt", settings, jobs=1, cache_dir=cache)
    rebuilt_analysed = list(analysed)
    write_index(documents, tmp_path / "clean", settings, jobs=1)
    assert snapshot(tmp_path / "rebuilt") == snapshot(tmp_path / "clean")
    # Only the one or two blocks around the change (a block has at most 4 * 16 documents).
    assert 0 < sum(rebuilt_analysed) <= 2 * 4 * 16 and len(rebuilt_analysed) <= 2, rebuilt_analysed
    assert len(list((cache / "search").glob("*.pickle"))) <= 2 * (blocks + 2) + 2  # old blocks are pruned


def test_a_damaged_analysis_cache_entry_is_analysed_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    analysed = _count_analysed(monkeypatch)
    settings = IndexSettings(block_documents=16)
    documents = list(synthetic_documents(20, seed=3))
    cache = tmp_path / "cache"
    write_index(documents, tmp_path / "first", settings, jobs=1, cache_dir=cache)
    entries = sorted(path for path in (cache / "search").glob("*.pickle")
                     if path.stem not in ("chunks", "files") and not path.stem.endswith("-documents"))
    entries[0].write_bytes(b"not a pickle")
    entries[1].write_bytes(entries[1].read_bytes()[:100])
    analysed.clear()
    write_index(documents, tmp_path / "again", settings, jobs=1, cache_dir=cache)
    assert len(analysed) == 2
    assert snapshot(tmp_path / "again") == snapshot(tmp_path / "first")


def test_a_rebuild_of_the_site_loads_unchanged_analysis(project, monkeypatch: pytest.MonkeyPatch) -> None:
    project.with_sample()
    for number, topic in enumerate(["skolskjuts", "bredband", "vatten", "avfall"]):
        project.write(f"testgruppen/2020-0{number + 1}-10.md", MEETING.format(date=f"2020-0{number + 1}-10", topic=topic))
    blocks = search_writer.analysis_blocks
    monkeypatch.setattr(search_writer, "analysis_blocks", lambda keys, average: blocks(keys, 2))  # small blocks
    analysed = _count_analysed(monkeypatch)
    build(project.config)
    documents = sum(analysed)
    assert len(list((project.root / ".cache").rglob("search/*.pickle"))) >= 3
    analysed.clear()
    project.write("testgruppen/2020-02-10.md", MEETING.format(date="2020-02-10", topic="fiber"))
    build(project.config)
    assert 0 < sum(analysed) < documents, analysed  # the changed meeting's blocks only


def test_a_changed_previous_chunk_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The chunk record names the exact files the last build left: those are reused without
    encoding them again; another file there is encoded and compared."""
    documents = list(synthetic_documents(10, seed=2))
    cache = tmp_path / "cache"
    write_index(documents, tmp_path / "first", cache_dir=cache)
    encoded: list[int] = []
    original = search_writer.document_chunk
    monkeypatch.setattr(search_writer, "document_chunk", lambda *args: encoded.append(1) or original(*args))
    damaged = tmp_path / "first/search/docs/0.json.gz"
    damaged.write_bytes(b"not gzip")
    os.utime(damaged, ns=(0, 0))
    linked: list[str] = []
    write_index(documents, tmp_path / "again", previous=tmp_path / "first/search",
                reuse=_linker(tmp_path / "first", tmp_path / "again", linked), cache_dir=cache)
    assert len(encoded) == 1  # only the changed file's chunk
    write_index(documents, tmp_path / "clean")
    assert snapshot(tmp_path / "again") == snapshot(tmp_path / "clean")
    assert "search/docs/0.json.gz" not in linked and "search/docs/1.json.gz" in linked


# ---- update_search_index: an edit applied to the last build's index files ----

def _meetings(documents: list[SearchDocument]) -> dict[str, list[SearchDocument]]:
    meetings: dict[str, list[SearchDocument]] = {}
    for document in documents:
        meetings.setdefault(document.ref.split("#")[0], []).append(document)
    return meetings


def _apply(previous_site: Path, staging: Path, delta: IndexDelta, target: Path) -> None:
    shutil.copytree(previous_site / "search", target / "search")
    for relative in delta.removed:
        (target / relative).unlink()
    for relative in delta.written:
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(staging / relative, target / relative)


class _Archive:
    """Documents indexed once with a cache, then edited meeting by meeting through updates, each
    checked against a clean build of the same documents."""

    def __init__(self, tmp_path: Path, documents: list[SearchDocument], settings: IndexSettings) -> None:
        self.tmp_path, self.settings, self.documents = tmp_path, settings, list(documents)
        self.cache = tmp_path / "cache"
        self.site = tmp_path / "site-0"
        self.builds = 0
        write_index(self.documents, self.site, settings, jobs=1, cache_dir=self.cache)

    def replace_meeting(self, page: str, new: list[SearchDocument]) -> None:
        self.documents = [d for d in self.documents if d.ref.split("#")[0] != page] + new

    def update(self, changed: list[SearchDocument]) -> IndexDelta | None:
        self.builds += 1
        staging = self.tmp_path / f"staging-{self.builds}"
        delta = incremental.update_search_index(changed, self.site / "search", staging, self.cache, self.settings)
        if delta is None:
            return None
        target = self.tmp_path / f"site-{self.builds}"
        _apply(self.site, staging, delta, target)
        clean = self.tmp_path / f"clean-{self.builds}"
        write_index(self.documents, clean, self.settings, jobs=1)
        assert snapshot(target) == snapshot(clean)
        self.site = target
        return delta


# Small shards, and meetings cut into several document chunks.
SMALL_SHARDS = IndexSettings(shard_bytes=400, chunk_documents=4)


def _edit(document: SearchDocument, **changes: str) -> SearchDocument:
    return replace(document, **changes)


def _with_edit(archive: _Archive, page: str, number: int, **changes: str) -> list[SearchDocument]:
    documents = _meetings(archive.documents)[page]
    new = [_edit(d, **changes) if i == number else d for i, d in enumerate(documents)]
    archive.replace_meeting(page, new)
    return new


@pytest.fixture
def archive(tmp_path: Path) -> _Archive:
    synthetic = list(synthetic_documents(40, seed=11))
    names = {d.body: d.body_name for d in synthetic}  # one name per body, as in a real archive
    sample = [replace(d, body_name=names.get(d.body, d.body_name)) for d in SAMPLE_DOCUMENTS]
    return _Archive(tmp_path, [*synthetic, *sample], SMALL_SHARDS)


def _pages(archive: _Archive) -> list[str]:
    return sorted(_meetings(archive.documents))


def test_update_with_new_terms(archive: _Archive) -> None:
    page = _pages(archive)[7]
    document = _meetings(archive.documents)[page][2]
    delta = archive.update(_with_edit(archive, page, 2, text=document.text + " Kvastfening zyxbrädet 2099-13-40."))
    assert delta is not None and "search/index.json.gz" in delta.written
    assert f"search/docs/{0}.json.gz" not in delta.written


def test_update_removing_the_last_posting_of_a_term(archive: _Archive) -> None:
    page = _pages(archive)[3]
    new = _with_edit(archive, page, 0, text=_meetings(archive.documents)[page][0].text + " Ensamordet qwertyuiop.")
    assert archive.update(new) is not None
    assert archive.update(_with_edit(archive, page, 0, text="Kort text.")) is not None


def test_update_of_a_title_and_an_idf(archive: _Archive) -> None:
    page = _pages(archive)[12]
    assert archive.update(_with_edit(archive, page, 1, title="Flyktingmottagning och avtalet om bredband")) is not None
    # "kommunen" in one more document: its document frequency, so its idf, changes.
    assert archive.update(_with_edit(archive, page, 3, text="Kommunen kommunen beslutar.")) is not None


def test_update_that_reorders_words_moves_a_terms_first_position(archive: _Archive) -> None:
    first = min(archive.documents, key=lambda d: (d.date, d.ref))
    page = first.ref.split("#")[0]
    number = [d.ref for d in _meetings(archive.documents)[page]].index(first.ref)
    words = first.text.split()
    assert archive.update(_with_edit(archive, page, number, text=" ".join(reversed(words)))) is not None
    # The first holder of many terms loses them: the next holder's position is taken.
    assert archive.update(_with_edit(archive, page, number, text="")) is not None


def test_update_grows_and_shrinks_shards_past_their_cuts(archive: _Archive) -> None:
    page = _pages(archive)[20]
    rng = random.Random(3)
    words = " ".join("".join(rng.choice("abcdefghijklmnopqrstuvwxyzåäö") for _ in range(rng.randint(4, 12)))
                     for _ in range(400))
    grown = archive.update(_with_edit(archive, page, 1, text=words))
    assert grown is not None and grown.removed == []
    shrunk = archive.update(_with_edit(archive, page, 1, text="Inget."))
    assert shrunk is not None and shrunk.removed


def test_update_of_a_status_and_an_item_number(archive: _Archive) -> None:
    page = _pages(archive)[5]
    new = [replace(d, status="ojusterat" if d.status == "justerat" else "justerat") for d in _meetings(archive.documents)[page]]
    archive.replace_meeting(page, new)
    delta = archive.update(new)
    assert delta is not None and "search/statuses.json.gz" in delta.written
    assert not any(path.startswith("search/terms/") for path in delta.written)
    assert archive.update(_with_edit(archive, page, 0, item_number="§ 99")) is not None


def test_update_of_many_meetings_at_once(archive: _Archive) -> None:
    rng = random.Random(8)
    changed = []
    for page in rng.sample(_pages(archive), 12):
        documents = _meetings(archive.documents)[page]
        number = rng.randrange(len(documents))
        text = " ".join(rng.sample(documents[number].text.split(), k=min(20, len(documents[number].text.split()))))
        changed += _with_edit(archive, page, number, text=text + " nyord" + str(rng.randint(0, 9)))
    assert archive.update(changed) is not None


@pytest.mark.parametrize("share", [None, 0.0], ids=["default", "every-big-term-carries-lengths"])
def test_random_updates_equal_clean_builds(archive: _Archive, monkeypatch: pytest.MonkeyPatch, share) -> None:
    """Also with every big term carrying its documents' field lengths (as an index of many
    documents does for its commonest terms; shards.INLINE_SHARE and INLINE_MIN_DOCUMENTS 0):
    an edit that changes a document's lengths changes those records too."""
    if share is not None:
        from generator.search import shards

        monkeypatch.setattr(shards, "INLINE_SHARE", share)
        monkeypatch.setattr(shards, "INLINE_MIN_DOCUMENTS", 0)
        # The first build was made with the default: write it again.
        write_index(archive.documents, archive.site, archive.settings, jobs=1, cache_dir=archive.cache)
    rng = random.Random(21)
    vocabulary = " ".join(d.text for d in archive.documents[:50]).split() + ["zebrafink", "ångbåt", "2019", "§"]
    for _ in range(12):
        changed = []
        for page in rng.sample(_pages(archive), rng.randint(1, 3)):
            documents = _meetings(archive.documents)[page]
            number = rng.randrange(len(documents))
            words = documents[number].text.split()
            action = rng.choice(["insert", "delete", "replace", "title"])
            if action == "insert":
                words[rng.randrange(len(words) + 1):0] = rng.choices(vocabulary, k=rng.randint(1, 30))
            elif action == "delete" and words:
                start = rng.randrange(len(words))
                del words[start:start + rng.randint(1, 40)]
            elif action == "replace":
                words = rng.choices(vocabulary, k=rng.randint(0, 80))
            changes = {"title": " ".join(rng.choices(vocabulary, k=3))} if action == "title" else {"text": " ".join(words)}
            changed += _with_edit(archive, page, number, **changes)
        assert archive.update(changed) is not None


def test_updates_that_cannot_be_applied_return_none(archive: _Archive) -> None:
    page = _pages(archive)[9]
    documents = _meetings(archive.documents)[page]
    ghost = [replace(d, ref=d.ref.replace("#", "-x#"), url=d.url.replace(".html#", "-x.html#")) for d in documents]
    assert archive.update(ghost) is None  # a meeting the index does not have
    assert archive.update(documents[:-1]) is None  # an item fewer: the number of documents changes
    extra = replace(documents[0], ref=documents[0].ref + "-ny", url=documents[0].url + "-ny")
    assert archive.update([*documents, extra]) is None
    moved = [replace(d, date="1999-01-01") for d in documents]
    assert archive.update(moved) is None
    renamed = [replace(d, body_name="Ett annat namn") for d in documents]
    assert archive.update(renamed) is None
    twice = [documents[0], documents[0]]
    assert archive.update(twice) is None


def test_update_needs_the_cache_of_the_previous_build(archive: _Archive, tmp_path: Path) -> None:
    page = _pages(archive)[4]
    new = _with_edit(archive, page, 0, text="Helt ny text om avtalet.")
    assert incremental.update_search_index(new, archive.site / "search", tmp_path / "s1", None) is None
    other = tmp_path / "other"
    write_index(list(synthetic_documents(5, seed=1)), other, SMALL_SHARDS, jobs=1, cache_dir=tmp_path / "other-cache")
    assert incremental.update_search_index(new, archive.site / "search", tmp_path / "s2", tmp_path / "other-cache",
                                           SMALL_SHARDS) is None
    assert archive.update(new) is not None


def test_update_of_an_unchanged_meeting_writes_nothing(archive: _Archive) -> None:
    page = _pages(archive)[6]
    delta = archive.update(_meetings(archive.documents)[page])
    assert delta == IndexDelta(written=[], removed=[])


def test_an_edit_reads_and_writes_only_what_it_touches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    archive = _Archive(tmp_path, list(synthetic_documents(300, seed=2)), IndexSettings())
    read: list[str] = []
    original = incremental._Previous.payload
    monkeypatch.setattr(incremental._Previous, "payload", lambda self, relative: read.append(relative) or original(self, relative))
    page = _pages(archive)[150]
    document = _meetings(archive.documents)[page][1]
    delta = archive.update(_with_edit(archive, page, 1, text=document.text + " Ändrad mening om bredband."))
    assert delta is not None and delta.removed == []
    ordered = sorted(archive.documents, key=lambda d: (d.date, d.ref))
    doc_id = ordered.index(next(d for d in archive.documents if d.ref == document.ref))
    chunk = bisect_right(search_writer.chunk_starts(search_writer.chunk_sizes(ordered, CHUNK_DOCUMENTS)), doc_id) - 1
    assert sorted(delta.written) == sorted([
        *(path for path in delta.written if path.startswith("search/terms/")),
        f"search/docs/{chunk}.json.gz", f"search/lengths/{doc_id // 2048}.gz", "search/index.json.gz",
        "search/words.txt.gz"])  # the vocabulary gained the new words
    # Its three new words, and the parts of one of them (bredband: bred, band) in the parts field.
    assert 0 < sum(path.startswith("search/terms/") for path in delta.written) <= 5
    shards = len(list((archive.site / "search/terms").iterdir()))
    # Per changed word its shard and the next (where the cuts meet the previous ones again).
    # The edited document's parts field follows its text, so the added words move its parts'
    # positions: their shards are read to see whether the document is their first holder.
    assert sum(path.startswith("terms/") for path in read) <= 20 < shards
    assert sum(path.startswith("docs/") for path in read) <= 20


def test_a_damaged_record_of_analyses_is_analysed_again(archive: _Archive) -> None:
    for path in (archive.cache / "search").glob("*-documents.pickle"):
        path.write_bytes(b"not a pickle")
    page = _pages(archive)[4]
    assert archive.update(_with_edit(archive, page, 0, text="Helt ny text om avtalet.")) is None
    # The update dropped the block it could not read, so the next build analyses it again.
    archive.site = archive.tmp_path / "again"
    write_index(archive.documents, archive.site, archive.settings, jobs=1, cache_dir=archive.cache)
    assert archive.update(_with_edit(archive, page, 0, text="Ännu en text om avtalet.")) is not None


def test_analysis_blocks_are_cut_by_the_rule_the_docstring_gives():
    """analysis_blocks looks at one key byte first; the cuts are those of the plain rule: at a key
    that is 0 modulo the average, and after 4 * average documents without one."""
    import random

    from generator.search.writer import analysis_blocks

    def plain(keys, average):
        bounds, start = [], 0
        for position, key in enumerate(keys):
            if int.from_bytes(key[:8], "little") % average == 0 or position + 1 - start >= 4 * average:
                bounds.append((start, position + 1))
                start = position + 1
        return bounds + ([(start, len(keys))] if start < len(keys) else [])

    rng = random.Random(7)
    for _ in range(500):
        average = rng.choice([1, 3, 16, 256, 512, 2048])
        keys = [bytes([rng.choice([0, rng.randrange(256)]), rng.choice([0, rng.randrange(256)]), *rng.randbytes(18)])
                for _ in range(rng.randrange(0, 2500))]
        assert analysis_blocks(keys, average) == plain(keys, average)
        sixteen = [key[:16] for key in keys]
        assert analysis_blocks(DocumentKeys(b"".join(sixteen)), average) == plain(sixteen, average)


def test_document_keys_read_write_slice_and_hash_as_the_list_of_keys_does(tmp_path):
    import random

    from generator.search.writer import AnalysisCache, joined_keys

    rng = random.Random(3)
    listed = [rng.randbytes(16) for _ in range(50)]
    keys = DocumentKeys(b"".join(listed))
    assert len(keys) == 50 and list(keys) == listed and keys[7] == listed[7] and keys[-1] == listed[-1]
    assert list(keys[10:20]) == listed[10:20] and len(keys[40:99]) == 10 and len(keys[30:10]) == 0
    cache = AnalysisCache(tmp_path)
    assert cache.key(keys[5:25]) == cache.key(listed[5:25])
    changed = keys.copy()
    changed[3] = b"\1" * 16
    assert changed[3] == b"\1" * 16 and keys[3] == listed[3]  # a copy: the old keys stay
    assert joined_keys(changed) == b"".join(listed[:3] + [b"\1" * 16] + listed[4:])
    with pytest.raises(ValueError):
        changed[3] = b"short"
    with pytest.raises(IndexError):
        keys[50]
