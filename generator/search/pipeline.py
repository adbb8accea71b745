"""The Swedish text pipeline, built from lunr.py parts and registered under lunr-languages' names.

lunr.py's own `languages="sv"` cannot be used: it needs NLTK, downloads stop words at build time
(fails offline), and its trimmer strips every letter missing from the stop-word list ("workshop"
becomes "orkshop"). So the pipeline is assembled here:

    trimmer-sv         strip leading/trailing characters that are neither letters nor digits
    stopWordFilter-sv  drop the Snowball Swedish stop words (stopwords_sv.txt)
    stemmer-sv         Snowball Swedish via snowballstemmer (Snowball 3 algorithm, see below)

The names are those lunr-languages registers for `sv`, so a serialized index names functions
lunr.js knows. In the browser, assets/search/stemmer-sv.js registers the same trimmer and a port
of the same stemmer under these names; tests/test_search_parity.py checks they agree on every word
of the sample text. (lunr-languages' own `stemmer-sv` is the pre-2025 Snowball algorithm, which
keeps the definite "-et" ending: it would stem "avtalet" to "avtalet" and never find "avtal".)
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from functools import lru_cache, partial
from itertools import chain
from importlib import resources
from typing import Final

import snowballstemmer
from lunr.builder import Builder
from lunr.pipeline import Pipeline
from lunr.token import Token

from generator.common.memo import Memo
from generator.search.compounds import MIN_COMPOUND_LETTERS, split as split_compound

TRIMMER: Final = "trimmer-sv"
STOP_WORD_FILTER: Final = "stopWordFilter-sv"
STEMMER: Final = "stemmer-sv"

# What documents go through at build time, and what query terms go through in lunr.js. Queries
# are trimmed too (unlike lunr-languages' default) so "avtalet," or "(Visma)" still match.
INDEX_PIPELINE: Final = (TRIMMER, STOP_WORD_FILTER, STEMMER)
SEARCH_PIPELINE: Final = (TRIMMER, STEMMER)

# lunr.py's tokenizer splits on exactly these characters (lunr.tokenizer.SEPARATOR_CHARS).
_LUNR_SEPARATORS: Final = re.compile(r"[ \t\n\r\f\v\xa0\-]+")
# Characters Word and PDF exports leave in text: every dash becomes "-" and every kind of space
# " ", so "2015–2016" and "§§ 15–19" split like their ASCII spellings; invisible ones go.
_DASHES: Final = re.compile(r"[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]")
_SPACES: Final = re.compile(r"\s")
_INVISIBLE: Final = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
# A letter or digit in any script; Python's \w adds only "_" to those, which is excluded here.
# The browser uses /[^\p{L}\p{N}]/u, the same set.
_TRIM: Final = re.compile(r"^[\W_]+|[\W_]+$")


def normalize_text(text: str) -> str:
    """Return `text` in the form every index and query sees: NFC, plain dashes and spaces.

    NFC first, so a decomposed "å" (a + ring, as macOS writes file names) is one letter that the
    trimmer keeps and the stemmer knows.
    """
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _DASHES.sub("-", text)
    return _SPACES.sub(" ", text)


def tokenize(text: str) -> list[str]:
    """Split normalized text exactly as lunr.py's Tokenizer does, without its per-character loop."""
    return [token for token in _LUNR_SEPARATORS.split(text.lower()) if token]


def trim(word: str) -> str:
    return _TRIM.sub("", word)


def _load_stop_words(language: str) -> frozenset[str]:
    text = resources.files(__package__).joinpath(f"stopwords_{language}.txt").read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(line for line in lines if line)


# The languages the index analyses: a document is analysed in its body's content language, and
# the browser runs a query through each language the index holds (assets/search/stemmer-*.js).
LANGUAGES: Final = ("en", "sv")
SNOWBALL_NAMES: Final = {"en": "english", "sv": "swedish"}
DEFAULT_LANGUAGE: Final = "sv"

STOP_WORDS: Final[frozenset[str]] = _load_stop_words("sv")
STOP_WORDS_BY_LANGUAGE: Final[dict[str, frozenset[str]]] = {
    language: _load_stop_words(language) for language in LANGUAGES}

_SNOWBALL: Final = snowballstemmer.stemmer("swedish")
_SNOWBALLS: Final = {language: snowballstemmer.stemmer(SNOWBALL_NAMES[language]) for language in LANGUAGES}


def search_language(language: str) -> str:
    """The analysis for a content language: its own when the index has one, else Swedish's."""
    return language if language in _SNOWBALLS else DEFAULT_LANGUAGE


@lru_cache(maxsize=1 << 18)
def stem(word: str) -> str:
    """Snowball Swedish stem of one lower-case word (cached: archives repeat their words)."""
    return _SNOWBALL.stemWord(word)


@lru_cache(maxsize=1 << 18)
def stem_in(word: str, language: str) -> str:
    """Snowball stem of one lower-case word in `language` (one of LANGUAGES)."""
    return stem(word) if language == "sv" else _SNOWBALLS[language].stemWord(word)


# lunr pipeline functions take (token, index, tokens) and return the token, or None to drop it.
# Dropping empty tokens matters: lunr would otherwise index "" for a lone "§" or "–".


def trimmer_sv(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token | None:
    token.update(lambda word, metadata=None: trim(word))
    return token if str(token) else None


def stop_word_filter_sv(
    token: Token, i: int | None = None, tokens: list[Token] | None = None
) -> Token | None:
    return None if str(token) in STOP_WORDS else token


def stemmer_sv(token: Token, i: int | None = None, tokens: list[Token] | None = None) -> Token | None:
    token.update(lambda word, metadata=None: stem(word))
    return token if str(token) else None


_FUNCTIONS: Final[dict[str, Callable[..., Token | None]]] = {
    TRIMMER: trimmer_sv,
    STOP_WORD_FILTER: stop_word_filter_sv,
    STEMMER: stemmer_sv,
}
for _label, _function in _FUNCTIONS.items():
    # Re-registering the same function (a module reload in tests) is harmless; skip the warning.
    if Pipeline.registered_functions.get(_label) is not _function:
        Pipeline.register_function(_function, _label)


@lru_cache(maxsize=1 << 20)
def index_term(token: str, language: str = DEFAULT_LANGUAGE) -> str | None:
    """The index term for one raw token, or None when the pipeline drops it.

    The same result as running the token through INDEX_PIPELINE with lunr.py, but cached per
    distinct token: lunr.py runs three Python calls per token, which dominates its build time.
    """
    word = trim(token)
    if not word or word in STOP_WORDS_BY_LANGUAGE[language]:
        return None
    return stem_in(word, language) or None


def index_terms(text: str, language: str = DEFAULT_LANGUAGE) -> list[str]:
    """Every index term of a field's text, in order, duplicates kept (lunr's field length)."""
    terms = []
    for token in tokenize(normalize_text(text)):
        term = index_term(token, language)
        if term is not None:
            terms.append(term)
    return terms


def chunk_terms(chunk: str, language: str = DEFAULT_LANGUAGE) -> tuple[str, ...]:
    """The index terms of one whitespace-free piece of raw text, in order (cached per piece).

    Normalizing, lower-casing and splitting piece by piece gives the same terms as doing it to
    the whole text: NFC never composes across whitespace, the invisible characters and dashes it
    maps are not whitespace, and lower() looks no further than the word it is in.
    """
    return _PIECE_TERMS[language][chunk]


def _chunk_terms(chunk: str, language: str) -> tuple[str, ...]:
    terms = []
    for token in normalize_text(chunk).lower().split("-"):
        if token:
            term = index_term(token, language)
            if term is not None:
                terms.append(term)
    return tuple(terms)


# Pieces of text kept per memo (common.memo.Memo): far more than an archive's distinct pieces.
PIECES_KEPT: Final = 1 << 18
_PIECE_TERMS: Final = {language: Memo(partial(_chunk_terms, language=language), PIECES_KEPT) for language in LANGUAGES}


def analyse(text: str, language: str = DEFAULT_LANGUAGE) -> tuple[dict[str, int], int]:
    """Term frequencies of a field (in order of first occurrence, as lunr numbers terms) and
    its length in terms: the same as counting index_terms(text), several times faster, because
    str.split, the cache lookups and the counting all run in C (no Python code per word once
    its piece of text has been seen)."""
    frequencies = Counter(chain.from_iterable(map(_PIECE_TERMS[language].__getitem__, text.split())))
    return frequencies, frequencies.total()


def stable_stem(word: str) -> str:
    """The stem of the stem ... until it stays: a part's term is what the pipeline makes of the
    part written alone (so a lunr.py index given the parts as text holds the same terms)."""
    for _ in range(4):
        stemmed = stem(word)
        if stemmed == word:
            break
        word = stemmed
    return word


def part_terms(fields: Sequence[dict[str, int]], language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The "parts" field of a document, as index terms in order: the parts of every compound of
    its other fields (title and text), as often as the compound occurs. Only Swedish documents
    are split (English writes its compounds apart). generator.search.compounds explains how."""
    if language != "sv":
        return []
    local = set(chain.from_iterable(fields))
    parts: list[str] = []
    for frequencies in fields:
        for term, count in frequencies.items():
            if len(term) < MIN_COMPOUND_LETTERS:  # most terms: no call at all
                continue
            for part in _index_parts(split_compound(term, local, stem, STOP_WORDS)):
                parts.extend([part] * count)
    return parts


def compound_parts(term: str, local: set[str], language: str = DEFAULT_LANGUAGE) -> list[str]:
    """The parts field's terms of one index term of a document whose terms are `local`."""
    if language != "sv":
        return []
    return list(_index_parts(split_compound(term, local, stem, STOP_WORDS)))


# A split's parts as index terms, per process: the same few thousand splits recur in every
# document, and their stems and stop words do not change.
_INDEX_PARTS: dict[tuple[str, ...], tuple[str, ...]] = {(): ()}
_INDEX_PARTS_KEPT: Final = 1 << 18


def _index_parts(split_parts: tuple[str, ...]) -> tuple[str, ...]:
    found = _INDEX_PARTS.get(split_parts)
    if found is None:
        if len(_INDEX_PARTS) >= _INDEX_PARTS_KEPT:
            _INDEX_PARTS.clear()
            _INDEX_PARTS[()] = ()
        found = _INDEX_PARTS[split_parts] = tuple(
            part for part in map(stable_stem, split_parts) if part and part not in STOP_WORDS)
    return found


def analyse_document(values: Sequence[str], language: str = DEFAULT_LANGUAGE) -> list[tuple[dict[str, int], int]]:
    """Per field of writer.FIELDS, its term frequencies and length: `values` are the title and
    the text; the parts field comes from their compounds."""
    analysed = [analyse(value, language) for value in values[:2]]
    parts = Counter(part_terms([frequencies for frequencies, _ in analysed], language))
    analysed.append((parts, parts.total()))
    return analysed


def swedish_builder() -> Builder:
    """A lunr.py Builder with the Swedish pipeline: the reference the sharded index must equal."""
    builder = Builder()
    builder.pipeline.add(*(_FUNCTIONS[name] for name in INDEX_PIPELINE))
    builder.search_pipeline.add(*(_FUNCTIONS[name] for name in SEARCH_PIPELINE))
    return builder
