"""Output paths (generator/common/paths.py): an English-interface site's page names and anchors are
English, every link of it resolves, and the Swedish names stay those the sample site has."""

from __future__ import annotations

import re

from conftest import write_paged_archive

from generator.common.paths import ENGLISH, SWEDISH, site_paths

SWEDISH_WORDS = re.compile(r"beslut|atgarder|personer|organisationer|anslagstavla|oppna-data|tillganglighet|"
                           r"flode|kalender|arkiv\.json|utan-slutdatum|-del-|punkt-|paragraf-")


def test_the_swedish_names_are_those_of_the_sample_site(seed_site):
    for path in (SWEDISH.register_pages()["decisions"], SWEDISH.register_pages()["people"], SWEDISH.notice_board_page,
                 SWEDISH.open_data_page, SWEDISH.statement_page, SWEDISH.site_feed, SWEDISH.archive_json):
        assert (seed_site / path).is_file(), path
    assert site_paths("sv") is SWEDISH and site_paths("en") is ENGLISH


def test_an_english_site_has_english_page_names_and_anchors_and_every_link_resolves(project):
    write_paged_archive(project)
    (project.root / "minutes.yml").write_text("title: Minutes\nlanguage: en\nbase_url: https://example.org/m/\n",
                                              encoding="utf-8")
    project.build()
    site = project.output
    for path in ("decisions.html", "actions.html", "people/index.html", "organisations/index.html",
                 "notice-board.html", "open-data.html", "accessibility.html", "feed.atom", "data/archive.json",
                 "alfa/feed.atom", "alfa/calendar.ics", "actions/no-due-date.html", "decisions/2019-05-part-2.html"):
        assert (site / path).is_file(), path
    files = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    assert not [f for f in files if SWEDISH_WORDS.search(f)]
    assert 'id="item-1"' in (site / "alfa/2019-01-03.html").read_text(encoding="utf-8")
    ids: dict = {}
    for page in site.rglob("*.html"):
        for ref in re.findall(r'(?:href|src)="([^"]+)"', page.read_text(encoding="utf-8")):
            ref = ref.removeprefix("https://example.org/m/")
            if ref.startswith(("http", "mailto:", "data:")):
                continue
            assert not SWEDISH_WORDS.search(ref), (page, ref)
            target, _, anchor = ref.partition("#")
            resolved = (page.parent / target) if target else page
            if page.name == "404.html" and target:
                resolved = site / target
            assert resolved.exists(), (page, ref)
            if anchor and resolved.suffix == ".html":
                if resolved not in ids:
                    ids[resolved] = set(re.findall(r'id="([^"]+)"', resolved.read_text(encoding="utf-8")))
                assert anchor in ids[resolved], (page, ref)
