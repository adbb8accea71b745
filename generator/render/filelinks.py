"""Relative links and images of the Markdown, resolved once the whole archive is known.

Editors link the way Markdown on a git host works: to another meeting's file
(`2024-01-31.md#punkt-3`, `../other-body/2024-02-01.md`), to a body (`_body.md`), to a file
beside the minutes (`bilder/karta.png`, `2024-01-31/bilagor/underlag.pdf`) or to an item of the
same meeting (`#punkt-2`). On every page a fragment is shown on (its meeting's page, the
registers) each such link is rewritten to the built page or the copied file, relative to that
page; one that leads nowhere loses its link (its text stays; an image shows its alt text) and
`check` warns about it with the file's line.

A file that a published meeting links to is copied to the site at its place in content/ (the
body's folder named by the body's slug), or, when it is one of the meeting's attachments, linked
where the attachments are copied.
"""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote

from generator.common.errors import Problem, warning
from generator.common.files import OutputFile
from generator.common.slugs import slugify
from generator.load.config import SiteConfig
from generator.load.sources import is_ignored, is_inside
from generator.model.domain import Archive, Body, Meeting
from generator.model.links import is_relative
from generator.render.attachment_types import ALLOWED_SUMMARY, Refusal, refusal

if TYPE_CHECKING:
    from generator.render.attachments import Attachments

_LINK_OR_IMAGE = re.compile(r'<a\s[^>]*?href="(?P<href>[^"]*)"[^>]*>(?P<text>.*?)</a>|<img\s(?P<attrs>[^>]*?)/?>', re.DOTALL)
_ATTRIBUTE = re.compile(r'(?P<name>[a-z]+)="(?P<value>[^"]*)"')
_FOOTNOTE_ID = re.compile(r' id="fn(?:ref)?\d+(?::\d+)?"')
# Ids the meeting page has besides its items' (layouts/meeting.html).
PAGE_IDS = frozenset({"main", "participants-title", "agenda-title", "corrections-title", "footnotes-title"})
_FOOTNOTE_TARGET = re.compile(r"fn(?:ref)?\d+(?::\d+)?")


@dataclass(frozen=True)
class Target:
    url: str  # relative to the site root, without the fragment
    fragment: str
    meeting: Meeting | None = None
    file: Path | None = None  # a file to copy


class FileLinks:
    def __init__(self, archive: Archive, config: SiteConfig, attachments: "Attachments"):
        self.config = config
        self.attachments = attachments
        self.meetings = {meeting.location.path: meeting for meeting in archive.meetings}
        self.bodies: dict[str, Body] = {body.location.path: body for body in archive.bodies}
        self.content_rel = posixpath.normpath(Path(config.content_dir).as_posix())
        self._resolved: dict[tuple[str, str], Target | None] = {}
        self._attachment_paths: dict[Path, str] | None = None
        self.refusals: dict[str, Refusal] = {}  # project-relative path -> why it is not published

    def _attachment_url(self, path: Path) -> str | None:
        if self._attachment_paths is None:
            self._attachment_paths = {}
            for meeting in self.meetings.values():
                for file in self.attachments.files.get(meeting.ref, ()):
                    self._attachment_paths[file.path.resolve()] = file.output_path(meeting)
        return self._attachment_paths.get(path.resolve())

    def resolve(self, source: str, target: str) -> Target | None:
        """Where `target`, written in the file `source` (relative to the project), leads."""
        key = (source, target)
        if key not in self._resolved:
            self._resolved[key] = self._resolve(source, target)
        return self._resolved[key]

    def _resolve(self, source: str, target: str) -> Target | None:
        path, _, fragment = target.partition("#")
        if not path:
            meeting = self.meetings.get(source)
            return Target(meeting.url, fragment, meeting) if meeting else None
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(path)))
        if not joined.startswith(self.content_rel + "/"):
            return None  # outside content/: never published
        if joined in self.meetings:
            meeting = self.meetings[joined]
            return Target(meeting.url, fragment, meeting)
        if joined in self.bodies:
            return Target(self.bodies[joined].url, fragment)
        file = self.config.project_dir / joined
        if (joined.endswith(".md") or any(is_ignored(part) for part in joined.split("/"))
                or not file.is_file() or not is_inside(file, self.config.content_path)):
            return None
        why = refusal(file)  # the attachments' allow-list: no type a browser runs (HTML, SVG, ...)
        if why is not None:
            self.refusals[joined] = why
            return None
        attachment = self._attachment_url(file)
        if attachment:
            return Target(attachment, fragment)
        inside = joined[len(self.content_rel) + 1:].split("/")
        if len(inside) > 1:
            inside[0] = slugify(inside[0]) or inside[0]
        return Target("/".join(inside), fragment, file=file)

    def rewrite(self, fragment_html: str, meeting: Meeting, page_meeting: object, root: str) -> str:
        """`fragment_html` of `meeting` with its relative links resolved for the page being made
        (the meeting's own page when `page_meeting` is it; otherwise a page elsewhere)."""
        own_page = page_meeting is meeting
        if not meeting.links and own_page:
            return fragment_html
        if not own_page:
            fragment_html = _FOOTNOTE_ID.sub("", fragment_html)  # ids are unique on their own page only
        if "href=\"" not in fragment_html and "<img" not in fragment_html:
            return fragment_html

        def href(value: str) -> str | None:
            target = html_lib.unescape(value)
            if not is_relative(target):
                return value
            if target.startswith("#") and own_page:
                return value
            resolved = self.resolve(meeting.location.path, target)
            if resolved is None:
                return None
            hash_ = "#" + resolved.fragment if resolved.fragment else ""
            if resolved.meeting is not None and resolved.meeting is page_meeting:
                return html_lib.escape(hash_ or "#main")
            return html_lib.escape(root + quote(resolved.url) + hash_)

        def replace(match: re.Match[str]) -> str:
            if match.group("href") is not None:
                new = href(match.group("href"))
                if new is None:
                    return match.group("text")  # leads nowhere: the text without the link
                return match.group(0).replace(f'href="{match.group("href")}"', f'href="{new}"', 1)
            attrs = dict((m.group("name"), m.group("value")) for m in _ATTRIBUTE.finditer(match.group("attrs")))
            new = href(attrs.get("src", ""))
            if new is None:
                return attrs.get("alt", "")  # already escaped
            return match.group(0).replace(f'src="{attrs.get("src", "")}"', f'src="{new}"', 1)

        return _LINK_OR_IMAGE.sub(replace, fragment_html)

    def linked_files(self) -> Iterator["OutputFile"]:
        """The files the published meetings link to, each once."""
        written: set[str] = set()
        for meeting in self.meetings.values():
            for link in meeting.links:
                resolved = self.resolve(meeting.location.path, link.target)
                if resolved is None or resolved.file is None or resolved.url in written:
                    continue
                written.add(resolved.url)
                yield OutputFile(resolved.url, resolved.file.read_bytes())

    def linked_sources(self) -> set[str]:
        """The project-relative paths of the files the meetings link to."""
        found = set()
        for meeting in self.meetings.values():
            for link in meeting.links:
                resolved = self.resolve(meeting.location.path, link.target)
                if resolved is not None and resolved.file is not None:
                    found.add(resolved.file.relative_to(self.config.project_dir).as_posix())
        return found

    def inputs(self) -> tuple:
        """What the copied files depend on besides the archive, for the build cache."""
        out = []
        for meeting in sorted(self.meetings.values(), key=lambda m: m.location.path):
            for link in meeting.links:
                resolved = self.resolve(meeting.location.path, link.target)
                if resolved is not None and resolved.file is not None:
                    stat = resolved.file.stat()
                    out.append((resolved.url, stat.st_size, stat.st_mtime_ns))
        return tuple(out)

    def page_inputs(self, meeting: Meeting) -> tuple:
        """Where a meeting's links lead: its page is made anew when one of them changes."""
        return tuple((link.target, None if (r := self.resolve(meeting.location.path, link.target)) is None else r.url)
                     for link in meeting.links)


def _anchors(meeting: Meeting) -> set[str]:
    ids = set(PAGE_IDS)
    for item in meeting.items:
        ids.update((item.anchor, f"{item.anchor}-title"))
    return ids


def link_problems(archive: Archive, config: SiteConfig, links: FileLinks) -> list[Problem]:
    """A warning for each relative link or image of a published meeting that leads nowhere."""
    problems: list[Problem] = []
    for meeting in archive.meetings:
        source = meeting.location.path
        for link in meeting.links:
            what = "image" if link.image else "link"
            path, _, fragment = link.target.partition("#")
            resolved = links.resolve(source, link.target)
            line = link.location.line
            joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(path)))
            if resolved is None and joined in links.refusals:
                why = links.refusals[joined]
                problems.append(warning(source, line, f"the {what} '{link.target}' leads to a file the site does not "
                                        f"publish: {why.reason}; it is published without the "
                                        + ("image (its text is shown)." if link.image else "link."),
                                        f"{why.hint} The site publishes {ALLOWED_SUMMARY} (docs/security.md)."))
            elif resolved is None:
                hint = "Correct the path (relative to this file), or add the file."
                if path.endswith(".html"):
                    hint = f"Link to the meeting's Markdown file instead: '{path[:-5]}.md'; it becomes its page."
                elif path.endswith(".md"):
                    hint = "Link to a published meeting's file (a draft has no page), relative to this file."
                where = "outside content/" if not joined.startswith(links.content_rel + "/") else "not in the archive"
                problems.append(warning(source, line, f"the {what} '{link.target}' leads to a file {where}; "
                                        "it is published without the " + ("image (its text is shown)." if link.image else "link."),
                                        hint))
            elif fragment and resolved.meeting is not None and fragment not in _anchors(resolved.meeting) \
                    and not _FOOTNOTE_TARGET.fullmatch(fragment):
                known = ", ".join(f"#{item.anchor}" for item in resolved.meeting.items[:6])
                problems.append(warning(source, line, f"the link '{link.target}' names the anchor '#{fragment}', which "
                                        f"{'this' if resolved.meeting.location.path == source else 'that'} meeting's page does not have.",
                                        f"Its items' anchors are {known}." if known else "That page has no items."))
    return problems
