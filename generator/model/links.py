"""The relative links and images of a meeting's Markdown, collected with their lines.

A link's target is only known once the whole archive is: another meeting's file, a body, a file
to copy, or nothing. So the parser only records them (Meeting.links); render/filelinks.py
resolves them on every page they are shown on and warns about those that lead nowhere.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

from generator.common.errors import SourceLocation
from generator.model.domain import LinkRef

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def is_relative(target: str) -> bool:
    """'2024-01-31.md', 'bilder/x.png', '#punkt-2': yes; 'https://...', 'mailto:', '/x', '//x': no."""
    return bool(target) and not _SCHEME.match(target) and not target.startswith("/")


def relative_links(tokens: list[Token], rel: str, body_line: int) -> tuple[LinkRef, ...]:
    found: list[LinkRef] = []
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        row = token.map[0] if token.map else None
        for child in token.children:
            if child.type in ("softbreak", "hardbreak") and row is not None:
                row += 1
            elif child.type in ("link_open", "image"):
                target = str(child.attrGet("href" if child.type == "link_open" else "src") or "")
                if is_relative(target) and child.markup != "autolink":
                    found.append(LinkRef(target, SourceLocation(rel, None if row is None else body_line + row),
                                         child.type == "image"))
    return tuple(found)
