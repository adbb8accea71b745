"""Each seed's facts, as a citizen reads them on its page.

Two checks: a hand-made checklist per seed (tests/seed_facts/*.yml: names, decisions, dates,
amounts copied from the original document), and a sweep over the model of every seed, so that
no participant, item, decision, action or attachment in content/ is missing from the page.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import REPO, visible_text
from generator.load.config import load_config
from generator.build.pipeline import check

FACT_FILES = sorted((REPO / "tests" / "seed_facts").glob("*.yml"))


def test_there_is_a_checklist_for_each_of_the_five_seeds():
    assert [p.stem for p in FACT_FILES] == ["000", "001", "002", "003", "004"]


@pytest.mark.parametrize("fact_file", FACT_FILES, ids=lambda p: p.stem)
def test_checklist_facts_are_on_the_page(fact_file: Path, seed_site: Path):
    checklist = yaml.safe_load(fact_file.read_text(encoding="utf-8"))
    text = visible_text((seed_site / checklist["page"]).read_text(encoding="utf-8"))
    missing = [fact for fact in checklist["facts"] if " ".join(str(fact).split()) not in text]
    assert len(checklist["facts"]) >= 40
    assert not missing, f"{checklist['page']} lacks: {missing}"


@pytest.fixture(scope="module")
def archive():
    report = check(load_config(REPO))
    assert not report.errors, [p.format() for p in report.errors]
    return report.archive


def test_all_five_meetings_and_three_bodies_are_published(archive):
    assert len(archive.meetings) == 5
    assert {b.organisation for b in archive.bodies} == {
        "Umeåregionen", "Skåne Nordväst", "Kommunförbundet Jämtlands län"}


def test_every_modelled_fact_of_every_meeting_is_on_its_page(archive, seed_site: Path):
    for meeting in archive.meetings:
        text = visible_text((seed_site / meeting.url).read_text(encoding="utf-8"))
        expected = [meeting.date.isoformat(), meeting.place, meeting.start, meeting.end]
        for person in meeting.participants:
            expected += [person.name, person.organisation, person.note]
        for item in meeting.items:
            expected += [item.title, item.number, *item.presenters, *item.attachments]
            for decision in item.decisions:
                expected += [" ".join(decision.text.split()[:8])]
                expected += list(decision.clauses)
            for action in item.actions:
                expected += [" ".join(action.text.split()[:8]), *action.responsible]
                if action.due:
                    expected.append(action.due.isoformat())
            for redaction in item.redactions:
                expected.append(redaction.ground)
        missing = [e for e in expected if e and " ".join(e.split()) not in text]
        assert not missing, f"{meeting.url} lacks {missing}"


def test_seed_000_actions_repeated_per_person_became_one_action_with_all_responsible(archive):
    meeting = next(m for m in archive.meetings if m.date.isoformat() == "2017-08-17")
    travel = [a for i in meeting.items for a in i.actions if a.text.startswith("Boka resa till Stockholm")]
    assert len(travel) == 1
    assert travel[0].due.isoformat() == "2017-08-30"
    assert set(travel[0].responsible) == {"Håkan Wretling", "Johan Tegnhed", "Jonas Jonsson", "Karin Ahnqvist",
                                          "Karolina Johansson", "Magnus Haglund", "Per-Eric Magnusson"}
    sign = [a for i in meeting.items for a in i.actions if a.text.startswith("Förbered för att vid regionrådsmötet")]
    assert len(sign) == 1 and len(sign[0].responsible) == 5


def test_seed_002_redacted_item_is_a_notice_with_its_ground(archive, seed_site: Path):
    meeting = next(m for m in archive.meetings if m.date.isoformat() == "2015-08-19")
    item = next(i for i in meeting.items if i.number == "4")
    assert [r.ground for r in item.redactions] == ["Upphandlingssekretess"]
    html = (seed_site / meeting.url).read_text(encoding="utf-8")
    assert "REDACTED" not in html and "Redacted" not in html
    assert html.count('class="redaction"') == 1


def test_seed_004_att_clauses_are_kept_as_clauses(archive):
    meeting = next(m for m in archive.meetings if m.date.isoformat() == "2015-06-12")
    first = meeting.items[0].decisions[0]
    assert first.clauses[0].startswith("att anta projektplanen")
    assert first.clauses[-1].startswith("samt att följa upp")
