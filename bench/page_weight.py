"""Page weight: what a reader downloads for one page, HTML + the CSS and JS it loads, compressed.

Budget: a meeting page stays under 60 KB with gzip, the search index excluded.
Builds the project (default: this repository) into a temporary folder and prints, for one page
of each kind (the largest), the raw and gzip -9 size of the page and each file it loads, plus
Brotli when the `brotli` module happens to be installed.

    .venv/bin/python bench/page_weight.py [PROJECT_DIR]
"""

from __future__ import annotations

import gzip
import re
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.load.config import load_config  # noqa: E402
from generator.build.pipeline import build  # noqa: E402

BUDGET = 60 * 1024

try:
    import brotli  # type: ignore
except ImportError:  # optional
    brotli = None


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet" and a.get("href"):
            self.urls.append(a["href"])
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])


def sizes(site: Path, rel: str) -> list[tuple[str, int, int, int | None]]:
    parser = _Resources()
    parser.feed((site / rel).read_text(encoding="utf-8"))
    files = [rel] + [urlparse(urljoin("http://x/" + rel, u)).path.lstrip("/") for u in parser.urls]
    rows = []
    for name in files:
        data = (site / name).read_bytes()
        rows.append((name, len(data), len(gzip.compress(data, 9, mtime=0)),
                     len(brotli.compress(data)) if brotli else None))
    return rows


def kind(path: str, slugs: set[str]) -> str:
    parts = path.split("/")
    if parts[0] in slugs:
        parts[0] = "<body>"
    if parts[-1] != "index.html" and len(parts) > 1:
        parts[-1] = re.sub(r"\d", "0", parts[-1]) if re.search(r"\d", parts[-1]) else "*.html"
    return "/".join(parts[:1] + ["*"] * (len(parts) - 2) + parts[-1:]) if len(parts) > 2 else "/".join(parts)


def main() -> int:
    project = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).resolve().parent.parent)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "output"
        build(load_config(project, output_dir=str(out)))
        slugs = {p.parent.name for p in (project / "content").glob("*/_body.md")}
        chosen: dict[str, str] = {}
        for page in sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")):
            if page.startswith(("assets/", "search/")):
                continue
            k = kind(page, slugs)
            if k not in chosen or (out / page).stat().st_size > (out / chosen[k]).stat().st_size:
                chosen[k] = page
        worst_meeting = 0
        for k, page in sorted(chosen.items()):
            rows = sizes(out, page)
            raw, gz = sum(r[1] for r in rows), sum(r[2] for r in rows)
            br = sum(r[3] for r in rows) if brotli else None
            print(f"{k:28} {page:40} raw {raw / 1024:6.1f} KB  gzip {gz / 1024:5.1f} KB"
                  + (f"  brotli {br / 1024:5.1f} KB" if br is not None else ""))
            for name, r, g, _ in rows[1:]:
                print(f"{'':30}{name:38} raw {r / 1024:6.1f} KB  gzip {g / 1024:5.1f} KB")
            if k.startswith("<body>/0"):
                worst_meeting = max(worst_meeting, gz)
        verdict = "within" if worst_meeting < BUDGET else "OVER"
        print(f"\nlargest meeting page, HTML+CSS+JS gzip: {worst_meeting / 1024:.1f} KB "
              f"({verdict} the {BUDGET // 1024} KB budget)")
        return 0 if worst_meeting < BUDGET else 1


if __name__ == "__main__":
    raise SystemExit(main())
