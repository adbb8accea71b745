"""Every cache key of the build, each written once: a page, a page group, the search index and a
meeting's parse are redone exactly when their key changes, and reused when it does not.

Keys hash inputs, never outputs, so each is known before the work it names is done. The render
fingerprint (cache.render_fingerprint) holds code, templates and config but not the build date,
which is keyed where it shows.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence

from generator.common.hashing import digest
from generator.model.domain import Archive, Meeting


def parse_key(code: str, blob: str, rel: str, language: str, anchor_words: tuple[str, str]) -> str:
    """A meeting parsed: its file's bytes and path, the language its keywords are read in, the
    words of its items' anchors (the site's interface language), and the generator's code."""
    return digest(code, blob, rel, language, anchor_words)


def page_key(render: str, parse: str, page_inputs: tuple) -> str:
    """A meeting's page: its parse, the templates and config, and what the page shows from other
    files (SiteRenderer.meeting_page_inputs)."""
    return digest(render, parse, page_inputs)


_LINE_NUMBERS = re.compile(r"line=\d+")


def light_key(light: Meeting) -> str:
    """What lists, registers and feeds can show of a meeting (its search text is not part of a
    Meeting), but not the line numbers its objects carry for error messages: an edit that only
    shifts lines must not re-render every register. Hashed as it is: digest() would copy and
    escape the whole repr once more."""
    text = _LINE_NUMBERS.sub("line=", repr(light))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def archive_key(render: str, light_keys: list[str], archive: Archive) -> str:
    """What every page group reads: the meetings as other pages show them (their light keys, in
    the order of their paths), the bodies and the people. Not the build date: a group that shows
    something of it (past-due actions, the notice board, appeal badges) keys what it shows in its
    inputs (SiteRenderer.producer_inputs), so that a new day re-renders those groups alone."""
    return digest(render, light_keys, archive.bodies, archive.people)


def group_key(archive: str, inputs: object) -> str:
    """A page group: the archive key and what the group reads besides (SiteRenderer.producer_inputs)."""
    return digest(archive, inputs)


def search_key(code: str, meetings: Sequence[tuple[str, str, str]], bodies: Sequence[tuple[str, str, str]],
               parse_keys: Mapping[str, str]) -> str:
    """The index depends on every published meeting. A meeting's search documents follow from
    its file and the generator's code, which its parse key already hashes, so the key is made of
    parse keys, not of the texts themselves: it is known before any meeting is parsed.
    `meetings` and `bodies` are search_inputs' (also kept in the ledger)."""
    return digest(code, [(ref, status, parse_keys[rel]) for rel, ref, status in meetings], list(bodies))


def search_inputs(header_archive: Archive) -> tuple[tuple[tuple[str, str, str], ...], tuple[tuple[str, str, str], ...]]:
    """What search_key reads of the archive: (rel, ref, status) of each published meeting in the
    archive's order, and each body's (slug, name, organisation)."""
    return (tuple((m.location.path, m.ref, m.status) for m in header_archive.meetings),
            tuple((b.slug, b.name, b.organisation) for b in header_archive.bodies))


def headers_key(code: str, body_headers: list[tuple[str, str]]) -> str:
    """A body's meeting headers in the ledger: their paths and light keys."""
    return digest(code, body_headers)
