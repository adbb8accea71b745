"""Full-text search of the archive that runs in the browser: the build-time half.

The build hands in one SearchDocument per published item; write_search_index writes a lunr index
split by term under output/search/, which assets/search/ queries with lunr.js, loading only the
shards of the query's terms. docs/search.md explains the design.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SearchDocument:
    ref: str  # unique id, e.g. "umearegionen-kc/2017-08-17#punkt-6-2"
    url: str  # relative to the site root, e.g. "umearegionen-kc/2017-08-17.html#punkt-6-2"
    body: str  # body slug, e.g. "umearegionen-kc"
    body_name: str  # e.g. "Kommunchefsgruppen, Umeåregionen"
    date: str  # "YYYY-MM-DD"
    status: str  # "ojusterat" | "justerat" (drafts are never passed in)
    item_number: str  # "6.2", "§ 18", or "" for unnumbered
    title: str  # item title
    text: str  # plain text of the item (redacted text already removed by the caller)
    language: str = "sv"  # the content language its text is analysed in (pipeline.LANGUAGES)


def write_search_index(documents: Iterable[SearchDocument], out_dir: Path, previous: Path | None = None,
                       reuse: Callable[[str], bool] | None = None, cache_dir: Path | None = None) -> list[Path]:
    """Write the search index files under out_dir/'search'/ and return the paths written.

    Optional, for rebuilds: `previous` is the last build's search/ folder and `reuse(path)`
    hard-links one file (a path relative to the site root, e.g. "search/docs/7.json.gz") from
    the last build into the new one, returning False if it cannot (StagedOutput.reuse does
    exactly this). Files whose bytes would not change are then reused, not written; they are
    not in the returned list (the caller's `reuse` saw them). The output is the same bytes.

    `cache_dir` (the build cache's folder; None: no cache) keeps each block of documents' text
    analysis under cache_dir/'search'/, so a rebuild analyses only the blocks whose documents
    changed. Again the output is the same bytes.
    """
    from generator.search.writer import write_index

    return write_index(documents, out_dir, previous=previous, reuse=reuse, cache_dir=cache_dir)


@dataclass
class IndexDelta:
    """What an incremental update changed: site-relative paths ("search/...") of the files it
    wrote under the staging folder, and of the previous build's files that must disappear."""

    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


def update_search_index(changed: Sequence[SearchDocument], previous: Path, staging: Path,
                        cache_dir: Path | None) -> IndexDelta | None:
    """Update the last build's index for the meetings whose documents are `changed` (every new
    document of each changed meeting) without rebuilding it.

    `previous` is the last build's search/ folder (complete and consistent) and `cache_dir` the
    build cache's folder that build used (it keeps the digests of the index files). Files that
    change are written under staging/'search'/; the previous files with the delta applied are
    byte for byte what write_search_index writes for the whole new set of documents. Returns
    None, having written nothing that matters, when the change cannot be applied this way (a
    meeting gained or lost items or moved, the cache does not describe `previous`, ...): the
    caller then writes the whole index. generator.search.incremental explains how.
    """
    from generator.search.incremental import update_search_index as update

    return update(changed, previous, staging, cache_dir)


__all__ = ["IndexDelta", "SearchDocument", "update_search_index", "write_search_index"]
