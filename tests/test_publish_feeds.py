"""Atom feeds and iCalendar files, read back by real parsers (feedparser, icalendar), field by field."""

from __future__ import annotations

import dataclasses
import datetime as dt
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest

from conftest import BODY_FILE
from generator.build.pipeline import build

BASE = "https://protokoll.example.org/arkiv/"

JUSTERAT = """\
---
body: testgruppen
date: 2024-10-28
start: "09:00"
end: "11:30"
place: Stadshuset, sal 2; plan 3
kind: protokoll
title: Testgruppens protokoll 5/2024
status: justerat
approval: {date: 2024-10-30}
anslag: 2024-10-31
---

## § 1 Budget 2025

### Beslut

Budgeten för 2025 antas & skickas till fullmäktige <för beslut>.

## § 2 Lokaler

### Beslut

- att hyra lokalen
- att utvärdera efter ett år
"""

OJUSTERAT = """\
---
body: testgruppen
date: 2024-11-04
place: Digitalt via Teams
kind: minnesanteckningar
status: ojusterat
---

## 1. Information

Ingen beslut.
"""

PLANERAT = """\
---
body: testgruppen
date: 2025-01-20
start: "13:00"
place: Stadshuset
kind: protokoll
status: planerat
---
"""

OTHER_BODY = """\
---
name: Andra gruppen
organisation: Annanregionen
---
"""

OTHER_MEETING = """\
---
body: andra-gruppen
date: 2024-09-01
kind: anteckningar
status: ojusterat
---

## 1. Ett ärende

### Beslut

Beslut i andra gruppen.
"""


@pytest.fixture
def feed_project(project):
    project.write("testgruppen/_body.md", BODY_FILE)
    project.write("testgruppen/2024-10-28.md", JUSTERAT)
    project.write("testgruppen/2024-11-04.md", OJUSTERAT)
    project.write("testgruppen/2025-01-20.md", PLANERAT)
    project.write("andra-gruppen/_body.md", OTHER_BODY)
    project.write("andra-gruppen/2024-09-01.md", OTHER_MEETING)
    project.write("andra-gruppen/2024-09-15.md", OTHER_MEETING.replace("2024-09-01", "2024-09-15")
                  .replace("ojusterat", "utkast").replace("Beslut i andra", "Utkastbeslut i andra"))
    return project


def _build(project, base_url="", day=dt.date(2024, 11, 8)):
    text = "title: Testarkivet\ndescription: Ett arkiv för tester.\n" + (f"base_url: {base_url}\n" if base_url else "")
    (project.root / "minutes.yml").write_text(text, encoding="utf-8")
    build(dataclasses.replace(project.config, build_date=day))
    return project.output


def _feed(out, path):
    raw = (out / path).read_bytes()
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def test_site_feed_fields(feed_project):
    out = _build(feed_project, BASE)
    feed = _feed(out, "flode.atom")
    assert feed.feed.title == "Testarkivet: nya och ändrade protokoll"
    assert feed.feed.subtitle == "Ett arkiv för tester."
    assert feed.feed.id.startswith("urn:uuid:")
    assert feed.feed.language == "sv"
    assert feed.feed.author == "Testarkivet"
    links = {l.rel: l.href for l in feed.feed.links}
    assert links == {"self": BASE + "flode.atom", "alternate": BASE + "index.html"}
    titles = [e.title for e in feed.entries]
    # no git history here: entries are dated by meeting date, newest first; drafts never appear
    assert titles == ["Testgruppen: Protokoll 2025-01-20", "Testgruppen: Minnesanteckningar 2024-11-04",
                      "Testgruppens protokoll 5/2024", "Andra gruppen: Anteckningar 2024-09-01"]
    entry = feed.entries[2]
    assert entry.link == BASE + "testgruppen/2024-10-28.html"
    assert entry.id.startswith("urn:uuid:") and len({e.id for e in feed.entries}) == 4
    assert entry.updated == "2024-10-28T00:00:00Z"
    assert [t.term for t in entry.tags] == ["justerat"] and entry.tags[0].label == "Justerat"
    assert "Sista dag att överklaga är 2024-11-21." in entry.summary
    assert "§ 1 Budget 2025; § 2 Lokaler" in entry.summary
    assert feed.feed.updated == "2025-01-20T00:00:00Z"


def test_ids_are_stable_and_links_relative_without_a_base_url(feed_project):
    out = _build(feed_project)
    first = _feed(out, "testgruppen/flode.atom")
    out = _build(feed_project, day=dt.date(2024, 12, 24))
    again = _feed(out, "testgruppen/flode.atom")
    assert [e.id for e in first.entries] == [e.id for e in again.entries]
    assert first.feed.id == again.feed.id
    assert [l.rel for l in first.feed.links] == ["alternate"]  # no self link without an absolute URL
    assert first.feed.link == "index.html"
    assert [e.link for e in first.entries] == ["2025-01-20.html", "2024-11-04.html", "2024-10-28.html"]
    assert first.feed.title == "Testgruppen: protokoll och minnesanteckningar"


def test_body_feed_has_only_its_body(feed_project):
    out = _build(feed_project, BASE)
    feed = _feed(out, "andra-gruppen/flode.atom")
    assert [e.link for e in feed.entries] == [BASE + "andra-gruppen/2024-09-01.html"]
    assert feed.feed.title == "Andra gruppen: protokoll och minnesanteckningar"


def test_decisions_feed(feed_project):
    out = _build(feed_project, BASE)
    feed = _feed(out, "beslut.atom")
    assert [e.title for e in feed.entries] == ["TG 2024-10-28: § 2 Lokaler", "TG 2024-10-28: § 1 Budget 2025",
                                               "Andra gruppen 2024-09-01: 1 Ett ärende"]
    assert feed.entries[1].summary == "Budgeten för 2025 antas & skickas till fullmäktige <för beslut>."
    assert feed.entries[1].link == BASE + "testgruppen/2024-10-28.html#paragraf-1"
    assert "att hyra lokalen" in feed.entries[0].summary
    assert len({e.id for e in feed.entries}) == 3
    assert all("Utkastbeslut" not in e.summary for e in feed.entries)


def test_notice_board_feed(feed_project):
    out = _build(feed_project, BASE, day=dt.date(2024, 11, 8))
    feed = _feed(out, "anslagstavla.atom")
    assert feed.feed.title == "Testarkivet: Anslagstavla"
    assert feed.feed.link == BASE + "anslagstavla.html"
    (entry,) = feed.entries
    assert entry.title == "Testgruppens protokoll 5/2024"
    assert entry.link == BASE + "testgruppen/2024-10-28.html"
    assert entry.published == entry.updated == "2024-10-31T00:00:00Z"
    assert entry.summary == ("Protokollet justerades 2024-10-30. Justeringen tillkännagavs på anslagstavlan "
                             "2024-10-31. Sista dag att överklaga är 2024-11-21.")
    out = _build(feed_project, BASE, day=dt.date(2024, 11, 22))
    empty = _feed(out, "anslagstavla.atom")
    assert empty.entries == [] and empty.feed.updated == "2024-11-22T00:00:00Z"


def _calendar(out, body="testgruppen"):
    raw = (out / body / "kalender.ics").read_bytes()
    assert b"\r\n" in raw and all(len(line) <= 75 for line in raw.split(b"\r\n"))
    return icalendar.Calendar.from_ical(raw)


def test_calendar_fields(feed_project):
    out = _build(feed_project, BASE)
    calendar = _calendar(out)
    assert str(calendar["VERSION"]) == "2.0" and "minutes" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]) == "Testgruppen (Testregionen)"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Stockholm"]
    events = {e.decoded("DTSTART").isoformat()[:10]: e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["2024-10-28", "2024-11-04", "2025-01-20"]  # the planned meeting too

    held = events["2024-10-28"]
    stockholm = ZoneInfo("Europe/Stockholm")
    assert held.decoded("DTSTART") == dt.datetime(2024, 10, 28, 9, 0, tzinfo=stockholm)
    assert held.decoded("DTEND") == dt.datetime(2024, 10, 28, 11, 30, tzinfo=stockholm)
    assert str(held["SUMMARY"]) == "TG: Testgruppens protokoll 5/2024"
    assert str(held["LOCATION"]) == "Stadshuset, sal 2; plan 3"  # commas and semicolons survive
    assert str(held["URL"]) == BASE + "testgruppen/2024-10-28.html"
    description = str(held["DESCRIPTION"])
    assert "Status: Justerat" in description and "Sista dag att överklaga är 2024-11-21." in description
    assert "§ 2 Lokaler" in description
    assert held.decoded("DTSTAMP").tzinfo is not None

    all_day = events["2024-11-04"]
    assert all_day.decoded("DTSTART") == dt.date(2024, 11, 4) and all_day.decoded("DTEND") == dt.date(2024, 11, 5)

    planned = events["2025-01-20"]
    assert planned.decoded("DTSTART") == dt.datetime(2025, 1, 20, 13, 0, tzinfo=stockholm)
    assert "Status: Planerat" in str(planned["DESCRIPTION"]) and str(planned["LOCATION"]) == "Stadshuset"


def test_calendar_uids_are_stable_and_unique(feed_project):
    first = {str(e["UID"]) for e in _calendar(_build(feed_project, BASE)).walk("VEVENT")}
    feed_project.write("testgruppen/2024-11-04.md", OJUSTERAT.replace("Ingen beslut.", "Ändrad text."))
    second = {str(e["UID"]) for e in _calendar(_build(feed_project, BASE, day=dt.date(2025, 3, 1))).walk("VEVENT")}
    assert first == second and len(first) == 3
    other = {str(e["UID"]) for e in _calendar(_build(feed_project, BASE), "andra-gruppen").walk("VEVENT")}
    assert len(other) == 1 and not other & first


def test_long_lines_are_folded_without_breaking_characters(feed_project):
    long_place = "Kommunhusets stora sammanträdesrum på våning åtta, ingång från Östra Storgatan ÅÄÖ åäö " * 2
    feed_project.write("testgruppen/2024-10-28.md", JUSTERAT.replace("Stadshuset, sal 2; plan 3", long_place.strip()))
    calendar = _calendar(_build(feed_project))
    event = next(e for e in calendar.walk("VEVENT") if e.decoded("DTSTART").isoformat().startswith("2024-10-28"))
    assert str(event["LOCATION"]) == long_place.strip()
    assert "URL" not in event  # no absolute URL without a base URL
