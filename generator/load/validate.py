"""Validate stage: each file's front matter against its schema, then the checks across files.

Unknown keys are errors with a did-you-mean, so a typo never silently drops a fact.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from generator.common.dates import RANGE_TEXT, out_of_range
from generator.common.errors import Problem, did_you_mean, error
from generator.common.slugs import slugify
from generator.load.header import MeetingHeader, meeting_header, page_stem, parse_date
from generator.load.sources import SourceFile
from generator.load.vocabulary import available_vocabularies, term_hint, vocabulary

KeyPath = tuple[str | int, ...]
Check = Callable[[object], "str | tuple[str, str] | None"]  # a complaint (and hint), or None when fine

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")
_TIME_RE = re.compile(r"^([01]?\d|2[0-3])(?:[:.]|)([0-5]\d)$")
TIME_FORMS = "HH:MM, e.g. 08:30 (8:30, 8.30 and 0830 are understood too)"


def parse_time(value: object) -> str | None:
    """'8:30', '08.30', '0830' or '08:30' -> '08:30' (an unquoted 830 arrives as a number)."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"{value:04d}" if 0 <= value < 10000 else str(value)
    if isinstance(value, str):
        match = _TIME_RE.match(value.strip())
        if match:
            return f"{int(match.group(1)):02d}:{match.group(2)}"
    return None


def _text(value: object) -> str | None:
    if isinstance(value, str) and value.strip():
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return None  # a number written where text is expected is harmless ("number: 4")
    return "must be text"


def _date(value: object) -> str | None:
    if parse_date(value):
        return None
    if isinstance(value, str) and out_of_range(value):
        return (f"is {value.strip()}, outside the years {RANGE_TEXT} that minutes are dated in",
                "Check the year for a typing mistake.")
    if isinstance(value, str) and _DATE_RE.match(value.strip()):
        return f"is not a real date: '{value}'"
    return f"must be a date written YYYY-MM-DD, got '{value}'"


def _time(value: object) -> tuple[str, str] | None:
    if parse_time(value):
        return None
    return f"must be a time of day, got '{value}'", f"Write it as {TIME_FORMS}."


def _one_of(choices: tuple[str, ...]) -> Check:
    def check(value: object) -> str | None:
        if isinstance(value, str) and value.strip() in choices:
            return None
        return f"is '{value}', which is not a known value", did_you_mean(str(value), choices)
    return check


def _term(group: str, language: str) -> Check:
    """A keyword of the content language (`status: approved` in English, `justerat` in Swedish)."""
    words = vocabulary(language).words(group)

    def check(value: object) -> str | tuple[str, str] | None:
        if isinstance(value, str) and vocabulary(language).concept(group, value):
            return None
        hint = term_hint(group, str(value), language) or did_you_mean(str(value), words)
        return f"is '{value}', which is not a known value", hint
    return check


def _bool(value: object) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


@dataclass(frozen=True)
class Field:
    check: Check | None = None
    required: bool = False
    schema: "Schema | None" = None  # for mappings
    items: "Schema | None" = None  # for lists of mappings
    text_list: bool = False  # a list of strings


Schema = dict[str, Field]

@lru_cache(maxsize=None)
def schemas(language: str = "") -> tuple["Schema", "Schema"]:
    """The meeting and body schemas for content written in `language`: its keywords for roles,
    kinds and statuses."""
    person: Schema = {
        "name": Field(_text, required=True),
        "organisation": Field(_text),
        "role": Field(_term("roles", language)),
        "title": Field(_text),
        "note": Field(_text),
        "absent": Field(_bool),
    }
    approver: Schema = {"name": Field(_text, required=True), "role": Field(_term("roles", language))}
    meeting: Schema = {
        "body": Field(_text, required=True),
        "date": Field(_date, required=True),
        "date_note": Field(_text),
        "start": Field(_time),
        "end": Field(_time),
        "place": Field(_text),
        "kind": Field(_term("kinds", language), required=True),
        "title": Field(_text),
        "number": Field(_text),
        "status": Field(_term("statuses", language), required=True),
        "approval": Field(schema={
            "date": Field(_date),
            "place": Field(_text),
            "note": Field(_text),
            "by": Field(items=approver),
        }),
        "anslag": Field(_date),
        "participants": Field(items=person),
        "source": Field(_text),
        "published": Field(_date),
        "corrections": Field(items={
            "date": Field(_date, required=True),
            "what": Field(_text, required=True),
            "why": Field(_text),
        }),
    }
    body: Schema = {
        "name": Field(_text, required=True),
        "short_name": Field(_text),
        "organisation": Field(_text, required=True),
        "place": Field(_text),
        # The language the body's minutes are written in, when it is not the site's content_language.
        "language": Field(_one_of(tuple(available_vocabularies()))),
        "members": Field(items=person),
    }
    return meeting, body


MEETING, BODY = schemas("sv")

PEOPLE_ENTRY: Schema = {
    "name": Field(_text, required=True),
    "aliases": Field(text_list=True),
    "organisation": Field(_text),
}


def check_mapping(source: SourceFile, data: object, schema: Schema, path: KeyPath) -> list[Problem]:
    where = ".".join(str(p) for p in path) or "front matter"
    line = source.line(path)
    if not isinstance(data, dict):
        return [error(source.rel, line, f"{where} must be a set of 'key: value' lines.",
                      "See docs/content-format.md for an example.")]
    problems = []
    for key in data:
        if key not in schema:
            problems.append(error(source.rel, source.line(path + (key,)), f"unknown key '{key}'.",
                                  did_you_mean(str(key), tuple(schema))))
    for key, spec in schema.items():
        value = data.get(key)
        if value is None and key not in data and not spec.required:
            continue  # most keys are optional and left out
        key_line = source.line(path + (key,))
        name = key
        if value is None or value == "":
            if spec.required:
                problems.append(error(source.rel, line if key not in data else key_line,
                                      f"'{name}' is missing.", f"Add a line '{key}: ...'."))
            continue
        if spec.check:
            complaint = spec.check(value)
            if complaint:
                message, hint = complaint if isinstance(complaint, tuple) else (complaint, "")
                problems.append(error(source.rel, key_line, f"'{name}' {message}.", hint))
        if spec.schema:
            problems.extend(check_mapping(source, value, spec.schema, path + (key,)))
        if spec.items or spec.text_list:
            if not isinstance(value, list):
                problems.append(error(source.rel, key_line, f"'{name}' must be a list (lines starting with '- ')."))
                continue
            for index, entry in enumerate(value):
                if spec.items:
                    problems.extend(check_mapping(source, entry, spec.items, path + (key, index)))
                elif _text(entry):
                    problems.append(error(source.rel, source.line(path + (key, index)), f"'{name}' entries must be text."))
    return problems


def validate_meeting(source: SourceFile) -> tuple[MeetingHeader | None, list[Problem]]:
    """The meeting's problems, and its header when none of them is an error: the front matter checked
    and converted in one pass."""
    if source.front_matter is None:
        return None, [error(source.rel, 1, "the file has no front matter.",
                            "Start it with a '---' line, the meeting's details (body, date, kind, status), and another "
                            "'---' line.")]
    if source.yaml_failed:
        return None, []  # the load stage reported the YAML error
    if source.front_matter.data is None:
        return None, [error(source.rel, 1, "the front matter is empty.", "Add body, date, kind and status.")]
    data = source.data
    problems = check_mapping(source, source.front_matter.data, schemas(source.language)[0], ())
    if not isinstance(source.front_matter.data, dict):
        return None, problems
    if isinstance(data.get("body"), str) and data["body"] not in (source.folder, slugify(source.folder)):
        problems.append(error(source.rel, source.line(("body",)),
                              f"'body' is '{data['body']}' but the file is in the folder '{source.folder}'.",
                              "Move the file to its body's folder or correct 'body'."))
    date = parse_date(data.get("date"))
    if date and _DATE_PREFIX.match(source.stem) and not source.stem.startswith(date.isoformat()):
        problems.append(error(source.rel, source.line(("date",)),
                              f"the file name says {source.stem[:10]} but 'date' is {date.isoformat()}.",
                              f"Rename the file to {date.isoformat()}.md or correct 'date'."))
    start, end = parse_time(data.get("start")), parse_time(data.get("end"))
    if start and end and end <= start:
        problems.append(error(source.rel, source.line(("end",)), f"the meeting ends ({end}) before it starts ({start}).",
                              "Swap 'start' and 'end' or correct them."))
    words = vocabulary(source.language)
    status = words.concept("statuses", data.get("status"))
    if data.get("approval") and status != "justerat":
        approved = words.word("statuses", "justerat")
        problems.append(error(source.rel, source.line(("approval",)),
                              f"'approval' is given but the status is not '{approved}'.",
                              f"Set 'status: {approved}' or remove 'approval'."))
    if status == "planerat" and source.body.strip():
        problems.append(error(source.rel, source.body_line,
                              f"a planned meeting ('status: {words.word('statuses', 'planerat')}') has no items yet.",
                              "Change the status once the meeting has been held."))
    if date is None or any(p.is_error for p in problems):
        return None, problems
    return meeting_header(source, date, start or "", end or ""), problems


def validate_body(source: SourceFile) -> list[Problem]:
    if source.yaml_failed:
        return []
    if source.front_matter is None or source.front_matter.data is None:
        return [error(source.rel, 1, "the body file has no front matter.", "Start it with name and organisation between '---' lines.")]
    problems = check_mapping(source, source.front_matter.data, schemas(source.language)[1], ())
    if not slugify(source.folder):
        problems.append(error(source.rel, None, f"the folder name '{source.folder}' has no letters or digits.",
                              "Name the folder after the body, e.g. 'umearegionen-kc'."))
    return problems


def validate_people(source: SourceFile) -> list[Problem]:
    data = source.front_matter.data if source.front_matter else None
    if data is None:
        return []
    if not isinstance(data, list):
        return [error(source.rel, 1, "people.yml must be a list of people (lines starting with '- name:').")]
    problems = []
    for index, entry in enumerate(data):
        problems.extend(check_mapping(source, entry, PEOPLE_ENTRY, (index,)))
    return problems


def validate_other(source: SourceFile) -> list[Problem]:
    """A body's or the people file's problems."""
    return validate_body(source) if source.kind == "body" else validate_people(source)


@dataclass(frozen=True)
class MeetingFacts:
    """What the checks across files read of a meeting file (`minutes check` gets them from the
    worker that read the file)."""

    rel: str
    folder: str
    stem: str
    date: dt.date | None
    body_line: int  # the lines of its 'body' and 'date' keys
    date_line: int


def meeting_facts(source: SourceFile) -> MeetingFacts:
    return MeetingFacts(source.rel, source.folder, source.stem, parse_date(source.data.get("date")),
                        source.line(("body",)), source.line(("date",)))


def across_files(meetings: list[MeetingFacts], bodies: set[str]) -> list[Problem]:
    """The problems only visible across files: a meeting of a body without a _body.md, two
    meetings of a body on the same page. `meetings` in the order of their paths."""
    problems: list[Problem] = []
    seen: dict[tuple[str, str], MeetingFacts] = {}
    for meeting in meetings:
        if meeting.folder not in bodies:
            problems.append(error(meeting.rel, meeting.body_line,
                                  f"unknown body '{meeting.folder}': there is no content/{meeting.folder}/_body.md.",
                                  did_you_mean(meeting.folder, tuple(sorted(bodies))) if bodies else
                                  f"Create content/{meeting.folder}/_body.md."))
        date = meeting.date
        if not date:
            continue
        key = (meeting.folder, page_stem(meeting.stem, date))
        if key in seen:
            problems.append(error(meeting.rel, meeting.date_line,
                                  f"duplicate meeting: {seen[key].rel} is also a meeting of '{meeting.folder}' on {date.isoformat()}.",
                                  f"Name the second meeting of the day with a suffix, e.g. {date.isoformat()}-2.md."))
        else:
            seen[key] = meeting
    return problems


def validate(sources: list[SourceFile]) -> tuple[list[Problem], dict[str, MeetingHeader]]:
    """All per-file problems, then the ones only visible across files; and the header of each
    meeting without errors in its front matter, by its file."""
    problems: list[Problem] = []
    headers: dict[str, MeetingHeader] = {}
    for source in sources:
        if source.kind == "meeting":
            header, found = validate_meeting(source)
            problems.extend(found)
            if header is not None:
                headers[source.rel] = header
        else:
            problems.extend(validate_other(source))
    bodies = {s.folder for s in sources if s.kind == "body"}
    problems.extend(across_files([meeting_facts(s) for s in sources if s.kind == "meeting"], bodies))
    return problems, headers
