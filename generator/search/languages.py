"""Which content language each body writes in, for the search index's analysis.

A body's language is its `language:` key (in content/<body>/_body.md), or the site's
content_language. The model may carry it on the Body (`Body.language`); until then it is read
here from the body file's front matter, in this one place.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from generator.search.pipeline import search_language


def body_language(body, site_language: str = "sv", project_dir: Path | None = None) -> str:
    """The analysis language of `body`'s documents (pipeline.LANGUAGES; an unknown one: Swedish)."""
    language = getattr(body, "language", None) or getattr(body, "content_language", None)
    if not language and project_dir is not None and getattr(body, "location", None) is not None:
        language = front_matter_language(project_dir / body.location.path)
    return search_language(str(language or site_language))


@lru_cache(maxsize=256)
def front_matter_language(path: Path) -> str | None:
    """The optional `language:` of a body file's front matter (None when absent or unreadable:
    the loader reports bad files; search only needs the value)."""
    import frontmatter

    try:
        value = frontmatter.loads(path.read_text(encoding="utf-8")).get("language")
    except (OSError, ValueError, UnicodeDecodeError, Exception):  # noqa: BLE001 - yaml errors vary
        return None
    return str(value) if value else None
