"""CPU seconds the build's own Markdown parsing takes for an archive, alone, in one process:
the part of a clean build that no other work can make smaller (the floor, bench/floor.py, parses the same
text with a stock markdown-it-py). Reading files and splitting front matter are not counted.

    python bench/parse_cpu.py <content folder>     prints: parse CPU s <seconds>
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.model.markdown import parse  # noqa: E402


def parse_cpu(content: Path) -> float:
    files = sorted(p for p in content.glob("*/*.md") if not p.name.startswith("_"))
    bodies = [path.read_text(encoding="utf-8").split("---\n", 2)[2] for path in files]
    start = time.process_time()
    for body in bodies:
        parse(body)
    return time.process_time() - start


if __name__ == "__main__":
    print(f"parse CPU s {parse_cpu(Path(sys.argv[1])):.3f}")
