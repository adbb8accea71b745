"""Register pages stay small (generator/render/registers/paging.py): a year with more than a page
holds is split into month pages, a month with more into parts, a large body's registers into pages
by year; every decision and action stays on exactly one page, reachable by plain links. On
`write_paged_archive` (conftest.py), just large enough to split, with the real limits."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import Project, output_snapshot, write_paged_archive
from test_registers import (
    assert_one_h1_ordered_headings_captioned_tables,
    checked_relative_links,
    links_from,
    page,
    resolve,
    text,
)

from generator.common.paths import SWEDISH
from generator.render import registers
from generator.load.config import load_config
from generator.build.pipeline import build, check
from generator.render.registers import (
    ACTIONS_PER_PAGE,
    MEETINGS_PER_PAGE,
    part_numbers,
    split_by_period,
)


def archive_of(site: Path):
    archive = check(load_config(site.parent)).archive
    assert archive is not None
    return archive


def register_pages(site: Path, kind: str) -> dict[str, list[str]]:
    """The register's pages by owner: '' for the site's, a body's slug for the body's."""
    folder = "beslut" if kind == "decisions" else "atgarder"
    found: dict[str, list[str]] = {"": [f"{folder}.html", *sorted(f"{folder}/{p.name}" for p in (site / folder).glob("*.html"))]}
    for body in sorted(p.parent.name for p in site.glob(f"*/{folder}.html")):
        found[body] = [f"{body}/{folder}.html",
                       *sorted(f"{body}/{folder}/{p.name}" for p in (site / body / folder).glob("*.html"))]
    return found


# --- Splitting, as a function -------------------------------------------------------------


def test_split_by_period_keeps_small_years_whole_and_splits_large_ones_by_month():
    day = dt.date.fromisoformat
    entries = [day("2020-02-01"), day("2019-12-30"), day("2019-03-05"), day("2019-03-01"), day("2019-01-09"),
               day("2018-06-01"), day("2018-05-01")]
    grouped = split_by_period(entries, lambda d: d, lambda year, in_year: len(in_year) > 3)
    assert [(year, entries) for year, entries, _ in grouped] == [
        (2020, [day("2020-02-01")]),
        (2019, [day("2019-12-30"), day("2019-03-05"), day("2019-03-01"), day("2019-01-09")]),
        (2018, [day("2018-06-01"), day("2018-05-01")])]
    # Only 2019 is over the limit: its months, January first, each in the register's own order;
    # months without entries have no group.
    assert [months for _, _, months in grouped] == [
        [], [(1, [day("2019-01-09")]), (3, [day("2019-03-05"), day("2019-03-01")]), (12, [day("2019-12-30")])], []]
    # At the limit a year stays whole.
    assert all(not months for _, _, months in split_by_period(entries, lambda d: d, lambda y, e: len(e) > 4))


def test_split_by_period_loses_and_repeats_no_entry():
    when = [dt.date(2000, 1, 1) + dt.timedelta(days=d * 7) for d in range(300)]
    entries = [(d, i) for i, d in enumerate(sorted(when, reverse=True))]
    for limit in (0, 10, 60, 1000):
        grouped = split_by_period(entries, lambda e: e[0], lambda year, e, limit=limit: len(e) > limit)
        leaves = [e for _, in_year, months in grouped for e in ([x for _, m in months for x in m] if months else in_year)]
        assert sorted(leaves, key=lambda e: e[1]) == entries
        assert len(leaves) == len(set(leaves))


def test_a_month_too_large_for_a_page_is_split_into_near_equal_parts_forward_in_time():
    assert part_numbers(40, 40) == [0] * 40
    assert part_numbers(41, 40) == [1] * 21 + [2] * 20
    assert part_numbers(5, 2) == [1, 1, 2, 2, 3]
    assert part_numbers(5, 2, newest_first=True) == [3, 2, 2, 1, 1]  # the newest entries are in the last part
    for count in range(1, 200):
        numbers = part_numbers(count, 7)
        sizes = Counter(numbers)
        assert max(sizes.values()) <= 7 and max(sizes.values()) - min(sizes.values()) <= 1
        assert sorted(sizes) == (list(range(1, len(sizes) + 1)) if count > 7 else [0])
        assert numbers == sorted(numbers)


def test_a_body_decision_layout_depends_on_its_meetings_dates_alone():
    """A meeting page is rendered knowing the other meetings' front matter only: the page that
    holds its decisions must follow from the dates."""
    from generator.common.errors import SourceLocation
    from generator.model.domain import Body, Meeting

    def meeting(date: dt.date) -> Meeting:
        return Meeting(body_slug="kc", slug=date.isoformat(), date=date, date_note="", start="", end="", place="",
                       kind="protokoll", title="", number="", status="planerat", approval=None, anslag=None,
                       participants=(), source_note="", published=None, corrections=(), preamble=(), items=())

    body = Body("kc", "Kommunchefsgruppen", "KC", "Umeåregionen", "", (), "", SourceLocation(""))
    few = tuple(meeting(dt.date(2019, 1, 1) + dt.timedelta(days=9 * i)) for i in range(MEETINGS_PER_PAGE))
    assert registers.DecisionLayout(few).page_of(SWEDISH, body, few[3]) == "kc/beslut.html"
    busy = few + (meeting(dt.date(2019, 12, 30)),) + tuple(meeting(dt.date(2020, 1, 1 + i)) for i in range(3))
    layout = registers.DecisionLayout(busy)
    assert layout.page_of(SWEDISH, body, busy[0]) == "kc/beslut/2019-01.html"
    assert layout.page_of(SWEDISH, body, busy[-1]) == "kc/beslut/2020.html"
    days = [dt.date(2021, 1, 1 + i // 2) for i in range(MEETINGS_PER_PAGE + 1)]  # twice a day
    crowded = tuple(replace(meeting(day), slug=f"{day}{'-2' if i % 2 else ''}") for i, day in enumerate(days))
    assert len(crowded) == MEETINGS_PER_PAGE + 1
    layout = registers.DecisionLayout(crowded)
    first, last = min(crowded, key=lambda m: (m.date, m.slug)), max(crowded, key=lambda m: (m.date, m.slug))
    assert layout.page_of(SWEDISH, body, first) == "kc/beslut/2021-01.html"  # part 1: the month's beginning
    assert layout.page_of(SWEDISH, body, last) == "kc/beslut/2021-01-del-2.html"


# --- The built registers ------------------------------------------------------------------


def test_small_archives_keep_their_simple_pages(seed_site):
    assert not list(seed_site.glob("beslut/*-*.html")) and not list(seed_site.glob("atgarder/[0-9]*-*.html"))
    for body in ("umearegionen-kc", "skane-nordvast-kdg", "jamtland-samverkan"):
        assert not (seed_site / body / "beslut").exists() and not (seed_site / body / "atgarder").exists()
        assert "register-meeting" in (seed_site / body / "beslut.html").read_text(encoding="utf-8")


def test_large_years_and_bodies_are_split_and_small_ones_are_not(paged_site):
    site = paged_site
    # 2019 has 54 meetings with decisions (> 40): a list of its months; 2020 six: one page.
    assert "register-meeting" not in (site / "beslut/2019.html").read_text(encoding="utf-8")
    assert "register-meeting" in (site / "beslut/2020.html").read_text(encoding="utf-8")
    assert not list(site.glob("beslut/2020-*.html"))
    # No meeting in July 2019: no page, no link.
    assert not (site / "beslut/2019-07.html").exists()
    assert "2019-07" not in (site / "beslut/2019.html").read_text(encoding="utf-8")
    # Actions: July has actions due (from June's meetings), so it has its page.
    assert (site / "atgarder/2019-07.html").is_file()
    # alfa (50 meetings) gets pages by year, beta (10) keeps one page; the same for actions.
    assert (site / "alfa/beslut/2019-03.html").is_file() and (site / "alfa/beslut/2020.html").is_file()
    assert not (site / "beta/beslut").exists() and not (site / "beta/atgarder").exists()
    assert (site / "alfa/atgarder/2019-05.html").is_file() and (site / "alfa/atgarder/utan-slutdatum.html").is_file()
    assert "register-meeting" not in (site / "alfa/beslut.html").read_text(encoding="utf-8")
    assert "register-meeting" in (site / "beta/beslut.html").read_text(encoding="utf-8")
    # gamma's 42 meetings in May 2019 (47 with the others') and 294 actions due that month: parts.
    for path in ("beslut/2019-05-del-2.html", "gamma/beslut/2019-05-del-2.html", "atgarder/2019-05-del-2.html",
                 "gamma/atgarder/2019-05-del-2.html"):
        assert (site / path).is_file() and (site / path.replace("-del-2", "")).is_file(), path
    assert not list(site.glob("**/*-del-3.html")) and not list(site.glob("**/*-del-1.html"))


def test_every_decision_is_on_exactly_one_page_of_each_register(paged_site):
    archive = archive_of(paged_site)
    pages = register_pages(paged_site, "decisions")
    for owner, paths in pages.items():
        shown: Counter = Counter()
        for path in paths:
            html = (paged_site / path).read_text(encoding="utf-8")
            for section in re.findall(r'(?s)<section class="register-meeting".*?</section>', html):
                meeting = re.search(r'aria-labelledby="([^"]+)"', section).group(1)
                shown.update((meeting, m) for m in re.findall(r'<p class="register-decision__item"><a href="[^"#]*#([^"]+)"', section))
        expected = Counter({(f"{m.body_slug}-{m.slug}", item.anchor): len(item.decisions)
                            for m in archive.meetings if owner in ("", m.body_slug) for item in m.items if item.decisions})
        assert shown == expected, owner
        assert sum(shown.values()) == {"": 204, "alfa": 100, "beta": 20, "gamma": 84}[owner]
    # Each page within its limit.
    for paths in pages.values():
        for path in paths:
            assert (paged_site / path).read_text(encoding="utf-8").count('<section class="register-meeting"') <= MEETINGS_PER_PAGE


def test_every_action_is_on_exactly_one_page_of_each_register(paged_site):
    archive = archive_of(paged_site)
    for owner, paths in register_pages(paged_site, "actions").items():
        shown: Counter = Counter()
        for path in paths:
            rows = re.findall(r'(?s)<tr class="[^"]*">.*?</tr>', (paged_site / path).read_text(encoding="utf-8"))
            assert len(rows) <= ACTIONS_PER_PAGE, path
            for row in rows:
                shown[re.search(r'<th scope="row" class="register-action__text">(.*?)</th>', row).group(1)] += 1
        expected = Counter(action.text for m in archive.meetings if owner in ("", m.body_slug)
                           for item in m.items for action in item.actions)
        assert shown == expected and max(shown.values()) == 1, owner
        assert sum(shown.values()) == {"": 724, "alfa": 355, "beta": 71, "gamma": 298}[owner]


def test_a_split_year_lists_its_months_with_counts_in_calendar_order(paged_site):
    archive = archive_of(paged_site)
    decided = [m for m in archive.meetings if m.year == 2019 and any(i.decisions for i in m.items)]
    months = sorted({m.date.month for m in decided})
    links = [(target, label) for target, label in links_from(paged_site, "beslut/2019.html")
             if re.fullmatch(r"beslut/2019-\d\d\.html", target)]
    names = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
             "november", "december"]
    assert links == [(f"beslut/2019-{m:02d}.html", f"{names[m - 1]} 2019") for m in months]
    content = text(paged_site, "beslut/2019.html")
    assert "Beslut från möten 2019 (192 beslut vid 96 möten), en sida per månad." in content
    march = [m for m in decided if m.date.month == 3]
    assert f"mars 2019 ({2 * len(march)} beslut, {len(march)} möten)" in content
    # Actions: the months of the due dates, with the state of each.
    assert re.search(r"juli 2019 \(\d+ åtgärder, \d+ med passerat slutdatum\)", text(paged_site, "atgarder/2019.html"))
    assert (paged_site / "beslut/2019.html").stat().st_size < 20_000


def test_a_month_page_has_its_place_in_the_breadcrumb_the_pager_and_the_headings(paged_site):
    path = "beslut/2019-08.html"
    parsed = page(paged_site, path)
    assert parsed.headings[0] == 1 and parsed.headings.count(1) == 1 and set(parsed.headings[1:]) == {2}
    html = (paged_site / path).read_text(encoding="utf-8")
    assert "<h1>Beslut augusti 2019</h1>" in html and "<title>Beslut augusti 2019 – " in html
    crumbs = html.split('aria-label="Brödsmulor"', 1)[1].split("</nav>", 1)[0]
    assert re.findall(r'href="([^"]+)">([^<]+)</a>', crumbs) == [
        ("../index.html", "Start"), ("../beslut.html", "Beslutsregister"), ("../beslut/2019.html", "2019")]
    assert '<span aria-current="page">augusti</span>' in crumbs
    pager = html.split('<nav class="pager register-year-nav" aria-label="Andra månader">', 1)[1].split("</nav>", 1)[0]
    # June is next to August: July has no page.
    assert [resolve(paged_site, path, h) for h in re.findall(r'href="([^"]+)"', pager)] == [
        "beslut/2019-06.html", "beslut/2019.html", "beslut/2019-09.html"]
    assert 'rel="prev"' in pager and 'rel="next"' in pager
    # December's later neighbour is the next year's page, January's earlier one the year before's.
    december = links_from(paged_site, "beslut/2019-12.html")
    assert ("beslut/2020.html", "Beslut 2020 →") in december
    assert ("beslut/2019.html", "← Beslut 2019") in links_from(paged_site, "beslut/2020.html")  # a year's pager: years
    # A body's month page names the body and leads back to the body's register.
    body = "alfa/atgarder/2019-05.html"
    html = (paged_site / body).read_text(encoding="utf-8")
    assert "<h1>Åtgärder i Alfagruppen med slutdatum i maj 2019</h1>" in html
    assert ("alfa/index.html", "Alfagruppen") in links_from(paged_site, body)
    assert ("alfa/atgarder.html", "Åtgärder") in links_from(paged_site, body)
    assert ("alfa/atgarder/2019.html", "Åtgärder med slutdatum 2019") in links_from(paged_site, body)


def test_a_month_in_parts_is_paged_forward_in_time_with_a_list_of_its_parts(paged_site):
    first, second = "beslut/2019-05.html", "beslut/2019-05-del-2.html"
    times = {path: re.findall(r'<section class="register-meeting" aria-labelledby="[a-z]+-([\d-]+)"',
                              (paged_site / path).read_text(encoding="utf-8")) for path in (first, second)}
    assert max(times[first]) < min(times[second])  # part 1 is the beginning of May
    assert times[second] == sorted(times[second], reverse=True)  # each part newest first, as the register
    html = (paged_site / second).read_text(encoding="utf-8")
    assert "<h1>Beslut maj 2019, del 2</h1>" in html
    parts = html.split('<nav class="register-parts" aria-label="Delar av maj 2019">', 1)[1].split("</nav>", 1)[0]
    assert '<a href="../beslut/2019-05.html">del 1</a>' in parts and '<span aria-current="page">del 2</span>' in parts
    assert ("beslut/2019-05.html", "← Beslut maj 2019, del 1") in links_from(paged_site, second)
    assert ("beslut/2019-05-del-2.html", "Beslut maj 2019, del 2 →") in links_from(paged_site, first)
    assert ("beslut/2019-06.html", "Beslut juni 2019 →") in links_from(paged_site, second)
    crumbs = html.split('aria-label="Brödsmulor"', 1)[1].split("</nav>", 1)[0]
    assert '<span aria-current="page">maj, del 2</span>' in crumbs
    # The year's list links the month's first part, with the month's counts.
    assert ("beslut/2019-05.html", "maj 2019") in links_from(paged_site, "beslut/2019.html")
    assert "maj 2019 (94 beslut, 47 möten, 2 sidor)" in text(paged_site, "beslut/2019.html")


def test_a_meeting_page_links_to_the_register_page_that_holds_its_decisions(paged_site):
    for meeting, target in (("alfa/2019-03-10.html", "alfa/beslut/2019-03.html"),
                            ("alfa/2020-02-05.html", "alfa/beslut/2020.html"),
                            ("gamma/2019-05-01.html", "gamma/beslut/2019-05.html"),
                            ("gamma/2019-05-21-2.html", "gamma/beslut/2019-05-del-2.html"),
                            ("beta/2019-03-12.html", "beta/beslut.html")):
        slug = meeting[:-len(".html")].replace("/", "-")
        assert (target + "#" + slug, "Beslut") in links_from(paged_site, meeting)
        assert slug in page(paged_site, target).ids


def test_every_link_of_the_paged_site_resolves_and_is_relative(paged_site):
    assert checked_relative_links(paged_site) > 5000


def test_every_register_page_is_reachable_from_the_overviews_by_links(paged_site):
    reached, queue = set(), ["beslut.html", "atgarder.html"]
    while queue:
        path = queue.pop()
        if path in reached:
            continue
        reached.add(path)
        queue += [t.split("#")[0] for t, _ in links_from(paged_site, path)
                  if re.match(r"([a-z]+/)?(beslut|atgarder)(/|\.html)", t.split("#")[0])]
    written = {p for kind in ("decisions", "actions") for paths in register_pages(paged_site, kind).values() for p in paths}
    assert written <= reached


def test_the_sitemap_lists_every_register_page(paged_site):
    sitemap = (paged_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = set(re.findall(r"<loc>https://example\.org/arkiv/([^<]+)</loc>", sitemap))
    written = {p for kind in ("decisions", "actions") for paths in register_pages(paged_site, kind).values() for p in paths}
    assert len(written) > 60 and written <= listed
    assert not {p for p in listed if re.match(r"([a-z]+/)?(beslut|atgarder)[/.]", p)} - written


def test_crossing_the_limit_rerenders_the_meeting_pages_and_the_cache_agrees(tmp_path):
    """Whether a body's decision register is split decides where every meeting page links: a
    rebuild after alfa fell under the limit (and back over it) equals a clean build."""
    project = write_paged_archive(Project(tmp_path / "site"))
    one_process(project)
    link = ("alfa/beslut/2019-03.html#alfa-2019-03-10", "Beslut")
    assert link in links_from(project.output, "alfa/2019-03-10.html")
    removed = {}
    for month in (8, 9, 10):
        for day in (3, 10, 17, 24):
            path = project.root / f"content/alfa/2019-{month:02d}-{day:02d}.md"
            removed[path] = path.read_bytes()
            path.unlink()
    assert not one_process(project).quick
    assert ("alfa/beslut.html#alfa-2019-03-10", "Beslut") in links_from(project.output, "alfa/2019-03-10.html")
    assert not (project.output / "alfa/beslut").exists()
    _assert_equals_clean(project, tmp_path / "clean-1")
    for path, content in removed.items():
        path.write_bytes(content)
    one_process(project)
    assert link in links_from(project.output, "alfa/2019-03-10.html")
    _assert_equals_clean(project, tmp_path / "clean-2")


def test_a_text_edit_on_a_split_body_takes_the_quick_path_and_equals_a_clean_build(tmp_path):
    project = write_paged_archive(Project(tmp_path / "site"))
    one_process(project)
    path = project.root / "content/alfa/2019-03-10.md"
    path.write_text(path.read_text(encoding="utf-8").replace("## 2. Plan 10\n", "## 2. Plan 10\n\nEn bakgrund.\n"),
                    encoding="utf-8")
    report = one_process(project)
    assert report.quick and report.pages_rendered == 1
    assert ("alfa/beslut/2019-03.html#alfa-2019-03-10", "Beslut") in links_from(project.output, "alfa/2019-03-10.html")
    _assert_equals_clean(project, tmp_path / "clean")


def one_process(project: Project):
    """A build in this process: the browser tests' HTTP servers may be running, and with other
    threads running the meeting pool starts by forkserver, which cannot pickle the renderer."""
    return build(project.config, jobs=1)


def _assert_equals_clean(project: Project, clean: Path) -> None:
    shutil.copytree(project.root, clean, ignore=shutil.ignore_patterns("output", ".cache", ".output*"))
    build(load_config(clean), jobs=1, use_cache=False)
    assert output_snapshot(project.output) == output_snapshot(clean / "output")


@pytest.mark.parametrize("path", ["beslut/2019.html", "beslut/2019-03.html", "beslut/2019-05-del-2.html",
                                  "gamma/atgarder/2019-05-del-2.html", "atgarder/2019.html",
                                  "atgarder/2019-12.html", "alfa/beslut.html", "alfa/beslut/2019.html",
                                  "alfa/beslut/2020.html", "alfa/atgarder.html", "alfa/atgarder/utan-slutdatum.html",
                                  "beta/beslut.html"])
def test_paged_register_pages_have_one_h1_ordered_headings_and_captioned_tables(paged_site, path):
    parsed = page(paged_site, path)
    assert_one_h1_ordered_headings_captioned_tables(parsed)
    html = (paged_site / path).read_text(encoding="utf-8")
    # The breadcrumb's last step; on a body's overview also its register links' own entry.
    assert html.count('aria-current="page"') == (2 if path in ("alfa/beslut.html", "alfa/atgarder.html",
                                                               "beta/beslut.html") or "-del-" in path else 1)
    # Every nav landmark has a name of its own.
    assert html.count("<nav ") == len(set(re.findall(r'<nav [^>]*aria-label="([^"]+)"', html)))
