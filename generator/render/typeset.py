"""Soft hyphens in long words, so a narrow column breaks a word where the language allows.

Chromium on Linux and Windows has no hyphenation dictionaries for `hyphens: auto`, and Swedish
compounds ("Kommundirektörsgruppen", "Slutdatum passerat" in a badge column) are longer than a
phone's table cell. Without break points the browser either overflows the column or, with
`overflow-wrap: anywhere`, breaks the word at any letter. pyphen's Hunspell patterns give the
points a dictionary would; the stylesheet's `hyphens: manual` shows a hyphen only where a word
does break. Only words of LONG_WORD letters or more get them: short words fit any column.
"""

from __future__ import annotations

import re
from functools import lru_cache

import pyphen
from markupsafe import Markup, escape

SOFT_HYPHEN = "\u00ad"
LONG_WORD = 10
# Words of letters only: digits, dates, e-mail addresses and URLs never get a hyphen.
_WORD = re.compile(r"(?<![\w@./:-])[^\W\d_]{%d,}(?![\w@/:]|\.\w)" % LONG_WORD)
# Tags and character references are copied as they are; only the text between them changes.
_MARKUP = re.compile(r"(<[^>]*>|&[#\w]+;)")


@lru_cache(maxsize=8)
def _dictionary(language: str) -> pyphen.Pyphen | None:
    lang = pyphen.language_fallback(language.replace("-", "_"))
    return pyphen.Pyphen(lang=lang, left=3, right=3) if lang else None


@lru_cache(maxsize=65536)
def hyphenate_word(word: str, language: str) -> str:
    dictionary = _dictionary(language)
    return dictionary.inserted(word, hyphen=SOFT_HYPHEN) if dictionary else word


def hyphenate_text(text: str, language: str) -> str:
    return _WORD.sub(lambda m: hyphenate_word(m.group(0), language), text)


def typeset(value: object, language: str) -> Markup:
    """The value as HTML with soft hyphens in its long words: plain text is escaped first, HTML
    (Markup) keeps its tags and references untouched."""
    html = str(value if isinstance(value, Markup) else escape(value))
    if not any(len(run) >= LONG_WORD for run in re.split(r"\W+", html)):
        return Markup(html)
    return Markup("".join(piece if index % 2 else hyphenate_text(piece, language)
                          for index, piece in enumerate(_MARKUP.split(html))))
