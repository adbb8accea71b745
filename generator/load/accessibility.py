"""The accessibility statement, in the model of the jurisdiction `accessibility.jurisdiction` names.

- `se` (the default): the tillgänglighetsredogörelse that DOS-lagen (2018:1937) requires, in the
  structure of Digg's model statement, with Digg's reporting form for enforcement.
- `eu`: a WCAG 2.1 AA statement in the model of the EU Web Accessibility Directive (Directive (EU)
  2016/2102, model statement of Implementing Decision (EU) 2018/1523), with the national
  enforcement body given as `enforcement_body` and `enforcement_url`.
- `plain`: a statement of the same facts that cites no law, for bodies no accessibility law binds.

Its facts come from the `accessibility:` block of minutes.yml; its wording from the language file
(`a11y:` keys, with `a11y_eu:` and `a11y_plain:` replacing what differs): who stands behind the
site, how compliant it is, what to do when something is inaccessible, how to report problems,
enforcement, known shortcomings with their reasons, and how and when the site was assessed. The
page is written to `SitePaths.statement_page` and linked from every page's footer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from generator.common.dates import RANGE_TEXT, out_of_range, parse_iso_date
from generator.common.errors import Problem, did_you_mean, error

DIGG_REPORT_URL = "https://www.digg.se/tdosanmalan"
COMPLIANCE = ("full", "partial", "none")
JURISDICTIONS = ("se", "eu", "plain")
REASONS = ("noncompliant", "burden", "exempt")

_KEYS = ("jurisdiction", "enforcement_body", "enforcement_url", "compliance", "assessed", "method", "contact_email", "contact_phone", "response_time",
         "published", "updated", "shortcomings")
_SHORTCOMING_KEYS = ("what", "reason", "why", "criteria")


@dataclass(frozen=True)
class Shortcoming:
    what: str
    reason: str = "noncompliant"  # one of REASONS
    why: str = ""
    criteria: str = ""  # WCAG success criteria, e.g. "1.3.1, 4.1.2"


@dataclass(frozen=True)
class AccessibilityStatement:
    jurisdiction: str = "se"  # one of JURISDICTIONS
    enforcement_body: str = ""  # eu: the national body that enforces the Directive
    enforcement_url: str = ""
    compliance: str = "partial"
    assessed: dt.date | None = None
    method: str = ""
    contact_email: str = ""
    contact_phone: str = ""
    response_time: str = ""
    published: dt.date | None = None
    updated: dt.date | None = None
    shortcomings: tuple[Shortcoming, ...] = ()


def parse_statement(data: Any, line_of, rel: str) -> tuple[AccessibilityStatement, list[Problem]]:
    """Read the `accessibility:` mapping of minutes.yml; `line_of(path)` gives a key's line."""
    problems: list[Problem] = []
    if not isinstance(data, dict):
        return AccessibilityStatement(), [error(rel, line_of(("accessibility",)),
                                                "'accessibility' must be a set of 'key: value' lines.")]
    values: dict[str, Any] = {}
    for key, value in data.items():
        line = line_of(("accessibility", key))
        if key not in _KEYS:
            problems.append(error(rel, line, f"unknown key 'accessibility.{key}'.", did_you_mean(str(key), _KEYS)))
        elif key == "shortcomings":
            values[key] = tuple(_shortcomings(value, line_of, rel, problems))
        elif not isinstance(value, str):
            problems.append(error(rel, line, f"'accessibility.{key}' must be text."))
        elif key in ("assessed", "published", "updated"):
            values[key] = _date(value, rel, line, key, problems)
        elif key == "jurisdiction" and value not in JURISDICTIONS:
            problems.append(error(rel, line, f"'accessibility.jurisdiction' is '{value}'.",
                                  did_you_mean(value, JURISDICTIONS)))
        elif key == "enforcement_url" and not re.match(r"^https?://[^\s/]", value.strip(), re.I):
            problems.append(error(rel, line, f"'accessibility.{key}' must be a web address starting with https://, got '{value}'.",
                                  "Write the full address, e.g. 'https://example.org/'."))
        elif key == "compliance" and value not in COMPLIANCE:
            problems.append(error(rel, line, f"'accessibility.compliance' is '{value}'.", did_you_mean(value, COMPLIANCE)))
        else:
            values[key] = value.strip()
    return AccessibilityStatement(**values), problems


def _date(value: str, rel: str, line: int, key: str, problems: list[Problem]) -> dt.date | None:
    date = parse_iso_date(value)
    if date is not None:
        return date
    if out_of_range(value):
        problems.append(error(rel, line, f"'accessibility.{key}' is {value.strip()}, outside the years {RANGE_TEXT}.",
                              "Check the year for a typing mistake."))
        return None
    problems.append(error(rel, line, f"'accessibility.{key}' is not a date: '{value}'.", "Write it as YYYY-MM-DD."))
    return None


def _shortcomings(value: Any, line_of, rel: str, problems: list[Problem]) -> list[Shortcoming]:
    if not isinstance(value, list):
        problems.append(error(rel, line_of(("accessibility", "shortcomings")),
                              "'accessibility.shortcomings' must be a list of '- what: ...' entries."))
        return []
    found = []
    for index, entry in enumerate(value):
        line = line_of(("accessibility", "shortcomings", index))
        if not isinstance(entry, dict) or not isinstance(entry.get("what"), str):
            problems.append(error(rel, line, "a shortcoming needs 'what' (the problem, as text)."))
            continue
        unknown = [k for k in entry if k not in _SHORTCOMING_KEYS]
        for key in unknown:
            problems.append(error(rel, line, f"unknown key '{key}' in a shortcoming.", did_you_mean(str(key), _SHORTCOMING_KEYS)))
        reason = str(entry.get("reason", "noncompliant"))
        if reason not in REASONS:
            problems.append(error(rel, line, f"a shortcoming's reason is '{reason}'.", did_you_mean(reason, REASONS)))
            continue
        if unknown:
            continue
        found.append(Shortcoming(what=entry["what"].strip(), reason=reason, why=str(entry.get("why", "")).strip(),
                                 criteria=str(entry.get("criteria", "")).strip()))
    return found
