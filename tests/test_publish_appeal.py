"""Status badges, the appeal period (laglighetsprövning) and the notice board, on fixed dates."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from conftest import BODY_FILE, visible_text
from generator.build.pipeline import build
from generator.publish.appeal import appeal_state, last_day_to_appeal, notice_board
from generator.publish.holidays import (deadline_holidays, easter_sunday, is_working_day, next_working_day,
                                        public_holidays)

D = dt.date


@pytest.mark.parametrize("year, easter", [(2013, D(2013, 3, 31)), (2015, D(2015, 4, 5)), (2019, D(2019, 4, 21)),
                                          (2024, D(2024, 3, 31)), (2025, D(2025, 4, 20)), (2038, D(2038, 4, 25)),
                                          (2285, D(2285, 3, 22))])
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_the_holidays_of_2024_by_name():
    names = {name: day for day, name in deadline_holidays(2024).items()}
    assert names == {
        "nyårsdagen": D(2024, 1, 1), "trettondedag jul": D(2024, 1, 6), "långfredagen": D(2024, 3, 29),
        "påskdagen": D(2024, 3, 31), "annandag påsk": D(2024, 4, 1), "första maj": D(2024, 5, 1),
        "Kristi himmelsfärdsdag": D(2024, 5, 9), "pingstdagen": D(2024, 5, 19),
        "Sveriges nationaldag": D(2024, 6, 6), "midsommarafton": D(2024, 6, 21), "midsommardagen": D(2024, 6, 22),
        "alla helgons dag": D(2024, 11, 2), "julafton": D(2024, 12, 24), "juldagen": D(2024, 12, 25),
        "annandag jul": D(2024, 12, 26), "nyårsafton": D(2024, 12, 31),
    }


def test_before_2005_whit_monday_was_a_holiday_and_the_national_day_was_not():
    assert "annandag pingst" in public_holidays(2004).values()
    assert D(2004, 6, 6) not in public_holidays(2004)
    assert D(2004, 5, 31) in public_holidays(2004)  # annandag pingst 2004
    assert "annandag pingst" not in public_holidays(2005).values()


def test_working_days_agree_with_the_holidays_library_for_two_centuries():
    """An independent, well-kept implementation: every weekday 1954-2100 is judged the same."""
    holidays = pytest.importorskip("holidays")
    disagreements = []
    for year in range(1954, 2101):
        official = set(holidays.Sweden(years=year, include_sundays=False))
        midsummer_eve = next(d for d, n in holidays.Sweden(years=year).items() if "Midsummer Day" in n) - dt.timedelta(days=1)
        official |= {midsummer_eve, D(year, 12, 24), D(year, 12, 31)}
        day = D(year, 1, 1)
        while day.year == year:
            if day.weekday() < 5 and is_working_day(day) == (day in official):
                disagreements.append(day)
            day += dt.timedelta(days=1)
    assert disagreements == []


@pytest.mark.parametrize("anslag, last_day, why", [
    (D(2024, 10, 28), D(2024, 11, 18), "an ordinary Monday three weeks on"),
    (D(2024, 10, 19), D(2024, 11, 11), "a Saturday moves to Monday"),
    (D(2024, 10, 20), D(2024, 11, 11), "a Sunday moves to Monday"),
    (D(2024, 10, 11), D(2024, 11, 1), "the Friday before alla helgons dag is a working day"),
    (D(2024, 5, 31), D(2024, 6, 24), "midsommarafton, midsommardagen and Sunday are skipped"),
    (D(2024, 5, 30), D(2024, 6, 20), "the day before midsommarafton is a working day"),
    (D(2024, 5, 16), D(2024, 6, 7), "nationaldagen (Thursday 6 June)"),
    (D(2024, 12, 3), D(2024, 12, 27), "julafton, juldagen and annandag jul"),
    (D(2024, 12, 10), D(2025, 1, 2), "nyårsafton and nyårsdagen, across the year"),
    (D(2025, 12, 16), D(2026, 1, 7), "trettondedag jul on a Tuesday"),
    (D(2025, 3, 28), D(2025, 4, 22), "långfredagen, påskafton, påskdagen and annandag påsk"),
    (D(2025, 4, 10), D(2025, 5, 2), "första maj on a Thursday"),
    (D(2025, 5, 8), D(2025, 5, 30), "Kristi himmelsfärdsdag"),
    (D(2025, 5, 16), D(2025, 6, 9), "nationaldagen on a Friday, then the weekend"),
    (D(2004, 5, 10), D(2004, 6, 1), "annandag pingst 2004 was still a holiday"),
    (D(2015, 6, 12), D(2015, 7, 3), "no holiday in the way"),
])
def test_last_day_to_appeal(anslag, last_day, why):
    assert last_day_to_appeal(anslag) == last_day, why
    assert is_working_day(last_day)


def test_next_working_day_is_the_day_itself_on_a_working_day():
    assert next_working_day(D(2024, 11, 18)) == D(2024, 11, 18)


MEETING = """\
---
body: testgruppen
date: {date}
kind: {kind}
status: {status}
{extra}
---

## § 1 Beslut om budget

### Beslut

Budgeten antas.
"""


def _meeting(project, date, kind="protokoll", status="justerat", extra=""):
    text = MEETING.format(date=date, kind=kind, status=status, extra=extra)
    if status == "planerat":  # a planned meeting has no items yet
        text = text[:text.index("## ")]
    project.write(f"testgruppen/{date}.md", text)


def _build_on(project, day):
    config = dataclasses.replace(project.config, build_date=day)
    report = build(config)
    return report, config


@pytest.fixture
def board_project(project):
    project.write("testgruppen/_body.md", BODY_FILE)
    _meeting(project, "2024-10-01", extra="approval: {date: 2024-10-03}\nanslag: 2024-10-04")   # ends 2024-10-25
    _meeting(project, "2024-10-14", extra="approval: {date: 2024-10-17}\nanslag: 2024-10-18")   # ends 2024-11-08
    _meeting(project, "2024-10-28", extra="approval: {date: 2024-10-30}\nanslag: 2024-10-31")   # ends 2024-11-21
    _meeting(project, "2024-11-04", extra="approval: {date: 2024-11-06}")                       # no anslag yet
    _meeting(project, "2024-11-05", status="ojusterat")                                          # not approved
    _meeting(project, "2024-10-21", kind="minnesanteckningar", extra="approval: {date: 2024-10-22}\nanslag: 2024-10-22")
    _meeting(project, "2024-11-25", status="planerat")
    _meeting(project, "2024-10-07", status="utkast", extra="anslag: 2024-10-10")
    return project


def test_appeal_states_on_fixed_days(board_project):
    report, _ = _build_on(board_project, D(2024, 11, 8))
    meetings = {m.slug: m for m in report.archive.meetings}
    assert appeal_state(meetings["2024-10-01"], D(2024, 11, 8)).state == "ended"
    assert appeal_state(meetings["2024-10-14"], D(2024, 11, 8)).state == "running"  # its last day
    assert appeal_state(meetings["2024-10-14"], D(2024, 11, 9)).state == "ended"
    assert appeal_state(meetings["2024-10-28"], D(2024, 10, 30)).state == "not_yet"
    assert appeal_state(meetings["2024-10-28"], D(2024, 10, 31)).state == "running"  # the anslag day
    for slug in ("2024-11-04", "2024-11-05", "2024-10-21", "2024-11-25"):
        assert appeal_state(meetings[slug], D(2024, 11, 8)) is None, slug


@pytest.mark.parametrize("today, expected", [
    (D(2024, 10, 3), []),
    (D(2024, 10, 4), ["2024-10-01"]),
    (D(2024, 10, 25), ["2024-10-14", "2024-10-01"]),
    (D(2024, 11, 8), ["2024-10-28", "2024-10-14"]),
    (D(2024, 11, 21), ["2024-10-28"]),
    (D(2024, 11, 22), []),
])
def test_notice_board_contents_at_a_pinned_build_date(board_project, today, expected):
    report, _ = _build_on(board_project, today)
    assert [m.slug for m in notice_board(report.archive, today)] == expected
    page = visible_text((board_project.output / "anslagstavla.html").read_text(encoding="utf-8"))
    for slug in ("2024-10-01", "2024-10-14", "2024-10-28", "2024-11-04", "2024-10-21"):
        assert (f"Protokoll {slug}" in page) == (slug in expected), (today, slug)
    if not expected:
        assert "Inga protokoll är anslagna just nu." in page


def test_notice_board_page_shows_dates_and_links(board_project):
    _build_on(board_project, D(2024, 11, 8))
    html = (board_project.output / "anslagstavla.html").read_text(encoding="utf-8")
    text = visible_text(html)
    assert "Anslagstavlan visar läget den 2024-11-08." in text
    assert 'href="testgruppen/2024-10-28.html"' in html
    assert '<time datetime="2024-11-21">' in html and '<time datetime="2024-10-31">' in html
    assert 'href="anslagstavla.atom"' in html


def test_badges_in_lists_and_on_the_meeting_page(board_project):
    _build_on(board_project, D(2024, 11, 8))
    body = (board_project.output / "testgruppen" / "index.html").read_text(encoding="utf-8")
    for status in ("justerat", "ojusterat", "planerat"):
        assert f'class="status status--{status}"' in body
    assert 'class="appeal appeal--running"' in body and 'class="appeal appeal--ended"' in body
    assert "anslaget 2024-10-31 · överklaga senast 2024-11-21" in visible_text(body)
    home = (board_project.output / "index.html").read_text(encoding="utf-8")
    assert 'class="status status--justerat"' in home and 'class="appeal appeal--running"' in home
    page = (board_project.output / "testgruppen" / "2024-10-28.html").read_text(encoding="utf-8")
    text = visible_text(page)
    assert "Sista dag att överklaga" in text and "Överklagandetiden löper." in text
    assert '<time datetime="2024-11-21">' in page
    ended = visible_text((board_project.output / "testgruppen" / "2024-10-01.html").read_text(encoding="utf-8"))
    assert "Överklagandetiden har gått ut." in ended
    notes = visible_text((board_project.output / "testgruppen" / "2024-10-21.html").read_text(encoding="utf-8"))
    assert "Sista dag att överklaga" not in notes  # minnesanteckningar are not appealed
    assert not (board_project.output / "testgruppen" / "2024-10-07.html").exists()
