"""`minutes check` for the registers: near-miss names, attachments (copied, linked, missing, climbing
out of content/), and body folders that would take the registers' own folders."""

from __future__ import annotations

import textwrap

import pytest

from generator.cli import main
from generator.build.pipeline import check

PEOPLE = """\
- name: Inga-Lill Nordström
  aliases: [Inga-Lill Norström]
- name: Lisa Andersson Lindberg
  aliases: [Lisa A L]
"""

MEETING = """\
---
body: testgruppen
date: 2020-02-01
kind: protokoll
status: justerat
participants:
  - name: Anna Andersson
    role: ordförande
  - name: Lisa Anderson Lindberg
    role: sekreterare
---

## 1. Integration

Föredragande: Inga-Lill Nordstrom; Inga-Lill Norström
Bilagor: Plan.pdf; Saknas

| Åtgärd | Slutdatum | Ansvarig |
| --- | --- | --- |
| Skriv plan | 2020-03-01 | Lisa A L; Inga-Lil Nordström |
"""


def warnings(project) -> list:
    return [p for p in check(project.config).problems if not p.is_error]


def test_near_miss_names_are_warned_with_file_and_line(project):
    project.with_sample()
    project.write("people.yml", PEOPLE)
    project.write("testgruppen/2020-02-01.md", MEETING)
    found = [(p.location.path, p.location.line, p.message) for p in warnings(project) if "looks like" in p.message]
    rel = "content/testgruppen/2020-02-01.md"
    assert [(path, line) for path, line, _ in found] == [(rel, 9), (rel, 15), (rel, 20)]
    messages = " ".join(m for _, _, m in found)
    assert "'Lisa Anderson Lindberg' looks like 'Lisa Andersson Lindberg'" in messages
    assert "'Inga-Lill Nordstrom' looks like" in messages and "'Inga-Lil Nordström' looks like" in messages
    assert "'Inga-Lill Norström'" not in messages and "'Lisa A L'" not in messages  # registered aliases
    assert all(not p.is_error for p in check(project.config).problems)


def test_check_command_prints_the_warning_and_passes(project, capsys):
    project.with_sample()
    project.write("people.yml", PEOPLE)
    project.write("testgruppen/2020-02-01.md", MEETING)
    assert main(["--project", str(project.root), "check"]) == 0
    err = capsys.readouterr().err
    assert "content/testgruppen/2020-02-01.md:15: warning: 'Inga-Lill Nordstrom' looks like 'Inga-Lill Nordström'" in err


def test_the_seeds_have_no_near_miss_warnings():
    from conftest import REPO
    from generator.load.config import load_config

    report = check(load_config(REPO))
    assert [p for p in report.problems if "looks like" in p.message] == []


def test_attachments_are_copied_linked_and_missing_ones_warned(project):
    project.with_sample()
    project.write("testgruppen/2020-01-15/bilagor/Budget 2020.pdf", b"%PDF-1.4 budget")
    project.write("testgruppen/2020-01-15/bilagor/Oomnämnd.txt", b"not named by any item")
    project.write("testgruppen/2020-02-01.md", MEETING)
    project.write("testgruppen/2020-02-01/bilagor/plan.PDF", b"%PDF-1.4 plan")
    problems = warnings(project)
    missing = [p for p in problems if "is not in" in p.message]
    assert [(p.location.path, p.location.line) for p in missing] == [("content/testgruppen/2020-02-01.md", 16)]
    assert "'Saknas'" in missing[0].message and "shown without a link" in missing[0].message
    unnamed = [p for p in problems if "no item" in p.message]
    assert [p.location.path for p in unnamed] == ["content/testgruppen/2020-01-15/bilagor/Oomnämnd.txt"]

    project.build()
    out = project.output
    assert (out / "testgruppen/2020-01-15/bilagor/Budget 2020.pdf").read_bytes() == b"%PDF-1.4 budget"
    page = (out / "testgruppen/2020-01-15.html").read_text(encoding="utf-8")
    assert '<a class="attachment__link" href="../testgruppen/2020-01-15/bilagor/Budget%202020.pdf">Budget 2020.pdf</a>' in page
    other = (out / "testgruppen/2020-02-01.html").read_text(encoding="utf-8")
    assert 'href="../testgruppen/2020-02-01/bilagor/plan.PDF">Plan.pdf</a>' in other  # matched by name, any case
    assert '<dd class="attachment">Saknas</dd>' in other  # absent: shown, not linked


def test_no_attachment_folder_means_no_attachment_warnings(project):
    project.with_sample()  # names 'Budget 2020.pdf' but publishes no attachments
    assert warnings(project) == []


def test_a_drafts_attachments_never_reach_the_site(project):
    project.with_sample()
    project.write("testgruppen/2020-03-01.md", textwrap.dedent("""\
        ---
        body: testgruppen
        date: 2020-03-01
        kind: protokoll
        status: utkast
        ---

        ## 1. Hemligt

        Bilagor: Utkast.pdf
        """))
    project.write("testgruppen/2020-03-01/bilagor/Utkast.pdf", b"draft")
    project.build()
    assert not list(project.output.rglob("Utkast.pdf"))


def test_an_attachment_name_climbing_out_of_content_is_an_error(project):
    project.with_sample()
    project.write("testgruppen/2020-02-01.md", MEETING.replace("Plan.pdf; Saknas", "../../../../minutes.yml"))
    project.write("testgruppen/2020-02-01/bilagor/Plan.pdf", b"%PDF-1.4 plan")
    errors = [p for p in check(project.config).problems if p.is_error]
    assert [(p.location.path, p.location.line) for p in errors] == [("content/testgruppen/2020-02-01.md", 16)]
    assert "outside content/" in errors[0].message


@pytest.mark.parametrize("folder", ["personer", "beslut", "atgarder"])
def test_a_body_folder_may_not_take_a_register_folder(project, folder):
    """beslut/ and atgarder/ hold the site-wide registers' year pages."""
    project.with_sample()
    project.write(f"{folder}/_body.md", "---\nname: Personalgruppen\norganisation: Testregionen\n---\n")
    errors = [p for p in check(project.config).problems if p.is_error]
    assert any(p.location.path == f"content/{folder}/_body.md" and "taken by the site's own pages" in p.message
               for p in errors)
