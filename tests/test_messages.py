"""The command line speaks the site's language: problems, hints and summaries, with the plural
forms of the language (never '1 warning(s)')."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
import yaml

from conftest import REPO
from generator.common.messages import CATALOGUES, translate

BROKEN = """\
---
body: testgruppen
date: 2020-02-01
kind: protokol
status: ojusterat
---

## 1. Budget
"""

WARNED = """\
---
body: testgruppen
date: 2020-02-01
kind: protokoll
status: ojusterat
---

## 1. Budget

Presenter: Anna Andersson

### Beslt

Budgeten antas.
"""


def _run(project, command: str, language: str | None = None):
    if language:
        (project.root / "minutes.yml").write_text(f"title: T\nlanguage: {language}\n", encoding="utf-8")
    env = {k: v for k, v in __import__("os").environ.items() if k != "MINUTES_MESSAGES_LANGUAGE"}
    return subprocess.run([sys.executable, "-m", "generator", "--project", str(project.root), command],
                          capture_output=True, text=True, cwd=REPO, env=env)


def test_swedish_site_gets_swedish_problems_and_plurals(project):
    project.with_sample()
    project.write("testgruppen/2020-02-01.md", BROKEN)
    result = _run(project, "build")
    assert result.returncode == 1
    assert ("content/testgruppen/2020-02-01.md:4: 'kind' är 'protokol', som inte är ett känt värde. "
            "Menade du 'protokoll'?") in result.stderr
    assert "bygget misslyckades: 1 fel i 1 fil; output/ ändrades inte." in result.stderr


def test_warnings_are_counted_with_the_languages_plural(project):
    project.with_sample()
    project.write("testgruppen/2020-02-01.md", WARNED)
    swedish = _run(project, "check")
    assert swedish.returncode == 0, swedish.stderr
    assert "kontrollen godkänd: 2 möten, 2 varningar." in swedish.stdout
    assert ":10: varning: 'Presenter:' är inte en känd ärenderad. 'Presenter' är engelska" in swedish.stderr
    english = _run(project, "check", language="en")
    assert "check passed: 2 meetings, 2 warnings." in english.stdout
    assert "warning(s)" not in english.stdout
    project.write("testgruppen/2020-02-01.md", WARNED.replace("### Beslt", "### Beslut"))
    one = _run(project, "check", language="en")
    assert "check passed: 2 meetings, 1 warning." in one.stdout
    assert "1 varning." in _run(project, "check", language="sv").stdout


@pytest.mark.parametrize("path", sorted(CATALOGUES.glob("*.yml")), ids=lambda p: p.stem)
def test_each_translation_keeps_its_placeholders(path):
    for english, translated in yaml.safe_load(path.read_text(encoding="utf-8")).items():
        assert sorted(re.findall(r"\{(\w+)\}", english)) == sorted(re.findall(r"\{(\w+)\}", translated)), english


def test_hints_of_several_sentences_are_translated_one_by_one():
    hint = "Did you mean 'sv'? A language is a file generator/locales/sw.yml."
    assert translate(hint, "sv") == "Menade du 'sv'? Ett språk är en fil generator/locales/sw.yml."
    assert translate("an entirely new message.", "sv") == "an entirely new message."


def test_the_most_literal_entry_wins():
    assert translate("unknown key 'base_ulr'.", "sv") == "okänd nyckel 'base_ulr'."
    assert translate("unknown key 'accessibility.x'.", "sv") == "okänd nyckel 'accessibility.x'."
    assert translate("unknown Ärendetyp 'x'.", "sv") == "okänd Ärendetyp 'x'."


def test_a_broken_minutes_yml_is_reported_in_its_language(project):
    (project.root / "minutes.yml").write_text("title: X\nlanguage: sv\nbase_ulr: https://x/\n", encoding="utf-8")
    result = _run(project, "build")
    assert result.returncode == 1
    assert "minutes.yml:3: okänd nyckel 'base_ulr'. Menade du 'base_url'?" in result.stderr



def _chaired_by(day: str, chair: str) -> str:
    return (f"---\nbody: testgruppen\ndate: {day}\nkind: protokoll\nstatus: ojusterat\nparticipants:\n"
            f"  - name: {chair}\n    role: ordförande\n---\n\n## 1. Budget\n\nBudgeten antas.\n")


def test_a_near_miss_name_and_its_repeats_are_told_in_swedish(project):
    project.with_sample()
    for day, chair in (("2020-02-01", "Magnus Haglund"), ("2020-03-01", "Magnus Haglund"),
                       ("2020-03-15", "Magnus Haglund"), ("2020-04-01", "Magnus Hagglund"),
                       ("2020-05-01", "Magnus Hagglund")):
        project.write(f"testgruppen/{day}.md", _chaired_by(day, chair))
    result = _run(project, "check")
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "Hagglund" in line or "detsamma" in line]
    assert lines[0] == ("content/testgruppen/2020-04-01.md:7: varning: 'Magnus Hagglund' liknar 'Magnus Haglund' "
                        "(skrivet så vid 3 möten). Skriv 'Magnus Haglund' om det är samma person; är det två "
                        "personer, lägg till båda i content/people.yml.")
    assert lines[1] == "  … detsamma på 1 ställe till: content/testgruppen/2020-05-01.md:7 (--every-place visar varje)"
