"""`minutes new <body> <date>`: a new meeting file, pre-filled from the body's members and place.

The new file starts as a draft (status: utkast), so a half-written meeting cannot be published
by accident; the editor changes the status when the minutes are ready.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from generator.common.dates import RANGE_TEXT, out_of_range, parse_iso_date
from generator.load.config import SiteConfig
from generator.common.slugs import slugify
from generator.load.languages import body_language
from generator.load.sources import BODY_FILE, split_front_matter
from generator.load.vocabulary import vocabulary
from generator.load.yamlfile import parse_yaml


class NewMeetingError(Exception):
    pass


def _body_folder(config: SiteConfig, body: str) -> Path:
    folders = sorted(p for p in config.content_path.iterdir() if (p / BODY_FILE).is_file()) \
        if config.content_path.is_dir() else []
    for folder in folders:
        if body in (folder.name, slugify(folder.name)):
            return folder
    known = ", ".join(slugify(f.name) for f in folders) or "none yet"
    raise NewMeetingError(f"unknown body '{body}'. Known bodies: {known}.")


def meeting_template(body_data: dict, body_slug: str, date: dt.date, language: str = "") -> str:
    words = vocabulary(language)
    front = {
        "body": body_slug,
        "date": date,
        "start": "09:00",
        "end": "12:00",
        "place": body_data.get("place") or "",
        "kind": words.word("kinds", "protokoll"),
        "status": words.word("statuses", "utkast"),
        "participants": [
            {k: v for k, v in member.items() if k in ("name", "organisation", "role", "title") and v}
            for member in body_data.get("members") or []
        ],
    }
    yaml_text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100)
    opening, approvers, previous, closing = words.lists["new_meeting_items"]
    decision = words.word("sections", "decision").capitalize()
    return ("---\n" + yaml_text + "---\n\n"
            f"## 1. {opening}\n\n"
            f"## 2. {approvers}\n\n"
            f"## 3. {previous}\n\n"
            f"### {decision}\n\n"
            f"## 4. {closing}\n")


def new_meeting(config: SiteConfig, body: str, date_text: str) -> Path:
    if out_of_range(date_text):
        raise NewMeetingError(f"'{date_text}' is outside the years {RANGE_TEXT}; check the year.")
    date = parse_iso_date(date_text)
    if date is None:
        raise NewMeetingError(f"'{date_text}' is not a date; write it YYYY-MM-DD.")
    folder = _body_folder(config, body)
    target = folder / f"{date.isoformat()}.md"
    if target.exists():
        raise NewMeetingError(f"{target.relative_to(config.project_dir)} already exists; it was not changed. "
                              f"For a second meeting that day use a suffix: {date.isoformat()}-2.md.")
    yaml_text, _, _ = split_front_matter((folder / BODY_FILE).read_text(encoding="utf-8-sig"))
    body_data = parse_yaml(yaml_text or "").data or {}
    text = meeting_template(body_data if isinstance(body_data, dict) else {}, slugify(folder.name), date,
                            body_language(config, folder.name))
    with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return target
