"""The search page in headless Chromium, as a citizen uses it, on the sample archive.

The site is served over loopback http from a sub-path (/arkiv/) under a strict CSP with no inline
script or style. The page is layouts/search.html on a minimal base layout with the same blocks as
the real one, so these tests do not depend on the rest of the site.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator.render.typeset import typeset
from generator.search import SearchDocument, write_search_index
from generator.search.pipeline import stem
from fixtures.search_sample import SAMPLE_DOCUMENTS
from generator.theme import ASSETS, LAYOUTS

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
       "img-src 'self'; base-uri 'none'; form-action 'self'")

BASE_LAYOUT = f"""<!doctype html>
<html lang="sv">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<title>{{% block title %}}{{% endblock %}} – {{{{ site.title }}}}</title>
{{% block head %}}{{% endblock %}}
</head>
<body>
<main id="main">{{% block main %}}{{% endblock %}}</main>
{{% block scripts %}}{{% endblock %}}
</body>
</html>
"""

MEETING_PAGE = """<!doctype html><html lang="sv"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{csp}"><title>{title}</title></head>
<body><main><h1>{title}</h1>{items}</main>
<script src="../assets/search/landing.js" data-note="Orden du sökte efter är markerade: {{query}}." defer></script>
</body></html>"""


def template_globals(language: str = "sv") -> dict:
    """What the build's Jinja environment provides to every page: interface text and lang marks."""
    locale = REPO / "generator" / "locales" / f"{language}.yml"
    text = yaml.safe_load(locale.read_text(encoding="utf-8")) if locale.exists() else {}
    return {"t": text, "lang": text.get("lang", "sv"), "cl": Markup(""), "ul": Markup("")}


def build_site(site: Path, language: str = "sv", documents=SAMPLE_DOCUMENTS) -> None:
    layouts = site.parent / "layouts"
    layouts.mkdir()
    (layouts / "base.html").write_text(BASE_LAYOUT, encoding="utf-8")
    environment = Environment(
        loader=ChoiceLoader([FileSystemLoader(layouts), FileSystemLoader(LAYOUTS)]),
        autoescape=select_autoescape(["html"]), undefined=StrictUndefined)
    environment.globals.update(template_globals(language))
    environment.filters["typeset"] = lambda value, content_language="sv": typeset(value, content_language)
    bodies = sorted({(d.body, d.body_name) for d in documents})
    years = sorted({int(d.date[:4]) for d in documents}, reverse=True)
    page = environment.get_template("search.html").render(
        root="", site=SimpleNamespace(title="Protokollarkivet"),
        bodies=[SimpleNamespace(slug=slug, name=name) for slug, name in bodies], years=years,
        statuses=sorted({d.status for d in documents}))
    site.mkdir()
    (site / "search.html").write_text(page, encoding="utf-8")
    shutil.copytree(ASSETS, site / "assets")
    write_search_index(documents, site)
    # Meeting pages with the items' anchors, so result links can be followed.
    meetings: dict[str, list[str]] = {}
    for document in documents:
        path, anchor = document.url.split("#")
        meetings.setdefault(path, []).append(
            f'<section class="item" id="{anchor}"><h2>{document.title}</h2><p>{document.text}</p></section>')
    for path, items in meetings.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(MEETING_PAGE.format(title=path, items="".join(items), csp=CSP), encoding="utf-8")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def _served_site(tmp_path_factory: pytest.TempPathFactory, language: str,
                 documents=SAMPLE_DOCUMENTS) -> Iterator[SimpleNamespace]:
    root = tmp_path_factory.mktemp("search-site")
    build_site(root / "arkiv", language, documents)
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}/arkiv/", path=root / "arkiv")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    yield from _served_site(tmp_path_factory, "sv")


# An English-writing body beside the Swedish ones: its items are analysed in English.
ENGLISH_DOCUMENTS = (
    SearchDocument(ref="town-board/2024-03-05#item-3", url="town-board/2024-03-05.html#item-3", body="town-board",
                   body_name="Town Board, Example Town", date="2024-03-05", status="justerat", item_number="3",
                   title="Decorators for the town hall",
                   text="The board agreed to hire decorators. The var of the budget was discussed.",
                   language="en"),
    SearchDocument(ref="town-board/2024-03-05#item-4", url="town-board/2024-03-05.html#item-4", body="town-board",
                   body_name="Town Board, Example Town", date="2024-03-05", status="justerat", item_number="4",
                   title="Meetings of the committees", text="The committees will be meeting monthly.",
                   language="en"),
)


@pytest.fixture(scope="module")
def mixed_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    yield from _served_site(tmp_path_factory, "sv", SAMPLE_DOCUMENTS + ENGLISH_DOCUMENTS)


@pytest.fixture(scope="module")
def english_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    yield from _served_site(tmp_path_factory, "en")


@pytest.fixture
def page(browser) -> Iterator:
    context = browser.new_context()
    page = context.new_page()
    problems: list[str] = []
    # Failed requests are reported by URL below; the console's copy of them names none.
    page.on("console", lambda m: problems.append(m.text)
            if m.type in ("error", "warning") and not m.text.startswith("Failed to load resource") else None)
    page.on("response", lambda r: problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    yield page
    context.close()
    assert problems == [], problems  # CSP violations and script errors end up here


def wait_for_status(page, text: str = "") -> None:
    # Locators, not wait_for_function: a string predicate is eval'd, which the CSP forbids.
    locator = page.locator("#search-status", has_text=text) if text else page.locator("#search-status:not(:empty)")
    locator.wait_for()


def search(page, site, query: str = "") -> None:
    page.goto(site.url + "search.html" + query)
    wait_for_status(page)


def titles(page) -> list[str]:
    return page.locator(".search-result__title").all_inner_texts()


def status(page) -> str:
    return page.locator("#search-status").inner_text()


def test_avtalet_finds_avtal(page, site) -> None:
    search(page, site, "?q=avtalet")
    found = titles(page)
    # "Föregående möten" only says "avtal"; "Kollektivtrafik" only "avtalen".
    assert "2 Föregående möten" in found
    assert "§ 19 Kollektivtrafik" in found
    marks = {m.lower() for m in page.locator(".search-results mark").all_inner_texts()}
    assert {"avtal", "avtalet", "avtalen"} <= marks


def test_beslutade_finds_beslut(page, site) -> None:
    search(page, site, "?q=beslutade")
    assert "3 Undersökning UNGA13" in titles(page)  # only "beslut" there
    assert "beslut" in page.locator(".search-results mark").all_inner_texts()


def test_prefix_search(page, site) -> None:
    search(page, site, "?q=kommunchef*")
    found = titles(page)
    assert "6.2 Brottsofferjouren" in found  # "Kommuncheferna"
    assert "4 Samverkan inom IT-området" in found  # "Kommunchefsgruppen"
    assert "§ 18 Utredning forum hälso- och sjukvård" not in found  # "Kommundirektörsgruppen"


def test_real_queries_from_the_issue(page, site) -> None:
    search(page, site, "?q=flyktingmottagning")
    assert {"2 Föregående möten", "§ 17 Flyktingmottagning i länet"} <= set(titles(page))
    search(page, site, "?q=Visma")
    assert titles(page) == ["4 PA-systemet – status"]
    assert status(page) == "1 träff för \u201dVisma\u201d."


def test_lunr_query_syntax(page, site) -> None:
    search(page, site, "?q=%2Bavtal+-kollektivtrafik")
    assert "§ 19 Kollektivtrafik" not in titles(page)
    assert "3 Överförmyndare – förändrade avtal för handläggning av ensamkommande barn och unga" in titles(page)
    search(page, site, "?q=title:flyktingmottagning")
    assert titles(page) == ["§ 17 Flyktingmottagning i länet"]


def test_body_filter(page, site) -> None:
    search(page, site, "?q=avtal&body=skane-nordvast-kdg")
    assert sorted(titles(page)) == ["4 Sjukvårdsavtalet", "§ 19 Kollektivtrafik"]
    metas = page.locator(".search-result__meta").all_inner_texts()
    assert all(meta.startswith("Kommundirektörsgruppen, Skåne Nordväst") for meta in metas)
    assert page.locator("#search-body").input_value() == "skane-nordvast-kdg"


def test_year_filter_and_date_order(page, site) -> None:
    search(page, site, "?q=flyktingmottagning&year=2024")
    assert titles(page) == ["§ 17 Flyktingmottagning i länet"]
    search(page, site, "?q=kommun*&sort=date")
    dates = page.locator(".search-result time").evaluate_all("ts => ts.map(t => t.dateTime)")
    assert dates == sorted(dates, reverse=True) and len(dates) > 3


def test_a_linked_search_opens_the_item(page, site) -> None:
    search(page, site, "?q=brottsofferjouren&body=umearegionen-kc&year=2017")
    assert page.locator("#search-q").input_value() == "brottsofferjouren"
    assert page.locator("#search-year").input_value() == "2017"
    meta = page.locator(".search-result__meta").first.inner_text()
    assert meta == "Kommunchefsgruppen, Umeåregionen · 17 augusti 2017 · Ojusterat"
    page.locator(".search-result__title a").first.click()
    page.wait_for_url("**/arkiv/umearegionen-kc/2017-08-17.html?hl=brottsofferjouren#punkt-6-2")


def test_back_returns_to_the_submitted_search_after_type_ahead(page, site) -> None:
    # Results that update while a citizen types must not overwrite the search before in history.
    page.goto(site.url + "search.html?q=avtalet")
    wait_for_status(page, "avtalet")
    page.locator("#search-q").fill("Visma")  # typed, not submitted: the type-ahead runs it
    wait_for_status(page, "Visma")
    assert "q=Visma" in page.url
    page.go_back()
    wait_for_status(page, "avtalet")
    assert page.locator("#search-q").input_value() == "avtalet"


def test_keyboard_only_search_and_back_button(page, site) -> None:
    page.goto(site.url + "search.html")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-q"
    page.keyboard.type("avtalet")
    page.keyboard.press("Enter")
    wait_for_status(page, "avtalet")
    assert "q=avtalet" in page.url
    page.locator("#search-q").fill("Visma")
    page.keyboard.press("Enter")
    wait_for_status(page, "Visma")
    page.go_back()
    wait_for_status(page, "avtalet")
    assert page.locator("#search-q").input_value() == "avtalet"
    # Tab past the form to the first result and open it with Enter.
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.search-result') !== null"):
            break
    href = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/arkiv/" + href)


def test_more_results_and_the_live_region(page, site) -> None:
    search(page, site, "?q=-zzzz")  # only negated: every document
    assert status(page) == f"{len(SAMPLE_DOCUMENTS)} träffar för \u201d-zzzz\u201d."
    assert page.locator("#search-status").get_attribute("role") == "status"
    assert page.locator(".search-result").count() == 10
    page.locator("#search-more").click()
    page.locator(".search-result").nth(len(SAMPLE_DOCUMENTS) - 1).wait_for()
    assert page.locator(".search-result").count() == len(SAMPLE_DOCUMENTS)
    assert page.evaluate("document.activeElement.closest('.search-result') !== null")
    assert page.locator("#search-more").is_hidden()


def test_bad_syntax_and_no_hits_are_announced(page, site) -> None:
    search(page, site, "?q=finnsinte")
    assert status(page) == "Inga träffar för \u201dfinnsinte\u201d."
    search(page, site, "?q=title%3A")
    assert status(page).startswith("Sökfrågan kunde inte tolkas")


def test_browser_stems_like_python(page, site) -> None:
    search(page, site, "?q=avtal")
    words = ["avtalet", "beslutade", "kommunchefsgruppen", "flyktingmottagningen", "högst", "fullt"]
    assert page.evaluate("ws => ws.map(w => lunr.swedish.stem(w))", words) == [stem(w) for w in words]


def test_first_results_within_150_ms_of_the_last_keystroke(page, site) -> None:
    search(page, site, "?q=avtal")  # warm the cache: scripts, manifest, shard, documents
    elapsed = page.evaluate("""async () => {
        const input = document.getElementById('search-q'), status = document.getElementById('search-status');
        input.value = 'avtalet';
        const started = performance.now();
        input.dispatchEvent(new Event('input'));
        await new Promise((resolve) => new MutationObserver(resolve).observe(status, {childList: true, characterData: true, subtree: true}));
        return performance.now() - started;
    }""")
    assert elapsed < 150


def test_without_javascript_the_page_says_so(browser, site) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "search.html?q=avtal")
    assert "Sökningen kräver JavaScript" in page.locator("noscript").inner_text() or \
        "Sökningen kräver JavaScript" in page.content()
    assert page.locator(".search-noscript").is_visible()
    context.close()


def test_from_a_file_url_the_page_explains_it_needs_a_server(browser, site) -> None:
    context = browser.new_context()
    page = context.new_page()
    page.goto((site.path / "search.html").as_uri() + "?q=avtal")
    wait_for_status(page)
    assert "webbserver" in page.locator("#search-status").inner_text()
    context.close()


def test_result_text_follows_the_site_language(page, english_site) -> None:
    # The script's text comes from the page (generator/locales/en.yml), not from search.js.
    search(page, english_site, "?q=Visma")
    assert status(page) == "1 result for \u201cVisma\u201d."
    meta = page.locator(".search-result__meta").inner_text()
    assert "17 August 2017" in meta and "Not yet approved" in meta
    search(page, english_site, "?q=%2B")
    assert "could not be understood" in status(page)


def test_status_filter(page, site) -> None:
    search(page, site, "?q=avtal&status=justerat")
    metas = page.locator(".search-result__meta").all_inner_texts()
    assert metas and all(meta.endswith("Justerat") for meta in metas)
    assert page.locator("#search-meeting-status").input_value() == "justerat"
    search(page, site, "?q=avtal&status=ojusterat")
    metas = page.locator(".search-result__meta").all_inner_texts()
    assert metas and all(meta.endswith("Ojusterat") for meta in metas)


# ---- what a citizen means: compounds, type-ahead, all words, phrases, corrections ----

def marks_per_result(page) -> list[list[str]]:
    return [result.locator("mark").all_inner_texts() for result in page.locator(".search-result").all()]


def test_a_compound_is_found_by_its_parts_and_ranks_after_whole_words(page, site) -> None:
    search(page, site, "?q=mottagning")
    assert "2 Föregående möten" in titles(page)  # only "flyktingmottagning" there
    assert "flyktingmottagning" in {m.lower() for m in page.locator(".search-results mark").all_inner_texts()}
    search(page, site, "?q=avtal")
    found = titles(page)
    assert "4 Sjukvårdsavtalet" in found
    # Results where "avtal" stands as a word (any inflection) come before those with it only in
    # a compound (sjukvårdsavtal, utvecklingsavtal).
    whole = [any(m.lower().startswith("avtal") for m in marks) for marks in marks_per_result(page)]
    assert True in whole and whole == sorted(whole, reverse=True)


def test_results_update_as_the_citizen_types_with_the_last_word_as_a_prefix(page, site) -> None:
    page.goto(site.url + "search.html")
    page.locator("#search-q").press_sequentially("flyktingmott", delay=20)
    wait_for_status(page, "flyktingmott")
    assert "2 Föregående möten" in titles(page)  # "flyktingmottagning", never typed in full
    assert "q=flyktingmott" in page.url


def test_documents_with_all_the_words_come_first(page, site) -> None:
    search(page, site, "?q=avtal+samh%C3%A4llsorienteringen")
    found = titles(page)
    assert found[0] == "2 Föregående möten"  # both words; the others have only "avtal"
    assert len(found) > 1


def test_a_quoted_phrase_matches_as_a_phrase(page, site) -> None:
    search(page, site, "?q=%22flyktingmottagning+i+l%C3%A4net%22")
    assert titles(page) == ["§ 17 Flyktingmottagning i länet"]
    search(page, site, "?q=%22l%C3%A4net+flyktingmottagning%22")  # the words, but not in this order
    assert titles(page) == []


def test_did_you_mean_from_the_index_vocabulary(page, site) -> None:
    search(page, site, "?q=Vsima")
    assert page.locator("#search-notice").inner_text() == "Menade du visma? Visar träffar för det."
    assert titles(page) == ["4 PA-systemet – status"]
    page.locator("#search-notice a").click()
    wait_for_status(page, "visma")
    assert page.locator("#search-q").input_value() == "visma"


def test_letters_without_accents_find_the_word_with_them(page, site) -> None:
    search(page, site, "?q=Umea")
    assert page.locator("#search-notice").inner_text() == "Visar träffar för umeå."
    assert "2 Föregående möten" in titles(page)
    assert "Umeå" in page.locator(".search-results mark").all_inner_texts()


def test_results_keep_title_meeting_and_excerpt_apart(page, site) -> None:
    search(page, site, "?q=Visma")
    result = page.locator(".search-result").first
    assert result.locator(".search-result__title").inner_text() == "4 PA-systemet – status"
    assert result.locator(".search-result__meta").inner_text().startswith("Kommunchefsgruppen, Umeåregionen · 17")
    excerpt = result.locator(".search-result__excerpt").inner_text()
    # The sentence around the hit, not the item's text from its start.
    assert "Visma" in excerpt and not excerpt.startswith("Kommunchefsgruppen resonerade")
    assert "PA-systemet" not in excerpt


def test_landing_on_the_item_marks_the_searched_words(page, site) -> None:
    search(page, site, "?q=avtal")
    page.locator(".search-result__title a", has_text="Sjukvårdsavtalet").click()
    page.wait_for_url("**/skane-nordvast-kdg/**?hl=avtal#*")
    note = page.locator(".search-landing")
    note.wait_for()
    assert "avtal" in note.inner_text()
    item = page.locator("section.item:target")
    marks = {m.lower() for m in item.locator("mark").all_inner_texts()}
    assert "sjukvårdsavtalet" in marks and "avtalet" in marks
    assert note.is_visible() and page.evaluate("document.querySelector('.search-landing').getBoundingClientRect().top") >= 0


def test_results_fit_a_320_pixel_screen(browser, site) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    search(page, site, "?q=kommunchefsgruppen")
    assert page.locator(".search-result").count() > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    context.close()


def test_an_english_body_is_searched_in_english(page, mixed_site) -> None:
    search(page, mixed_site, "?q=decorator")
    assert titles(page) == ["3 Decorators for the town hall"]
    search(page, mixed_site, "?q=var")  # a Swedish stop word, an English word
    assert titles(page) == ["3 Decorators for the town hall"]
    search(page, mixed_site, "?q=meeting")
    assert "4 Meetings of the committees" in titles(page)
    search(page, mixed_site, "?q=avtalet")  # the Swedish bodies still stem in Swedish
    assert "2 Föregående möten" in titles(page)


def test_a_compound_in_the_query_finds_its_parts_written_apart(page, site) -> None:
    # No item writes "samverkansprojektdirektiv"; one writes "Projektdirektiv för samverkan".
    search(page, site, "?q=samverkansprojektdirektiv")
    assert titles(page)[0] == "4 Samverkan inom IT-området"
    marks = {m.lower() for m in page.locator(".search-result").first.locator("mark").all_inner_texts()}
    assert {"projektdirektiv", "samverkan"} <= marks


def test_an_excerpt_never_reaches_across_text_the_build_left_out(page, site) -> None:
    # A long item's chunk holds some of its sentences, with "…" where text was left out
    # (chunks.excerpt_source): a sentence ends there, and with no searched word the first shows.
    search(page, site, "?q=avtal")
    shown = page.evaluate("""() => {
        const text = "Första meningen här. \u2026 Avtalet undertecknades i dag. \u2026 Sista meningen.";
        const cut = (terms) => MinutesSearch.highlight(text, terms, (w) => w.toLowerCase(), 4)
            .map((s) => s.mark ? "[" + s.text + "]" : s.text).join("");
        return [cut(["avtalet"]), cut(["saknas"])];
    }""")
    assert shown == ["…[Avtalet] undertecknades i dag.…", "Första meningen här.…"]
