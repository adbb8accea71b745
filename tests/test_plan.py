"""A small plan (generator/build/plan.py): taken for edits that change only a meeting's own page and
search text, never giving anything but the clean build's bytes and problems; refused for every
other change; and safe when killed while it moves files into output/."""

import os
import shutil
import time

import pytest

from conftest import REPO, Repo, output_snapshot
from generator.load.config import load_config
from generator.common.errors import BuildFailed
from generator.build.pipeline import archive_problems, build, check, near_misses
from generator.model.people import name_suggestions
from generator.render.site import SiteRenderer
from generator.model.assemble import assemble, build_meeting, header_meeting
from generator.load.sources import load_sources
from generator.load.validate import validate
from generator.model.domain import Archive
from generator.build import plan, write
from generator.theme import LAYOUTS

NEIGHBOUR = """\
---
body: testgruppen
date: 2020-02-20
kind: protokoll
status: justerat
participants:
  - name: Ana Andersson
    organisation: Testkommun
    role: ledamot
---

## 1. Punkt

Text om skolskjutsar.
"""


@pytest.fixture
def built(project):
    project.with_sample()
    project.write("people.yml", "- name: Anna Andersson\n")
    project.write("testgruppen/2020-02-20.md", NEIGHBOUR)  # "Ana Andersson": a near-miss warning
    project.write("testgruppen/2020-03-05.md", NEIGHBOUR.replace("2020-02-20", "2020-03-05"))
    build(project.config)
    return project


def clean_result(project, tmp_path):
    clean_root = tmp_path / "clean"
    shutil.rmtree(clean_root, ignore_errors=True)
    shutil.copytree(project.root, clean_root, ignore=shutil.ignore_patterns(".cache", "output", ".output*"))
    report = build(load_config(clean_root), use_cache=False)
    return output_snapshot(clean_root / "output"), [p.format() for p in report.problems]


def assert_equals_clean(project, tmp_path, report):
    snapshot, problems = clean_result(project, tmp_path)
    assert output_snapshot(project.output) == snapshot
    assert [p.format() for p in report.problems] == problems


def edit(project, relative, old, new):
    path = project.root / "content" / relative
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new))


def test_a_text_edit_takes_the_quick_path_and_equals_a_clean_build(built, tmp_path):
    edit(built, "testgruppen/2020-02-20.md", "Text om skolskjutsar.", "Text om färdtjänst och skolskjutsar.\n\nMer.")
    report = build(built.config)
    assert report.quick and report.pages_rendered == 1
    assert_equals_clean(built, tmp_path, report)
    assert any("Ana Andersson" in p.message for p in report.problems)  # warnings survive the quick path


def test_an_unchanged_rebuild_reads_no_file(built, tmp_path):
    report = build(built.config)
    assert report.quick and report.pages_rendered == 0 and report.files_written == 0
    assert_equals_clean(built, tmp_path, report)


def test_an_edit_that_shifts_the_lines_of_a_warning_moves_the_warning(built, tmp_path):
    edit(built, "testgruppen/2020-02-20.md", "participants:", "title: Möte\nparticipants:")
    report = build(built.config)  # a title is shown in lists: the full build
    assert not report.quick
    edit(built, "testgruppen/2020-02-20.md", "## 1. Punkt", "Inledning.\n\n## 1. Punkt")
    report = build(built.config)
    assert report.quick
    assert_equals_clean(built, tmp_path, report)


@pytest.mark.parametrize("change", ["decision", "start time", "new meeting", "deleted meeting", "body", "people",
                                    "attachment", "template", "asset", "config"])
def test_every_other_change_takes_the_full_build(built, tmp_path, change):
    root = built.root
    if change == "decision":
        edit(built, "testgruppen/2020-01-15.md", "att anta budgeten", "att avslå budgeten")
    elif change == "start time":
        edit(built, "testgruppen/2020-03-05.md", "kind: protokoll", 'kind: protokoll\nstart: "10:00"')
    elif change == "new meeting":
        built.write("testgruppen/2020-04-01.md", NEIGHBOUR.replace("2020-02-20", "2020-04-01"))
    elif change == "deleted meeting":
        (root / "content/testgruppen/2020-03-05.md").unlink()
    elif change == "body":
        edit(built, "testgruppen/_body.md", "En grupp för tester.", "En grupp.")
    elif change == "people":
        built.write("people.yml", "- name: Anna Andersson\n- name: Bo Berg\n")
    elif change == "attachment":
        built.write("testgruppen/2020-01-15/bilagor/Budget 2020.pdf", "%PDF-1.4 budget")
    elif change == "template":
        # A project's own partial overrides the theme's.
        path = root / "layouts/partials/item.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text((LAYOUTS / "partials/item.html").read_text().replace('class="item', 'class="item punkt'))
    elif change == "asset":
        (root / "assets").mkdir(exist_ok=True)
        (root / "assets/extra.css").write_text("body { margin: 0 }\n")
    elif change == "config":
        (root / "minutes.yml").write_text("title: Annat arkiv\n")
    report = build(built.config)
    assert not report.quick
    assert_equals_clean(built, tmp_path, report)


def test_a_file_changed_back_after_a_quick_build_is_not_served_stale(built, tmp_path):
    original = (built.root / "content/testgruppen/2020-02-20.md").read_text()
    edit(built, "testgruppen/2020-02-20.md", "Text om skolskjutsar.", "Text om färdtjänst.")
    assert build(built.config).quick
    # Changed back while something else forces the full build: its own state still holds the
    # keys of the original text, which must not bring back the page the quick path replaced.
    (built.root / "content/testgruppen/2020-02-20.md").write_text(original)
    (built.root / "assets").mkdir(exist_ok=True)
    (built.root / "assets/extra.css").write_text("body { margin: 0 }\n")
    report = build(built.config)
    assert not report.quick
    assert_equals_clean(built, tmp_path, report)


def test_a_content_error_fails_through_the_full_build_and_keeps_the_site(built):
    before = output_snapshot(built.output)
    edit(built, "testgruppen/2020-02-20.md", "status: justerat", "status: [justerat")
    with pytest.raises(BuildFailed) as failed:
        build(built.config)
    assert any(p.location.path.endswith("2020-02-20.md") and p.location.line for p in failed.value.problems)
    assert output_snapshot(built.output) == before


def test_a_quick_build_killed_while_moving_files_is_completed_by_the_next(built, tmp_path, monkeypatch):
    edit(built, "testgruppen/2020-02-20.md", "Text om skolskjutsar.", "Text om färdtjänst.")
    real_replace = write.os.replace
    moved = []

    def dies_after_one_move(source, target):
        if str(target).startswith(str(built.output)) and moved:
            raise KeyboardInterrupt  # the kill
        moved.append(target)
        real_replace(source, target)

    monkeypatch.setattr(write.os, "replace", dies_after_one_move)
    with pytest.raises(KeyboardInterrupt):
        build(built.config)
    monkeypatch.setattr(write.os, "replace", real_replace)
    assert list(built.root.glob(".output.journal-*"))  # the plan survived the kill
    report = build(built.config)
    assert not list(built.root.glob(".output.*-*"))
    assert_equals_clean(built, tmp_path, report)


def test_each_meeting_page_renders_the_same_against_its_body_alone():
    """The quick path renders a page with only its body's meetings: that must change nothing,
    for every meeting of the real content."""
    config = load_config(REPO)
    sources, _ = load_sources(config.content_path, config.project_dir)
    _, validated = validate(sources)
    meetings = [s for s in sources if s.kind == "meeting"]
    headers = assemble(sources, [header_meeting(validated[s.rel]) for s in meetings])
    whole = SiteRenderer(headers, config)
    assert len(headers.bodies) >= 3
    for source in meetings:
        meeting = build_meeting(source, validated[source.rel], config.paths).meeting
        if meeting.status == "utkast":
            continue
        alone = SiteRenderer(Archive(headers.bodies, headers.meetings_of(meeting.body_slug), headers.people), config)
        assert alone.meeting(meeting).content == whole.meeting(meeting).content, source.rel
        header = header_meeting(validated[source.rel])
        assert alone.meeting_page_inputs(header) == whole.meeting_page_inputs(header), source.rel


def test_whole_archive_checks_look_at_one_meeting_at_a_time(built):
    """The quick path re-checks a changed meeting on its own and keeps the others' problems; the
    near-miss names compare with the whole archive's names, which the ledger keeps."""
    config = built.config
    report = check(config)
    archive = report.archive
    names = name_suggestions(archive, config.project_dir)
    everything = [*near_misses(archive, config), *archive_problems(archive, config)]
    assert any(p.location.path.endswith("2020-02-20.md") for p in everything)
    for meeting in archive.meetings:
        one = Archive(archive.bodies, (meeting,), archive.people)
        alone = [*near_misses(one, config, names), *archive_problems(one, config)]
        rel = meeting.location.path
        assert [p for p in alone if p.location.path == rel] == [p for p in everything if p.location.path == rel]


# Commits: CI builds each new commit, with .cache/ and output/ restored from its cache.

COMMITTED_CONFIG = ("title: Testarkivet\nbase_url: https://example.org/arkiv/\n"
                    "repository_url: https://example.org/org/arkiv\n")


@pytest.fixture
def committed(built):
    (built.root / "minutes.yml").write_text(COMMITTED_CONFIG)
    repo = Repo(built.root.parent)
    repo.commit("Protokoll", "2024-01-10T10:00:00+01:00")
    assert not build(built.config).quick  # the config changed
    return built, repo


def assert_equals_clean_in_git(project, repo, report, tmp_path_factory):
    """As assert_equals_clean, with the git history: the clean build runs in a copy of the repository."""
    clean = tmp_path_factory.mktemp("clean-repo")
    shutil.copytree(repo.root, clean, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".cache", "output", ".output*"))
    clean_project = clean / project.root.relative_to(repo.root)
    clean_report = build(load_config(clean_project), use_cache=False)
    assert output_snapshot(project.output) == output_snapshot(clean_project / "output")
    assert [p.format() for p in report.problems] == [p.format() for p in clean_report.problems]


def restore_from_ci_cache(project, repo):
    """What CI has: a fresh checkout (every file's stat new, git's index written after them)
    and copies of output/ and .cache/ restored from its cache, new inodes and all."""
    for name in ("output", ".cache"):
        kept = project.root / f"{name}-kept"
        (project.root / name).rename(kept)
        shutil.copytree(kept, project.root / name)
        shutil.rmtree(kept)
    a_second_ago = time.time_ns() - 1_000_000_000
    for path in (project.root / "content").rglob("*"):
        if path.is_file():
            path.write_bytes(path.read_bytes())  # a new mtime, as checkout gives
            # Before the index is written, on the file system's coarse clock too: a file written
            # in the same tick as git's index is read rather than vouched for (git's racy case).
            os.utime(path, ns=(a_second_ago, a_second_ago))
    repo.git("update-index", "-q", "--refresh")


def test_a_committed_text_edit_takes_the_quick_path_and_shows_its_new_dates(committed, tmp_path_factory):
    project, repo = committed
    edit(project, "testgruppen/2020-02-20.md", "Text om skolskjutsar.", "Text om färdtjänst.")
    repo.commit("Rättat stavfel", "2024-02-01T09:00:00+01:00")
    report = build(project.config)
    assert report.quick and report.pages_rendered == 1
    page = (project.output / "testgruppen/2020-02-20.html").read_text()
    assert "2024-02-01" in page and "färdtjänst" in page
    assert "<lastmod>2024-02-01</lastmod>" in (project.output / "sitemap.xml").read_text()
    assert_equals_clean_in_git(project, repo, report, tmp_path_factory)


def test_a_restored_copy_of_output_and_cache_takes_the_quick_path(committed, tmp_path_factory):
    project, repo = committed
    restore_from_ci_cache(project, repo)
    edit(project, "testgruppen/2020-03-05.md", "Text om skolskjutsar.", "Text om skolskjutsar och busskort.")
    repo.commit("Tillägg", "2024-03-06T08:00:00+01:00")
    report = build(project.config)
    assert report.quick
    assert_equals_clean_in_git(project, repo, report, tmp_path_factory)


@pytest.mark.parametrize("vouched", [True, False])
def test_after_a_fresh_checkout_git_vouches_for_unchanged_files(committed, tmp_path_factory, monkeypatch, vouched):
    """After a checkout, git's index gives each file's blob id (the ledger's digest) without
    reading it: unchanged files are not read, attachments included (the quick path cannot judge
    those itself); a file modified outside git is read, and a changed attachment takes the full
    build."""
    project, repo = committed
    project.write("testgruppen/2020-01-15/bilagor/Budget 2020.pdf", "%PDF-1.4 budget")
    repo.commit("Bilaga", "2024-01-11T10:00:00+01:00")
    assert not build(project.config).quick  # a new file
    restore_from_ci_cache(project, repo)
    monkeypatch.setattr(plan, "GIT_VOUCHES_FROM", 0)
    edit(project, "testgruppen/2020-03-05.md", "Text om skolskjutsar.", "Text om busskort.")
    repo.commit("Ändrat", "2024-03-06T08:00:00+01:00")
    if not vouched:
        project.write("testgruppen/2020-01-15/bilagor/Budget 2020.pdf", "%PDF-1.4 ändrad budget")
    read = []
    real_read_bytes = plan.Path.read_bytes
    monkeypatch.setattr(plan.Path, "read_bytes", lambda self: read.append(self.name) or real_read_bytes(self))
    report = build(project.config)
    assert report.quick == vouched
    if vouched:
        assert "2020-03-05.md" in read and "2020-02-20.md" not in read and "Budget 2020.pdf" not in read
    assert_equals_clean_in_git(project, repo, report, tmp_path_factory)


def test_a_file_changed_behind_gits_index_with_its_size_and_mtime_kept_is_read(committed, tmp_path_factory,
                                                                               monkeypatch):
    """Git's index vouches for a file only if its whole stat is the one recorded, change time
    included: an edit of the same length, its modification time set back, is still seen. The
    others, written in the same second as the index (all of them, after a quick checkout), are
    vouched for without reading one."""
    project, repo = committed
    restore_from_ci_cache(project, repo)
    monkeypatch.setattr(plan, "GIT_VOUCHES_FROM", 0)
    path = project.root / "content" / "testgruppen" / "2020-02-20.md"
    before = path.stat()
    path.write_text(path.read_text().replace("skolskjutsar", "skolskjutsor"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_size == before.st_size and path.stat().st_mtime_ns == before.st_mtime_ns
    read = []
    real_read_bytes = plan.Path.read_bytes
    monkeypatch.setattr(plan.Path, "read_bytes", lambda self: read.append(self) or real_read_bytes(self))
    report = build(project.config)
    content = project.root / "content"
    assert report.quick and {p.relative_to(content).as_posix() for p in read if p.is_relative_to(content)} == {
        "testgruppen/2020-02-20.md"}
    assert "skolskjutsor" in (project.output / "testgruppen/2020-02-20.html").read_text()
    assert_equals_clean_in_git(project, repo, report, tmp_path_factory)


def test_committing_what_was_already_built_updates_only_the_dates(committed, tmp_path_factory):
    project, repo = committed
    edit(project, "testgruppen/2020-02-20.md", "Text om skolskjutsar.", "Text om färdtjänst.")
    assert build(project.config).quick
    repo.commit("Rättat", "2024-02-02T09:00:00+01:00")
    report = build(project.config)
    assert report.quick and report.pages_rendered == 1  # same bytes, new history
    assert_equals_clean_in_git(project, repo, report, tmp_path_factory)


@pytest.mark.parametrize("change", ["rewritten history", "body file", "renamed meeting", "shallow clone"])
def test_commits_the_quick_path_cannot_carry_take_the_full_build(committed, tmp_path_factory, change):
    project, repo = committed
    if change == "rewritten history":
        edit(project, "testgruppen/2020-02-20.md", "Text om skolskjutsar.", "Text om färdtjänst.")
        repo.git("add", "-A")
        repo.git("commit", "-q", "--amend", "-m", "Omskriven", when="2024-02-03T09:00:00+01:00")
    elif change == "body file":
        edit(project, "testgruppen/_body.md", "En grupp för tester.", "En grupp.")
        repo.commit("Organ", "2024-02-03T09:00:00+01:00")
    elif change == "renamed meeting":
        repo.git("mv", "site/content/testgruppen/2020-03-05.md", "site/content/testgruppen/2020-03-06.md")
        edit(project, "testgruppen/2020-03-06.md", "date: 2020-03-05", "date: 2020-03-06")
        repo.commit("Fel datum", "2024-02-03T09:00:00+01:00")
    elif change == "shallow clone":
        edit(project, "testgruppen/2020-02-20.md", "Text om skolskjutsar.", "Text om färdtjänst.")
        repo.commit("Rättat", "2024-02-03T09:00:00+01:00")
        (repo.root / ".git" / "shallow").write_text(repo.git("rev-parse", "HEAD~1"))
    report = build(project.config)
    assert not report.quick
    assert_equals_clean_in_git(project, repo, report, tmp_path_factory)


@pytest.mark.parametrize("linked", [False, True])
def test_the_archive_json_is_edited_in_place_unless_another_link_shares_it(committed, tmp_path_factory, linked):
    """A new date keeps a record's length, so the archive's JSON (about 100 MB at 10,000
    meetings) is edited where the record is; a hard-linked copy (GitLab's `cp -al output public`)
    must keep the old bytes, so then the file is written anew."""
    project, repo = committed
    archive_json = project.output / "data/arkiv.json"
    copy = tmp_path_factory.mktemp("public") / "arkiv.json"
    if linked:
        copy.hardlink_to(archive_json)
    before, inode = archive_json.read_bytes(), archive_json.stat().st_ino
    edit(project, "testgruppen/2020-02-20.md", "Text om skolskjutsar.", "Text om färdtjänst.")
    repo.commit("Rättat", "2024-02-01T09:00:00+01:00")
    report = build(project.config)
    assert report.quick
    after = archive_json.read_bytes()
    assert len(after) == len(before) and after != before and b'"last_changed":"2024-02-01"' in after
    assert (archive_json.stat().st_ino == inode) != linked
    if linked:
        assert copy.read_bytes() == before
    assert_equals_clean_in_git(project, repo, report, tmp_path_factory)


def test_a_new_day_takes_the_full_build(built, tmp_path, monkeypatch):
    """Appeal periods, past-due actions and the notice board move with the build date, and the
    quick path re-renders none of them."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030-01-01
    report = build(built.config)
    assert not report.quick
    assert_equals_clean(built, tmp_path, report)


def test_the_full_build_after_a_quick_one_links_the_index_the_quick_one_patched(built, tmp_path, monkeypatch):
    """A quick build that patched the index leaves the state with that index's key: the next
    full build (a new day) links every index file instead of writing the index again."""
    edit(built, "testgruppen/2020-02-20.md", "Text om skolskjutsar.", "Text om färdtjänst och skolskjutsar.")
    assert build(built.config).quick
    inodes = {path.relative_to(built.output): path.stat().st_ino for path in (built.output / "search").rglob("*")
              if path.is_file()}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030-01-01
    report = build(built.config)
    assert not report.quick
    assert {path: (built.output / path).stat().st_ino for path in inodes} == inodes
    assert_equals_clean(built, tmp_path, report)
