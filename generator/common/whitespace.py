"""Whitespace collapsed as the pages and the search index show text."""

from __future__ import annotations


def collapse_whitespace(text: str) -> str:
    """`text` with every run of whitespace as one space and none at the ends: " ".join(text.split()).

    Most texts are that already (markdown-it's text tokens, items' texts joined from them), and
    finding so takes a quarter of the time of splitting and joining: no space at either end, no
    two in a row, and no other whitespace (str.isprintable is False for every whitespace character
    but the space, and for a few characters more, which then take the long way)."""
    if "  " not in text and text.isprintable() and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())
