"""What `minutes check` reports for the registers."""

from __future__ import annotations

from generator.render.attachments import attachment_problems
from generator.load.config import SiteConfig
from generator.common.errors import Problem, error
from generator.model.domain import Archive


def register_problems(archive: Archive, config: SiteConfig) -> list[Problem]:
    """What `minutes check` reports for the registers: attachments, and body folders that would
    collide with the registers' own folders (near-miss names: people.near_misses)."""
    problems: list[Problem] = []
    problems.extend(attachment_problems(archive, config))
    for body in archive.bodies:
        if body.slug in config.paths.reserved_folders():
            problems.append(error(body.location.path, None,
                                  f"the folder name '{body.slug}' is taken by the site's own pages.",
                                  "Rename the body's folder, e.g. to '<organisation>-" + body.slug + "'."))
    return problems
