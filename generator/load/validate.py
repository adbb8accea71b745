"""Validate stage: each file's front matter against its schema, then the checks across files.

Unknown keys are errors with a did-you-mean, so a typo never silently drops a fact.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Callable

from generator.common.errors import Problem, did_you_mean, error
from generator.common.slugs import slugify
from generator.load.sources import SourceFile
from generator.load.vocabulary import MEETING_KINDS, ROLES, STATUSES

KeyPath = tuple[str | int, ...]
Check = Callable[[object], "str | tuple[str, str] | None"]  # a complaint (and hint), or None when fine

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATE_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")
_TIME_RE = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def parse_date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _DATE_RE.match(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def parse_time(value: object) -> str | None:
    """'8:30', '08.30' or '08:30' -> '08:30'."""
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
    if isinstance(value, str) and _DATE_RE.match(value.strip()):
        return f"is not a real date: '{value}'"
    return f"must be a date written YYYY-MM-DD, got '{value}'"


def _time(value: object) -> str | None:
    return None if parse_time(value) else f"must be a time written \"HH:MM\", got '{value}'"


def _one_of(choices: tuple[str, ...]) -> Check:
    def check(value: object) -> str | None:
        if isinstance(value, str) and value.strip() in choices:
            return None
        return f"is '{value}', which is not a known value", did_you_mean(str(value), choices)
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

PERSON: Schema = {
    "name": Field(_text, required=True),
    "organisation": Field(_text),
    "role": Field(_one_of(ROLES)),
    "title": Field(_text),
    "note": Field(_text),
    "absent": Field(_bool),
}

APPROVER: Schema = {"name": Field(_text, required=True), "role": Field(_one_of(ROLES))}

MEETING: Schema = {
    "body": Field(_text, required=True),
    "date": Field(_date, required=True),
    "date_note": Field(_text),
    "start": Field(_time),
    "end": Field(_time),
    "place": Field(_text),
    "kind": Field(_one_of(MEETING_KINDS), required=True),
    "title": Field(_text),
    "number": Field(_text),
    "status": Field(_one_of(STATUSES), required=True),
    "approval": Field(schema={
        "date": Field(_date),
        "place": Field(_text),
        "note": Field(_text),
        "by": Field(items=APPROVER),
    }),
    "anslag": Field(_date),
    "participants": Field(items=PERSON),
    "source": Field(_text),
    "published": Field(_date),
    "corrections": Field(items={
        "date": Field(_date, required=True),
        "what": Field(_text, required=True),
        "why": Field(_text),
    }),
}

BODY: Schema = {
    "name": Field(_text, required=True),
    "short_name": Field(_text),
    "organisation": Field(_text, required=True),
    "place": Field(_text),
    "members": Field(items=PERSON),
    # The language the body's minutes are written in, when it is not the site's content_language.
    "language": Field(_text),
}

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


def validate_meeting(source: SourceFile) -> list[Problem]:
    if source.front_matter is None:
        return [error(source.rel, 1, "the file has no front matter.",
                      "Start it with a '---' line, the meeting's details (body, date, kind, status), and another '---' line.")]
    if source.yaml_failed:
        return []  # the load stage reported the YAML error
    if source.front_matter.data is None:
        return [error(source.rel, 1, "the front matter is empty.", "Add body, date, kind and status.")]
    data = source.data
    problems = check_mapping(source, source.front_matter.data, MEETING, ())
    if not isinstance(source.front_matter.data, dict):
        return problems
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
    if data.get("approval") and data.get("status") != "justerat":
        problems.append(error(source.rel, source.line(("approval",)),
                              "'approval' is given but the status is not 'justerat'.",
                              "Set 'status: justerat' or remove 'approval'."))
    if data.get("status") == "planerat" and source.body.strip():
        problems.append(error(source.rel, source.body_line, "a planned meeting ('status: planerat') has no items yet.",
                              "Change the status once the meeting has been held."))
    return problems


def validate_body(source: SourceFile) -> list[Problem]:
    if source.yaml_failed:
        return []
    if source.front_matter is None or source.front_matter.data is None:
        return [error(source.rel, 1, "the body file has no front matter.", "Start it with name and organisation between '---' lines.")]
    problems = check_mapping(source, source.front_matter.data, BODY, ())
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


def validate(sources: list[SourceFile]) -> list[Problem]:
    """All per-file problems, then the ones only visible across files."""
    problems: list[Problem] = []
    validators = {"meeting": validate_meeting, "body": validate_body, "people": validate_people}
    for source in sources:
        problems.extend(validators[source.kind](source))

    bodies = {s.folder for s in sources if s.kind == "body"}
    seen: dict[tuple[str, str], SourceFile] = {}
    for source in sources:
        if source.kind != "meeting":
            continue
        if source.folder not in bodies:
            problems.append(error(source.rel, source.line(("body",)),
                                  f"unknown body '{source.folder}': there is no content/{source.folder}/_body.md.",
                                  did_you_mean(source.folder, tuple(sorted(bodies))) if bodies else
                                  f"Create content/{source.folder}/_body.md."))
        date = parse_date(source.data.get("date"))
        if not date:
            continue
        key = (source.folder, page_stem(source.stem, date))
        if key in seen:
            problems.append(error(source.rel, source.line(("date",)),
                                  f"duplicate meeting: {seen[key].rel} is also a meeting of '{source.folder}' on {date.isoformat()}.",
                                  f"Name the second meeting of the day with a suffix, e.g. {date.isoformat()}-2.md."))
        else:
            seen[key] = source
    return problems


def page_stem(file_stem: str, date: dt.date) -> str:
    """The meeting page's name: the file's own name when it starts with the date (keeping a
    suffix such as 2015-06-12-2), otherwise the bare date."""
    iso = date.isoformat()
    if not file_stem.startswith(iso):
        return iso
    suffix = slugify(file_stem[len(iso):])
    return f"{iso}-{suffix}" if suffix else iso
