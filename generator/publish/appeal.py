"""The appeal period of a protokoll (laglighetsprövning, 13 kap. kommunallagen).

An appeal must reach the court within three weeks of the day the notice board announced that the
protokoll was approved (the anslag date). A period that ends on a weekend, a public holiday,
midsommarafton, julafton or nyårsafton ends on the next working day (see holidays.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from generator.model.domain import Archive, Meeting
from generator.publish.holidays import next_working_day

APPEAL_PERIOD = dt.timedelta(weeks=3)


def last_day_to_appeal(anslag: dt.date) -> dt.date:
    return next_working_day(anslag + APPEAL_PERIOD)


def has_appeal_period(meeting: Meeting) -> bool:
    """Only an approved protokoll with an anslag date starts an appeal period."""
    return meeting.kind == "protokoll" and meeting.status == "justerat" and meeting.anslag is not None


def appeal_deadline(meeting: Meeting) -> dt.date | None:
    return last_day_to_appeal(meeting.anslag) if has_appeal_period(meeting) and meeting.anslag else None


@dataclass(frozen=True)
class AppealState:
    """Where a meeting stands on a given day: 'running', 'ended', 'not_yet' (anslag in the future)."""

    anslag: dt.date
    deadline: dt.date
    state: str

    @property
    def running(self) -> bool:
        return self.state == "running"


def appeal_state(meeting: Meeting, today: dt.date) -> AppealState | None:
    deadline = appeal_deadline(meeting)
    if deadline is None or meeting.anslag is None:
        return None
    state = "not_yet" if today < meeting.anslag else "running" if today <= deadline else "ended"
    return AppealState(meeting.anslag, deadline, state)


def notice_board(archive: Archive, today: dt.date) -> list[Meeting]:
    """Approved protokoll whose appeal period runs today, latest anslag first."""
    on_board = [m for m in archive.meetings if (s := appeal_state(m, today)) is not None and s.running]
    return sorted(on_board, key=lambda m: (m.anslag, m.date, m.body_slug, m.slug), reverse=True)
