"""Peers as a reference line: Pelican and MkDocs building the same Markdown as the archive.

Each peer gets the meetings' Markdown bodies with the front matter replaced by what the peer
reads (Pelican's Title/Date header; MkDocs takes the body as it is), then builds with its own
default theme. The peers publish much less than minutes does (no registers, search index, feeds,
calendars or open data), so their time is a reference, not a floor.

The peers live in their own virtual environment, so that they never become dependencies:

    python3 -m venv /tmp/peers-venv && /tmp/peers-venv/bin/pip install pelican markdown mkdocs
    python bench/peers.py --project /tmp/minutes-bench/archive-realistic-1000 --venv /tmp/peers-venv
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

PELICAN_CONF = """\
PATH = "content"
OUTPUT_PATH = "output"
SITENAME = "Arkiv"
TIMEZONE = "Europe/Stockholm"
DEFAULT_LANG = "sv"
RELATIVE_URLS = True
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
DEFAULT_PAGINATION = 20
"""


def meetings(project: Path):
    """(body, date, Markdown body without front matter) for every meeting file of an archive."""
    for path in sorted((project / "content").glob("*/*.md")):
        if path.name.startswith("_"):
            continue
        text = path.read_text(encoding="utf-8")
        body = text.split("\n---\n", 1)[1] if text.startswith("---\n") else text
        yield path.parent.name, path.stem, body


def prepare_pelican(project: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    (target / "content").mkdir(parents=True)
    (target / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
    for body, date, text in meetings(project):
        folder = target / "content" / body
        folder.mkdir(exist_ok=True)
        header = f"Title: {body} {date}\nDate: {date}\nCategory: {body}\nSlug: {body}-{date}\n\n"
        (folder / f"{date}.md").write_text(header + text, encoding="utf-8")
    return target


def prepare_mkdocs(project: Path, target: Path) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    (target / "docs").mkdir(parents=True)
    (target / "mkdocs.yml").write_text("site_name: Arkiv\nuse_directory_urls: false\n", encoding="utf-8")
    (target / "docs" / "index.md").write_text("# Arkiv\n", encoding="utf-8")
    for body, date, text in meetings(project):
        folder = target / "docs" / body
        folder.mkdir(exist_ok=True)
        (folder / f"{date}.md").write_text(text, encoding="utf-8")
    return target


def commands(venv: Path, workdir: Path, project: Path) -> dict[str, tuple[list[str], Path]]:
    """Each peer's build command and the folder it runs in, its project freshly prepared."""
    pelican = prepare_pelican(project, workdir / "peer-pelican")
    mkdocs = prepare_mkdocs(project, workdir / "peer-mkdocs")
    return {
        "Pelican": ([str(venv / "bin" / "pelican"), "content", "-s", "pelicanconf.py", "-q"], pelican),
        "MkDocs": ([str(venv / "bin" / "mkdocs"), "build", "-q"], mkdocs),
    }


def main() -> None:
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import run_timed

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--project", type=Path, required=True, help="an archive, e.g. from bench/synth.py")
    parser.add_argument("--venv", type=Path, required=True, help="a virtual environment with pelican and mkdocs")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/minutes-peers"))
    args = parser.parse_args()
    print("| peer | wall s | CPU s | peak MB |")
    print("|:---|---:|---:|---:|")
    for name, (command, cwd) in commands(args.venv, args.workdir, args.project).items():
        timed = run_timed(command, cwd=cwd)
        print(f"| {name} | {timed.wall:.2f} | {timed.cpu:.1f} | {timed.rss_kb / 1024:.0f} |", flush=True)


if __name__ == "__main__":
    main()
