"""What a reader sees of a page's text, measured in the browser: words whose letters sit on two
lines without a hyphen, and text cut off by a box too small for it.

A word is a run of non-space characters in one text node. It may break after a soft hyphen
(the theme puts them into long words, and the browser then shows a hyphen), after a hyphen or
dash, or after a slash (as "och/eller" does) — except inside a date or a time, which are read as
one token. Any other break (the 'Slut/datu/m' of `overflow-wrap: anywhere`) is reported with
the word, the text before and after the break and the element it is in.

Clipped text: an element that hides its overflow (hidden, clip) with content wider or taller
than itself, other than the visually-hidden helpers and the skip link. A box that scrolls
(auto, scroll) is not clipped if it says so: the test of its cue is in test_broken_words.py.
"""

from __future__ import annotations

BROKEN_WORDS_JS = r"""
() => {
  const SOFT = '\u00ad';
  const allowedAfter = new Set([SOFT, '-', '\u2010', '\u2013', '\u2014', '/', '_']);
  const token = /^\d{4}-\d\d(-\d\d)?$|^\d{1,2}[:.]\d\d([\u2013-]\d{1,2}[:.]\d\d)?$/;
  const hiddenAncestor = el => el.closest('script, style, template, noscript, .visually-hidden, [hidden], .skip-link');
  const found = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || hiddenAncestor(el) || !el.getClientRects().length) continue;
    const text = node.data;
    const words = /\S+/g;
    for (let m = words.exec(text); m; m = words.exec(text)) {
      const word = m[0];
      if (word.replace(/\u00ad/g, '').length < 2) continue;
      range.setStart(node, m.index);
      range.setEnd(node, m.index + word.length);
      const whole = range.getClientRects();
      if (whole.length < 2) continue;
      // The word spans line boxes: find where each new line starts.
      let previousTop = null;
      for (let i = 0; i < word.length; i++) {
        if (word[i] === SOFT) continue;
        range.setStart(node, m.index + i);
        range.setEnd(node, m.index + i + 1);
        // A character right after a line break also reports a box at the end of the line before
        // (empty, or the hyphen drawn for a soft hyphen): its glyph is in the last of its boxes.
        let rect = null;
        for (const r of range.getClientRects()) if (r.width > 0 || !rect) rect = r;
        if (!rect || !rect.height) continue;
        if (previousTop !== null && rect.top > previousTop + rect.height / 2) {
          let before = i - 1;
          const last = word[before];
          const plain = word.replace(/\u00ad/g, '');
          const allowed = allowedAfter.has(last) && !token.test(plain.replace(/[,.;:)]+$/, ''));
          if (!allowed) {
            found.push({word: plain, at: word.slice(0, i).replace(/\u00ad/g, '') + '|' + word.slice(i).replace(/\u00ad/g, ''),
                        element: describe(el), width: window.innerWidth});
          }
        }
        previousTop = rect.top;
      }
    }
  }
  return found;
}
"""

CLIPPED_JS = r"""
() => {
  const found = [];
  for (const el of document.querySelectorAll('body *')) {
    if (el.closest('.visually-hidden, .skip-link, script, style, template, [hidden]')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.display === 'contents') continue;
    const clips = v => v === 'hidden' || v === 'clip';
    const wide = el.scrollWidth > el.clientWidth + 1, tall = el.scrollHeight > el.clientHeight + 1;
    const hiddenX = clips(style.overflowX), hiddenY = clips(style.overflowY);
    if ((wide && hiddenX) || (tall && hiddenY) || (style.textOverflow === 'ellipsis' && wide)) {
      if (!el.textContent.trim()) continue;
      found.push({element: el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''),
                  text: el.textContent.trim().slice(0, 60), width: window.innerWidth});
    }
    // Text outside the viewport: what a phone cannot show without scrolling the whole page.
  }
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    found.push({element: 'html', text: 'the page scrolls sideways: ' + document.documentElement.scrollWidth + 'px', width: window.innerWidth});
  }
  return found;
}
"""

SCROLL_BOXES_JS = r"""
() => [...document.querySelectorAll('body *')].filter(el => {
    const s = getComputedStyle(el);
    return (s.overflowX === 'auto' || s.overflowX === 'scroll') && el.scrollWidth > el.clientWidth + 1;
  }).map(el => ({
    element: el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).trim().split(/\s+/).join('.') : ''),
    focusable: el.tabIndex >= 0,
    name: el.getAttribute('aria-label') || (el.getAttribute('aria-labelledby') &&
          (document.getElementById(el.getAttribute('aria-labelledby')) || {}).textContent) || '',
    cue: getComputedStyle(el).backgroundImage.includes('gradient'),
  }))
"""


# ---------------------------------------------------------------- a site and fonts that stay put

import os  # noqa: E402
import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

FONTS = Path(__file__).parent / "fonts"
PINNED_EPOCH = "1795000000"  # 2026-11-18: which actions are past due, the notice board's day
WIDTHS = (320, 768, 1280)
FONT_URL = "http://fonts.test/"
FONT_CSS = f"""
@font-face {{ font-family: "Pinned Sans"; font-weight: 400; src: url("{FONT_URL}DejaVuSans.ttf"); }}
@font-face {{ font-family: "Pinned Sans"; font-weight: 500 900; src: url("{FONT_URL}DejaVuSans-Bold.ttf"); }}
:root {{ --font: "Pinned Sans" !important; }}
body, input, button, select, kbd, code {{ font-family: "Pinned Sans" !important; }}
*, *::before, *::after {{ caret-color: transparent !important; transition: none !important; animation: none !important; }}
"""


def build_pinned_site(root: Path, repo: Path) -> Path:
    """The sample archive built as the visual references were: outside git (no publication dates
    from the history, which change with every commit) and on a pinned day."""
    from generator.build.pipeline import build
    from generator.load.config import load_config

    shutil.copy(repo / "minutes.yml", root / "minutes.yml")
    shutil.copytree(repo / "content", root / "content")
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = PINNED_EPOCH
    try:
        build(load_config(root))
    finally:
        if previous is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
    return root / "output"


def pinned_context(browser, width: int):
    """A browser context whose pages draw text in the vendored DejaVu Sans."""
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme="light",
                                  reduced_motion="reduce")
    context.route(FONT_URL + "*", lambda route: route.fulfill(
        path=str(FONTS / route.request.url.rsplit("/", 1)[-1]), content_type="font/ttf"))
    return context


def open_pinned(page, url: str) -> None:
    page.goto(url)
    page.add_style_tag(content=FONT_CSS)
    page.evaluate("document.fonts.ready.then(() => Promise.all([...document.fonts].map(f => f.load())))")
    page.evaluate("document.fonts.ready")
