"""A meeting's front matter as typed values: the header, made once per meeting while the file is
validated (load.validate.validate_meeting) and passed on from there, to the list of the archive's
meetings and to the worker that parses the meeting's Markdown (model.assemble.build_meeting).

The header, its people, approval and corrections are the domain's own types (model.domain
re-exports them, and its Meeting is a header with what the Markdown holds): they live here, below
the model, because the front matter is where they come from.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.common import paths
from generator.common.compact import pickled_by_fields
from generator.common.dates import in_range, parse_iso_date
from generator.common.errors import SourceLocation
from generator.common.slugs import slugify
from generator.load.sources import SourceFile
from generator.load.vocabulary import Vocabulary, vocabulary


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Participant:
    name: str
    organisation: str = ""
    role: str = ""
    title: str = ""
    note: str = ""
    absent: bool = False


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Approver:
    name: str
    role: str = ""


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Approval:
    """The justering: who approved the minutes, when and where."""

    date: dt.date | None
    place: str
    note: str
    by: tuple[Approver, ...]


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Correction:
    date: dt.date
    what: str
    why: str


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class MeetingHeader:
    """What a meeting's front matter says, its keywords read as concepts ('approved' in English is
    the status 'justerat'), its dates and times parsed."""

    body_slug: str
    slug: str  # the page's name within its body: "2015-06-12" or "2015-06-12-2"
    date: dt.date
    date_note: str
    start: str
    end: str
    place: str
    kind: str
    title: str
    number: str
    status: str
    approval: Approval | None
    anslag: dt.date | None
    participants: tuple[Participant, ...]
    source_note: str
    published: dt.date | None
    corrections: tuple[Correction, ...]
    location: SourceLocation = SourceLocation("")

    @property
    def url(self) -> str:
        """Path of the meeting's page relative to the site root."""
        return paths.meeting_page(self.body_slug, self.slug)


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value if in_range(value) else None
    if isinstance(value, str):
        return parse_iso_date(value)
    return None


def page_stem(file_stem: str, date: dt.date) -> str:
    """The meeting page's name: the file's own name when it starts with the date (keeping a
    suffix such as 2015-06-12-2), otherwise the bare date."""
    iso = date.isoformat()
    if not file_stem.startswith(iso):
        return iso
    suffix = slugify(file_stem[len(iso):])
    return f"{iso}-{suffix}" if suffix else iso


def text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _term(words: Vocabulary, group: str, value: object) -> str:
    return words.concept(group, value) or text(value)


def participant(data: dict, words: Vocabulary) -> Participant:
    """A participant of a meeting or a member of a body, as the front matter lists them."""
    return Participant(name=text(data.get("name")), organisation=text(data.get("organisation")),
                       role=_term(words, "roles", data.get("role")) if data.get("role") else "",
                       title=text(data.get("title")),
                       note=text(data.get("note")), absent=bool(data.get("absent", False)))


def meeting_header(source: SourceFile, date: dt.date, start: str, end: str) -> MeetingHeader:
    """The header of a meeting whose front matter validate_meeting found without errors, with
    the date and times it parsed."""
    data = source.data
    words = vocabulary(source.language)
    approval_data = data.get("approval") or None
    approval = None
    if approval_data:
        approval = Approval(
            date=parse_date(approval_data.get("date")), place=text(approval_data.get("place")),
            note=text(approval_data.get("note")),
            by=tuple(Approver(text(a.get("name")), _term(words, "roles", a.get("role")) if a.get("role") else "")
                     for a in approval_data.get("by") or ()),
        )
    return MeetingHeader(
        body_slug=slugify(source.folder), slug=page_stem(source.stem, date), date=date,
        date_note=text(data.get("date_note")), start=start, end=end, place=text(data.get("place")),
        kind=_term(words, "kinds", data.get("kind")), title=text(data.get("title")), number=text(data.get("number")),
        status=_term(words, "statuses", data.get("status")), approval=approval, anslag=parse_date(data.get("anslag")),
        participants=tuple(participant(p, words) for p in data.get("participants") or ()),
        source_note=text(data.get("source")), published=parse_date(data.get("published")),
        corrections=tuple(Correction(parse_date(c["date"]), text(c.get("what")), text(c.get("why")))  # type: ignore[arg-type]
                          for c in data.get("corrections") or ()),
        location=SourceLocation(source.rel, 1),
    )
