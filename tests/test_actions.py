"""Action tables (model/actions.py): the header read by name in any order, slips recognised with a
did-you-mean, and never an action silently left out of the registers."""

from __future__ import annotations

import pytest

from generator.build.pipeline import check
from generator.load.vocabulary import vocabulary
from generator.model.actions import ActionHeader, NotActions, read_action_header

SWEDISH = vocabulary("sv")

MEETING = """\
---
body: testgruppen
date: 2020-03-01
kind: protokoll
status: justerat
---

## 1. Plan

{header}
| --- | --- | --- |
| Skriv plan | 2020-04-01 | Bo Berg |
"""


def actions_and_problems(project, header: str):
    project.with_sample()
    project.write("testgruppen/2020-03-01.md", MEETING.format(header=header))
    report = check(project.config)
    problems = [p for p in report.problems if p.location.path.endswith("2020-03-01.md")]
    if report.archive is None:
        return None, problems
    [meeting] = [m for m in report.archive.meetings if m.date.isoformat() == "2020-03-01"]
    return [(a.text, a.due and a.due.isoformat(), a.responsible) for item in meeting.items for a in item.actions], problems


PLAN = [("Skriv plan", "2020-04-01", ("Bo Berg",))]


def test_the_usual_header_gives_the_action_and_no_problem(project):
    assert actions_and_problems(project, "| Åtgärd | Slutdatum | Ansvarig |") == (PLAN, [])


def test_columns_in_another_order_are_read_by_name(project):
    text = MEETING.format(header="| Ansvarig | Åtgärd | Slutdatum |").replace(
        "| Skriv plan | 2020-04-01 | Bo Berg |", "| Bo Berg | Skriv plan | 2020-04-01 |")
    project.with_sample()
    project.write("testgruppen/2020-03-01.md", text)
    report = check(project.config)
    [meeting] = [m for m in report.archive.meetings if m.date.isoformat() == "2020-03-01"]
    [action] = meeting.items[0].actions
    assert (action.text, action.due.isoformat(), action.responsible) == PLAN[0]
    assert [p for p in report.problems if p.location.path.endswith("2020-03-01.md")] == []


@pytest.mark.parametrize("header, written, meant", [
    ("| Åtgärd | Slutdaum | Ansvarig |", "Slutdaum", "Slutdatum"),
    ("| Åtgärd | Slutdatum | Ansvarg |", "Ansvarg", "Ansvarig"),
    ("| Åtgärdder | Slutdatum | Ansvarig |", "Åtgärdder", "Åtgärd"),
])
def test_a_misspelled_header_keeps_the_action_and_says_what_to_write(project, header, written, meant):
    actions, problems = actions_and_problems(project, header)
    assert actions == PLAN
    [problem] = problems
    assert not problem.is_error and problem.location.line == 10
    assert f"'{written}' is read as '{meant}'" in problem.message and f"Did you mean '{meant}'?" in problem.hint


def test_swapped_header_cells_over_the_data_are_caught_by_the_date(project):
    actions, problems = actions_and_problems(project, "| Åtgärd | Ansvarig | Slutdatum |")
    assert actions is None
    assert any(p.is_error and "'Bo Berg' is not a date" in p.message and p.location.line == 12 for p in problems)


def test_an_action_table_without_the_action_column_is_an_error(project):
    actions, problems = actions_and_problems(project, "| Uppgift | Slutdatum | Ansvarig |")
    assert actions is None
    assert any(p.is_error and "no Åtgärd column" in p.message and "| Åtgärd | Slutdatum | Ansvarig" in p.hint
               for p in problems)


def test_a_column_no_register_shows_is_warned(project):
    text = MEETING.format(header="| Åtgärd | Slutdatum | Ansvarig | Kommentar |").replace(
        "| --- | --- | --- |", "| --- | --- | --- | --- |").replace("Bo Berg |", "Bo Berg | Brådskande |")
    project.with_sample()
    project.write("testgruppen/2020-03-01.md", text)
    problems = [p for p in check(project.config).problems if p.location.path.endswith("2020-03-01.md")]
    assert [p.message for p in problems] == ["the action table's column 'Kommentar' is no action column: "
                                             "its cells are not published."]


def test_a_table_that_only_starts_with_atgard_stays_a_table_with_a_warning(project):
    actions, problems = actions_and_problems(project, "| Åtgärd | Datum | Vem |")
    assert actions == []
    [problem] = problems
    assert not problem.is_error and "not read as actions" in problem.message and "'Datum', 'Vem'" in problem.message


def test_other_tables_are_no_action_tables():
    assert read_action_header(["Kommun", "Beslutsdatum"], SWEDISH) is None
    assert read_action_header(["Kommun", "Antal"], SWEDISH) is None
    assert isinstance(read_action_header(["ÅTGÄRDER", "SLUTDATUM", "ANSVARIG"], SWEDISH), ActionHeader)
    assert isinstance(read_action_header(["Åtgärd", "Kostnad"], SWEDISH), NotActions)
