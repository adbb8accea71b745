"""A reader goes from a meeting to a person's page and to the body's decision register, and back,
in headless Chromium (Debian's)."""

import pytest

pytestmark = pytest.mark.browser


def test_meeting_to_person_and_to_decision_register_and_back(page, serve_folder, seed_site):
    base = serve_folder(seed_site)
    page.goto(base + "umearegionen-kc/2017-08-17.html")

    participants = page.get_by_role("region", name="Närvarande")
    participants.get_by_role("link", name="Lisa Andersson Lindberg").click()
    assert page.url == base + "personer/lisa-andersson-lindberg.html"
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Lisa Andersson Lindberg"
    actions = page.get_by_role("table", name="Åtgärder där Lisa Andersson Lindberg är ansvarig")
    assert actions.locator("tbody tr", has_text="boka boende på hotell Clarion Sign").count() == 1
    page.get_by_role("region", name="Föredragna ärenden").get_by_role("link", name="3 Information från kansliet").click()
    assert page.url == base + "umearegionen-kc/2015-08-19.html#punkt-3"
    assert page.locator("#punkt-3").is_visible()

    page.goto(base + "umearegionen-kc/2017-08-17.html")
    page.get_by_role("navigation", name="Register för Kommunchefsgruppen").get_by_role("link", name="Beslut").click()
    assert page.url == base + "umearegionen-kc/beslut.html#umearegionen-kc-2017-08-17"
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Beslut i Kommunchefsgruppen"
    meeting = page.locator("section.register-meeting", has=page.locator("#umearegionen-kc-2017-08-17"))
    assert meeting.is_visible()
    assert "Respektive kommunchef bokar sin egen resa" in meeting.inner_text().replace("\u00ad", "")
    meeting.get_by_role("link", name="5 KC gruppens resa till sthlm 18 - 19 okt").click()
    assert page.url == base + "umearegionen-kc/2017-08-17.html#punkt-5"

    page.get_by_role("navigation", name="Register", exact=True).get_by_role("link", name="Personer").click()
    assert page.url == base + "personer/index.html"
    assert page.get_by_role("table", name="Personer i arkivet").get_by_role("link", name="Inga-Lill Nordström").count() == 1


def test_citizen_finds_a_year_of_decisions_and_the_actions_from_a_sub_path(page, serve_folder, seed_site):
    """The site served from a sub-path (output/ under the server's root): the header's Beslut link,
    the overview's year links, the year pager and the breadcrumb all resolve."""
    base = serve_folder(seed_site.parent, "output/")
    page.goto(base + "umearegionen-kc/2015-08-19.html")
    page.get_by_role("navigation", name="Register", exact=True).get_by_role("link", name="Beslut").click()
    assert page.url == base + "beslut.html"
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Beslutsregister"
    years = page.get_by_role("region", name="Beslut år för år")
    assert years.get_by_role("link").all_inner_texts() == ["Beslut 2024", "Beslut 2017", "Beslut 2015", "Beslut 2013"]
    assert "Beslut 2015 (16 beslut, 2 möten)" in years.inner_text().replace("\u00ad", "")
    years.get_by_role("link", name="Beslut 2015").click()

    assert page.url == base + "beslut/2015.html"
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Beslut 2015"
    meeting = page.locator("section.register-meeting", has=page.locator("#umearegionen-kc-2015-08-19"))
    assert "Kommunchefsgruppen beslutar avsätta 60 000 kr" in meeting.inner_text().replace("\u00ad", "")
    assert page.locator("section.register-meeting h2 time").all_inner_texts() == ["2015-08-19", "2015-06-12"]
    pager = page.get_by_role("navigation", name="Andra år")
    pager.get_by_role("link", name="Beslut 2017").click()
    assert page.url == base + "beslut/2017.html"
    page.get_by_role("navigation", name="Andra år").get_by_role("link", name="Beslut 2015").click()
    assert page.url == base + "beslut/2015.html"
    page.get_by_role("link", name="6 Integrationsstrategi").click()
    assert page.url == base + "umearegionen-kc/2015-08-19.html#punkt-6"
    page.go_back()
    page.get_by_role("navigation", name="Brödsmulor").get_by_role("link", name="Beslutsregister").click()
    assert page.url == base + "beslut.html"

    page.get_by_role("navigation", name="Register", exact=True).get_by_role("link", name="Åtgärder").click()
    assert page.url == base + "atgarder.html"
    page.get_by_role("region", name="Åtgärder år för år efter slutdatum").get_by_role(
        "link", name="Åtgärder med slutdatum 2017").click()
    assert page.url == base + "atgarder/2017.html"
    table = page.get_by_role("table", name="Åtgärder med slutdatum 2017")
    row = table.locator("tbody tr", has_text="Boka resa till Stockholm 18-20 oktober")
    assert row.count() == 1 and "Slutdatum passerat" in row.inner_text().replace("\u00ad", "")  # the seeds build with today's date
    assert page.get_by_role("navigation", name="Andra år").get_by_role("link").all_inner_texts() == ["Åtgärder alla år"]


def test_citizen_walks_from_the_decision_register_to_a_month_and_back_from_a_sub_path(page, serve_folder, paged_site):
    """An archive large enough that 2019 has a page per month and May two parts, served from a
    sub-path: years, months, parts, the pagers and the breadcrumb all resolve, with no script."""
    base = serve_folder(paged_site.parent, "output/")
    page.goto(base + "beslut.html")
    page.get_by_role("region", name="Beslut år för år").get_by_role("link", name="Beslut 2019").click()
    assert page.url == base + "beslut/2019.html"
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Beslut 2019"
    months = page.get_by_role("region", name="Beslut 2019 månad för månad")
    labels = months.get_by_role("link").all_inner_texts()
    assert labels[:3] == ["januari 2019", "februari 2019", "mars 2019"] and "juli 2019" not in labels
    assert page.locator("section.register-meeting").count() == 0  # the year's page only lists its months
    months.get_by_role("link", name="mars 2019").click()

    assert page.url == base + "beslut/2019-03.html"
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Beslut mars 2019"
    dates = page.locator("section.register-meeting h2 time").all_inner_texts()
    assert dates and all(d.startswith("2019-03-") for d in dates) and dates == sorted(dates, reverse=True)
    pager = page.get_by_role("navigation", name="Andra månader")
    pager.get_by_role("link", name="Beslut april 2019").click()
    assert page.url == base + "beslut/2019-04.html"
    page.get_by_role("navigation", name="Andra månader").get_by_role("link", name="Beslut maj 2019, del 1").click()
    assert page.url == base + "beslut/2019-05.html"
    page.get_by_role("navigation", name="Delar av maj 2019").get_by_role("link", name="del 2").click()
    assert page.url == base + "beslut/2019-05-del-2.html"
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Beslut maj 2019, del 2"
    current = page.get_by_role("navigation", name="Delar av maj 2019").locator("[aria-current=page]")
    assert current.inner_text().replace("\u00ad", "") == "del 2"
    page.locator("section.register-meeting").first.get_by_role("link").first.click()
    assert page.url.startswith(base + "alfa/2019-05-24.html")
    page.go_back()
    crumbs = page.get_by_role("navigation", name="Brödsmulor")
    crumbs.get_by_role("link", name="2019").click()
    assert page.url == base + "beslut/2019.html"
    page.get_by_role("navigation", name="Brödsmulor").get_by_role("link", name="Beslutsregister").click()
    assert page.url == base + "beslut.html"


def test_a_meeting_of_a_large_body_leads_to_its_decisions_on_a_month_page(page, serve_folder, paged_site):
    base = serve_folder(paged_site.parent, "output/")
    page.goto(base + "alfa/2019-03-10.html")
    page.get_by_role("navigation", name="Register för Alfagruppen").get_by_role("link", name="Beslut").click()
    assert page.url == base + "alfa/beslut/2019-03.html#alfa-2019-03-10"
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Beslut i Alfagruppen mars 2019"
    meeting = page.locator("section.register-meeting", has=page.locator("#alfa-2019-03-10"))
    assert meeting.is_visible() and "Planen 10 antas." in meeting.inner_text().replace("\u00ad", "")
    page.get_by_role("navigation", name="Brödsmulor").get_by_role("link", name="Beslut").click()
    assert page.url == base + "alfa/beslut.html"
    page.get_by_role("region", name="Beslut år för år").get_by_role("link", name="Beslut 2020").click()
    assert page.url == base + "alfa/beslut/2020.html"
    assert page.locator("section.register-meeting").count() == 6


def test_citizen_walks_from_a_large_persons_overview_to_a_year_and_back_from_a_sub_path(page, serve_folder,
                                                                                       paged_site):
    """Anna Andersson has more than a page holds: her overview lists years, 2019 its months, May
    has two parts; every link, the pagers and the breadcrumb resolve under a sub-path."""
    base = serve_folder(paged_site.parent, "output/")
    page.goto(base + "alfa/2020-02-05.html")
    page.get_by_role("region", name="Närvarande").get_by_role("link", name="Anna Andersson").click()
    assert page.url == base + "personer/anna-andersson.html"
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Anna Andersson"
    assert page.locator("ul.meeting-list").count() == 0  # the overview lists the years only
    years = page.get_by_role("region", name="Möten, ärenden och åtgärder år för år")
    assert years.get_by_role("link").all_inner_texts() == ["2020", "2019"]
    years.get_by_role("link", name="2020").click()

    assert page.url == base + "personer/anna-andersson/2020.html"
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Anna Andersson 2020"
    meetings = page.get_by_role("region", name="Möten").locator("ul.meeting-list li")
    assert meetings.count() == 6
    table = page.get_by_role("table", name="Åtgärder där Anna Andersson är ansvarig, sorterade efter slutdatum")
    assert table.locator("tbody tr").count() == 42
    page.get_by_role("navigation", name="Andra år").get_by_role("link", name="2019").click()
    assert page.url == base + "personer/anna-andersson/2019.html"
    page.get_by_role("region", name="Anna Andersson 2019 månad för månad").get_by_role("link", name="maj 2019").click()
    assert page.url == base + "personer/anna-andersson/2019-05.html"
    page.get_by_role("navigation", name="Delar av maj 2019").get_by_role("link", name="del 2").click()
    assert page.url == base + "personer/anna-andersson/2019-05-del-2.html"
    assert page.locator("h1").inner_text().replace("\u00ad", "") == "Anna Andersson maj 2019, del 2"
    page.get_by_role("region", name="Möten").get_by_role("link").first.click()
    assert page.url == base + "gamma/2019-05-21-2.html"
    page.go_back()
    page.get_by_role("navigation", name="Brödsmulor").get_by_role("link", name="Anna Andersson").click()
    assert page.url == base + "personer/anna-andersson.html"
    page.goto(base + "organisationer/testkommunen.html")
    page.get_by_role("region", name="Möten år för år").get_by_role("link", name="2019").click()
    assert page.url == base + "organisationer/testkommunen/2019.html"
    assert page.get_by_role("table", name="Möten där Testkommunen var representerad").locator("tbody tr").count() == 96
    page.get_by_role("navigation", name="Brödsmulor").get_by_role("link", name="Organisationer").click()
    assert page.url == base + "organisationer/index.html"


PAGED_KINDS = ["beslut/2019.html", "beslut/2019-03.html", "beslut/2019-05-del-2.html", "atgarder/2019.html",
               "atgarder/2019-05-del-2.html", "alfa/beslut.html", "alfa/beslut/2019-08.html", "alfa/atgarder.html",
               "alfa/atgarder/2020.html", "alfa/atgarder/utan-slutdatum.html", "personer/anna-andersson.html",
               "personer/anna-andersson/2019.html", "personer/anna-andersson/2019-05-del-2.html",
               "personer/anna-andersson/2020.html", "organisationer/testkommunen.html",
               "organisationer/testkommunen/2019.html"]


@pytest.mark.parametrize("width", [1280, 320])
def test_axe_finds_no_wcag_violations_on_the_register_pages_by_period(browser, serve_folder, paged_site, width):
    """The seeds never split a register, a person's or an organisation's page, so
    tests/test_accessibility.py never sees these pages."""
    from test_accessibility import describe, run_axe

    base = serve_folder(paged_site)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    failures = []
    try:
        for path in PAGED_KINDS:
            page.goto(base + path)
            violations = run_axe(page)
            if violations:
                failures.append(f"{path}:\n{describe(violations)}")
            if page.evaluate("document.documentElement.scrollWidth") > width:
                failures.append(f"{path}: scrolls sideways at {width}px")
    finally:
        context.close()
    assert not failures, "\n\n".join(failures)
