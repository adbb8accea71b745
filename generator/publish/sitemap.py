"""sitemap.xml (only with a base URL: a sitemap needs absolute URLs) and robots.txt (always).

The full plan writes the sitemap last, from the pages it wrote (`sitemap_file`): a new kind of
page is listed as soon as a page group writes it.

The sitemap is written as text, one `<url>` block per page, so that a small plan can replace a
meeting's block when only its last-changed date moved (`patch_sitemap`) and get the very bytes
a full build writes.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from functools import partial
from html import escape as html_escape

from generator.common.files import OutputFile
from generator.common.paths import ASSETS_FOLDER, HOME, NOT_FOUND, SITEMAP, SitePaths, body_page
from generator.load.config import SiteConfig
from generator.model.domain import Archive, Meeting
from generator.publish.history import History, history_for, publication_dates

# &, < and > as XML text needs them: what xml.sax.saxutils.escape does, without the 30 ms its
# import of urllib.request costs every build.
escape = partial(html_escape, quote=False)

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_HEAD = f'<?xml version="1.0" encoding="utf-8"?>\n<urlset xmlns="{SITEMAP_NS}">\n'
_TAIL = "</urlset>\n"


def _url_block(config: SiteConfig, path: str, lastmod: str = "") -> str:
    block = f"  <url>\n    <loc>{escape(config.base_url + path)}</loc>\n"
    if lastmod:
        block += f"    <lastmod>{lastmod}</lastmod>\n"
    return block + "  </url>\n"


def _meeting_block(config: SiteConfig, history: History, meeting: Meeting) -> str:
    changed = publication_dates(meeting, config, history).last_changed
    return _url_block(config, meeting.url, changed.isoformat() if changed else "")


def sitemap_file(archive: Archive, config: SiteConfig, written: Collection[str]) -> OutputFile | None:
    """The sitemap of the pages a full build wrote. `written`: every output path, each page
    group's in the order the group wrote them and the groups in the renderer's order, which the
    sitemap keeps within each of its sections (`_section_of`)."""
    if not config.base_url:
        return None
    history = history_for(config)
    meetings = {meeting.url for meeting in archive.meetings}
    unlisted = {NOT_FOUND, config.paths.statement_page}  # a host's error page; the statement is about the site
    pages = [path for path in written if path.endswith(".html") and path not in meetings and path not in unlisted
             and not path.startswith(f"{ASSETS_FOLDER}/")]  # assets are copied as they are, never pages
    pages.sort(key=_section_of(archive, config.paths))
    blocks: list[str] = [_HEAD]
    blocks += (_url_block(config, path) for path in pages)
    blocks += (_meeting_block(config, history, meeting) for meeting in archive.meetings if meeting.url in written)
    blocks.append(_TAIL)
    return OutputFile(SITEMAP, "".join(blocks).encode("utf-8"))


def _section_of(archive: Archive, paths: SitePaths) -> Callable[[str], tuple[int, int]]:
    """Where a page goes in the sitemap: the home page, the site's other pages, the registers of
    the whole site, each body's registers (in the bodies' order), people and organisations, the
    bodies' own pages; the meetings' pages follow them all."""
    bodies = {body.slug: position for position, body in enumerate(archive.bodies)}
    registers = {paths.decisions, paths.actions, paths.register_pages()["decisions"], paths.register_pages()["actions"]}
    owners = {paths.people, paths.organisations}

    def section(path: str) -> tuple[int, int]:
        folder = path.split("/", 1)[0]  # a page at the top: the page itself
        if path == HOME:
            return 0, 0
        if folder in bodies:
            return (5 if path == body_page(folder) else 3), bodies[folder]
        if folder in registers:
            return 2, 0
        if folder in owners:
            return 4, 0
        return 1, 0

    return section


def patch_sitemap(old: bytes, config: SiteConfig, history: History, meetings: Iterable[Meeting]) -> bytes | None:
    """The sitemap after these meetings' history changed, from the one before; None if a
    meeting's block is not where the full build would have put it."""
    text = old.decode("utf-8")
    for meeting in meetings:
        start = text.find(f"  <url>\n    <loc>{escape(config.base_url + meeting.url)}</loc>\n")
        end = text.find("  </url>\n", start) + len("  </url>\n")
        if start < 0 or end < start:
            return None
        text = text[:start] + _meeting_block(config, history, meeting) + text[end:]
    return text.encode("utf-8")


def robots_txt(config: SiteConfig) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if config.base_url:
        lines += ["", f"Sitemap: {config.base_url}{SITEMAP}"]
    return ("\n".join(lines) + "\n").encode("utf-8")
