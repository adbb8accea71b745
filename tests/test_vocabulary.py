"""Content keywords per language (generator/vocabularies/): an archive written in English keywords
reads as one written in Swedish ones, per site or per body; a keyword of another language or one
letter off is a warning at its line instead of a silent loss; the final status claims no approval."""

from __future__ import annotations

from generator.build.pipeline import check
from generator.load.vocabulary import TERM_GROUPS, available_vocabularies, vocabulary

ENGLISH_BODY = """\
---
name: Planning Committee
short_name: PC
organisation: Example Council
language: en
members:
  - {name: Alice Archer, role: chair}
  - {name: Ben Baker, role: member}
---
"""

ENGLISH_MEETING = """\
---
body: planning
date: {date}
kind: minutes
status: {status}
participants:
  - {{name: Alice Archer, role: chair}}
  - {{name: Ben Baker, role: secretary}}
  - {{name: Carol Cooper, role: in attendance}}
---

## 1. Cycle lanes

Presenter: Ben Baker
Attachments: Cycle plan

{text}

### Conclusion

The committee approves the cycle plan.

| Action | Due | Responsible |
| --- | --- | --- |
| Order the paint | 2024-09-30 | Ben Baker |
"""


def _english(project, status="final", date="2024-09-05", text="The plan was discussed."):
    project.write("planning/_body.md", ENGLISH_BODY)
    project.write(f"planning/{date}.md", ENGLISH_MEETING.format(date=date, status=status, text=text))


def test_every_vocabulary_names_every_concept():
    for language in available_vocabularies():
        words = vocabulary(language)
        for group, concepts in TERM_GROUPS.items():
            assert set(words.terms[group].values()) == set(concepts), (language, group)


def test_english_keywords_give_presenters_decisions_actions_and_roles(project):
    _english(project)
    report = project.build()
    assert [p for p in report.problems if p.is_error] == []
    meeting = report.archive.meetings[0] if hasattr(report, "archive") and report.archive else None
    page = (project.output / "planning" / "2024-09-05.html").read_text(encoding="utf-8")
    assert "Ben Baker" in page and "Cycle plan" in page
    decisions = "".join(p.read_text(encoding="utf-8") for p in (project.output / "beslut").rglob("*.html"))
    assert "approves the cycle plan" in decisions
    actions = "".join(p.read_text(encoding="utf-8") for p in (project.output / "atgarder").rglob("*.html"))
    assert "Order the paint" in actions
    # 'chair' is the chair, 'in attendance' another participant: the roles of the Swedish minutes
    assert "Ordförande" in page and "Övriga deltagare" in page
    if meeting is not None:
        assert meeting.status == "slutligt"


def test_final_minutes_do_not_claim_approval(project):
    _english(project, status="final")
    project.build()
    page = (project.output / "planning" / "2024-09-05.html").read_text(encoding="utf-8")
    assert "Slutligt" in page
    assert "Justerat" not in page and "justerat (godkänt)" not in page


def test_body_language_overrides_the_site(project):
    project.with_sample()  # a Swedish body beside the English one
    _english(project)
    problems = check(project.config).problems
    assert problems == []
    project.build()
    english = (project.output / "planning" / "2024-09-05.html").read_text(encoding="utf-8")
    swedish = (project.output / "testgruppen" / "2020-01-15.html").read_text(encoding="utf-8")
    assert '<html lang="sv"' in english and ' lang="en"' in english  # its minutes are marked English
    assert "Protokollen är skrivna på engelska." in english
    assert ' lang="en"' not in swedish and "skrivna på" not in swedish


def test_keyword_of_another_language_is_an_error_with_this_languages_word(project):
    _english(project, status="justerat")
    problems = [p for p in check(project.config).problems if p.is_error]
    assert len(problems) == 1
    text = problems[0].format()
    assert "planning/2024-09-05.md:5:" in text and "write 'approved'" in text


def test_english_headings_in_a_swedish_archive_are_warnings_at_their_line(project):
    project.with_sample()
    project.write("testgruppen/2020-02-01.md", """\
        ---
        body: testgruppen
        date: 2020-02-01
        kind: protokoll
        status: ojusterat
        ---

        ## 1. Budget

        Presenter: Anna Andersson

        ### Conclusion

        Budgeten antas.

        | Action | Due | Responsible |
        | --- | --- | --- |
        | Skicka budgeten | 2020-03-01 | Anna Andersson |

        ## 2. Övrigt

        ### Beslt

        Inget.
        """)
    warnings = {p.location.line: p.format() for p in check(project.config).problems if not p.is_error}
    assert "write 'Föredragande'" in warnings[10]
    assert "'Conclusion' is English" in warnings[12] and "write 'Beslut'" in warnings[12]
    assert "Åtgärd | Slutdatum | Ansvarig" in warnings[16]
    assert "Did you mean 'beslut'?" in warnings[22]
    assert all(text.startswith("content/testgruppen/2020-02-01.md:") for text in warnings.values())


def test_english_mentions_link_to_the_meeting(project):
    _english(project, date="2024-08-08")
    _english(project, date="2024-09-05", text="As agreed at the Meeting Agenda 2024-08-08 and the previous meeting on 2024-08-08.")
    project.build()
    page = (project.output / "planning" / "2024-09-05.html").read_text(encoding="utf-8")
    assert page.count('class="meeting-ref" href="../planning/2024-08-08.html"') == 2
