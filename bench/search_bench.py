"""Bytes a browser transfers for search: this project's sharded lunr index vs Pagefind.

    .venv/bin/python bench/search_bench.py --meetings 5000 [--pagefind "python -m pagefind"]

Builds a synthetic archive (tests/fixtures/search_synthetic.py) both ways, serves each over loopback
http with gzip for text files (as any real host does), and counts the response bytes the server
sends while headless Chromium runs a first query (empty cache: scripts, manifest, postings, the
documents of the first 10 results) and then later queries in the same page. The host HTML page
is not counted for either. Pagefind runs through its JS API with the first 10 results' data loaded.
The last column adds up all five queries' bytes by kind of file (code, manifest, terms, lengths,
docs for this project; everything under pagefind/ for Pagefind).

Pagefind is not a dependency of the project: install it in a scratch venv outside the repository
(`python3 -m venv /tmp/pf && /tmp/pf/bin/pip install "pagefind[bin]"`) and pass
`--pagefind "/tmp/pf/bin/python -m pagefind"`.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import yaml
from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from generator.render.typeset import typeset
from generator.search import write_search_index
from generator.theme import ASSETS, LAYOUTS

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))  # the synthetic archive is a test fixture
from fixtures.search_synthetic import synthetic_documents  # noqa: E402
QUERIES = ["avtalet", "flyktingmottagning", "upphandling", "kollektivtrafik", "budget"]
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]
BASE = """<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{% block title %}{% endblock %}</title>
{% block head %}{% endblock %}</head><body><main>{% block main %}{% endblock %}</main>{% block scripts %}{% endblock %}</body></html>"""
PAGEFIND_HOST = """<!doctype html><html><head><meta charset="utf-8"><title>pagefind</title></head><body>
<p id="out"></p><script src="host.js" type="module"></script></body></html>"""
PAGEFIND_SCRIPT = """
const pagefind = await import("./pagefind/pagefind.js");
await pagefind.init();
window.runQuery = async (q) => {
  const search = await pagefind.search(q);
  const data = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  document.getElementById("out").textContent = search.results.length + " " + q;
  return data.length;
};
window.ready = true;
"""
TEXT_TYPES = (".js", ".css", ".html", ".json", ".mjs")


class CountingHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files, gzips text ones, and adds up the bytes of every response body it sends."""

    counter: list[int]
    parts: Counter

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path.split("?")[0]))
        if not path.is_file():
            self.send_error(404)
            return
        data = path.read_bytes()
        encoding = None
        if path.suffix in TEXT_TYPES and "gzip" in self.headers.get("Accept-Encoding", ""):
            data, encoding = gzip.compress(data, 6), "gzip"
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        if encoding:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        if not path.name.endswith(".html"):
            self.counter[0] += len(data)
            self.parts[_part(self.path)] += len(data)


def _part(url: str) -> str:
    """What kind of file a request is, for the breakdown: scripts, manifest, terms, docs, ..."""
    path = url.split("?")[0]
    if path.endswith((".js", ".css", ".mjs", ".wasm")) or "/vendor/" in path:
        return "code"
    if "/search/" in path:
        return path.split("/search/", 1)[1].split("/")[0].split(".")[0]
    return "pagefind"


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, list[int]]:
    counter = [0]
    parts: Counter = Counter()
    handler = functools.partial(type("Handler", (CountingHandler,), {"counter": counter, "parts": parts}),
                                directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    server.parts = parts  # type: ignore[attr-defined]
    return server, counter


def build_ours(documents, site: Path) -> float:
    environment = Environment(loader=ChoiceLoader([DictLoader({"base.html": BASE}),
                                                   FileSystemLoader(LAYOUTS)]),
                              autoescape=select_autoescape(["html"]))
    text = yaml.safe_load((REPO / "generator" / "locales" / "sv.yml").read_text(encoding="utf-8"))
    environment.globals.update(t=text, lang="sv", cl=Markup(""), ul=Markup(""))
    environment.filters["typeset"] = lambda value, language="sv": typeset(value, language)
    bodies = sorted({(d.body, d.body_name) for d in documents})
    years = sorted({int(d.date[:4]) for d in documents}, reverse=True)
    page = environment.get_template("search.html").render(
        root="", site=SimpleNamespace(title="Bench"), years=years, statuses=["justerat", "ojusterat"],
        bodies=[SimpleNamespace(slug=s, name=n) for s, n in bodies])
    site.mkdir(parents=True)
    (site / "search.html").write_text(page, encoding="utf-8")
    shutil.copytree(ASSETS, site / "assets")
    started = time.perf_counter()
    write_search_index(documents, site)
    return time.perf_counter() - started


def build_pagefind(documents, site: Path, command: list[str]) -> float:
    meetings: dict[str, list] = {}
    for d in documents:
        meetings.setdefault(d.url.split("#")[0], []).append(d)
    for path, items in meetings.items():
        sections = "".join(f'<section id="{d.url.split("#")[1]}"><h2>{d.item_number} {d.title}</h2><p>{d.text}</p></section>'
                           for d in items)
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(f'<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>{path}</title></head>'
                          f'<body><main data-pagefind-body><h1>{items[0].body_name} {items[0].date}</h1>{sections}</main></body></html>',
                          encoding="utf-8")
    (site / "host.html").write_text(PAGEFIND_HOST, encoding="utf-8")
    (site / "host.js").write_text(PAGEFIND_SCRIPT, encoding="utf-8")
    started = time.perf_counter()
    subprocess.run([*command, "--site", str(site)], check=True, capture_output=True)
    return time.perf_counter() - started


def measure(browser, url: str, counter: list[int], parts: Counter, first, later) -> tuple[int, list[int], list[int]]:
    """The bytes of the first query, of each later one, and of each query's results page (the
    document chunks of its ten results; 0 for Pagefind, whose files are not told apart)."""
    context = browser.new_context()
    page = context.new_page()
    counter[0] = 0
    first(page, url)
    first_bytes = counter[0]
    later_bytes, results_bytes = [], [parts["docs"]]
    for query in QUERIES[1:]:
        counter[0] = 0
        before = parts["docs"]
        later(page, query)
        later_bytes.append(counter[0])
        results_bytes.append(parts["docs"] - before)
    context.close()
    return first_bytes, later_bytes, results_bytes


def ours_first(page, url: str) -> None:
    page.goto(url + "search.html?q=" + QUERIES[0])
    page.locator("#search-status:not(:empty)").wait_for()


def ours_later(page, query: str) -> None:
    page.locator("#search-q").fill(query)
    page.keyboard.press("Enter")
    page.locator("#search-status", has_text=query).wait_for()
    page.wait_for_load_state("networkidle")


def pagefind_first(page, url: str) -> None:
    page.goto(url + "host.html")
    page.wait_for_function("window.ready === true")
    page.evaluate("q => window.runQuery(q)", QUERIES[0])


def pagefind_later(page, query: str) -> None:
    page.evaluate("q => window.runQuery(q)", query)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--pagefind", default="python -m pagefind", help="command that runs Pagefind")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        print("| meetings | items | tool | build s | index MB on disk | first query KB | later queries KB (each) "
              "| results pages KB (document chunks, each query) | all queries by file kind, KB |")
        print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
        for meetings in args.meetings:
            documents = list(synthetic_documents(meetings))
            with tempfile.TemporaryDirectory() as temp:
                for tool in ("minutes", "pagefind"):
                    site = Path(temp) / tool
                    if tool == "minutes":
                        seconds = build_ours(documents, site)
                        index = site / "search"
                        first, later = ours_first, ours_later
                    else:
                        seconds = build_pagefind(documents, site, shlex.split(args.pagefind))
                        index = site / "pagefind"
                        first, later = pagefind_first, pagefind_later
                    size = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
                    server, counter = serve(site)
                    try:
                        first_bytes, later_bytes, results_bytes = measure(
                            browser, f"http://127.0.0.1:{server.server_port}/", counter, server.parts, first, later)
                        breakdown = ", ".join(f"{name} {size / 1000:.0f}" for name, size in server.parts.most_common())
                    finally:
                        server.shutdown()
                        server.server_close()
                    print(f"| {meetings} | {len(documents)} | {tool} | {seconds:.1f} | {size / 1e6:.1f} | "
                          f"{first_bytes / 1000:.1f} | {', '.join(f'{b / 1000:.1f}' for b in later_bytes)} | "
                          f"{', '.join(f'{b / 1000:.1f}' for b in results_bytes) if tool == 'minutes' else ''} | "
                          f"{breakdown} |", flush=True)
        browser.close()


if __name__ == "__main__":
    main()
