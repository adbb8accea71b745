"""URLs and identifiers for the files of publish/: relative without a base URL, absolute with one."""

from __future__ import annotations

import posixpath
import uuid
from typing import Any

from generator.common import paths
from generator.load.config import SiteConfig
from generator.model.domain import Meeting


def link(config: SiteConfig, target: str, from_path: str) -> str:
    """A link from the file at `from_path` to `target` (both relative to the site root; the
    target may carry a #fragment)."""
    if config.base_url:
        return config.base_url + target
    path, hash_, fragment = target.partition("#")
    return posixpath.relpath(path, posixpath.dirname(from_path) or ".") + hash_ + fragment


def absolute(config: SiteConfig, target: str) -> str:
    """The absolute URL of `target`; '' when the site has no base URL."""
    return config.base_url + target if config.base_url else ""


def stable_id(config: SiteConfig, key: str) -> str:
    """A URN that stays the same from build to build (feed entry ids, calendar UIDs).

    Derived from the base URL (or the site title when there is none) and a key such as
    'meeting:<body>/<slug>'; set base_url before announcing feeds, since it is part of every id.
    """
    site = config.base_url or f"minutes:{config.title}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, site + '#' + key)}"


def heading(meeting: Meeting, text: dict[str, Any]) -> str:
    """The meeting's own title, or 'Protokoll 2015-06-12' (as on its page)."""
    return meeting.title or f"{text['kinds'].get(meeting.kind, meeting.kind)} {meeting.date.isoformat()}"


def full_title(meeting: Meeting, body_name: str, text: dict[str, Any]) -> str:
    """'Kommunchefsgruppen: Protokoll 2017-08-17'; a title that names the body stands alone."""
    own = heading(meeting, text)
    return own if meeting.title and body_name.lower() in own.lower() else f"{body_name}: {own}"


def json_url(meeting: Meeting) -> str:
    return paths.meeting_json(meeting.body_slug, meeting.slug)
