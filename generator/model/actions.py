"""Which column of an action table is which: the header row read by name, in any order, with
spelling slips recognised, so that an action is never silently left out of the registers.

    | Åtgärd | Slutdatum | Ansvarig | Klar |      the columns; Klar may be left out
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

# The header words (lower case, colon stripped) and the column each names.
COLUMN_WORDS = {
    "åtgärd": "action",
    "åtgärder": "action",
    "slutdatum": "due",
    "ansvarig": "responsible",
    "ansvariga": "responsible",
    "klar": "done",
}
COLUMN_TITLES = {"action": "Åtgärd", "due": "Slutdatum", "responsible": "Ansvarig", "done": "Klar"}
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


def _word(cell: str) -> str:
    return cell.strip().lower().rstrip(":").strip()


def read_action_header(cells: list[str]) -> ActionHeader | NotActions | None:
    """The action columns of a table's header row; None for a table that is no action table.

    A table is an action table when two of Åtgärd, Slutdatum and Ansvarig head its columns,
    written right or one slip off; one that only starts with Åtgärd is reported as NotActions."""
    columns: dict[str, int] = {}
    slips: list[tuple[str, str]] = []
    unknown: list[str] = []
    for index, cell in enumerate(cells):
        word = _word(cell)
        column = COLUMN_WORDS.get(word)
        if column is None and word:
            close = difflib.get_close_matches(word, list(COLUMN_WORDS), n=1, cutoff=SLIP_CUTOFF)
            if close and COLUMN_WORDS[close[0]] not in columns:
                column = COLUMN_WORDS[close[0]]
                slips.append((cell.strip(), COLUMN_TITLES[column]))
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


def expected_header() -> str:
    return "| " + " | ".join(COLUMN_TITLES[c] for c in (*MAIN_COLUMNS, "done")) + " |"
