"""The benchmark's quick loop runs on a small archive and measures what it says: CI's rebuild
after one committed meeting goes through the small plan (no full render)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_rebuild_bench_times_small_plans(tmp_path: Path) -> None:
    result = subprocess.run([sys.executable, str(REPO / "bench/rebuild.py"), "--meetings", "30", "--runs", "2",
                             "--profiles", "realistic", "--workdir", str(tmp_path)],
                            capture_output=True, text=True, timeout=600, cwd=REPO)
    assert result.returncode == 0, result.stderr[-2000:]
    [row] = [line for line in result.stdout.splitlines() if line.startswith("| realistic | 30 |")]
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    median, fastest, slowest, cpu = map(float, cells[2:6])
    assert 0 < fastest <= median <= slowest and cpu > 0
    # The small plan's stages: the one meeting, the index patch; no page groups rendered.
    assert "meetings" in cells[6] and "index" in cells[6] and "render" not in cells[6]
    log = subprocess.run(["git", "log", "--format=%s"], cwd=tmp_path / "archive-realistic-30",
                         capture_output=True, text=True, check=True).stdout.split("\n")
    assert sum(1 for subject in log if re.fullmatch(r"Mätändring \d+", subject)) == 2


def test_the_meeting_work_bench_runs_every_meeting_of_an_archive(tmp_path: Path) -> None:
    """bench/meeting_work.py times the workers' per-meeting work over every meeting file."""
    archive = tmp_path / "archive"
    subprocess.run([sys.executable, str(REPO / "bench/synth.py"), "--meetings", "30", "--out", str(archive)],
                   capture_output=True, text=True, timeout=300, cwd=REPO, check=True)
    result = subprocess.run([sys.executable, str(REPO / "bench/meeting_work.py"), str(archive)],
                            capture_output=True, text=True, timeout=300, cwd=REPO)
    assert result.returncode == 0, result.stderr[-2000:]
    match = re.fullmatch(r"meeting work CPU s (\d+\.\d+) \((\d+) meetings\)\n", result.stdout)
    assert match, result.stdout
    meeting_files = [path for path in (archive / "content").glob("*/*.md") if not path.name.startswith("_")]
    assert float(match.group(1)) > 0 and int(match.group(2)) == len(meeting_files) == 30
    checked = subprocess.run([sys.executable, str(REPO / "bench/meeting_work.py"), str(archive), "--check"],
                             capture_output=True, text=True, timeout=300, cwd=REPO)
    assert checked.returncode == 0, checked.stderr[-2000:]
    match = re.fullmatch(r"check work CPU s (\d+\.\d+) \((\d+) meetings\)\n", checked.stdout)
    assert match and float(match.group(1)) > 0 and int(match.group(2)) == 30, checked.stdout
