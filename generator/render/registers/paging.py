"""How much one register page holds, and the paths of the pages a register is split into.

A register page holds at most MEETINGS_PER_PAGE meetings' decisions or ACTIONS_PER_PAGE actions;
whatever holds more is split by time (`split_by_period`, `part_numbers`): a body's register into an
overview of years, a year into months, a month into parts of near-equal size, forward in time.
The numbers follow from page weight: a meeting's decisions take about 5 KB of HTML on a register
page and an action under 1 KB, so a page stays near 200 KB of HTML and under 55 KB gzip, within
what tests/test_accessibility.py allows a meeting page with its stylesheets, and a length a
screen-reader user can still move through by its headings. A person's page holds at most
PARTICIPATIONS_PER_PAGE entries (meetings attended or missed, items presented, actions); an
organisation's rows name every representative present, so its pages hold at most
ORGANISATION_MEETINGS_PER_PAGE meetings. The actions without a due date are in the order of their
meetings, in parts of at most ACTIONS_PER_PAGE (they lack the date to split them by).

A body's decision register is split by the number of the body's meetings rather than of those
with decisions (`DecisionLayout`): a meeting page links to its decisions on the register page that
holds them, and meeting pages are rendered, and cached, knowing the other meetings' front matter
only. Month pages are named '<year>-<mm>.html' beside the years: the registers' folders are
reserved (SitePaths.reserved_folders), and in a body's folder meeting pages are named by their
date. Months without entries have no page and no link.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Generic, TypeVar

from generator.model.domain import Body, Meeting
from generator.common.paths import SitePaths


# How much one register page holds; the module docstring says why these numbers.
MEETINGS_PER_PAGE = 40  # decision registers: meetings, each with all its decisions
ACTIONS_PER_PAGE = 250  # action registers: actions
PARTICIPATIONS_PER_PAGE = 250  # a person's page: meetings attended or missed, items presented, actions
ORGANISATION_MEETINGS_PER_PAGE = 100  # an organisation's page: meetings with its representatives


def body_page(paths: SitePaths, body: Body, kind: str) -> str:
    return f"{body.slug}/{paths.register_pages()[kind]}"


def period_page(paths: SitePaths, kind: str, year: int, month: int = 0, body: Body | None = None,
                part: int = 0) -> str:
    """The register page of a year, a month or a part of a month: 'beslut/2019.html',
    'beslut/2019-03.html', 'beslut/2019-03-del-2.html', 'umearegionen-kc/atgarder/2019-03.html'."""
    return paths.period_path(paths.register_folder(kind, body.slug if body else ""), year, month, part)


def part_numbers(count: int, limit: int, newest_first: bool = False) -> list[int]:
    """The part (1, 2, ...) of each of `count` entries of a month, in their order, in as few
    parts of at most `limit` as there can be and of near-equal size; all 0 when one page holds
    them. Parts go forward in time (part 1 is the month's beginning), also in a register that
    lists its entries newest first."""
    if count <= limit:
        return [0] * count
    parts = -(-count // limit)
    numbers = [index * parts // count + 1 for index in range(count)]
    return numbers[::-1] if newest_first else numbers


def year_page(paths: SitePaths, kind: str, year: int) -> str:
    """The site-wide register page of one year: 'beslut/2019.html', 'atgarder/2019.html'."""
    return period_page(paths, kind, year)


def no_due_page(paths: SitePaths, body: Body | None = None, part: int = 0) -> str:
    """The actions without a due date: 'atgarder/utan-slutdatum.html', or a split body's; when
    more than a page holds, its parts from the second on: 'atgarder/utan-slutdatum-del-2.html'."""
    return paths.no_due_page(body.slug if body else "", part)


class DecisionLayout:
    """Which page of a body's decision register holds a meeting's decisions, from the dates of
    the body's meetings alone: every meeting page links to its own decisions there, and a
    meeting page is rendered (and cached) knowing only the other meetings' front matter, not
    their decisions. So a body's decision register is split by how many meetings the body had
    (planned and undecided ones count too), where the site's is split by meetings with decisions."""

    def __init__(self, meetings: tuple[Meeting, ...]):
        self.meetings = len(meetings)
        self.years = Counter(m.date.year for m in meetings)
        self.parts: dict[str, int] = {}  # meeting ref -> part of its month, for months in parts
        months: dict[tuple[int, int], list[Meeting]] = {}
        for meeting in meetings:
            months.setdefault((meeting.date.year, meeting.date.month), []).append(meeting)
        for in_month in months.values():
            newest_first = sorted(in_month, key=lambda m: (m.date, m.slug), reverse=True)  # the register's order
            self.parts.update(zip((m.ref for m in newest_first),
                                  part_numbers(len(newest_first), MEETINGS_PER_PAGE, newest_first=True)))

    @property
    def split(self) -> bool:
        return self.meetings > MEETINGS_PER_PAGE

    def split_year(self, year: int) -> bool:
        return self.years[year] > MEETINGS_PER_PAGE

    def page_of(self, paths: SitePaths, body: Body, meeting: Meeting) -> str:
        if not self.split:
            return body_page(paths, body, "decisions")
        if not self.split_year(meeting.date.year):
            return period_page(paths, "decisions", meeting.date.year, 0, body)
        return period_page(paths, "decisions", meeting.date.year, meeting.date.month, body,
                           self.parts.get(meeting.ref, 0))


@dataclass(frozen=True)
class Period:
    """A year or a month of a register: its page and what is on it. A year with more than a
    page holds (MEETINGS_PER_PAGE, ACTIONS_PER_PAGE) has `months`, and its page lists them."""

    year: int
    month: int  # 1-12; 0: the whole year
    path: str
    entries: int  # decisions, or actions
    meetings: int = 0  # decisions: the meetings they were taken at
    past_due: int = 0  # actions: open, due before the build date
    upcoming: int = 0  # actions: open, due on or after the build date
    done: int = 0  # actions: recorded as done
    months: tuple["Period", ...] = ()  # a split year's months with entries, January first
    part: int = 0  # a part of a month too large for one page: 1, 2, ...
    parts: tuple["Period", ...] = ()  # a month in parts: the parts with entries
    counts: tuple[tuple[str, int], ...] = ()  # a person's: (kind of entry, how many), in the page's order


T = TypeVar("T")


@dataclass(frozen=True)
class PeriodPages(Generic[T]):
    """A year of a register with its entries, in the register's order; when split, its months,
    each with its pages (one, or its parts) and their entries."""

    period: Period
    entries: list[T]
    months: list[tuple[Period, list[tuple[Period, list[T]]]]]


def split_by_period(entries: list[T], when: Callable[[T], dt.date], split: Callable[[int, list[T]], bool]
                    ) -> list[tuple[int, list[T], list[tuple[int, list[T]]]]]:
    """Entries, in the register's order, by year (newest first) and, for each year that
    `split(year, its entries)` says is too large for a page, by month (January first). Each
    entry is in exactly one year, and in one month of a split year; a month without entries has
    no group (and so no page and no link)."""
    years: dict[int, list[T]] = {}
    for entry in entries:
        years.setdefault(when(entry).year, []).append(entry)
    grouped = []
    for year in sorted(years, reverse=True):
        months: dict[int, list[T]] = {}
        if split(year, years[year]):
            for entry in years[year]:
                months.setdefault(when(entry).month, []).append(entry)
        grouped.append((year, years[year], sorted(months.items())))
    return grouped


def chronological(years: list[PeriodPages]) -> list[Period]:
    """The pages that show entries (whole years and the months of split years), oldest first:
    the order a reader pages through them."""
    return [page for year in reversed(years)
            for page in ([part for _, parts in year.months for part, _ in parts] or [year.period])]


def by_period(grouped: list[tuple[int, list[T], list[tuple[int, list[T]]]]],
              counted: Callable[[int, int, list[T], int], Period],
              parts: Callable[[list[T]], list[int]]) -> list[PeriodPages[T]]:
    """`split_by_period`'s groups as pages: `counted(year, month, entries, part)` makes a page's
    Period, `parts(a month's entries)` the part of each (`part_numbers`)."""
    years = []
    for year, entries, months in grouped:
        month_pages = []
        for month, in_month in months:
            chunks: dict[int, list[T]] = {}
            for part, entry in zip(parts(in_month), in_month):
                chunks.setdefault(part, []).append(entry)
            pages = [(counted(year, month, chunk, part), chunk) for part, chunk in sorted(chunks.items())]
            whole = pages[0][0] if len(pages) == 1 and not pages[0][0].part else None
            month_pages.append((whole or replace(counted(year, month, in_month, 0), path=pages[0][0].path,
                                                 parts=tuple(page for page, _ in pages)), pages))
        years.append(PeriodPages(replace(counted(year, 0, entries, 0), months=tuple(m for m, _ in month_pages)),
                                 entries, month_pages))
    return years
