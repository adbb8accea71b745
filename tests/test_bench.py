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
