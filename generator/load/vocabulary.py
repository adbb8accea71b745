"""The words of the domain that content may use: roles, kinds, statuses, item kinds, item lines,
section names, action-table headers and the words that make a date a mention of a meeting.

The words come from one data file per content language, generator/vocabularies/<code>.yml; each
group maps a concept to the words that mean it. The concepts are the generator's own names (the
Swedish words, which the interface texts and templates use), so a meeting written in English with
`status: approved` is, once read, a meeting whose status is `justerat`. Adding a language is adding
a file.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.common.datafiles import read_yaml

VOCABULARIES = Path(__file__).parent.parent / "vocabularies"
DEFAULT_LANGUAGE = "sv"

# Display order on a meeting page follows this order.
ROLES = (
    "ordförande",
    "vice ordförande",
    "ledamot",
    "ersättare",
    "sekreterare",
    "justerare",
    "övrig deltagare",
    "gäst",
)

MEETING_KINDS = ("protokoll", "minnesanteckningar", "anteckningar")

# utkast is never published; planerat has no items yet; slutligt is final without an approval step.
STATUSES = ("utkast", "planerat", "ojusterat", "justerat", "slutligt")
PUBLISHED_STATUSES = ("planerat", "ojusterat", "justerat", "slutligt")

ITEM_KINDS = ("informationsärende", "beslutsärende", "samråd", "utgår")

# The groups whose words map to a concept, and the concepts each must name.
TERM_GROUPS: dict[str, tuple[str, ...]] = {
    "statuses": STATUSES,
    "kinds": MEETING_KINDS,
    "roles": ROLES,
    "item_kinds": ITEM_KINDS,
    "item_lines": ("presenters", "attachments", "kind"),
    "sections": ("decision", "proposal", "background", "discussion", "actions"),
    "action_columns": ("action", "due", "responsible", "done"),
}
WORD_LISTS = ("meeting_words", "leading_meeting_words", "which_meeting", "date_prefixes")
TEXT_LISTS = ("new_meeting_items",)  # kept as written, not normalised
LANGUAGE_NAMES = {"sv": "Swedish", "en": "English", "no": "Norwegian", "nb": "Norwegian", "da": "Danish",
                  "fi": "Finnish", "de": "German"}


def normalise(word: str) -> str:
    """How keywords are compared: case, surrounding spaces and a trailing colon do not matter."""
    return " ".join(word.casefold().rstrip(":").split())


@dataclass(frozen=True)
class Vocabulary:
    language: str
    terms: dict[str, dict[str, str]]  # group -> normalised word -> concept
    preferred: dict[str, dict[str, str]]  # group -> concept -> the word hints suggest
    lists: dict[str, tuple[str, ...]]
    example_item: str = ""  # an item's title, for hints

    def concept(self, group: str, word: object) -> str | None:
        """The concept a word of this language names in `group`, or None."""
        return self.terms[group].get(normalise(str(word))) if word is not None else None

    def word(self, group: str, concept: str) -> str:
        return self.preferred[group].get(concept, concept)

    def words(self, group: str) -> tuple[str, ...]:
        return tuple(self.terms[group])

    @property
    def name(self) -> str:
        return LANGUAGE_NAMES.get(self.language, self.language)


@lru_cache(maxsize=1)
def _vocabulary_files() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in VOCABULARIES.glob("*.yml")))


def available_vocabularies() -> list[str]:
    # Asked for every heading that is not a known section: the folder is listed once.
    return list(_vocabulary_files())


@lru_cache(maxsize=None)
def vocabulary(language: str = "") -> Vocabulary:
    path = VOCABULARIES / f"{language or DEFAULT_LANGUAGE}.yml"
    data = read_yaml(path)
    terms: dict[str, dict[str, str]] = {}
    preferred: dict[str, dict[str, str]] = {}
    for group, concepts in TERM_GROUPS.items():
        given = data.get(group) or {}
        unknown = set(given) - set(concepts)
        if unknown:
            raise ValueError(f"{path}: '{group}' names unknown concepts {sorted(unknown)}; known: {list(concepts)}")
        terms[group] = {normalise(word): concept for concept, words in given.items() for word in words}
        preferred[group] = {concept: words[0] for concept, words in given.items() if words}
    lists = {name: tuple(normalise(w) for w in data.get(name) or ()) for name in WORD_LISTS}
    lists.update({name: tuple(data.get(name) or ()) for name in TEXT_LISTS})
    return Vocabulary(language or DEFAULT_LANGUAGE, terms, preferred, lists, data.get("example_item", ""))


def foreign_term(group: str, word: str, language: str) -> tuple[Vocabulary, str] | None:
    """When `word` is a keyword of `group` in another known language (and not in `language`):
    that language's vocabulary and the concept, so a hint can give this language's word."""
    if vocabulary(language).concept(group, word):
        return None
    for other in _vocabulary_files():
        if other != (language or DEFAULT_LANGUAGE):
            concept = vocabulary(other).concept(group, word)
            if concept:
                return vocabulary(other), concept
    return None


def term_hint(group: str, word: str, language: str, cutoff: float = 0.6) -> str:
    """What to write instead of an unknown keyword: this language's word for a keyword of another
    language, the closest keyword of this language, or '' when nothing is close."""
    own = vocabulary(language)
    found = foreign_term(group, word, language)
    if found:
        other, concept = found
        suggestion = own.word(group, concept)
        if word[:1].isupper():
            suggestion = suggestion[:1].upper() + suggestion[1:]
        return (f"'{word}' is {other.name}; this archive's minutes are in {own.name} ({own.language}): "
                f"write '{suggestion}'.")
    close = difflib.get_close_matches(normalise(word), own.words(group), n=1, cutoff=cutoff)
    return f"Did you mean '{close[0]}'?" if close else ""


def all_meeting_words() -> tuple[str, ...]:
    return tuple(sorted({w for lang in available_vocabularies() for w in vocabulary(lang).lists["meeting_words"]}))


def all_date_prefixes() -> tuple[str, ...]:
    return tuple(sorted({w for lang in available_vocabularies() for w in vocabulary(lang).lists["date_prefixes"]}))
