"""Who is who: the names the minutes write, resolved to one person each.

The people registry (content/people.yml, `Archive.people`) lists every spelling of a person. A
name written in a structured place of the minutes (participants, members, approvers,
Föredragande, the Ansvarig column) resolves to the registry's name when it is one of its
spellings, and otherwise stands for itself. Text after a comma is a title or an organisation
("Martin Söderström, förbundschef") and is not part of the name.

`near_misses` finds the names that look like a registered person but are none of their spellings
("Inga-Lill Nordstrom"): `minutes check` reports them as warnings.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.common.errors import Problem, warning
from generator.common.paths import SWEDISH, SitePaths
from generator.model.domain import Archive, Meeting, Person
from generator.common.slugs import slugify

NEAR_MISS_RATIO = 0.88
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
    """Finds the line of a name in a content file (front matter names carry no line of their own)."""

    def __init__(self, project_dir: Path):
        self.project_dir = project_dir
        self.cache: dict[str, list[str]] = {}

    def line(self, path: str, text: str, start: int | None = 1) -> int | None:
        if path not in self.cache:
            try:
                self.cache[path] = (self.project_dir / path).read_text(encoding="utf-8-sig").splitlines()
            except OSError:
                self.cache[path] = []
        lines = self.cache[path]
        first = max((start or 1) - 1, 0)
        for index in range(first, len(lines)):
            if text in lines[index]:
                return index + 1
        return start


def mentions(archive: Archive, project_dir: Path) -> Iterator[Mention]:
    """Every name in a structured place of the published content, with its file and line."""
    finder = _LineFinder(project_dir)
    for body in archive.bodies:
        for member in body.members:
            path = body.location.path
            yield Mention(member.name, path, finder.line(path, member.name), "member")
    for meeting in archive.meetings:
        yield from _meeting_mentions(meeting, finder)


def _meeting_mentions(meeting: Meeting, finder: _LineFinder) -> Iterator[Mention]:
    path = meeting.location.path
    for participant in meeting.participants:
        yield Mention(participant.name, path, finder.line(path, participant.name), "participant")
    if meeting.approval:
        for approver in meeting.approval.by:
            yield Mention(approver.name, path, finder.line(path, approver.name), "approver")
    for item in meeting.items:
        for presenter in item.presenters:
            yield Mention(presenter, path, finder.line(path, presenter, item.location.line), "presenter")
        for action in item.actions:
            for name in action.responsible:
                yield Mention(name, path, action.location.line, "responsible")


def closest_person(name: str, archive: Archive) -> tuple[Person, str] | None:
    """The registered person (and spelling) a name is a near miss of, if any."""
    folded = fold(name)
    if not folded:
        return None
    best: tuple[float, Person, str] | None = None
    for person in archive.people:
        for spelling in (person.name, *person.aliases):
            other = fold(spelling)
            if not other:
                continue
            ratio = 1.0 if other == folded else difflib.SequenceMatcher(None, folded, other).ratio()
            if ratio >= NEAR_MISS_RATIO and (best is None or ratio > best[0]):
                best = (ratio, person, spelling)
    return (best[1], best[2]) if best else None


def near_misses(archive: Archive, project_dir: Path, people_file: str = "content/people.yml") -> list[Problem]:
    """Warnings for names that look like a registered person but match none of their spellings."""
    if not archive.people:
        return []
    index = PeopleIndex(archive.people)
    problems: dict[tuple[str, int | None, str], Problem] = {}
    for mention in mentions(archive, project_dir):
        name = name_part(mention.written)
        if not looks_like_name(name) or index.person(name):
            continue
        close = closest_person(name, archive)
        if close is None:
            continue
        person, spelling = close
        key = (mention.path, mention.line, name)
        problems.setdefault(key, warning(
            mention.path, mention.line,
            f"'{name}' looks like '{spelling}' ({person.name}) but is none of that person's spellings.",
            f"Correct the name, or add '{name}' to the aliases of {person.name} in {people_file}."))
    return sorted(problems.values())
