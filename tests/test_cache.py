"""The build cache never gives a stale page: after each kind of change, a cached build equals a
clean build byte for byte; and a change to one meeting re-renders only what it must."""

import datetime as dt
import shutil

import pytest

from conftest import output_snapshot
from generator.load.config import load_config
from generator.build.pipeline import build
from generator.theme import LAYOUTS

NEIGHBOUR = """\
---
body: testgruppen
date: 2020-02-20
kind: protokoll
status: justerat
---

## 1. Punkt

Text.
"""


@pytest.fixture
def cached_project(project):
    project.with_sample()
    project.write("testgruppen/2020-02-20.md", NEIGHBOUR)
    project.write("testgruppen/2020-03-05.md", NEIGHBOUR.replace("2020-02-20", "2020-03-05"))
    build(project.config)  # fills .cache/
    return project


def assert_cached_equals_clean(project, tmp_path):
    cached = build(project.config)
    clean_root = tmp_path / "clean"
    shutil.copytree(project.root, clean_root, ignore=shutil.ignore_patterns(".cache", "output", ".output*"))
    build(load_config(clean_root), use_cache=False)
    assert output_snapshot(project.output) == output_snapshot(clean_root / "output")
    return cached


def test_unchanged_rebuild_reuses_every_meeting_page(cached_project, tmp_path):
    report = assert_cached_equals_clean(cached_project, tmp_path)
    assert report.pages_rendered == 0 and report.pages_reused == 3


def test_changed_meeting_rerenders_only_itself(cached_project, tmp_path):
    path = cached_project.root / "content/testgruppen/2020-02-20.md"
    path.write_text(path.read_text().replace("Text.", "Ny text."))
    report = assert_cached_equals_clean(cached_project, tmp_path)
    assert report.pages_rendered == 1
    assert report.groups_rendered == []  # no list, register or data file shows a discussion text


@pytest.mark.parametrize("change", ["template", "body", "config", "neighbour date", "new meeting", "locale",
                                    "decision", "people", "attachment", "deleted meeting"])
def test_every_kind_of_change_gives_the_clean_result(cached_project, tmp_path, change):
    root = cached_project.root
    if change == "template":
        # A project's own partial overrides the theme's.
        path = root / "layouts/partials/item.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((LAYOUTS / "partials/item.html").read_text().replace('class="item', 'class="item punkt'))
    elif change == "body":
        path = root / "content/testgruppen/_body.md"
        path.write_text(path.read_text().replace("name: Testgruppen", "name: Provgruppen"))
    elif change == "config":
        (root / "minutes.yml").write_text("title: Annat arkiv\n")
    elif change == "neighbour date":
        (root / "content/testgruppen/2020-03-05.md").rename(root / "content/testgruppen/2020-03-06.md")
        path = root / "content/testgruppen/2020-03-06.md"
        path.write_text(path.read_text().replace("2020-03-05", "2020-03-06"))
    elif change == "new meeting":
        cached_project.write("testgruppen/2020-02-25.md", NEIGHBOUR.replace("2020-02-20", "2020-02-25"))
    elif change == "locale":
        cached_project.write("../minutes.yml", "title: Testarkivet\ndescription: Ny beskrivning\n")
    elif change == "decision":
        path = root / "content/testgruppen/2020-01-15.md"
        path.write_text(path.read_text().replace("att anta budgeten", "att avslå budgeten"))
    elif change == "people":
        cached_project.write("people.yml", "- name: Anna Andersson\n  aliases: [A. Andersson]\n")
    elif change == "attachment":
        cached_project.write("testgruppen/2020-01-15/bilagor/Budget 2020.pdf", "%PDF-1.4 budget")
    elif change == "deleted meeting":
        (root / "content/testgruppen/2020-03-05.md").unlink()
    assert_cached_equals_clean(cached_project, tmp_path)


def test_corrupt_cache_entries_are_rebuilt(cached_project, tmp_path):
    for entry in (cached_project.root / ".cache").rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert_cached_equals_clean(cached_project, tmp_path)


def test_edit_that_only_shifts_lines_rerenders_no_register(cached_project, tmp_path):
    path = cached_project.root / "content/testgruppen/2020-01-15.md"
    path.write_text(path.read_text().replace("## 1. Mötets öppnande", "Inledning.\n\n## 1. Mötets öppnande"))
    report = assert_cached_equals_clean(cached_project, tmp_path)
    assert report.pages_rendered == 1 and report.groups_rendered == []


def _epoch(day: str) -> str:
    return str(int(dt.datetime.fromisoformat(day + "T12:00:00+00:00").timestamp()))


def test_a_new_day_rerenders_only_the_pages_whose_appeal_state_it_changes(project, tmp_path, monkeypatch):
    """The build date is no part of a meeting page's key, only its appeal state on that date:
    the daily build re-renders the pages whose appeal period began or ended, and the lists."""
    project.with_sample()
    appealed = NEIGHBOUR.replace("status: justerat", "status: justerat\napproval: {date: 2020-02-24}\nanslag: 2020-02-25")
    project.write("testgruppen/2020-02-20.md", appealed)
    project.write("testgruppen/2020-03-05.md", NEIGHBOUR.replace("2020-02-20", "2020-03-05"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2020-03-10"))  # the appeal period runs
    build(project.config)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2020-03-11"))  # it still runs
    report = assert_cached_equals_clean(project, tmp_path / "a")
    assert not report.quick and report.pages_rendered == 0 and "publication" in report.groups_rendered
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2020-04-01"))  # it has ended
    report = assert_cached_equals_clean(project, tmp_path / "b")
    assert report.pages_rendered == 1 and report.pages_reused == 2


ACTION_DUE = """\
---
body: testgruppen
date: 2020-02-20
kind: protokoll
status: justerat
approval: {date: 2020-02-24}
anslag: 2020-02-25
participants:
  - name: Anna Andersson
    role: ordförande
---

## 1. Punkt

| Åtgärd | Slutdatum | Ansvarig |
| --- | --- | --- |
| Skriv planen | 2020-03-15 | Anna Andersson |
"""


def test_a_new_day_rerenders_only_the_groups_that_show_the_date(project, tmp_path, monkeypatch):
    """Decisions, organisations, open data and the lists of meetings show nothing of the date
    but appeal badges: a new day re-renders the pages that show actions (and the date of their
    note), the notice board and feeds, and the lists only when an appeal state changes."""
    project.with_sample()
    project.write("testgruppen/2020-02-20.md", ACTION_DUE)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2020-03-10"))  # appeal period runs, action not due
    build(project.config)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2020-03-11"))
    report = assert_cached_equals_clean(project, tmp_path / "a")
    assert set(report.groups_rendered) == {"people", "actions", "publication"}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2020-03-20"))  # the action is past due, the appeal has ended
    report = assert_cached_equals_clean(project, tmp_path / "b")
    assert set(report.groups_rendered) == {"people", "actions", "publication", "core", "open-data"}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", _epoch("2021-01-02"))  # a new year
    report = assert_cached_equals_clean(project, tmp_path / "c")
    assert set(report.groups_rendered) == {"people", "actions", "publication"}
