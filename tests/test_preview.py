"""Drafts in `minutes serve` (commands/preview.py): previewed with a banner and noindex, never
written by the build; a missing page answered with the site's own 404 page."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from generator.build.pipeline import build, check
from generator.cli import main
from generator.commands.preview import draft_page, find_drafts
from conftest import as_read
from test_serve import Server

DRAFT = """\
---
body: testgruppen
date: 2020-02-20
kind: protokoll
status: utkast
participants:
  - name: Anna Andersson
    role: ordförande
---

## 1. Hemlig plan före publicering

Utkastets text om vinterväghållning.
"""


@pytest.fixture
def drafted(project):
    project.with_sample()
    project.write("testgruppen/2020-02-20.md", DRAFT)
    return project


def test_the_draft_is_found_and_rendered_with_a_banner_and_noindex(drafted):
    [draft] = find_drafts(drafted.config)
    assert (draft.url, draft.rel) == ("testgruppen/2020-02-20.html", "content/testgruppen/2020-02-20.md")
    page = as_read(draft_page(drafted.config, draft.url).decode("utf-8"))
    assert '<meta name="robots" content="noindex">' in page
    assert 'id="minutes-draft-banner"' in page and "Utkast: en förhandsvisning" in page
    assert "Utkastets text om vinterväghållning." in page
    assert draft_page(drafted.config, "testgruppen/2020-01-15.html") is None  # published: the build's page
    assert draft_page(drafted.config, "testgruppen/2020-03-01.html") is None


def test_the_build_never_writes_the_draft(drafted):
    drafted.build()
    assert not (drafted.output / "testgruppen/2020-02-20.html").exists()
    for path in drafted.output.rglob("*"):
        if path.is_file():
            assert b"vinterv\xc3\xa4gh\xc3\xa5llning" not in path.read_bytes(), path
    assert (drafted.output / "404.html").is_file()


def test_both_plans_report_the_drafts_and_their_pages_as_reading_every_file_finds_them(drafted):
    """serve lists the drafts from its build's report, not by reading every meeting again."""
    found = {draft.rel: draft.url for draft in find_drafts(drafted.config)}
    full = build(drafted.config)
    assert not full.quick and full.draft_pages == found
    published = drafted.root / "content" / "testgruppen" / "2020-01-15.md"
    text = published.read_text(encoding="utf-8")
    published.write_text(text.replace("öppnar mötet.", "öppnar mötet och hälsar välkommen."), encoding="utf-8")
    small = build(drafted.config)
    assert small.quick and small.draft_pages == found and small.drafts == sorted(found)


def test_check_counts_the_drafts_it_does_not_publish(drafted, capsys):
    report = check(drafted.config)
    assert report.drafts == ["content/testgruppen/2020-02-20.md"]
    assert main(["--project", str(drafted.root), "check"]) == 0
    out = capsys.readouterr().out
    assert "1 meeting, 1 draft" in out or "1 möte, 1 utkast" in out, out


def test_serve_previews_the_draft_and_answers_a_missing_page_with_the_sites_404(drafted):
    server = Server(drafted)
    try:
        server.wait_for_output("draft, previewed here only")
        page = server.get("testgruppen/2020-02-20.html")
        assert "minutes-draft-banner" in page and "noindex" in page and "Utkastets text" in page
        assert not (drafted.output / "testgruppen/2020-02-20.html").exists()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(server.url("testgruppen/finns-inte.html"), timeout=5)
        assert missing.value.code == 404
        body = missing.value.read().decode("utf-8")
        assert "Sidan finns inte" in body and '<base href="/">' in body
        with pytest.raises(urllib.error.HTTPError) as asset:
            urllib.request.urlopen(server.url("assets/finns-inte.css"), timeout=5)
        assert asset.value.code == 404
    finally:
        server.stop()


@pytest.mark.browser
def test_the_draft_banner_is_the_first_thing_an_editor_sees(drafted, page):
    server = Server(drafted)
    try:
        server.wait_for_output("draft, previewed here only")
        page.goto(server.url("testgruppen/2020-02-20.html"))
        banner = page.locator("#minutes-draft-banner")
        assert banner.is_visible() and "Utkast" in banner.inner_text()
        box = banner.bounding_box()
        assert box is not None and box["y"] < 5 and box["height"] > 20
        colour = banner.evaluate("e => getComputedStyle(e).backgroundColor")
        assert colour == "rgb(255, 211, 61)"  # the draft's own colour: the overlay's style sheet loaded
        page.get_by_text("Utkastets text om vinterväghållning.").wait_for()
    finally:
        server.stop()
