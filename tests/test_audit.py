"""`minutes audit`: axe-core and the Nu HTML Checker over a built site, a report by page kind, a
non-zero exit on a violation, and an accessibility statement that claims only what ran."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.cli import main
from generator.commands.audit import VNU_IN_PROJECT, page_kind, pages_by_kind

from conftest import REPO

VNU_JAR = Path(os.environ.get("VNU_JAR", REPO / VNU_IN_PROJECT))


def statement_audit_paragraph(site) -> str:
    html = (site / "tillganglighet.html").read_text(encoding="utf-8")
    return re.search(r'<p id="automated-audit">(.*?)</p>', html, re.S).group(1)


def test_pages_are_grouped_by_kind_from_their_paths():
    slugs = {"umearegionen-kc"}
    assert page_kind("umearegionen-kc/2015-08-19.html", slugs) == "<body>/0000-00-00.html"
    assert page_kind("umearegionen-kc/index.html", slugs) == "<body>/index.html"
    assert page_kind("personer/erik-sedig.html", slugs) == "personer/*.html"
    assert page_kind("beslut/2015.html", slugs) == "beslut/0000.html"
    assert page_kind("index.html", slugs) == "index.html"


def test_a_built_statement_says_plainly_that_no_audit_ran(seed_site):
    text = statement_audit_paragraph(seed_site)
    assert text.startswith("Ingen automatisk granskning har körts på den här versionen")
    assert "axe-core" in text  # and names what would check it


def run_audit(project) -> subprocess.CompletedProcess:
    """`minutes audit` in a process of its own, as editors and CI run it: the audit drives
    Chromium through Playwright's sync API, which cannot run inside this test session's own."""
    return subprocess.run([sys.executable, "-m", "generator", "--project", str(project.root), "audit"],
                          capture_output=True, text=True, cwd=REPO, timeout=900)


@pytest.fixture
def audited_project(project, monkeypatch):
    if not VNU_JAR.exists() or not shutil.which("java"):
        pytest.fail(f"{VNU_JAR} or java is missing: make vnu")
    monkeypatch.setenv("VNU_JAR", str(VNU_JAR))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    project.with_sample()
    return project


@pytest.mark.browser
def test_audit_passes_a_clean_site_and_writes_its_result_into_the_statement(audited_project):
    project = audited_project
    project.build()
    pages = sum(len(p) for p in pages_by_kind(project.output, {"testgruppen"}).values())
    audit = run_audit(project)
    assert audit.returncode == 0, audit.stderr
    out = audit.stdout
    assert "<body>/0000-00-00.html" in out and "audit passed." in out
    text = statement_audit_paragraph(project.output)
    assert "granskades automatiskt den onsdag 18 november 2026" in text
    assert re.search(r"axe-core \d+\.\d+\.\d+ mot WCAG 2\.1 nivå A och AA", text)
    assert f"på alla {pages} sidor" in text and "Resultat: inga fel hittades." in text
    # A rebuild keeps the unchanged statement page from the last site, but not its audit claim.
    assert main(["--project", str(project.root), "build"]) == 0
    assert statement_audit_paragraph(project.output).startswith("Ingen automatisk granskning har körts")


@pytest.mark.browser
def test_audit_fails_on_a_violation_and_names_the_page_kind(audited_project):
    project = audited_project
    partial = project.root / "layouts" / "partials" / "status.html"
    partial.parent.mkdir(parents=True)
    # An image without alt text and a duplicate id: axe and the HTML checker each have a finding.
    partial.write_text('<img src="x.png" width="1" height="1"><span id="d"></span><span id="d"></span>\n', encoding="utf-8")
    project.build()
    captured = run_audit(project)
    assert captured.returncode == 1, captured.stderr
    meeting_line = next(line for line in captured.stdout.splitlines() if line.strip().startswith("<body>/0000-00-00.html"))
    assert "axe violation" in meeting_line
    assert "image-alt" in captured.stdout and "Duplicate ID" in captured.stdout
    assert "audit failed" in captured.stderr
    assert "fel hittades, och den här versionen borde inte ha publicerats." in statement_audit_paragraph(project.output)


def test_audit_without_a_built_site_says_so_and_exits_2(project, capsys):
    project.with_sample()
    assert main(["--project", str(project.root), "audit"]) == 2
    assert "no built site: run `minutes build` first" in capsys.readouterr().err
