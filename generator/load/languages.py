"""Which content language each file is written in: the body's `language:` (in _body.md) when it
has one, otherwise the site's `content_language`. Its keywords are read in that language."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from generator.load.config import SiteConfig
from generator.load.sources import BODY_FILE, SourceFile, split_front_matter
from generator.load.vocabulary import available_vocabularies
from generator.load.yamlfile import parse_yaml


def _known(language: object, fallback: str) -> str:
    # An unknown language is reported by validate (body) or load_config (site); meanwhile the
    # file is read in the site's language, so one mistake gives one message.
    return language if isinstance(language, str) and language in available_vocabularies() else fallback


def folder_languages(sources: list[SourceFile], config: SiteConfig) -> tuple[dict[str, str], str]:
    """Each body folder's content language (of the bodies among `sources`), and the site's: the
    language of the files in any other folder."""
    site = _known(config.content_language, "sv")
    return {s.folder: _known(s.data.get("language"), site) for s in sources if s.kind == "body"}, site


def with_languages(sources: list[SourceFile], config: SiteConfig) -> list[SourceFile]:
    bodies, site = folder_languages(sources, config)
    return [replace(s, language=bodies.get(s.folder, site)) if s.kind in ("meeting", "body") else s
            for s in sources]


def body_language(config: SiteConfig, folder: str) -> str:
    """One body's content language, read from its _body.md (for a build that reads one meeting)."""
    site = _known(config.content_language, "sv")
    path = Path(config.content_path) / folder / BODY_FILE
    try:
        yaml_text, _, _ = split_front_matter(path.read_text(encoding="utf-8-sig"))
        data = parse_yaml(yaml_text or "").data
    except Exception:  # noqa: BLE001 - the full build reports a broken body file
        return site
    return _known(data.get("language") if isinstance(data, dict) else None, site)
