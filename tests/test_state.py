"""The build state on disk (cache.BuildState): a head and pieces keyed by their content. A build
rewrites only the pieces that changed and reads search texts only to write the index; a piece
that is missing, damaged or left by a killed build means meetings built again, never a stale
page; pieces no longer named are deleted."""

import os
import time

import pytest

from generator.build import cache
from generator.build.cache import BuildCache
from generator.build.pipeline import build
from test_cache import NEIGHBOUR, _epoch, assert_cached_equals_clean

DAYS = ("2020-02-20", "2020-03-05", "2020-03-12", "2020-03-19", "2020-03-26")


@pytest.fixture
def built(project, monkeypatch):
    monkeypatch.setattr(cache, "SUMMARY_PIECE", 1)  # several pieces even for a handful of meetings
    project.with_sample()
    for day in DAYS:
        project.write(f"testgruppen/{day}.md", NEIGHBOUR.replace("2020-02-20", day).replace("Text.", f"Text {day}."))
    new_day(monkeypatch, "2021-01-01")
    build(project.config)
    return project


def new_day(monkeypatch, day: str) -> None:
    """A build of another day takes the full build, not the quick path."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch(day))


def piece_files(project) -> dict[str, tuple[int, int]]:
    folder = project.root / ".cache" / f"v{cache.FORMAT}" / "pieces"
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in folder.iterdir()}


def head(project) -> cache.BuildState:
    state = BuildCache(project.config).load("state", "build")
    assert isinstance(state, cache.BuildState)
    return state


def rels_of(project, kind: str, key: str) -> set[str]:
    entries = BuildCache(project.config)._load_piece(kind, key)
    assert entries is not None
    return set(entries)


def piece_holding(project, rel: str) -> tuple[str, str]:
    state = head(project)
    return state.pieces[cache.piece_of(rel, len(state.pieces))]


def piece_loads(monkeypatch) -> list[str]:
    """The kinds of the pieces the build loads from now on, in order."""
    loaded: list[str] = []
    real_load = BuildCache._load_piece

    def recording(self, kind, key):
        loaded.append(kind)
        return real_load(self, kind, key)

    monkeypatch.setattr(BuildCache, "_load_piece", recording)
    return loaded


def damage(path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


def edit(project, day: str) -> str:
    rel = f"content/testgruppen/{day}.md"
    path = project.root / rel
    path.write_text(path.read_text().replace(f"Text {day}.", f"Ny text {day}."))
    return rel


def test_the_state_is_in_several_pieces_each_named_by_the_head(built):
    state = head(built)
    assert len(state.pieces) > 1 and not state.summaries and not state.search
    named = {f"{key}.pickle" for pair in state.pieces for key in pair}
    assert set(piece_files(built)) == named
    held = set().union(*(rels_of(built, "summaries", summaries) for summaries, _ in state.pieces))
    assert {f"content/testgruppen/{day}.md" for day in DAYS} <= held


def test_a_new_day_rewrites_no_piece_and_reads_no_search_text(built, tmp_path, monkeypatch):
    before = piece_files(built)
    loaded = piece_loads(monkeypatch)
    new_day(monkeypatch, "2021-01-02")
    report = assert_cached_equals_clean(built, tmp_path)
    assert report.pages_rendered == 0 and "summaries" in loaded and "search" not in loaded
    assert piece_files(built) == before  # same files: not even written again


def test_a_new_generator_loads_no_search_text_of_the_old_one(built, tmp_path, monkeypatch):
    """After an upgrade every parse key differs: no summary can be reused, so the old search
    payloads are never loaded (holding them beside the new results cost 300 MB at 10,000)."""
    upgraded = cache.code_fingerprint() + "-next"
    monkeypatch.setattr(cache, "code_fingerprint", lambda: upgraded)
    loaded = piece_loads(monkeypatch)
    new_day(monkeypatch, "2021-01-02")
    report = assert_cached_equals_clean(built, tmp_path)
    assert report.pages_reused == 0 and "summaries" in loaded and "search" not in loaded


def test_a_changed_meeting_rewrites_its_pieces_only_and_the_old_ones_are_deleted(built, tmp_path, monkeypatch):
    before = piece_files(built)
    rel = edit(built, DAYS[0])
    old_pair = piece_holding(built, rel)
    new_day(monkeypatch, "2021-01-02")
    report = assert_cached_equals_clean(built, tmp_path)
    assert report.pages_rendered == 1
    after = piece_files(built)
    new_pair = piece_holding(built, rel)
    assert set(before) - set(after) == {f"{key}.pickle" for key in old_pair}  # collected
    assert set(after) - set(before) == {f"{key}.pickle" for key in new_pair}
    assert {name: before[name] for name in set(before) & set(after)} == {name: after[name] for name in set(before) & set(after)}


@pytest.mark.parametrize("how", ["damaged", "truncated", "missing", "another piece's bytes"])
def test_a_bad_summaries_piece_means_its_meetings_are_built_again(built, tmp_path, monkeypatch, how):
    rel = f"content/testgruppen/{DAYS[1]}.md"
    summaries, _ = piece_holding(built, rel)
    in_piece = rels_of(built, "summaries", summaries)
    path = built.root / ".cache" / f"v{cache.FORMAT}" / "pieces" / f"{summaries}.pickle"
    if how == "damaged":
        damage(path)
    elif how == "truncated":
        path.write_bytes(path.read_bytes()[:-100])
    elif how == "missing":
        path.unlink()
    else:
        other = next(key for pair in head(built).pieces for key in pair if key != summaries)
        path.write_bytes((path.parent / f"{other}.pickle").read_bytes())
    new_day(monkeypatch, "2021-01-02")
    report = assert_cached_equals_clean(built, tmp_path)
    assert report.pages_rendered == len(in_piece)
    assert rels_of(built, "summaries", summaries) == in_piece  # written afresh
    report = assert_cached_equals_clean(built, tmp_path / "again")
    assert report.pages_rendered == 0


def test_a_damaged_search_piece_means_its_meetings_are_parsed_for_the_index(built, tmp_path, monkeypatch):
    state = head(built)
    damaged_rel, edited_rel = f"content/testgruppen/{DAYS[1]}.md", None
    _, search = piece_holding(built, damaged_rel)
    in_piece = rels_of(built, "search", search)
    edited_rel = next(f"content/testgruppen/{day}.md" for day in DAYS
                      if cache.piece_of(f"content/testgruppen/{day}.md", len(state.pieces))
                      != cache.piece_of(damaged_rel, len(state.pieces)))
    damage(built.root / ".cache" / f"v{cache.FORMAT}" / "pieces" / f"{search}.pickle")
    edit(built, edited_rel.rsplit("/", 1)[1].removesuffix(".md"))  # the index must be written again
    new_day(monkeypatch, "2021-01-02")
    report = assert_cached_equals_clean(built, tmp_path)  # the index too, byte for byte
    assert report.pages_rendered == len(in_piece) + 1
    assert rels_of(built, "search", piece_holding(built, damaged_rel)[1]) == in_piece


def test_a_build_killed_before_its_head_was_saved_leaves_a_usable_state(built, tmp_path, monkeypatch):
    real_store = BuildCache.store

    def killed_at_the_head(self, kind, key, value):
        if (kind, key) == ("state", "build"):
            raise KeyboardInterrupt
        real_store(self, kind, key, value)

    rel = edit(built, DAYS[2])
    monkeypatch.setattr(BuildCache, "store", killed_at_the_head)
    new_day(monkeypatch, "2021-01-02")
    with pytest.raises(KeyboardInterrupt):
        build(built.config)
    monkeypatch.setattr(BuildCache, "store", real_store)
    killed = built.root / ".cache" / f"v{cache.FORMAT}" / "pieces" / "tmpkilled.tmp"
    killed.write_bytes(b"half a pie")
    os.utime(killed, (time.time() - 7200, time.time() - 7200))  # younger ones may be another build's
    edit(built, DAYS[3])
    new_day(monkeypatch, "2021-01-03")
    assert_cached_equals_clean(built, tmp_path)
    named = {f"{key}.pickle" for pair in head(built).pieces for key in pair}
    assert set(piece_files(built)) == named  # the killed build's pieces and its temporary file are gone
    assert rel in rels_of(built, "summaries", piece_holding(built, rel)[0])


def test_problems_round_trip_and_share_their_strings_once_unpickled() -> None:
    import pickle

    from generator.common.errors import Problem, SourceLocation, Severity

    made = [Problem(SourceLocation(f"content/a/{n}.md", n), "'Ann Berg' looks like 'Anna Berg'.", "Write 'Anna Berg'.",
                    Severity.WARNING if n % 2 else Severity.ERROR) for n in range(300)]
    # Equal strings as separate objects, as workers send them back.
    made = [Problem(p.location, "".join(list(p.message)), "".join(list(p.hint)), p.severity) for p in made]
    first = pickle.dumps(made)
    loaded = pickle.loads(first)
    assert loaded == made and [p.severity for p in loaded] == [p.severity for p in made]
    assert all(p.message is loaded[0].message for p in loaded)
    assert len(pickle.dumps(loaded)) < len(first) / 2


def test_a_small_plan_leaves_the_head_and_its_pieces_alone_and_the_next_full_build_sees_its_changes(
        built, tmp_path, monkeypatch):
    """A small plan writes a small amendment instead (state.Amendment): the next full build drops
    the changed meeting's summary (its page changed) and knows the index the small plan patched."""
    head_file = BuildCache(built.config)._path("state", "build")
    before = (piece_files(built), head_file.stat().st_mtime_ns)
    summarised = set(BuildCache(built.config).state().summaries)
    loaded = piece_loads(monkeypatch)
    rel = edit(built, DAYS[1])
    report = build(built.config)
    assert report.quick and report.pages_rendered == 1
    assert loaded == [] and (piece_files(built), head_file.stat().st_mtime_ns) == before
    state = BuildCache(built.config).state()
    assert rel in summarised and set(state.summaries) == summarised - {rel}
    assert state.search_key and set(state.search_files) == {
        p.relative_to(built.output).as_posix() for p in (built.output / "search").rglob("*") if p.is_file()}
    new_day(monkeypatch, "2021-01-02")
    report = assert_cached_equals_clean(built, tmp_path)
    assert report.pages_rendered == 1  # only the meeting the small plan changed is parsed again
    assert not BuildCache(built.config)._path("state", "amendment").exists()


def test_an_amendment_of_another_head_is_not_applied(built):
    rel = f"content/testgruppen/{DAYS[0]}.md"
    cache_ = BuildCache(built.config)
    cache_.store("state", "amendment", cache.Amendment(head="someone else's", forgotten=frozenset({rel})))
    assert rel in cache_.state().summaries
