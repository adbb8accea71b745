"""The site config (minutes.yml) as a frozen, validated dataclass; unknown keys are rejected."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from generator.load.accessibility import AccessibilityStatement, parse_statement
from generator.common.errors import BuildFailed, did_you_mean, error
from generator.common.i18n import available_languages
from generator.load.vocabulary import available_vocabularies
from generator.load.yamlfile import parse_yaml, yaml_error_line, yaml_error_message

CONFIG_FILE = "minutes.yml"


@dataclass(frozen=True)
class SiteConfig:
    project_dir: Path
    title: str = "Protokollarkivet"
    language: str = "sv"
    # The language the minutes are written in; marked with lang= when the interface differs.
    content_language: str = "sv"
    # Who stands behind the site (the accessibility statement names it).
    organisation: str = ""
    # The accessibility statement's facts (generator/load/accessibility.py).
    accessibility: AccessibilityStatement = AccessibilityStatement()
    description: str = ""
    base_url: str = ""
    repository_url: str = ""
    content_dir: str = "content"
    output_dir: str = "output"
    layouts_dir: str = "layouts"
    assets_dir: str = "assets"
    # Not a minutes.yml key: the day the build sees as "today" (past-due actions, the notice
    # board). SOURCE_DATE_EPOCH pins it, so tests and reproducible builds get fixed output.
    build_date: dt.date = dt.date(1970, 1, 1)

    @property
    def content_path(self) -> Path:
        return self.project_dir / self.content_dir

    @property
    def output_path(self) -> Path:
        return self.project_dir / self.output_dir

    @property
    def layouts_path(self) -> Path:
        return self.project_dir / self.layouts_dir

    @property
    def assets_path(self) -> Path:
        return self.project_dir / self.assets_dir


_KEYS = tuple(f.name for f in fields(SiteConfig) if f.name not in ("project_dir", "build_date"))


_URL_KEYS = ("base_url", "repository_url")


def build_date_from_environment() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.strip().isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.date.today()


def load_config(project_dir: Path, **overrides: str) -> SiteConfig:
    """Read minutes.yml (optional: defaults apply without it); raise BuildFailed on bad values."""
    path = project_dir / CONFIG_FILE
    values: dict[str, str] = {}
    if path.exists():
        rel = CONFIG_FILE
        try:
            document = parse_yaml(path.read_text(encoding="utf-8-sig"))
        except yaml.YAMLError as exc:
            line = yaml_error_line(exc)
            message, hint = yaml_error_message(exc, path.read_text(encoding="utf-8-sig"))
            raise BuildFailed([error(rel, None if line is None else line + 1, message, hint)]) from None
        data = document.data or {}
        if not isinstance(data, dict):
            raise BuildFailed([error(rel, 1, "minutes.yml must be a set of 'key: value' lines.")])
        problems = []
        for key, value in data.items():
            line = document.line_of((key,), 1)
            if key not in _KEYS:
                problems.append(error(rel, line, f"unknown key '{key}'.", did_you_mean(str(key), _KEYS)))
            elif key == "accessibility":
                statement, found = parse_statement(value, lambda path: document.line_of(path, 1), rel)
                problems.extend(found)
                values[key] = statement  # type: ignore[assignment]
            elif not isinstance(value, str):
                problems.append(error(rel, line, f"'{key}' must be text."))
            elif key == "language" and value not in available_languages():
                problems.append(error(rel, line, f"no interface text for language '{value}'.",
                                      did_you_mean(value, available_languages())
                                      + f" A language is a file generator/locales/{value}.yml."))
            elif key == "content_language" and value not in available_vocabularies():
                problems.append(error(rel, line, f"no vocabulary for content language '{value}'.",
                                      did_you_mean(value, available_vocabularies())
                                      + f" A language is a file generator/vocabularies/{value}.yml."))
            elif key in _URL_KEYS and value.strip() and not re.match(r"^https?://[^\s/]", value.strip(), re.I):
                # These end up in href attributes: a javascript: or data: value would run script.
                problems.append(error(rel, line, f"'{key}' must be a web address starting with https://, got '{value}'.",
                                      "Write the full address, e.g. 'https://example.org/protokoll/'."))
            else:
                values[key] = value
        if problems:
            raise BuildFailed(problems)
    values.update({k: v for k, v in overrides.items() if v is not None})
    if values.get("base_url") and not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    return SiteConfig(project_dir=project_dir, build_date=build_date_from_environment(), **values)
