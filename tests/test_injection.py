"""Script injection: a project full of hostile content is built, then checked twice.

1. Statically: every HTML and XML file of the output is parsed (test_injection_audit.py); no
   script survives except our own external ones, no on* attribute, no javascript:/data: URL.
2. In headless Chromium, without a Content-Security-Policy (so the sanitiser, not the CSP, is what
   is tested): every vector would set `top.__xss`; it stays unset on every page and on a search
   result page, also after every element has been sent mouse and focus events.

Vectors go everywhere an editor can type: Markdown (inline HTML, links, images, headings, item
lines, action tables, sekretess grounds), every free-text front-matter field of a meeting and a
body, people.yml, minutes.yml, and folder and file names.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from conftest import Project
from generator.load.config import load_config
from generator.build.pipeline import build
from test_injection_audit import audit_site

SENTINEL = "__xss"


def js(n: int) -> str:
    return f"top.{SENTINEL}={n}"


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


# Markdown vectors, one paragraph or HTML block each; {js} becomes `top.__xss=<n>`.
MARKDOWN_VECTORS = [
    "<script>{js}</script>",
    "<SCRIPT SRC=data:text/javascript,{js}></SCRIPT>",
    "<script src=//evil.example/x.js></script>",
    "Text <img src=x onerror='{js}'> inline.",
    "Text <img src=x onerror={js}> unquoted (not HTML to CommonMark, but to a browser).",
    "<svg onload={js}>",
    "<svg onload='{js}'>",
    "<svg><script>{js}</script></svg>",
    "<body onload='{js}'>",
    "<details open ontoggle='{js}'>x</details>",
    "<input autofocus onfocus='{js}'>",
    '<iframe srcdoc="<script>{js}</script>"></iframe>',
    '<iframe src="javascript:{js}"></iframe>',
    '<object data="javascript:{js}"></object>',
    '<embed src="javascript:{js}">',
    'Text <a href="javascript:{js}">a</a>',
    'Text <a href="JaVaScRiPt:{js}">b</a>',
    'Text <a href="jav&#x09;ascript:{js}">c</a>',
    'Text <a href="&#106;&#97;vascript:{js}">d</a>',
    'Text <a href=" javascript:{js}">e</a>',
    'Text <a href="data:text/html,<script>{js}</script>">f</a>',
    'Text <img src="data:image/svg+xml;base64,' + _b64('<svg xmlns="http://www.w3.org/2000/svg" onload="{js}"/>') + '">',
    '<form action="javascript:{js}"><button>go</button></form>',
    'Text <button formaction="javascript:{js}">go</button>',
    "<math><mtext><table><mglyph><style><img src=x onerror='{js}'></style></mglyph></table></mtext></math>",
    'Text <math href="javascript:{js}">m</math>',
    '<svg><a xlink:href="javascript:{js}"><text y="20">x</text></a></svg>',
    "<svg><animate onbegin='{js}' attributeName=x dur=1s>",
    "<svg><set attributeName=onmouseover to={js}></svg>",
    '<noscript><p title="</noscript><img src=x onerror=\'{js}\'>"></noscript>',
    '<!--<img src="--><img src=x onerror="{js}">-->',
    "<scr<script>ipt>{js}</scr</script>ipt>",
    "<<script>script>{js}<</script>/script>",
    '<img """><script>{js}</script>">',
    '<style>*{{background:url("javascript:{js}")}}</style>',
    'Text <span style="background:url(javascript:{js})">s</span>',
    '<meta http-equiv="refresh" content="0;url=javascript:{js}">',
    '<base href="javascript:{js}//">',
    "<video><source onerror='{js}'></video>",
    "<audio src=x onerror='{js}'></audio>",
    "Text <x onclick='{js}'>custom</x>",
    "Text <b onmouseover='{js}'>hover</b>",
    "<textarea><script>{js}</script></textarea>",
    "<template><script>{js}</script></template>",
    '<link rel=stylesheet href="javascript:{js}">',
    "<marquee onstart='{js}'>m</marquee>",
    '<table background="javascript:{js}"><tr><td>t</td></tr></table>',
    'Text <a href="vbscript:{js}">vb</a>',
    '<object data="data:text/html;base64,' + _b64("<script>{js}</script>") + '"></object>',
    '<a href="#" onclick="{js}">hash</a>',
    '<div><img src=x onerror="{js}"</div>',
    '<img src=x:alert(1) onerror={js}//',
    "Text <abbr title='x' onmouseover='{js}'>abbr</abbr>",
    'Text <ol start="1" onfocus="{js}" tabindex=1><li>x</li></ol>',
    # Markdown's own links and images
    "[md-link](javascript:{js})",
    "[md-link-case](JAVASCRIPT:{js})",
    "[md-entity](javascript&#58;{js})",
    "![md-img](javascript:{js})",
    "[md-data](data:text/html;base64," + _b64("<script>{js}</script>") + ")",
    "![md-data-img](data:image/svg+xml;base64," + _b64('<svg xmlns="http://www.w3.org/2000/svg" onload="{js}"/>') + ")",
    "<javascript:{js}>",
    "[md-ref][ondlank]\n\n[ondlank]: javascript:{js}",
    "[md-angle](<javascript:{js}>)",
    '[md-title](https://example.org "x\\" onmouseover=\\"{js}")',
    '![md-img-title](x.png "\\" onerror=\\"{js}")',
    "[md-nested [inner](javascript:{js})](https://example.org)",
    "`<script>{js}</script>` in code",
    "```html\n<script>{js}</script>\n```",
]

# Front-matter values: breaking out of text, attributes, <title>, comments and script blocks.
FIELD_VECTORS = [
    '"><script>{js}</script>',
    "'><img src=x onerror={js}>",
    "</title><script>{js}</script>",
    "<svg/onload={js}>",
    "javascript:{js}",
    '" onmouseover="{js}" x="',
    "' onfocus='{js}' autofocus x='",
    "</textarea><img src=x onerror={js}>",
    '<iframe src="javascript:{js}"></iframe>',
    '<a href="javascript:{js}">länk</a>',
    "--><script>{js}</script><!--",
    "</script><script>{js}</script>",
    '<math><mi xlink:href="javascript:{js}">x</mi></math>',
    "]]><script>{js}</script><![CDATA[",
    "&lt;script&gt;{js}&lt;/script&gt;",
    "\\u003cscript\\u003e{js}\\u003c/script\\u003e",
]

TEMPLATE_PROBE = "Mall {{ 7*1911 }} {% if true %}ja{% endif %}"  # data is never a template: 13377 never appears


class Numbers:
    """Hands out vector numbers and remembers what each one was, for failure messages."""

    def __init__(self) -> None:
        self.vectors: dict[int, str] = {}

    def take(self, template: str, where: str) -> str:
        n = len(self.vectors) + 1
        self.vectors[n] = f"{where}: {template}"
        return template.replace("{js}", js(n)).replace("{{", "{").replace("}}", "}")

    def field(self, where: str) -> str:
        return self.take(FIELD_VECTORS[len(self.vectors) % len(FIELD_VECTORS)], where)


def y(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def plant(project: Project) -> Numbers:
    numbers = Numbers()
    f = numbers.field
    (project.root / "minutes.yml").write_text(
        f"title: {y('Arkiv ' + f('minutes.yml title'))}\ndescription: {y(f('minutes.yml description'))}\n",
        encoding="utf-8")

    description = "\n\n".join(numbers.take(v, "body description") for v in MARKDOWN_VECTORS[:12])
    project.write("testgruppen/_body.md", f"""\
---
name: {y('Testgruppen ' + f('body name'))}
short_name: {y(f('body short_name'))}
organisation: {y(f('body organisation'))}
place: {y(f('body place'))}
members:
  - name: {y(f('member name'))}
    organisation: {y(f('member organisation'))}
    title: {y(f('member title'))}
    note: {y(f('member note'))}
    role: ordförande
  - name: {y(f('absent member name'))}
    role: ledamot
    absent: true
---

{description}
""")

    people = []
    for index in range(2):
        people.append(f"- name: {y(f('people name'))}\n  aliases:\n    - {y(f('people alias'))}\n"
                      f"    - {y(f('people alias'))}\n  organisation: {y(f('people organisation'))}\n")
    project.write("people.yml", "".join(people))

    markdown = "\n\n".join(numbers.take(v, "meeting body") for v in MARKDOWN_VECTORS)
    decision = "\n\n".join(numbers.take(v, "decision") for v in MARKDOWN_VECTORS[:8])
    preamble = numbers.take("Inledning <img src=x onerror={js}>", "preamble")
    project.write("testgruppen/2020-01-15.md", f"""\
---
body: testgruppen
date: 2020-01-15
start: "09:00"
end: "10:00"
kind: protokoll
status: justerat
title: {y('Injektion ' + f('meeting title'))}
number: {y(f('meeting number'))}
place: {y(f('meeting place'))}
date_note: {y(f('meeting date_note'))}
source: {y(f('meeting source'))}
participants:
  - name: {y(f('participant name'))}
    organisation: {y(f('participant organisation'))}
    title: {y(f('participant title'))}
    note: {y(f('participant note'))}
    role: ordförande
  - name: {y(f('absent participant name'))}
    organisation: {y(f('absent participant organisation'))}
    role: justerare
    absent: true
approval:
  date: 2020-01-20
  place: {y(f('approval place'))}
  note: {y(f('approval note'))}
  by:
    - name: {y(f('approver name'))}
      role: justerare
corrections:
  - date: 2020-01-25
    what: {y(f('correction what'))}
    why: {y(f('correction why'))}
---

{preamble}

## 1. Injektion i text

Föredragande: {numbers.take('<img src=x onerror={js}>; <svg onload={js}>', 'presenters')}
Bilagor: {numbers.take('"><script>{js}</script>.pdf; javascript:{js}', 'attachments')}

{markdown}

## 2. Injektion {numbers.take('<img src=x onerror={js}>', 'item heading')} i rubrik {numbers.take('<svg/onload={js}>', 'item heading')}

### {numbers.take('<script>{js}</script> Underrubrik', 'section heading')}

Text.

### Beslut

{decision}

### Åtgärder

| Åtgärd | Slutdatum | Ansvarig |
| --- | --- | --- |
| {numbers.take('<img src=x onerror={js}> gör', 'action text')} | 2020-02-01 | {numbers.take('<script>{js}</script>; <b onmouseover={js}>B</b>', 'action responsible')} |
| {numbers.take('[länk](javascript:{js})', 'action link')} | | Anna |

## 3. Injektion sekretess

::: sekretess {numbers.take('<img src=x onerror={js}>', 'sekretess ground')}
Hemligt.
:::

## 4. {TEMPLATE_PROBE}

Text.
""")

    # Hostile folder and file names: the page paths are slugs, but names may surface elsewhere.
    folder = f'ond"><svg onload={js(900)}>'
    numbers.vectors[900] = "folder name"
    project.write(f"{folder}/_body.md", "---\nname: Ond mapp\norganisation: X\n---\n")
    project.write(f"{folder}/2020-05-01-<img src=x onerror={js(901)}>.md",
                  f"---\nbody: {y(folder)}\ndate: 2020-05-01\nkind: protokoll\nstatus: justerat\n---\n\n"
                  "## 1. Injektion i filnamn\n\nText.\n")
    numbers.vectors[901] = "file name"
    return numbers


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("injection") / "site")
    numbers = plant(project)
    report = build(load_config(project.root))
    assert not report.errors
    return project.output, numbers


def test_there_are_at_least_40_vectors(hostile_site):
    _, numbers = hostile_site
    assert len(MARKDOWN_VECTORS) >= 40
    assert len(numbers.vectors) >= 100


def _explain(problems: list[str], numbers: Numbers) -> str:
    lines = []
    for problem in problems[:40]:
        found = re.search(rf"{SENTINEL}=(\d+)", problem)
        vector = numbers.vectors.get(int(found.group(1)), "?") if found else ""
        lines.append(f"{problem}\n    vector: {vector}")
    return "\n".join(lines)


def test_no_dangerous_markup_survives_in_any_written_file(hostile_site):
    output, numbers = hostile_site
    problems, audited = audit_site(output)
    assert audited >= 6
    assert not problems, _explain(problems, numbers)


def test_every_vector_is_shown_as_text_or_removed_never_run(hostile_site):
    """The injected text still reaches the reader as text where it was a name or a title."""
    output, _ = hostile_site
    meeting = (output / "testgruppen/2020-01-15.html").read_text(encoding="utf-8")
    assert "&lt;/title&gt;&lt;script&gt;" in meeting or "&lt;script&gt;" in meeting
    assert "Injektion i text" in meeting


def test_front_matter_is_data_never_a_template(hostile_site):
    output, _ = hostile_site
    meeting = (output / "testgruppen/2020-01-15.html").read_text(encoding="utf-8")
    assert "{{ 7*1911 }}" in meeting
    for path in output.rglob("*"):
        if path.is_file():
            assert b"13377" not in path.read_bytes(), path


def test_hostile_folder_and_file_names_become_plain_slugs(hostile_site):
    output, _ = hostile_site
    names = [p.relative_to(output).as_posix() for p in output.rglob("*") if "assets" not in p.relative_to(output).parts]
    assert all(re.fullmatch(r"[a-z0-9./_-]+", name) for name in names), [n for n in names if not re.fullmatch(r"[a-z0-9./_-]+", n)]
    assert "ond-svg-onload-top-xss-900/2020-05-01-img-src-x-onerror-top-xss-901.html" in names


# ---- in the browser ----------------------------------------------------------------------------

PROBE_DOM = """() => {
  const found = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (/^on/i.test(attr.name)) found.push(`${el.tagName} ${attr.name}=${attr.value}`);
      if (attr.name === 'style' || attr.name === 'srcdoc') found.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
  }
  for (const el of document.querySelectorAll('a[href], area[href]')) {
    if (!/^(https?|mailto|tel|file):$/.test(el.protocol)) found.push(`${el.tagName} href ${el.href}`);
  }
  for (const el of document.querySelectorAll('[src], [action], [formaction], [data]')) {
    for (const name of ['src', 'action', 'formaction', 'data']) {
      const value = el.getAttribute(name);
      if (value === null) continue;
      const url = new URL(value, document.baseURI);
      if (!/^(https?|file):$/.test(url.protocol)) found.push(`${el.tagName} ${name} ${value}`);
    }
  }
  for (const el of document.querySelectorAll('iframe, frame, object, embed, base, style, meta[http-equiv]'))
    found.push(el.outerHTML.slice(0, 120));
  for (const el of document.querySelectorAll('script')) {
    if (!el.src && ['application/ld+json', 'application/json'].includes(el.type)) continue;
    if (!el.src || new URL(el.src).origin !== location.origin || !el.src.includes('/assets/'))
      found.push('script ' + (el.src || el.textContent.slice(0, 80)));
  }
  return found;
}"""

POKE = """() => {
  const types = ['mouseover', 'mouseenter', 'mousemove', 'pointerover', 'pointerenter', 'focus',
                 'focusin', 'animationstart', 'animationend', 'transitionend', 'toggle', 'load',
                 'error', 'input', 'change', 'begin', 'start'];
  for (const el of document.querySelectorAll('body *')) {
    for (const type of types) el.dispatchEvent(new Event(type, {bubbles: false}));
    if (typeof el.focus === 'function') el.focus();
  }
}"""


def _pages(output: Path) -> list[str]:
    return sorted(p.relative_to(output).as_posix() for p in output.rglob("*.html"))


def _visit(page, url: str, numbers: Numbers, dialogs: list[str]) -> list[str]:
    problems = []
    page.goto(url, wait_until="load")
    page.wait_for_timeout(150)  # SMIL animations begin, autofocus fires
    for stage in ("load", "events"):
        if stage == "events":
            page.evaluate(POKE)
            page.wait_for_timeout(50)
        value = page.evaluate(f"() => window.{SENTINEL}")
        if value is not None:
            problems.append(f"{url}: vector {value} ran after {stage}: {numbers.vectors.get(value, '?')}")
    problems += [f"{url}: {found}" for found in page.evaluate(PROBE_DOM)]
    if len(page.frames) != 1:
        problems.append(f"{url}: {len(page.frames) - 1} frame(s) on the page")
    problems += [f"{url}: a dialog opened: {message}" for message in dialogs]
    dialogs.clear()
    return problems


@pytest.mark.browser
def test_no_vector_runs_in_chromium_on_any_page(hostile_site, browser, serve_folder):
    output, numbers = hostile_site
    base = serve_folder(output)
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(5000)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    problems: list[str] = []
    pages = _pages(output)
    assert len(pages) >= 6
    try:
        for path in pages:
            problems += _visit(page, base + path, numbers, dialogs)
    finally:
        context.close()
    assert not problems, "\n".join(problems[:40])


@pytest.mark.browser
def test_no_vector_runs_on_a_search_result_page(hostile_site, browser, serve_folder):
    output, numbers = hostile_site
    if not (output / "search.html").exists():
        pytest.skip("no search page in this build")
    base = serve_folder(output)
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(8000)
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        problems = []
        for query in ("injektion", "script", "onerror", "xss", "javascript"):
            page.goto(base + f"search.html?q={query}", wait_until="load")
            page.wait_for_function("() => document.getElementById('search-status').textContent.length > 0")
            value = page.evaluate(f"() => window.{SENTINEL}")
            if value is not None:
                problems.append(f"search {query}: vector {value} ran: {numbers.vectors.get(value, '?')}")
            page.evaluate(POKE)
            problems += [f"search {query}: {found}" for found in page.evaluate(PROBE_DOM)]
            problems += [f"search {query}: dialog {m}" for m in dialogs]
        page.goto(base + "search.html?q=injektion", wait_until="load")
        page.wait_for_selector("#search-results li")
        assert page.locator("#search-results li").count() >= 3  # results were really shown
    finally:
        context.close()
    assert not problems, "\n".join(problems[:40])


# ---- minutes.yml URLs end up in href attributes ------------------------------------------------

@pytest.mark.parametrize("key", ["base_url", "repository_url"])
@pytest.mark.parametrize("value", ["javascript:top.__xss=1//", "data:text/html,x", " JavaScript:x", "//evil.example/"])
def test_config_urls_must_be_web_addresses(project, key, value):
    import subprocess
    import sys

    from conftest import REPO

    project.with_sample()
    (project.root / "minutes.yml").write_text(f"title: Arkiv\n{key}: {y(value)}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "--project", str(project.root), "build"],
                            capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 1
    assert f"minutes.yml:2: '{key}' must be a web address starting with https://" in result.stderr
    assert not project.output.exists()
