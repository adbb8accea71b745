"""WCAG 2.1 AA, proven in a real browser on every page type of the built sample archive.

- axe-core (generator/commands/vendor/axe-core/axe.min.js, vendored from npm with its licence) is injected into
  headless Chromium with the tags wcag2a, wcag2aa, wcag21a and wcag21aa, on one page of every kind
  found in the output (home, body, meeting, search with results, the accessibility statement,
  404 and whatever other engineers add: kinds are discovered by path pattern), in the light and
  dark colour schemes, at 1280 px and at 375 px: zero violations.
- The Nu HTML Checker (vnu.jar from the npm package vnu-jar, run with Java) over every built page
  and the stylesheet: zero errors.
- Keyboard, focus, headings, landmarks, tables, responsive layout, print, no external requests,
  the page-weight budget, the accessibility statement, and the English interface.
- Screenshots of home, a body, a meeting and search at 1280 and 375 px go to
  test-artifacts/screenshots/ for a reviewer.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import frontmatter
import yaml

from generator.load.config import load_config
from generator.common.errors import BuildFailed
from generator.common.i18n import available_languages, messages, missing_keys
from generator.build.pipeline import build
from generator.commands.audit import html_pages, page_kind
from generator.theme import LAYOUTS

from conftest import REPO

pytestmark = pytest.mark.browser

AXE = REPO / "generator" / "commands" / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VNU_VERSION = "26.9.27"
VNU_JAR = Path(os.environ.get("VNU_JAR", REPO / ".cache" / "vnu" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"))
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
SEARCH_QUERY = "?q=avtal"
PAGE_WEIGHT_BUDGET = 60 * 1024  # a meeting page's HTML + CSS + JS, gzip-compressed
VARIANTS = [  # (name, viewport width, colour scheme)
    ("light-1280", 1280, "light"),
    ("dark-1280", 1280, "dark"),
    ("light-375", 375, "light"),
    ("dark-375", 375, "dark"),
]


# ---------------------------------------------------------------- discovering pages

# html_pages and page_kind: the same grouping `minutes audit` reports by (generator/commands/audit.py).


def representative_pages(site: Path) -> dict[str, str]:
    """One page per kind: the largest, which exercises the most template branches."""
    slugs = {p.parent.name for p in (REPO / "content").glob("*/_body.md")}
    chosen: dict[str, str] = {}
    for path in html_pages(site):
        kind = page_kind(path, slugs)
        if kind not in chosen or (site / path).stat().st_size > (site / chosen[kind]).stat().st_size:
            chosen[kind] = path
    return chosen


def url_of(base: str, path: str) -> str:
    return base + path + (SEARCH_QUERY if path == "search.html" else "")


def open_page(page, base: str, path: str) -> None:
    page.goto(url_of(base, path))
    if path == "search.html":  # search with results, not the empty form
        page.locator("#search-results li").first.wait_for()


@pytest.fixture(scope="module")
def site(seed_site):
    return seed_site


@pytest.fixture(scope="module")
def kinds(site):
    found = representative_pages(site)
    for required in ("index.html", "<body>/index.html", "<body>/0000-00-00.html", "404.html", "tillganglighet.html"):
        assert required in found, f"no page of kind {required} in the build: {sorted(found)}"
    return found


def test_every_kind_of_page_is_discovered(kinds):
    assert kinds["index.html"] == "index.html"
    if (LAYOUTS / "search.html").exists():
        assert kinds["search.html"] == "search.html"


# ---------------------------------------------------------------- axe-core

def run_axe(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})""",
        AXE_TAGS)
    return result["violations"]


def describe(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary'].splitlines()[-1].strip()}")
    return "\n".join(lines)


@pytest.mark.parametrize("variant,width,scheme", VARIANTS, ids=[v[0] for v in VARIANTS])
def test_axe_finds_no_wcag_violations_on_any_page_type(browser, serve_folder, site, kinds, variant, width, scheme):
    base = serve_folder(site)
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.set_default_timeout(10000)
    failures = []
    try:
        for kind, path in sorted(kinds.items()):
            open_page(page, base, path)
            violations = run_axe(page)
            if violations:
                failures.append(f"{path} ({kind}, {variant}):\n{describe(violations)}")
    finally:
        context.close()
    assert not failures, "\n\n".join(failures)


def test_axe_on_the_english_interface(browser, serve_folder, english_site):
    base = serve_folder(english_site)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    failures = []
    for path in representative_pages(english_site).values():
        open_page(page, base, path)
        violations = run_axe(page)
        if violations:
            failures.append(f"{path}:\n{describe(violations)}")
    context.close()
    assert not failures, "\n\n".join(failures)


# ---------------------------------------------------------------- Nu HTML Checker

@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    if not shutil.which("java"):
        pytest.fail("java is missing: apt-get install -y default-jre-headless (make test does it)")
    if not VNU_JAR.exists():
        if not shutil.which("npm"):
            pytest.fail(f"{VNU_JAR} is missing and npm is not installed: make vnu")
        subprocess.run(["npm", "install", "--prefix", str(REPO / ".cache" / "vnu"), "--no-save", "--no-audit",
                        "--no-fund", f"vnu-jar@{VNU_VERSION}"], check=True, capture_output=True)
    return VNU_JAR


def vnu_errors(jar: Path, *files: Path, css: bool = False) -> list[str]:
    command = ["java", "-jar", str(jar), "--errors-only", "--format", "json", "--stdout"]
    if css:
        command.append("--css")
    result = subprocess.run(command + [str(f) for f in files], capture_output=True, text=True, timeout=300)
    report = json.loads(result.stdout)
    return [f"{m['url'].rsplit('/', 2)[-2:]}:{m.get('lastLine')}: {m['message']}" for m in report["messages"]
            if m["type"] == "error" or m.get("subType") == "fatal"]


def test_nu_html_checker_finds_no_errors_in_any_page(vnu_jar, site, english_site):
    pages = [site / p for p in html_pages(site)] + [english_site / p for p in html_pages(english_site)]
    assert len(pages) > 10
    errors = vnu_errors(vnu_jar, *pages)
    assert not errors, "\n".join(errors)


def test_nu_css_checker_finds_no_errors_in_the_stylesheet(vnu_jar, site):
    errors = vnu_errors(vnu_jar, site / "assets" / "site.css", css=True)
    assert not errors, "\n".join(errors)


# ---------------------------------------------------------------- structure, checked in the HTML of every page

class Outline(HTMLParser):
    """Headings, landmarks, tables and lang attributes of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[int] = []
        self.tags: dict[str, int] = {}
        self.html_lang = ""
        self.tables: list[dict] = []
        self.skip_link = ""
        self.first_link = True

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "html":
            self.html_lang = a.get("lang", "")
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        if tag == "table":
            self.tables.append({"caption": False, "th": 0})
        if tag == "caption" and self.tables:
            self.tables[-1]["caption"] = True
        if tag == "th" and self.tables:
            self.tables[-1]["th"] += 1
        if tag == "a" and self.first_link:
            self.first_link = False
            self.skip_link = a.get("href", "")


def outline(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_every_page_has_one_h1_ordered_headings_landmarks_skip_link_and_lang(site):
    for rel in html_pages(site):
        o = outline(site / rel)
        assert o.html_lang == "sv", rel
        assert o.headings.count(1) == 1 and o.headings[0] == 1, (rel, o.headings)
        for before, after in zip(o.headings, o.headings[1:]):
            assert after <= before + 1, f"{rel}: heading level jumps from h{before} to h{after}"
        assert o.tags.get("main") == 1 and o.tags.get("header", 0) >= 1 and o.tags.get("footer", 0) >= 1, rel
        assert o.skip_link.endswith("#main"), rel
        for table in o.tables:
            assert table["caption"] and table["th"], f"{rel}: a table without caption or header cells"


def test_no_request_leaves_the_site(browser, serve_folder, site, kinds):
    base = serve_folder(site)
    host = urlparse(base).netloc
    context = browser.new_context()
    page = context.new_page()
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if urlparse(r.url).netloc not in (host, "") else None)
    for path in kinds.values():
        open_page(page, base, path)
        page.wait_for_load_state("networkidle")
    context.close()
    assert not outside


# ---------------------------------------------------------------- keyboard and focus

def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page, serve_folder, site):
    page.goto(serve_folder(site) + "umearegionen-kc/2015-08-19.html")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    assert skip.is_visible() and skip.bounding_box()["y"] >= 0  # shown on focus
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineWidth")
    assert float(outline.rstrip("px")) >= 2  # visible focus
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_every_link_and_control_shows_focus(page, serve_folder, site):
    page.goto(serve_folder(site) + "umearegionen-kc/2017-08-17.html")
    for _ in range(12):
        page.keyboard.press("Tab")
        style = page.evaluate("(() => { const s = getComputedStyle(document.activeElement);"
                              " return [s.outlineStyle, s.outlineWidth, document.activeElement.tagName]; })()")
        assert style[0] != "none" and float(style[1].rstrip("px")) >= 2, style


def test_search_works_with_the_keyboard_alone(page, serve_folder, site):
    if not (site / "search.html").exists():
        pytest.skip("no search page in this build")
    base = serve_folder(site)
    page.goto(base + "index.html")
    for _ in range(3):  # skip link, site title, header search box
        page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "site-search-q"
    page.keyboard.type("avtal")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search.html?q=avtal")
    page.locator("#search-results li").first.wait_for()
    first_result = page.locator("#search-results a").first
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('#search-results') !== null"):
            break
    assert page.evaluate("document.activeElement.href") == first_result.evaluate("a => a.href")
    page.keyboard.press("Enter")
    page.wait_for_url("**/*.html*#*")  # a result link carries ?hl=<words> for the landing page
    assert page.locator("h1").count() == 1


# ---------------------------------------------------------------- responsive, dark, print

@pytest.mark.parametrize("width", [320, 375])
def test_no_page_scrolls_sideways_on_a_phone(browser, serve_folder, site, kinds, width):
    base = serve_folder(site)
    context = browser.new_context(viewport={"width": width, "height": 700})
    page = context.new_page()
    wide = []
    for path in kinds.values():
        open_page(page, base, path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        if scroll_width > width:
            wide.append(f"{path}: {scroll_width}px")
    context.close()
    assert not wide


def test_dark_scheme_and_print_stylesheet(browser, serve_folder, site):
    url = serve_folder(site) + "umearegionen-kc/2015-08-19.html"
    colours = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        page = context.new_page()
        page.goto(url)
        colours[scheme] = page.evaluate("getComputedStyle(document.body).backgroundColor")
        if scheme == "light":
            page.emulate_media(media="print")
            hidden = page.evaluate("['.site-header', '.breadcrumb', '.pager', '.skip-link'].map("
                                   "s => document.querySelector(s) ? getComputedStyle(document.querySelector(s)).display : 'none')")
            assert set(hidden) == {"none"}
            assert page.locator(".decision").first.is_visible()
            assert page.locator(".redaction").first.is_visible()
        context.close()
    assert colours["light"] == "rgb(255, 255, 255)"
    assert colours["dark"] != colours["light"]


# ---------------------------------------------------------------- page weight

def compressed_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=9, mtime=0))


class Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "link" and a.get("rel") == "stylesheet":
            self.urls.append(a["href"])
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"])


def page_weight(site: Path, rel: str) -> dict[str, int]:
    """gzip -9 sizes of a page and every stylesheet and script it loads (search index excluded)."""
    parser = Resources()
    parser.feed((site / rel).read_text(encoding="utf-8"))
    sizes = {rel: compressed_size(site / rel)}
    for url in parser.urls:
        target = urljoin("http://x/" + rel, url)
        sizes[urlparse(target).path.lstrip("/")] = compressed_size(site / urlparse(target).path.lstrip("/"))
    return sizes


def test_meeting_pages_stay_under_the_page_weight_budget(site, kinds):
    slugs = {p.parent.name for p in (REPO / "content").glob("*/_body.md")}
    meetings = [p for p in html_pages(site) if page_kind(p, slugs).startswith("<body>/0")]
    for rel in meetings:
        sizes = page_weight(site, rel)
        assert sum(sizes.values()) < PAGE_WEIGHT_BUDGET, (rel, sizes)


# ---------------------------------------------------------------- the accessibility statement

def test_accessibility_statement_has_the_fields_digg_requires(site):
    config = load_config(REPO)
    statement = site / "tillganglighet.html"
    html = statement.read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert config.organisation and config.organisation in text  # who stands behind the site
    assert config.title in text  # the service
    assert "delvis förenlig med lagen om tillgänglighet till digital offentlig service" in text
    for shortcoming in config.accessibility.shortcomings:  # known shortcomings with reasons
        assert re.sub(r"\s+", " ", shortcoming.what) in text and re.sub(r"\s+", " ", shortcoming.why) in text
    assert "Bristande förenlighet med lagkraven" in text and "Innehåll som inte omfattas av lagstiftningen" in text
    assert "Senaste bedömningen gjordes den måndag 2 juni 2025." in text  # assessment date
    assert "Självskattning" in text  # method
    assert f'href="mailto:{config.accessibility.contact_email}"' in html  # feedback contact
    assert 'href="https://www.digg.se/tdosanmalan"' in html  # DIGG's reporting form


def test_every_page_links_to_the_statement_from_its_footer(site):
    for rel in html_pages(site):
        html = (site / rel).read_text(encoding="utf-8")
        footer = html[html.index('<footer class="site-footer">'):]
        hrefs = re.findall(r'href="([^"]*tillganglighet\.html)"', footer)
        assert hrefs, rel
        if rel != "404.html":  # 404 links from the site root (it is served at any depth)
            assert urljoin("http://x/" + rel, hrefs[0]) == "http://x/tillganglighet.html", rel


def test_statement_config_errors_name_the_line_and_suggest_a_fix(project):
    project.with_sample()
    (project.root / "minutes.yml").write_text(
        "title: T\naccessibility:\n  complience: full\n  assessed: '2025-13-01'\n"
        "  shortcomings:\n    - what: X\n      reason: exemt\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        project.build()
    messages_ = [p.format() for p in failure.value.problems]
    assert any("minutes.yml:3" in m and "Did you mean 'compliance'?" in m for m in messages_), messages_
    assert any("minutes.yml:4" in m and "YYYY-MM-DD" in m for m in messages_), messages_
    assert any("Did you mean 'exempt'?" in m for m in messages_), messages_


# ---------------------------------------------------------------- languages

@pytest.fixture(scope="module")
def english_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("english")
    shutil.copytree(REPO / "content", root / "content")
    config = yaml.safe_load((REPO / "minutes.yml").read_text(encoding="utf-8"))
    config["language"] = "en"
    (root / "minutes.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    build(load_config(root))
    return root / "output"


def test_every_language_file_is_complete():
    assert {"sv", "en"} <= set(available_languages())
    for language in available_languages():
        assert missing_keys(language) == [], f"generator/locales/{language}.yml lacks keys of sv.yml"
        assert messages(language)["lang"] == language


def swedish_interface_strings() -> list[str]:
    """Every Swedish interface text that differs from its English translation, in fragments."""
    sv, en = messages("sv"), messages("en")
    found: set[str] = set()

    def walk(a, b):
        if isinstance(a, dict):
            for key, value in a.items():
                if key not in ("lang", "locale", "date_formats"):
                    walk(value, b.get(key) if isinstance(b, dict) else None)
        elif isinstance(a, list):
            for i, value in enumerate(a):
                walk(value, b[i] if isinstance(b, list) and i < len(b) else None)
        elif isinstance(a, str) and a != b:
            for fragment in re.split(r"\{\w+\}|<[^>]+>", a):
                fragment = fragment.strip(" .,:()–-")
                if len(fragment) >= 3:
                    found.add(fragment)

    walk(sv, en)
    english = " ".join(_strings(en))  # "Register" and "title:" are English words too
    return sorted((f for f in found if not re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", english)),
                  key=len, reverse=True)


def _strings(value) -> list[str]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


class Chrome(HTMLParser):
    """Interface text of a page: text and labelling attributes outside elements marked lang="sv"."""

    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.parts: list[str] = []
        self.content_marked = 0

    def lang(self) -> str:
        return self.stack[-1][1] if self.stack else ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        lang = a.get("lang", self.lang())
        if lang == "sv":
            self.content_marked += 1
        if lang.startswith("en"):
            for name in ("aria-label", "title", "alt", "placeholder"):
                if a.get(name):
                    self.parts.append(a[name])
        if tag not in self.VOID:
            self.stack.append((tag, lang))

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.lang().startswith("en") and self.stack and self.stack[-1][0] not in ("script", "style"):
            self.parts.append(data)


def test_english_interface_leaves_no_swedish_in_the_chrome(english_site):
    swedish = swedish_interface_strings()
    assert "Hoppa till innehållet" in swedish and "Dagordning" in swedish
    names = sorted({str(value) for body in (REPO / "content").glob("*/_body.md")
                    for key, value in frontmatter.load(body).metadata.items()
                    if key in ("name", "short_name", "organisation")}, key=len, reverse=True)
    problems = []
    for rel in html_pages(english_site):
        html = (english_site / rel).read_text(encoding="utf-8")
        chrome = Chrome()
        chrome.feed(html)
        assert re.search(r'<html lang="en">', html), rel
        text = re.sub(r"\s+", " ", " ".join(chrome.parts)).replace("\u00ad", "")  # soft hyphens are invisible
        for name in names:  # a body's own name (in <title>, a feed's title) is content, not interface
            text = text.replace(name, " ")
        for fragment in swedish:
            if re.search(r"(?<!\w)" + re.escape(fragment) + r"(?!\w)", text):
                problems.append(f"{rel}: '{fragment}'")
        if rel != "404.html" and rel != "search.html":
            assert chrome.content_marked, f"{rel}: no content marked lang=\"sv\""
    assert not problems, "\n".join(problems)


def test_english_pages_format_dates_and_numbers_for_the_language(english_site):
    meeting = (english_site / "umearegionen-kc" / "2017-08-17.html").read_text(encoding="utf-8")
    assert "Thursday 17 August 2017" in meeting
    assert '<h1 lang="sv">' in (english_site / "umearegionen-kc" / "index.html").read_text(encoding="utf-8")
    home = (english_site / "index.html").read_text(encoding="utf-8")
    assert "3 meetings" in home and "1 meeting" in home
    assert "17 Aug 2017" in home


# ---------------------------------------------------------------- screenshots for a reviewer

def test_screenshots_for_review(browser, serve_folder, site, kinds):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    base = serve_folder(site)
    shots = {"home": "index.html", "body": "umearegionen-kc/index.html",
             "meeting": "umearegionen-kc/2015-08-19.html", "search": "search.html",
             "statement": "tillganglighet.html"}
    written = []
    for width in (1280, 375):
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
            page = context.new_page()
            for name, path in shots.items():
                if not (site / path).exists():
                    continue
                if scheme == "dark" and name == "statement":
                    continue
                open_page(page, base, path)
                target = SCREENSHOTS / f"{name}-{width}{'-dark' if scheme == 'dark' else ''}.png"
                page.screenshot(path=str(target), full_page=True)
                written.append(target)
            context.close()
    assert all(p.stat().st_size > 1000 for p in written)
    assert {"home-1280.png", "meeting-375.png", "body-375.png"} <= {p.name for p in written}


def test_axe_is_really_running_and_catches_a_planted_violation(page):
    page.set_content('<!doctype html><html lang="sv"><head><title>x</title></head><body><main>'
                     '<h1>Rubrik</h1><p style="color:#999;background:#fff">Svag kontrast</p>'
                     '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" width="10" height="10"></main></body></html>')
    assert {"color-contrast", "image-alt"} <= {v["id"] for v in run_axe(page)}


def test_an_unknown_language_is_a_config_error_with_a_hint(project):
    project.with_sample()
    (project.root / "minutes.yml").write_text("title: T\nlanguage: eng\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failure:
        project.build()
    assert "minutes.yml:2: no interface text for language 'eng'. Did you mean 'en'?" in failure.value.problems[0].format()
