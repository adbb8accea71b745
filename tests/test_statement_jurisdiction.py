"""The accessibility statement follows the jurisdiction minutes.yml names: Swedish law and Digg
(se), the EU Web Accessibility Directive's model (eu) or no law at all (plain); the footer's
note on the content language names the language the minutes are written in."""

from __future__ import annotations

import pytest

from generator.common.errors import BuildFailed
from generator.common.paths import site_paths
from generator.load.config import load_config


def _statement(project, language: str, jurisdiction: str, extra: str = "") -> str:
    (project.root / "minutes.yml").write_text(
        f"title: Archive\nlanguage: {language}\norganisation: Example Council\n"
        f"accessibility:\n  jurisdiction: {jurisdiction}\n  compliance: partial\n{extra}", encoding="utf-8")
    project.with_sample()
    project.build()
    return (project.output / site_paths(language).statement_page).read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["en", "sv"])
def test_eu_statement_follows_the_directive_model_without_swedish_law(project, language):
    page = _statement(project, language, "eu", "  enforcement_body: National Enforcement Office\n"
                                               "  enforcement_url: https://enforcement.example.org/\n")
    assert "2016/2102" in page and "EN 301 549" in page
    assert "DOS" not in page and "Digg" not in page and "2018:1937" not in page
    assert 'href="https://enforcement.example.org/"' in page and "National Enforcement Office" in page
    assert ("Enforcement procedure" if language == "en" else "Förfarande för efterlevnadskontroll") in page


def test_plain_statement_cites_no_law(project):
    page = _statement(project, "en", "plain")
    assert "WCAG" in page
    for law in ("DOS", "Digg", "Directive", "2016/2102", "Act ", "Enforcement"):
        assert law not in page, law


def test_se_statement_cites_dos_lagen_and_digg(project):
    page = _statement(project, "sv", "se")
    assert "DOS-lagen, 2018:1937" in page and "digg.se/tdosanmalan" in page


def test_unknown_jurisdiction_is_an_error_at_its_line(project):
    (project.root / "minutes.yml").write_text("title: A\naccessibility:\n  jurisdiction: uk\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        load_config(project.root)
    assert failed.value.problems[0].format() == ("minutes.yml:3: 'accessibility.jurisdiction' is 'uk'. "
                                                 "Known values: 'se', 'eu', 'plain'.")


@pytest.mark.parametrize("language, content, note", [
    ("en", "sv", "The minutes are written in Swedish."),
    ("sv", "en", "Protokollen är skrivna på engelska."),
    ("en", "en", None),
])
def test_content_language_note_names_the_content_language(project, language, content, note):
    (project.root / "minutes.yml").write_text(f"title: A\nlanguage: {language}\ncontent_language: {content}\n",
                                              encoding="utf-8")
    project.with_sample()
    if content == "en":  # the sample meeting is Swedish: its body says so
        body = project.root / "content" / "testgruppen" / "_body.md"
        body.write_text(body.read_text(encoding="utf-8").replace("short_name: TG", "short_name: TG\nlanguage: sv"),
                        encoding="utf-8")
    project.build()
    home = (project.output / "index.html").read_text(encoding="utf-8")
    if note:
        assert note in home
    else:
        assert "written in" not in home
