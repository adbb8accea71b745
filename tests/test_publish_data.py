"""Open data: JSON per meeting and for the archive (validated against docs/data-schema.json), CSV of
decisions and actions, schema.org JSON-LD in each page (escaped), sitemap.xml and robots.txt."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import re
import xml.etree.ElementTree as ET

import jsonschema
import pytest

from conftest import BODY_FILE, REPO
from generator.build.pipeline import build

BASE = "https://protokoll.example.org/"
SCHEMA = json.loads((REPO / "docs" / "data-schema.json").read_text(encoding="utf-8"))

MEETING = """\
---
body: testgruppen
date: 2024-10-28
start: "09:00"
end: "11:30"
place: Stadshuset
kind: protokoll
number: "5/2024"
title: "Protokoll </script><script>alert(1)</script> & <!-- 5"
status: justerat
approval:
  date: 2024-10-30
  place: Stadshuset
  by:
    - {name: Anna Andersson, role: ordförande}
anslag: 2024-10-31
corrections:
  - {date: 2024-11-05, what: Beloppet rättat, why: Skrivfel}
published: 2024-10-31
participants:
  - {name: Anna Andersson, organisation: Testkommun, role: ordförande}
  - {name: Bo Berg, organisation: Grannkommun, role: ledamot, absent: true}
  - {name: Cecilia Ceder, role: ledamot, note: "§§ 1-2"}
---

## § 1 Budget

Föredragande: Anna Andersson
Bilagor: Budget 2025.pdf
Ärendetyp: beslutsärende

### Beslut

- att anta budgeten, "stora" och allt
- att följa upp den i juni

| Åtgärd | Slutdatum | Ansvarig |
| --- | --- | --- |
| Skicka ut budgeten | 2024-11-15 | Anna Andersson; Bo Berg |
| Boka lokal, "stora salen" | | Cecilia Ceder |

## § 2 Personalfråga

::: sekretess Sekretess enligt 39 kap. 2 § OSL
Hemlig text.
:::
"""

PLANNED = """\
---
body: testgruppen
date: 2025-02-03
kind: protokoll
status: planerat
---
"""


@pytest.fixture
def data_project(project):
    project.write("testgruppen/_body.md", BODY_FILE)
    project.write("testgruppen/2024-10-28.md", MEETING)
    project.write("testgruppen/2025-02-03.md", PLANNED)
    return project


def _build(project, base_url=""):
    (project.root / "minutes.yml").write_text("title: Testarkivet\n" + (f"base_url: {base_url}\n" if base_url else ""),
                                              encoding="utf-8")
    build(dataclasses.replace(project.config, build_date=dt.date(2024, 11, 8)))
    return project.output


def _validator(definition: str | None = None):
    schema = SCHEMA
    if definition is not None:
        schema = {"$schema": SCHEMA["$schema"], "$defs": SCHEMA["$defs"], "$ref": f"#/$defs/{definition}"}
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_the_published_schema_is_the_documented_one():
    packaged = REPO / "generator" / "publish" / "data-schema.json"
    assert packaged.read_bytes() == (REPO / "docs" / "data-schema.json").read_bytes(), \
        "copy generator/publish/data-schema.json to docs/data-schema.json (or back)"
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("base_url", ["", BASE])
def test_json_validates_against_the_schema(data_project, base_url):
    out = _build(data_project, base_url)
    archive = json.loads((out / "data" / "arkiv.json").read_text(encoding="utf-8"))
    _validator().validate(archive)
    meeting_validator = _validator("meeting")
    meetings = sorted((out / "testgruppen").glob("*.json"))
    assert [p.name for p in meetings] == ["2024-10-28.json", "2025-02-03.json"]
    for path in meetings:
        record = json.loads(path.read_text(encoding="utf-8"))
        meeting_validator.validate(record)
        assert record == next(m for m in archive["meetings"] if m["id"] == "testgruppen/" + path.stem)
    assert (out / "data" / "schema.json").read_bytes() == (REPO / "docs" / "data-schema.json").read_bytes()


def test_meeting_json_fields(data_project):
    out = _build(data_project, BASE)
    record = json.loads((out / "testgruppen" / "2024-10-28.json").read_text(encoding="utf-8"))
    assert record["id"] == "testgruppen/2024-10-28"
    assert record["start_date"] == "2024-10-28T09:00:00+01:00" and record["end_date"] == "2024-10-28T11:30:00+01:00"
    assert record["all_day"] is False and record["status"] == "passed" and record["classification"] == "protokoll"
    assert record["location"] == {"name": "Stadshuset", "note": "", "coordinates": None}
    assert [p["name"] for p in record["participants"]] == ["Anna Andersson", "Bo Berg", "Cecilia Ceder"]
    assert record["participants"][1]["absent"] is True and record["participants"][2]["note"] == "§§ 1-2"
    first, second = record["agenda"]
    assert (first["order"], first["number"], first["description"]) == (1, "§ 1", "Budget")
    assert first["classification"] == ["beslutsärende"] and first["attachments"] == ["Budget 2025.pdf"]
    assert first["decisions"][0]["clauses"] == ['att anta budgeten, "stora" och allt', "att följa upp den i juni"]
    assert first["actions"] == [
        {"text": "Skicka ut budgeten", "due": "2024-11-15", "responsible": ["Anna Andersson", "Bo Berg"], "done": ""},
        {"text": 'Boka lokal, "stora salen"', "due": None, "responsible": ["Cecilia Ceder"], "done": ""}]
    assert first["url"] == BASE + "testgruppen/2024-10-28.html#paragraf-1"
    assert second["redactions"] == [{"ground": "Sekretess enligt 39 kap. 2 § OSL"}]
    minutes = record["minutes"]
    assert minutes["anslag"] == "2024-10-31" and minutes["appeal_deadline"] == "2024-11-21"
    assert minutes["approval"]["date"] == "2024-10-30" and minutes["approval"]["by"][0]["role"] == "ordförande"
    assert minutes["corrections"] == [{"date": "2024-11-05", "what": "Beloppet rättat", "why": "Skrivfel"}]
    assert minutes["first_published"] == "2024-10-31" and minutes["last_changed"] == "2024-11-05"
    planned = json.loads((out / "testgruppen" / "2025-02-03.json").read_text(encoding="utf-8"))
    assert planned["status"] == "confirmed" and planned["all_day"] is True and planned["start_date"] == "2025-02-03"
    assert planned["minutes"]["status"] == "planerat" and planned["agenda"] == []


def test_summer_time_offsets():
    from generator.publish.opendata import local_datetime

    assert local_datetime(dt.date(2024, 3, 30), "09:00").endswith("+01:00")
    assert local_datetime(dt.date(2024, 3, 31), "09:00").endswith("+02:00")
    assert local_datetime(dt.date(2024, 10, 26), "09:00").endswith("+02:00")
    assert local_datetime(dt.date(2024, 10, 27), "09:00").endswith("+01:00")
    assert local_datetime(dt.date(1990, 10, 1), "09:00").endswith("+01:00")  # September end until 1995


def test_csv_of_decisions_and_actions(data_project):
    out = _build(data_project)
    decisions = list(csv.DictReader(io.StringIO((out / "data" / "beslut.csv").read_text(encoding="utf-8"))))
    assert len(decisions) == 1
    row = decisions[0]
    assert (row["body"], row["meeting"], row["date"], row["status"], row["item_number"], row["item_title"]) == \
        ("testgruppen", "testgruppen/2024-10-28", "2024-10-28", "justerat", "§ 1", "Budget")
    assert "att anta budgeten" in row["decision"] and row["url"] == "testgruppen/2024-10-28.html#paragraf-1"
    actions = list(csv.DictReader(io.StringIO((out / "data" / "atgarder.csv").read_text(encoding="utf-8"))))
    assert [(a["action"], a["due"], a["responsible"]) for a in actions] == [
        ("Skicka ut budgeten", "2024-11-15", "Anna Andersson; Bo Berg"),
        ('Boka lokal, "stora salen"', "", "Cecilia Ceder")]


def _json_ld(html: str) -> list[str]:
    return re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)


def test_json_ld_is_an_escaped_schema_org_event(data_project):
    out = _build(data_project, BASE)
    html = (out / "testgruppen" / "2024-10-28.html").read_text(encoding="utf-8")
    (block,) = _json_ld(html)
    assert "<" not in block and ">" not in block and "&" not in block
    assert html.count("<script") == html.count("</script>")  # nothing broke out of the data block
    data = json.loads(block)
    assert data["@context"] == "https://schema.org" and data["@type"] == "Event"
    assert data["name"] == "Testgruppen: Protokoll </script><script>alert(1)</script> & <!-- 5"
    assert data["startDate"] == "2024-10-28T09:00:00+01:00" and data["endDate"] == "2024-10-28T11:30:00+01:00"
    assert data["location"] == {"@type": "Place", "name": "Stadshuset"}
    assert data["organizer"]["name"] == "Testgruppen"
    assert data["organizer"]["parentOrganization"]["name"] == "Testregionen"
    assert data["url"] == BASE + "testgruppen/2024-10-28.html"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"


def test_sitemap_and_robots_with_a_base_url(data_project):
    out = _build(data_project, BASE)
    root = ET.fromstring((out / "sitemap.xml").read_bytes())
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = [u.find("s:loc", ns).text for u in root.findall("s:url", ns)]
    assert all(loc.startswith(BASE) for loc in locs) and len(locs) == len(set(locs))
    for page in ("index.html", "anslagstavla.html", "testgruppen/index.html", "testgruppen/2024-10-28.html",
                 "testgruppen/2025-02-03.html"):
        assert BASE + page in locs
    lastmod = {u.find("s:loc", ns).text: u.find("s:lastmod", ns) for u in root.findall("s:url", ns)}
    assert lastmod[BASE + "testgruppen/2024-10-28.html"].text == "2024-11-05"
    robots = (out / "robots.txt").read_text(encoding="utf-8")
    assert robots.splitlines() == ["User-agent: *", "Allow: /", "", f"Sitemap: {BASE}sitemap.xml"]


def test_the_sitemap_lists_every_page_written_home_first_and_meetings_last(data_project):
    out = _build(data_project, BASE)
    locs = re.findall(r"<loc>([^<]+)</loc>", (out / "sitemap.xml").read_text(encoding="utf-8"))
    pages = {p.relative_to(out).as_posix() for p in out.rglob("*.html")}
    assert {BASE + p for p in pages - {"404.html", "tillganglighet.html"}} == set(locs)
    assert locs[0] == BASE + "index.html"
    assert locs[-2:] == [BASE + "testgruppen/2024-10-28.html", BASE + "testgruppen/2025-02-03.html"]
    assert locs.index(BASE + "beslut.html") < locs.index(BASE + "testgruppen/beslut.html") < locs.index(
        BASE + "personer/index.html") < locs.index(BASE + "testgruppen/index.html")


def test_no_sitemap_and_no_absolute_url_without_a_base_url(data_project):
    out = _build(data_project)
    assert not (out / "sitemap.xml").exists()
    assert (out / "robots.txt").read_text(encoding="utf-8") == "User-agent: *\nAllow: /\n"
    for path in ("data/arkiv.json", "testgruppen/2024-10-28.json", "flode.atom", "data/beslut.csv",
                 "testgruppen/kalender.ics"):
        text = (out / path).read_text(encoding="utf-8")
        assert "https://protokoll" not in text
    html = (out / "testgruppen" / "2024-10-28.html").read_text(encoding="utf-8")
    assert '"url"' not in _json_ld(html)[0]


def test_pages_link_to_feeds_calendars_and_data(data_project):
    out = _build(data_project)
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<link rel="alternate" type="application/atom+xml" href="flode.atom"' in home
    assert 'href="anslagstavla.html"' in home and 'href="oppna-data.html"' in home
    body = (out / "testgruppen" / "index.html").read_text(encoding="utf-8")
    assert 'href="../testgruppen/flode.atom"' in body and 'href="../testgruppen/kalender.ics"' in body
    data_page = (out / "oppna-data.html").read_text(encoding="utf-8")
    for target in ("data/arkiv.json", "data/schema.json", "data/beslut.csv", "data/atgarder.csv", "beslut.atom",
                   "anslagstavla.atom", "testgruppen/kalender.ics", "testgruppen/flode.atom"):
        assert f'href="{target}"' in data_page
        assert (out / target).is_file()
    page = (out / "testgruppen" / "2024-10-28.html").read_text(encoding="utf-8")
    assert 'href="../testgruppen/2024-10-28.json"' in page


def test_publication_files_are_deterministic(data_project, tmp_path):
    first = _build(data_project, BASE)
    snapshot = {p.relative_to(first).as_posix(): p.read_bytes() for p in sorted(first.rglob("*")) if p.is_file()}
    again = _build(data_project, BASE)
    assert snapshot == {p.relative_to(again).as_posix(): p.read_bytes() for p in sorted(again.rglob("*")) if p.is_file()}


def test_a_body_folder_named_data_is_refused_by_check(project):
    from generator.build.pipeline import check

    project.write("data/_body.md", BODY_FILE)
    problems = [p for p in check(project.config).problems if p.is_error]
    assert any("taken by the site's own pages" in p.message and p.location.path == "content/data/_body.md"
               for p in problems)
