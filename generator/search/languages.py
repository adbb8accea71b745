"""Which language each body's documents are analysed in: the body's content language (its
`language:` key, read by generator.load.languages into Body.language), else the site's
content_language; a language the index has no pipeline for is analysed as Swedish."""

from __future__ import annotations

from generator.search.pipeline import search_language


def body_language(body, site_language: str = "sv") -> str:
    """The analysis language (one of pipeline.LANGUAGES) of `body`'s documents."""
    return search_language(str(getattr(body, "language", "") or site_language))
