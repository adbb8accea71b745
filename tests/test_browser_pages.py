"""A citizen browses the seed archive in headless Chromium: home -> body -> meeting and back,
from a sub-path of an HTTP host and straight from the file system."""

import shutil

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def sub_path_site(seed_site, tmp_path_factory):
    """The site placed under /arkiv/protokoll/ of a host, to prove links are relative."""
    host_root = tmp_path_factory.mktemp("host")
    shutil.copytree(seed_site, host_root / "arkiv" / "protokoll")
    return host_root


def test_home_body_meeting_and_back_from_a_sub_path(page, serve_folder, sub_path_site):
    base = serve_folder(sub_path_site, "arkiv/protokoll/")
    page.goto(base + "index.html")
    assert page.locator("html").get_attribute("lang") == "sv"
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Protokollarkivet"
    page.get_by_role("link", name="Kommunchefsgruppen").first.click()
    assert page.url == base + "umearegionen-kc/index.html"
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Kommunchefsgruppen"
    assert [h.inner_text().replace("\u00ad", "") for h in page.locator("h3[id^=ar-]").all()] == ["2017", "2015", "2013"]

    page.get_by_role("link", name="2015-08-19").click()
    assert page.url == base + "umearegionen-kc/2015-08-19.html"
    # The meeting is named by its body and date; its own title is the subtitle.
    assert page.locator("h1").inner_text().replace("\u00ad", "").split("\n") == ["Kommunchefsgruppen", "19 augusti 2015"]
    assert page.locator(".meeting__subtitle").inner_text().replace("\u00ad", "") == "Minnesanteckningar - Kommunchefsgrupp"
    assert page.title() == "Kommunchefsgruppen 19 augusti 2015 – Protokollarkivet"
    assert page.get_by_role("complementary", name="Sekretess").inner_text().replace("\u00ad", "").count("Upphandlingssekretess") == 1

    agenda = page.get_by_role("navigation", name="Dagordning")
    agenda.get_by_role("link", name="7 Avtal om mottagning").click()
    assert page.url.endswith("#punkt-7")
    assert page.locator("#punkt-7").is_visible()

    pager = page.get_by_role("navigation", name="Andra möten i samma organ")
    pager.get_by_role("link", name="Nästa möte").click()
    assert page.url == base + "umearegionen-kc/2017-08-17.html"
    pager.get_by_role("link", name="Föregående möte").click()
    assert page.url == base + "umearegionen-kc/2015-08-19.html"

    page.get_by_role("navigation", name="Brödsmulor").get_by_role("link", name="Start").click()
    assert page.url == base + "index.html"


def test_meeting_page_shows_decisions_and_actions_as_a_reader_sees_them(page, serve_folder, seed_site):
    base = serve_folder(seed_site)
    page.goto(base + "umearegionen-kc/2017-08-17.html")
    item = page.locator("#punkt-5")
    assert "KC gruppens resa till sthlm 18 - 19 okt" in item.locator("h2").inner_text().replace("\u00ad", "")
    table = item.get_by_role("table")
    assert table.locator("th").all_inner_texts() == ["Åtgärd", "Slutdatum", "Ansvarig"]
    travel_row = table.locator("tr", has_text="Boka resa till Stockholm")
    assert travel_row.locator("li").count() == 7
    assert item.locator(".decision").inner_text().replace("\u00ad", "").startswith("Beslut")


def test_site_works_from_file_urls(page, seed_site):
    page.goto((seed_site / "index.html").as_uri())
    page.get_by_role("link", name="Kommundirektörsgruppen").first.click()
    page.get_by_role("link", name="2015-06-12").click()
    assert page.locator("h1").inner_text().replace("\u00ad", "").split("\n") == ["Kommundirektörsgruppen", "12 juni 2015"]
    assert page.locator(".meeting__subtitle").inner_text().replace("\u00ad", "") == "Kommundirektörsgruppens protokoll 4/2015"
    assert page.get_by_text("att anta projektplanen inklusive förslag till finansiering").is_visible()
    css = page.evaluate("getComputedStyle(document.querySelector('.decision')).borderLeftStyle")
    assert css == "solid"  # the stylesheet loaded through a relative link
