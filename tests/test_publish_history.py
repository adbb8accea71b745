"""Publication dates from git (a temporary repository made here), history links, corrections, and
`minutes check` warning about approved minutes changed without a correction."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess
from pathlib import Path

import pytest

from conftest import BODY_FILE, Repo, visible_text
from generator.build.pipeline import build, check
from generator.publish import history as history_module
from generator.publish.history import FileHistory, History, history_url, parse_log, read_history

MEETING = """\
---
body: testgruppen
date: 2024-10-01
kind: protokoll
status: {status}
{extra}
---

## § 1 Budget

### Beslut

Budgeten antas{suffix}.
"""


def meeting(status="ojusterat", extra="", suffix=""):
    return MEETING.format(status=status, extra=extra, suffix=suffix)


APPROVED = "approval: {date: 2024-10-03}\nanslag: 2024-10-04"


@pytest.fixture
def repo_project(project):
    project.write("testgruppen/_body.md", BODY_FILE)
    repo = Repo(project.root.parent)
    project.write("testgruppen/2024-10-01.md", meeting())
    repo.commit("Ojusterat protokoll", "2024-10-02T10:00:00+02:00")
    project.write("testgruppen/2024-10-01.md", meeting("justerat", APPROVED))
    repo.commit("Justerat", "2024-10-03T16:30:00+02:00")
    return project, repo


def _page(project, slug="2024-10-01"):
    return (project.output / "testgruppen" / f"{slug}.html").read_text(encoding="utf-8")


def test_dates_come_from_git_history_not_the_build(repo_project):
    project, repo = repo_project
    project.write("testgruppen/2024-10-01.md", meeting("justerat", APPROVED + "\ncorrections:\n  - {date: 2024-11-12, what: Beloppet rättat, why: Skrivfel}", suffix=" enligt förslag"))
    repo.commit("Rättelse", "2024-11-12T09:15:00+01:00")
    config = dataclasses.replace(project.config, build_date=dt.date(2031, 5, 5))
    build(config)
    html = _page(project)
    text = visible_text(html)
    assert "Publicerad 2024-10-02" in text
    assert "Senast ändrad 2024-11-12" in text
    assert "2031" not in html  # never the build date
    assert "Ändringshistorik" not in text  # no repository_url configured


def test_history_follows_renames_and_reads_paths_below_a_prefix(repo_project):
    project, repo = repo_project
    content = project.root / "content" / "testgruppen"
    repo.git("mv", str(content / "2024-10-01.md"), str(content / "2024-10-01-2.md"))
    repo.commit("Byt namn", "2025-01-07T08:00:00+01:00")
    history = read_history(project.config)
    assert history.in_git and not history.shallow
    found = history.of("content/testgruppen/2024-10-01-2.md")
    assert found is not None
    assert found.repo_path == "site/content/testgruppen/2024-10-01-2.md"
    assert [c.isoformat() for c in found.commits] == ["2024-10-02T10:00:00+02:00", "2024-10-03T16:30:00+02:00",
                                                      "2025-01-07T08:00:00+01:00"]
    assert history.of("content/testgruppen/2024-10-01.md") is None  # that name is gone
    assert history.of("content/testgruppen/_body.md").first.date() == dt.date(2024, 10, 2)


def test_history_is_read_with_one_git_log_call_per_build(repo_project, monkeypatch):
    project, repo = repo_project
    project.write("testgruppen/2024-10-08.md", meeting().replace("2024-10-01", "2024-10-08"))
    project.write("testgruppen/2024-10-15.md", meeting().replace("2024-10-01", "2024-10-15"))
    repo.commit("Två till", "2024-10-20T12:00:00+02:00")
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(args, *rest, **kwargs):
        calls.append(list(args))
        return real_run(args, *rest, **kwargs)

    monkeypatch.setattr(history_module.subprocess, "run", counting_run)
    build(project.config)
    assert sum(1 for c in calls if "log" in c) == 1, calls
    assert len(calls) <= 4  # two rev-parse (the project's place, HEAD) and a status for the quick path's ledger
    assert "Publicerad 2024-10-20" in visible_text(_page(project, "2024-10-15"))


@pytest.mark.parametrize("repository_url, expected", [
    ("https://github.com/kommun/protokoll", "https://github.com/kommun/protokoll/commits/HEAD/site/content/testgruppen/2024-10-01.md"),
    ("https://gitlab.com/kommun/protokoll.git", "https://gitlab.com/kommun/protokoll/-/commits/HEAD/site/content/testgruppen/2024-10-01.md"),
    ("https://git.example.org/kommun/protokoll/log/main/{path}", "https://git.example.org/kommun/protokoll/log/main/site/content/testgruppen/2024-10-01.md"),
])
def test_history_link_on_the_repository_host(repo_project, repository_url, expected):
    project, _ = repo_project
    (project.root / "minutes.yml").write_text(f"title: Testarkivet\nrepository_url: {repository_url}\n", encoding="utf-8")
    build(project.config)
    html = _page(project)
    assert f'<a href="{expected}">' in html
    assert "Ändringshistorik" in visible_text(html)


def test_history_url_quotes_the_path():
    config = dataclasses.replace(_config(), repository_url="https://github.com/a/b/")
    assert history_url(config, "content/möten/2024 1.md") == "https://github.com/a/b/commits/HEAD/content/m%C3%B6ten/2024%201.md"


def _config():
    from generator.load.config import SiteConfig
    return SiteConfig(project_dir=Path("/nonexistent"))


def test_without_git_the_front_matter_date_is_the_fallback(project):
    project.write("testgruppen/_body.md", BODY_FILE)
    project.write("testgruppen/2024-10-01.md", meeting(extra="published: 2024-10-05"))
    project.write("testgruppen/2024-10-08.md", meeting().replace("2024-10-01", "2024-10-08"))
    (project.root / ".git").write_text("not a repository\n")  # make sure no enclosing repository is found
    build(dataclasses.replace(project.config, build_date=dt.date(2031, 5, 5)))
    text = visible_text(_page(project))
    assert "Publicerad 2024-10-05" in text and "Senast ändrad 2024-10-05" in text
    other = _page(project, "2024-10-08")
    assert "Publicerad" not in visible_text(other) and "2031" not in other


def test_parse_log_follows_a_chain_of_renames():
    log = ("\x1e2024-03-01T10:00:00+01:00\0\nR100\0c/b.md\0c/c.md\0"
           "\x1e2024-02-01T10:00:00+01:00\0\nR090\0c/a.md\0c/b.md\0"
           "\x1e2024-01-01T10:00:00+01:00\0\nA\0c/a.md\0M\0c/other.md\0")
    files = parse_log(log, "")
    assert [c.date().isoformat() for c in files["c/c.md"].commits] == ["2024-01-01", "2024-02-01", "2024-03-01"]
    assert set(files) == {"c/c.md", "c/other.md"}


def _warnings(project):
    return [p for p in check(project.config).problems if "changed in git" in p.message]


def test_check_warns_when_approved_minutes_change_without_a_correction(repo_project):
    project, repo = repo_project
    assert _warnings(project) == []  # published as approved: not a change
    project.write("testgruppen/2024-10-01.md", meeting("justerat", APPROVED, suffix=" med ändring"))
    repo.commit("Tyst ändring", "2024-11-02T11:00:00+01:00")
    found = _warnings(project)
    assert len(found) == 1
    assert found[0].location.path == "content/testgruppen/2024-10-01.md"
    assert "2024-10-03" in found[0].message and "2024-11-02" in found[0].message
    assert not found[0].is_error
    project.write("testgruppen/2024-10-01.md", meeting(
        "justerat", APPROVED + "\ncorrections:\n  - {date: 2024-11-02, what: Beslutstexten kompletterad, why: Ofullständig}",
        suffix=" med ändring"))
    repo.commit("Rättelse registrerad", "2024-11-05T11:00:00+01:00")
    assert _warnings(project) == []


def test_check_does_not_warn_for_a_file_first_committed_long_after_approval(project):
    project.write("testgruppen/_body.md", BODY_FILE)
    repo = Repo(project.root.parent)
    project.write("testgruppen/2024-10-01.md", meeting("justerat", APPROVED))
    repo.commit("Digitaliserat arkiv", "2026-01-10T10:00:00+01:00")
    assert _warnings(project) == []


def test_cli_check_prints_the_warning(repo_project, capsys):
    from generator.cli import main

    project, repo = repo_project
    project.write("testgruppen/2024-10-01.md", meeting("justerat", APPROVED, suffix=" igen"))
    repo.commit("Tyst ändring", "2024-12-02T11:00:00+01:00")
    assert main(["--project", str(project.root), "check"]) == 0
    err = capsys.readouterr().err
    assert "content/testgruppen/2024-10-01.md" in err and "corrections" in err


def test_corrections_are_a_visible_notice(repo_project):
    project, repo = repo_project
    project.write("testgruppen/2024-10-01.md", meeting(
        "justerat", APPROVED + "\ncorrections:\n  - {date: 2024-11-02, what: Beloppet ändrat till 300 000 kr, why: Skrivfel i originalet}"))
    build(project.config)
    html = _page(project)
    assert 'class="corrections notice"' in html
    text = visible_text(html)
    assert "Protokollet har rättats efter justeringen." in text
    assert "Beloppet ändrat till 300 000 kr (Skrivfel i originalet)" in text


def test_a_shallow_clone_is_reported(monkeypatch, project):
    project.write("testgruppen/_body.md", BODY_FILE)
    monkeypatch.setattr(history_module, "read_history", lambda config: History({}, shallow=True, in_git=True))
    assert any("shallow" in p.message for p in check(project.config).problems)


def test_file_history_first_and_last():
    a = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
    b = dt.datetime(2024, 2, 1, tzinfo=dt.timezone.utc)
    assert (FileHistory("x", (a, b)).first, FileHistory("x", (a, b)).last) == (a, b)
