"""What the templates of every page may use from the registers: person, attachment and meeting
links, and the register page that holds a meeting's decisions (`install`); and what a meeting
page or a register page group reads besides the archive, for the cache keys.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from generator.render.attachments import Attachments
from generator.render.filelinks import FileLinks
from generator.load.config import SiteConfig
from generator.model.crosslinks import MeetingLinker
from generator.model.domain import Archive, Meeting
from generator.model.people import PeopleIndex

from generator.render.registers.paging import DecisionLayout, body_page, no_due_page

if TYPE_CHECKING:  # render.site imports this package
    from generator.render.site import SiteRenderer


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


@pass_context
def decisions_page_of(context: Context, meeting: Meeting) -> str:
    """The page of the body's decision register that holds this meeting's decisions."""
    civic: Civic = context["civic"]
    return civic.decision_layout(meeting.body_slug).page_of(civic.config.paths, civic.archive.body(meeting.body_slug),
                                                            meeting)


def install(renderer: "SiteRenderer") -> Civic:
    """Give the renderer's templates the registers' helpers (called once per renderer); returns
    the state they share, which the renderer keeps (civic_of)."""
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
    return civic


def register_inputs(renderer: "SiteRenderer") -> dict[str, object]:
    """What each group of `register_producers` reads besides the archive: the attachment files,
    and the build date where actions are shown (which are past due, and the date the note under
    them names); decisions and organisations show nothing of the date."""
    attachments = tuple((ref, f.name, f.path.stat().st_size, f.path.stat().st_mtime_ns)
                        for ref, files in sorted(civic_of(renderer).attachments.files.items()) for f in files)
    today = renderer.config.build_date
    return {"people": today, "decisions": (), "actions": today, "organisations": (), "attachments": attachments,
            "linked": civic_of(renderer).file_links.inputs()}


def civic_of(renderer: "SiteRenderer") -> Civic:
    return renderer.civic


def meeting_page_inputs(renderer: "SiteRenderer", meeting: Meeting) -> tuple:
    """What a meeting page shows from outside its own file, for the page cache: the names of its
    attachment files (links between meetings depend on the body's meeting dates and person links
    on the people registry, both already part of the cache key)."""
    civic = civic_of(renderer)
    return (tuple(f.name for f in civic.attachments.files.get(meeting.ref, ())), civic.file_links.page_inputs(meeting))
