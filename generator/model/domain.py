"""The domain: what an archive of minutes is made of.

Frozen dataclasses and tuples, so the render and index stages cannot change the model behind each
other's back. Every object that comes from a file carries its SourceLocation.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Literal

from generator.common import paths
from generator.common.compact import pickled_by_fields
from generator.common.errors import SourceLocation
from generator.load.header import Approval, Approver, Correction, MeetingHeader, Participant  # the front matter's

SectionKind = Literal["text", "decision", "proposal", "background", "discussion", "actions", "other"]


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Html:
    """A fragment of sanitised HTML rendered from the editor's Markdown."""

    html: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Redaction:
    """A passage removed under secrecy. Only the legal ground survives the load stage."""

    ground: str
    location: SourceLocation


Part = Html | Redaction


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class LinkRef:
    """A relative link or image in a meeting's Markdown, as written ('2024-01-31.md#punkt-3',
    'bilder/karta.png', '#punkt-2'): resolved to pages and files, and checked, once the whole
    archive is known."""

    target: str
    location: SourceLocation
    image: bool = False


@pickled_by_fields(shared=("responsible", "done"))
@dataclass(frozen=True, slots=True)
class Action:
    text_html: str
    text: str
    due: dt.date | None
    responsible: tuple[str, ...]
    done: str
    location: SourceLocation


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Decision:
    """One Beslut: its text, and its att-clauses when the minutes write them as a list."""

    html: str
    text: str
    clauses: tuple[str, ...]
    location: SourceLocation
    # A decision under a sub-heading of its item ('### Medfinansiering' above '#### Beslut'): the
    # sub-heading's title and anchor, so the registers tell an item's decisions apart.
    subject: str = ""
    anchor: str = ""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Section:
    kind: SectionKind
    heading: str  # "" for the text right under the item heading
    level: int  # heading level in the source (3 or deeper); 0 for untitled text
    parts: tuple[Part, ...]
    decision: Decision | None = None
    actions: tuple[Action, ...] = ()
    anchor: str = ""  # set on a sub-heading that a decision below it belongs to


@pickled_by_fields(shared=("number", "anchor", "kind", "presenters", "attachments"))
@dataclass(frozen=True, slots=True)
class Item:
    """An agenda item (ärende, punkt, paragraf).

    Decisions, actions and redactions are stored apart from the sections that display them, so
    that an Archive can drop the page HTML (`without_sections`) and still feed the registers.
    """

    number: str  # as the minutes write it: "6.2", "§ 18"; "" when unnumbered
    title: str
    anchor: str
    kind: str  # informationsärende, beslutsärende, samråd, utgår, or ""
    presenters: tuple[str, ...]
    attachments: tuple[str, ...]
    sections: tuple[Section, ...]
    decisions: tuple[Decision, ...]
    actions: tuple[Action, ...]
    redactions: tuple[Redaction, ...]
    location: SourceLocation
    depth: int = 0  # 1 for 6.2 under 6
    # The title with its inline Markdown (code, links, emphasis) as sanitised HTML, and the same
    # without links, for places where the title is itself a link (the agenda, the registers).
    title_html: str = ""
    title_link_html: str = ""

    @property
    def dropped(self) -> bool:
        return self.kind == "utgår"


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Meeting(MeetingHeader):
    """A meeting: its header, and what its Markdown holds (nothing in a meeting made of its
    header alone, model.assemble.header_meeting). Not its search text: the parse gives that
    beside the meeting (model.assemble.ParsedMeeting), and the index stage takes it by file."""

    preamble: tuple[Part, ...] = ()
    items: tuple[Item, ...] = ()
    footnotes: tuple[Part, ...] = ()  # the footnotes' list, shown under the items
    links: tuple[LinkRef, ...] = ()  # its relative links and images, for the link check

    def without_page_html(self) -> "Meeting":
        """The meeting as aggregate pages and indexes need it: items keep their decisions, actions
        and titles, but not the sections' HTML, which only the meeting's own page shows."""
        return replace(self, preamble=(), footnotes=(), items=tuple(replace(item, sections=()) for item in self.items))

    @property
    def ref(self) -> str:
        return f"{self.body_slug}/{self.slug}"

    @property
    def year(self) -> int:
        return self.date.year


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Body:
    slug: str
    name: str
    short_name: str
    organisation: str
    place: str
    members: tuple[Participant, ...]
    description_html: str
    location: SourceLocation
    language: str = ""  # the content language its minutes are written in (load.languages)

    @property
    def url(self) -> str:
        return paths.body_page(self.slug)


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Person:
    """A person of the people registry, with every spelling the minutes use for them."""

    name: str
    aliases: tuple[str, ...]
    organisation: str = ""


@dataclass(frozen=True)
class Archive:
    """Everything that is published, sorted: bodies by name, meetings by body, date and slug."""

    bodies: tuple[Body, ...]
    meetings: tuple[Meeting, ...]  # drafts (utkast) are never here
    people: tuple[Person, ...] = ()

    @cached_property
    def _bodies_by_slug(self) -> dict[str, Body]:
        return {b.slug: b for b in self.bodies}

    @cached_property
    def _meetings_by_body(self) -> dict[str, tuple[Meeting, ...]]:
        grouped: dict[str, list[Meeting]] = {}
        for meeting in self.meetings:
            grouped.setdefault(meeting.body_slug, []).append(meeting)
        return {slug: tuple(group) for slug, group in grouped.items()}

    @cached_property
    def _positions(self) -> dict[str, int]:
        """Each meeting's index among its body's meetings, by ref: a scan per meeting page would
        make the meeting stage quadratic in the size of a body."""
        positions: dict[str, int] = {}
        for group in self._meetings_by_body.values():
            for index, meeting in enumerate(group):
                positions.setdefault(meeting.ref, index)
        return positions

    def body(self, slug: str) -> Body:
        return self._bodies_by_slug[slug]

    def meetings_of(self, slug: str) -> tuple[Meeting, ...]:
        return self._meetings_by_body.get(slug, ())

    def neighbours(self, meeting: Meeting) -> tuple[Meeting | None, Meeting | None]:
        """The body's previous and next meeting in time (found by ref: `meeting` may be the full
        parsed meeting while the archive holds its header)."""
        same = self.meetings_of(meeting.body_slug)
        index = self._positions[meeting.ref]
        return (same[index - 1] if index > 0 else None, same[index + 1] if index + 1 < len(same) else None)
