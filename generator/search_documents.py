"""Index stage: one search document per published item, handed to the search index writer.

Drafts are not in the Archive and redacted text was cut out at parse time, so neither can reach
the index from here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from generator.model import Archive, Meeting


def search_documents(archive: Archive, meetings: Iterable[Meeting] | None = None) -> Iterator["SearchDocument"]:  # noqa: F821
    """The search documents of the archive's meetings, or of `meetings` only (the changed ones,
    for generator.search.update_search_index)."""
    from generator.search import SearchDocument

    for meeting in archive.meetings if meetings is None else meetings:
        body = archive.body(meeting.body_slug)
        body_name = f"{body.name}, {body.organisation}"
        for item, text in zip(meeting.items, meeting.plain_texts):
            yield SearchDocument(
                ref=f"{meeting.ref}#{item.anchor}", url=f"{meeting.url}#{item.anchor}", body=body.slug,
                body_name=body_name, date=meeting.date.isoformat(), status=meeting.status,
                item_number=item.number, title=item.title, text=text,
            )


def write_index(archive: Archive, out_dir: Path, previous: Path | None = None,
                reuse: Callable[[str], bool] | None = None, cache_dir: Path | None = None) -> list[Path]:
    """Write the index; with `previous` (the last build's search/ folder) and `reuse`
    (StagedOutput.reuse), files that would not change are hard-linked instead (see
    generator.search.write_search_index); `cache_dir` keeps the text analysis for the next
    build. Returns the paths written, not those reused."""
    try:
        from generator.search import write_search_index
    except ImportError:  # the search package is optional while it is being built
        return []
    return write_search_index(search_documents(archive), out_dir, previous=previous, reuse=reuse,
                              cache_dir=cache_dir)


def update_index(documents: list["SearchDocument"], output: Path, staging: Path,  # noqa: F821
                 cache_dir: Path | None):
    """Patch the last build's index (output/search/) for the changed meetings' `documents`:
    the changed files go under staging/search/, and the result says which were written and which
    must be removed; None when the index cannot be patched (then the full index is written)."""
    try:
        from generator.search import update_search_index
    except ImportError:
        return None
    return update_search_index(documents, output / "search", staging, cache_dir)
