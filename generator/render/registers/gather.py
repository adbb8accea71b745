"""What the registers show, gathered from the archive: decisions, actions, people and
organisations across meetings and bodies, each part on first use (a group of register pages
often runs alone in its own process). Only what an Archive keeps without page HTML is read
(Item.decisions, Item.actions, Item.presenters, Meeting.participants).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

from generator.model.domain import Action, Archive, Body, Decision, Item, Meeting, Participant, Person
from generator.common.paths import SWEDISH, SitePaths
from generator.model.people import PeopleIndex, name_part, sort_key
from generator.common.slugs import slugify

from generator.render.registers import paging
from generator.render.registers.paging import (
    DecisionLayout, Period, PeriodPages, by_period, part_numbers, period_page, split_by_period)


# Roles that represent a member organisation (the others are staff and guests).
MEMBER_ROLES = ("ordförande", "vice ordförande", "ledamot", "ersättare", "justerare")


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
        """How many entries the person's page lists (paging.PARTICIPATIONS_PER_PAGE)."""
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
        more than paging.MEETINGS_PER_PAGE meetings (with decisions; a body's: any) split into months.
        For a body, its pages by period (whether its register is split at all: `decision_layout`)."""
        if body is None:
            split = lambda year, meetings: len(meetings) > paging.MEETINGS_PER_PAGE
        else:
            layout = self.decision_layout(body)
            split = lambda year, meetings: layout.split_year(year)

        def counted(year: int, month: int, meetings: list, part: int) -> Period:
            return Period(year, month, period_page(self.paths, "decisions", year, month, body, part),
                          sum(len(m[2]) for m in meetings), len(meetings), part=part)

        if body is None:
            parts = lambda meetings: part_numbers(len(meetings), paging.MEETINGS_PER_PAGE, newest_first=True)
        else:
            parts = lambda meetings: [layout.parts[m[0].ref] for m in meetings]
        meetings = [m for _, year in self.decisions_by_year(body) for m in year]
        return by_period(split_by_period(meetings, lambda m: m[0].date, split), counted, parts)

    def action_years(self, body: Body | None = None) -> tuple[list[PeriodPages[ActionEntry]], list[ActionEntry]]:
        """The actions by due year, newest year first, each sorted by due date as the registers
        are, a year of more than paging.ACTIONS_PER_PAGE split into months; and the actions without a
        due date, in the order of their meetings."""
        dated: list[ActionEntry] = []
        undated: list[ActionEntry] = []
        for entry in self.actions_by_due(body):
            (dated if entry.action.due else undated).append(entry)

        def counted(year: int, month: int, entries: list[ActionEntry], part: int) -> Period:
            counts = ActionCounts.of(entries)
            return Period(year, month, period_page(self.paths, "actions", year, month, body, part), counts.entries,
                          past_due=counts.past_due, upcoming=counts.upcoming, done=counts.done, part=part)

        grouped = split_by_period(dated, lambda e: e.action.due, lambda year, entries: len(entries) > paging.ACTIONS_PER_PAGE)
        return by_period(grouped, counted, lambda entries: part_numbers(len(entries), paging.ACTIONS_PER_PAGE)), undated

    def actions_split(self, body: Body) -> bool:
        """Whether a body's action register is an overview with pages by due year."""
        return len(self._actions_by_body.get(body.slug, ())) > paging.ACTIONS_PER_PAGE

    def decision_counts_by_body(self) -> list[tuple[Body, int]]:
        return [(body, len(self._decisions_by_body.get(body.slug, ()))) for body in self.archive.bodies]

    def action_counts_by_body(self) -> list[tuple[Body, int]]:
        return [(body, len(self._actions_by_body.get(body.slug, ()))) for body in self.archive.bodies]

    def person_years(self, person: PersonRecord) -> list[PeriodPages[tuple[str, int, Any]]]:
        """A large person's page by year of the meetings (newest first), a year of more than
        paging.PARTICIPATIONS_PER_PAGE entries split into months: what `person_entries` lists."""
        def counted(year: int, month: int, entries: list[tuple[str, int, Any]], part: int) -> Period:
            found = Counter(kind for kind, _, _ in entries)
            return Period(year, month, self.paths.period_path(person.folder, year, month, part), len(entries),
                          found["attended"], part=part,
                          counts=tuple((PERSON_COUNTS[kind], found[kind]) for kind in PERSON_ENTRIES if found[kind]))

        grouped = split_by_period(person_entries(person), _meeting_date,
                                  lambda year, entries: len(entries) > paging.PARTICIPATIONS_PER_PAGE)
        return by_period(grouped, counted,
                         lambda entries: part_numbers(len(entries), paging.PARTICIPATIONS_PER_PAGE, newest_first=True))

    def organisation_years(self, organisation: OrganisationRecord
                           ) -> list[PeriodPages[tuple[Meeting, Body, list[tuple[Participant, str]]]]]:
        """A large organisation's meetings by year (newest first), a year of more than
        paging.ORGANISATION_MEETINGS_PER_PAGE split into months."""
        def counted(year: int, month: int, meetings: list, part: int) -> Period:
            return Period(year, month, self.paths.period_path(organisation.folder, year, month, part), len(meetings),
                          len(meetings), part=part)

        grouped = split_by_period(organisation.meetings, lambda m: m[0].date,
                                  lambda year, meetings: len(meetings) > paging.ORGANISATION_MEETINGS_PER_PAGE)
        return by_period(grouped, counted,
                         lambda meetings: part_numbers(len(meetings), paging.ORGANISATION_MEETINGS_PER_PAGE, newest_first=True))

    def people_sorted(self) -> list[PersonRecord]:
        return sorted(self.people.values(), key=lambda p: (sort_key(p.name), p.slug))

    def organisations_sorted(self) -> list[OrganisationRecord]:
        return sorted(self.organisations.values(), key=lambda o: (sort_key(o.name), o.slug))


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


def _by_body(entries: list[Entry]) -> dict[str, list[Entry]]:
    grouped: dict[str, list[Entry]] = {}
    for entry in entries:
        grouped.setdefault(entry.body.slug, []).append(entry)
    return grouped
