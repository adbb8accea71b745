"""Item headings: what a heading's number is, its title with inline Markdown, a unique anchor.

The number rule (docs/content-format.md, "Items"). A heading starts with an item number when it
starts with one of:

- `§ 12`, `§12`, `§ 12a`: a paragraph number, any size (they run on across a body's year);
- `12.`, `12)`, `12:` (up to three digits, then the mark, then a space);
- `4.1`, `6.2.1`, `4.1.` (numbers of up to three digits joined by dots);
- `12` alone (one or two digits, then a space).

Anything else is part of the title: `402 Status Update` and `2019 roadmap` are titles, since a
bare number of three or more digits is far more often a name or a year than an item number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it.token import Token

from generator.common.slugs import item_anchor

_ITEM_NUMBER = re.compile(
    r"^(?P<number>§\s*\d+[a-z]?|\d{1,3}(?:\.\d{1,3})+(?=\.?\s)|\d{1,3}(?=[.:)]\s)|\d{1,2}(?=\s))"
    r"(?:[.:)])?\s+(?P<title>\S.*)$", re.DOTALL)

# Ids the meeting page itself uses (layouts/meeting.html, base.html): an item never takes one,
# nor one of them with '-title' appended, which is its heading's id.
RESERVED_ANCHORS = frozenset({"main", "site-search-q", "subscribe", "corrections", "participants",
                              "agenda", "footnotes"})


@dataclass(frozen=True)
class HeadingNumber:
    number: str  # "6.2", "§ 18"; "" when the heading has none
    title: str
    prefix_length: int  # characters of the heading's text the number and its mark take


def split_number(text: str) -> HeadingNumber:
    """'6.2 Brottsofferjouren' -> ('6.2', 'Brottsofferjouren'); '2019 roadmap' -> ('', '2019 roadmap')."""
    match = _ITEM_NUMBER.match(text)
    if not match:
        return HeadingNumber("", text, 0)
    number = re.sub(r"^§\s*", "§ ", match.group("number"))
    return HeadingNumber(number, match.group("title").strip(), match.start("title"))


def title_children(inline: Token, prefix_length: int) -> list[Token]:
    """The heading's inline tokens without the number at its start (code, links, emphasis kept)."""
    children = list(inline.children or ())
    if not prefix_length or not children or children[0].type != "text":
        return children
    first = children[0]
    # The number is plain text at the start of the first text token: the plain text the number
    # was read from starts with that token's content, with runs of spaces collapsed.
    rest = first.content.lstrip()
    match = _ITEM_NUMBER.match(rest + ("" if len(children) == 1 else " x"))
    if not match:
        return children
    cut = min(match.start("title"), len(rest))
    trimmed = Token("text", "", 0, content=rest[cut:])
    return ([trimmed] if trimmed.content else []) + children[1:]


def without_links(children: list[Token]) -> list[Token]:
    """Inline tokens with link tags removed (their text kept): a title shown inside a link."""
    return [child for child in children if child.type not in ("link_open", "link_close")]


class Anchors:
    """Hands out the items' anchors of one meeting: the number's or title's anchor, or, when
    another item took it first, the same with -2, -3... (never one a later item needs for its own
    number), so a repeated number keeps a stable anchor of its own."""

    def __init__(self, wanted: list[str]):
        self.wanted = set(wanted)
        self.taken: dict[str, int | None] = {}

    def take(self, base: str, line: int | None) -> tuple[str, int | None]:
        """(the anchor, the line of the item that first had `base`, or None when it is new)."""
        if base not in self.taken and base not in RESERVED_ANCHORS:
            self.taken[base] = line
            return base, None
        first = self.taken.get(base)
        n = 2
        while (candidate := f"{base}-{n}") in self.taken or candidate in self.wanted or candidate in RESERVED_ANCHORS:
            n += 1
        self.taken[candidate] = line
        return candidate, first


def base_anchor(heading: HeadingNumber, anchor_words: tuple[str, str] = ("punkt", "paragraf")) -> str:
    """The anchor a heading asks for, in the site's words (common.paths.SitePaths.anchor_words)."""
    return item_anchor(heading.number, heading.title, *anchor_words)
