"""URL-safe names for pages and anchors, stable across builds."""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

_NON_WORD = re.compile(r"[^a-z0-9]+")


def _ascii_letter(char: str) -> str:
    """One character in ASCII: a Latin letter loses its accents (å -> a, as Swedish URLs always
    had it); a letter of another script is transliterated (Б -> B, 予 -> Yu), so a Cyrillic or CJK
    title keeps a readable name of its own instead of an empty one."""
    if char.isascii():
        return char
    stripped = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")
    if stripped:
        return stripped
    if unicodedata.category(char).startswith("M"):  # a combining accent on its own
        return ""
    return " " + anyascii(char) + " " if unicodedata.category(char).startswith("Lo") else anyascii(char)


def slugify(text: str) -> str:
    """'Umeåregionen KC' -> 'umearegionen-kc'; 'Бюджет' -> 'biudzhet'; letters lose their
    accents or are transliterated, the rest become dashes."""
    lowered = text.lower()
    ascii_text = lowered if lowered.isascii() else "".join(_ascii_letter(char) for char in lowered).lower()
    return _NON_WORD.sub("-", ascii_text).strip("-")


def item_anchor(number: str | None, title: str, item: str = "punkt", paragraph: str = "paragraf") -> str:
    """'6.2' -> 'punkt-6-2'; '§ 18' -> 'paragraf-18'; no number -> the title's slug. `item` and
    `paragraph`: the words of the site's language (common.paths.SitePaths.anchor_words)."""
    if number:
        if number.startswith("§"):
            return f"{paragraph}-" + slugify(number[1:])
        return f"{item}-" + slugify(number)
    return slugify(title) or item
