"""sitemap.xml (only with a base URL: a sitemap needs absolute URLs) and robots.txt (always).

The sitemap is written as text, one `<url>` block per page, so that a small plan can replace a
meeting's block when only its last-changed date moved (`patch_sitemap`) and get the very bytes
a full build writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from xml.sax.saxutils import escape

from generator.common.paths import SITEMAP
from generator.load.config import SiteConfig
from generator.model.domain import Archive, Meeting
from generator.publish.history import History, publication_dates

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


def sitemap_xml(archive: Archive, config: SiteConfig, history: History, pages: list[str]) -> bytes | None:
    """`pages`: the site's other HTML pages (home, lists, notice board, the registers' pages:
    decisions, actions, people and organisations), relative to the root."""
    if not config.base_url:
        return None
    blocks: list[str] = [_HEAD]
    blocks += (_url_block(config, path) for path in pages)
    blocks += (_url_block(config, body.url) for body in archive.bodies)
    blocks += (_meeting_block(config, history, meeting) for meeting in archive.meetings)
    blocks.append(_TAIL)
    return "".join(blocks).encode("utf-8")


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
