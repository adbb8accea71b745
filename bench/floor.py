"""The floor: the least work any generator in Python must do for an archive. Read every file,
split front matter, render the Markdown with markdown-it-py, render one small Jinja2 template,
write the HTML; on N processes. The real build is measured as a ratio to this."""

from __future__ import annotations

import multiprocessing
import shutil
import sys
from pathlib import Path

import yaml
from jinja2 import Environment
from markdown_it import MarkdownIt

_md = MarkdownIt("commonmark", {"html": True}).enable(["table"])
_template = Environment(autoescape=True).from_string(
    "<!doctype html><html lang=sv><title>{{ title }}</title><main>{{ body | safe }}</main></html>")
_out: Path | None = None


def _one(path: Path) -> int:
    text = path.read_text(encoding="utf-8")
    _, front, body = text.split("---\n", 2)
    meta = yaml.load(front, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    html = _template.render(title=str(meta.get("date")), body=_md.render(body))
    target = _out / path.parent.name / (path.stem + ".html")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(html, encoding="utf-8")
    return len(html)


def _init(out: Path) -> None:
    global _out
    _out = out


def run_floor(content: Path, out: Path, jobs: int) -> int:
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    files = sorted(p for p in content.glob("*/*.md") if not p.name.startswith("_"))
    if jobs <= 1:
        _init(out)
        return sum(map(_one, files))
    with multiprocessing.get_context("fork").Pool(jobs, initializer=_init, initargs=(out,)) as pool:
        return sum(pool.imap_unordered(_one, files, chunksize=16))


if __name__ == "__main__":
    print(run_floor(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else 2))
