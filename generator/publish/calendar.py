"""iCalendar (RFC 5545): one calendar per body with every meeting, planned ones included.

Times are local Swedish time (TZID=Europe/Stockholm, with its VTIMEZONE); a meeting without a
start time is an all-day event. UIDs derive from the meeting's body and page name, so calendar
apps update an event instead of adding it twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from generator.load.config import SiteConfig
from generator.model.domain import Archive, Meeting
from generator.publish.appeal import appeal_deadline
from generator.publish.history import History, publication_dates
from generator.publish.links import absolute, heading, stable_id

TZID = "Europe/Stockholm"
VTIMEZONE = (
    "BEGIN:VTIMEZONE",
    f"TZID:{TZID}",
    "BEGIN:DAYLIGHT",
    "TZOFFSETFROM:+0100",
    "TZOFFSETTO:+0200",
    "TZNAME:CEST",
    "DTSTART:19700329T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
    "END:DAYLIGHT",
    "BEGIN:STANDARD",
    "TZOFFSETFROM:+0200",
    "TZOFFSETTO:+0100",
    "TZNAME:CET",
    "DTSTART:19701025T030000",
    "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
    "END:STANDARD",
    "END:VTIMEZONE",
)


def escape_text(value: str) -> str:
    """TEXT value escaping: backslash, semicolon, comma and newlines."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")


def fold(line: str) -> str:
    """Lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 sequence."""
    encoded = line.encode("utf-8")
    pieces, start, room = [], 0, 75
    while len(encoded) - start > room:
        end = start + room
        while encoded[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: cut before its character
            end -= 1
        pieces.append(encoded[start:end])
        start, room = end, 74  # a continuation line starts with a space
    pieces.append(encoded[start:])
    return "\r\n ".join(piece.decode("utf-8") for piece in pieces)


def _utc(stamp: dt.datetime) -> str:
    return stamp.astimezone(dt.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def _local(day: dt.date, hhmm: str) -> str:
    return f"{day.strftime('%Y%m%d')}T{hhmm.replace(':', '')}00"


class CalendarBuilder:
    def __init__(self, archive: Archive, config: SiteConfig, text: dict[str, Any], history: History):
        self.archive = archive
        self.config = config
        self.text = text
        self.history = history

    def _uid_line(self, meeting: Meeting) -> str:
        return f"UID:{stable_id(self.config, 'event:' + meeting.ref).removeprefix('urn:uuid:')}@minutes"

    def patched_calendar(self, old: bytes, meetings: Iterable[Meeting]) -> bytes | None:
        """A body's calendar after these meetings' history changed (their DTSTAMP and
        LAST-MODIFIED), from the one before; None if an event is not found whole."""
        text = old.decode("utf-8")
        for meeting in meetings:
            at = text.find(f"\r\n{self._uid_line(meeting)}\r\n")
            start = text.rfind("BEGIN:VEVENT\r\n", 0, at + 2)
            end = text.find("END:VEVENT\r\n", at)
            if at < 0 or start < 0 or end < 0:
                return None
            event = "".join(fold(line) + "\r\n" for line in self.event(meeting))
            text = text[:start] + event + text[end + len("END:VEVENT\r\n"):]
        return text.encode("utf-8")

    def event(self, meeting: Meeting) -> list[str]:
        body = self.archive.body(meeting.body_slug)
        dates = publication_dates(meeting, self.config, self.history)
        stamp = dates.last_stamp or dt.datetime(self.config.build_date.year, self.config.build_date.month,
                                                 self.config.build_date.day, tzinfo=dt.timezone.utc)
        lines = [
            "BEGIN:VEVENT",
            self._uid_line(meeting),
            f"DTSTAMP:{_utc(stamp)}",
        ]
        if dates.last_stamp:
            lines.append(f"LAST-MODIFIED:{_utc(dates.last_stamp)}")
        if meeting.start:
            lines.append(f"DTSTART;TZID={TZID}:{_local(meeting.date, meeting.start)}")
            if meeting.end:
                lines.append(f"DTEND;TZID={TZID}:{_local(meeting.date, meeting.end)}")
        else:
            lines.append(f"DTSTART;VALUE=DATE:{meeting.date.strftime('%Y%m%d')}")
            lines.append(f"DTEND;VALUE=DATE:{(meeting.date + dt.timedelta(days=1)).strftime('%Y%m%d')}")
        lines.append("SUMMARY:" + escape_text(f"{body.short_name or body.name}: {heading(meeting, self.text)}"))
        if meeting.place:
            lines.append("LOCATION:" + escape_text(meeting.place))
        status = self.text["statuses"].get(meeting.status, meeting.status)
        description = [f"{self.text['status']}: {status}"]
        deadline = appeal_deadline(meeting)
        if deadline:
            description.append(self.text["publish"]["appeal_sentence"].format(date=deadline.isoformat()))
        description += [f"{i.number} {i.title}".strip() for i in meeting.items]
        url = absolute(self.config, meeting.url)
        if url:
            description.append(url)
            lines.append(f"URL:{url}")
        lines.append("DESCRIPTION:" + escape_text("\n".join(description)))
        lines.append("STATUS:CONFIRMED")
        lines.append("CATEGORIES:" + escape_text(status))
        lines.append("END:VEVENT")
        return lines

    def body_calendar(self, body_slug: str) -> bytes:
        body = self.archive.body(body_slug)
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//minutes//Protokollarkiv//SV",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            "X-WR-CALNAME:" + escape_text(f"{body.name} ({body.organisation})"),
            f"X-WR-TIMEZONE:{TZID}",
            *VTIMEZONE,
        ]
        for meeting in self.archive.meetings_of(body_slug):
            lines += self.event(meeting)
        lines.append("END:VCALENDAR")
        return ("\r\n".join(fold(line) for line in lines) + "\r\n").encode("utf-8")
