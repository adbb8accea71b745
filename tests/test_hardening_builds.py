"""Concurrent builds: several `minutes build` started at once on the same project. Each finishes or
refuses clearly ("another build ..."), at least one finishes, and output/ is then one complete
site, byte for byte the site a lone build makes. (SIGKILL midway: tests/test_pipeline.py.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import REPO, Project, output_snapshot

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}


def start_build(project: Project, output: str = "output") -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "--project", str(project.root), "build",
                             "--output", output], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=REPO, env=ENV)


def many_meetings(project: Project) -> Project:
    project.with_sample()
    for day in range(1, 29):
        project.write(f"testgruppen/2021-02-{day:02d}.md",
                      f"---\nbody: testgruppen\ndate: 2021-02-{day:02d}\nkind: protokoll\nstatus: justerat\n---\n\n"
                      + "".join(f"## {n}. Punkt {n}\n\n{'Text om budget och avtal. ' * 200}\n\n" for n in range(1, 8)))
    return project


def test_builds_started_at_once_give_one_complete_site(project, tmp_path):
    many_meetings(project)
    reference = tmp_path / "reference"
    lone = start_build(project, str(reference))
    assert lone.wait(timeout=120) == 0, lone.stderr.read()
    expected = output_snapshot(reference)

    for round_ in range(3):
        if round_ == 2:
            shutil.rmtree(project.output)  # also when there is no earlier site at all
        processes = [start_build(project) for _ in range(3)]
        results = [(p.wait(timeout=180), p.stdout.read(), p.stderr.read()) for p in processes]
        finished = [r for r in results if r[0] == 0]
        refused = [r for r in results if r[0] != 0]
        assert finished, results
        for code, stdout, stderr in refused:
            assert code == 1, stderr
            assert "another build" in stderr and "Traceback" not in stderr, stderr
        assert output_snapshot(project.output) == expected
        leftovers = [p.name for p in project.root.iterdir() if p.name.startswith(".output.") and p.is_dir()]
        assert leftovers == []


def test_a_build_after_a_refused_one_works(project):
    """The lock is released when a build ends, also when it fails on content."""
    project.with_sample()
    project.write("testgruppen/2020-02-01.md", "---\nbody: testgruppen\n---\n")
    broken = start_build(project)
    assert broken.wait(timeout=60) == 1
    (project.root / "content/testgruppen/2020-02-01.md").unlink()
    fixed = start_build(project)
    assert fixed.wait(timeout=60) == 0, fixed.stderr.read()
