"""Machine-readable data: JSON per meeting and for the archive (schema: data-schema.json, fields
after Open Civic Data's Event where they fit), CSV of all decisions and all actions, and the
schema.org Event as JSON-LD for each meeting page.

Everything comes from the Archive's meetings, items, decisions and actions (never the page HTML),
so drafts, which are not in the Archive, and redacted text, which is dropped when a file is read,
cannot reach these files.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import mmap
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from markupsafe import Markup

from generator.load.config import SiteConfig
from generator.model.domain import Archive, Body, Meeting
from generator.publish.appeal import appeal_deadline
from generator.publish.history import History, publication_dates
from generator.publish.links import full_title, heading, json_url

SCHEMA_FILE = Path(__file__).with_name("data-schema.json")
TIMEZONE = "Europe/Stockholm"


def _last_sunday(year: int, month: int) -> dt.date:
    day = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def stockholm_offset(day: dt.date) -> str:
    """UTC offset of Swedish time on a day: summer time since 1980, from the last Sunday of March to
    the last Sunday of October (of September until 1995). Meetings are not held at 02:00-03:00."""
    if day.year < 1980:
        return "+01:00"
    ends = _last_sunday(day.year, 9 if day.year <= 1995 else 10)
    return "+02:00" if _last_sunday(day.year, 3) <= day < ends else "+01:00"


def local_datetime(day: dt.date, hhmm: str) -> str:
    return f"{day.isoformat()}T{hhmm}:00{stockholm_offset(day)}"


def url_for(config: SiteConfig, target: str) -> str:
    """Absolute with a base URL, otherwise relative to the site root (data files sit at any depth)."""
    return config.base_url + target if config.base_url else target


def _date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def body_record(body: Body, config: SiteConfig) -> dict[str, Any]:
    return {
        "id": body.slug,
        "name": body.name,
        "short_name": body.short_name,
        "organisation": body.organisation,
        "url": url_for(config, body.url),
        "members": [{"name": m.name, "organisation": m.organisation, "role": m.role, "absent": m.absent}
                    for m in body.members],
    }


def meeting_record(meeting: Meeting, body: Body, config: SiteConfig, text: dict[str, Any],
                   history: History) -> dict[str, Any]:
    """One meeting as an Open Civic Data Event (plus the minutes' own facts under 'minutes')."""
    dates = publication_dates(meeting, config, history)
    page = url_for(config, meeting.url)
    agenda = []
    for order, item in enumerate(meeting.items, start=1):
        agenda.append({
            "order": order,
            "number": item.number,
            "description": item.title,
            "classification": [item.kind] if item.kind else [],
            "url": f"{page}#{item.anchor}",
            "presenters": list(item.presenters),
            "attachments": list(item.attachments),
            "decisions": [{"text": d.text, "clauses": list(d.clauses)} for d in item.decisions],
            "actions": [{"text": a.text, "due": _date(a.due), "responsible": list(a.responsible), "done": a.done}
                        for a in item.actions],
            "redactions": [{"ground": r.ground} for r in item.redactions],
        })
    approval = None
    if meeting.approval:
        approval = {"date": _date(meeting.approval.date), "place": meeting.approval.place,
                    "note": meeting.approval.note,
                    "by": [{"name": a.name, "role": a.role} for a in meeting.approval.by]}
    return {
        "id": meeting.ref,
        "name": heading(meeting, text),
        "classification": meeting.kind,
        "description": meeting.date_note,
        "start_date": local_datetime(meeting.date, meeting.start) if meeting.start else meeting.date.isoformat(),
        "end_date": local_datetime(meeting.date, meeting.end) if meeting.end else None,
        "all_day": not meeting.start,
        "timezone": TIMEZONE,
        "status": "confirmed" if meeting.status == "planerat" else "passed",
        "location": {"name": meeting.place, "note": "", "coordinates": None} if meeting.place else None,
        "participants": [{"name": p.name, "entity_type": "person", "note": p.note, "organisation": p.organisation,
                          "role": p.role, "title": p.title, "absent": p.absent} for p in meeting.participants],
        "agenda": agenda,
        "documents": [],
        "media": [],
        "links": [{"url": page, "note": "text/html"}, {"url": url_for(config, json_url(meeting)), "note": "application/json"}],
        "sources": [{"url": dates.history_url or page, "note": meeting.source_note}],
        "body": {"id": body.slug, "name": body.name, "organisation": body.organisation,
                 "url": url_for(config, body.url)},
        "minutes": {
            "kind": meeting.kind,
            "title": meeting.title,
            "number": meeting.number,
            "status": meeting.status,
            "approval": approval,
            "anslag": _date(meeting.anslag),
            "appeal_deadline": _date(appeal_deadline(meeting)),
            "corrections": [{"date": c.date.isoformat(), "what": c.what, "why": c.why} for c in meeting.corrections],
            "first_published": _date(dates.first_published),
            "last_changed": _date(dates.last_changed),
            "history_url": dates.history_url or None,
        },
    }


def compact_json(data: Any) -> str:
    # Compact on purpose: any indent switches json to its pure-Python encoder, about ten times
    # slower, and these files are for programs (`python -m json.tool` pretty-prints them).
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def archive_json(archive: Archive, config: SiteConfig, meetings_json: Iterable[str]) -> Iterator[str]:
    """The whole archive: its bodies, then every meeting's record as `compact_json` already
    encoded it for the meeting's own file (in archive order). Splicing those in gives the same
    bytes as encoding all records again, at half the cost; yielded in pieces, because the file
    is about 100 MB at 10,000 meetings."""
    head = compact_json({
        "schema": url_for(config, config.paths.schema_json),
        "title": config.title,
        "language": config.language,
        "base_url": config.base_url or None,
        "bodies": [body_record(b, config) for b in archive.bodies],
    })
    yield head[:-1] + ',"meetings":['
    for number, meeting in enumerate(meetings_json):
        yield "," + meeting if number else meeting
    yield "]}\n"


def archive_json_edits(path: Path, records: Iterable[tuple[str, str]]) -> list[tuple[int, bytes]] | None:
    """The (offset, new bytes) that turn each old meeting record in the archive's JSON at `path`
    into its new one, when each keeps its length (a changed date keeps it): the file is then
    edited in place instead of read and written whole (about 100 MB at 10,000 meetings). None
    when a length changes, a record is not there, or the file has other links (a hard-linked
    copy, e.g. GitLab's public/, must not change with it)."""
    edits = []
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_nlink != 1:
            return None
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
            for before, after in records:
                old, new = before.encode("utf-8"), after.encode("utf-8")
                at = view.find(old) if len(old) == len(new) else -1
                if at < 0:
                    return None
                edits.append((at, new))
    return edits


def patch_archive_json(old: bytes, records: Iterable[tuple[str, str]]) -> list[bytes | memoryview] | None:
    """The archive's JSON with each (old, new) meeting record swapped, as `archive_json` would
    write it now: records are spliced in verbatim, and one meeting's record is unique in it
    (it names the meeting). Returned in pieces, views of `old` between the new records: the
    file is about 100 MB at 10,000 meetings. None if an old record is not there."""
    swaps = []
    for before, after in records:
        old_bytes = before.encode("utf-8")
        found = old.find(old_bytes)
        if found < 0:
            return None
        swaps.append((found, found + len(old_bytes), after.encode("utf-8")))
    whole = memoryview(old)
    pieces: list[bytes | memoryview] = []
    at = 0
    for start, end, new_bytes in sorted(swaps):
        pieces += (whole[at:start], new_bytes)
        at = end
    pieces.append(whole[at:])
    return pieces


def _csv(header: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    """The CSV text a few hundred rows at a time: the decisions' file is about 40 MB at 10,000
    meetings, and its rows, text and bytes held whole at once took the page-group worker that
    writes the open data past the rest of the build."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for number, row in enumerate(rows, start=1):
        writer.writerow(row)
        if number % 500 == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def decisions_csv(archive: Archive, config: SiteConfig) -> Iterator[str]:
    return _csv(["body", "body_name", "meeting", "date", "kind", "status", "item_number", "item_title",
                 "decision", "url"], _decision_rows(archive, config))


def _decision_rows(archive: Archive, config: SiteConfig) -> Iterator[list[str]]:
    for meeting in archive.meetings:
        body = archive.body(meeting.body_slug)
        for item in meeting.items:
            for decision in item.decisions:
                yield [body.slug, body.name, meeting.ref, meeting.date.isoformat(), meeting.kind, meeting.status,
                       item.number, item.title, decision.text,
                       url_for(config, f"{meeting.url}#{decision.anchor or item.anchor}")]


def actions_csv(archive: Archive, config: SiteConfig) -> Iterator[str]:
    return _csv(["body", "body_name", "meeting", "date", "status", "item_number", "item_title", "action", "due",
                 "responsible", "done", "url"], _action_rows(archive, config))


def _action_rows(archive: Archive, config: SiteConfig) -> Iterator[list[str]]:
    for meeting in archive.meetings:
        body = archive.body(meeting.body_slug)
        for item in meeting.items:
            for action in item.actions:
                yield [body.slug, body.name, meeting.ref, meeting.date.isoformat(), meeting.status,
                       item.number, item.title, action.text, _date(action.due) or "",
                       "; ".join(action.responsible), action.done,
                       url_for(config, f"{meeting.url}#{item.anchor}")]


def json_ld(meeting: Meeting, body: Body, config: SiteConfig, text: dict[str, Any]) -> dict[str, Any]:
    """The schema.org Event of a meeting page."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Event",
        "identifier": meeting.ref,
        "name": full_title(meeting, body.name, text),
        "startDate": local_datetime(meeting.date, meeting.start) if meeting.start else meeting.date.isoformat(),
    }
    if meeting.end:
        data["endDate"] = local_datetime(meeting.date, meeting.end)
    data["eventStatus"] = "https://schema.org/EventScheduled"
    if meeting.place:
        data["location"] = {"@type": "Place", "name": meeting.place}
    organizer: dict[str, Any] = {"@type": "Organization", "name": body.name}
    if body.organisation:
        organizer["parentOrganization"] = {"@type": "Organization", "name": body.organisation}
    data["organizer"] = organizer
    data["inLanguage"] = config.language
    items = [f"{i.number} {i.title}".strip() for i in meeting.items]
    if items:
        data["description"] = "; ".join(items)
    if config.base_url:
        data["url"] = config.base_url + meeting.url
    return data


def script_json(data: Any) -> Markup:
    """JSON for a <script type="application/ld+json">: '<', '>' and '&' as \\u escapes, so no text in
    the data can close the element ('</script>') or open a comment."""
    raw = json.dumps(data, ensure_ascii=False, indent=1)
    raw = raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    raw = raw.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(f'<script type="application/ld+json">\n{raw}\n</script>')
