"""Interface text: one YAML file per language in generator/locales/; adding a language is adding a file."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LOCALES = Path(__file__).parent / "locales"


@lru_cache(maxsize=None)
def messages(language: str) -> dict[str, Any]:
    path = LOCALES / f"{language}.yml"
    if not path.exists():
        raise FileNotFoundError(f"no interface text for language '{language}': add {path}")
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def long_date(date: dt.date, language: str) -> str:
    """'torsdag 17 augusti 2017'."""
    text = messages(language)
    return f"{text['weekdays'][date.weekday()]} {date.day} {text['months'][date.month - 1]} {date.year}"
