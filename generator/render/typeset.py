"""Soft hyphens in long words, so a narrow column breaks a word where the language allows.

Chromium on Linux and Windows has no hyphenation dictionaries for `hyphens: auto`, and Swedish
compounds ("Kommundirektörsgruppen", "Slutdatum passerat" in a badge column) are longer than a
phone's table cell. Without break points the browser either overflows the column or, with
`overflow-wrap: anywhere`, breaks the word at any letter. pyphen's Hunspell patterns give the
points a dictionary would; the stylesheet's `hyphens: manual` shows a hyphen only where a word
does break. Only words of LONG_WORD letters or more get them: short words fit any column.
"""

from __future__ import annotations

import pickle
import re
from functools import lru_cache, partial
from pathlib import Path

import pyphen
from markupsafe import Markup, escape

from generator.common.atomic import atomic_write
from generator.common.memo import Memo

SOFT_HYPHEN = "\u00ad"
LONG_WORD = 10  # in headings, cells and badges
LONG_PROSE_WORD = 16  # in running text, whose lines are wide: only words that may not fit a phone
# Words of letters only: digits, dates, e-mail addresses and URLs never get a hyphen.
_WORDS = {length: re.compile(r"(?<![\w@./:-])[^\W\d_]{%d,}(?![\w@/:]|\.\w)" % length)
          for length in (LONG_WORD, LONG_PROSE_WORD)}
# A date is read as one token: a line never breaks after its hyphens. (Its first digit comes
# first, its look-behind after: a search then tries the look-behind at digits only.)
_DATE = re.compile(r"\d(?<![\w-]\d)\d{3}-\d\d-\d\d(?![\w-])")
# The runs without a space that are long enough to hold a long word: finding these first and
# looking for words only inside them takes a third less time than looking through all the text.
# Split out (the odd pieces), so that a run seen before is looked up, from C (_run_memo). The
# look-behind makes a try inside a run fail at once (a fifth less time than without).
_RUNS = {length: re.compile(r"(?<!\S)(\S{%d,})" % length) for length in (LONG_WORD, LONG_PROSE_WORD)}
# File names ('Kostnadsfördelning_50%_2015.pdf') may break after an underscore.
_UNDERSCORE = re.compile(r"(?<=[^\W_])_(?=[^\W_])")
# Tags and character references are copied as they are; only the text between them changes.
_MARKUP = re.compile(r"(<[^>]*>|&[#\w]+;)")


# Where parsed hyphenation patterns are kept between builds (in the build cache), or None.
_patterns_folder: Path | None = None


def keep_patterns_in(folder: Path | None) -> None:
    """pyphen parses a language's Hunspell patterns (15,000 for Swedish) in every process that
    hyphenates, a twentieth of a one-meeting CI rebuild; unpickled they take a tenth of that."""
    global _patterns_folder
    _patterns_folder = folder
    _dictionary.cache_clear()


@lru_cache(maxsize=8)
def _dictionary(language: str) -> pyphen.Pyphen | None:
    lang = pyphen.language_fallback(language.replace("-", "_"))
    if not lang:
        return None
    if _patterns_folder is not None:
        _load_patterns(lang, _patterns_folder)
    return pyphen.Pyphen(lang=lang, left=3, right=3)


def _load_patterns(lang: str, folder: Path) -> None:
    """Put the language's parsed patterns where pyphen.Pyphen looks first (its hdcache), from the
    folder or, parsed, into it. Anything unexpected leaves pyphen to parse them itself."""
    source = pyphen.LANGUAGES.get(lang)
    if source is None or source in pyphen.hdcache:
        return
    stat = Path(source).stat()
    kept = folder / f"{lang}-{getattr(pyphen, '__version__', '')}-{stat.st_size}-{stat.st_mtime_ns}.pickle"
    try:
        with open(kept, "rb") as handle:
            patterns = pickle.load(handle)
        if isinstance(patterns, pyphen.HyphDict):
            pyphen.hdcache[source] = patterns
            return
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    patterns = pyphen.HyphDict(source)
    pyphen.hdcache[source] = patterns
    try:
        atomic_write(kept, lambda out: pickle.dump(patterns, out, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only cache: parse again next time


@lru_cache(maxsize=65536)
def hyphenate_word(word: str, language: str) -> str:
    dictionary = _dictionary(language)
    return dictionary.inserted(word, hyphen=SOFT_HYPHEN) if dictionary else word


def _hyphenated_run(run: str, language: str, long_word: int) -> str:
    words = _WORDS[long_word]
    return words.sub(lambda word: hyphenate_word(word.group(0), language), run)


_RUNS_KEPT = 1 << 16


@lru_cache(maxsize=None)
def _run_memo(language: str, long_word: int) -> Memo[str, str]:
    """Each run of text without a space with its long words hyphenated, per language and long-word
    length: the same long words, with the same punctuation, recur in paragraph after paragraph."""
    return Memo(partial(_hyphenated_run, language=language, long_word=long_word), _RUNS_KEPT)


def _text(text: str, language: str, long_word: int, dates: bool = True) -> str:
    memo = _run_memo(language, long_word)
    pieces = _RUNS[long_word].split(text)
    if len(pieces) > 1:
        pieces[1::2] = map(memo.__getitem__, pieces[1::2])
        text = "".join(pieces)
    if "_" in text:
        text = _UNDERSCORE.sub("_<wbr>", text)
    # A date in a link ('möte 2017-06-08') is left as it is: links are short and the markup of a
    # link to a meeting is what other tools read.
    return _DATE.sub(lambda m: f'<span class="nowrap">{m.group(0)}</span>', text) if dates and "-" in text else text


# Texts up to this long are typeset once per process: names, bodies, roles, badges and person
# links recur on row after row and page after page (at 1,000 realistic meetings 68,000 calls
# in headings and cells carry 10,000 distinct texts). Longer ones, running text that is seldom
# repeated, are not kept, which bounds the memory the kept ones take.
_KEPT_LENGTH = 1000


def typeset(value: object, language: str, long_word: int = LONG_WORD) -> Markup:
    """The value as HTML with soft hyphens in its long words, dates kept on one line and file
    names breakable at underscores: plain text is escaped first, HTML (Markup) keeps its tags and
    references untouched (text inside <time> and <a href> addresses is never touched either)."""
    html = str(value if isinstance(value, Markup) else escape(value))
    if len(html) <= _KEPT_LENGTH:
        return _typeset_kept(html, language, long_word)
    return _typeset_html(html, language, long_word)


@lru_cache(maxsize=16384)
def _typeset_kept(html: str, language: str, long_word: int) -> Markup:
    return _typeset_html(html, language, long_word)  # a Markup is immutable: one object serves every call


def _typeset_html(html: str, language: str, long_word: int) -> Markup:
    if "<" not in html and "&" not in html:
        return Markup(_text(html, language, long_word))
    # Even pieces are text, odd ones tags and references; only texts change. Each text goes
    # through _text without a search for work first: a text with nothing to change comes out as it
    # went in, and the search cost as much as _text's own passes (prose nearly always has work).
    pieces = _MARKUP.split(html)
    if "<time" not in html and "<a " not in html:
        pieces[::2] = [_text(piece, language, long_word) for piece in pieces[::2]]
        return Markup("".join(pieces))
    in_time = in_link = 0
    for index, piece in enumerate(pieces):
        if index % 2:
            if piece.startswith("<time"):
                in_time += 1
            elif piece.startswith("</time"):
                in_time = max(0, in_time - 1)
            elif piece.startswith("<a "):
                in_link += 1
            elif piece.startswith("</a"):
                in_link = max(0, in_link - 1)
        elif not in_time:
            pieces[index] = _text(piece, language, long_word, dates=not in_link)
    return Markup("".join(pieces))
