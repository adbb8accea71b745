"""Drafts previewed in `minutes serve`: a draft meeting (status: utkast) is never built, so the
server renders its page when it is asked for, with a draft banner and `noindex`, from the
draft's file and its body's other files only. Nothing of it is written anywhere.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from generator.common.i18n import messages
from generator.common.slugs import slugify
from generator.load.config import SiteConfig
from generator.load.header import MeetingHeader
from generator.load.sources import BODY_FILE, PEOPLE_FILE, SourceFile, is_ignored, read_source
from generator.load.validate import validate_body, validate_meeting
from generator.model.assemble import assemble, build_meeting, header_meeting
from generator.model.domain import Archive

DRAFT_STATUS = "utkast"
BANNER_ID = "minutes-draft-banner"


@dataclass(frozen=True)
class Draft:
    url: str  # the page it would have, relative to the site root
    rel: str  # its file, relative to the project folder


def _read(config: SiteConfig, path: Path, kind, folder: str) -> SourceFile | None:
    rel = path.relative_to(config.project_dir).as_posix() if path.is_relative_to(config.project_dir) else str(path)
    try:
        source, problems = read_source(path, rel, kind, folder)
    except OSError:
        return None
    return None if source is None or any(p.is_error for p in problems) else source


@dataclass(frozen=True)
class _Folder:
    """A body's folder: its body file, and its meetings with their headers (validate_meeting's)."""

    bodies: list[SourceFile]
    meetings: list[tuple[SourceFile, MeetingHeader]]

    def drafts(self) -> list[tuple[SourceFile, MeetingHeader]]:
        return [(source, header) for source, header in self.meetings if header.status == DRAFT_STATUS]


def _folder_sources(config: SiteConfig, folder: Path) -> _Folder:
    """The folder's files without errors."""
    found = _Folder([], [])
    for path in sorted(folder.glob("*.md")):
        if is_ignored(path.name):
            continue
        source = _read(config, path, "body" if path.name == BODY_FILE else "meeting", folder.name)
        if source is None:
            continue
        if source.kind == "body":
            if not any(p.is_error for p in validate_body(source)):
                found.bodies.append(source)
            continue
        header, problems = validate_meeting(source)
        if header is not None and not any(p.is_error for p in problems):
            found.meetings.append((source, header))
    return found


def _body_folders(config: SiteConfig) -> list[Path]:
    content = config.content_path
    return sorted(p for p in content.iterdir() if p.is_dir() and not is_ignored(p.name)) if content.is_dir() else []


def find_drafts(config: SiteConfig) -> list[Draft]:
    """Every draft meeting that would build (no errors in its front matter), with its page."""
    drafts = []
    for folder in _body_folders(config):
        drafts += (Draft(header.url, source.rel) for source, header in _folder_sources(config, folder).drafts())
    return drafts


def draft_page(config: SiteConfig, url: str) -> bytes | None:
    """The page of the draft meeting at `url` ('<body>/<date>.html'), or None when no draft has it."""
    body_slug, _, page = url.strip("/").partition("/")
    if not page.endswith(".html") or "/" in page:
        return None
    for folder in _body_folders(config):
        if slugify(folder.name) != body_slug:
            continue
        found = _folder_sources(config, folder)
        drafts = [draft for draft in found.drafts() if draft[1].url == url.strip("/")]
        if not drafts:
            continue
        return _render(config, folder, found, *drafts[0])
    return None


def _render(config: SiteConfig, folder: Path, found: _Folder, draft: SourceFile, header: MeetingHeader) -> bytes:
    from generator.render.site import SiteRenderer  # the theme loads only when a draft is asked for

    others = list(found.bodies)
    for other in _body_folders(config):  # every body, for the site's navigation and links
        if other != folder and (other / BODY_FILE).is_file():
            body = _read(config, other / BODY_FILE, "body", other.name)
            if body is not None:
                others.append(body)
    people = config.content_path / PEOPLE_FILE
    if people.is_file():
        registry = _read(config, people, "people", "")
        if registry is not None:
            others.append(registry)
    published = assemble(others, [header_meeting(h) for _, h in found.meetings])
    meetings = sorted((*published.meetings, header_meeting(header)), key=lambda m: (m.body_slug, m.date, m.slug))
    archive = Archive(bodies=published.bodies, meetings=tuple(meetings), people=published.people)
    meeting = build_meeting(draft, header, config.paths).meeting
    page = SiteRenderer(archive, config).meeting(meeting).content
    return mark_as_draft(page, messages(config.language)["draft_banner"])


def mark_as_draft(page: bytes, banner: str) -> bytes:
    """A visible banner first in the page, and `noindex` for any crawler that reaches a preview."""
    page = page.replace(b"<head>", b'<head>\n<meta name="robots" content="noindex">\n'
                        b'<link rel="stylesheet" href="/__minutes/overlay.css">', 1)
    note = f'<div id="{BANNER_ID}" role="note"><strong>{html.escape(banner)}</strong></div>'
    start = page.find(b"<body")
    end = page.find(b">", start) + 1 if start >= 0 else 0
    return page[:end] + note.encode("utf-8") + page[end:]
