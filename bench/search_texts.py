"""The archive as `minutes check` models it, with the search texts a build gives its items.

`check` parses meetings without their HTML or search texts (build_meeting's html=False), so its
archive gives no search documents; the search benchmarks parse each of its meetings again as a
build does. Without this, bench/search_quality.py judged no item relevant (every query scored
1.00) and bench/search_update_bench.py indexed no document.
"""

from __future__ import annotations

from dataclasses import replace

from generator.build.pipeline import check
from generator.load.config import SiteConfig
from generator.load.languages import body_language
from generator.load.sources import read_source
from generator.load.validate import validate_meeting
from generator.model.assemble import build_meeting
from generator.model.domain import Archive
from generator.search import SearchDocument
from generator.search.documents import SearchPayload, search_documents


def documents_with_texts(config: SiteConfig) -> list[SearchDocument]:
    """Every published item's search document, with its text."""
    archive, payloads = archive_with_texts(config)
    return list(search_documents(archive, payloads, config=config))


def archive_with_texts(config: SiteConfig) -> tuple[Archive, dict[str, SearchPayload]]:
    """check's archive with each meeting as a build parses it, and its search payload (its
    items' plain texts) by source path."""
    archive = check(config).archive
    meetings = []
    payloads: dict[str, SearchPayload] = {}
    for meeting in archive.meetings:
        rel = meeting.location.path
        folder = rel.split("/")[-2]
        source, _ = read_source(config.project_dir / rel, rel, "meeting", folder)
        if source is None:
            raise SystemExit(f"{rel}: cannot be read")
        header, _ = validate_meeting(replace(source, language=body_language(config, folder)))
        if header is None:
            raise SystemExit(f"{rel}: its front matter has errors")
        parsed = build_meeting(replace(source, language=body_language(config, folder)), header, config.paths)
        meetings.append(parsed.meeting)
        payloads[rel] = SearchPayload(parsed.plain_texts)
    return replace(archive, meetings=tuple(meetings)), payloads
