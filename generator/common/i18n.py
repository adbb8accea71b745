"""Interface text and formatting, one YAML file per language in generator/locales/.

Adding a language is adding a file: `generator/locales/<code>.yml` with every key of `sv.yml`
(the reference) plus `locale` (a CLDR locale such as `en_GB`) and `date_formats`. Dates and
numbers are formatted by Babel from that locale, plural forms follow the locale's CLDR rules.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

from generator.common.datafiles import read_yaml

LOCALES = Path(__file__).parent.parent / "locales"
REFERENCE = "sv"


def available_languages() -> list[str]:
    return sorted(p.stem for p in LOCALES.glob("*.yml"))


@lru_cache(maxsize=None)
def _read(language: str) -> dict[str, Any]:
    path = LOCALES / f"{language}.yml"
    if not path.exists():
        raise FileNotFoundError(
            f"no interface text for language '{language}': add {path} "
            f"(languages available: {', '.join(available_languages())})")
    return read_yaml(path)


def _with_fallback(text: Any, reference: Any) -> Any:
    if not (isinstance(text, dict) and isinstance(reference, dict)):
        return text
    merged = {key: _with_fallback(text[key], value) if key in text else value for key, value in reference.items()}
    merged.update({key: value for key, value in text.items() if key not in reference})
    return merged


@lru_cache(maxsize=None)
def messages(language: str) -> dict[str, Any]:
    """A language's interface text. A key the file lacks falls back to the reference (Swedish)
    so a build never breaks on a missing translation; tests/test_accessibility.py fails on it."""
    if language == REFERENCE:
        return _read(language)
    return _with_fallback(_read(language), _read(REFERENCE))


def missing_keys(language: str) -> list[str]:
    """Keys of the reference file (sv.yml) that a language file lacks, as dotted paths."""

    def walk(reference: Any, other: Any, prefix: str) -> list[str]:
        if not isinstance(reference, dict):
            return []
        if not isinstance(other, dict):
            return [prefix.rstrip(".")]
        missing = []
        for key, value in reference.items():
            if key not in other:
                missing.append(f"{prefix}{key}")
            else:
                missing.extend(walk(value, other[key], f"{prefix}{key}."))
        return missing

    return walk(_read(REFERENCE), _read(language), "")


@lru_cache(maxsize=None)
def _locale(language: str) -> Locale:
    return Locale.parse(messages(language).get("locale", language))


def _pattern(language: str, name: str) -> str:
    return messages(language).get("date_formats", {}).get(name, "medium")


# Formatting is memoised: a register page shows the same few thousand dates and counts over and
# over, and Babel parses its pattern on every call.
@lru_cache(maxsize=None)
def long_date(date: dt.date, language: str) -> str:
    """The full date in words: 'torsdag 17 augusti 2017', 'Thursday 17 August 2017'."""
    return format_date(date, _pattern(language, "long"), locale=_locale(language))


@lru_cache(maxsize=None)
def heading_date(date: dt.date, language: str) -> str:
    """The date in a page's main heading, without the weekday: '17 augusti 2017', '17 August 2017'
    (a language file's date_formats.heading, else CLDR's long date)."""
    return format_date(date, messages(language).get("date_formats", {}).get("heading", "long"), locale=_locale(language))


@lru_cache(maxsize=None)
def short_date(date: dt.date, language: str) -> str:
    """The date in lists and headings: '2017-08-17' in Swedish, '17 Aug 2017' in English."""
    return format_date(date, _pattern(language, "short"), locale=_locale(language))


@lru_cache(maxsize=None, typed=True)  # typed: 1 and 1.0 format differently
def number(value: int | float, language: str) -> str:
    """'1 234' (with a no-break space) in Swedish, '1,234' in English."""
    return format_decimal(value, locale=_locale(language))


def plural(forms: dict[str, str] | str, count: int, language: str) -> str:
    """Pick the CLDR plural form ('one', 'few', 'other', ...) for `count`; '{n}' becomes the number."""
    if isinstance(forms, str):
        text = forms
    else:
        text = forms.get(_locale(language).plural_form(count), forms["other"])
    return text.replace("{n}", number(count, language))
