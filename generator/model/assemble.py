"""Model stage: validated sources become a sorted, immutable Archive.

`build_meeting` is a pure function of one file, so meetings can be parsed in parallel and cached
by the file's content hash. Drafts (utkast) are parsed, so that `check` reports their problems,
but they never enter the Archive and so never reach a page, an index or a data file.
"""

from __future__ import annotations

from dataclasses import replace

from generator.common.errors import Problem, SourceLocation, warning
from generator.common.paths import SWEDISH, SitePaths
from generator.model.markdown import parse_meeting_body, render_markdown
from generator.model.domain import Approval, Approver, Archive, Body, Correction, Meeting, Participant, Person
from generator.common.slugs import slugify
from generator.load.sources import SourceFile
from generator.load.validate import page_stem, parse_date, parse_time
from generator.load.vocabulary import Vocabulary, vocabulary


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _term(words: Vocabulary, group: str, value: object) -> str:
    """The concept a validated keyword names: 'approved' in English is the status 'justerat'."""
    return words.concept(group, value) or _text(value)


def _person(data: dict, words: Vocabulary) -> Participant:
    return Participant(name=_text(data.get("name")), organisation=_text(data.get("organisation")),
                       role=_term(words, "roles", data.get("role")) if data.get("role") else "",
                       title=_text(data.get("title")),
                       note=_text(data.get("note")), absent=bool(data.get("absent", False)))


def meeting_header(source: SourceFile) -> Meeting:
    """The meeting as its front matter describes it, without items: enough for lists, links and
    neighbours, and cheap, so the whole archive's headers are known before any Markdown is parsed."""
    data = source.data
    words = vocabulary(source.language)
    date = parse_date(data["date"])
    assert date is not None, "validate() guarantees a date"
    approval_data = data.get("approval") or None
    approval = None
    if approval_data:
        approval = Approval(
            date=parse_date(approval_data.get("date")), place=_text(approval_data.get("place")),
            note=_text(approval_data.get("note")),
            by=tuple(Approver(_text(a.get("name")), _term(words, "roles", a.get("role")) if a.get("role") else "") for a in approval_data.get("by") or ()),
        )
    return Meeting(
        body_slug=slugify(source.folder), slug=page_stem(source.stem, date), date=date,
        date_note=_text(data.get("date_note")), start=parse_time(data.get("start")) or "",
        end=parse_time(data.get("end")) or "", place=_text(data.get("place")), kind=_term(words, "kinds", data.get("kind")),
        title=_text(data.get("title")), number=_text(data.get("number")), status=_term(words, "statuses", data.get("status")),
        approval=approval, anslag=parse_date(data.get("anslag")),
        participants=tuple(_person(p, words) for p in data.get("participants") or ()),
        source_note=_text(data.get("source")), published=parse_date(data.get("published")),
        corrections=tuple(Correction(parse_date(c["date"]), _text(c.get("what")), _text(c.get("why")))  # type: ignore[arg-type]
                          for c in data.get("corrections") or ()),
        preamble=(), items=(), location=SourceLocation(source.rel, 1),
    )


def build_meeting(source: SourceFile, paths: SitePaths = SWEDISH) -> tuple[Meeting, list[Problem]]:
    """The whole meeting: its header and its items, parsed from the Markdown once; its items'
    anchors in the words of the site's `paths`."""
    parsed = parse_meeting_body(source.body, source.rel, source.body_line, source.language, paths.anchor_words)
    header = meeting_header(source)
    problems = parsed.problems
    title = header.title
    if parsed.title and not title:
        title = parsed.title
    elif parsed.title and " ".join(parsed.title.split()) != " ".join(title.split()):
        problems = [*problems, warning(source.rel, parsed.title_line,
                                       f"the heading '# {parsed.title}' differs from the title in the front matter "
                                       f"('{title}'); the front matter's is shown.",
                                       "Remove one of them, or make them the same.")]
    meeting = replace(header, title=title, preamble=parsed.preamble, items=parsed.items,
                      plain_texts=parsed.plain_texts, footnotes=parsed.footnotes,
                      links=parsed.links)
    return meeting, problems


def build_body(source: SourceFile) -> Body:
    data = source.data
    return Body(slug=slugify(source.folder), name=_text(data.get("name")), short_name=_text(data.get("short_name")),
                organisation=_text(data.get("organisation")), place=_text(data.get("place")),
                members=tuple(_person(m, vocabulary(source.language)) for m in data.get("members") or ()),
                description_html=render_markdown(source.body), location=SourceLocation(source.rel, 1),
                language=source.language)


def build_people(source: SourceFile) -> tuple[Person, ...]:
    entries = source.front_matter.data if source.front_matter else None
    return tuple(Person(_text(e.get("name")), tuple(_text(a) for a in e.get("aliases") or ()), _text(e.get("organisation")))
                 for e in entries or ())


def assemble(sources: list[SourceFile], meetings: list[Meeting]) -> Archive:
    """The published archive: drafts left out, everything sorted so output is deterministic."""
    bodies = sorted((build_body(s) for s in sources if s.kind == "body"), key=lambda b: (b.name.lower(), b.slug))
    published = sorted((m for m in meetings if m.status != "utkast"), key=lambda m: (m.body_slug, m.date, m.slug))
    people = next((build_people(s) for s in sources if s.kind == "people"), ())
    return Archive(bodies=tuple(bodies), meetings=tuple(published), people=people)
