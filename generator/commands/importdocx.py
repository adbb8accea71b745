"""`minutes import FILE.docx [--body B]`: minutes written in Word become a draft meeting file.

python-docx reads the document as Word holds it: paragraphs with their styles, runs with bold and
italics, Word's own numbering, and tables. The importer walks them in order and places what it
recognises in the shapes secretaries use:

- the head of the minutes: `Dag`/`Datum`, `Tid`, `Plats`, `Tid och plats` (dates as 2013-05-15,
  "21 oktober 2024" or 150612; times as 08.30-11.00 or "kl 13.00 - 14.40");
- participants by role from label paragraphs or tables (Beslutande, Ledamöter, Närvarande,
  Deltagare, Ersättare, Övriga deltagande, Inbjudna gäster, Anmält förhinder, Justerare), a
  person per line, per tab or per table row, written "Name, Organisation[, role]";
- items from heading styles, bold lines or manual numbers ("4. Budget", "6.2 ...", "§ 18 ..."),
  taken as items while their numbers run on (so a numbered list inside an item stays a list);
- the sections of an item (Beslut, Ärendebeskrivning, Bakgrund, Synpunkter, Åtgärder) and its
  Föredragande and Bilagor lines;
- action tables (Word tables or tab-separated lines headed Åtgärd/Slutdatum/Ansvarig), an action
  repeated for each responsible person merged into one row; other tables as Markdown tables.

The file is written as a draft (status: utkast) in the body's folder and never overwrites one.
Every paragraph it could not place (a table of contents, a signature line, text before the first
item that is none of the head's fields) is reported with the paragraph's number and text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from generator.common.slugs import slugify
from generator.load.config import SiteConfig
from generator.load.sources import BODY_FILE
from generator.load.validate import parse_time
from generator.load.vocabulary import ROLES, normalise, vocabulary
from generator.model.actions import ActionHeader, read_action_header
from generator.model.people import looks_like_name

MONTHS = {name: number for number, name in enumerate(
    ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
     "november", "december"), start=1)}
# Participant list labels (lower case, colon stripped) and the role or state they give.
PARTICIPANT_LABELS = {
    "beslutande": "ledamot", "ledamöter": "ledamot", "närvarande": "", "deltagare": "",
    "närvarande ledamöter": "ledamot", "tjänstgörande ersättare": "ersättare", "ersättare": "ersättare",
    "övriga deltagande": "övrig deltagare", "övriga deltagare": "övrig deltagare", "övriga närvarande": "övrig deltagare",
    "övriga": "övrig deltagare", "inbjudna gäster": "gäst", "inbjudna": "gäst", "gäster": "gäst",
    "anmält förhinder": "absent", "frånvarande": "absent", "justerare": "justerare", "sekreterare": "sekreterare",
}
APPROVAL_LABELS = ("justeras av", "justeras", "underskrifter", "vid tangenterna", "justeringens tid och plats",
                   "paragrafer")
DATE_LABELS = ("dag", "datum", "sammanträdesdatum", "mötesdatum")
TIME_LABELS = ("tid",)
PLACE_LABELS = ("plats", "lokal")
TIME_PLACE_LABELS = ("tid och plats", "tid/plats", "tid / plats", "datum och tid", "tid och lokal")
HEAD_LABELS = (*DATE_LABELS, *TIME_LABELS, *PLACE_LABELS, *TIME_PLACE_LABELS)
WORDS = vocabulary("sv")  # the labels below are Swedish: Word minutes of this archive's bodies
KNOWN_LABELS = tuple(sorted((*HEAD_LABELS, *PARTICIPANT_LABELS, *APPROVAL_LABELS), key=len, reverse=True))
ITEM_FIELD_LINE = re.compile(r"^(Föredragande|Bilagor|Bilaga|Ärendetyp)\s*:\s*(.*)$", re.S | re.I)
TOC_TITLES = ("innehållsförteckning", "innehåll", "dagordning", "föredragningslista")

_LABEL = re.compile(r"^\s*(?P<label>[A-ZÅÄÖa-zåäö][\wåäöÅÄÖ /]{1,40}?)\s*(?::\s*|\t+\s*|\s{2,})(?P<rest>.*)$", re.S)
_ITEM = re.compile(r"^\s*(?P<number>§\s*\d+|\d{1,2}(?:\.\d{1,2})*)\.?\s+(?P<title>\S.*)$", re.S)
_TOC_LINE = re.compile(r"(\.{3,}|…)\s*\d*\s*$|\t\s*\d+\s*$")
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WORD_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(MONTHS) + r")\s+(\d{4})\b", re.I)
_SHORT_DATE = re.compile(r"^\s*(\d{2})(\d{2})(\d{2})\b")
_TIME_RANGE = re.compile(r"(?:kl\.?\s*)?\b(\d{1,2}[.:]\d{2})\s*(?:-|–|till)\s*(\d{1,2}[.:]\d{2})\b")
_ROLE_NOTE = re.compile(r"\s*\((?P<note>[^)]*)\)\s*")


class ImportError_(Exception):
    """The document cannot be imported (not a .docx, no body, no date, the file exists)."""


@dataclass
class Block:
    """A paragraph or a table of the document, in reading order."""

    number: int  # 1-based, counting paragraphs and tables, for the report
    text: str  # plain text (tables: the rows' cells joined by tabs)
    markdown: str  # the text with bold and italics as Markdown
    style: str = ""
    bold: bool = False  # every letter of it is bold
    numbered: bool = False  # Word's own numbering (a list, or a numbered heading)
    heading_level: int = 0  # from a "Heading N" / "Rubrik N" style
    rows: list[list[str]] | None = None  # a table's cells (Markdown), header row first


@dataclass
class Person:
    name: str
    organisation: str = ""
    role: str = ""
    note: str = ""
    absent: bool = False

    def front_matter(self) -> dict:
        data: dict = {"name": self.name}
        if self.organisation:
            data["organisation"] = self.organisation
        if self.role:
            data["role"] = self.role
        if self.note:
            data["note"] = self.note
        if self.absent:
            data["absent"] = True
        return data


@dataclass
class ImportResult:
    path: Path
    unplaced: list[str] = field(default_factory=list)  # "paragraph 12: 'text' (why)"


# ---- reading the document ----------------------------------------------------------------------

def _run_markdown(text: str, bold: bool, italic: bool) -> str:
    if not text.strip() or not (bold or italic):
        return text
    lead, core, trail = re.match(r"^(\s*)(.*?)(\s*)$", text, re.S).groups()  # type: ignore[union-attr]
    mark = "**" if bold and not italic else "*" if italic and not bold else "***"
    return f"{lead}{mark}{core}{mark}{trail}"


def _paragraph_block(paragraph, number: int) -> Block:
    runs = [run for run in paragraph.runs if run.text]
    text = "".join(run.text for run in runs)
    style = paragraph.style.name if paragraph.style is not None else ""
    style_bold = bool(paragraph.style is not None and paragraph.style.font.bold)
    bold = bool(text.strip()) and all((run.bold if run.bold is not None else style_bold) or not run.text.strip()
                                      for run in runs)
    level = 0
    found = re.match(r"^(?:Heading|Rubrik)\s*(\d)$", style)
    if found:
        level = int(found.group(1))
    elif style == "Title":
        level = 1
    ppr = paragraph._p.pPr
    numbered = ppr is not None and ppr.numPr is not None
    if bold or level:
        markdown = text  # a heading's or a bold line's text carries no marks of its own
    else:
        markdown = "".join(_run_markdown(run.text, bool(run.bold), bool(run.italic)) for run in runs)
    return Block(number, text, markdown, style, bold, numbered or "List" in style, level)


def _table_block(table, number: int) -> Block:
    rows = []
    for row in table.rows:
        cells = []
        previous = None
        for cell in row.cells:
            if cell._tc is previous:  # a merged cell is repeated by python-docx
                continue
            previous = cell._tc
            cells.append(" ".join(p.text.strip() for p in cell.paragraphs if p.text.strip()))
        rows.append(cells)
    text = "\n".join("\t".join(cells) for cells in rows)
    return Block(number, text, text, rows=rows)


def read_blocks(path: Path) -> list[Block]:
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table
        from docx.text.paragraph import Paragraph
    except ImportError as exc:  # pragma: no cover - a dependency of the package
        raise ImportError_(f"python-docx is not installed ({exc}).") from None
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise ImportError_(f"{path} is not a Word document (.docx) that can be read: {exc}.") from None
    blocks = []
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            block = _paragraph_block(Paragraph(element, document), len(blocks) + 1)
        elif tag == "tbl":
            block = _table_block(Table(element, document), len(blocks) + 1)
        else:
            continue
        blocks.append(block)
    return blocks


# ---- the head: date, time, place, participants -------------------------------------------------

def _label(text: str) -> tuple[str, str] | None:
    """('tid och plats', 'Måndag 21 oktober ...') for a 'Label: value' line; a known label may
    be followed by a single space too ('Dag 2013-05-15')."""
    lowered = text.lower()
    for label in KNOWN_LABELS:
        if lowered.startswith(label) and lowered[len(label):len(label) + 1] in (":", "\t", " "):
            return label, text[len(label):].lstrip(": \t").strip()
    match = _LABEL.match(text)
    if not match:
        return None
    return match.group("label").strip().lower().rstrip(":"), match.group("rest").strip()


def find_date(text: str) -> dt.date | None:
    for pattern, build in ((_ISO_DATE, lambda m: (int(m[1]), int(m[2]), int(m[3]))),
                           (_WORD_DATE, lambda m: (int(m[3]), MONTHS[m[2].lower()], int(m[1]))),
                           (_SHORT_DATE, lambda m: (2000 + int(m[1]), int(m[2]), int(m[3])))):
        match = pattern.search(text)
        if match:
            try:
                return dt.date(*build(match))
            except ValueError:
                continue
    return None


def find_times(text: str) -> tuple[str, str]:
    match = _TIME_RANGE.search(text)
    if not match:
        return "", ""
    return parse_time(match.group(1)) or "", parse_time(match.group(2)) or ""


def find_place(text: str) -> str:
    """What is left of a 'Tid och plats' value once the date and times are taken out."""
    rest = _TIME_RANGE.sub(" ", text)
    rest = _WORD_DATE.sub(" ", _ISO_DATE.sub(" ", rest))
    rest = re.sub(r"^\s*\d{6}\b", " ", rest)
    rest = re.sub(r"\b(måndag|tisdag|onsdag|torsdag|fredag|lördag|söndag)\b", " ", rest, flags=re.I)
    rest = re.sub(r"\bkl\.?(?=\s|$)", " ", rest)
    return re.sub(r"\s+", " ", rest).strip(" ,.;")


def parse_person(entry: str, label_role: str) -> Person | None:
    """'Karl-Johan Bergmark, Robertsfors kommun, vice ordförande' -> its name, organisation, role."""
    entry = entry.strip().strip("•-–*").strip()
    if not entry:
        return None
    note = ""
    found = _ROLE_NOTE.search(entry)
    if found:
        note = found.group("note").strip()
        entry = (entry[:found.start()] + " " + entry[found.end():]).strip()
    parts = [p.strip() for p in entry.split(",") if p.strip()]
    if not parts or not looks_like_name(parts[0]):
        return None
    name, rest = parts[0], parts[1:]
    role = ""
    absent = label_role == "absent"
    if note.lower() in ROLES:
        role, note = note.lower(), ""
    elif note.lower() in ("anmält förhinder", "frånvarande", "förhinder"):
        absent, note = True, ""
    if rest and rest[-1].lower() in ROLES:
        role = rest.pop().lower()
    if not role and label_role not in ("", "absent"):
        role = label_role
    return Person(name, ", ".join(rest), role, note, absent)


_CHAIN_SEPARATOR = re.compile(r"(,|\s+och\s+)")
_ABSENT_NOTES = ("anmält förhinder", "frånvarande", "förhinder")


def parse_people(entry: str, label_role: str) -> list[Person]:
    """The people of one entry: one ('Karl-Johan Bergmark, Robertsfors kommun, vice ordförande')
    or a run of them, as minutes written in one paragraph have it ('Christer Pålsson, Bjuv, Palle
    Lundberg, Helsingborg, Anna Rydberg och Jan-Inge Hansson, Skåne Nordväst'): after a name comes
    its organisation (or a role), after an 'och' another name of the same organisation."""
    pieces = _CHAIN_SEPARATOR.split(entry.strip().strip("•-–*").strip().rstrip("."))
    tokens = [(pieces[i - 1].strip() if i else ",", pieces[i].strip()) for i in range(0, len(pieces), 2)]
    tokens = [(sep, text) for sep, text in tokens if text]
    names = sum(1 for _, text in tokens if looks_like_name(_ROLE_NOTE.sub(" ", text).strip()))
    if len(tokens) < 4 or names < 2:
        person = parse_person(entry, label_role)
        return [person] if person else []
    people: list[Person] = []
    pending: list[Person] = []  # names waiting for their organisation
    for separator, text in tokens:
        note_match = _ROLE_NOTE.search(text)
        note = note_match.group("note").strip() if note_match else ""
        bare = _ROLE_NOTE.sub(" ", text).strip()
        lowered = bare.lower()
        if lowered in ROLES and (pending or people):
            (pending or people)[-1].role = lowered
            continue
        if looks_like_name(bare) and (not pending or separator != ","):
            person = parse_person(bare, label_role)
            if person is None:
                return []
            if note.lower() in _ABSENT_NOTES:
                person.absent = True
            elif note:
                person.note = note
            pending.append(person)
            continue
        if not pending:
            return []  # an organisation without a name before it: not a list of people
        for person in pending:
            person.organisation = bare
            if note and not person.note:
                person.note = note
        people.extend(pending)
        pending = []
    return people + pending


def _people_entries(text: str) -> list[str]:
    """A list's people: one a line, or one a tab."""
    return [entry for line in text.split("\n") for entry in line.split("\t") if entry.strip()]


# ---- the body: items, sections, tables ---------------------------------------------------------

@dataclass
class Draft:
    date: dt.date | None = None
    start: str = ""
    end: str = ""
    place: str = ""
    kind: str = ""
    title: str = ""
    participants: list[Person] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)  # the Markdown body
    unplaced: list[str] = field(default_factory=list)
    items: int = 0

    def note(self, block: Block, why: str) -> None:
        text = block.text.replace("\n", " ").replace("\t", " ").strip()
        self.unplaced.append(f"paragraph {block.number}: '{text[:120]}' ({why})")

    def add(self, text: str) -> None:
        marker = _list_marker(text)
        same_list = bool(marker) and bool(self.lines) and _list_marker(self.lines[-1]) == marker
        if self.lines and self.lines[-1] != "" and not same_list:
            self.lines.append("")
        self.lines.append(text)


def _list_marker(line: str) -> str:
    return "- " if line.startswith("- ") else "1. " if line.startswith("1. ") else ""


def _item_number(block: Block, last: list[int] | None) -> tuple[str, str] | None:
    """(number, title) when the block is an item heading: a heading style, a bold line or a
    plain short line whose manual number runs on from the last item's."""
    text = block.text.strip()
    match = _ITEM.match(text)
    if not match and block.numbered and block.heading_level and "\n" not in text and text:
        # Word's own heading numbering: the number is not in the text; count on from the last item
        return str(last[0] + 1 if last else 1), text
    if not match or "\n" in text:
        return None
    number, title = match.group("number").replace(" ", " "), match.group("title").strip()
    if _TOC_LINE.search(text):
        return None
    if number.startswith("§"):
        return "§ " + number[1:].strip(), title
    if block.heading_level or block.bold:
        return number, title
    parts = [int(p) for p in number.split(".")]
    if last is None:
        fits = len(parts) == 1 and parts[0] <= 2
    else:
        fits = (parts == [last[0] + 1] or parts == [*last[:1], 1] or
                (len(parts) == 2 and len(last) == 2 and parts == [last[0], last[1] + 1]))
    if not fits or len(title) > 120 or title.endswith((".", "?", "!", ":")) or block.numbered:
        return None
    return number, title


def _section_heading(text: str) -> str | None:
    if normalise(text) in WORDS.terms["sections"]:
        return text.strip().rstrip(":").strip().capitalize()
    return None


def _markdown_table(rows: list[list[str]]) -> list[str]:
    width = max(len(r) for r in rows)
    padded = [[c.replace("|", "\\|") for c in r] + [""] * (width - len(r)) for r in rows]
    lines = ["| " + " | ".join(padded[0]) + " |", "|" + " --- |" * width]
    lines.extend("| " + " | ".join(r) + " |" for r in padded[1:])
    return lines


def _action_table(rows: list[list[str]]) -> list[str] | None:
    """An action table in our format, or None when the rows are no action table. The same action
    written once per responsible person becomes one row naming them all."""
    header = read_action_header(rows[0], WORDS) if rows else None
    if not isinstance(header, ActionHeader) or "action" not in header.columns:
        return None
    merged: dict[tuple[str, str], list[str]] = {}
    for row in rows[1:]:
        action, due, who = (header.cell(row, c).strip() for c in ("action", "due", "responsible"))
        if not (action or due or who):
            continue
        names = merged.setdefault((action, due), [])
        for name in re.split(r"\s*[;\n]\s*", who):
            if name and name not in names:
                names.append(name)
    lines = ["| Åtgärd | Slutdatum | Ansvarig |", "| --- | --- | --- |"]
    for (action, due), names in merged.items():
        lines.append(f"| {action.replace('|', '/')} | {due} | {'; '.join(names)} |")
    return lines


def convert(blocks: list[Block]) -> Draft:
    draft = Draft()
    last: list[int] | None = None
    in_head = True
    people_role: str | None = None  # inside a participant list started by a label paragraph
    in_toc = False
    toc_last = 0  # the last number of the agenda or table of contents
    in_secret = False  # inside a sekretess block: closed at the next item
    pending_tabbed: list[list[str]] = []  # tab-separated lines that may be an action table

    def close_secret() -> None:
        nonlocal in_secret
        if in_secret:
            draft.add(":::")
            in_secret = False

    def flush_tabbed() -> None:
        if not pending_tabbed:
            return
        table = _action_table(pending_tabbed) or (_markdown_table(pending_tabbed) if len(pending_tabbed) > 1 else None)
        if table:
            draft.add("\n".join(table))
        else:
            draft.add("\t".join(pending_tabbed[0]))
        pending_tabbed.clear()

    for block in blocks:
        text = block.text.strip()
        if not text and block.rows is None:
            continue
        if block.rows is None and "\t" in text and pending_tabbed is not None and not in_head:
            cells = [c.strip() for c in text.split("\t")]
            if pending_tabbed or isinstance(read_action_header(cells, WORDS), ActionHeader):
                pending_tabbed.append(cells)
                continue
        flush_tabbed()
        lowered = text.lower().rstrip(":")
        if lowered in TOC_TITLES and in_head:
            in_toc = True
            draft.note(block, "a table of contents: the site has its own")
            continue
        if in_toc:
            entry = _ITEM.match(text)
            number = entry.group("number") if entry else ""
            runs_on = number.isdigit() and int(number) == toc_last + 1 and not (block.bold or block.heading_level)
            if _TOC_LINE.search(text) or (entry and "\t" in text) or runs_on or (block.numbered and not entry):
                toc_last = int(number) if runs_on else toc_last
                draft.note(block, "a line of the agenda or table of contents: the items below are the record")
                continue
            in_toc = False
        if block.rows is not None:
            if in_head and _head_table(block, draft):
                continue
            table = _action_table(block.rows) or _markdown_table(block.rows)
            if in_head and not draft.items:
                draft.note(block, "a table before the first item, kept above the items")
            draft.add("\n".join(table))
            continue
        item = _item_number(block, last)
        if item is not None:
            number, title = item
            if not number.startswith("§"):
                last = [int(p) for p in number.split(".")]
            in_head, people_role = False, None
            close_secret()
            draft.items += 1
            draft.add(f"## {number}{'' if '.' in number or number.startswith('§') else '.'} {title}")
            continue
        if in_head and _head_line(block, draft):
            people_role = None
            continue
        if in_head and _TIME_RANGE.fullmatch(text) and not draft.start:
            draft.start, draft.end = find_times(text)
            people_role = None
            continue
        if in_head:
            label = PARTICIPANT_LABELS.get(lowered)
            if label is not None:
                people_role = label
                continue
            found = _label(text)
            if found and found[0] in PARTICIPANT_LABELS:
                _add_people(draft, found[1], PARTICIPANT_LABELS[found[0]], block)
                people_role = PARTICIPANT_LABELS[found[0]]
                continue
            if found and found[0] in APPROVAL_LABELS:
                draft.note(block, "the approval: add it as 'approval' once the minutes are approved")
                continue
            if people_role is not None and all(parse_people(e, people_role) for e in _people_entries(text)):
                _add_people(draft, text, people_role, block)
                continue
            people_role = None
            if len(text) < 120 and not draft.kind:
                if "protokoll" in lowered:
                    draft.kind = "protokoll"
                elif "anteckningar" in lowered:
                    draft.kind = "minnesanteckningar" if "minnes" in lowered else "anteckningar"
                if lowered in ("protokoll", "minnesanteckningar", "anteckningar"):
                    continue
            if not draft.title and (block.heading_level or block.bold or block.number <= 2) and len(text) < 120:
                draft.title = text  # the body's or the meeting's name: the site has it already
                continue
            draft.note(block, "text before the first item, kept above the items")
            draft.add(block.markdown.strip())
            continue
        if not in_secret and len(text) < 60 and lowered.rstrip(".").endswith("sekretess"):
            ground = text.strip().rstrip(":.").strip()
            draft.add(f"::: sekretess {ground[0].upper() + ground[1:].lower()}")
            in_secret = True
            draft.note(block, "secrecy: the rest of the item is in a sekretess block and is not published; "
                              "check what it covers")
            continue
        field_line = ITEM_FIELD_LINE.match(text)
        if field_line:
            values = [v.strip() for v in re.split(r"[\n;]", field_line.group(2)) if v.strip()]
            draft.add(f"{field_line.group(1).capitalize()}: {'; '.join(values)}")
            continue
        section = _section_heading(text)
        if section and (block.bold or block.heading_level or len(text) < 40):
            draft.add(f"### {section}")
            continue
        if block.numbered and not block.heading_level:
            draft.add(("1. " if "Number" in block.style else "- ") + block.markdown.strip())
            continue
        if block.heading_level or (block.bold and len(text) < 120):
            draft.add(f"### {text.rstrip(':')}")
            continue
        draft.add(block.markdown.strip().replace("\n", "  \n"))
    flush_tabbed()
    close_secret()
    return draft


def _head_line(block: Block, draft: Draft) -> bool:
    """Date, time and place lines of the head; True when the block was one."""
    found = _label(block.text.strip())
    if not found or found[0] not in HEAD_LABELS:
        return False
    label, value = found
    if label in DATE_LABELS or label in TIME_PLACE_LABELS:
        draft.date = draft.date or find_date(value)
    if label in TIME_LABELS or label in TIME_PLACE_LABELS:
        start, end = find_times(value)
        draft.start, draft.end = draft.start or start, draft.end or end
        if label in TIME_LABELS and not start:
            draft.start = parse_time(value.split()[0]) or "" if value else ""
    if label in PLACE_LABELS:
        draft.place = draft.place or value
    elif label in TIME_PLACE_LABELS:
        draft.place = draft.place or find_place(value)
    return True


def _head_table(block: Block, draft: Draft) -> bool:
    """A table in the head: label | value rows (Datum | ...), or a participant table with a
    role column (Namn | Organisation | Roll)."""
    rows = block.rows or []
    if not rows:
        return False
    header = [c.strip().lower() for c in rows[0]]
    if "namn" in header:
        name_at = header.index("namn")
        org_at = next((i for i, h in enumerate(header) if h.startswith(("organisation", "kommun"))), None)
        role_at = next((i for i, h in enumerate(header) if h.startswith(("roll", "funktion", "uppdrag"))), None)
        for row in rows[1:]:
            cells = row + [""] * len(header)
            if not cells[name_at].strip():
                continue
            role = cells[role_at].strip().lower() if role_at is not None else ""
            absent = "förhinder" in role or "frånvarande" in role
            draft.participants.append(Person(cells[name_at].strip(), cells[org_at].strip() if org_at is not None else "",
                                             role if role in ROLES else "", "" if role in ROLES or absent else role, absent))
        return True
    used = False
    for row in rows:
        if len(row) < 2:
            continue
        label, value = row[0].strip().lower().rstrip(":"), "\n".join(row[1:])
        line = Block(block.number, f"{row[0].strip()}: {value}", "")
        if label in HEAD_LABELS:
            used = _head_line(line, draft) or used
        elif label in PARTICIPANT_LABELS:
            used = _add_people(draft, value, PARTICIPANT_LABELS[label], block) or used
    return used


def _add_people(draft: Draft, text: str, role: str, block: Block) -> bool:
    added = False
    for entry in _people_entries(text):
        people = parse_people(entry, role)
        if not people:
            draft.note(block, "not read as a person")
            continue
        draft.participants.extend(people)
        added = True
    return added


# ---- the command -------------------------------------------------------------------------------

def _body_folder(config: SiteConfig, body: str | None) -> Path:
    folders = sorted(p for p in config.content_path.iterdir() if (p / BODY_FILE).is_file()) \
        if config.content_path.is_dir() else []
    if body is None:
        if len(folders) == 1:
            return folders[0]
        known = ", ".join(slugify(f.name) for f in folders) or "none yet"
        raise ImportError_(f"say which body the minutes are of with --body (known bodies: {known}).")
    for folder in folders:
        if body in (folder.name, slugify(folder.name)):
            return folder
    known = ", ".join(slugify(f.name) for f in folders) or "none yet"
    raise ImportError_(f"unknown body '{body}'. Known bodies: {known}.")


def meeting_file(draft: Draft, body_slug: str, source: str = "") -> str:
    front: dict = {"body": body_slug, "date": draft.date.isoformat() if draft.date else ""}
    if draft.start:
        front["start"] = draft.start
    if draft.end and draft.end > draft.start:
        front["end"] = draft.end
    if draft.place:
        front["place"] = draft.place
    front["kind"] = draft.kind or "protokoll"
    front["status"] = "utkast"
    if draft.participants:
        front["participants"] = [p.front_matter() for p in draft.participants]
    if source:
        front["source"] = source
    yaml_text = yaml.safe_dump(front, allow_unicode=True, sort_keys=False, width=100)
    body = "\n".join(draft.lines).strip()
    return "---\n" + yaml_text + "---\n\n" + (body + "\n" if body else "")


def import_docx(config: SiteConfig, path: Path, body: str | None = None, date: str | None = None) -> ImportResult:
    """Write the Word document at `path` as a draft meeting of `body`; return where, and what
    could not be placed."""
    if path.suffix.lower() != ".docx":
        raise ImportError_(f"{path} is not a .docx file; save it from Word as .docx (Word 2007 or later).")
    if not path.is_file():
        raise ImportError_(f"{path} does not exist.")
    folder = _body_folder(config, body)
    draft = convert(read_blocks(path))
    if date:
        try:
            draft.date = dt.date.fromisoformat(date)
        except ValueError:
            raise ImportError_(f"'{date}' is not a date; write it YYYY-MM-DD.") from None
    if draft.date is None:
        raise ImportError_(f"{path} names no date that could be read; give it with --date YYYY-MM-DD.")
    if not draft.items:
        draft.unplaced.append("no items were found: check the file's headings (## 1. ...) before publishing")
    target = folder / f"{draft.date.isoformat()}.md"
    if target.exists():
        raise ImportError_(f"{target.relative_to(config.project_dir)} already exists; it was not changed. "
                           f"Import with --date, or rename the existing file first.")
    with open(target, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(meeting_file(draft, slugify(folder.name), f"Word-dokument ({path.name})"))
    return ImportResult(target, draft.unplaced)
