"""The site config (minutes.yml) as a frozen, validated dataclass; unknown keys are rejected."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from generator.load.accessibility import AccessibilityStatement, parse_statement
from generator.common.dates import RANGE_TEXT, in_range
from generator.common.errors import BuildFailed, did_you_mean, error
from generator.common.i18n import available_languages
from generator.common.paths import SitePaths, site_paths
from generator.load.sources import MAX_FILE_BYTES, decode
from generator.load.vocabulary import available_vocabularies
from generator.load.yamlfile import parse_yaml, yaml_error_line, yaml_error_message

CONFIG_FILE = "minutes.yml"
MAX_CONFIG_BYTES = 1024 * 1024


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
    def paths(self) -> SitePaths:
        """The site's output paths, named in its interface language."""
        return site_paths(self.language)

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
        try:
            date = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (OverflowError, OSError, ValueError):
            date = dt.date.max
        if not in_range(date):
            raise BuildFailed([error("SOURCE_DATE_EPOCH", None, f"'{epoch.strip()}' seconds is a day outside the years "
                                     f"{RANGE_TEXT}.", "Set it to the time of the last commit: git log -1 --format=%ct.")])
        return date
    return dt.date.today()


def load_config(project_dir: Path, **overrides: str) -> SiteConfig:
    """Read minutes.yml (optional: defaults apply without it); raise BuildFailed on bad values."""
    path = project_dir / CONFIG_FILE
    values: dict[str, str] = {}
    output_line: int | None = None
    if path.exists() or path.is_symlink():
        rel = CONFIG_FILE
        text = _read_config_text(path, rel)
        try:
            document = parse_yaml(text)
        except yaml.YAMLError as exc:
            line = yaml_error_line(exc, text)
            message, hint = yaml_error_message(exc, text)
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
        output_line = document.line_of(("output_dir",), 1) if "output_dir" in data else None
    given = {k: v for k, v in overrides.items() if v is not None}
    values.update(given)
    if values.get("base_url") and not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    config = SiteConfig(project_dir=project_dir, build_date=build_date_from_environment(), **values)
    if "output_dir" in given:
        _refuse_dangerous_output(config, "--output", None)
    else:
        _refuse_dangerous_output(config, CONFIG_FILE, output_line)
    return config


def _read_config_text(path: Path, rel: str) -> str:
    """minutes.yml as text, or BuildFailed with the same words a content file would get."""
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise BuildFailed([error(rel, None, "minutes.yml is a folder, not a file.",
                                     "Remove or rename the folder and write the site's settings in a file minutes.yml.")])
        if not stat.S_ISREG(status.st_mode):
            raise BuildFailed([error(rel, None, "minutes.yml is not a regular file.", "Make it a plain text file.")])
        if status.st_size > MAX_CONFIG_BYTES:
            raise BuildFailed([error(rel, None, f"minutes.yml is {status.st_size:,} bytes; a site's settings fit in "
                                     f"{MAX_CONFIG_BYTES // 1024} KB.", "Check that the right file is named minutes.yml.")])
        raw = path.read_bytes()
    except OSError as exc:
        raise BuildFailed([error(rel, None, f"minutes.yml cannot be read: {exc.strerror or exc}.",
                                 "Check that the file exists and that you may read it.")]) from None
    assert MAX_CONFIG_BYTES <= MAX_FILE_BYTES
    text, problem = decode(raw, rel)
    if problem is not None:
        raise BuildFailed([problem])
    assert text is not None
    return text


def _refuse_dangerous_output(config: SiteConfig, rel: str, line: int | None) -> None:
    """The build replaces the output folder as a whole and deletes the site it replaced, so an
    output folder that is the project, holds it, lies in the content or holds another project
    would delete what the editors wrote."""
    project = config.project_dir.resolve()
    output = config.output_path.resolve()
    guarded = {"the project folder": project, f"{config.content_dir}/": config.content_path.resolve(),
               f"{config.layouts_dir}/": config.layouts_path.resolve(),
               f"{config.assets_dir}/": config.assets_path.resolve(), ".git/": (project / ".git").resolve()}
    why = ""
    for name, folder in guarded.items():
        if output == folder or output in folder.parents:
            why = f"it {'is' if output == folder else 'holds'} {name}"
            break
        if name != "the project folder" and output.is_relative_to(folder):
            why = f"it lies inside {name}"
            break
    if not why and output.is_dir() and any((output / entry).exists() for entry in (CONFIG_FILE, ".git")):
        why = "it holds a project (minutes.yml or .git), not a built site"
    if not why and output.is_dir() and not (output / "index.html").is_file() and any(output.iterdir()):
        why = "it holds files but no site (no index.html), and they would be deleted"
    if why:
        raise BuildFailed([error(rel, line, f"the output folder '{config.output_dir}' cannot be used: {why}, and "
                                 "every build replaces the output folder as a whole.",
                                 "Name a folder of its own for the site, e.g. 'output'.")])
