"""Index stage: one search document per published item, handed to the search index writer.

Drafts are not in the Archive and redacted text was cut out at parse time, so neither can reach
the index from here. The items' texts are not in the domain model: each meeting's SearchPayload,
made by the worker that parsed it (search_payload), comes beside the archive, by the meeting's
file (its location's path).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.common.compact import pickled_by_fields
from generator.load.config import SiteConfig
from generator.model.domain import Archive, Meeting

if TYPE_CHECKING:
    from generator.search import SearchDocument
    from generator.search.prepared import MeetingSearch


@pickled_by_fields
@dataclass(frozen=True, slots=True)
class SearchPayload:
    """What the index reads of one meeting besides its model: its items' plain texts, or, once
    a worker prepared them, their analysis and chunks (`prepared`) and no text."""

    plain_texts: tuple[str, ...] = ()
    prepared: MeetingSearch | None = None


_NO_PAYLOAD = SearchPayload()


def search_documents(archive: Archive, payloads: Mapping[str, SearchPayload], meetings: Iterable[Meeting] | None = None,
                     config: SiteConfig | None = None) -> Iterator[SearchDocument]:
    """The search documents of the archive's meetings, or of `meetings` only (the changed ones,
    for generator.search.update_search_index), each from its payload in `payloads` (by the
    meeting's file; a meeting without one has no documents, as in `minutes check`'s archive). A
    prepared payload gives PreparedDocuments, which write_index takes too (the same index).
    `config` gives the content language of bodies that name none (no config: Swedish)."""
    from generator.search.prepared import prepared_documents

    for meeting in archive.meetings if meetings is None else meetings:
        body = archive.body(meeting.body_slug)
        language = _language(body, config)
        payload = payloads.get(meeting.location.path, _NO_PAYLOAD)
        if payload.prepared is None:
            yield from _documents(meeting, f"{body.name}, {body.organisation}", payload.plain_texts, language)
        else:
            documents = list(_documents(meeting, f"{body.name}, {body.organisation}", ("",) * len(meeting.items),
                                        language))
            yield from prepared_documents(documents, payload.prepared)


def _language(body, config: SiteConfig | None) -> str:
    from generator.search.languages import body_language

    return body_language(body, config.content_language if config is not None else "sv")


def _documents(meeting: Meeting, body_name: str, texts: Iterable[str], language: str = "sv") -> Iterator[SearchDocument]:
    from generator.search import SearchDocument

    for item, text in zip(meeting.items, texts):
        yield SearchDocument(
            ref=f"{meeting.ref}#{item.anchor}", url=f"{meeting.url}#{item.anchor}", body=meeting.body_slug,
            body_name=body_name, date=meeting.date.isoformat(), status=meeting.status,
            item_number=item.number, title=item.title, text=text, language=language,
        )


_body_numbers: tuple[Archive | None, dict[str, int]] = (None, {})


def search_payload(meeting: Meeting, plain_texts: tuple[str, ...], headers: Archive,
                   config: SiteConfig | None = None) -> SearchPayload:
    """The meeting's search documents analysed and their chunks encoded
    (generator.search.prepared), in place of its items' `plain_texts`: called by the worker that
    parsed it, so that the text does not travel to the index stage. `headers` is the archive of
    the build's meeting headers: the bodies with published meetings are, but for a body whose
    meetings have no items, the bodies the index numbers (the writer checks)."""
    global _body_numbers
    try:
        from generator.search.prepared import prepare_meeting
        from generator.search.writer import CHUNK_DOCUMENTS
    except ImportError:  # the search package is optional while it is being built
        return SearchPayload(plain_texts)
    if _body_numbers[0] is not headers:
        slugs = sorted({m.body_slug for m in headers.meetings})
        _body_numbers = (headers, {slug: number for number, slug in enumerate(slugs)})
    number = _body_numbers[1].get(meeting.body_slug, 0)
    documents = list(_documents(meeting, "", plain_texts, _language(headers.body(meeting.body_slug), config)))
    return SearchPayload(prepared=prepare_meeting(documents, number, CHUNK_DOCUMENTS))


def write_index(archive: Archive, payloads: Mapping[str, SearchPayload], out_dir: Path, previous: Path | None = None,
                reuse: Callable[[str], bool] | None = None, cache_dir: Path | None = None,
                config: SiteConfig | None = None) -> list[Path]:
    """Write the index of the archive's meetings and their `payloads` (by file); with `previous`
    (the last build's search/ folder) and `reuse` (StagedOutput.reuse), files that would not
    change are hard-linked instead (see generator.search.write_search_index); `cache_dir` keeps
    the text analysis for the next build. Returns the paths written, not those reused."""
    try:
        from generator.search import write_search_index
    except ImportError:  # the search package is optional while it is being built
        return []
    return write_search_index(search_documents(archive, payloads, config=config), out_dir, previous=previous,
                              reuse=reuse, cache_dir=cache_dir)


def update_index(documents: list[SearchDocument], output: Path, staging: Path, cache_dir: Path | None):
    """Patch the last build's index (output/search/) for the changed meetings' `documents`:
    the changed files go under staging/search/, and the result says which were written and which
    must be removed; None when the index cannot be patched (then the full index is written)."""
    try:
        from generator.search import update_search_index
    except ImportError:
        return None
    return update_search_index(documents, output / "search", staging, cache_dir)
