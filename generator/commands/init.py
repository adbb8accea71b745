"""`minutes init [DIR] [--language sv|en]`: a new archive that builds at once.

The scaffold is data, one folder per language under generator/scaffold/ (site config, one body,
one meeting, people.yml) and the files every archive shares (generator/scaffold/common: a
.gitignore and CI workflows that build and deploy to GitHub Pages and GitLab Pages). File names
and texts may hold `{today}` (the meeting's date) and `{due}` (its action's due date).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

SCAFFOLD = Path(__file__).parent.parent / "scaffold"
COMMON = "common"
# Package data cannot carry dot-files reliably; these are renamed as they are written.
_RENAMED = {"gitignore": ".gitignore", "gitlab-ci.yml": ".gitlab-ci.yml", "github": ".github"}


class InitError(Exception):
    pass


@dataclass(frozen=True)
class Scaffolded:
    project: Path
    files: tuple[Path, ...]


def scaffold_languages() -> list[str]:
    return sorted(p.name for p in SCAFFOLD.iterdir() if p.is_dir() and p.name != COMMON)


def _planned(language: str, today: dt.date) -> dict[Path, str]:
    due = today + dt.timedelta(days=30)
    files: dict[Path, str] = {}
    for root in (SCAFFOLD / language, SCAFFOLD / COMMON):
        for source in sorted(p for p in root.rglob("*") if p.is_file()):
            parts = [_RENAMED.get(part, part).replace("{today}", today.isoformat())
                     for part in source.relative_to(root).parts]
            text = source.read_text(encoding="utf-8")
            files[Path(*parts)] = text.replace("{today}", today.isoformat()).replace("{due}", due.isoformat())
    return files


def init_project(target: Path, language: str, today: dt.date | None = None) -> Scaffolded:
    """Write a new archive into `target` (created if missing). Refuses a folder that already
    holds a minutes.yml or content/, so an existing archive is never overwritten."""
    if language not in scaffold_languages():
        raise InitError(f"no scaffold for language '{language}'; languages: {', '.join(scaffold_languages())}.")
    if target.exists() and not target.is_dir():
        raise InitError(f"{target} is a file, not a folder.")
    files = _planned(language, today or dt.date.today())
    taken = [rel for rel in files if (target / rel).exists()]
    if (target / "content").exists() and Path("content") not in taken:
        taken.append(Path("content"))
    if taken:
        raise InitError(f"{target} already holds {', '.join(str(t) for t in sorted(taken))}; nothing was written. "
                        "Choose an empty or new folder.")
    written = []
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
            handle.write(text)
        written.append(path)
    return Scaffolded(target, tuple(written))
