"""Soft hyphens, unbroken dates and breakable file names (render/typeset.py): the same result as
the plain way of finding them, one search over the whole text, however the module speeds it up."""

from __future__ import annotations

import random
import re

import pytest
from markupsafe import Markup

from generator.render import typeset as T

# The plain way: every change searched for in the whole of each text between tags.
_PLAIN_DATE = re.compile(r"(?<![\w-])\d{4}-\d\d-\d\d(?![\w-])")


def plain_text(text: str, language: str, long_word: int, dates: bool = True) -> str:
    text = T._WORDS[long_word].sub(lambda m: T.hyphenate_word(m.group(0), language), text)
    if "_" in text:
        text = T._UNDERSCORE.sub("_<wbr>", text)
    return _PLAIN_DATE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', text) if dates else text


def plain_typeset(htmls: list[str], language: str, long_word: int) -> list[str]:
    """The module's own walk over tags, with plain_text for every text between them."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(T, "_text", plain_text)
        return [str(T._typeset_html(html, language, long_word)) for html in htmls]


EXAMPLES = [
    "Kommunstyrelseförvaltningen beslutade 2024-03-05 om Kostnadsfördelning_50%_2015.pdf",
    "Se <a href=\"../a.html\">mötet 2017-06-08</a> och <time datetime=\"2020-01-01\">2020-01-01</time>.",
    "fil_2020-01-01.pdf, x-2020-01-01, 2020-01-011, (2020-01-01), Kommunfullmäktigesammanträdet.",
    "kontakt@kommunstyrelseforvaltningen.se https://example.org/Kommunstyrelseförvaltningen",
    "Kommunstyrelseförvaltningen.Vård Kommunstyrelseförvaltningens: &amp;Kommunstyrelseförvaltningen&nbsp;x",
    "Kommunstyrelse\u00a0förvaltningen\u2009Samhällsbyggnadsförvaltningen\tBarn-och-utbildningsnämnden",
]


@pytest.mark.parametrize("long_word", [T.LONG_WORD, T.LONG_PROSE_WORD])
def test_typeset_finds_what_a_search_of_the_whole_text_finds(long_word):
    texts = list(EXAMPLES)
    rnd = random.Random(5)
    words = " ".join(EXAMPLES).split() + ["_", "-", "<a href='x'>", "</a>", "<time>", "</time>", "2021-02-03"]
    letters = "abcdefghijklmnopqrstuvwxyzåäö  _-.:/@&;<>0123456789\u00ad\u00a0\n"
    for _ in range(3000):
        texts.append(rnd.choice(["", " ", "_"]).join(rnd.choice(words) for _ in range(rnd.randint(1, 10))))
        texts.append("".join(rnd.choice(letters) for _ in range(rnd.randint(0, 60))))
    values = [value for text in texts for value in (text, Markup(text))]
    expected = plain_typeset([str(Markup.escape(value)) for value in values], "sv", long_word)
    for value, plain in zip(values, expected):
        assert str(T.typeset(value, "sv", long_word)) == plain, value


def test_long_words_get_soft_hyphens_and_dates_stay_on_one_line():
    html = str(T.typeset("Kommunstyrelseförvaltningen 2024-03-05", "sv"))
    assert T.SOFT_HYPHEN in html and '<span class="nowrap">2024-03-05</span>' in html
    assert str(T.typeset("kort ord", "sv")) == "kort ord"


def test_parsed_patterns_kept_in_the_cache_hyphenate_alike(tmp_path, monkeypatch) -> None:
    import pyphen

    from generator.render import typeset as module

    words = ["kommunfullmäktigeordförande", "flyktingmottagningsverksamheterna", "Samverkansavtalet"]
    monkeypatch.setattr(pyphen, "hdcache", {})
    module.keep_patterns_in(None)
    module.hyphenate_word.cache_clear()
    parsed = [module.hyphenate_word(word, "sv") for word in words]
    for damage in (None, b"not a pickle"):
        monkeypatch.setattr(pyphen, "hdcache", {})
        module.keep_patterns_in(tmp_path)
        module.hyphenate_word.cache_clear()
        [kept] = list(tmp_path.iterdir()) or [None]
        if damage is not None and kept is not None:
            kept.write_bytes(damage)
        assert [module.hyphenate_word(word, "sv") for word in words] == parsed
        [kept] = list(tmp_path.iterdir())  # written by the first pass, written again after the damage
        assert kept.read_bytes()[:1] == b"\x80"
    module.keep_patterns_in(None)
    module.hyphenate_word.cache_clear()
