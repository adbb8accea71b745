"""Swedish public holidays and working days, as the law on time limits counts them.

Lag (1930:173) om beräkning av lagstadgad tid: a time limit that ends on a Saturday, a Sunday,
another public holiday (allmän helgdag), midsommarafton, julafton or nyårsafton ends on the next
working day instead. The holidays are those of lag (1989:253) om allmänna helgdagar, with the
changes of 2005 (nationaldagen became a holiday, annandag pingst stopped being one). Midsommardagen
and alla helgons dag are movable Saturdays since 1953; earlier years are not modelled.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

_DAY = dt.timedelta(days=1)


def easter_sunday(year: int) -> dt.date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 (the algorithm's own name)
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return dt.date(year, month, day + 1)


def _saturday_between(year: int, month: int, day: int) -> dt.date:
    """The Saturday in the seven days starting at year-month-day."""
    start = dt.date(year, month, day)
    return start + dt.timedelta(days=(5 - start.weekday()) % 7)


@lru_cache(maxsize=256)
def public_holidays(year: int) -> dict[dt.date, str]:
    """The allmänna helgdagar of a year, with their Swedish names (Sundays only where named)."""
    easter = easter_sunday(year)
    days = {
        dt.date(year, 1, 1): "nyårsdagen",
        dt.date(year, 1, 6): "trettondedag jul",
        easter - 2 * _DAY: "långfredagen",
        easter: "påskdagen",
        easter + _DAY: "annandag påsk",
        dt.date(year, 5, 1): "första maj",
        easter + 39 * _DAY: "Kristi himmelsfärdsdag",
        easter + 49 * _DAY: "pingstdagen",
        _saturday_between(year, 6, 20): "midsommardagen",
        _saturday_between(year, 10, 31): "alla helgons dag",
        dt.date(year, 12, 25): "juldagen",
        dt.date(year, 12, 26): "annandag jul",
    }
    if year >= 2005:
        days[dt.date(year, 6, 6)] = "Sveriges nationaldag"
    else:
        days[easter + 50 * _DAY] = "annandag pingst"
    return dict(sorted(days.items()))


@lru_cache(maxsize=256)
def deadline_holidays(year: int) -> dict[dt.date, str]:
    """Public holidays plus the three eves that time limits treat as holidays."""
    days = dict(public_holidays(year))
    days[_saturday_between(year, 6, 20) - _DAY] = "midsommarafton"
    days[dt.date(year, 12, 24)] = "julafton"
    days[dt.date(year, 12, 31)] = "nyårsafton"
    return dict(sorted(days.items()))


def is_working_day(day: dt.date) -> bool:
    """Monday to Friday, and neither a public holiday nor one of the three eves."""
    return day.weekday() < 5 and day not in deadline_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """The day itself when it is a working day, otherwise the first working day after it."""
    while not is_working_day(day):
        day += _DAY
    return day
