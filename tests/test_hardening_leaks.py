"""Nothing unpublished leaks: markers planted in drafts (status utkast) and in redacted passages
(::: sekretess) are found in no byte of any written file: HTML, search index, JSON, CSV, feeds,
calendars, sitemap, whatever exists at test time.

Every file is searched raw, gunzipped when it is gzip, case-insensitively, and for the markers'
UTF-8, JSON-escaped (\\u00e5), HTML-escaped (&#229; &aring;) and percent-encoded forms. Markers are
single lower-case words ending in digits, so tokenisers and stemmers keep them whole; a published
control marker of the same shape must be found (in the pages and in the search index), which
proves the sweep can see what it is looking for.
"""

from __future__ import annotations

import gzip
import html
import json
import zlib
from pathlib import Path
from urllib.parse import quote

import pytest

from conftest import Project
from generator.load.config import load_config
from generator.build.pipeline import build

CONTROL = "qjkontroll3141"  # published: must be found
DRAFT = ["xkutkastrubrik7781", "xkutkastnamn7782", "xkutkasttext7783", "xkutkastbeslut7784",
         "xkutkastatgard7785", "xkutkastplats7786", "xkutkastbilaga7787", "xkutkastpreambel7788"]
REDACTED = ["wvsekretess5511", "wvsekretesspreambel5512", "wvsekretessbeslut5513", "wvsekretesslista5514",
            "wvsekretessrubrik5515", "wvsekretesscitat5516", "wvsekretessorgan5517", "wvsekretessstor5518",
            "wvsekretessoavslutad5519", "wvsekretesskod5520"]
NON_ASCII = ["åäöhemlighetutkast9901", "åäöhemlighetsekretess9902"]  # for the escaped forms


def forms(marker: str) -> set[bytes]:
    """Every way the marker could be written down in an output file."""
    out = {marker.encode("utf-8"), json.dumps(marker).strip('"').encode(), quote(marker).encode(),
           html.escape(marker).encode(), marker.encode("ascii", "xmlcharrefreplace"),
           "".join(f"&#x{ord(c):x};" if ord(c) > 127 else c for c in marker).encode(),
           "".join(f"&{html.entities.codepoint2name[ord(c)]};" if ord(c) in html.entities.codepoint2name else c
                   for c in marker).encode()}
    return {f.lower() for f in out}


def readable(path: Path) -> bytes:
    """The file's bytes, plus its unpacked bytes when it is gzip or zlib; lower-cased."""
    raw = path.read_bytes()
    parts = [raw]
    if raw[:2] == b"\x1f\x8b":
        parts.append(gzip.decompress(raw))
    elif raw[:1] == b"\x78":
        try:
            parts.append(zlib.decompress(raw))
        except zlib.error:
            pass
    return b"\n".join(parts).lower()


MEETING = """\
---
body: {body}
date: {date}
kind: protokoll
status: {status}
title: {title}
place: {place}
participants:
  - name: {name}
    role: ordförande
---

{preamble}

## 1. {heading}

Bilagor: {attachment}

{text}

### Beslut

{decision}

| Åtgärd | Slutdatum | Ansvarig |
| --- | --- | --- |
| {action} | 2020-02-01 | Anna |
"""


@pytest.fixture(scope="module")
def leak_site(tmp_path_factory):
    project = Project(tmp_path_factory.mktemp("leaks") / "site").with_sample()
    draft = {"title": DRAFT[0], "name": DRAFT[1], "text": f"Text {DRAFT[2]} och {NON_ASCII[0]}.",
             "decision": DRAFT[3], "action": DRAFT[4], "place": DRAFT[5], "attachment": f"{DRAFT[6]}.pdf",
             "preamble": DRAFT[7], "heading": f"Utkast {DRAFT[0]}"}
    project.write("testgruppen/2020-03-01.md", MEETING.format(body="testgruppen", date="2020-03-01", status="utkast", **draft))
    # A draft that is the only meeting of its day next to a published one, and a draft in a body
    # with nothing else: neither may show up in lists, pagers, counts or feeds.
    project.write("testgruppen/2020-01-15-2.md", MEETING.format(body="testgruppen", date="2020-01-15", status="utkast", **draft))
    project.write("tomma/_body.md", "---\nname: Tomma gruppen\norganisation: X\n---\n")
    project.write("tomma/2021-01-01.md", MEETING.format(body="tomma", date="2021-01-01", status="utkast", **draft))

    project.write("testgruppen/2020-04-01.md", f"""\
---
body: testgruppen
date: 2020-04-01
kind: protokoll
status: justerat
title: Protokoll {CONTROL}
---

Inledning.

::: sekretess Offentlighets- och sekretesslagen 21 kap. 7 §
Preambel {REDACTED[1]}.
:::

## 1. Upphandling {CONTROL}

Öppen text {CONTROL}.

::: sekretess Upphandlingssekretess
Hemlig text {REDACTED[0]} och {NON_ASCII[1]}.

| Åtgärd | Slutdatum | Ansvarig |
| --- | --- | --- |
| {REDACTED[0]} | 2020-05-01 | {REDACTED[0]} |
:::

### Beslut

Beslutet fattades.

::: Sekretess Upphandlingssekretess
Beslut {REDACTED[2]}.
:::

- punkt

  ::: sekretess Sekretess i lista
  {REDACTED[3]}
  :::

> ::: sekretess Sekretess i citat
> {REDACTED[5]}
> :::

::: sekretess Sekretess med rubrik
## 2. Hemlig punkt {REDACTED[4]}

Text {REDACTED[4]}.
:::

::: sekretess Stor sekretess
{("Lång hemlig text " + REDACTED[7] + ". ") * 2000}
:::

::: sekretess Sekretess\tmed tabb
```
{REDACTED[9]}
```
:::

## 3. Sista punkten

::: sekretess Sekretess utan slut
{REDACTED[8]}
""")
    project.write("testgruppen/_body.md", f"""\
---
name: Testgruppen
organisation: Testregionen
---

En grupp för tester.

::: sekretess Sekretess i beskrivningen
{REDACTED[6]}
:::
""")
    report = build(load_config(project.root))
    assert not report.errors, report.problems
    return project.output


def sweep(output: Path, markers: list[str]) -> list[str]:
    found = []
    for path in sorted(output.rglob("*")):
        if path.is_file():
            content = readable(path)
            for marker in markers:
                if any(form in content for form in forms(marker)):
                    found.append(f"{marker} in {path.relative_to(output).as_posix()}")
    return found


def test_the_sweep_finds_a_published_control_marker_everywhere_it_should(leak_site):
    where = sweep(leak_site, [CONTROL])
    assert "qjkontroll3141 in testgruppen/2020-04-01.html" in where
    if (leak_site / "search").is_dir():
        assert any(" in search/" in w for w in where), f"control marker not seen in the search index: {where}"


def test_no_draft_marker_in_any_written_file(leak_site):
    assert sweep(leak_site, DRAFT + NON_ASCII[:1]) == []


def test_no_redacted_marker_in_any_written_file(leak_site):
    assert sweep(leak_site, REDACTED + NON_ASCII[1:]) == []


def test_drafts_have_no_pages_and_redactions_show_their_ground(leak_site):
    files = {p.relative_to(leak_site).as_posix() for p in leak_site.rglob("*") if p.is_file()}
    assert "testgruppen/2020-03-01.html" not in files
    assert "testgruppen/2020-01-15-2.html" not in files
    assert not any(f.startswith("tomma/20") for f in files)
    page = (leak_site / "testgruppen/2020-04-01.html").read_text(encoding="utf-8")
    for ground in ("Upphandlingssekretess", "Sekretess i lista", "Sekretess i citat", "Stor sekretess"):
        assert ground in page
    assert "Sista punkten" in page
