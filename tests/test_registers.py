"""Civic registers: decisions, actions, people, organisations, links between meetings and
attachments, on the seeds (copied into a throwaway project, with the build date pinned) and on
small fixtures."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from conftest import as_read, REPO, Project, visible_text

from generator.model.crosslinks import MeetingLinker, refers_to_body
from generator.common.errors import SourceLocation
from generator.model.domain import Archive, Body, Person
from generator.model.people import PeopleIndex
from generator.build.pipeline import check

# 2017-08-25: some of the 2017-08-17 seed's actions are past due, some not yet.
PINNED = str(int(dt.datetime(2017, 8, 25, 12, tzinfo=dt.timezone.utc).timestamp()))

EARLIER_KC_MEETING = """\
---
body: umearegionen-kc
date: 2017-06-08
kind: minnesanteckningar
status: ojusterat
participants:
  - name: Lisa A L
    organisation: Umeåregionens kansli
    role: sekreterare
---

## 1. Ärenden per mail

Mötet ställdes in; ärendena hanterades per mail.

| Åtgärd | Slutdatum | Ansvarig | Klar |
| --- | --- | --- | --- |
| Skicka beslutsformuleringarna till kommunerna | 2017-06-15 | Lisa A L | KC 2017-08-17 |
| Boka lokal till hösten | 2017-06-20 | Magnus Haglund | |
"""

# Same body, the date of the regionråd meeting that 2017-08-17 mentions: must not be linked.
KC_MEETING_ON_REGIONRAD_DAY = """\
---
body: umearegionen-kc
date: 2017-08-30
kind: minnesanteckningar
status: planerat
---
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The seeds plus an earlier KC meeting, built with the build date pinned to 2017-08-25."""
    project = Project(tmp_path_factory.mktemp("registers") / "site")
    shutil.copytree(REPO / "content", project.root / "content", dirs_exist_ok=True)
    project.write("umearegionen-kc/2017-06-08.md", EARLIER_KC_MEETING)
    project.write("umearegionen-kc/2017-08-30.md", KC_MEETING_ON_REGIONRAD_DAY)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", PINNED)
        project.build()
    return project.output


class _Page(HTMLParser):
    """Links (href, text), ids, headings, tables: what the assertions need from a page."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.headings: list[int] = []
        self.tables = 0
        self.captions = 0
        self.th_without_scope = 0
        self._link: list[str] | None = None
        self._href = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "href" in attributes:
            self._link, self._href = [], attributes["href"] or ""
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        self.tables += tag == "table"
        self.captions += tag == "caption"
        self.th_without_scope += tag == "th" and "scope" not in attributes

    def handle_endtag(self, tag):
        if tag == "a" and self._link is not None:
            self.links.append((self._href, re.sub(r"\s+", " ", "".join(self._link)).strip()))
            self._link = None

    def handle_data(self, data):
        if self._link is not None:
            self._link.append(data)


def page(site: Path, path: str) -> _Page:
    parsed = _Page()
    parsed.feed(as_read((site / path).read_text(encoding="utf-8")))
    return parsed


def assert_one_h1_ordered_headings_captioned_tables(parsed) -> None:
    assert parsed.headings.count(1) == 1 and parsed.headings[0] == 1
    for before, after in zip(parsed.headings, parsed.headings[1:]):
        assert after <= before + 1, parsed.headings
    assert parsed.tables == parsed.captions and parsed.th_without_scope == 0


def checked_relative_links(site: Path) -> int:
    """Asserts every link of every page is relative and reaches a file, and its fragment an id
    there; returns how many. Not the 404 page: a host serves it at any depth (render/site.py)."""
    checked = 0
    ids: dict[Path, set[str]] = {}
    for path in sorted(site.rglob("*.html")):
        if path.name == "404.html":
            continue
        relative = path.relative_to(site).as_posix()
        for href, _ in page(site, relative).links:
            parts = urlsplit(href)
            if parts.scheme:
                continue
            assert not href.startswith("/"), (relative, href)
            target = (path.parent / unquote(parts.path)) if parts.path else path
            assert target.is_file(), (relative, href)
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = page(site, target.relative_to(site).as_posix()).ids
                assert parts.fragment in ids[target], (relative, href)
            checked += 1
    return checked


def text(site: Path, path: str) -> str:
    return visible_text(as_read((site / path).read_text(encoding="utf-8")))


def resolve(site: Path, from_page: str, href: str) -> str:
    """A relative link as a path from the site root ('umearegionen-kc/2017-08-17.html#punkt-4')."""
    parts = urlsplit(href)
    target = (site / from_page).parent / unquote(parts.path)
    relative = target.resolve().relative_to(site.resolve()).as_posix()
    return relative + (f"#{parts.fragment}" if parts.fragment else "")


def links_from(site: Path, path: str) -> list[tuple[str, str]]:
    return [(resolve(site, path, href), label) for href, label in page(site, path).links
            if not urlsplit(href).scheme]


# --- Decisions ------------------------------------------------------------------------------


def _archive(site: Path) -> Archive:
    from generator.load.config import load_config

    archive = check(load_config(site.parent)).archive
    assert archive is not None
    return archive


def _year_links(site: Path, path: str, prefix: str) -> list[tuple[str, str, str]]:
    """(target, link text, the text after the link) of each year on a register's overview."""
    html = as_read((site / path).read_text(encoding="utf-8"))
    found = re.findall(r'<li id="ar-\d+"><a href="([^"]+)">([^<]+)</a> \(([^)]*)\)</li>', html)
    assert found and all(label.startswith(prefix) for _, label, _ in found)
    return [(resolve(site, path, href), label, after) for href, label, after in found]


def test_site_wide_decision_register_is_an_overview_of_years_with_counts(site):
    archive = _archive(site)
    meetings: dict[int, set[str]] = {}
    decisions: dict[int, int] = {}
    for meeting in archive.meetings:
        count = sum(len(item.decisions) for item in meeting.items)
        if count:
            meetings.setdefault(meeting.year, set()).add(meeting.ref)
            decisions[meeting.year] = decisions.get(meeting.year, 0) + count
    years = _year_links(site, "beslut.html", "Beslut ")
    assert [label for _, label, _ in years] == ["Beslut 2024", "Beslut 2017", "Beslut 2015", "Beslut 2013"]
    assert [target for target, _, _ in years] == [f"beslut/{y}.html" for y in (2024, 2017, 2015, 2013)]
    for target, label, after in years:
        year = int(label.split()[-1])
        möten = "möte" if len(meetings[year]) == 1 else "möten"
        assert after == f"{decisions[year]} beslut, {len(meetings[year])} {möten}", label
    assert after == "9 beslut, 1 möte"  # 2013
    # Old links to a year's heading (beslut.html#ar-2015) land on the year's line.
    assert {"ar-2024", "ar-2017", "ar-2015", "ar-2013"} <= page(site, "beslut.html").ids
    # The bodies' registers, with their counts.
    links = links_from(site, "beslut.html")
    assert ("umearegionen-kc/beslut.html", "Beslut i Kommunchefsgruppen") in links
    assert "Beslut i Kommunchefsgruppen (26 beslut)" in text(site, "beslut.html")
    # The overview holds no decisions.
    assert "Projektet antas enligt förslag" not in text(site, "beslut.html")
    assert (site / "beslut.html").stat().st_size < 20_000


def test_a_year_page_holds_the_decisions_of_that_year_and_only_those(site):
    archive = _archive(site)
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "beslut").glob("*.html"))
    assert pages == ["beslut/2013.html", "beslut/2015.html", "beslut/2017.html", "beslut/2024.html"]
    for path in pages:
        year = int(path[len("beslut/"):-len(".html")])
        parsed = page(site, path)
        expected = {f"{m.body_slug}-{m.slug}" for m in archive.meetings
                    if m.year == year and any(item.decisions for item in m.items)}
        shown = {i for i in parsed.ids if re.fullmatch(r"[a-z-]+-\d{4}-\d{2}-\d{2}", i)}
        assert shown == expected, path
        content = text(site, path)
        for meeting in archive.meetings:
            for item in meeting.items:
                for decision in item.decisions:
                    if meeting.year == year:
                        assert decision.text[:60] in content, (path, item.title)
        assert page(site, path).headings[:2] == [1, 2]
    content = text(site, "beslut/2013.html")
    assert "Projektet antas enligt förslag och finansieras med 300 000 kr av Umeåregionens utvecklingsmedel" in content
    assert "Projektet antas enligt förslag" not in text(site, "beslut/2015.html")
    assert "Underlaget återrapporteras till Kommundirektörerna 2024-12-09." in text(site, "beslut/2024.html")
    links = links_from(site, "beslut/2013.html")
    assert ("umearegionen-kc/2013-05-15.html#punkt-4", "4 Samverkan inom IT-området") in links
    assert ("jamtland-samverkan/2024-10-21.html#paragraf-23",
            "§ 23 Finansiering av tjänster mellan kommuner och förbundet") in links_from(site, "beslut/2024.html")
    # The site-wide register names the body of each meeting.
    assert any(target == "skane-nordvast-kdg/2015-06-12.html" and "Kommundirektörsgruppen" in label
               for target, label in links_from(site, "beslut/2015.html"))


def test_year_pages_link_to_the_years_before_and_after_and_back_to_the_overview(site):
    links = links_from(site, "beslut/2015.html")
    assert ("beslut/2013.html", "← Beslut 2013") in links and ("beslut/2017.html", "Beslut 2017 →") in links
    assert ("beslut.html", "Beslut alla år") in links
    assert ("beslut.html", "Beslutsregister") in links  # the breadcrumb
    html = as_read((site / "beslut/2015.html").read_text(encoding="utf-8"))
    assert '<nav class="pager register-year-nav" aria-label="Andra år">' in html
    assert '<span aria-current="page">2015</span>' in html
    newest = [t for t, _ in links_from(site, "beslut/2024.html")]
    assert "beslut/2017.html" in newest and not any(t.startswith("beslut/20") and t != "beslut/2017.html" for t in newest)
    oldest = [t for t, _ in links_from(site, "beslut/2013.html")]
    assert "beslut/2015.html" in oldest and not any(t.startswith("beslut/20") and t != "beslut/2015.html" for t in oldest)
    assert "<title>Beslut 2015 – " in html


def test_body_decision_register_keeps_att_clauses_as_a_list(site):
    html = as_read((site / "skane-nordvast-kdg/beslut.html").read_text(encoding="utf-8"))
    clauses = re.findall(r"<li>(att .*?|samt att .*?)</li>", html)
    start = next(i for i, c in enumerate(clauses) if c.startswith("att Ängelholms kommun"))
    assert clauses[start:start + 3] == [
        "att Ängelholms kommun är huvudansvarig för att ta fram förslag till yttrande som sedan mailas runt till kommundirektörsnätverket",
        "att Ängelholm begär anstånd hos Region Skåne att svara på remissen till den 31 augusti 2015",
        "samt att ambitionen är att yttrandet ska vara klart för undertecknande av kommunstyrelseordförandena senast 150618.",
    ]
    content = text(site, "skane-nordvast-kdg/beslut.html")
    assert "Kommunchefsgruppen" not in content.split("Beslut i Kommundirektörsgruppen", 1)[1].split("Protokollarkivet publiceras")[0]
    # Sub-section decisions (#### Beslut under ### ...) are there too.
    assert content.count("7 Sekretariatsfrågor") == 4


def test_every_seed_decision_is_in_its_body_register(site):
    archive = _archive(site)
    for body in archive.bodies:
        content = text(site, f"{body.slug}/beslut.html")
        for meeting in archive.meetings_of(body.slug):
            for item in meeting.items:
                for decision in item.decisions:
                    assert decision.text[:60] in content, (body.slug, item.title)


# --- Actions --------------------------------------------------------------------------------


def _action_rows(site: Path, path: str) -> list[str]:
    html = as_read((site / path).read_text(encoding="utf-8"))
    body = html.split('<table class="register-actions">', 1)[1].split("</table>", 1)[0]
    return re.findall(r"(?s)<tr class=\"[^\"]*\">.*?</tr>", body)


def test_action_register_is_sorted_by_due_date_with_all_responsible_persons(site):
    rows = _action_rows(site, "umearegionen-kc/atgarder.html")
    dues = [re.search(r'<td><time datetime="([\d-]+)"', row) for row in rows]
    dated = [m.group(1) for m in dues if m]
    assert dated == sorted(dated) and len(dated) >= 14
    assert all(m is not None for m in dues[: len(dated)])  # actions without a due date come last
    assert "Påminn om att skicka förslag till Lisa" in rows[-1]

    [travel] = [r for r in rows if "Boka resa till Stockholm 18-20 oktober" in r]
    assert 'datetime="2017-08-30"' in travel
    people = re.findall(r'href="\.\./personer/([a-z-]+)\.html">([^<]+)</a>', travel)
    assert people == [
        ("hakan-wretling", "Håkan Wretling"), ("johan-tegnhed", "Johan Tegnhed"), ("jonas-jonsson", "Jonas Jonsson"),
        ("karin-ahnqvist", "Karin Ahnqvist"), ("karolina-johansson", "Karolina Johansson"),
        ("magnus-haglund", "Magnus Haglund"), ("per-eric-magnusson", "Per-Eric Magnusson"),
    ]
    assert 'href="../umearegionen-kc/2017-08-17.html#punkt-5"' in travel
    [signing] = [r for r in rows if "Förbered för att vid regionrådsmötet" in r]
    assert len(re.findall(r'href="\.\./personer/', signing)) == 5


def test_past_due_is_relative_to_the_pinned_build_date_and_not_called_failed(site):
    rows = _action_rows(site, "umearegionen-kc/atgarder.html")
    for row in rows:
        due = re.search(r'<td><time datetime="([\d-]+)"', row)
        done = "Klar:" in row
        past = due is not None and dt.date.fromisoformat(due.group(1)) < dt.date(2017, 8, 25) and not done
        assert ("Slutdatum passerat" in row) == past, row
        assert ("register-action--past-due" in row) == past
    content = text(site, "umearegionen-kc/atgarder.html")
    assert "2017-08-25" in content  # the note names the date the marks are relative to
    for word in ("misslyck", "ej utförd", "försenad"):
        assert word not in content.lower()


def test_done_reference_is_shown_and_links_to_the_meeting_that_recorded_it(site):
    rows = _action_rows(site, "umearegionen-kc/atgarder.html")
    [done] = [r for r in rows if "Skicka beslutsformuleringarna" in r]
    assert "Klar:" in done and "Slutdatum passerat" not in done and "register-action--done" in done
    assert '<a class="meeting-ref" href="../umearegionen-kc/2017-08-17.html">KC 2017-08-17</a>' in done
    [open_row] = [r for r in rows if "Boka lokal till hösten" in r]
    assert "Slutdatum passerat" in open_row
    # The meeting's own action table shows the Klar column.
    meeting = as_read((site / "umearegionen-kc/2017-06-08.html").read_text(encoding="utf-8"))
    assert '<th scope="col">Klar</th>' in meeting
    assert 'href="../umearegionen-kc/2017-08-17.html">KC 2017-08-17</a>' in meeting


def test_site_wide_action_register_spans_bodies_a_page_per_due_year(site):
    pages = sorted(p.relative_to(site).as_posix() for p in (site / "atgarder").glob("*.html"))
    assert pages == ["atgarder/2017.html", "atgarder/utan-slutdatum.html"]
    content = text(site, "atgarder/2017.html")
    assert "Boka resa till Stockholm 18-20 oktober" in content
    assert "Skicka beslutsformuleringarna till kommunerna" in content
    site_rows = [r for p in pages for r in _action_rows(site, p)]
    body_rows = [r for b in ("umearegionen-kc", "jamtland-samverkan", "skane-nordvast-kdg")
                 if '<table class="register-actions">' in as_read((site / b / "atgarder.html").read_text(encoding="utf-8"))
                 for r in _action_rows(site, f"{b}/atgarder.html")]
    assert len(site_rows) == len(body_rows) == 16
    # A due year's page holds the actions due that year, sorted; the other page those without.
    dues = [re.search(r'<td><time datetime="([\d-]+)"', row) for row in _action_rows(site, "atgarder/2017.html")]
    assert all(m and m.group(1).startswith("2017-") for m in dues)
    assert [m.group(1) for m in dues] == sorted(m.group(1) for m in dues)
    [undated] = _action_rows(site, "atgarder/utan-slutdatum.html")
    assert "Påminn om att skicka förslag till Lisa" in undated and "ingen angiven" in undated
    # The site-wide pages mark past due as the body's do, and keep the Klar column.
    for row in _action_rows(site, "atgarder/2017.html"):
        due = dt.date.fromisoformat(re.search(r'<td><time datetime="([\d-]+)"', row).group(1))
        past = due < dt.date(2017, 8, 25) and "Klar:" not in row
        assert ("Slutdatum passerat" in row) == past, row
    [done] = [r for r in _action_rows(site, "atgarder/2017.html") if "Skicka beslutsformuleringarna" in r]
    assert '<a class="meeting-ref" href="../umearegionen-kc/2017-08-17.html">KC 2017-08-17</a>' in done
    assert "2017-08-25" in text(site, "atgarder/2017.html")
    assert ("atgarder.html", "Åtgärder alla år") in links_from(site, "atgarder/2017.html")
    assert ("atgarder.html", "Åtgärdsregister") in links_from(site, "atgarder/utan-slutdatum.html")


def test_action_overview_counts_the_open_past_due_and_done_actions_and_links_to_this_year(site):
    rows = _action_rows(site, "atgarder/2017.html")
    past_due = sum("Slutdatum passerat" in r for r in rows)
    done = sum("Klar:" in r for r in rows)
    upcoming = len(rows) - past_due - done
    assert past_due and done and upcoming  # the pinned date is in the middle of 2017's actions
    content = text(site, "atgarder.html")
    assert "Läget 2017-08-25" in content
    assert f"{upcoming} åtgärder har ett slutdatum som inte har passerat" in content
    assert f"{past_due} åtgärder har passerat slutdatum" in content
    assert f"{done} åtgärd har noterats som klar." in content
    years = _year_links(site, "atgarder.html", "Åtgärder med slutdatum ")
    assert years == [("atgarder/2017.html", "Åtgärder med slutdatum 2017",
                      f"{len(rows)} åtgärder, {upcoming} kommande, {past_due} med passerat slutdatum, {done} klar")]
    links = links_from(site, "atgarder.html")
    # The build date's year, prominently, before the list of years.
    assert links.index(("atgarder/2017.html", "Åtgärder med slutdatum 2017")) < links.index(
        ("atgarder/utan-slutdatum.html", "Åtgärder utan slutdatum"))
    assert "Åtgärder med slutdatum 2017 (i år: " in content
    assert "Åtgärder utan slutdatum (1 åtgärd)" in content
    assert ("umearegionen-kc/atgarder.html", "Åtgärder i Kommunchefsgruppen") in links
    assert "Boka resa till Stockholm" not in content


# --- People ---------------------------------------------------------------------------------


def test_people_index_links_every_person_once(site):
    links = links_from(site, "personer/index.html")
    people = [(target, label) for target, label in links if target.startswith("personer/") and target != "personer/index.html"]
    assert ("personer/lisa-andersson-lindberg.html", "Lisa Andersson Lindberg") in people
    assert ("personer/inga-lill-nordstrom.html", "Inga-Lill Nordström") in people
    assert ("personer/helen-sundstrom-hetta.html", "Helén Sundström Hetta") in people
    assert len({t for t, _ in people}) == len(people)
    labels = [label for _, label in people]
    assert "Lisa A L" not in labels and "Inga-Lill Norström" not in labels and "Helen Sundström Hetta" not in labels
    # Swedish order: Å after Z.
    assert labels.index("Åsa Pålsson Stråe") > labels.index("Tomas Jonsson")


def test_person_page_has_meetings_roles_presented_items_and_actions(site):
    path = "personer/lisa-andersson-lindberg.html"
    parsed = page(site, path)
    assert parsed.headings.count(1) == 1
    content = text(site, path)
    assert "Umeåregionens kansli" in content
    assert "Lisa A L" in content  # the spelling of the 2017-06-08 fixture, resolved by the registry
    links = links_from(site, path)
    targets = [t for t, _ in links]
    for meeting in ("umearegionen-kc/2015-08-19.html", "umearegionen-kc/2017-08-17.html", "umearegionen-kc/2017-06-08.html"):
        assert meeting in targets
    assert ("umearegionen-kc/2015-08-19.html#punkt-3", "3 Information från kansliet") in links
    assert ("umearegionen-kc/2015-08-19.html#punkt-9", "9 Studieresa Berlin 1- 4 oktober") in links
    rows = _action_rows(site, path)
    assert any("Skicka beslutsformuleringarna" in r for r in rows)  # responsible written 'Lisa A L'
    assert any("boka boende på hotell Clarion Sign" in r for r in rows)
    assert not any("Boka resa till Stockholm" in r for r in rows)
    assert "sekreterare" in content and "övrig deltagare" in content


def test_alias_resolution_gathers_misspellings_on_one_page(site):
    content = text(site, "personer/inga-lill-nordstrom.html")
    assert "6 Integrationsstrategi" in content and "7 Avtal om mottagning" in content  # presented as 'Norström'
    assert "Inga-Lill Norström" in content  # the spelling is listed
    assert not (site / "personer/inga-lill-norstrom.html").exists()
    meeting = as_read((site / "umearegionen-kc/2015-08-19.html").read_text(encoding="utf-8"))
    assert '<a class="person-link" href="../personer/inga-lill-nordstrom.html">Inga-Lill Norström</a>' in meeting
    assert '<a class="person-link" href="../personer/helen-sundstrom-hetta.html">Helen Sundström Hetta</a>' in meeting


def test_people_index_unit():
    archive = Archive(bodies=(), meetings=(), people=(Person("Lisa Andersson Lindberg", ("Lisa A L", "Lisa A. L.")),))
    index = PeopleIndex(archive.people)
    assert index.canonical("Lisa A L") == "Lisa Andersson Lindberg"
    assert index.canonical("lisa a. l.") == "Lisa Andersson Lindberg"
    assert index.url("Lisa A L") == "personer/lisa-andersson-lindberg.html"
    assert index.url("Martin Söderström, förbundschef") == "personer/martin-soderstrom.html"
    assert index.url("samtliga kommunchefer") == ""


# --- Organisations --------------------------------------------------------------------------


def test_organisations_list_member_municipalities_and_their_meetings(site):
    links = links_from(site, "organisationer/index.html")
    names = [label for target, label in links if target.startswith("organisationer/") and target != "organisationer/index.html"]
    assert {"Umeå kommun", "Vännäs kommun", "Bjuv", "Krokoms kommun"} <= set(names)
    assert "Abou AB" not in names  # a guest's company is not a member organisation
    path = "organisationer/vannas-kommun.html"
    assert page(site, path).captions == page(site, path).tables == 1
    targets = [t for t, _ in links_from(site, path)]
    assert "umearegionen-kc/2017-08-17.html" in targets and "umearegionen-kc/2013-05-15.html" in targets
    assert "personer/karolina-johansson.html" in targets and "personer/asa-agren-wikstrom.html" in targets


# --- Links between meetings ------------------------------------------------------------------


def test_a_mention_of_an_earlier_meeting_links_to_it(site):
    html = as_read((site / "umearegionen-kc/2017-08-17.html").read_text(encoding="utf-8"))
    assert 'Föregående <a class="meeting-ref" href="../umearegionen-kc/2017-06-08.html">möte 2017-06-08</a> ställdes in' in html
    # The KC meeting of 2017-08-30 exists: "kcmöte 20170830" (an attachment's name) is that meeting,
    # but "regionrådsmötet 2017-08-30" and "att mötet 2017-08-30" mean the regionråd's meeting.
    targets = re.findall(r'<a class="meeting-ref" href="([^"]+)">([^<]+)</a>', html)
    assert targets == [("../umearegionen-kc/2017-06-08.html", "möte 2017-06-08"),
                       ("../umearegionen-kc/2017-08-30.html", "kcmöte 20170830")]
    assert "regionrådsmötet 2017-08-30 underteckna" in html and "att mötet 2017-08-30 kortas ner" in html
    # Nothing inside an existing link (the Bilagor file name mentions the date too).
    assert "Protokoll Kommunchefsmöte, Umeåregionen 2017-06-08.pdf" in html


def test_mentions_of_meetings_not_in_the_archive_stay_plain(seed_site):
    html = as_read((seed_site / "umearegionen-kc/2015-08-19.html").read_text(encoding="utf-8"))
    assert "KC 150610 Minnesanteckningar" in html and "kommunchefsgruppens möte 2015-06-10" in html
    for path in seed_site.rglob("*.html"):
        assert 'class="meeting-ref"' not in as_read(path.read_text(encoding="utf-8")), path


def test_which_words_name_a_meeting_of_the_body():
    kc = Body("umearegionen-kc", "Kommunchefsgruppen", "KC", "Umeåregionen", "", (), "", SourceLocation(""))
    yes = [("möte", "Föregående"), ("KC", "i"), ("kommunchefsmötet", "Vid"), ("möte", "kommunchefsgruppens"),
           ("KCMöte", "på"), ("Minnesanteckningar", "KC"), ("sammanträde", "senaste")]
    no = [("regionrådsmöte", "vid"), ("möte", "regionrådets"), ("mötet", "att"), ("Minnesanteckningar", "RR"),
          ("styrgruppsmöte", "Vid"), ("Datum:", ""), ("Umeåregionen", "Kommunchefsmöte,")]
    assert [refers_to_body(lead, prev, kc) for lead, prev in yes] == [True] * len(yes)
    assert [refers_to_body(lead, prev, kc) for lead, prev in no] == [False] * len(no)


def test_linking_touches_text_only_never_links_or_attributes():
    from generator.model.domain import Meeting

    def meeting(date: str) -> Meeting:
        return Meeting(body_slug="kc", slug=date, date=dt.date.fromisoformat(date), date_note="", start="", end="",
                       place="", kind="protokoll", title="", number="", status="justerat", approval=None,
                       anslag=None, participants=(), source_note="", published=None, corrections=(),
                       preamble=(), items=())

    body = Body("kc", "Kommunchefsgruppen", "KC", "Umeåregionen", "", (), "", SourceLocation(""))
    here, earlier = meeting("2017-08-17"), meeting("2015-06-10")
    linker = MeetingLinker(Archive(bodies=(body,), meetings=(earlier, here)))
    html = ('<p title="KC 150610">Se KC 150610 och <a href="https://example.org/">KC 150610</a>, '
            '<code>KC 150610</code>, KC 2015-06-11.</p>')
    out = linker.link_html(html, here, "../")
    assert out == ('<p title="KC 150610">Se <a class="meeting-ref" href="../kc/2015-06-10.html">KC 150610</a> och '
                   '<a href="https://example.org/">KC 150610</a>, <code>KC 150610</code>, KC 2015-06-11.</p>')
    assert linker.link_plain("<KC 150610>", here, "") == '&lt;<a class="meeting-ref" href="kc/2015-06-10.html">KC 150610</a>&gt;'


# --- Structure and links of the register pages ---------------------------------------------


REGISTER_PAGES = ["beslut.html", "beslut/2015.html", "atgarder.html", "atgarder/2017.html",
                  "atgarder/utan-slutdatum.html", "umearegionen-kc/beslut.html", "umearegionen-kc/atgarder.html",
                  "personer/index.html", "personer/lisa-andersson-lindberg.html", "personer/martin-soderstrom.html",
                  "organisationer/index.html", "organisationer/umea-kommun.html"]


@pytest.mark.parametrize("path", REGISTER_PAGES)
def test_register_pages_have_one_h1_ordered_headings_and_captioned_tables(site, path):
    assert_one_h1_ordered_headings_captioned_tables(page(site, path))
    html = as_read((site / path).read_text(encoding="utf-8"))
    assert '<html lang="sv">' in html


def test_every_link_of_the_fixture_site_resolves(site):
    assert checked_relative_links(site) > 500


def test_registers_are_linked_from_home_header_bodies_and_meetings(site):
    home = [t for t, _ in links_from(site, "index.html")]
    for target in ("beslut.html", "atgarder.html", "personer/index.html", "organisationer/index.html"):
        assert target in home
    # The header's register links work from the year pages, a folder down.
    header = [t for t, _ in links_from(site, "beslut/2015.html")]
    assert {"beslut.html", "atgarder.html", "personer/index.html", "index.html"} <= set(header)
    body = [t for t, _ in links_from(site, "umearegionen-kc/index.html")]
    assert "umearegionen-kc/beslut.html" in body and "umearegionen-kc/atgarder.html" in body
    assert "personer/magnus-haglund.html" in body  # members link to their pages
    meeting = links_from(site, "umearegionen-kc/2017-08-17.html")
    assert ("umearegionen-kc/beslut.html#umearegionen-kc-2017-08-17", "Beslut") in meeting
    assert ("umearegionen-kc/atgarder.html", "Åtgärder") in meeting
    assert ("personer/lisa-andersson-lindberg.html", "Lisa Andersson Lindberg") in meeting
    search = [t for t, _ in links_from(site, "search.html")]
    assert "personer/index.html" in search


def test_single_words_and_lower_case_texts_are_not_people():
    index = PeopleIndex((Person("Lisa Andersson Lindberg", ("Lisa",)),))
    assert index.url("Kansliet") == "" and index.url("samtliga kommunchefer") == ""
    assert index.url("Lisa") == "personer/lisa-andersson-lindberg.html"  # unless the registry says so


def test_a_year_that_loses_its_last_decision_loses_its_page_and_the_cache_agrees(tmp_path):
    """The year pages are made by the registers' page groups, which the cache reuses by key: a
    rebuild after the only meeting of a year went away drops that year's pages and links, and is
    byte for byte the clean build."""
    from conftest import output_snapshot

    from generator.load.config import load_config
    from generator.build.pipeline import build

    project = Project(tmp_path / "site")
    shutil.copytree(REPO / "content", project.root / "content", dirs_exist_ok=True)
    project.build()
    assert (project.output / "beslut/2013.html").is_file()
    (project.root / "content/umearegionen-kc/2013-05-15.md").unlink()
    report = project.build()
    assert "decisions" in report.groups_rendered
    assert not (project.output / "beslut/2013.html").exists()
    assert "beslut/2013.html" not in as_read((project.output / "beslut.html").read_text(encoding="utf-8"))
    oldest = as_read((project.output / "beslut/2015.html").read_text(encoding="utf-8"))
    assert 'rel="prev"' not in oldest and 'rel="next" href="../beslut/2017.html"' in oldest
    clean = tmp_path / "clean"
    shutil.copytree(project.root, clean, ignore=shutil.ignore_patterns("output", ".cache"))
    build(load_config(clean), use_cache=False)
    assert output_snapshot(project.output) == output_snapshot(clean / "output")
    # Nothing changed: the groups are reused, pages and all.
    again = project.build()
    assert "decisions" not in again.groups_rendered and (project.output / "beslut/2015.html").is_file()


def test_decisions_under_sub_headings_are_listed_by_their_subject_with_their_own_anchor(site):
    meeting = as_read((site / "skane-nordvast-kdg" / "2015-06-12.html").read_text(encoding="utf-8"))
    anchors = re.findall(r'<h3 id="(punkt-7-[a-z0-9-]+)">([^<]+)</h3>', meeting)
    assert [title for _, title in anchors] == ["Processtöd infrastrukturstrategi",
                                               "Medfinansiering Leader Skåne nordväst med Öresund 2014-2020",
                                               "Uppdragsbanken och studentmedarbetare", "Informationsstruktur inom Skåne Nordväst"]
    for register in ("beslut/2015.html", "skane-nordvast-kdg/beslut.html"):
        html = as_read((site / register).read_text(encoding="utf-8"))
        listed = re.findall(r'href="\.\./skane-nordvast-kdg/2015-06-12\.html#(punkt-7[a-z0-9-]*)"><span class="item__number">7</span>'
                            r' Sekretariatsfrågor: ([^<]+)</a>', html)
        assert listed == [(anchor, title) for anchor, title in anchors], register
        assert "2015-06-12.html#punkt-7\"" not in html  # no decision of item 7 links to the item as a whole
