"""Model stage: validated sources become a sorted, immutable Archive.

`build_meeting` is a pure function of one file, so meetings can be parsed in parallel and cached
by the file's content hash. Drafts (utkast) are parsed, so that `check` reports their problems,
but they never enter the Archive and so never reach a page, an index or a data file.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass, fields, replace

from generator.common.errors import Problem, SourceLocation, warning
from generator.common.paths import SWEDISH, SitePaths
from generator.model.markdown import parse_meeting_body, render_markdown
from generator.model.domain import Archive, Body, Meeting, Person
from generator.common.slugs import slugify
from generator.load.header import MeetingHeader, participant, text
from generator.load.sources import SourceFile
from generator.load.vocabulary import vocabulary


_HEADER_VALUES = operator.attrgetter(*(f.name for f in fields(MeetingHeader)))


def header_meeting(header: MeetingHeader) -> Meeting:
    """The meeting as its header describes it, without items: enough for lists, links and
    neighbours, so the whole archive's meetings are known before any Markdown is parsed."""
    return Meeting(*_HEADER_VALUES(header))  # a Meeting's fields begin with its header's


_BODY_VALUES = operator.attrgetter(*(f.name for f in fields(Meeting)[len(fields(MeetingHeader)):]))


def sharing_header(meeting: Meeting, header: Meeting) -> Meeting:
    """`meeting` with the header values that are equal to `header`'s taken from `header` (the
    same objects): a meeting back from a worker carries copies of its participants and the rest
    of its header, which the build already holds in the meeting's header."""
    own = _HEADER_VALUES(meeting)
    values = [mine if mine == theirs else theirs for mine, theirs in zip(_HEADER_VALUES(header), own)]
    return Meeting(*values, *_BODY_VALUES(meeting))


@dataclass(frozen=True, slots=True)
class ParsedMeeting:
    """What one parse of a meeting file gives: the meeting, its items' plain texts (what the
    search index may see, one per item), which are not part of the domain model, and the
    Markdown's problems."""

    meeting: Meeting
    plain_texts: tuple[str, ...]
    problems: list[Problem]


def build_meeting(source: SourceFile, header: MeetingHeader, paths: SitePaths = SWEDISH,
                  html: bool = True) -> ParsedMeeting:
    """The whole meeting: its header (validate_meeting's) and its items, parsed from the Markdown
    once; its items' anchors in the words of the site's `paths`. With `html=False` the meeting
    `minutes check` reads: as without_page_html() leaves it, without HTML, and no plain texts."""
    parsed = parse_meeting_body(source.body, source.rel, source.body_line, source.language, paths.anchor_words, html)
    problems = parsed.problems
    title = header.title
    if parsed.title and not title:
        title = parsed.title
    elif parsed.title and " ".join(parsed.title.split()) != " ".join(title.split()):
        problems = [*problems, warning(source.rel, parsed.title_line,
                                       f"the heading '# {parsed.title}' differs from the title in the front matter "
                                       f"('{title}'); the front matter's is shown.",
                                       "Remove one of them, or make them the same.")]
    meeting = replace(header_meeting(header), title=title, preamble=parsed.preamble, items=parsed.items,
                      footnotes=parsed.footnotes, links=parsed.links)
    return ParsedMeeting(meeting, parsed.plain_texts, problems)


def build_body(source: SourceFile) -> Body:
    data = source.data
    words = vocabulary(source.language)
    return Body(slug=slugify(source.folder), name=text(data.get("name")), short_name=text(data.get("short_name")),
                organisation=text(data.get("organisation")), place=text(data.get("place")),
                members=tuple(participant(m, words) for m in data.get("members") or ()),
                description_html=render_markdown(source.body), location=SourceLocation(source.rel, 1),
                language=source.language)


def build_people(source: SourceFile) -> tuple[Person, ...]:
    entries = source.front_matter.data if source.front_matter else None
    return tuple(Person(text(e.get("name")), tuple(text(a) for a in e.get("aliases") or ()), text(e.get("organisation")))
                 for e in entries or ())


def assemble(sources: list[SourceFile], meetings: list[Meeting]) -> Archive:
    """The published archive: drafts left out, everything sorted so output is deterministic."""
    bodies = sorted((build_body(s) for s in sources if s.kind == "body"), key=lambda b: (b.name.lower(), b.slug))
    published = sorted((m for m in meetings if m.status != "utkast"), key=lambda m: (m.body_slug, m.date, m.slug))
    people = next((build_people(s) for s in sources if s.kind == "people"), ())
    return Archive(bodies=tuple(bodies), meetings=tuple(published), people=people)
