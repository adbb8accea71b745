"""Person and organisation pages stay small (generator/render/registers/paging.py): a person with
more than PARTICIPATIONS_PER_PAGE entries, or an organisation with more than
ORGANISATION_MEETINGS_PER_PAGE meetings, gets an overview with pages by year of the meetings,
split by month and into parts like the registers; small ones keep one page. And the actions
without a due date are cut into parts. On `write_paged_archive` (conftest.py): Anna Andersson
(816 entries) and Testkommunen (102 meetings) are split, Bo Berg (112) is not."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import Project, write_paged_archive
from test_registers import (
    assert_one_h1_ordered_headings_captioned_tables,
    links_from,
    page,
    text,
)
from test_registers_paging import _assert_equals_clean, archive_of, one_process

from generator.render import registers
from generator.render.registers import ORGANISATION_MEETINGS_PER_PAGE, PARTICIPATIONS_PER_PAGE

PERSON = "personer/anna-andersson"
ORGANISATION = "organisationer/testkommunen"


def leaves(site: Path, folder: str) -> list[str]:
    """The pages of a person or an organisation that show entries (not the lists of months)."""
    return sorted(f"{folder}/{p.name}" for p in (site / folder).glob("*.html")
                  if "manader" not in p.read_text(encoding="utf-8"))


def meeting_links(html: str, section: str) -> list[str]:
    """The meetings a section of a person's or an organisation's page links, as 'alfa/2019-03-10'."""
    found = re.search(rf'(?s)<section aria-labelledby="{section}">(.*?)</section>', html)
    if not found:
        return []
    return re.findall(r'href="(?:\.\./)+([a-z]+/\d{4}-\d\d-\d\d(?:-\d)?)\.html"', found.group(1).split("<h3", 1)[0])


def test_small_people_and_organisations_keep_their_single_page(seed_site, paged_site):
    assert not [p for p in (seed_site / "personer").iterdir() if p.is_dir()]
    assert not [p for p in (seed_site / "organisationer").iterdir() if p.is_dir()]
    assert not (paged_site / "personer/bo-berg").exists()
    html = (paged_site / "personer/bo-berg.html").read_text(encoding="utf-8")
    assert len(meeting_links(html, "moten")) == 102 and html.count("utan datum</th>") == 10
    assert 'aria-labelledby="ar"' not in html


def test_a_large_person_gets_an_overview_with_pages_by_year_month_and_part(paged_site):
    html = (paged_site / f"{PERSON}.html").read_text(encoding="utf-8")
    assert 'class="meeting-list"' not in html and "register-actions" not in html
    assert "Organisationer och roller" in html  # who the person is stays on the overview
    content = text(paged_site, f"{PERSON}.html")
    assert "2020 (6 möten, 42 åtgärder)" in content and "2019 (96 möten, 672 åtgärder, 11 månader)" in content
    assert [t for t, _ in links_from(paged_site, f"{PERSON}.html") if t.startswith(PERSON + "/")] == [
        f"{PERSON}/2020.html", f"{PERSON}/2019.html"]
    # 2019 (768 entries) lists its months; May (376) is in two parts; 2020 (48) is one page.
    assert "maj 2019 (47 möten, 329 åtgärder, 2 sidor)" in text(paged_site, f"{PERSON}/2019.html")
    assert (paged_site / f"{PERSON}/2019-05-del-2.html").is_file() and not (paged_site / f"{PERSON}/2019-07.html").exists()
    assert not list((paged_site / PERSON).glob("2020-*.html"))


def test_every_participation_of_a_large_person_is_on_exactly_one_page(paged_site):
    archive = archive_of(paged_site)
    attended, actions = Counter(), Counter()
    for path in leaves(paged_site, PERSON):
        html = (paged_site / path).read_text(encoding="utf-8")
        links = meeting_links(html, "moten")
        rows = re.findall(r'<th scope="row" class="register-action__text">(.*?)</th>', html)
        assert len(links) + len(rows) <= PARTICIPATIONS_PER_PAGE, path
        attended.update(links)
        actions.update(rows)
        # Each page holds the meetings of its own period.
        period = re.search(r"/(\d{4}(?:-\d\d)?)", path).group(1)
        assert all(link.split("/")[1].startswith(period) for link in links), path
    assert attended == Counter(f"{m.body_slug}/{m.slug}" for m in archive.meetings)
    assert actions == Counter(a.text for m in archive.meetings for i in m.items for a in i.actions
                              if "Anna Andersson" in a.responsible)
    assert sum(attended.values()) + sum(actions.values()) == 816


def test_every_meeting_of_a_large_organisation_is_on_exactly_one_page(paged_site):
    archive = archive_of(paged_site)
    html = (paged_site / f"{ORGANISATION}.html").read_text(encoding="utf-8")
    assert "register-organisation-meetings" not in html and "Anna Andersson" in html  # representatives stay
    shown = Counter()
    for path in leaves(paged_site, ORGANISATION):
        links = meeting_links((paged_site / path).read_text(encoding="utf-8"), "moten")
        assert len(links) <= ORGANISATION_MEETINGS_PER_PAGE
        shown.update(links)
    assert shown == Counter(f"{m.body_slug}/{m.slug}" for m in archive.meetings)
    assert leaves(paged_site, ORGANISATION) == [f"{ORGANISATION}/2019.html", f"{ORGANISATION}/2020.html"]


def test_the_pages_of_a_large_person_are_reachable_from_the_overview_by_links(paged_site):
    reached, queue = set(), [f"{PERSON}.html"]
    while queue:
        path = queue.pop()
        if path not in reached:
            reached.add(path)
            queue += [t for t, _ in links_from(paged_site, path) if t.startswith(PERSON + "/")]
    assert reached == {f"{PERSON}.html", *(f"{PERSON}/{p.name}" for p in (paged_site / PERSON).glob("*.html"))}


def test_a_month_part_of_a_person_has_its_place_in_the_breadcrumb_pager_and_parts(paged_site):
    path = f"{PERSON}/2019-05-del-2.html"
    html = (paged_site / path).read_text(encoding="utf-8")
    assert "<h1>Anna Andersson maj 2019, del 2</h1>" in html
    crumbs = html.split('aria-label="Brödsmulor"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="([^"]+)">([^<]+)</a>', crumbs) == [
        ("../../index.html", "Start"), ("../../personer/index.html", "Personer"),
        ("../../personer/anna-andersson.html", "Anna Andersson"), ("../../personer/anna-andersson/2019.html", "2019")]
    assert '<span aria-current="page">maj, del 2</span>' in crumbs
    links = links_from(paged_site, path)
    assert (f"{PERSON}/2019-05.html", "← maj 2019, del 1") in links
    assert (f"{PERSON}/2019-06.html", "juni 2019 →") in links
    assert '<span aria-current="page">del 2</span>' in html.split('aria-label="Delar av maj 2019"', 1)[1]
    assert (f"{PERSON}/2019.html", "← 2019") in links_from(paged_site, f"{PERSON}/2020.html")
    assert (f"{PERSON}.html", "Anna Andersson alla år") in links_from(paged_site, f"{PERSON}/2020.html")


def test_the_sitemap_lists_every_person_and_organisation_page(paged_site):
    sitemap = (paged_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = {p for p in re.findall(r"<loc>https://example\.org/arkiv/([^<]+)</loc>", sitemap)
              if p.startswith(("personer/", "organisationer/"))}
    written = {p.relative_to(paged_site).as_posix() for folder in ("personer", "organisationer")
               for p in (paged_site / folder).rglob("*.html")}
    assert listed == written and len(written) > 20


@pytest.mark.parametrize("path", [f"{PERSON}.html", f"{PERSON}/2019.html", f"{PERSON}/2019-03.html",
                                  f"{PERSON}/2019-05-del-2.html", f"{PERSON}/2020.html", f"{ORGANISATION}.html",
                                  f"{ORGANISATION}/2019.html", "personer/bo-berg.html"])
def test_person_and_organisation_pages_have_one_h1_ordered_headings_and_named_navs(paged_site, path):
    parsed = page(paged_site, path)
    assert_one_h1_ordered_headings_captioned_tables(parsed)
    html = (paged_site / path).read_text(encoding="utf-8")
    assert html.count('aria-current="page"') == (2 if "-del-" in path else 1)
    assert html.count("<nav ") == len(set(re.findall(r'<nav [^>]*aria-label="([^"]+)"', html)))


def test_actions_without_a_due_date_beyond_a_page_are_in_parts(tmp_path, monkeypatch):
    """Ten undated actions, with a limit of four: parts of 4, 3 and 3, each action on one."""
    monkeypatch.setattr(registers.paging, "ACTIONS_PER_PAGE", 4)
    project = write_paged_archive(Project(tmp_path / "site"))
    (project.root / "minutes.yml").write_text("title: T\nbase_url: https://example.org/\n", encoding="utf-8")
    one_process(project)
    site = project.output
    pages = ["atgarder/utan-slutdatum.html", "atgarder/utan-slutdatum-del-2.html", "atgarder/utan-slutdatum-del-3.html"]
    assert sorted(p.relative_to(site).as_posix() for p in site.glob("atgarder/utan-slutdatum*.html")) == sorted(pages)
    shown = Counter()
    for path in pages:
        html = (site / path).read_text(encoding="utf-8")
        shown.update(re.findall(r'class="register-action__text">(Åtgärd \d+ utan datum)</th>', html))
        assert "Alla åtgärder som inte har något slutdatum (10 åtgärder)" in html
        parts = html.split('<nav class="register-parts" aria-label="Delar av åtgärderna utan slutdatum">', 1)[1]
        assert parts.split("</nav>", 1)[0].count("<li>") == 3
    assert list(shown.values()) == [1] * 10
    # Parts go in the order of the meetings.
    assert "Åtgärd 10 utan datum" in (site / pages[0]).read_text(encoding="utf-8")
    assert "<h1>Åtgärder utan slutdatum, del 2</h1>" in (site / pages[1]).read_text(encoding="utf-8")
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert all(f"<loc>https://example.org/{p}</loc>" in sitemap for p in pages)


def test_crossing_the_organisation_limit_and_editing_a_large_person_equal_clean_builds(tmp_path):
    """Testkommunen falls to 100 meetings (one page) and back; a text edit keeps the quick path.
    With a base URL: the sitemap lists the pages by year, and must follow."""
    project = write_paged_archive(Project(tmp_path / "site"))
    (project.root / "minutes.yml").write_text("title: T\nbase_url: https://example.org/\n", encoding="utf-8")
    one_process(project)
    assert (project.output / f"{ORGANISATION}/2019.html").is_file()
    removed = {}
    for day in ("2020-05-05", "2020-06-05"):
        path = project.root / f"content/alfa/{day}.md"
        removed[path] = path.read_bytes()
        path.unlink()
    one_process(project)
    assert not (project.output / ORGANISATION).exists()
    assert "organisationer/testkommunen/" not in (project.output / "sitemap.xml").read_text(encoding="utf-8")
    assert (project.output / PERSON / "2019.html").is_file()
    _assert_equals_clean(project, tmp_path / "clean-1")
    for path, content in removed.items():
        path.write_bytes(content)
    one_process(project)
    assert (project.output / f"{ORGANISATION}/2020.html").is_file()
    path = project.root / "content/alfa/2019-03-10.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## 2. Plan 10\n", "## 2. Plan 10\n\nEn bakgrund.\n"),
                    encoding="utf-8")
    report = one_process(project)
    assert report.quick and report.pages_rendered == 1
    _assert_equals_clean(project, tmp_path / "clean-2")
