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
