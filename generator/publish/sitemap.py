"""sitemap.xml (only with a base URL: a sitemap needs absolute URLs) and robots.txt (always)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.config import SiteConfig
from generator.model import Archive
from generator.publish.history import History, publication_dates

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def sitemap_xml(archive: Archive, config: SiteConfig, history: History, pages: list[str]) -> bytes | None:
    """`pages`: the site's other HTML pages (home, lists, notice board), relative to the root."""
    if not config.base_url:
        return None
    ET.register_namespace("", SITEMAP_NS)
    urlset = ET.Element(f"{{{SITEMAP_NS}}}urlset")

    def add(path: str, lastmod: str = "") -> None:
        url = ET.SubElement(urlset, f"{{{SITEMAP_NS}}}url")
        ET.SubElement(url, f"{{{SITEMAP_NS}}}loc").text = config.base_url + path
        if lastmod:
            ET.SubElement(url, f"{{{SITEMAP_NS}}}lastmod").text = lastmod

    for path in pages:
        add(path)
    for body in archive.bodies:
        add(body.url)
    for meeting in archive.meetings:
        changed = publication_dates(meeting, config, history).last_changed
        add(meeting.url, changed.isoformat() if changed else "")
    ET.indent(urlset)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(urlset, encoding="utf-8") + b"\n"


def robots_txt(config: SiteConfig) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    if config.base_url:
        lines += ["", f"Sitemap: {config.base_url}sitemap.xml"]
    return ("\n".join(lines) + "\n").encode("utf-8")
