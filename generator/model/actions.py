"""Which column of an action table is which: the header row read by name, in any order, with
spelling slips recognised, so that an action is never silently left out of the registers.

    | Åtgärd | Slutdatum | Ansvarig | Klar |      the columns in Swedish; Klar may be left out
    | Action | Due | Responsible | Done |          in English

The words come from the content language's vocabulary (generator/vocabularies/).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from generator.load.vocabulary import Vocabulary, normalise

MAIN_COLUMNS = ("action", "due", "responsible")
SLIP_CUTOFF = 0.75  # difflib ratio: 'Slutdaum', 'Ansvarg', 'Åtgärdd' (and not 'Datum', 'Vem')


@dataclass(frozen=True)
class ActionHeader:
    """An action table's header: the cell of each column, and what in it was not as expected."""

    columns: dict[str, int]  # column -> index of its cell
    slips: tuple[tuple[str, str], ...] = ()  # (as written, the title meant), read as that column
    unknown: tuple[str, ...] = ()  # header cells that name no column: their cells are not published

    def cell(self, texts: list[str], column: str) -> str:
        index = self.columns.get(column)
        return texts[index] if index is not None and index < len(texts) else ""


@dataclass(frozen=True)
class NotActions:
    """A table that starts like an action table but is not read as one (it stays a plain table)."""

    unknown: tuple[str, ...]


def column_title(words: Vocabulary, column: str) -> str:
    """A column's header as hints write it: 'Slutdatum', 'Due'."""
    return words.word("action_columns", column).capitalize()


def read_action_header(cells: list[str], words: Vocabulary) -> ActionHeader | NotActions | None:
    """The action columns of a table's header row; None for a table that is no action table.

    A table is an action table when two of the action, due-date and responsible columns (Åtgärd,
    Slutdatum, Ansvarig) head its columns, written right or one slip off; one that only starts with
    the action column is reported as NotActions."""
    column_words = words.terms["action_columns"]
    columns: dict[str, int] = {}
    slips: list[tuple[str, str]] = []
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        word = normalise(cell)
        column = column_words.get(word)
        if column is None and word:
            close = difflib.get_close_matches(word, list(column_words), n=1, cutoff=SLIP_CUTOFF)
            if close and column_words[close[0]] not in columns:
                column = column_words[close[0]]
                slips.append((cell.strip(), column_title(words, column)))
        if column is None or column in columns:
            unknown.append(cell.strip())
            continue
        columns[column] = index
    found = [c for c in MAIN_COLUMNS if c in columns]
    if len(found) >= 2:
        return ActionHeader(columns, tuple(slips), tuple(unknown))
    if columns.get("action") == 0 and len(cells) > 1:
        return NotActions(tuple(unknown))
    return None


def expected_header(words: Vocabulary) -> str:
    return "| " + " | ".join(column_title(words, c) for c in (*MAIN_COLUMNS, "done")) + " |"
