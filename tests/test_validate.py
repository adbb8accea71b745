"""`minutes check` on broken files: each names the file and line, says what is wrong and how to fix it."""

import pytest

from generator.build.pipeline import check


def problems_of(project, meeting_text: str, name: str = "2020-01-15.md"):
    project.with_sample()
    project.write(f"testgruppen/{name}", meeting_text)
    return [p for p in check(project.config).problems if p.is_error]


def meeting(**overrides: str) -> str:
    fields = {"body": "testgruppen", "date": "2020-01-15", "kind": "protokoll", "status": "justerat"}
    fields.update(overrides)
    lines = [f"{k}: {v}" for k, v in fields.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n## 1. Öppnande\n"


def test_valid_sample_has_no_problems(project):
    project.with_sample()
    assert check(project.config).problems == []


def test_unknown_key_has_line_and_did_you_mean(project):
    [problem] = problems_of(project, meeting(plats="Stadshuset"))
    assert problem.location.line == 6
    assert "unknown key 'plats'" in problem.message and "Did you mean 'place'" in problem.hint


@pytest.mark.parametrize("value, words", [
    ("15 jan 2020", "YYYY-MM-DD"),
    ("2017-02-30", "not a real date"),
])
def test_bad_dates(project, value, words):
    problems = problems_of(project, meeting(date=f'"{value}"'))
    assert any(words in p.message and p.location.line == 3 for p in problems), problems


def test_missing_field(project):
    [problem] = problems_of(project, meeting(kind=None))
    assert "'kind' is missing" in problem.message


def test_unknown_role_suggests_the_closest(project):
    text = meeting().replace("status: justerat\n", "status: justerat\nparticipants:\n  - name: A\n    role: ordforande\n")
    [problem] = problems_of(project, text)
    assert problem.location.line == 8 and "Did you mean 'ordförande'" in problem.hint


def test_unknown_body(project):
    problems = problems_of(project, meeting(body="okand"), name="../okand/2020-01-15.md")
    assert any("unknown body 'okand'" in p.message for p in problems)


def test_yaml_error_names_the_file_line(project):
    [problem] = problems_of(project, "---\nbody: testgruppen\ndate: [2020\nkind: protokoll\n---\n")
    assert problem.location.path == "content/testgruppen/2020-01-15.md"
    assert problem.location.line in (3, 4, 5)


def test_tab_in_yaml(project):
    [problem] = problems_of(project, "---\nbody: testgruppen\nparticipants:\n\t- name: A\n---\n")
    assert problem.location.line == 4 and "tab" in problem.message


def test_time_range_reversed(project):
    [problem] = problems_of(project, meeting(start='"12:00"', end='"09:00"'))
    assert "ends" in problem.message and problem.location.line == 7


def test_unquoted_times_are_read_as_times_not_numbers(project):
    assert problems_of(project, meeting(start="08:30", end="12:00")) == []


def test_duplicate_meeting_same_body_and_date(project):
    project.with_sample()
    project.write("testgruppen/extra.md", meeting())
    problems = [p for p in check(project.config).problems if p.is_error]
    assert any("duplicate meeting" in p.message and "2020-01-15-2.md" in p.hint for p in problems)


def test_duplicate_key(project):
    [problem] = problems_of(project, meeting() .replace("kind: protokoll", "kind: protokoll\nkind: protokoll"))
    assert "appears twice" in problem.message and problem.location.line == 5


def test_empty_file_front_matter_only_and_no_front_matter(project):
    assert any("no front matter" in p.message for p in problems_of(project, ""))
    assert any("no front matter" in p.message for p in problems_of(project, "## 1. X\n"))
    only = problems_of(project, meeting().split("## 1.")[0])
    assert only == []  # front matter only: a meeting without items is valid


def test_duplicate_item_numbers_name_both_lines(project):
    # Real minutes repeat a number by mistake: the page is published as written, with a warning.
    project.with_sample()
    project.write("testgruppen/2020-01-15.md", meeting() + "\n## 1. Igen\n")
    [problem] = [p for p in check(project.config).problems if p.location.path.endswith("2020-01-15.md")]
    assert not problem.is_error
    assert problem.location.line == 10 and "line 8" in problem.message


def test_bad_action_date_names_the_row(project):
    text = meeting() + "\n| Åtgärd | Slutdatum | Ansvarig |\n| --- | --- | --- |\n| Gör | snart | A |\n"
    [problem] = problems_of(project, text)
    assert problem.location.line == 12 and "'snart'" in problem.message


@pytest.mark.parametrize("written", ["8.30", "8:30", "08.30", "0830", '"0830"', "830"])
def test_times_in_the_forms_minutes_use_are_understood(project, written):
    project.with_sample()
    project.write("testgruppen/2020-01-15.md", meeting(start=written, end="11.00"))
    report = check(project.config)
    assert [p for p in report.problems if p.is_error] == []
    [held] = [m for m in report.archive.meetings if m.date.isoformat() == "2020-01-15"]
    assert (held.start, held.end) == ("08:30", "11:00")


def test_a_time_that_is_none_lists_the_accepted_forms_as_written(project):
    [problem] = problems_of(project, meeting(start="25.30"))
    assert problem.location.line == 6
    assert "got '25.30'" in problem.message
    assert "08:30" in problem.hint and "8.30" in problem.hint and "0830" in problem.hint


def test_a_yaml_slip_is_reported_at_its_own_line(project):
    text = meeting(participants="").replace("participants: \n", "participants:\n  - name: Bo Berg\n    role: ledamot\n"
                                            "  - name Eva Eriksson\n    role: ledamot\n")
    [problem] = problems_of(project, text)
    lines = text.splitlines()
    assert lines[problem.location.line - 1] == "  - name Eva Eriksson", problem.format()
