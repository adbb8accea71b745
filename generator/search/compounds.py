"""Swedish compounds split into their parts, so that `avtal` finds samverkansavtal.

Swedish writes compounds as one word (samverkansavtal, budgetuppföljning,
flyktingmottagningsverksamheterna), and stemming only removes endings. So each index term of a
Swedish document is also split, when it is a compound, and its parts go into a field of their own
("parts", with a lower boost than the text): a whole-word match ranks above a part match.

What counts as a part comes from a lexicon rather than a hand-made list: wordfreq's Swedish word
frequencies (the words of subtitles, Wikipedia, news and the web), reduced to Snowball stems, the
form the index holds. The document's own vocabulary adds words the lexicon lacks (a name, a
system, a local word that the document also writes on its own).

Splitting works on stems (the index terms), which makes Swedish linking forms easy: Snowball
already cuts the final -a/-e that a first part drops (skola -> skol-, flicka -> flick-), and a
linking -s-, -e-, -a-, -u- or -o- between two parts is skipped (samverkan+s+avtal, kyrk+o+gård,
gat+u+belysning). Among the ways to cut a word, the one whose parts are most frequent on average
wins (the mean of their Zipf values), and a word is split only when its parts are on average more
frequent than the whole word (Koehn and Knight's rule, so ordförande stays whole: "förande" is
rarer than "ordförande").
"""

from __future__ import annotations

import math
import os
import pickle
from collections.abc import Callable, Collection
from pathlib import Path
from functools import lru_cache
from typing import Final

from generator.common.atomic import atomic_write
from generator.common.packages import installed_version

# Words rarer than this (Zipf: log10 of occurrences per billion words) are not parts: the long
# tail of a web word list holds misspellings and fragments.
MIN_PART_ZIPF: Final = 2.5
# A three-letter part must be common: most three-letter strings are some rare word.
MIN_SHORT_PART_ZIPF: Final = 4.0
MIN_PART_LETTERS: Final = 3
MIN_COMPOUND_LETTERS: Final = 7
# A part the lexicon lacks but the document writes on its own counts as this frequent.
LOCAL_PART_ZIPF: Final = 3.0
LOCAL_PART_LETTERS: Final = 4
LINKING_LETTERS: Final = frozenset("seauo")
# A linking letter makes a cut less likely: -s- a little (verksamhet+s+plan is common), the
# vowels more (planering is not plan+e+ring).
LINK_PENALTIES: Final = {"s": 0.25, "e": 1.5, "a": 1.5, "u": 1.0, "o": 1.0}
MAX_PARTS: Final = 4
# Parts are at least this frequent anyway, and a whole word rarer than that splits whatever
# its own frequency: the lexicon needs no rarer words (a smaller lexicon loads faster).
LEXICON_MIN_ZIPF: Final = MIN_PART_ZIPF
# Suffixes and prefixes that are also words of the lexicon (a name, an abbreviation), which would
# cut derived words apart: verksam is not verk+sam, handling not handl+ing.
NOT_PARTS: Final = frozenset({
    "ande", "ans", "are", "bar", "dom", "else", "ende", "ens", "het", "ing", "isk", "ism", "ist",
    "itet", "lig", "ning", "sam", "skap", "tion",
})


@lru_cache(maxsize=1)
def lexicon(stem: Callable[[str], str]) -> dict[str, float]:
    """Swedish word or Snowball stem -> the highest Zipf frequency of a word of that form.

    Making it stems some 57,000 words (seconds); a rebuild after one changed meeting must not pay
    that, so it is kept in the user's cache folder, named by what it is made from."""
    path = _lexicon_file()
    try:
        with path.open("rb") as file:
            words = pickle.load(file)
        if isinstance(words, dict):
            return words
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError):
        pass
    words = _make_lexicon(stem)
    try:
        atomic_write(path, lambda file: pickle.dump(words, file, protocol=pickle.HIGHEST_PROTOCOL))
    except OSError:
        pass  # a read-only home: made again next time
    return words


def _lexicon_file() -> Path:
    import hashlib

    hasher = hashlib.sha256(Path(__file__).read_bytes())
    hasher.update(f"{lexicon_version()}\0{installed_version('snowballstemmer')}".encode())
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "minutes" / f"lexicon-sv-{hasher.hexdigest()[:16]}.pickle"


def _make_lexicon(stem: Callable[[str], str]) -> dict[str, float]:
    import wordfreq

    stems: dict[str, float] = {}
    for word, frequency in wordfreq.get_frequency_dict("sv", wordlist="best").items():
        if len(word) < MIN_PART_LETTERS or not word.isalpha():
            continue
        zipf = round(math.log10(frequency * 1e9), 2)
        if zipf < LEXICON_MIN_ZIPF:
            continue
        # A first part is written in its base form (verksamhet+s+plan), a last part is
        # inflected like the whole word, so it is in the term as its stem: both are parts.
        for form in (word, stem(word)):
            if stems.get(form, -1.0) < zipf:
                stems[form] = zipf
    return stems


def lexicon_version() -> str:
    """What the splits depend on besides the code: the word list's version."""
    return f"wordfreq {installed_version('wordfreq')}"


class _PartScores(dict):
    """part -> its score as a part of a compound (negative: not a part), for one lexicon, stop words
    and document vocabulary, made on first lookup. `sensitive`, when given, collects the parts
    whose score a document's own vocabulary could raise: those the lexicon lacks but that are long
    enough to count as local."""

    __slots__ = ("words", "local", "stop_words", "sensitive")

    def __init__(self, words: dict[str, float], local: Collection[str], stop_words: Collection[str],
                 sensitive: set[str] | None = None) -> None:
        super().__init__()
        self.words, self.local, self.stop_words, self.sensitive = words, local, stop_words, sensitive

    def __missing__(self, part: str) -> float:
        zipf = self[part] = self._score(part)
        return zipf

    def _score(self, part: str) -> float:
        if len(part) < MIN_PART_LETTERS or part in self.stop_words or part in NOT_PARTS:
            return -1.0
        zipf = self.words.get(part, 0.0)
        minimum = MIN_SHORT_PART_ZIPF if len(part) == MIN_PART_LETTERS else MIN_PART_ZIPF
        if zipf >= minimum:
            return zipf
        if len(part) >= LOCAL_PART_LETTERS:
            if part in self.local:
                return LOCAL_PART_ZIPF
            if self.sensitive is not None:
                self.sensitive.add(part)
        return -1.0


# A term's split made without a document's vocabulary, and the parts looked up on the way whose
# score a vocabulary could change: most terms recur in document after document, and their split
# holds for any document that writes none of those parts on its own. Per process, for the
# lexicon, stemmer and stop words it was made with.
_memo: dict[str, tuple[tuple[str, ...], frozenset[str]]] = {}
_memo_made_with: list[object] = []
_MEMO_TERMS: Final = 1 << 18


def split(term: str, local: Collection[str], stem: Callable[[str], str], stop_words: Collection[str]) -> tuple[str, ...]:
    """The parts of a compound index term, or () when it is not split.

    `local` is the document's own terms: a part the lexicon lacks counts when the document also
    writes it as a word. The parts are cut again while they are compounds themselves, and every
    piece is a part: kommunchefsgrupp gives kommunchef, grupp, kommun and chef. `stem` and
    `stop_words`: the Swedish analysis's (search.pipeline, which calls this).
    """
    if len(term) < MIN_COMPOUND_LETTERS or not term.isalpha():
        return ()
    words = lexicon(stem)
    made_with = _memo_made_with
    if len(made_with) != 3 or made_with[0] is not words or made_with[1] is not stem or made_with[2] is not stop_words:
        _memo.clear()
        made_with[:] = (words, stem, stop_words)
    entry = _memo.get(term)
    if entry is None:
        if len(_memo) >= _MEMO_TERMS:
            _memo.clear()
        sensitive: set[str] = set()
        entry = _memo[term] = (_split(term, _PartScores(words, (), stop_words, sensitive), stem), frozenset(sensitive))
    parts, sensitive_parts = entry
    if sensitive_parts and not sensitive_parts.isdisjoint(local):
        return _split(term, _PartScores(words, local, stop_words), stem)
    return parts


def _split(term: str, scores: _PartScores, stem: Callable[[str], str]) -> tuple[str, ...]:
    found: list[str] = []
    _split_into(term, scores, found)
    # As index terms: verksamhet (a first part's base form) is found as the stem "verksam".
    return tuple(dict.fromkeys(stem(part) for part in found))


def _split_into(term: str, scores: _PartScores, found: list[str]) -> None:
    if len(term) < MIN_COMPOUND_LETTERS or not term.isalpha():
        return
    best = _best_split(term, scores)
    if best is None:
        return
    for part in best:
        found.append(part)
    for part in best:
        _split_into(part, scores, found)


def _best_split(term: str, scores: _PartScores) -> tuple[str, ...] | None:
    """The cut of `term` into the fewest parts (MAX_PARTS at most) with the highest mean part
    frequency, if that mean is above the whole word's frequency; ties: the longer first part."""
    n = len(term)
    whole = scores.words.get(term, 0.0)
    for parts in range(2, MAX_PARTS + 1):
        if n < MIN_PART_LETTERS * parts:
            break
        candidates = [(cut, total / parts) for cut, total in _cuts(term, 0, parts, scores) if total / parts > whole]
        if candidates:
            return max(candidates, key=lambda c: (c[1], len(c[0][0])))[0]
    return None


def _cuts(term: str, start: int, parts: int, scores: _PartScores) -> list[tuple[tuple[str, ...], float]]:
    """Every way to cut term[start:] into exactly `parts` parts: (parts, sum of scores). (A function
    of its own, not a closure calling itself: that would be a reference cycle per split.)"""
    if parts == 1:
        zipf = scores[term[start:]]
        return [((term[start:],), zipf)] if zipf >= 0 else []
    found = []
    for end in range(start + MIN_PART_LETTERS, len(term) - MIN_PART_LETTERS * (parts - 1) + 1):
        zipf = scores[term[start:end]]
        if zipf < 0:
            continue
        for link in ("", term[end]):
            if link and (link not in LINKING_LETTERS or term[end - 1] == link):
                continue
            penalty = LINK_PENALTIES[link] if link else 0.0
            for rest, total in _cuts(term, end + len(link), parts - 1, scores):
                found.append(((term[start:end], *rest), total + zipf - penalty))
    return found
