"""An archive written in English, in plain English keywords (tests/fixtures/english_archive):
presenters, decisions and actions reach the registers, the interface, the messages and the
accessibility statement are English, and no Swedish word shows on any page."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO
from generator.build.pipeline import build
from generator.common.paths import site_paths
from generator.load.config import load_config
from generator.load.vocabulary import vocabulary
from test_accessibility import swedish_interface_strings

FIXTURE = REPO / "tests" / "fixtures" / "english_archive"
PATHS = site_paths("en")


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("english") / "archive"
    shutil.copytree(FIXTURE, root)
    report = build(load_config(root), jobs=1)
    assert [p for p in report.problems] == []
    return root


def _pages(root: Path) -> list[Path]:
    return sorted((root / "output").rglob("*.html"))


def _visible(page: Path) -> str:
    """What a reader sees or a screen reader says: text, and the labelling attributes."""
    text = re.sub(r"<script.*?</script>|<style.*?</style>", " ", page.read_text(encoding="utf-8"), flags=re.S)
    labels = " ".join(re.findall(r'(?:aria-label|title|alt|placeholder|data-status-\w+|data-[\w-]*text[\w-]*)="([^"]*)"', text))
    visible = html.unescape(re.sub(r"<[^>]+>", " ", text) + " " + labels).replace("\u00ad", "")  # soft hyphens
    return re.sub(r"\s+", " ", visible)


def _swedish_words() -> set[str]:
    words = set(swedish_interface_strings())
    swedish = vocabulary("sv")
    for group in swedish.terms.values():
        for word in group:
            words |= {word, word.capitalize()}
    return words - {"Start", "Register"}  # English words too


def test_no_swedish_word_on_any_page(archive):
    words = sorted(_swedish_words(), key=len, reverse=True)
    assert "Föredragande" in words and "Beslut" in words and "justerat" in words
    found = []
    for page in _pages(archive):
        text = _visible(page)
        assert '<html lang="en"' in page.read_text(encoding="utf-8")
        found += [f"{page.relative_to(archive / 'output')}: {word!r}" for word in words
                  if re.search(r"(?<![\w-])" + re.escape(word) + r"(?![\w-])", text)]
    assert not found, "\n".join(found)


def test_presenters_decisions_and_actions_reach_the_registers(archive):
    out = archive / "output"
    meeting = _visible(out / "planning" / "2024-08-08.html")
    assert "Presented by Erin Evans" in meeting
    assert "Attachments Cycle lane plan" in meeting
    assert "Chair Alice Archer" in meeting and "Ben Baker (minutes checker)" in meeting
    assert "Guests Erin Evans" in meeting
    assert "Publish the plan for consultation" in meeting  # the action table under the decision
    decisions = " ".join(_visible(p) for p in (out / PATHS.decisions).rglob("*.html"))
    for decision in ("approves the cycle lane plan", "starts the review of the local plan",
                     "recommends the draft budget"):
        assert decision in decisions
    actions = " ".join(_visible(p) for p in (out / PATHS.actions).rglob("*.html"))
    for action in ("Publish the plan for consultation", "Report on parking", "Draft a timetable"):
        assert action in actions
    person = " ".join(_visible(p) for p in (out / PATHS.people).rglob("*.html") if "erin" in p.as_posix())
    assert "Cycle lanes on High Street" in person  # the item she presented


def test_statuses_and_the_final_minutes(archive):
    out = archive / "output"
    assert "Approved" in _visible(out / "planning" / "2024-08-08.html")
    assert "Not yet approved" in _visible(out / "planning" / "2024-09-05.html")
    final = _visible(out / "finance" / "2024-07-01.html")
    assert "Final" in final and "this body has no approval step" in final
    assert "Approved" not in final and "approved (adjusted)" not in final


def test_english_mentions_link_between_meetings(archive):
    page = (archive / "output" / "planning" / "2024-09-05.html").read_text(encoding="utf-8")
    assert page.count('class="meeting-ref" href="../planning/2024-08-08.html"') == 2


def test_statement_is_the_eu_model_in_english(archive):
    statement = _visible(archive / "output" / PATHS.statement_page)
    assert "Directive (EU) 2016/2102" in statement and "National Accessibility Office" in statement
    assert "Digg" not in statement and "DOS" not in statement


def test_messages_are_english_and_name_the_english_keyword(archive, tmp_path):
    root = tmp_path / "broken"
    shutil.copytree(FIXTURE, root)
    meeting = root / "content" / "planning" / "2024-09-05.md"
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("### Conclusion", "### Beslut")
                       .replace("Presenter: Alice Archer", "Föredragande: Alice Archer"), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "MINUTES_MESSAGES_LANGUAGE"}
    result = subprocess.run([sys.executable, "-m", "generator", "--project", str(root), "check"],
                            capture_output=True, text=True, cwd=REPO, env=env)
    assert result.returncode == 0, result.stderr
    assert "check passed: 3 meetings, 2 warnings." in result.stdout
    assert ("content/planning/2024-09-05.md:20: warning: 'Föredragande:' is not a known item line. "
            "'Föredragande' is Swedish; this archive's minutes are in English (en): write 'Presenter'.") in result.stderr
    assert ("content/planning/2024-09-05.md:26: warning: the heading 'Beslut' is not read as a section of its own. "
            "'Beslut' is Swedish; this archive's minutes are in English (en): write 'Decision'.") in result.stderr


def test_open_data_of_an_english_archive_validates_against_the_schema(archive):
    import json

    import jsonschema

    schema = json.loads((REPO / "docs" / "data-schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    data = json.loads((archive / "output" / PATHS.archive_json).read_text(encoding="utf-8"))
    validator.validate(data)
    statuses = {m["id"]: m["minutes"]["status"] for m in data["meetings"]}
    # The data carries the generator's own names for the keywords, whatever the minutes' language.
    assert statuses == {"finance/2024-07-01": "slutligt", "planning/2024-08-08": "justerat",
                        "planning/2024-09-05": "ojusterat"}


def test_a_two_word_mention_is_linked_whole(archive):
    page = (archive / "output" / "planning" / "2024-09-05.html").read_text(encoding="utf-8")
    assert '<a class="meeting-ref" href="../planning/2024-08-08.html">Meeting Agenda 2024-08-08</a>' in page


def test_no_part_of_a_page_is_marked_as_swedish(archive):
    # Swedish examples or content would be marked lang="sv" (and so escape the word check above).
    marked = [page.relative_to(archive / "output").as_posix() for page in _pages(archive)
              if 'lang="sv"' in page.read_text(encoding="utf-8")]
    assert marked == []
    help_text = (archive / "output" / "search.html").read_text(encoding="utf-8")
    assert "<i>decision</i> also finds <i>decisions</i>" in help_text
