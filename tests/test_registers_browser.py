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
    assert page.locator("h1").inner_text() == "Lisa Andersson Lindberg"
    actions = page.get_by_role("table", name="Åtgärder där Lisa Andersson Lindberg är ansvarig")
    assert actions.locator("tbody tr", has_text="boka boende på hotell Clarion Sign").count() == 1
    page.get_by_role("region", name="Föredragna ärenden").get_by_role("link", name="3 Information från kansliet").click()
    assert page.url == base + "umearegionen-kc/2015-08-19.html#punkt-3"
    assert page.locator("#punkt-3").is_visible()

    page.goto(base + "umearegionen-kc/2017-08-17.html")
    page.get_by_role("navigation", name="Register för Kommunchefsgruppen").get_by_role("link", name="Beslut").click()
    assert page.url == base + "umearegionen-kc/beslut.html#umearegionen-kc-2017-08-17"
    assert page.locator("h1").inner_text() == "Beslut i Kommunchefsgruppen"
    meeting = page.locator("section.register-meeting", has=page.locator("#umearegionen-kc-2017-08-17"))
    assert meeting.is_visible()
    assert "Respektive kommunchef bokar sin egen resa" in meeting.inner_text()
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
    assert page.locator("h1").inner_text() == "Beslutsregister"
    years = page.get_by_role("region", name="Beslut år för år")
    assert years.get_by_role("link").all_inner_texts() == ["Beslut 2024", "Beslut 2017", "Beslut 2015", "Beslut 2013"]
    assert "Beslut 2015 (16 beslut, 2 möten)" in years.inner_text()
    years.get_by_role("link", name="Beslut 2015").click()

    assert page.url == base + "beslut/2015.html"
    assert page.locator("h1").inner_text() == "Beslut 2015"
    meeting = page.locator("section.register-meeting", has=page.locator("#umearegionen-kc-2015-08-19"))
    assert "Kommunchefsgruppen beslutar avsätta 60 000 kr" in meeting.inner_text()
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
    assert row.count() == 1 and "Slutdatum passerat" in row.inner_text()  # the seeds build with today's date
    assert page.get_by_role("navigation", name="Andra år").get_by_role("link").all_inner_texts() == ["Åtgärder alla år"]
