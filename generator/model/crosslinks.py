"""Links inside the archive: a meeting that mentions another meeting of its body by date links to it.

"Föregående möte 2017-06-08", "KC 150610", "kommunchefsmötet 2013-04-17" and
"kommunchefsgruppens möte 2015-06-10" name a meeting of the body itself; "regionrådsmötet
2017-08-30", "RR Minnesanteckningar 2013-02-22" or "regionrådets möte 2017-08-30" name another
body's meeting. A mention links only when the word before the date says "a meeting" (möte,
sammanträde, minnesanteckningar, protokoll, in any compound whose first part is this body) or is the
body's short name, and when that meeting is in the archive. A bare "möte" needs a word that says
which meeting ("Föregående möte", "kommunchefsgruppens möte"). Everything else stays plain text.

The work is done on sanitised HTML fragments: only text outside tags is touched, never the text
inside an existing link (or code), and the only markup added is `<a href="...">`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from markupsafe import escape

from generator.common.dates import in_range
from generator.model.domain import Archive, Body, Meeting
from generator.load.vocabulary import Vocabulary, all_date_prefixes, vocabulary

# A tag, with quoted attribute values that may themselves contain '>'; comments too.
_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^\s/>]*(?:\s+[^\s=/>]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>",
                  re.DOTALL)
_TAG_NAME = re.compile(r"</?([A-Za-z][^\s/>]*)")
_SKIP = {"a", "code", "pre"}
_WORD = r"[^\W\d_][\w:-]*"
_MENTION = re.compile(
    rf"(?:(?<![\w-])(?P<prev>{_WORD})\s+)?(?<![\w-])(?P<lead>{_WORD})"
    rf"(?P<space>\s+(?:(?:{'|'.join(map(re.escape, all_date_prefixes()))})\s+)?)"
    r"(?P<date>\d{4}-\d{2}-\d{2}|\d{8}|\d{6})(?![\w-])"
)
# Where a mention can end: a date that follows whitespace, as _MENTION's `date` group matches it.
# Dates are rare in minutes, and the regex engine finds them fast; _MENTION, which starts with
# a word, costs a try at every position of a text.
_DATE = re.compile(r"(?<=\s)(?:\d{4}-\d{2}-\d{2}|\d{8}|\d{6})(?![\w-])")
# The same dates without the whitespace before them, spelt to start with a digit: the regex
# engine then skips to the next digit instead of trying the lookbehind at every position, which
# makes a scan of a whole fragment several times faster.
_DATE_DIGITS = re.compile(r"\d(?:\d{3}-\d{2}-\d{2}|\d{7}|\d{5})(?![\w-])")
_ABBREVIATION = re.compile(r"^[A-ZÅÄÖ]{2,5}$")
# The words that say "a meeting", and the words before a bare one that make it this body's meeting
# ("föregående möte", "previous meeting"), come from the body's content language
# (generator/vocabularies/).


def _meeting_words(words: Vocabulary) -> tuple[str, ...]:
    return tuple(sorted(words.lists["meeting_words"], key=len, reverse=True))


def _mentions(text: str) -> Iterator[re.Match[str]]:
    """What `_MENTION.finditer(text)` finds, only faster: each mention is searched for just before
    a date, in the window that can hold it (the date's previous three whitespace-separated runs
    hold its 'den', lead and previous word). A mention ends at its date and cannot contain
    another (a date follows whitespace and a word starts with a letter), so going from date to
    date finds the same mentions in the same order."""
    position = 0
    for date in _DATE.finditer(text):
        if date.start() < position:
            continue
        start = date.start()
        for _ in range(3):
            while start > position and text[start - 1].isspace():
                start -= 1
            while start > position and not text[start - 1].isspace():
                start -= 1
        match = _MENTION.search(text, start, date.end())
        if match:
            yield match
            position = match.end()


def parse_mentioned_date(text: str) -> dt.date | None:
    """'2017-06-08', '20170608' or '170608' (this century) as a date; None when not a real date."""
    digits = text.replace("-", "")
    if len(digits) == 6:
        digits = "20" + digits
    try:
        date = dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None
    return date if in_range(date) else None


def _names_this_body(word: str, body: Body) -> bool:
    """Is `word` (the first part of a compound, or a genitive without its s) this body?"""
    word = word.casefold().rstrip("-:")
    if not word:
        return False
    short = body.short_name.casefold()
    if short and word == short:
        return True
    name_words = body.name.casefold().split()
    return any(w.startswith(word) for w in name_words) and len(word) >= 4


def refers_to_body(lead: str, previous: str, body: Body) -> bool:
    """Does '<previous> <lead> <date>' name a meeting of `body`?"""
    if body.short_name and lead == body.short_name:
        return True
    words = vocabulary(body.language)
    lowered = lead.casefold()
    word = next((w for w in _meeting_words(words) if lowered.endswith(w)), None)
    if word is None:
        return False
    prefix = lowered[: -len(word)]
    if prefix:  # a compound: kommunchefsmötet, KC-möte, regionrådsmöte
        stem = prefix.rstrip("-")
        return _names_this_body(stem, body) or (stem.endswith("s") and _names_this_body(stem[:-1], body))
    # A bare "möte" must say whose or which meeting: "Föregående möte", "kommunchefsgruppens
    # möte", "KC Minnesanteckningar"; "att mötet 2017-08-30" may be any body's meeting.
    if _ABBREVIATION.match(previous):  # "RR Minnesanteckningar", "KC Minnesanteckningar"
        return previous == body.short_name
    folded = previous.casefold()
    if folded in words.lists["which_meeting"]:
        return True
    if folded in words.lists["leading_meeting_words"] and lowered != folded:  # "Meeting Agenda 2024-08-08"
        return True
    if len(folded) > 3 and folded.endswith("s"):  # a genitive: kommunchefsgruppens möte, regionrådets möte
        owner = folded[:-1].rstrip(":")
        return owner in ("grupp", "gruppen") or _names_this_body(owner, body)
    return False


class MeetingLinker:
    """Knows which meetings the archive holds, per body and date."""

    def __init__(self, archive: Archive):
        self.bodies = {body.slug: body for body in archive.bodies}
        self.by_date: dict[tuple[str, dt.date], Meeting] = {}
        for meeting in archive.meetings:  # sorted by body, date, slug: the day's first meeting wins
            self.by_date.setdefault((meeting.body_slug, meeting.date), meeting)

    def target(self, meeting: Meeting, lead: str, previous: str, date_text: str) -> Meeting | None:
        body = self.bodies.get(meeting.body_slug)
        date = parse_mentioned_date(date_text)
        if body is None or date is None or date == meeting.date:
            return None
        other = self.by_date.get((meeting.body_slug, date))
        if other is None or other == meeting or not refers_to_body(lead, previous, body):
            return None
        return other

    def _names_another_meeting(self, text: str, meeting: Meeting) -> bool:
        """Does `text` hold the date of another of the body's meetings? Without one, no mention
        in it can link: a test that spares most texts the search for mentions (and fragments
        the walk over their tags), whose dates name no meeting in the archive."""
        for match in _DATE_DIGITS.finditer(text):
            start = match.start()
            if not (start and text[start - 1].isspace()):
                continue  # not a date as _DATE finds it: a date follows whitespace
            date = parse_mentioned_date(match.group())
            if date is not None and date != meeting.date and (meeting.body_slug, date) in self.by_date:
                return True
        return False

    def link_text(self, text: str, meeting: Meeting, root: str) -> str:
        """Link mentions in a run of HTML text (already escaped); returns HTML."""
        if not self._names_another_meeting(text, meeting):
            return text
        out: list[str] = []
        position = 0
        for match in _mentions(text):
            other = self.target(meeting, match.group("lead"), match.group("prev") or "", match.group("date"))
            if other is None:
                continue
            start = match.start("lead")
            body = self.bodies[meeting.body_slug]
            previous = (match.group("prev") or "").casefold()
            if previous and previous in vocabulary(body.language).lists["leading_meeting_words"]:
                start = match.start("prev")  # "Meeting Agenda 2024-08-08" is linked whole
            out.append(text[position:start])
            out.append(f'<a class="meeting-ref" href="{escape(root + other.url)}">{text[start:match.end()]}</a>')
            position = match.end()
        out.append(text[position:])
        return "".join(out)

    def link_html(self, html: str, meeting: Meeting, root: str) -> str:
        """Link mentions in a sanitised HTML fragment, touching text outside links only."""
        if not html or not self._names_another_meeting(html, meeting):
            return html
        out: list[str] = []
        skip_depth = 0
        position = 0
        for tag in _TAG.finditer(html):
            out.append(self._text(html[position:tag.start()], meeting, root, skip_depth))
            out.append(tag.group())
            name_match = _TAG_NAME.match(tag.group())
            if name_match and name_match.group(1).lower() in _SKIP and not tag.group().endswith("/>"):
                skip_depth += -1 if tag.group().startswith("</") else 1
                skip_depth = max(skip_depth, 0)
            position = tag.end()
        out.append(self._text(html[position:], meeting, root, skip_depth))
        return "".join(out)

    def _text(self, text: str, meeting: Meeting, root: str, skip_depth: int) -> str:
        if not text or skip_depth:
            return text
        return self.link_text(text, meeting, root)

    def link_plain(self, text: str, meeting: Meeting, root: str) -> str:
        """Escape a plain text (a done reference, an attachment name) and link its mentions."""
        return self.link_text(str(escape(text)), meeting, root)


def mentioned_meetings(linker: MeetingLinker, meeting: Meeting, texts: Iterable[str]) -> list[Meeting]:
    """The archive's meetings that plain texts of `meeting` refer to (for tests and reports)."""
    found: list[Meeting] = []
    for text in texts:
        for match in _mentions(text):
            other = linker.target(meeting, match.group("lead"), match.group("prev") or "", match.group("date"))
            if other is not None and other not in found:
                found.append(other)
    return found
