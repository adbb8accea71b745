"""Search quality and cost, this project's search vs Pagefind, side by side on the same built site.

    .venv/bin/python bench/search_quality.py [--meetings 1000] [--keep DIR] [--pagefind "/tmp/pf/bin/python -m pagefind"]

The site: the sample archive (content/), an English-writing town board (bench/quality/) and a
realistic bench archive of --meetings meetings (bench/synth.py), built by `minutes build`. Pagefind
(the `pagefind` package with its binary, `pip install "pagefind[bin]"`) indexes a copy of the same
built pages, restricted to the meeting pages' <article> (data-pagefind-body), so both search the
same items. Each query of bench/search_queries.yml runs in headless Chromium on both: ours through
the real search page (search.html?q=, what a citizen sees, with corrections), Pagefind through its
JS API with the data of the first ten results, its sub-results (one per item heading) taken in
page order, the sub-results with the most hits first.

Reported per query class: recall@10 (relevant items among the first ten, over the number of
relevant items, at most ten) and MRR (1 / rank of the first relevant item; 0 if none in the first
ten); then the bytes a browser fetches for a first query (empty cache) and a later one (median),
and the time from a keystroke to the results (median, warm): for ours from the input event to the
results on the page (the page waits 60 ms after a keystroke), for Pagefind its search() call with
the first ten results' data.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import yaml

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
import search_bench  # noqa: E402  (its counting http server)
import synth  # noqa: E402

PAGEFIND_HOST = """<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>pagefind</title></head><body>
<p id="out"></p><script src="/pf-host.js" type="module"></script></body></html>"""
PAGEFIND_SCRIPT = """
const pagefind = await import("/pagefind/pagefind.js");
await pagefind.init();
window.runQuery = async (q) => {
  const started = performance.now();
  const search = await pagefind.search(q);
  const pages = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
  const elapsed = performance.now() - started;
  const items = [];
  for (const page of pages) {
    const subs = (page.sub_results || []).map((s, i) => [s, i])
      .filter(([s]) => s.url.includes("#") && (s.locations || []).length > 0)
      .sort((a, b) => (b[0].locations.length - a[0].locations.length) || (a[1] - b[1]));
    for (const [s] of subs) items.push(s.url);
  }
  return { items, elapsed };
};
window.ready = true;
"""


def build_project(meetings: int, folder: Path) -> Path:
    project = folder / "project"
    synth.generate(meetings, project, seed=1, profile="realistic")
    content = project / "content"
    for source in sorted((REPO / "content").iterdir()):
        if source.is_dir():
            shutil.copytree(source, content / source.name)
    shutil.copytree(BENCH / "quality" / "town-board", content / "town-board")
    people = REPO / "content" / "people.yml"
    if people.exists() and (content / "people.yml").exists():
        # Both lists: the sample's people and the bench archive's.
        ours = yaml.safe_load(people.read_text(encoding="utf-8")) or []
        theirs = yaml.safe_load((content / "people.yml").read_text(encoding="utf-8")) or []
        (content / "people.yml").write_text(yaml.safe_dump(theirs + ours, allow_unicode=True), encoding="utf-8")
    elif people.exists():
        shutil.copy(people, content / "people.yml")
    environment = dict(os.environ, SOURCE_DATE_EPOCH="1795000000", PYTHONPATH=str(REPO))
    subprocess.run([sys.executable, "-m", "generator", "--project", str(project), "build"], check=True,
                   env=environment, stdout=subprocess.DEVNULL)
    return project / "output"


def build_pagefind(site: Path, copy: Path, command: list[str]) -> None:
    shutil.copytree(site, copy)
    for page in copy.glob("*/*.html"):
        html = page.read_text(encoding="utf-8")
        if '<article class="meeting"' in html:
            page.write_text(html.replace('<article class="meeting"', '<article data-pagefind-body class="meeting"', 1),
                            encoding="utf-8")
    (copy / "pf-host.html").write_text(PAGEFIND_HOST, encoding="utf-8")
    (copy / "pf-host.js").write_text(PAGEFIND_SCRIPT, encoding="utf-8")
    subprocess.run([*command, "--site", str(copy)], check=True, capture_output=True)


def items_of(project: Path) -> dict[str, str]:
    """url#anchor -> title and whole text of every item the index holds (the index's document
    files hold only excerpts of long items), parsed as a build parses them (search_texts)."""
    from generator.load.config import load_config
    from generator.search.chunks import display_text
    from search_texts import documents_with_texts

    config = load_config(project)
    items = {}
    for document in documents_with_texts(config):
        if not hasattr(document, "text"):
            raise SystemExit(f"{document.ref}: the item has no text")
        items[document.url] = f"{display_text(document.title)}\n{display_text(document.text)}"
    if not items:
        raise SystemExit(f"{project}: no items to judge the queries by")
    return items


def judged(queries: list[dict], items: dict[str, str]) -> list[set[str]]:
    result = []
    for query in queries:
        patterns = [re.compile(p, re.IGNORECASE) for p in query["relevant"]]
        result.append({url for url, text in items.items() if all(p.search(text) for p in patterns)})
    return result


def item_url(href: str) -> str:
    """A result link as the item's url: no leading slash, no ?hl=, Pagefind's "-title" heading ids."""
    href = href.split("://", 1)[-1]
    href = href.split("/", 1)[1] if "/" in href else href
    page, _, anchor = href.partition("#")
    page = page.split("?", 1)[0]
    if anchor.endswith("-title"):
        anchor = anchor[:-len("-title")]
    return f"{page}#{anchor}" if anchor else page


def run_ours(browser, url: str, counter: list[int], queries: list[dict]) -> tuple[list[list[str]], int, list[int], list[float]]:
    context = browser.new_context()
    page = context.new_page()
    rankings, later = [], []
    first = 0
    for number, query in enumerate(queries):
        counter[0] = 0
        if number == 0:
            page.goto(url + "search.html?q=" + _quote(query["q"]))
        else:
            page.locator("#search-q").fill(query["q"])
            page.keyboard.press("Enter")
        # The page marks the status with the query it shows the results of (search.js).
        page.locator("#search-status[data-query=%s]" % json.dumps(query["q"], ensure_ascii=False)).wait_for()
        page.wait_for_load_state("networkidle")
        hrefs = page.locator(".search-result__title a").evaluate_all("links => links.map(a => a.href)")
        rankings.append([item_url(h) for h in hrefs[:10]])
        if number == 0:
            first = counter[0]
        else:
            later.append(counter[0])
    times = []
    for query in queries[:30]:
        times.append(page.evaluate("""async (q) => {
            const input = document.getElementById('search-q'), list = document.getElementById('search-results');
            input.value = '';
            input.dispatchEvent(new Event('input'));
            await new Promise((r) => setTimeout(r, 120));
            const changed = new Promise((resolve) => new MutationObserver(resolve).observe(
                document.getElementById('search-status'), {childList: true, characterData: true, subtree: true}));
            input.value = q;
            const started = performance.now();
            input.dispatchEvent(new Event('input'));
            await changed;
            return performance.now() - started;
        }""", query["q"]))
    context.close()
    return rankings, first, later, times


def run_pagefind(browser, url: str, counter: list[int], queries: list[dict]) -> tuple[list[list[str]], int, list[int], list[float]]:
    context = browser.new_context()
    page = context.new_page()
    counter[0] = 0
    page.goto(url + "pf-host.html")
    page.wait_for_function("window.ready === true")
    rankings, later, times = [], [], []
    first = 0
    for number, query in enumerate(queries):
        if number > 0:
            counter[0] = 0
        result = page.evaluate("q => window.runQuery(q)", query["q"])
        page.wait_for_load_state("networkidle")
        seen: list[str] = []
        for href in result["items"]:
            item = item_url(href)
            if item not in seen:
                seen.append(item)
        rankings.append(seen[:10])
        if number == 0:
            first = counter[0]
        else:
            later.append(counter[0])
    for query in queries[:30]:
        times.append(page.evaluate("q => window.runQuery(q)", query["q"])["elapsed"])
    context.close()
    return rankings, first, later, times


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


def scores(ranking: list[str], relevant: set[str]) -> tuple[float, float]:
    if not relevant:
        return 1.0, 1.0
    found = sum(1 for url in ranking[:10] if url in relevant)
    reciprocal = next((1 / rank for rank, url in enumerate(ranking[:10], 1) if url in relevant), 0.0)
    return found / min(10, len(relevant)), reciprocal


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--queries", type=Path, default=BENCH / "search_queries.yml")
    parser.add_argument("--keep", type=Path, help="build here and keep the sites (default: a temporary folder)")
    parser.add_argument("--show", action="store_true", help="print each query's rankings")
    parser.add_argument("--pagefind", default=f"{shlex.quote(sys.executable)} -m pagefind",
                        help="command that runs Pagefind (default: this Python's pagefind package)")
    args = parser.parse_args()
    queries = yaml.safe_load(args.queries.read_text(encoding="utf-8"))
    for query in queries:
        query["q"] = str(query["q"])  # YAML reads 2017-08-30 as a date
    from playwright.sync_api import sync_playwright

    folder = Path(args.keep or tempfile.mkdtemp(prefix="search-quality-"))
    folder.mkdir(parents=True, exist_ok=True)
    site = folder / "project" / "output"
    if not (site / "search" / "index.json.gz").exists():
        site = build_project(args.meetings, folder)
    pagefind_site = folder / "pagefind-site"
    if not (pagefind_site / "pagefind").exists():
        shutil.rmtree(pagefind_site, ignore_errors=True)
        build_pagefind(site, pagefind_site, shlex.split(args.pagefind))
    items = items_of(site.parent)
    relevant = judged(queries, items)
    empty = [q["q"] for q, r in zip(queries, relevant) if not r]
    if empty:
        print(f"queries without a relevant item (judged wrong, fix them): {empty}", file=sys.stderr)
    results = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=search_bench.CHROMIUM_ARGS)
        for tool, root, run in (("minutes", site, run_ours), ("pagefind", pagefind_site, run_pagefind)):
            server, counter = search_bench.serve(root)
            try:
                results[tool] = run(browser, f"http://127.0.0.1:{server.server_port}/", counter, queries)
            finally:
                server.shutdown()
                server.server_close()
        browser.close()

    print(f"{len(items)} items ({args.meetings} bench meetings + the sample archive + the English board), "
          f"{len(queries)} judged queries\n")
    classes: dict[str, list[int]] = defaultdict(list)
    for number, query in enumerate(queries):
        classes[query["class"]].append(number)
    print("| class | queries | recall@10 minutes | recall@10 Pagefind | MRR minutes | MRR Pagefind |")
    print("| --- | --- | --- | --- | --- | --- |")
    totals = {tool: ([], []) for tool in results}
    for name, numbers in classes.items():
        row = [name, str(len(numbers))]
        per_tool = {}
        for tool, (rankings, *_ignored) in results.items():
            pairs = [scores(rankings[n], relevant[n]) for n in numbers]
            per_tool[tool] = (statistics.mean(p[0] for p in pairs), statistics.mean(p[1] for p in pairs))
            totals[tool][0].extend(p[0] for p in pairs)
            totals[tool][1].extend(p[1] for p in pairs)
        row += [f"{per_tool['minutes'][0]:.2f}", f"{per_tool['pagefind'][0]:.2f}",
                f"{per_tool['minutes'][1]:.2f}", f"{per_tool['pagefind'][1]:.2f}"]
        print("| " + " | ".join(row) + " |")
    print(f"| all | {len(queries)} | {statistics.mean(totals['minutes'][0]):.2f} | "
          f"{statistics.mean(totals['pagefind'][0]):.2f} | {statistics.mean(totals['minutes'][1]):.2f} | "
          f"{statistics.mean(totals['pagefind'][1]):.2f} |")
    print("\n| tool | first query KB | later query KB (median) | keystroke to results ms (median, warm) |")
    print("| --- | --- | --- | --- |")
    for tool, (_, first, later, times) in results.items():
        print(f"| {tool} | {first / 1000:.1f} | {statistics.median(later) / 1000:.1f} | {statistics.median(times):.0f} |")
    if args.show:
        for number, query in enumerate(queries):
            print(f"\n{query['class']}: {query['q']} ({len(relevant[number])} relevant)")
            for tool, (rankings, *_ignored) in results.items():
                marks = "".join("+" if url in relevant[number] else "." for url in rankings[number])
                print(f"  {tool:9} {marks:10} {scores(rankings[number], relevant[number])}")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
