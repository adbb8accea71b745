"""The range of dates the archive accepts, and the one parser of YYYY-MM-DD dates that keeps to it.

Python's dates end at 9999-12-31, and the build computes with a meeting's dates: the appeal period
runs three weeks past the anslag, a calendar entry ends the day after, registers group by month.
A date near either end of Python's range would overflow in one of them. No minutes of a body that
exists today were written before 1900 or will be after 2100, so a date outside those years is a
typing mistake, and saying so is clearer than any result computed from it. Every computation the
build makes stays within a year of a date in range, far from Python's limits.
"""

from __future__ import annotations

import datetime as dt
import re

EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)
RANGE_TEXT = f"{EARLIEST.year}-{LATEST.year}"

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def in_range(date: dt.date) -> bool:
    return EARLIEST <= date <= LATEST


def parse_iso_date(text: str) -> dt.date | None:
    """'2017-08-17' as a date; None when it is not written YYYY-MM-DD, is no real day, or lies
    outside the accepted years."""
    text = text.strip()
    if not _ISO_DATE.match(text):
        return None
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return date if in_range(date) else None


def out_of_range(text: str) -> bool:
    """A real YYYY-MM-DD date that lies outside the accepted years (for the message)."""
    text = text.strip()
    if not _ISO_DATE.match(text):
        return False
    try:
        return not in_range(dt.date.fromisoformat(text))
    except ValueError:
        return False
