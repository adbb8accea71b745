"""No word broken apart, no text cut off: every kind of page of the sample archive at 320, 768
and 1280 px, measured in Chromium with pinned fonts (tests/layout_probe.py says what counts)."""

from __future__ import annotations

import pytest

from generator.commands.audit import representative_pages
from layout_probe import BROKEN_WORDS_JS, CLIPPED_JS, SCROLL_BOXES_JS, WIDTHS, build_pinned_site, open_pinned, pinned_context

from conftest import REPO

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pinned_site(tmp_path_factory):
    return build_pinned_site(tmp_path_factory.mktemp("pinned"), REPO)


@pytest.fixture(scope="module")
def kinds(pinned_site):
    return representative_pages(pinned_site, {p.parent.name for p in (REPO / "content").glob("*/_body.md")})


@pytest.mark.parametrize("width", WIDTHS)
def test_no_word_is_broken_and_no_text_is_clipped_on_any_kind_of_page(browser, serve_folder, pinned_site, kinds, width):
    base = serve_folder(pinned_site)
    context = pinned_context(browser, width)
    page = context.new_page()
    broken, clipped, unmarked = [], [], []
    try:
        for kind, path in sorted(kinds.items()):
            open_pinned(page, base + path)
            broken += [f"{path}: '{b['at']}' in {b['element']}" for b in page.evaluate(BROKEN_WORDS_JS)]
            clipped += [f"{path}: {c['element']} '{c['text']}'" for c in page.evaluate(CLIPPED_JS)]
            # A box that scrolls sideways shows it (edge shadows) and can be scrolled with the keyboard.
            unmarked += [f"{path}: {box['element']} {box}" for box in page.evaluate(SCROLL_BOXES_JS)
                         if not (box["focusable"] and box["name"] and box["cue"])]
    finally:
        context.close()
    assert not broken, f"words broken at {width} px:\n" + "\n".join(broken)
    assert not clipped, f"text cut off at {width} px:\n" + "\n".join(clipped)
    assert not unmarked, f"scrolling boxes without a cue, name or keyboard access at {width} px:\n" + "\n".join(unmarked)


def test_the_probe_sees_a_word_broken_mid_word_and_accepts_a_soft_hyphen(page):
    page.set_content('<!doctype html><html lang="sv"><body style="font: 16px sans-serif">'
                     '<p style="width: 4em; overflow-wrap: anywhere">Slutdatumpasserat</p>'
                     '<p style="width: 6em">Slut\u00addatum\u00adpasserat</p>'
                     '<p style="width: 3em"><time>2017-08-17</time></p></body></html>')
    found = page.evaluate(BROKEN_WORDS_JS)
    # The word broken anywhere and the date broken at its hyphen; not the word at its soft hyphens.
    assert {f["word"] for f in found} == {"Slutdatumpasserat", "2017-08-17"}
    assert all(f["element"] != "p" or "Slut|datum" not in f["at"] for f in found if f["word"] != "2017-08-17")
    assert all("\u00ad" not in f["at"] for f in found)
    page.set_content('<!doctype html><html><body><div style="width: 50px; overflow: hidden; white-space: nowrap">'
                     'A long line of text that does not fit</div></body></html>')
    assert page.evaluate(CLIPPED_JS)
