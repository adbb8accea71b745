"""URL-safe names for pages and anchors, stable across builds."""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """'Umeåregionen KC' -> 'umearegionen-kc'; letters lose their accents, the rest become dashes."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub("-", ascii_text).strip("-")


def item_anchor(number: str | None, title: str, item: str = "punkt", paragraph: str = "paragraf") -> str:
    """'6.2' -> 'punkt-6-2'; '§ 18' -> 'paragraf-18'; no number -> the title's slug. `item` and
    `paragraph`: the words of the site's language (common.paths.SitePaths.anchor_words)."""
    if number:
        if number.startswith("§"):
            return f"{paragraph}-" + slugify(number[1:])
        return f"{item}-" + slugify(number)
    return slugify(title) or item
