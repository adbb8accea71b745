"""The build as a whole: atomic, deterministic, nothing unpublished leaks, deleted pages go."""

import os
import signal
import subprocess
import sys

import pytest

from conftest import REPO, output_snapshot
from generator.render import site as render_module
from generator.common.errors import BuildFailed, InternalError

DRAFT = """\
---
body: testgruppen
date: 2020-03-01
kind: protokoll
status: utkast
---

## 1. Hemligt

UTKAST-MARKÖR-7781 får aldrig publiceras.
"""

REDACTED = """\
---
body: testgruppen
date: 2020-04-01
kind: protokoll
status: ojusterat
---

## 1. Upphandling

::: sekretess Upphandlingssekretess
SEKRETESS-MARKÖR-5512 får aldrig publiceras.
:::
"""


def test_build_writes_home_bodies_meetings_and_404(project):
    project.with_sample()
    project.build()
    files = set(output_snapshot(project.output))
    assert {"index.html", "404.html", "testgruppen/index.html", "testgruppen/2020-01-15.html",
            "assets/site.css"} <= files


def test_two_builds_are_byte_identical(project):
    project.with_sample()
    project.build()
    first = output_snapshot(project.output)
    project.build()
    assert output_snapshot(project.output) == first


def test_seed_site_builds_identically_twice(seed_site, tmp_path):
    from generator.load.config import load_config
    from generator.build.pipeline import build

    build(load_config(REPO, output_dir=str(tmp_path / "again")))
    assert output_snapshot(tmp_path / "again") == output_snapshot(seed_site)


def test_content_error_leaves_output_untouched(project):
    project.with_sample()
    project.build()
    before = output_snapshot(project.output)
    project.write("testgruppen/2020-02-01.md", "---\nbody: testgruppen\ndate: 2020-02-30\n---\n")
    with pytest.raises(BuildFailed):
        project.build()
    assert output_snapshot(project.output) == before


def test_failure_midway_through_writing_leaves_output_as_it_was(project, monkeypatch):
    project.with_sample()
    project.build()
    before = output_snapshot(project.output)
    project.write("testgruppen/2020-02-01.md", "---\nbody: testgruppen\ndate: 2020-02-01\nkind: protokoll\n"
                  "status: justerat\n---\n\n## 1. Nytt\n")
    original = render_module.SiteRenderer.meeting
    calls = []

    def failing(self, meeting):
        calls.append(meeting)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(self, meeting)

    monkeypatch.setattr(render_module.SiteRenderer, "meeting", failing)
    with pytest.raises(InternalError, match="2020-02-01.md: RuntimeError: disk full"):
        project.build()
    assert output_snapshot(project.output) == before
    assert not list(project.root.glob(".output.staging-*"))


def test_killed_build_leaves_the_previous_site(project):
    """SIGKILL in the middle of writing: output/ is still the last complete site."""
    project.with_sample()
    project.build()
    before = output_snapshot(project.output)
    for day in range(1, 29):
        project.write(f"testgruppen/2021-02-{day:02d}.md", "---\nbody: testgruppen\ndate: 2021-02-%02d\n"
                      "kind: protokoll\nstatus: justerat\n---\n\n## 1. Punkt\n\n%s\n" % (day, "Text. " * 4000))
    script = (
        "import sys, time\n"
        "from generator.build import write\n"
        "original = write._safe_target\n"
        "def slow(staging, rel):\n"
        "    if rel.endswith('.html') and '2021-02-10' in rel:\n"
        "        print('midway', flush=True); time.sleep(60)\n"
        "    return original(staging, rel)\n"
        "write._safe_target = slow\n"
        "from generator.cli import main\n"
        f"sys.exit(main(['--project', {str(project.root)!r}, 'build']))\n"
    )
    process = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, cwd=REPO)
    assert process.stdout.readline().strip() == "midway"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert output_snapshot(project.output) == before
    project.build()  # the next build cleans up the killed build's staging folder
    assert not list(project.root.glob(".output.staging-*"))
    assert "testgruppen/2021-02-10.html" in output_snapshot(project.output)


def test_deleted_meeting_page_disappears(project):
    project.with_sample()
    extra = project.write("testgruppen/2020-02-01.md", "---\nbody: testgruppen\ndate: 2020-02-01\n"
                          "kind: protokoll\nstatus: justerat\n---\n")
    project.build()
    assert (project.output / "testgruppen/2020-02-01.html").exists()
    extra.unlink()
    project.build()
    assert not (project.output / "testgruppen/2020-02-01.html").exists()


def test_drafts_and_redacted_text_reach_no_output_file(project):
    project.with_sample()
    project.write("testgruppen/2020-03-01.md", DRAFT)
    project.write("testgruppen/2020-04-01.md", REDACTED)
    project.build()
    snapshot = output_snapshot(project.output)
    assert "testgruppen/2020-04-01.html" in snapshot
    assert "testgruppen/2020-03-01.html" not in snapshot
    for path, content in snapshot.items():
        for marker in ("UTKAST-MARKÖR-7781", "SEKRETESS-MARKÖR-5512"):
            assert marker.encode() not in content, f"{marker} leaked into {path}"
    assert "Upphandlingssekretess" in snapshot["testgruppen/2020-04-01.html"].decode()


def test_concurrent_build_is_refused_clearly(project):
    from generator.build.write import BuildLocked, build_lock

    project.with_sample()
    with build_lock(project.output.absolute()):
        with pytest.raises(BuildLocked, match="another build"):
            project.build()


def test_build_with_other_threads_running_equals_a_forked_build(tmp_path):
    """`minutes serve` runs threads, so its pool starts workers by forkserver and sends them
    the renderer pickled; a template edit there re-renders every meeting through that path."""
    import threading

    from conftest import Project, write_paged_archive
    from generator.build.workers import PARALLEL_THRESHOLD
    from generator.build.pipeline import build

    project = write_paged_archive(Project(tmp_path / "site"))
    assert len(list((project.root / "content").rglob("2*.md"))) >= PARALLEL_THRESHOLD
    build(project.config, jobs=2, use_cache=False)
    forked = output_snapshot(project.root / "output")
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait, daemon=True)
    waiting.start()
    try:
        build(project.config, jobs=2, use_cache=False)
    finally:
        stop.set()
    assert output_snapshot(project.root / "output") == forked


@pytest.mark.timeout(300)
def test_check_with_workers_reports_what_a_check_in_one_process_reports(tmp_path):
    """On a large enough archive `minutes check` parses in a pool and looks for near-miss names
    in a worker beside the other checks across the archive; the report is the same as without
    workers, the near miss in it, and each of those stages timed."""
    from conftest import Project, write_paged_archive
    from generator.build.pipeline import check

    project = write_paged_archive(Project(tmp_path / "site"))
    slip = project.root / "content" / "beta" / "2019-03-12.md"
    slip.write_text(slip.read_text(encoding="utf-8").replace("- name: Bo Berg", "- name: Bo Bergg"), encoding="utf-8")
    alone, pooled = check(project.config, jobs=1), check(project.config, jobs=2)
    assert [str(p) for p in pooled.problems] == [str(p) for p in alone.problems]
    assert any("'Bo Bergg'" in p.message and "'Bo Berg'" in p.message for p in pooled.problems)
    assert len(pooled.archive.meetings) == len(alone.archive.meetings) == 102
    assert {"names", "archive"} <= set(pooled.timings) and pooled.timings["names"] > 0
