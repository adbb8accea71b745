"""Civic registers: decisions, actions, people and organisations, across meetings and bodies.

    beslut.html                     the years, with counts, and the bodies' registers
    beslut/<year>.html              every decision of a year's meetings  <body>/beslut.html   per body
    atgarder.html                   the due years, with counts (open, past due, done)
    atgarder/<year>.html            every action due that year           <body>/atgarder.html per body
    atgarder/utan-slutdatum.html    every action without a due date
    personer/index.html             everyone named in the minutes        personer/<slug>.html one person
    organisationer/index.html       member organisations                 organisationer/<slug>.html

The registers read only what an Archive keeps without page HTML (Item.decisions, Item.actions,
Item.presenters, Meeting.participants), so they work whichever way the meeting pages are built.
Two hooks connect this module to the renderer: `install(renderer)` gives the templates their
helpers (person links, attachment links, links between meetings), and `register_producers(renderer)`
returns the producers of the register pages and the attachment files, in groups that can run in
parallel. `register_problems` adds the registers' warnings to `minutes check`.

The site-wide decision and action registers are split by year: at 10,000 meetings one page of
every decision was 55 MB. A year's page holds that year's share (5 MB for the busiest year of
bench/synth.py's 10,000 meetings, which fall in 13 years; a splitting by month would be the next
step), and the overview, a list of years with counts, stays under 10 KB. Actions without a due
date have a page of their own rather than a place on the overview, which stays small however many
there are. A body's registers (1.3 MB at most there, at 40 bodies) stay single pages.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any, TypeVar

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from generator.attachments import Attachments, attachment_problems
from generator.config import SiteConfig
from generator.crosslinks import MeetingLinker
from generator.errors import Problem, error
from generator.model import Action, Archive, Body, Decision, Item, Meeting, Participant, Person
from generator.people import PEOPLE_FOLDER, PeopleIndex, name_part, near_misses, sort_key
from generator.slugs import slugify

if TYPE_CHECKING:  # render imports this module
    from generator.render import OutputFile, SiteRenderer, StreamedFile

DECISIONS_PAGE = "beslut.html"
ACTIONS_PAGE = "atgarder.html"
DECISIONS_FOLDER = "beslut"  # beslut/<year>.html
ACTIONS_FOLDER = "atgarder"  # atgarder/<year>.html, atgarder/utan-slutdatum.html
NO_DUE_PAGE = f"{ACTIONS_FOLDER}/utan-slutdatum.html"
ORGANISATIONS_FOLDER = "organisationer"
PAGES = {
    "decisions": DECISIONS_PAGE,
    "actions": ACTIONS_PAGE,
    "people": f"{PEOPLE_FOLDER}/index.html",
    "organisations": f"{ORGANISATIONS_FOLDER}/index.html",
}
# Folders at the top of the site that a body's folder must not take.
RESERVED_SLUGS = (PEOPLE_FOLDER, ORGANISATIONS_FOLDER, DECISIONS_FOLDER, ACTIONS_FOLDER, "assets", "search")
# Roles that represent a member organisation (the others are staff and guests).
MEMBER_ROLES = ("ordförande", "vice ordförande", "ledamot", "ersättare", "justerare")
TEMPLATES = "registers"


# ---------------------------------------------------------------------------------------------
# What the templates of every page may use


class Civic:
    """Per-renderer state for the template helpers; built lazily, so a renderer for one meeting
    page only scans what that page needs."""

    def __init__(self, archive: Archive, config: SiteConfig):
        self.archive = archive
        self.config = config
        self.people = PeopleIndex(archive.people)
        self._linker: MeetingLinker | None = None
        self._attachments: Attachments | None = None
        self.person_links: dict[tuple[str, type, str], Markup] = {}

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
    meeting = meeting or context.get("meeting")
    if meeting is None or not isinstance(meeting, Meeting):
        return Markup(html)
    return Markup(context["civic"].linker.link_html(html, meeting, context["root"]))


@pass_context
def done_reference(context: Context, text: str, meeting: Meeting) -> Markup:
    """An action's Klar text, with a meeting date in it linked to that meeting."""
    return Markup(context["civic"].linker.link_plain(text, meeting, context["root"]))


def body_page(body: Body, kind: str) -> str:
    return f"{body.slug}/{PAGES[kind]}"


def year_page(kind: str, year: int) -> str:
    """The site-wide register page of one year: 'beslut/2019.html', 'atgarder/2019.html'."""
    return f"{DECISIONS_FOLDER if kind == 'decisions' else ACTIONS_FOLDER}/{year}.html"


def install(renderer: "SiteRenderer") -> None:
    """Give the renderer's templates the registers' helpers (called once per renderer)."""
    civic = Civic(renderer.archive, renderer.config)
    renderer.env.globals.update(civic=civic, registers=PAGES, body_register=body_page,
                                no_due_page=NO_DUE_PAGE, person_url=civic.people.url,
                                person_link=person_link, attachment_link=attachment_link)
    renderer.env.filters["archive_links"] = archive_links
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
class YearCount:
    """One line of a register's overview: a year's page and what is on it."""

    year: int
    path: str
    entries: int  # decisions, or actions
    meetings: int = 0  # decisions: the meetings they were taken at
    past_due: int = 0  # actions: open, due before the build date
    upcoming: int = 0  # actions: open, due on or after the build date
    done: int = 0  # actions: recorded as done


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
        return f"{PEOPLE_FOLDER}/{self.slug}.html"

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

    @property
    def name(self) -> str:
        return sorted(self.names.items(), key=lambda kv: (-kv[1], sort_key(kv[0]), kv[0]))[0][0]

    @property
    def url(self) -> str:
        return f"{ORGANISATIONS_FOLDER}/{self.slug}.html"

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

    def __init__(self, archive: Archive, build_date: dt.date):
        self.archive = archive
        self.build_date = build_date
        self.people_index = PeopleIndex(archive.people)
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
                self._people.setdefault(slug, PersonRecord(slug, person))
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
            record = self._people[slug] = PersonRecord(slug, self.people_index.person(written))
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
                record = self._organisations[slug] = OrganisationRecord(slug)
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

    def decision_years(self) -> list[tuple[YearCount, list[tuple[Meeting, Body, list[DecisionEntry]]]]]:
        """The site-wide decisions by year, newest first, each with its count for the overview."""
        return [(YearCount(year, year_page("decisions", year), sum(len(m[2]) for m in meetings), len(meetings)), meetings)
                for year, meetings in self.decisions_by_year()]

    def action_years(self) -> tuple[list[tuple[YearCount, list[ActionEntry]]], list[ActionEntry]]:
        """The site-wide actions by due year, newest year first, each sorted by due date as the
        registers are; and the actions without a due date, in the order of their meetings."""
        years: dict[int, list[ActionEntry]] = {}
        undated: list[ActionEntry] = []
        for entry in self.actions_by_due():
            if entry.action.due is None:
                undated.append(entry)
            else:
                years.setdefault(entry.action.due.year, []).append(entry)
        counted = []
        for year, entries in sorted(years.items(), reverse=True):
            counts = ActionCounts.of(entries)
            counted.append((YearCount(year, year_page("actions", year), counts.entries, past_due=counts.past_due,
                                      upcoming=counts.upcoming, done=counts.done), entries))
        return counted, undated

    def decision_counts_by_body(self) -> list[tuple[Body, int]]:
        return [(body, len(self._decisions_by_body.get(body.slug, ()))) for body in self.archive.bodies]

    def action_counts_by_body(self) -> list[tuple[Body, int]]:
        return [(body, len(self._actions_by_body.get(body.slug, ()))) for body in self.archive.bodies]

    def people_sorted(self) -> list[PersonRecord]:
        return sorted(self.people.values(), key=lambda p: (sort_key(p.name), p.slug))

    def organisations_sorted(self) -> list[OrganisationRecord]:
        return sorted(self.organisations.values(), key=lambda o: (sort_key(o.name), o.slug))


# ---------------------------------------------------------------------------------------------
# Pages


Entry = TypeVar("Entry", "DecisionEntry", "ActionEntry")


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
            "attachments": partial(_attachment_files, renderer)}


def _registers(renderer: "SiteRenderer") -> Registers | None:
    """What the register pages show; None when the layouts have no registers."""
    if not (renderer.config.layouts_path / TEMPLATES).is_dir():
        return None
    return Registers(renderer.archive, renderer.config.build_date)


def _attachment_files(renderer: "SiteRenderer") -> Iterator["OutputFile"]:
    yield from _civic(renderer).attachments.output_files()


def _decision_pages(renderer: "SiteRenderer") -> Iterator["StreamedFile"]:
    """The site's decision register (an overview and a page per year) and each body's."""
    registers = _registers(renderer)
    if registers is None:
        return
    years = registers.decision_years()
    counts = [count for count, _ in years]
    common = {"build_date": renderer.config.build_date}
    yield renderer.streamed_page(f"{TEMPLATES}/decisions_overview.html", PAGES["decisions"], years=counts,
                                 bodies=registers.decision_counts_by_body(), **common)
    for index, (count, meetings) in enumerate(years):
        yield renderer.streamed_page(f"{TEMPLATES}/decisions_year.html", count.path, count=count, meetings=meetings,
                                     **_neighbours(counts, index), **common)
    yield from _body_pages(renderer, "decisions", "years", lambda body: registers.decisions_by_year(body), **common)


def _action_pages(renderer: "SiteRenderer") -> Iterator["StreamedFile"]:
    """The site's action register (an overview, a page per due year, one for actions without a
    due date) and each body's."""
    registers = _registers(renderer)
    if registers is None:
        return
    years, undated = registers.action_years()
    counts = [count for count, _ in years]
    common = {"build_date": renderer.config.build_date}
    this_year = next((c for c in counts if c.year == renderer.config.build_date.year), None)
    yield renderer.streamed_page(f"{TEMPLATES}/actions_overview.html", PAGES["actions"], years=counts,
                                 this_year=this_year, undated=ActionCounts.of(undated),
                                 total=ActionCounts.of(registers.actions), bodies=registers.action_counts_by_body(),
                                 **common)
    for index, (count, entries) in enumerate(years):
        yield renderer.streamed_page(f"{TEMPLATES}/actions_year.html", count.path, count=count, actions=entries,
                                     **_neighbours(counts, index), **common)
    if undated:
        yield renderer.streamed_page(f"{TEMPLATES}/actions_year.html", NO_DUE_PAGE, count=None, actions=undated,
                                     earlier=None, later=None, **common)
    yield from _body_pages(renderer, "actions", "actions", lambda body: registers.actions_by_due(body), **common)


def _neighbours(counts: list[YearCount], index: int) -> dict[str, YearCount | None]:
    """The pages of the years before and after `counts[index]` (the list is newest first)."""
    return {"earlier": counts[index + 1] if index + 1 < len(counts) else None,
            "later": counts[index - 1] if index > 0 else None}


def _body_pages(renderer: "SiteRenderer", kind: str, name: str, entries: Callable[[Body], Any],
                **common: Any) -> Iterator["StreamedFile"]:
    """One register page per body, of `entries(body)`."""
    template = f"{TEMPLATES}/{kind}.html"
    for body in renderer.archive.bodies:
        yield renderer.streamed_page(template, body_page(body, kind), body=body, **{name: entries(body)}, **common)


def _people_pages(renderer: "SiteRenderer") -> Iterator["OutputFile"]:
    registers = _registers(renderer)
    if registers is None:
        return
    page = renderer.page
    common: dict[str, Any] = {"build_date": renderer.config.build_date}
    people = registers.people_sorted()
    yield page(f"{TEMPLATES}/people.html", PAGES["people"], people=people, **common)
    for person in people:
        yield page(f"{TEMPLATES}/person.html", person.url, person=person,
                   actions=registers.actions_by_due(entries=person.actions), **common)


def _organisation_pages(renderer: "SiteRenderer") -> Iterator["OutputFile"]:
    registers = _registers(renderer)
    if registers is None:
        return
    page = renderer.page
    common: dict[str, Any] = {"build_date": renderer.config.build_date}
    organisations = registers.organisations_sorted()
    yield page(f"{TEMPLATES}/organisations.html", PAGES["organisations"], organisations=organisations, **common)
    for organisation in organisations:
        yield page(f"{TEMPLATES}/organisation.html", organisation.url, organisation=organisation, **common)


# ---------------------------------------------------------------------------------------------
# Checks


def register_problems(archive: Archive, config: SiteConfig) -> list[Problem]:
    """What `minutes check` reports for the registers: near-miss names, attachments, and body
    folders that would collide with the registers' own folders."""
    problems: list[Problem] = []
    problems.extend(near_misses(archive, config.project_dir, f"{config.content_dir}/people.yml"))
    problems.extend(attachment_problems(archive, config))
    for body in archive.bodies:
        if body.slug in RESERVED_SLUGS:
            problems.append(error(body.location.path, None,
                                  f"the folder name '{body.slug}' is taken by the site's own pages.",
                                  "Rename the body's folder, e.g. to '<organisation>-" + body.slug + "'."))
    return problems


def register_inputs(renderer: "SiteRenderer") -> dict[str, object]:
    """What each group of `register_producers` reads besides the archive: the attachment files."""
    attachments = tuple((ref, f.name, f.path.stat().st_size, f.path.stat().st_mtime_ns)
                        for ref, files in sorted(_civic(renderer).attachments.files.items()) for f in files)
    return {"people": (), "decisions": (), "actions": (), "organisations": (), "attachments": attachments}


def _civic(renderer: "SiteRenderer") -> Civic:
    return renderer.env.globals["civic"]


def meeting_page_inputs(renderer: "SiteRenderer", meeting: Meeting) -> tuple:
    """What a meeting page shows from outside its own file, for the page cache: the names of its
    attachment files (links between meetings depend on the body's meeting dates and person links
    on the people registry, both already part of the cache key)."""
    return tuple(f.name for f in _civic(renderer).attachments.files.get(meeting.ref, ()))


