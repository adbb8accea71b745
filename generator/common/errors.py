"""Problems found in content, and the one place that formats them for editors."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from generator.common.compact import pickled_by_fields


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@pickled_by_fields
@dataclass(frozen=True, order=True, slots=True)
class SourceLocation:
    """A place in a content file; `line` is 1-based, or None when the whole file is meant."""

    path: str
    line: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


@pickled_by_fields
@dataclass(frozen=True, order=True, slots=True)
class Problem:
    location: SourceLocation
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self) -> str:
        label = "" if self.is_error else "warning: "
        text = f"{self.location}: {label}{self.message}"
        if self.hint:
            text += f" {self.hint}"
        return text


def error(path: str | Path, line: int | None, message: str, hint: str = "") -> Problem:
    return Problem(SourceLocation(str(path), line), message, hint, Severity.ERROR)


def warning(path: str | Path, line: int | None, message: str, hint: str = "") -> Problem:
    return Problem(SourceLocation(str(path), line), message, hint, Severity.WARNING)


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """A hint naming the closest known word, or the whole list when nothing is close."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"Did you mean '{close[0]}'?"
    return "Known values: " + ", ".join(f"'{c}'" for c in choices) + "."


class BuildFailed(Exception):
    """Raised when content has errors; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(f"{sum(p.is_error for p in problems)} error(s)")


class InternalError(Exception):
    """An unexpected failure of the generator itself while making `where` (a content file or a
    page): reported as a bug to report, never as a traceback."""

    def __init__(self, where: str, detail: str):
        super().__init__(where, detail)
        self.where = where
        self.detail = detail

    def __str__(self) -> str:
        return (f"internal error while making {self.where}: {self.detail}. This is a bug in minutes, not in "
                "your content; please report it with that file.")


def summarise(problems: list[Problem]) -> str:
    errors = [p for p in problems if p.is_error]
    files = {p.location.path for p in errors}
    return f"{len(errors)} error{'s' if len(errors) != 1 else ''} in {len(files)} file{'s' if len(files) != 1 else ''}"
