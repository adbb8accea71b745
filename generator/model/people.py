"""Who is who: the names the minutes write, resolved to one person each.

The people registry (content/people.yml, `Archive.people`) lists every spelling of a person. A
name written in a structured place of the minutes (participants, members, approvers,
Föredragande, the Ansvarig column) resolves to the registry's name when it is one of its
spellings, and otherwise stands for itself. Text after a comma is a title or an organisation
("Martin Söderström, förbundschef") and is not part of the name.

`near_misses` finds the names one or two letters off a registered spelling, a body's member or a
spelling more meetings write ("Inga-Lill Nordstrom", "Magnus Hagglund"): `minutes check` reports
them as warnings.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Container, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.common.compact import pickled_by_fields
from generator.common.errors import Problem, warning
from generator.common.paths import SWEDISH, SitePaths
from generator.model.domain import Archive, Meeting, Person
from generator.common.slugs import slugify

NEAR_MISS_LONG_NAME = 10  # letters from which a near miss may be two letters off
_SPACE = re.compile(r"\s+")
_SWEDISH_ORDER = str.maketrans({"å": "z\u0001", "ä": "z\u0002", "æ": "z\u0002", "ö": "z\u0003", "ø": "z\u0003"})


def name_part(written: str) -> str:
    """'Martin Söderström, förbundschef' -> 'Martin Söderström'; whitespace collapsed."""
    return _SPACE.sub(" ", written.split(",", 1)[0]).strip()


def looks_like_name(name: str) -> bool:
    """A person's name: two to six words, the first capitalised, no digits ('Lisa', 'Kansliet' or
    'samtliga kommunchefer' are not names of a person unless the registry says so); in a script
    without capitals ('王小明') the first rule does not apply and one word may be a name)."""
    if not name or any(c.isdigit() for c in name):
        return False
    if name[0].isalpha() and not name[0].isupper() and not name[0].islower():
        # A script without capitals (Chinese, Japanese, Korean): a name is often written as one word.
        return 1 <= len(name.split()) <= 6
    return name[0].isupper() and 2 <= len(name.split()) <= 6


def fold(text: str) -> str:
    """Lower case, no accents, letters and single spaces only: for comparing spellings."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _SPACE.sub(" ", re.sub(r"[^\w ]+", " ", letters)).strip()


def sort_key(text: str) -> str:
    """Swedish alphabetical order: å, ä, ö after z; other accents sort with their letter."""
    lowered = text.casefold().translate(_SWEDISH_ORDER)
    decomposed = unicodedata.normalize("NFKD", lowered)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Mention:
    """A name as written in one structured place of the content."""

    written: str
    path: str  # the content file, relative to the project folder
    line: int | None
    where: str  # what the name is: "participant", "presenter", ...


class PeopleIndex:
    """Resolves written names to people. A person's page slug is a pure function of the resolved
    name (so a meeting page can link to it knowing only the registry): names that differ only in
    case or accents share a slug and so a page."""

    def __init__(self, people: tuple[Person, ...], paths: SitePaths = SWEDISH):
        self.paths = paths
        self.registry: dict[str, Person] = {}
        # The same few hundred names are resolved again for every page and register row.
        self._slugs: dict[str, str] = {}
        for person in people:
            for spelling in (person.name, *person.aliases):
                if spelling:
                    self.registry.setdefault(_SPACE.sub(" ", spelling).strip().casefold(), person)

    def person(self, written: str) -> Person | None:
        """The registry entry for a written name, if the registry knows this spelling."""
        return self.registry.get(name_part(written).casefold())

    def canonical(self, written: str) -> str:
        """The person's name for a written name, or '' when the text is not a person's name."""
        known = self.person(written)
        if known:
            return known.name
        name = name_part(written)
        return name if looks_like_name(name) else ""

    def slug(self, written: str) -> str:
        slug = self._slugs.get(written)
        if slug is None:
            slug = self._slugs[written] = slugify(self.canonical(written))
        return slug

    def url(self, written: str) -> str:
        """The person page relative to the site root, or '' for text that is not a person's name."""
        slug = self.slug(written)
        return self.paths.person_page(slug) if slug else ""


class _LineFinder:
    """Finds the line of a name in a content file (front matter names carry no line of their own):
    the first line from `start` on that holds it, as str.splitlines() counts lines."""

    def __init__(self, project_dir: Path):
        self.project_dir = project_dir
        self.cache: dict[str, str | list[str]] = {}
        self.cursor: dict[str, tuple[int, int]] = {}  # path -> a line (0-based) and its offset

    def line(self, path: str, text: str, start: int | None = 1) -> int | None:
        found = self.cache.get(path)
        if found is None:
            try:
                found = (self.project_dir / path).read_text(encoding="utf-8-sig")
            except OSError:
                found = []
            if isinstance(found, str) and any(other in found for other in _OTHER_LINE_BREAKS):
                found = found.splitlines()
            self.cache[path] = found
        first = max((start or 1) - 1, 0)
        if isinstance(found, list):
            for index in range(first, len(found)):
                if text in found[index]:
                    return index + 1
            return start
        # Only LF ends lines here: the name is looked for in the whole text, from the line's start
        # on, and its line counted, without a list of the lines (a file holds a few such names).
        # The names of a meeting are asked for in the order of their lines: each line's start is
        # found from the last one asked for, not from the top again.
        line, offset = self.cursor.get(path, (0, 0))
        if first < line:
            line, offset = 0, 0
        while line < first:
            offset = found.find("\n", offset) + 1
            if not offset:
                return start
            line += 1
        self.cursor[path] = (line, offset)
        at = found.find(text, offset)
        if at < 0 or offset >= len(found) or "\n" in text:  # past the last line, or not in one line
            return start
        return found.count("\n", 0, at) + 1


# What str.splitlines() ends a line at besides LF; a text with any of them is split as it does.
# (Looked for one by one: a character class with these in it makes a regex search ten times slower.)
_OTHER_LINE_BREAKS = ("\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def mentions(archive: Archive, project_dir: Path, with_lines: bool = True,
             wanted: Container[str] | None = None) -> Iterator[Mention]:
    """Every name in a structured place of the published content, with its file and line
    (`with_lines=False`: without looking lines up; `wanted`: only names whose casefolded name
    part is in it)."""
    finder = _LineFinder(project_dir) if with_lines else None
    for body in archive.bodies:
        for member in body.members:
            path = body.location.path
            if _wanted(member.name, wanted):
                yield Mention(member.name, path, finder.line(path, member.name) if finder else None, "member")
    for meeting in archive.meetings:
        yield from _meeting_mentions(meeting, finder, wanted)


def _wanted(written: str, wanted: Container[str] | None, memo: dict[str, bool] = {}) -> bool:
    if wanted is None:
        return True
    known = memo.get(written)  # the same few thousand names are written again and again
    if known is None:
        if len(memo) > 100_000:
            memo.clear()
        known = memo[written] = name_part(written).casefold()
    return known in wanted


def _meeting_mentions(meeting: Meeting, finder: _LineFinder | None, wanted: Container[str] | None) -> Iterator[Mention]:
    path = meeting.location.path

    def line(text: str, start: int | None = 1) -> int | None:
        return finder.line(path, text, start) if finder else start

    for participant in meeting.participants:
        if _wanted(participant.name, wanted):
            yield Mention(participant.name, path, line(participant.name), "participant")
    if meeting.approval:
        for approver in meeting.approval.by:
            if _wanted(approver.name, wanted):
                yield Mention(approver.name, path, line(approver.name), "approver")
    for item in meeting.items:
        for presenter in item.presenters:
            if _wanted(presenter, wanted):
                yield Mention(presenter, path, line(presenter, item.location.line), "presenter")
        for action in item.actions:
            for name in action.responsible:
                if _wanted(name, wanted):
                    yield Mention(name, path, action.location.line, "responsible")


@dataclass
class _NameSeen:
    """A spelling (compared case-insensitively) and how much weight the content gives it."""

    written: str
    registered: Person | None = None  # a spelling of this person in the people registry
    member_of: str = ""  # the name of a body that lists it among its members
    meetings: set[str] = field(default_factory=set)  # refs of the meetings that write it

    def rank(self) -> tuple[int, int, int]:
        return (self.registered is not None, bool(self.member_of), len(self.meetings))

    def describe(self) -> str:
        if self.registered is not None:
            return self.registered.name if self.registered.name != self.written else "the people registry"
        if self.member_of:
            return f"a member of {self.member_of}"
        count = len(self.meetings)
        return f"written so at {count} meeting{'s' if count != 1 else ''}"


def allowed_distance(name: str) -> int:
    """How many letters a spelling may be off to count as a near miss: one in a short name (where
    two letters make another name, 'Per Ek' and 'Pia Ek'), two from ten letters on."""
    return 2 if len(name) >= NEAR_MISS_LONG_NAME else 1


def is_slip(one: str, other: str, distance: int) -> bool:
    """Whether two spellings two edits apart or less look like a slip rather than two names:
    two letters off in one short word make another name ('Tomas' and 'Jonas Jonsson'), so a word
    may be two letters off only from eight letters on."""
    from rapidfuzz.distance import OSA

    words, other_words = one.split(" "), other.split(" ")
    if len(words) != len(other_words):
        return distance <= 1  # 'Inga-Lill' and 'Inga Lill'
    for word, other_word in zip(words, other_words):
        if word != other_word and OSA.distance(word, other_word) > (2 if min(len(word), len(other_word)) >= 8 else 1):
            return False
    return True


def close_spellings(queries: list[str], choices: list[str]) -> dict[str, list[tuple[str, int]]]:
    """For each query, the choices one or two edits away that `is_slip` (a swapped pair of
    letters is one edit).

    Blocked by length (two edits change the length by two letters at most) and by an initial: a
    choice is compared when it starts with the query's first letter or its last word starts with
    the query's last word's ('Karlsson' for 'Carlsson' is found through the first name). A slip
    in both initials at once is missed, which keeps the check to a few hundred comparisons a name
    instead of every name; rapidfuzz compares in C and stops early past the cutoff."""
    from rapidfuzz import process  # 11 ms to import: only a check of names needs it
    from rapidfuzz.distance import OSA

    blocks: dict[tuple[int, int, str], list[str]] = {}
    for choice in choices:
        if choice:
            blocks.setdefault((0, len(choice), choice[0]), []).append(choice)
            blocks.setdefault((1, len(choice), choice.rsplit(" ", 1)[-1][:1]), []).append(choice)
    found: dict[str, list[tuple[str, int]]] = {}
    for query in queries:
        if not query:
            continue
        limit = allowed_distance(query)
        initials = (query[0], query.rsplit(" ", 1)[-1][:1])
        block = [c for length in range(len(query) - limit, len(query) + limit + 1)
                 for which in (0, 1) for c in blocks.get((which, length, initials[which]), ())]
        if not block:
            continue
        matches = [(choice, int(distance)) for choice, distance in
                   {choice: distance for choice, distance, _ in
                    process.extract(query, block, scorer=OSA.distance, score_cutoff=limit, limit=None)}.items()
                   if choice != query and distance <= allowed_distance(choice) and is_slip(query, choice, distance)]
        if matches:
            found[query] = matches
    return found


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class Suggestion:
    """The spelling a near miss probably means, and why that one."""

    written: str
    person: str  # the registry's name for it, or ""
    reason: str  # "a member of ...", "written so at 12 meetings"


NameSuggestions = dict[str, Suggestion]  # casefolded near miss -> what to write instead


def name_suggestions(archive: Archive, project_dir: Path) -> NameSuggestions:
    """The names one or two letters off a name the content gives more weight to: a spelling in
    the people registry, a body's member, or a spelling more meetings write. "Magnus Hagglund"
    beside the chair "Magnus Haglund" is a slip that makes a second person page; two spellings
    equally often written are both pointed out."""
    index = PeopleIndex(archive.people)
    seen: dict[str, _NameSeen] = {}
    for key, person in index.registry.items():
        spelling = next(s for s in (person.name, *person.aliases) if _SPACE.sub(" ", s).strip().casefold() == key)
        seen[key] = _NameSeen(_SPACE.sub(" ", spelling).strip(), registered=person)
    keys: dict[str, str] = {}  # written -> casefolded name, or "" when it is not a person's name

    def key_of(written: str) -> str:
        name = name_part(written)
        key = keys[written] = name.casefold() if looks_like_name(name) else ""
        if key and key not in seen:
            seen[key] = _NameSeen(name)
        return key

    for body in archive.bodies:
        for member in body.members:
            key = keys.get(member.name) or key_of(member.name)
            if key and not seen[key].member_of:
                seen[key].member_of = body.name
    for meeting in archive.meetings:  # the names of mentions(), without the objects: this runs per name
        path = meeting.location.path
        written = [p.name for p in meeting.participants]
        if meeting.approval:
            written.extend(a.name for a in meeting.approval.by)
        for item in meeting.items:
            written.extend(item.presenters)
            for action in item.actions:
                written.extend(action.responsible)
        for name in written:
            key = keys.get(name)
            if key is None:
                key = key_of(name)
            if key:
                seen[key].meetings.add(path)
    unknown = [key for key, entry in seen.items() if entry.registered is None]
    suggestions: NameSuggestions = {}
    for key, matches in close_spellings(unknown, list(seen)).items():
        own = seen[key].rank()
        heavier = [(distance, tuple(-r for r in seen[other].rank()), other) for other, distance in matches
                   if seen[other].rank() >= own]
        if heavier:
            best = seen[min(heavier)[2]]
            suggestions[key] = Suggestion(best.written, best.registered.name if best.registered else "",
                                          best.describe())
    return suggestions


def near_misses(archive: Archive, project_dir: Path, people_file: str = "content/people.yml",
                suggestions: NameSuggestions | None = None) -> list[Problem]:
    """A warning at every place that writes a near miss (`name_suggestions`, computed on the
    archive unless given), with the name to write instead."""
    if suggestions is None:
        suggestions = name_suggestions(archive, project_dir)
    if not suggestions:
        return []
    problems: dict[tuple[str, int | None, str], Problem] = {}
    for mention in mentions(archive, project_dir, wanted=suggestions):
        name = name_part(mention.written)
        close = suggestions.get(name.casefold())
        if close is None:
            continue
        if close.person:
            message = f"'{name}' looks like '{close.written}' ({close.person}) but is none of that person's spellings."
            hint = f"Write '{close.written}', or add '{name}' to the aliases of {close.person} in {people_file}."
        else:
            message = f"'{name}' looks like '{close.written}' ({close.reason})."
            hint = (f"Write '{close.written}' if it is the same person; if they are two people, "
                    f"add both to {people_file}.")
        problems.setdefault((mention.path, mention.line, name), warning(mention.path, mention.line, message, hint))
    return sorted(problems.values())
