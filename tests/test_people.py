"""Near-miss names (model/people.py): a name one or two letters off a registered spelling, a
body's member or a spelling more meetings write is warned with file:line and the name to write."""

from __future__ import annotations

from generator.build.pipeline import build, check
from generator.model.people import close_spellings, is_slip

BODY = """\
---
name: Kommunchefsgruppen
organisation: Umeåregionen
members:
  - name: Magnus Haglund
    role: ordförande
---
"""

MEETING = """\
---
body: kc
date: {date}
kind: protokoll
status: justerat
participants:
  - name: {chair}
    role: ordförande
  - name: {member}
    role: ledamot
---

## 1. Budget

| Åtgärd | Slutdatum | Ansvarig |
| --- | --- | --- |
| Skriv plan | 2020-03-01 | {responsible} |
"""


def write(project, date: str, chair: str = "Magnus Haglund", member: str = "Jonas Jonsson",
          responsible: str = "Jonas Jonsson") -> None:
    project.write(f"kc/{date}.md", MEETING.format(date=date, chair=chair, member=member, responsible=responsible))


def near_misses(project) -> list[str]:
    return [p.format() for p in check(project.config).problems if "looks like" in p.message]


def test_a_participant_off_the_bodys_chair_is_warned_with_the_chairs_name(project):
    project.write("kc/_body.md", BODY)
    write(project, "2020-01-15", chair="Magnus Hagglund")
    found = near_misses(project)
    assert found == ["content/kc/2020-01-15.md:7: warning: 'Magnus Hagglund' looks like 'Magnus Haglund' "
                     "(a member of Kommunchefsgruppen). Write 'Magnus Haglund' if it is the same person; if "
                     "they are two people, add both to content/people.yml."]


def test_a_name_not_in_people_yml_is_compared_with_the_names_other_meetings_write(project):
    project.write("kc/_body.md", BODY)
    write(project, "2020-01-15")
    write(project, "2020-02-15")
    write(project, "2020-03-15", member="Jonas Jonson", responsible="Jonas Jonson")
    found = near_misses(project)
    assert [line.split(": warning")[0] for line in found] == ["content/kc/2020-03-15.md:9", "content/kc/2020-03-15.md:17"]
    assert all("'Jonas Jonson' looks like 'Jonas Jonsson' (written so at 2 meetings)" in line for line in found)


def test_two_spellings_written_equally_often_are_both_pointed_out(project):
    project.write("kc/_body.md", BODY)
    write(project, "2020-01-15", member="Jonas Jonsson", responsible="Bo Berg")
    write(project, "2020-02-15", member="Jonas Jonson", responsible="Bo Berg")
    found = near_misses(project)
    assert len(found) == 2
    assert "'Jonas Jonsson' looks like 'Jonas Jonson'" in found[0] and "'Jonas Jonson' looks like 'Jonas Jonsson'" in found[1]


def test_the_registry_silences_two_people_with_close_names(project):
    project.write("kc/_body.md", BODY)
    project.write("people.yml", "- name: Jonas Jonsson\n- name: Jonas Jonson\n")
    write(project, "2020-01-15")
    write(project, "2020-02-15", member="Jonas Jonson", responsible="Jonas Jonson")
    assert near_misses(project) == []


def test_two_letters_off_in_a_short_word_is_another_name():
    assert not is_slip("tomas jonsson", "jonas jonsson", 2)
    assert is_slip("jonas jonson", "jonas jonsson", 1)
    assert is_slip("inga-lil nordström", "inga-lill nordstrom", 2)
    assert is_slip("lisa andersson lindbergh", "lisa andersson lindberg", 1)
    assert close_spellings(["per ek"], ["pia ek", "per eke"]) == {"per ek": [("per eke", 1)]}


def test_the_check_has_its_own_stage_in_the_timings(project):
    project.write("kc/_body.md", BODY)
    write(project, "2020-01-15", chair="Magnus Hagglund")
    assert "names" in check(project.config).timings
    report = build(project.config)
    assert list(report.timings).index("names") < list(report.timings).index("render")
    assert "names" in report.summary()


def _check_lines(project, *options: str) -> list[str]:
    import os
    import subprocess
    import sys

    from conftest import REPO

    (project.root / "minutes.yml").write_text("title: T\nlanguage: en\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "MINUTES_MESSAGES_LANGUAGE"}
    result = subprocess.run([sys.executable, "-m", "generator", "--project", str(project.root), "check", *options],
                            capture_output=True, text=True, cwd=REPO, env=env)
    assert result.returncode == 0, result.stderr
    return result.stderr.splitlines()


def test_a_slip_repeated_at_many_meetings_is_one_warning_with_its_other_places(project):
    project.write("kc/_body.md", BODY)
    for month in range(1, 9):
        write(project, f"2020-{month:02d}-15", chair="Magnus Hagglund")
    lines = _check_lines(project)
    assert len(lines) == 2, lines
    assert lines[0].startswith("content/kc/2020-01-15.md:7: warning: 'Magnus Hagglund' looks like 'Magnus Haglund'")
    others = [f"content/kc/2020-{month:02d}-15.md:7" for month in range(2, 7)]
    assert lines[1] == f"  … the same at 7 more places: {', '.join(others)} and 2 more (--every-place lists each)"
    every = _check_lines(project, "--every-place")
    assert [line.split(": warning")[0] for line in every] == [f"content/kc/2020-{m:02d}-15.md:7" for m in range(1, 9)]


def test_different_slips_keep_their_own_lines_and_order(project):
    project.write("kc/_body.md", BODY)
    write(project, "2020-01-15", chair="Magnus Hagglund")
    write(project, "2020-02-15", chair="Magnus Hagglund")
    write(project, "2020-03-15", chair="Magnus Haglunds")
    lines = _check_lines(project)
    assert [line.split(": warning")[0] for line in lines[::2]] == ["content/kc/2020-01-15.md:7", "content/kc/2020-03-15.md:7"]
    assert lines[1] == "  … the same at 1 more place: content/kc/2020-02-15.md:7 (--every-place lists each)"
    assert "'Magnus Haglunds' looks like 'Magnus Haglund'" in lines[2]


def test_the_line_finder_counts_lines_as_str_splitlines_does(tmp_path):
    """A front matter name's line: the first line from `start` on that holds it, or `start`."""
    from generator.model.people import _LineFinder

    (tmp_path / "a.md").write_text("one\rtwo Anna\u2028three Bo\r\nfour Cia\nfive Anna\n", encoding="utf-8")
    finder = _LineFinder(tmp_path)
    expected = {("Anna", 1): 2, ("Anna", 3): 5, ("Bo", 1): 3, ("Cia", 2): 4, ("Cia", 6): 6, ("Anna", 40): 40,
                ("Nobody", 2): 2, ("Anna", None): 2}
    found = {(name, start): finder.line("a.md", name, start) for name, start in expected}
    lines = (tmp_path / "a.md").read_text(encoding="utf-8").splitlines()
    assert found == expected
    assert all(expected[name, start] == start or name in lines[expected[name, start] - 1] for name, start in expected)
    assert finder.line("missing.md", "Anna", 7) == 7


def test_a_names_line_is_the_line_splitlines_would_give(tmp_path):
    """The near-miss warnings name the line of a name in its file: the first line from the
    item's on that holds it, as str.splitlines() counts them, whatever breaks the lines."""
    import random

    from generator.model.people import _LineFinder

    def reference(text: str, name: str, start: int | None) -> int | None:
        lines = text.splitlines()
        for index in range(max((start or 1) - 1, 0), len(lines)):
            if name in lines[index]:
                return index + 1
        return start

    pieces = ["Anna", "Bo", " ", "\n", "\n\n", "\r\n", "\u2028", "x", "Anna Bo", "\x0c", "å"]
    rng = random.Random(3)
    for case in range(3000):
        text = "".join(rng.choice(pieces[:6] if rng.random() < 0.7 else pieces) for _ in range(rng.randint(0, 12)))
        (tmp_path / f"{case}.md").write_text(text, encoding="utf-8", newline="")
        read = (tmp_path / f"{case}.md").read_text(encoding="utf-8-sig")
        finder = _LineFinder(tmp_path)
        for _ in range(4):  # a meeting's names one after another, mostly in the order of their lines
            name, start = rng.choice(["Anna", "Bo", "", "Anna Bo", "x\nA", "å"]), rng.choice([None, 0, 1, 2, 3, 5])
            assert finder.line(f"{case}.md", name, start) == reference(read, name, start), repr(text)
