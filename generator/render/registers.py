"""Civic registers: decisions, actions, people and organisations, across meetings and bodies.

    beslut.html                     the years, with counts, and the bodies' registers
    beslut/<year>.html              a year's decisions, or the list of its months when large
    beslut/<year>-<mm>.html         a month's decisions, for a year too large for one page
    atgarder.html                   the due years, with counts (open, past due, done)
    atgarder/<year>.html            the actions due that year, or the list of its months
    atgarder/<year>-<mm>.html       the actions due that month, for a year too large for one page
    .../<year>-<mm>-del-<n>.html    the n-th part (n >= 2) of a month too large for one page
    atgarder/utan-slutdatum.html    every action without a due date (-del-<n>.html: its n-th part)
    <body>/beslut.html              a body's decisions; when large, its years (and pages as above
    <body>/atgarder.html            a body's actions;   under <body>/beslut/ and <body>/atgarder/)
    personer/index.html             everyone named in the minutes        personer/<slug>.html one person
    organisationer/index.html       member organisations                 organisationer/<slug>.html
    personer/<slug>/<year>.html     a large person's meetings, items presented and actions from the
                                    meetings of a year (and months, parts as above); the same
    organisationer/<slug>/<year>.html   for a large organisation's meetings

The registers read only what an Archive keeps without page HTML (Item.decisions, Item.actions,
Item.presenters, Meeting.participants), so they work whichever way the meeting pages are built.
Two hooks connect this module to the renderer: `install(renderer)` gives the templates their
helpers (person, attachment and meeting links, the register page that holds a meeting's
decisions), and `register_producers(renderer)` returns the producers of the register pages and
the attachment files, in groups that can run in parallel. `register_problems` adds the
registers' warnings to `minutes check`; `register_page_paths` lists the pages for the sitemap.

Page size. At 10,000 meetings (bench/synth.py: 13 years, 40 bodies) one page of every decision
was 55 MB; a page per year still 5.0 MB (636 KB gzip) for the busiest year, and a body's single
page 1.3 MB. So a register page holds at most MEETINGS_PER_PAGE (40) meetings' decisions or
ACTIONS_PER_PAGE (250) actions, and whatever holds more is split by time (`split_by_period`,
`part_numbers`): a body's register into an overview of years, a year into months, a month into
parts of near-equal size, forward in time. The numbers come from page weight: a meeting's
decisions take about 5.4 KB of HTML on a register page (10 decisions; the seeds' real text 590
bytes and 140 bytes gzip-compressed a decision), an action 700-860 bytes (100 gzip), so a page
stays near 200 KB of HTML and under 55 KB gzip: with the stylesheets within the 60 KB that
tests/test_accessibility.py allows a meeting page, and a length a screen-reader user can still
move through by its headings. At 10,000 meetings the largest register page is now 221 KB (30 KB
gzip): the busiest month has 93 meetings with decisions (505 KB as one page), in three parts.
The five seed meetings stay far below both numbers, so their registers keep their simple pages
(a year per page, a body's on one page). The actions without a due date are in the order of their
meetings, in parts of at most ACTIONS_PER_PAGE (they lack the date to split them by).

People and organisations are paged the same way (`_period_pages`, with `_OwnerWords` for their
names), by the date of the meetings. At 10,000 meetings a person's single page reached 285 KB (898
entries) and an organisation's 1.39 MB (4,251 meetings). A person's page holds at most
PARTICIPATIONS_PER_PAGE (250) entries: meetings attended or missed and items presented take about
320 bytes each, an action about 800, so the worst page is as large as an action register's. An
organisation's row names every representative present, so its pages hold at most
ORGANISATION_MEETINGS_PER_PAGE (100) meetings (about 330 bytes a row with one or two, more with a
delegation). A large one's own page keeps who they are (roles, representatives) and lists the
years with counts; the lists are on the pages by period. At 10,000 meetings the largest person
page is now 121 KB (17 KB gzip; a person just under the limit, many of whose entries are
actions), the largest by period 37 KB; an organisation's own page 5.4 KB, its pages by month at
most 36 KB. With 1,063 actions without a due date in one body (their single page 813 KB), the
parts are at most 167 KB (20 KB gzip).

A body's decision register is split (into years, months and parts) by the number of the body's
meetings rather than of those with decisions (`DecisionLayout`): a meeting page links to its
decisions on the register page that holds them, and meeting pages are rendered, and cached,
knowing the other meetings' front matter only. Month pages are named '<year>-<mm>.html' beside
the years: the registers' folders are reserved (SitePaths.reserved_folders), and in a body's folder meeting
pages are named by their date, never 'beslut' or 'atgarder'. Months without entries have no page
and no link.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cached_property, partial
from itertools import groupby
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from generator.render.attachments import Attachments, attachment_problems
from generator.load.config import SiteConfig
from generator.model.crosslinks import MeetingLinker
from generator.common.errors import Problem, error
from generator.model.domain import Action, Archive, Body, Decision, Item, Meeting, Participant, Person
from generator.common.paths import SWEDISH, SitePaths
from generator.model.people import PeopleIndex, name_part, sort_key
from generator.common.slugs import slugify
from generator.render.filelinks import FileLinks
from generator.theme import has_layout

if TYPE_CHECKING:  # render imports this module
    from generator.render.site import OutputFile, SiteRenderer, StreamedFile

# Roles that represent a member organisation (the others are staff and guests).
MEMBER_ROLES = ("ordförande", "vice ordförande", "ledamot", "ersättare", "justerare")
TEMPLATES = "registers"
# How much one register page holds; the module docstring says why these numbers.
MEETINGS_PER_PAGE = 40  # decision registers: meetings, each with all its decisions
ACTIONS_PER_PAGE = 250  # action registers: actions
PARTICIPATIONS_PER_PAGE = 250  # a person's page: meetings attended or missed, items presented, actions
ORGANISATION_MEETINGS_PER_PAGE = 100  # an organisation's page: meetings with its representatives


# ---------------------------------------------------------------------------------------------
# What the templates of every page may use


class Civic:
    """Per-renderer state for the template helpers; built lazily, so a renderer for one meeting
    page only scans what that page needs."""

    def __init__(self, archive: Archive, config: SiteConfig):
        self.archive = archive
        self.config = config
        self.people = PeopleIndex(archive.people, config.paths)
        self._linker: MeetingLinker | None = None
        self._attachments: Attachments | None = None
        self._file_links: FileLinks | None = None
        self.person_links: dict[tuple[str, type, str], Markup] = {}
        self._layouts: dict[str, DecisionLayout] = {}

    def decision_layout(self, slug: str) -> "DecisionLayout":
        layout = self._layouts.get(slug)
        if layout is None:
            layout = self._layouts[slug] = DecisionLayout(self.archive.meetings_of(slug))
        return layout

    @property
    def linker(self) -> MeetingLinker:
        if self._linker is None:
            self._linker = MeetingLinker(self.archive)
        return self._linker

    @property
    def attachments(self) -> Attachments:
        if self._attachments is None:
            self._attachments = Attachments(self.archive, self.config)
        return self._attachments

    @property
    def file_links(self) -> FileLinks:
        if self._file_links is None:
            self._file_links = FileLinks(self.archive, self.config, self.attachments)
        return self._file_links


@pass_context
def person_link(context: Context, written: str) -> Markup:
    """A name as the minutes write it, linked to the person's page. Remembered per page depth:
    the same names recur on every page, and resolving and formatting one is not cheap."""
    civic: Civic = context["civic"]
    key = (context["root"], type(written), written)  # by type too: a Markup name is not escaped
    link = civic.person_links.get(key)
    if link is None:
        url = civic.people.url(written)
        link = (Markup('<a class="person-link" href="{}">{}</a>').format(context["root"] + url, written) if url
                else Markup("{}").format(written))
        civic.person_links[key] = link
    return link


@pass_context
def attachment_link(context: Context, name: str) -> Markup:
    """An attachment's name, linked to its file when the file is in the archive; a name that
    refers to another meeting of the body links to that meeting."""
    civic: Civic = context["civic"]
    meeting: Meeting | None = context.get("meeting")
    if meeting is None:
        return Markup("{}").format(name)
    found = civic.attachments.find(meeting, name)
    if found:
        return Markup('<a class="attachment__link" href="{}">{}</a>').format(found.href(meeting, context["root"]), name)
    return Markup(civic.linker.link_plain(name, meeting, context["root"]))


@pass_context
def archive_links(context: Context, html: str, meeting: Meeting | None = None) -> Markup:
    """A sanitised HTML fragment of `meeting` (default: the page's meeting) with its mentions of
    the body's other meetings linked."""
    page_meeting = context.get("meeting")
    meeting = meeting or page_meeting
    if meeting is None or not isinstance(meeting, Meeting):
        return Markup(html)
    html = context["civic"].file_links.rewrite(html, meeting, page_meeting, context["root"])
    return Markup(context["civic"].linker.link_html(html, meeting, context["root"]))


@pass_context
def file_links(context: Context, html: str, meeting: Meeting | None = None) -> Markup:
    """A sanitised HTML fragment of `meeting` with its relative links resolved for this page."""
    page_meeting = context.get("meeting")
    meeting = meeting or page_meeting
    if meeting is None or not isinstance(meeting, Meeting):
        return Markup(html)
    return Markup(context["civic"].file_links.rewrite(html, meeting, page_meeting, context["root"]))


@pass_context
def done_reference(context: Context, text: str, meeting: Meeting) -> Markup:
    """An action's Klar text, with a meeting date in it linked to that meeting."""
    return Markup(context["civic"].linker.link_plain(text, meeting, context["root"]))


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


@pass_context
def decisions_page_of(context: Context, meeting: Meeting) -> str:
    """The page of the body's decision register that holds this meeting's decisions."""
    civic: Civic = context["civic"]
    return civic.decision_layout(meeting.body_slug).page_of(civic.config.paths, civic.archive.body(meeting.body_slug),
                                                            meeting)


def install(renderer: "SiteRenderer") -> None:
    """Give the renderer's templates the registers' helpers (called once per renderer)."""
    civic = Civic(renderer.archive, renderer.config)
    paths = renderer.config.paths
    renderer.env.globals.update(civic=civic, registers=paths.register_pages(), body_register=partial(body_page, paths),
                                no_due_page=paths.no_due_page(), no_due_page_of=partial(no_due_page, paths),
                                person_url=civic.people.url,
                                decisions_page_of=decisions_page_of,
                                person_link=person_link, attachment_link=attachment_link)
    renderer.env.filters["archive_links"] = archive_links
    renderer.env.filters["file_links"] = file_links
    renderer.env.filters["done_reference"] = done_reference


# ---------------------------------------------------------------------------------------------
# The registers' content


@dataclass(frozen=True)
class DecisionEntry:
    meeting: Meeting
    body: Body
    item: Item
    decision: Decision


@dataclass(frozen=True)
class ActionEntry:
    meeting: Meeting
    body: Body
    item: Item
    action: Action
    past_due: bool
    order: int  # position in the archive, for a stable sort


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


@dataclass(frozen=True)
class ActionCounts:
    """How many actions are past due, still to come and done, of some list of actions."""

    entries: int
    past_due: int
    upcoming: int
    done: int

    @classmethod
    def of(cls, entries: list["ActionEntry"]) -> "ActionCounts":
        done = sum(1 for e in entries if e.action.done)
        past_due = sum(1 for e in entries if e.past_due)
        upcoming = sum(1 for e in entries if e.action.due and not e.action.done and not e.past_due)
        return cls(len(entries), past_due, upcoming, done)


@dataclass
class RoleSpan:
    """A person's role in one body for one organisation, from the first to the last meeting."""

    body: Body
    organisation: str
    role: str
    title: str
    first: dt.date
    last: dt.date
    meetings: int = 0


@dataclass
class PersonRecord:
    slug: str
    registry: Person | None
    spellings: Counter = field(default_factory=Counter)
    attended: list[tuple[Meeting, Body, Participant]] = field(default_factory=list)
    absent: list[tuple[Meeting, Body, Participant]] = field(default_factory=list)
    paths: SitePaths = field(default=SWEDISH, repr=False, compare=False)
    presented: list[tuple[Meeting, Body, Item, str]] = field(default_factory=list)
    actions: list[ActionEntry] = field(default_factory=list)
    memberships: list[tuple[Body, Participant]] = field(default_factory=list)
    roles: dict[tuple[str, str, str, str], RoleSpan] = field(default_factory=dict)

    @property
    def name(self) -> str:
        if self.registry:
            return self.registry.name
        # The spelling the minutes use most; ties go to the first in alphabetical order.
        return sorted(self.spellings.items(), key=lambda kv: (-kv[1], sort_key(kv[0]), kv[0]))[0][0]

    @property
    def url(self) -> str:
        return self.paths.person_page(self.slug)

    @property
    def organisations(self) -> list[str]:
        found = [self.registry.organisation] if self.registry and self.registry.organisation else []
        for span in sorted(self.roles.values(), key=lambda s: s.last, reverse=True):
            if span.organisation and span.organisation not in found:
                found.append(span.organisation)
        for _, member in self.memberships:
            if member.organisation and member.organisation not in found:
                found.append(member.organisation)
        return found

    @property
    def participations(self) -> int:
        """How many entries the person's page lists (PARTICIPATIONS_PER_PAGE)."""
        return len(self.attended) + len(self.absent) + len(self.presented) + len(self.actions)

    @property
    def folder(self) -> str:
        """Where a large person's pages by year live: 'personer/anna-andersson'."""
        return self.paths.person_folder(self.slug)

    @property
    def role_spans(self) -> list[RoleSpan]:
        return sorted(self.roles.values(), key=lambda s: (s.first, s.last, s.body.name, s.role))


@dataclass
class OrganisationRecord:
    """An organisation's representatives and meetings. The sorted views are computed on first use
    and kept (each page reads them several times), so they are read only once the registers have
    been gathered."""

    slug: str
    names: Counter = field(default_factory=Counter)
    attended: dict[str, tuple[Meeting, Body, list[tuple[Participant, str]]]] = field(default_factory=dict)
    members: list[tuple[Body, Participant, str]] = field(default_factory=list)  # from the bodies' member lists
    paths: SitePaths = field(default=SWEDISH, repr=False, compare=False)

    @property
    def name(self) -> str:
        return sorted(self.names.items(), key=lambda kv: (-kv[1], sort_key(kv[0]), kv[0]))[0][0]

    @property
    def url(self) -> str:
        return self.paths.organisation_page(self.slug)

    @property
    def folder(self) -> str:
        return self.paths.organisation_folder(self.slug)

    @cached_property
    def meetings(self) -> list[tuple[Meeting, Body, list[tuple[Participant, str]]]]:
        return sorted(self.attended.values(), key=lambda e: (e[0].date, e[0].body_slug, e[0].slug), reverse=True)

    @cached_property
    def people(self) -> list[tuple[str, str]]:
        """(name as written, person url), everyone who represented the organisation."""
        seen: dict[str, str] = {}
        for _, _, people in self.meetings:
            for participant, url in people:
                seen.setdefault(participant.name, url)
        for _, member, url in self.members:
            seen.setdefault(member.name, url)
        return sorted(seen.items(), key=lambda kv: sort_key(kv[0]))


class Registers:
    """Everything the register pages show, each part gathered on first use: a group of register
    pages (see `register_producers`) often runs alone in its own process."""

    def __init__(self, archive: Archive, build_date: dt.date, paths: SitePaths):
        self.archive = archive
        self.build_date = build_date
        self.paths = paths
        self.people_index = PeopleIndex(archive.people, paths)
        self.bodies = {b.slug: b for b in archive.bodies}

    @cached_property
    def decisions(self) -> list[DecisionEntry]:
        return [DecisionEntry(meeting, self.bodies[meeting.body_slug], item, decision)
                for meeting in self.archive.meetings for item in meeting.items for decision in item.decisions]

    @cached_property
    def actions(self) -> list[ActionEntry]:
        entries: list[ActionEntry] = []
        for meeting in self.archive.meetings:
            body = self.bodies[meeting.body_slug]
            for item in meeting.items:
                for action in item.actions:
                    past_due = bool(action.due and action.due < self.build_date and not action.done)
                    entries.append(ActionEntry(meeting, body, item, action, past_due, len(entries)))
        return entries

    @cached_property
    def organisations(self) -> dict[str, OrganisationRecord]:
        self.people  # gathers the organisations too
        # Only the organisations with a member representative somewhere.
        return {slug: org for slug, org in self._organisations.items() if org.attended or org.members}

    @cached_property
    def people(self) -> dict[str, PersonRecord]:
        """People and organisations, in one pass over the bodies' members and the meetings."""
        self._people: dict[str, PersonRecord] = {}
        self._organisations: dict[str, OrganisationRecord] = {}
        # The same names recur in every meeting: resolved once each.
        self._spellings: dict[str, str] = {}
        self._organisation_named: dict[str, OrganisationRecord] = {}
        for person in self.archive.people:
            slug = slugify(person.name)
            if slug:
                self._people.setdefault(slug, PersonRecord(slug, person, paths=self.paths))
        for body in self.archive.bodies:
            for member in body.members:
                record = self._person(member.name)
                if record:
                    record.memberships.append((body, member))
                if member.organisation and member.role in MEMBER_ROLES:
                    self._organisation(member.organisation).members.append(
                        (body, member, record.url if record else ""))
        actions = iter(self.actions)
        for meeting in self.archive.meetings:
            body = self.bodies[meeting.body_slug]
            self._participants(meeting, body)
            for item in meeting.items:
                for presenter in item.presenters:
                    record = self._person(presenter)
                    if record:
                        record.presented.append((meeting, body, item, presenter))
                for action in item.actions:
                    entry = next(actions)
                    for slug in dict.fromkeys(self.people_index.slug(n) for n in action.responsible):
                        if slug:
                            written = next(n for n in action.responsible if self.people_index.slug(n) == slug)
                            record = self._person(written)
                            assert record is not None
                            record.actions.append(entry)
        return self._people

    def _person(self, written: str) -> PersonRecord | None:
        slug = self.people_index.slug(written)
        if not slug:
            return None
        record = self._people.get(slug)
        if record is None:
            record = self._people[slug] = PersonRecord(slug, self.people_index.person(written), paths=self.paths)
        spelling = self._spellings.get(written)
        if spelling is None:
            spelling = self._spellings[written] = name_part(written)
        record.spellings[spelling] += 1
        return record

    def _organisation(self, name: str) -> OrganisationRecord:
        record = self._organisation_named.get(name)
        if record is None:
            slug = slugify(name) or "organisation"
            record = self._organisations.get(slug)
            if record is None:
                record = self._organisations[slug] = OrganisationRecord(slug, paths=self.paths)
            self._organisation_named[name] = record
        record.names[name] += 1
        return record

    def _participants(self, meeting: Meeting, body: Body) -> None:
        for participant in meeting.participants:
            record = self._person(participant.name)
            if record is None:
                continue
            if participant.absent:
                record.absent.append((meeting, body, participant))
                continue
            record.attended.append((meeting, body, participant))
            key = (body.slug, participant.organisation, participant.role, participant.title)
            span = record.roles.get(key)
            if span is None:
                span = record.roles[key] = RoleSpan(body, participant.organisation, participant.role,
                                                    participant.title, meeting.date, meeting.date)
            span.first, span.last = min(span.first, meeting.date), max(span.last, meeting.date)
            span.meetings += 1
            if participant.organisation and participant.role in MEMBER_ROLES:
                organisation = self._organisation(participant.organisation)
                entry = organisation.attended.setdefault(meeting.ref, (meeting, body, []))
                entry[2].append((participant, record.url))

    # Views

    @cached_property
    def _decisions_by_body(self) -> dict[str, list[DecisionEntry]]:
        return _by_body(self.decisions)

    @cached_property
    def _actions_by_body(self) -> dict[str, list[ActionEntry]]:
        return _by_body(self.actions)

    def decisions_by_year(self, body: Body | None = None) -> list[tuple[int, list[tuple[Meeting, Body, list[DecisionEntry]]]]]:
        """Newest year and meeting first; a meeting's decisions in agenda order."""
        entries = self.decisions if body is None else self._decisions_by_body.get(body.slug, [])
        meetings: dict[str, tuple[Meeting, Body, list[DecisionEntry]]] = {}
        for entry in entries:
            meetings.setdefault(entry.meeting.ref, (entry.meeting, entry.body, []))[2].append(entry)
        ordered = sorted(meetings.values(), key=lambda m: (m[0].date, m[1].name, m[0].slug), reverse=True)
        years: dict[int, list] = {}
        for meeting in ordered:
            years.setdefault(meeting[0].year, []).append(meeting)
        return list(years.items())

    def actions_by_due(self, body: Body | None = None, entries: list[ActionEntry] | None = None) -> list[ActionEntry]:
        """By due date, earliest first; actions without one last, in the order of their meetings."""
        if entries is None:
            entries = self.actions if body is None else self._actions_by_body.get(body.slug, [])
        return sorted(entries, key=lambda e: (e.action.due is None, e.action.due or dt.date.min, e.order))

    def decision_layout(self, body: Body) -> DecisionLayout:
        return DecisionLayout(self.archive.meetings_of(body.slug))

    def decision_years(self, body: Body | None = None) -> list[PeriodPages[tuple[Meeting, Body, list[DecisionEntry]]]]:
        """The decisions by year of their meetings, newest first, each with its counts; a year of
        more than MEETINGS_PER_PAGE meetings (with decisions; a body's: any) split into months.
        For a body, its pages by period (whether its register is split at all: `decision_layout`)."""
        if body is None:
            split = lambda year, meetings: len(meetings) > MEETINGS_PER_PAGE
        else:
            layout = self.decision_layout(body)
            split = lambda year, meetings: layout.split_year(year)

        def counted(year: int, month: int, meetings: list, part: int) -> Period:
            return Period(year, month, period_page(self.paths, "decisions", year, month, body, part),
                          sum(len(m[2]) for m in meetings), len(meetings), part=part)

        if body is None:
            parts = lambda meetings: part_numbers(len(meetings), MEETINGS_PER_PAGE, newest_first=True)
        else:
            parts = lambda meetings: [layout.parts[m[0].ref] for m in meetings]
        meetings = [m for _, year in self.decisions_by_year(body) for m in year]
        return by_period(split_by_period(meetings, lambda m: m[0].date, split), counted, parts)

    def action_years(self, body: Body | None = None) -> tuple[list[PeriodPages[ActionEntry]], list[ActionEntry]]:
        """The actions by due year, newest year first, each sorted by due date as the registers
        are, a year of more than ACTIONS_PER_PAGE split into months; and the actions without a
        due date, in the order of their meetings."""
        dated: list[ActionEntry] = []
        undated: list[ActionEntry] = []
        for entry in self.actions_by_due(body):
            (dated if entry.action.due else undated).append(entry)

        def counted(year: int, month: int, entries: list[ActionEntry], part: int) -> Period:
            counts = ActionCounts.of(entries)
            return Period(year, month, period_page(self.paths, "actions", year, month, body, part), counts.entries,
                          past_due=counts.past_due, upcoming=counts.upcoming, done=counts.done, part=part)

        grouped = split_by_period(dated, lambda e: e.action.due, lambda year, entries: len(entries) > ACTIONS_PER_PAGE)
        return by_period(grouped, counted, lambda entries: part_numbers(len(entries), ACTIONS_PER_PAGE)), undated

    def actions_split(self, body: Body) -> bool:
        """Whether a body's action register is an overview with pages by due year."""
        return len(self._actions_by_body.get(body.slug, ())) > ACTIONS_PER_PAGE

    def decision_counts_by_body(self) -> list[tuple[Body, int]]:
        return [(body, len(self._decisions_by_body.get(body.slug, ()))) for body in self.archive.bodies]

    def action_counts_by_body(self) -> list[tuple[Body, int]]:
        return [(body, len(self._actions_by_body.get(body.slug, ()))) for body in self.archive.bodies]

    def person_years(self, person: PersonRecord) -> list[PeriodPages[tuple[str, int, Any]]]:
        """A large person's page by year of the meetings (newest first), a year of more than
        PARTICIPATIONS_PER_PAGE entries split into months: what `person_entries` lists."""
        def counted(year: int, month: int, entries: list[tuple[str, int, Any]], part: int) -> Period:
            found = Counter(kind for kind, _, _ in entries)
            return Period(year, month, self.paths.period_path(person.folder, year, month, part), len(entries),
                          found["attended"], part=part,
                          counts=tuple((PERSON_COUNTS[kind], found[kind]) for kind in PERSON_ENTRIES if found[kind]))

        grouped = split_by_period(person_entries(person), _meeting_date,
                                  lambda year, entries: len(entries) > PARTICIPATIONS_PER_PAGE)
        return by_period(grouped, counted,
                         lambda entries: part_numbers(len(entries), PARTICIPATIONS_PER_PAGE, newest_first=True))

    def organisation_years(self, organisation: OrganisationRecord
                           ) -> list[PeriodPages[tuple[Meeting, Body, list[tuple[Participant, str]]]]]:
        """A large organisation's meetings by year (newest first), a year of more than
        ORGANISATION_MEETINGS_PER_PAGE split into months."""
        def counted(year: int, month: int, meetings: list, part: int) -> Period:
            return Period(year, month, self.paths.period_path(organisation.folder, year, month, part), len(meetings),
                          len(meetings), part=part)

        grouped = split_by_period(organisation.meetings, lambda m: m[0].date,
                                  lambda year, meetings: len(meetings) > ORGANISATION_MEETINGS_PER_PAGE)
        return by_period(grouped, counted,
                         lambda meetings: part_numbers(len(meetings), ORGANISATION_MEETINGS_PER_PAGE, newest_first=True))

    def people_sorted(self) -> list[PersonRecord]:
        return sorted(self.people.values(), key=lambda p: (sort_key(p.name), p.slug))

    def organisations_sorted(self) -> list[OrganisationRecord]:
        return sorted(self.organisations.values(), key=lambda o: (sort_key(o.name), o.slug))


# ---------------------------------------------------------------------------------------------
# Pages


Entry = TypeVar("Entry", "DecisionEntry", "ActionEntry")

# What a person's page lists, in the page's order: PersonRecord's lists of these names.
PERSON_ENTRIES = ("attended", "absent", "presented", "actions")
PERSON_COUNTS = {"attended": "attended_count", "absent": "absent_count", "presented": "presented_count",
                 "actions": "action_count"}  # their counts' names in the site's language (registers)


def person_entries(person: PersonRecord) -> list[tuple[str, int, Any]]:
    """Everything a person's page lists, as (kind, position in the person's list, entry), newest
    meeting first: the order a large person's pages by period are cut in."""
    tagged = [(kind, index, entry) for kind in PERSON_ENTRIES for index, entry in enumerate(getattr(person, kind))]
    order = {kind: n for n, kind in enumerate(PERSON_ENTRIES)}
    return sorted(tagged, key=lambda e: (_meeting_date(e), -order[e[0]], e[1]), reverse=True)


def _meeting_date(tagged: tuple[str, int, Any]) -> dt.date:
    entry = tagged[2]
    return entry.meeting.date if isinstance(entry, ActionEntry) else entry[0].date


def _person_lists(registers: "Registers", entries: list[tuple[str, int, Any]]) -> dict[str, list]:
    """A person page's lists of some of the person's entries, each as the page shows it: the
    newest meeting first (the reverse of the archive's order), the actions by due date."""
    lists: dict[str, list] = {kind: [] for kind in PERSON_ENTRIES}
    for kind, _, entry in sorted(entries, key=lambda e: e[1], reverse=True):
        lists[kind].append(entry)
    lists["actions"] = registers.actions_by_due(entries=lists["actions"])
    lists["presented"] = newest_meeting_first(lists["presented"][::-1])
    return lists


def newest_meeting_first(presented: list[tuple[Meeting, Body, Item, str]]) -> list[tuple[Meeting, Body, Item, str]]:
    """Items presented, in the archive's order, as a person page lists them: the newest meeting
    first and, within a meeting, the items in agenda order (as its page has them)."""
    runs = [list(run) for _, run in groupby(presented, key=lambda entry: id(entry[0]))]
    return [entry for run in reversed(runs) for entry in run]


def _by_body(entries: list[Entry]) -> dict[str, list[Entry]]:
    grouped: dict[str, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault(entry.body.slug, []).append(entry)
    return grouped


def register_producers(renderer: "SiteRenderer") -> dict[str, Callable[[], Iterator["OutputFile"]]]:
    """The register pages in independent groups, which the pipeline renders in parallel and
    reuses by name. Largest first (at 10,000 meetings), so the worker processes finish together.
    What each reads besides the archive: `register_inputs`."""
    return {"people": partial(_people_pages, renderer),
            "decisions": partial(_decision_pages, renderer),
            "actions": partial(_action_pages, renderer),
            "organisations": partial(_organisation_pages, renderer),
            "attachments": partial(_attachment_files, renderer),
            "linked": partial(_linked_files, renderer)}


def _registers(renderer: "SiteRenderer") -> Registers | None:
    """What the register pages show; None when the layouts have no registers."""
    if not has_layout(renderer.config, TEMPLATES):
        return None
    return Registers(renderer.archive, renderer.config.build_date, renderer.config.paths)


def _attachment_files(renderer: "SiteRenderer") -> Iterator["OutputFile"]:
    yield from _civic(renderer).attachments.output_files()


def _linked_files(renderer: "SiteRenderer") -> Iterator["OutputFile"]:
    yield from _civic(renderer).file_links.linked_files()


def _decision_pages(renderer: "SiteRenderer") -> Iterator["StreamedFile"]:
    """The site's decision register (an overview, a page per year, or per month of a year too
    large for one) and each body's (one page, or the same overview and pages when large)."""
    registers = _registers(renderer)
    if registers is None:
        return
    years = registers.decision_years()
    common = {"build_date": renderer.config.build_date}
    paths = renderer.config.paths
    yield renderer.streamed_page(f"{TEMPLATES}/decisions_overview.html", paths.register_pages()["decisions"],
                                 years=[year.period for year in years], bodies=registers.decision_counts_by_body(),
                                 **common)
    yield from _register_period_pages(renderer, "decisions", years, None, common)
    for body in renderer.archive.bodies:
        path = body_page(paths, body, "decisions")
        if not registers.decision_layout(body).split:
            yield renderer.streamed_page(f"{TEMPLATES}/decisions.html", path, body=body,
                                         years=registers.decisions_by_year(body), periods=None, **common)
            continue
        years = registers.decision_years(body)
        # years=(): a body split by its meeting count may have no decision at all
        yield renderer.streamed_page(f"{TEMPLATES}/decisions.html", path, body=body, years=(),
                                     periods=[year.period for year in years], **common)
        yield from _register_period_pages(renderer, "decisions", years, body, common)


def _action_pages(renderer: "SiteRenderer") -> Iterator["StreamedFile"]:
    """The site's action register (an overview, a page per due year or per due month of a year
    too large for one, one for actions without a due date) and each body's (one page, or the
    same overview and pages when large)."""
    registers = _registers(renderer)
    if registers is None:
        return
    years, undated = registers.action_years()
    counts = [year.period for year in years]
    common = {"build_date": renderer.config.build_date}
    this_year = next((c for c in counts if c.year == renderer.config.build_date.year), None)
    paths = renderer.config.paths
    yield renderer.streamed_page(f"{TEMPLATES}/actions_overview.html", paths.register_pages()["actions"], years=counts,
                                 this_year=this_year, undated=ActionCounts.of(undated),
                                 total=ActionCounts.of(registers.actions), bodies=registers.action_counts_by_body(),
                                 **common)
    yield from _register_period_pages(renderer, "actions", years, None, common)
    if undated:
        yield from _undated_pages(renderer, undated, None, common)
    for body in renderer.archive.bodies:
        path = body_page(paths, body, "actions")
        if not registers.actions_split(body):
            yield renderer.streamed_page(f"{TEMPLATES}/actions.html", path, body=body,
                                         actions=registers.actions_by_due(body), periods=None, **common)
            continue
        years, undated = registers.action_years(body)
        yield renderer.streamed_page(f"{TEMPLATES}/actions.html", path, body=body, actions=None,
                                     periods=[year.period for year in years], undated=ActionCounts.of(undated),
                                     **common)
        yield from _register_period_pages(renderer, "actions", years, body, common)
        if undated:
            yield from _undated_pages(renderer, undated, body, common)


def register_page_paths(renderer: "SiteRenderer") -> list[str]:
    """Every page of the registers: decisions and actions, the site's and the bodies', people and
    organisations (for the sitemap): the same pages the producers of `register_producers` write."""
    registers = _registers(renderer)
    if registers is None:
        return []
    paths = renderer.config.paths

    def by_period(years: list[PeriodPages]) -> list[str]:
        return [path for year in years
                for path in (year.period.path, *(part.path for _, parts in year.months for part, _ in parts))]

    def no_due(undated: list[ActionEntry], body: Body | None = None) -> list[str]:
        return [no_due_page(paths, body, part) for part in sorted(set(part_numbers(len(undated), ACTIONS_PER_PAGE)))
                ] if undated else []

    pages = [paths.register_pages()["decisions"], *by_period(registers.decision_years())]
    years, undated = registers.action_years()
    pages += [paths.register_pages()["actions"], *by_period(years), *no_due(undated)]
    for body in renderer.archive.bodies:
        pages.append(body_page(paths, body, "decisions"))
        if registers.decision_layout(body).split:
            pages += by_period(registers.decision_years(body))
        pages.append(body_page(paths, body, "actions"))
        if registers.actions_split(body):
            years, undated = registers.action_years(body)
            pages += [*by_period(years), *no_due(undated, body)]
    pages.append(paths.register_pages()["people"])
    for person in registers.people_sorted():
        pages.append(person.url)
        if person.participations > PARTICIPATIONS_PER_PAGE:
            pages += by_period(registers.person_years(person))
    pages.append(paths.register_pages()["organisations"])
    for organisation in registers.organisations_sorted():
        pages.append(organisation.url)
        if len(organisation.meetings) > ORGANISATION_MEETINGS_PER_PAGE:
            pages += by_period(registers.organisation_years(organisation))
    return pages


class _Words:
    """The names of a register's pages, in the site's language."""

    def __init__(self, renderer: "SiteRenderer", kind: str, body: Body | None):
        self.text = renderer.text["registers"]
        self.months = renderer.text["months"]
        self.paths = renderer.config.paths
        self.kind = kind
        self.body = body

    def period(self, year: int, month: int = 0) -> str:
        """'2019', 'mars 2019'."""
        return f"{self.months[month - 1]} {year}" if month else str(year)

    def part(self, period: Period) -> str:
        """'', or ', del 2'."""
        return ", " + self.text["part"].replace("{part}", str(period.part)) if period.part else ""

    def label(self, period: Period) -> str:
        """A page's name among the register's pages: 'Beslut 2019', 'Beslut mars 2019, del 2'."""
        key = f"{self.kind}_{'month' if period.month else 'year'}"
        return self.text[key].replace("{year}", self.period(period.year, period.month)) + self.part(period)

    def heading(self, period: Period) -> str:
        """The page's own title, which names the body on a body's pages."""
        if self.body is None:
            return self.label(period)
        key = f"{self.kind}_of_{'month' if period.month else 'year'}"
        name = self.period(period.year, period.month)
        return self.text[key].replace("{body}", self.body.name).replace("{year}", name) + self.part(period)

    def trail(self, *steps: tuple[str, str | None]) -> list[tuple[str, str | None]]:
        """The breadcrumb: the register (the site's, or the body and its register), then steps."""
        if self.body is None:
            return [(self.text[f"{self.kind}_title"], self.paths.register_pages()[self.kind]), *steps]
        return [(self.body.name, self.body.url), (self.text[self.kind], body_page(self.paths, self.body, self.kind)),
                *steps]

    @property
    def top(self) -> tuple[str, str]:
        """The link back to the register's list of years."""
        return (self.text[f"{self.kind}_all_years"],
                body_page(self.paths, self.body, self.kind) if self.body else self.paths.register_pages()[self.kind])


class _OwnerWords(_Words):
    """The names of the pages by period of a person's or an organisation's page (kind 'person',
    'organisation'): '2019', 'Anna Andersson 2019', under the list of people or organisations."""

    def __init__(self, renderer: "SiteRenderer", kind: str, name: str, url: str):
        super().__init__(renderer, kind, None)
        self.name = name
        self.url = url

    def label(self, period: Period) -> str:
        return self.period(period.year, period.month) + self.part(period)

    def heading(self, period: Period) -> str:
        return self.text["owner_period"].replace("{name}", self.name).replace("{period}", self.label(period))

    def trail(self, *steps: tuple[str, str | None]) -> list[tuple[str, str | None]]:
        listing = "people" if self.kind == "person" else "organisations"
        return [(self.text[f"{listing}_title"], self.paths.register_pages()[listing]), (self.name, self.url), *steps]

    @property
    def top(self) -> tuple[str, str]:
        return (self.text["owner_all_years"].replace("{name}", self.name), self.url)


def _period_pages(renderer: "SiteRenderer", words: _Words, years: list[PeriodPages], view: dict[str, Any],
                  leaf: str, content: Callable[[list], dict[str, Any]]) -> Iterator["StreamedFile"]:
    """The pages by period of a register, a person or an organisation: a page per year, and a
    year too large for one page lists its months, each on a page of its own (or on parts of at
    most a page's worth). Every page links to the pages before and after it and up to the list
    it is on. `leaf`: the template of the pages that show entries, `content(entries)` their
    variables; `view`: the variables of every page."""
    kind = words.kind
    pages = chronological(years)
    position = {page.path: index for index, page in enumerate(pages)}

    def link(period: Period | None) -> tuple[str, str] | None:
        return (words.label(period), period.path) if period else None

    for index, year in enumerate(years):
        period = year.period
        pager = {"label": words.text["year_nav"], "up": words.top,
                 "earlier": link(years[index + 1].period if index + 1 < len(years) else None),
                 "later": link(years[index - 1].period if index > 0 else None)}
        trail = words.trail((str(period.year), None))
        if not year.months:
            yield renderer.streamed_page(leaf, period.path, period=period, period_name=words.period(period.year),
                                         heading_text=words.heading(period), trail=trail, pager=pager, parts=None,
                                         intro=f"{kind}_year_intro", **content(year.entries), **view)
            continue
        yield renderer.streamed_page(f"{TEMPLATES}/months.html", period.path, period=period,
                                     period_name=words.period(period.year), heading_text=words.heading(period),
                                     trail=trail, pager=pager,
                                     month_names={m.month: words.period(m.year, m.month) for m in period.months},
                                     **view)
        for month, month_pages in year.months:
            name = words.period(month.year, month.month)
            parts = {"label": words.text["parts_nav"].replace("{period}", name),
                     "pages": [(words.text["part"].replace("{part}", str(p.part)), p.path) for p in month.parts]
                     } if month.parts else None
            for part, entries in month_pages:
                at = position[part.path]
                pager = {"label": words.text["month_nav"], "up": (words.label(period), period.path),
                         "earlier": link(pages[at - 1] if at > 0 else None),
                         "later": link(pages[at + 1] if at + 1 < len(pages) else None)}
                trail = words.trail((str(period.year), period.path),
                                    (words.months[month.month - 1] + words.part(part), None))
                yield renderer.streamed_page(leaf, part.path, period=part, period_name=name,
                                             heading_text=words.heading(part), trail=trail, pager=pager, parts=parts,
                                             intro=f"{kind}_month_intro", **content(entries), **view)


def _register_period_pages(renderer: "SiteRenderer", kind: str, years: list[PeriodPages], body: Body | None,
                           common: dict[str, Any]) -> Iterator["StreamedFile"]:
    entries_name = "meetings" if kind == "decisions" else "actions"
    yield from _period_pages(renderer, _Words(renderer, kind, body), years,
                             {"kind": kind, "body": body, "show_body": body is None, **common},
                             f"{TEMPLATES}/{kind}_year.html", lambda entries: {entries_name: entries})


def _undated_pages(renderer: "SiteRenderer", undated: list[ActionEntry], body: Body | None,
                   common: dict[str, Any]) -> Iterator["StreamedFile"]:
    """The actions without a due date, in the order of their meetings: one page, or parts of at
    most ACTIONS_PER_PAGE (a date to split them by is what they lack), linked by a list of parts."""
    words = _Words(renderer, "actions", body)
    paths = renderer.config.paths
    heading = (words.text["actions_of_no_due"].replace("{body}", body.name) if body
               else words.text["actions_no_due_title"])
    chunks: dict[int, list[ActionEntry]] = {}
    for part, entry in zip(part_numbers(len(undated), ACTIONS_PER_PAGE), undated):
        chunks.setdefault(part, []).append(entry)
    parts = {"label": words.text["actions_no_due_parts"],
             "pages": [(words.text["part"].replace("{part}", str(part)), no_due_page(paths, body, part)) for part in chunks]
             } if len(chunks) > 1 else None
    for part, entries in chunks.items():
        name = words.text["actions_no_due"] + (", " + words.text["part"].replace("{part}", str(part)) if part else "")
        yield renderer.streamed_page(f"{TEMPLATES}/actions_year.html", no_due_page(paths, body, part), period=None,
                                     actions=entries, total=len(undated),
                                     heading_text=heading + name[len(words.text["actions_no_due"]):],
                                     trail=words.trail((name, None)), pager={"up": words.top}, parts=parts,
                                     kind="actions", body=body, show_body=body is None, **common)


def _people_pages(renderer: "SiteRenderer") -> Iterator["OutputFile"]:
    registers = _registers(renderer)
    if registers is None:
        return
    page = renderer.page
    paths = renderer.config.paths
    common: dict[str, Any] = {"build_date": renderer.config.build_date}
    people = registers.people_sorted()
    yield page(f"{TEMPLATES}/people.html", paths.register_pages()["people"], people=people, **common)
    for person in people:
        if person.participations <= PARTICIPATIONS_PER_PAGE:
            yield page(f"{TEMPLATES}/person.html", person.url, person=person, periods=None, period=None,
                       attended=person.attended[::-1], absent=person.absent[::-1],
                       presented=newest_meeting_first(person.presented),
                       actions=registers.actions_by_due(entries=person.actions), **common)
        else:
            yield from _large_person_pages(renderer, registers, person, common)


def _large_person_pages(renderer: "SiteRenderer", registers: Registers, person: PersonRecord,
                        common: dict[str, Any]) -> Iterator["OutputFile"]:
    """A person with more than a page holds: an overview (who, roles, the years with counts) and
    the meetings, presented items and actions by the year of their meeting."""
    years = registers.person_years(person)
    yield renderer.streamed_page(f"{TEMPLATES}/person.html", person.url, person=person,
                                 periods=[year.period for year in years], **common)
    yield from _period_pages(renderer, _OwnerWords(renderer, "person", person.name, person.url), years,
                             {"kind": "person", "person": person, "body": None, "owner_name": person.name, **common},
                             f"{TEMPLATES}/person_period.html", lambda entries: _person_lists(registers, entries))


def _organisation_pages(renderer: "SiteRenderer") -> Iterator["OutputFile"]:
    registers = _registers(renderer)
    if registers is None:
        return
    page = renderer.page
    paths = renderer.config.paths
    common: dict[str, Any] = {"build_date": renderer.config.build_date}
    organisations = registers.organisations_sorted()
    yield page(f"{TEMPLATES}/organisations.html", paths.register_pages()["organisations"], organisations=organisations, **common)
    for organisation in organisations:
        if len(organisation.meetings) <= ORGANISATION_MEETINGS_PER_PAGE:
            yield page(f"{TEMPLATES}/organisation.html", organisation.url, organisation=organisation,
                       meetings=organisation.meetings, periods=None, **common)
            continue
        years = registers.organisation_years(organisation)
        yield renderer.streamed_page(f"{TEMPLATES}/organisation.html", organisation.url, organisation=organisation,
                                     periods=[year.period for year in years], **common)
        yield from _period_pages(renderer, _OwnerWords(renderer, "organisation", organisation.name, organisation.url),
                                 years, {"kind": "organisation", "organisation": organisation, "body": None,
                                  "owner_name": organisation.name, **common},
                                 f"{TEMPLATES}/organisation_period.html", lambda meetings: {"meetings": meetings})


# ---------------------------------------------------------------------------------------------
# Checks


def register_problems(archive: Archive, config: SiteConfig) -> list[Problem]:
    """What `minutes check` reports for the registers: attachments, and body folders that would
    collide with the registers' own folders (near-miss names: people.near_misses)."""
    problems: list[Problem] = []
    problems.extend(attachment_problems(archive, config))
    for body in archive.bodies:
        if body.slug in config.paths.reserved_folders():
            problems.append(error(body.location.path, None,
                                  f"the folder name '{body.slug}' is taken by the site's own pages.",
                                  "Rename the body's folder, e.g. to '<organisation>-" + body.slug + "'."))
    return problems


def register_inputs(renderer: "SiteRenderer") -> dict[str, object]:
    """What each group of `register_producers` reads besides the archive: the attachment files."""
    attachments = tuple((ref, f.name, f.path.stat().st_size, f.path.stat().st_mtime_ns)
                        for ref, files in sorted(_civic(renderer).attachments.files.items()) for f in files)
    return {"people": (), "decisions": (), "actions": (), "organisations": (), "attachments": attachments,
            "linked": _civic(renderer).file_links.inputs()}


def _civic(renderer: "SiteRenderer") -> Civic:
    return renderer.env.globals["civic"]


def meeting_page_inputs(renderer: "SiteRenderer", meeting: Meeting) -> tuple:
    """What a meeting page shows from outside its own file, for the page cache: the names of its
    attachment files (links between meetings depend on the body's meeting dates and person links
    on the people registry, both already part of the cache key)."""
    civic = _civic(renderer)
    return (tuple(f.name for f in civic.attachments.files.get(meeting.ref, ())), civic.file_links.page_inputs(meeting))


