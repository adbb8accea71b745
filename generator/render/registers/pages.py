"""The register pages: the producers of decisions, actions, people and organisations pages (and
the attachment files), in groups that can run in parallel.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from itertools import groupby
from typing import TYPE_CHECKING, Any

from generator.model.domain import Body, Item, Meeting
from generator.theme import has_layout

from generator.render.registers import paging
from generator.render.registers.gather import PERSON_ENTRIES, ActionCounts, ActionEntry, PersonRecord, Registers
from generator.render.registers.helpers import civic_of
from generator.render.registers.paging import (
    Period, PeriodPages, body_page, chronological, part_numbers, no_due_page)

if TYPE_CHECKING:  # render.site imports this package
    from generator.render.site import OutputFile, SiteRenderer, StreamedFile


TEMPLATES = "registers"


def _person_lists(registers: "Registers", entries: list[tuple[str, int, Any]]) -> dict[str, list]:
    """A person page's lists of some of the person's entries, each as the page shows it: the
    newest meeting first (the reverse of the archive's order), the actions by due date."""
    lists: dict[str, list] = {kind: [] for kind in PERSON_ENTRIES}
    for kind, _, entry in sorted(entries, key=lambda e: e[1], reverse=True):
        lists[kind].append(entry)
    lists["actions"] = registers.actions_by_due(entries=lists["actions"])
    lists["presented"] = newest_meeting_first(lists["presented"][::-1])
    return lists


def newest_meeting_first(presented: list[tuple[Meeting, Body, Item, str]]) -> list[tuple[Meeting, Body, Item, str]]:
    """Items presented, in the archive's order, as a person page lists them: the newest meeting
    first and, within a meeting, the items in agenda order (as its page has them)."""
    runs = [list(run) for _, run in groupby(presented, key=lambda entry: id(entry[0]))]
    return [entry for run in reversed(runs) for entry in run]


def register_producers(renderer: "SiteRenderer") -> dict[str, Callable[[], Iterator["OutputFile"]]]:
    """The register pages in independent groups, which the pipeline renders in parallel and
    reuses by name. Largest first (at 10,000 meetings), so the worker processes finish together.
    What each reads besides the archive: `register_inputs`."""
    return {"people": partial(_people_pages, renderer),
            "decisions": partial(_decision_pages, renderer),
            "actions": partial(_action_pages, renderer),
            "organisations": partial(_organisation_pages, renderer),
            "attachments": partial(_attachment_files, renderer),
            "linked": partial(_linked_files, renderer)}


def _registers(renderer: "SiteRenderer") -> Registers | None:
    """What the register pages show; None when the layouts have no registers."""
    if not has_layout(renderer.config, TEMPLATES):
        return None
    return Registers(renderer.archive, renderer.config.build_date, renderer.config.paths)


def _attachment_files(renderer: "SiteRenderer") -> Iterator["OutputFile"]:
    yield from civic_of(renderer).attachments.output_files()


def _linked_files(renderer: "SiteRenderer") -> Iterator["OutputFile"]:
    yield from civic_of(renderer).file_links.linked_files()


def _decision_pages(renderer: "SiteRenderer") -> Iterator["StreamedFile"]:
    """The site's decision register (an overview, a page per year, or per month of a year too
    large for one) and each body's (one page, or the same overview and pages when large)."""
    registers = _registers(renderer)
    if registers is None:
        return
    years = registers.decision_years()
    common = {"build_date": renderer.config.build_date}
    paths = renderer.config.paths
    yield renderer.streamed_page(f"{TEMPLATES}/decisions_overview.html", paths.register_pages()["decisions"],
                                 years=[year.period for year in years], bodies=registers.decision_counts_by_body(),
                                 **common)
    yield from _register_period_pages(renderer, "decisions", years, None, common)
    for body in renderer.archive.bodies:
        path = body_page(paths, body, "decisions")
        if not registers.decision_layout(body).split:
            yield renderer.streamed_page(f"{TEMPLATES}/decisions.html", path, body=body,
                                         years=registers.decisions_by_year(body), periods=None, **common)
            continue
        years = registers.decision_years(body)
        # years=(): a body split by its meeting count may have no decision at all
        yield renderer.streamed_page(f"{TEMPLATES}/decisions.html", path, body=body, years=(),
                                     periods=[year.period for year in years], **common)
        yield from _register_period_pages(renderer, "decisions", years, body, common)


def _action_pages(renderer: "SiteRenderer") -> Iterator["StreamedFile"]:
    """The site's action register (an overview, a page per due year or per due month of a year
    too large for one, one for actions without a due date) and each body's (one page, or the
    same overview and pages when large)."""
    registers = _registers(renderer)
    if registers is None:
        return
    years, undated = registers.action_years()
    counts = [year.period for year in years]
    common = {"build_date": renderer.config.build_date}
    this_year = next((c for c in counts if c.year == renderer.config.build_date.year), None)
    paths = renderer.config.paths
    yield renderer.streamed_page(f"{TEMPLATES}/actions_overview.html", paths.register_pages()["actions"], years=counts,
                                 this_year=this_year, undated=ActionCounts.of(undated),
                                 total=ActionCounts.of(registers.actions), bodies=registers.action_counts_by_body(),
                                 **common)
    yield from _register_period_pages(renderer, "actions", years, None, common)
    if undated:
        yield from _undated_pages(renderer, undated, None, common)
    for body in renderer.archive.bodies:
        path = body_page(paths, body, "actions")
        if not registers.actions_split(body):
            yield renderer.streamed_page(f"{TEMPLATES}/actions.html", path, body=body,
                                         actions=registers.actions_by_due(body), periods=None, **common)
            continue
        years, undated = registers.action_years(body)
        yield renderer.streamed_page(f"{TEMPLATES}/actions.html", path, body=body, actions=None,
                                     periods=[year.period for year in years], undated=ActionCounts.of(undated),
                                     **common)
        yield from _register_period_pages(renderer, "actions", years, body, common)
        if undated:
            yield from _undated_pages(renderer, undated, body, common)


class _Words:
    """The names of a register's pages, in the site's language."""

    def __init__(self, renderer: "SiteRenderer", kind: str, body: Body | None):
        self.text = renderer.text["registers"]
        self.months = renderer.text["months"]
        self.paths = renderer.config.paths
        self.kind = kind
        self.body = body

    def period(self, year: int, month: int = 0) -> str:
        """'2019', 'mars 2019'."""
        return f"{self.months[month - 1]} {year}" if month else str(year)

    def part(self, period: Period) -> str:
        """'', or ', del 2'."""
        return ", " + self.text["part"].replace("{part}", str(period.part)) if period.part else ""

    def label(self, period: Period) -> str:
        """A page's name among the register's pages: 'Beslut 2019', 'Beslut mars 2019, del 2'."""
        key = f"{self.kind}_{'month' if period.month else 'year'}"
        return self.text[key].replace("{year}", self.period(period.year, period.month)) + self.part(period)

    def heading(self, period: Period) -> str:
        """The page's own title, which names the body on a body's pages."""
        if self.body is None:
            return self.label(period)
        key = f"{self.kind}_of_{'month' if period.month else 'year'}"
        name = self.period(period.year, period.month)
        return self.text[key].replace("{body}", self.body.name).replace("{year}", name) + self.part(period)

    def trail(self, *steps: tuple[str, str | None]) -> list[tuple[str, str | None]]:
        """The breadcrumb: the register (the site's, or the body and its register), then steps."""
        if self.body is None:
            return [(self.text[f"{self.kind}_title"], self.paths.register_pages()[self.kind]), *steps]
        return [(self.body.name, self.body.url), (self.text[self.kind], body_page(self.paths, self.body, self.kind)),
                *steps]

    @property
    def top(self) -> tuple[str, str]:
        """The link back to the register's list of years."""
        return (self.text[f"{self.kind}_all_years"],
                body_page(self.paths, self.body, self.kind) if self.body else self.paths.register_pages()[self.kind])


class _OwnerWords(_Words):
    """The names of the pages by period of a person's or an organisation's page (kind 'person',
    'organisation'): '2019', 'Anna Andersson 2019', under the list of people or organisations."""

    def __init__(self, renderer: "SiteRenderer", kind: str, name: str, url: str):
        super().__init__(renderer, kind, None)
        self.name = name
        self.url = url

    def label(self, period: Period) -> str:
        return self.period(period.year, period.month) + self.part(period)

    def heading(self, period: Period) -> str:
        return self.text["owner_period"].replace("{name}", self.name).replace("{period}", self.label(period))

    def trail(self, *steps: tuple[str, str | None]) -> list[tuple[str, str | None]]:
        listing = "people" if self.kind == "person" else "organisations"
        return [(self.text[f"{listing}_title"], self.paths.register_pages()[listing]), (self.name, self.url), *steps]

    @property
    def top(self) -> tuple[str, str]:
        return (self.text["owner_all_years"].replace("{name}", self.name), self.url)


def _period_pages(renderer: "SiteRenderer", words: _Words, years: list[PeriodPages], view: dict[str, Any],
                  leaf: str, content: Callable[[list], dict[str, Any]]) -> Iterator["StreamedFile"]:
    """The pages by period of a register, a person or an organisation: a page per year, and a
    year too large for one page lists its months, each on a page of its own (or on parts of at
    most a page's worth). Every page links to the pages before and after it and up to the list
    it is on. `leaf`: the template of the pages that show entries, `content(entries)` their
    variables; `view`: the variables of every page."""
    kind = words.kind
    pages = chronological(years)
    position = {page.path: index for index, page in enumerate(pages)}

    def link(period: Period | None) -> tuple[str, str] | None:
        return (words.label(period), period.path) if period else None

    for index, year in enumerate(years):
        period = year.period
        pager = {"label": words.text["year_nav"], "up": words.top,
                 "earlier": link(years[index + 1].period if index + 1 < len(years) else None),
                 "later": link(years[index - 1].period if index > 0 else None)}
        trail = words.trail((str(period.year), None))
        if not year.months:
            yield renderer.streamed_page(leaf, period.path, period=period, period_name=words.period(period.year),
                                         heading_text=words.heading(period), trail=trail, pager=pager, parts=None,
                                         intro=f"{kind}_year_intro", **content(year.entries), **view)
            continue
        yield renderer.streamed_page(f"{TEMPLATES}/months.html", period.path, period=period,
                                     period_name=words.period(period.year), heading_text=words.heading(period),
                                     trail=trail, pager=pager,
                                     month_names={m.month: words.period(m.year, m.month) for m in period.months},
                                     **view)
        for month, month_pages in year.months:
            name = words.period(month.year, month.month)
            parts = {"label": words.text["parts_nav"].replace("{period}", name),
                     "pages": [(words.text["part"].replace("{part}", str(p.part)), p.path) for p in month.parts]
                     } if month.parts else None
            for part, entries in month_pages:
                at = position[part.path]
                pager = {"label": words.text["month_nav"], "up": (words.label(period), period.path),
                         "earlier": link(pages[at - 1] if at > 0 else None),
                         "later": link(pages[at + 1] if at + 1 < len(pages) else None)}
                trail = words.trail((str(period.year), period.path),
                                    (words.months[month.month - 1] + words.part(part), None))
                yield renderer.streamed_page(leaf, part.path, period=part, period_name=name,
                                             heading_text=words.heading(part), trail=trail, pager=pager, parts=parts,
                                             intro=f"{kind}_month_intro", **content(entries), **view)


def _register_period_pages(renderer: "SiteRenderer", kind: str, years: list[PeriodPages], body: Body | None,
                           common: dict[str, Any]) -> Iterator["StreamedFile"]:
    entries_name = "meetings" if kind == "decisions" else "actions"
    yield from _period_pages(renderer, _Words(renderer, kind, body), years,
                             {"kind": kind, "body": body, "show_body": body is None, **common},
                             f"{TEMPLATES}/{kind}_year.html", lambda entries: {entries_name: entries})


def _undated_pages(renderer: "SiteRenderer", undated: list[ActionEntry], body: Body | None,
                   common: dict[str, Any]) -> Iterator["StreamedFile"]:
    """The actions without a due date, in the order of their meetings: one page, or parts of at
    most paging.ACTIONS_PER_PAGE (a date to split them by is what they lack), linked by a list of parts."""
    words = _Words(renderer, "actions", body)
    paths = renderer.config.paths
    heading = (words.text["actions_of_no_due"].replace("{body}", body.name) if body
               else words.text["actions_no_due_title"])
    chunks: dict[int, list[ActionEntry]] = {}
    for part, entry in zip(part_numbers(len(undated), paging.ACTIONS_PER_PAGE), undated):
        chunks.setdefault(part, []).append(entry)
    parts = {"label": words.text["actions_no_due_parts"],
             "pages": [(words.text["part"].replace("{part}", str(part)), no_due_page(paths, body, part)) for part in chunks]
             } if len(chunks) > 1 else None
    for part, entries in chunks.items():
        name = words.text["actions_no_due"] + (", " + words.text["part"].replace("{part}", str(part)) if part else "")
        yield renderer.streamed_page(f"{TEMPLATES}/actions_year.html", no_due_page(paths, body, part), period=None,
                                     actions=entries, total=len(undated),
                                     heading_text=heading + name[len(words.text["actions_no_due"]):],
                                     trail=words.trail((name, None)), pager={"up": words.top}, parts=parts,
                                     kind="actions", body=body, show_body=body is None, **common)


def _people_pages(renderer: "SiteRenderer") -> Iterator["OutputFile"]:
    registers = _registers(renderer)
    if registers is None:
        return
    page = renderer.page
    paths = renderer.config.paths
    common: dict[str, Any] = {"build_date": renderer.config.build_date}
    people = registers.people_sorted()
    yield page(f"{TEMPLATES}/people.html", paths.register_pages()["people"], people=people, **common)
    for person in people:
        if person.participations <= paging.PARTICIPATIONS_PER_PAGE:
            yield page(f"{TEMPLATES}/person.html", person.url, person=person, periods=None, period=None,
                       attended=person.attended[::-1], absent=person.absent[::-1],
                       presented=newest_meeting_first(person.presented),
                       actions=registers.actions_by_due(entries=person.actions), **common)
        else:
            yield from _large_person_pages(renderer, registers, person, common)


def _large_person_pages(renderer: "SiteRenderer", registers: Registers, person: PersonRecord,
                        common: dict[str, Any]) -> Iterator["OutputFile"]:
    """A person with more than a page holds: an overview (who, roles, the years with counts) and
    the meetings, presented items and actions by the year of their meeting."""
    years = registers.person_years(person)
    yield renderer.streamed_page(f"{TEMPLATES}/person.html", person.url, person=person,
                                 periods=[year.period for year in years], **common)
    yield from _period_pages(renderer, _OwnerWords(renderer, "person", person.name, person.url), years,
                             {"kind": "person", "person": person, "body": None, "owner_name": person.name, **common},
                             f"{TEMPLATES}/person_period.html", lambda entries: _person_lists(registers, entries))


def _organisation_pages(renderer: "SiteRenderer") -> Iterator["OutputFile"]:
    registers = _registers(renderer)
    if registers is None:
        return
    page = renderer.page
    paths = renderer.config.paths
    common: dict[str, Any] = {"build_date": renderer.config.build_date}
    organisations = registers.organisations_sorted()
    yield page(f"{TEMPLATES}/organisations.html", paths.register_pages()["organisations"], organisations=organisations, **common)
    for organisation in organisations:
        if len(organisation.meetings) <= paging.ORGANISATION_MEETINGS_PER_PAGE:
            yield page(f"{TEMPLATES}/organisation.html", organisation.url, organisation=organisation,
                       meetings=organisation.meetings, periods=None, **common)
            continue
        years = registers.organisation_years(organisation)
        yield renderer.streamed_page(f"{TEMPLATES}/organisation.html", organisation.url, organisation=organisation,
                                     periods=[year.period for year in years], **common)
        yield from _period_pages(renderer, _OwnerWords(renderer, "organisation", organisation.name, organisation.url),
                                 years, {"kind": "organisation", "organisation": organisation, "body": None,
                                  "owner_name": organisation.name, **common},
                                 f"{TEMPLATES}/organisation_period.html", lambda meetings: {"meetings": meetings})
