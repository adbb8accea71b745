"""The build, top to bottom: load, validate, model, render, index, write.

Everything is read and checked before anything is written; content errors raise BuildFailed and
leave output/ as it was.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from generator.assemble import assemble, build_meeting
from generator.config import SiteConfig
from generator.errors import BuildFailed, Problem
from generator.model import Archive, Meeting
from generator.render import render_site
from generator.search_documents import write_index
from generator.sources import load_sources
from generator.validate import validate
from generator.write import write_site


@dataclass
class BuildReport:
    problems: list[Problem]
    archive: Archive | None = None
    files_written: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    def summary(self) -> str:
        stages = ", ".join(f"{name} {seconds:.2f}s" for name, seconds in self.timings.items())
        archive = self.archive
        counts = (f"{_plural(len(archive.meetings), 'meeting')}, {_plural(len(archive.bodies), 'body', 'bodies')}"
                  if archive else "nothing")
        return f"{counts}; {self.files_written} files written ({stages})"


def _plural(count: int, one: str, many: str = "") -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


@contextmanager
def _timed(report: BuildReport, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    yield
    report.timings[stage] = report.timings.get(stage, 0.0) + time.perf_counter() - start


def check(config: SiteConfig) -> BuildReport:
    """Load, validate and model the content; write nothing."""
    report = BuildReport(problems=[])
    with _timed(report, "load"):
        sources, problems = load_sources(config.content_path, config.project_dir)
        report.problems.extend(problems)
    with _timed(report, "validate"):
        report.problems.extend(validate(sources))
    broken = {p.location.path for p in report.problems if p.is_error}
    with _timed(report, "model"):
        meetings: list[Meeting] = []
        for source in sources:
            if source.kind == "meeting" and source.rel not in broken:
                meeting, problems = build_meeting(source)
                meetings.append(meeting)
                report.problems.extend(problems)
        if not report.errors:
            report.archive = assemble([s for s in sources if s.rel not in broken], meetings)
    report.problems.sort()
    return report


def build(config: SiteConfig) -> BuildReport:
    report = check(config)
    if report.errors or report.archive is None:
        raise BuildFailed(report.problems)
    archive = report.archive
    with _timed(report, "render+write"):
        report.files_written = write_site(
            render_site(archive, config), config.output_path,
            extra=[lambda staging: write_index(archive, staging)],
        )
    return report


def build_project(project_dir: Path) -> BuildReport:
    from generator.config import load_config

    return build(load_config(project_dir))
