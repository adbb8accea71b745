"""Atom feeds (RFC 4287): the whole site, each body, all decisions, and the notice board.

Dates come from the git history of each file (or front matter), never from the build clock; an
empty feed is dated at the build date, which SOURCE_DATE_EPOCH pins.
"""

from __future__ import annotations

import datetime as dt
import heapq
import re
from collections.abc import Iterable, Sequence
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Any

from generator.load.config import SiteConfig
from generator.model.domain import Archive, Meeting
from generator.publish.appeal import appeal_deadline, notice_board
from generator.publish.history import History, publication_dates
from generator.publish.links import full_title, link, stable_id
from generator.common.paths import HOME

ATOM = "http://www.w3.org/2005/Atom"
FEED_LIMIT = 50
DECISION_LIMIT = 100


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


def rfc3339(stamp: dt.datetime | dt.date) -> str:
    if not isinstance(stamp, dt.datetime):
        stamp = dt.datetime(stamp.year, stamp.month, stamp.day, tzinfo=dt.timezone.utc)
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=dt.timezone.utc)
    return stamp.isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Entry:
    key: str  # for the stable id
    title: str
    url: str  # relative to the site root, may carry a #fragment
    updated: dt.datetime
    published: dt.datetime | None
    summary: str
    categories: tuple[tuple[str, str], ...] = ()  # (term, label)
    sort_key: tuple = ()
    source: str = ""  # the ref of the meeting it is about


def _as_datetime(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


def write_feed(config: SiteConfig, path: str, title: str, subtitle: str, page: str, entries: list[Entry]) -> bytes:
    """Serialise one feed; `page` is the HTML page the feed mirrors (relative to the site root)."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": config.language})

    def sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
        if text is not None:
            element.text = _clean(text)
        return element

    sub(feed, "id", stable_id(config, f"feed:{path}"))
    sub(feed, "title", title)
    if subtitle:
        sub(feed, "subtitle", subtitle)
    updated = max((e.updated for e in entries), default=_as_datetime(config.build_date))
    sub(feed, "updated", rfc3339(updated))
    if config.base_url:
        sub(feed, "link", rel="self", type="application/atom+xml", href=config.base_url + path)
    sub(feed, "link", rel="alternate", type="text/html", href=link(config, page, path))
    author = sub(feed, "author")
    sub(author, "name", config.title)
    sub(feed, "generator", "minutes")
    for entry in entries:
        element = sub(feed, "entry")
        sub(element, "id", stable_id(config, entry.key))
        sub(element, "title", entry.title)
        sub(element, "link", rel="alternate", type="text/html", href=link(config, entry.url, path))
        if entry.published is not None:
            sub(element, "published", rfc3339(entry.published))
        sub(element, "updated", rfc3339(entry.updated))
        for term, label in entry.categories:
            sub(element, "category", term=term, label=label)
        if entry.summary:
            sub(element, "summary", entry.summary, type="text")
    ET.indent(feed)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="utf-8", xml_declaration=False) + b"\n"


class FeedBuilder:
    def __init__(self, archive: Archive, config: SiteConfig, text: dict[str, Any], history: History):
        self.archive = archive
        self.config = config
        self.text = text
        self.words = text["publish"]
        self.history = history

    def updated(self, meeting: Meeting) -> dt.datetime:
        """What orders a meeting's entries: its last change (the feeds' keys grow with it)."""
        return self._dates(meeting)[0]

    def _dates(self, meeting: Meeting) -> tuple[dt.datetime, dt.datetime | None]:
        dates = publication_dates(meeting, self.config, self.history)
        updated = dates.last_stamp or dates.first_stamp or _as_datetime(meeting.date)
        return updated, dates.first_stamp

    def _status_label(self, meeting: Meeting) -> str:
        return self.text["statuses"].get(meeting.status, meeting.status)

    def meeting_entry(self, meeting: Meeting) -> Entry:
        body = self.archive.body(meeting.body_slug)
        updated, published = self._dates(meeting)
        kind = self.text["kinds"].get(meeting.kind, meeting.kind)
        facts = [f"{kind}, {self._status_label(meeting).lower()}", meeting.date.isoformat()]
        if meeting.place:
            facts.append(meeting.place)
        deadline = appeal_deadline(meeting)
        if deadline:
            facts.append(self.words["appeal_sentence"].format(date=deadline.isoformat()))
        items = "; ".join(f"{i.number} {i.title}".strip() for i in meeting.items)
        summary = ". ".join(facts) + "." + (f" {self.text['items']}: {items}." if items else "")
        return Entry(key=f"meeting:{meeting.ref}", title=full_title(meeting, body.name, self.text),
                     url=meeting.url, updated=updated, published=published, summary=summary,
                     categories=((meeting.status, self._status_label(meeting)),),
                     sort_key=(updated, meeting.date, meeting.ref), source=meeting.ref)

    def decision_entries_of(self, meeting: Meeting) -> list[Entry]:
        body = self.archive.body(meeting.body_slug)
        updated, published = self._dates(meeting)
        entries = []
        for item in meeting.items:
            for index, decision in enumerate(item.decisions, start=1):
                label = f"{item.number} {item.title}".strip() + (f": {decision.subject}" if decision.subject else "")
                entries.append(Entry(
                    key=f"decision:{meeting.ref}#{item.anchor}/{index}",
                    title=f"{body.short_name or body.name} {meeting.date.isoformat()}: {label}",
                    url=f"{meeting.url}#{decision.anchor or item.anchor}", updated=updated, published=published,
                    summary=decision.text, categories=((meeting.status, self._status_label(meeting)),),
                    sort_key=(meeting.date, updated, meeting.ref, item.anchor, -index), source=meeting.ref))
        return entries

    def _meeting_entries(self, meetings: Iterable[Meeting]) -> list[Entry]:
        # Entries are made for the newest meetings only: their keys are cheap, their entries not.
        newest = heapq.nlargest(FEED_LIMIT, meetings, key=lambda m: (self.updated(m), m.date, m.ref))
        return [self.meeting_entry(m) for m in newest]

    def _decision_entries(self) -> list[Entry]:
        # An entry's key starts with its meeting's (date, updated, ref), unique per meeting, so
        # the newest DECISION_LIMIT meetings with decisions hold every entry the feed shows.
        deciding = (m for m in self.archive.meetings if any(item.decisions for item in m.items))
        newest = heapq.nlargest(DECISION_LIMIT, deciding, key=lambda m: (m.date, self.updated(m), m.ref))
        entries = [entry for meeting in newest for entry in self.decision_entries_of(meeting)]
        return sorted(entries, key=lambda e: e.sort_key, reverse=True)[:DECISION_LIMIT]

    def entries(self) -> dict[str, tuple[Entry, ...]]:
        """Every feed's entries that depend on the publication history, by the feed's path."""
        paths = self.config.paths
        found = {paths.site_feed: tuple(self._meeting_entries(self.archive.meetings)),
                 paths.decisions_feed: tuple(self._decision_entries())}
        for body in self.archive.bodies:
            found[paths.body_feed(body.slug)] = tuple(self._meeting_entries(self.archive.meetings_of(body.slug)))
        return found

    def feed(self, path: str, entries: Sequence[Entry]) -> bytes:
        """The feed at `path` (a key of `entries()`) with these entries."""
        paths = self.config.paths
        if path == paths.site_feed:
            return write_feed(self.config, path, f"{self.config.title}: {self.words['feed_site']}",
                              self.config.description, HOME, list(entries))
        if path == paths.decisions_feed:
            return write_feed(self.config, path, f"{self.config.title}: {self.words['feed_decisions']}",
                              "", HOME, list(entries))
        body = self.archive.body(path.removesuffix("/" + paths.site_feed))
        return write_feed(self.config, path, f"{body.name}: {self.words['feed_body']}", body.organisation,
                          body.url, list(entries))

    def patched_entries(self, old: Sequence[Entry], meetings: Sequence[Meeting], path: str) -> tuple[Entry, ...]:
        """The entries of feed `path` after `meetings` changed in no way but their history,
        given its entries before. Correct while no meeting's `updated` went down (the caller
        checks): no meeting outside `old` can then overtake one inside it."""
        refs = {m.ref for m in meetings}
        paths = self.config.paths
        if path == paths.decisions_feed:
            fresh = [e for m in meetings for e in self.decision_entries_of(m)]
            limit = DECISION_LIMIT
        else:
            slug = None if path == paths.site_feed else path.removesuffix("/" + paths.site_feed)
            fresh = [self.meeting_entry(m) for m in meetings if slug is None or m.body_slug == slug]
            limit = FEED_LIMIT
        entries = [e for e in old if e.source not in refs] + fresh
        return tuple(sorted(entries, key=lambda e: e.sort_key, reverse=True)[:limit])

    def notice_board_feed(self) -> bytes:
        entries = []
        for meeting in notice_board(self.archive, self.config.build_date):
            body = self.archive.body(meeting.body_slug)
            assert meeting.anslag is not None
            deadline = appeal_deadline(meeting)
            posted = _as_datetime(meeting.anslag)
            approved = meeting.approval.date if meeting.approval and meeting.approval.date else None
            parts = []
            if approved:
                parts.append(self.words["approved_sentence"].format(date=approved.isoformat()))
            parts.append(self.words["anslag_sentence"].format(date=meeting.anslag.isoformat()))
            parts.append(self.words["appeal_sentence"].format(date=deadline.isoformat() if deadline else ""))
            entries.append(Entry(key=f"anslag:{meeting.ref}:{meeting.anslag.isoformat()}",
                                 title=full_title(meeting, body.name, self.text), url=meeting.url,
                                 updated=posted, published=posted, summary=" ".join(parts),
                                 sort_key=(posted, meeting.ref)))
        entries.sort(key=lambda e: e.sort_key, reverse=True)
        paths = self.config.paths
        return write_feed(self.config, paths.notice_board_feed, f"{self.config.title}: {self.words['notice_board']}",
                          self.words["notice_board_lead"], paths.notice_board_page, entries)
