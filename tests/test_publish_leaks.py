"""Nothing that is a draft or redacted reaches any file the build writes: markers planted in every
field of a draft and inside every kind of redaction, swept over every written file (feeds,
calendars, JSON, CSV, sitemap, notice board and all pages). A published control marker proves the
sweep looks where the data goes."""

from __future__ import annotations

import dataclasses
import datetime as dt

from conftest import BODY_FILE
from generator.build.pipeline import build

DRAFT = "DRAFTLEAK7781"
SECRET = "SECRETLEAK5512"
PUBLIC = "PUBLICMARK3141"

DRAFT_MEETING = f"""\
---
body: testgruppen
date: 2024-10-29
start: "09:00"
place: {DRAFT} plats
kind: protokoll
title: {DRAFT} titel
number: "{DRAFT}"
date_note: {DRAFT} datum
status: utkast
anslag: 2024-10-31
source: {DRAFT} källa
published: 2024-10-30
participants:
  - {{name: {DRAFT} Person, organisation: {DRAFT} Org, role: ordförande, note: {DRAFT}}}
corrections:
  - {{date: 2024-11-01, what: {DRAFT} vad, why: {DRAFT} varför}}
---

{DRAFT} inledning

## § 1 {DRAFT} ärende

Föredragande: {DRAFT} Föredragande
Bilagor: {DRAFT}.pdf

### Beslut

- att {DRAFT} beslutas

| Åtgärd | Slutdatum | Ansvarig |
| --- | --- | --- |
| {DRAFT} åtgärd | 2024-12-01 | {DRAFT} Ansvarig |
"""

PUBLISHED = f"""\
---
body: testgruppen
date: 2024-10-28
start: "09:00"
place: Stadshuset
kind: protokoll
title: Protokoll {PUBLIC}
status: justerat
approval: {{date: 2024-10-30}}
anslag: 2024-10-31
---

Inledning.

::: sekretess Sekretess i inledningen
{SECRET} i inledningen
:::

## § 1 {PUBLIC} Budget

### Beslut

Budgeten antas, {PUBLIC}.

::: sekretess Sekretess i beslutet
att {SECRET} i beslutet
:::

| Åtgärd | Slutdatum | Ansvarig |
| --- | --- | --- |
| {PUBLIC} åtgärd | 2024-12-01 | Anna Andersson |

## § 2 Personal

::: sekretess Offentlighets- och sekretesslagen 39 kap. 2 §
## § 3 {SECRET} rubrik

### Beslut

{SECRET} beslut

| Åtgärd | Slutdatum | Ansvarig |
| --- | --- | --- |
| {SECRET} åtgärd | 2024-12-01 | {SECRET} Person |
:::
"""


def test_no_draft_or_redacted_marker_in_any_written_file(project):
    project.write("testgruppen/_body.md", BODY_FILE)
    project.write("testgruppen/2024-10-28.md", PUBLISHED)
    project.write("testgruppen/2024-10-29.md", DRAFT_MEETING)
    (project.root / "minutes.yml").write_text("title: Testarkivet\nbase_url: https://example.org/\n"
                                              "repository_url: https://github.com/a/b\n", encoding="utf-8")
    build(dataclasses.replace(project.config, build_date=dt.date(2024, 11, 8)))

    files = sorted(p for p in project.output.rglob("*") if p.is_file())
    found_public = set()
    for path in files:
        content = path.read_bytes()
        relative = path.relative_to(project.output).as_posix()
        for marker in (DRAFT, SECRET):
            assert marker.encode() not in content, f"{marker} leaked into {relative}"
            assert marker.lower().encode() not in content.lower(), f"{marker} (other case) leaked into {relative}"
        if PUBLIC.encode() in content:
            found_public.add(relative)

    for expected in ("flode.atom", "beslut.atom", "anslagstavla.atom", "testgruppen/flode.atom",
                     "testgruppen/kalender.ics", "testgruppen/2024-10-28.json", "data/arkiv.json",
                     "data/beslut.csv", "data/atgarder.csv", "testgruppen/2024-10-28.html", "anslagstavla.html"):
        assert expected in found_public, f"the control marker is missing from {expected}: the sweep proves nothing"
    for path in ("sitemap.xml", "robots.txt", "anslagstavla.html", "oppna-data.html"):
        assert (project.output / path).is_file()
    assert not (project.output / "testgruppen" / "2024-10-29.json").exists()
    assert b"2024-10-29" not in (project.output / "sitemap.xml").read_bytes()
    assert b"2024-10-29" not in (project.output / "testgruppen" / "kalender.ics").read_bytes()
    board = (project.output / "anslagstavla.html").read_text(encoding="utf-8")
    assert "2024-10-28.html" in board and "2024-10-29" not in board
