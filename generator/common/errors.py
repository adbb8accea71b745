"""Problems found in content, and the one place that formats them for editors."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from sys import intern

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


@dataclass(frozen=True, order=True, slots=True)
class Problem:
    location: SourceLocation
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return _unpickled_problem, (self.location.path, self.location.line, self.message, self.hint, self.is_error)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def format(self, language: str = "en") -> str:
        """'file:line: message. hint', in `language` (common.messages); English by default."""
        if language == "en":
            label, message, hint = ("" if self.is_error else "warning: "), self.message, self.hint
        else:
            from generator.common.messages import cli_text, translate

            label = "" if self.is_error else cli_text("warning_label", language) + " "
            message, hint = translate(self.message, language), translate(self.hint, language)
        text = f"{self.location}: {label}{message}"
        if hint:
            text += f" {hint}"
        return text


def _unpickled_problem(path: str, line: int | None, message: str, hint: str, is_error: bool) -> Problem:
    """A problem as pickle rebuilds it, its strings interned: the problems that share a message
    (a near-miss name warned at each of hundreds of meetings, 22,000 problems in the ledger of a
    10,000-meeting archive) then share its string, which pickle writes once (it keeps objects,
    not values, apart). The ledger of the uniform bench archive went from 10.1 to 6.0 MB, and
    loading it, in every build, from 0.22 to 0.15 CPU-s. No enum lookup either."""
    return Problem(SourceLocation(intern(path), line), intern(message), intern(hint),
                   Severity.ERROR if is_error else Severity.WARNING)


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


PLACES_LISTED = 5  # places named on the line that stands for a repeated warning's other places


def format_problems(problems: list[Problem], language: str = "en", every_place: bool = False) -> list[str]:
    """The lines an editor reads for `problems`, in their order. Every error has its own line.
    A warning that is the same at several places (a near-miss name written at every meeting of a
    year) has one line at its first place and one that names the first few others and how many
    more there are: thousands of identical lines would hide the one that matters. `every_place`
    gives every warning its own line."""
    from generator.common.messages import cli_text, count

    if every_place:
        return [problem.format(language) for problem in problems]
    repeats: dict[tuple[str, str], list[Problem]] = {}
    for problem in problems:
        if not problem.is_error:
            repeats.setdefault((problem.message, problem.hint), []).append(problem)
    lines: list[str] = []
    for problem in problems:
        same = repeats.get((problem.message, problem.hint)) if not problem.is_error else None
        if same is None:
            lines.append(problem.format(language))
        elif same[0] is problem:
            lines.append(problem.format(language))
            others = same[1:]
            if others:
                where = ", ".join(str(p.location) for p in others[:PLACES_LISTED])
                more = len(others) - PLACES_LISTED
                lines.append(cli_text("same_elsewhere", language, places=count("more_places", len(others), language),
                                      where=where + (cli_text("and_more", language, n=str(more)) if more > 0 else "")))
    return lines


def summarise(problems: list[Problem], language: str = "en") -> str:
    """'3 errors in 2 files', with the plural forms of `language`."""
    from generator.common.messages import cli_text, count

    errors = [p for p in problems if p.is_error]
    files = {p.location.path for p in errors}
    return cli_text("errors_in_files", language, errors=count("errors", len(errors), language),
                    files=count("files", len(files), language))
