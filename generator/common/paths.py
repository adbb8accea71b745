"""Every output path of the site, and so every URL: the one place that names the site's files.

Page names are words of the site's interface language: a Swedish site has `beslut.html` and
`personer/`, an English one `decisions.html` and `people/`. Meetings and bodies are named by
their files (`<body>/<date>.html`), whatever the language. Every path is relative to the site
root with forward slashes; pages link to each other relatively (render.site.root_of).
"""

from __future__ import annotations

from dataclasses import dataclass

HOME = "index.html"
SEARCH_PAGE = "search.html"
NOT_FOUND = "404.html"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
ASSETS_FOLDER = "assets"
SEARCH_FOLDER = "search"
DATA_FOLDER = "data"


def body_page(body_slug: str) -> str:
    return f"{body_slug}/index.html"


def meeting_page(body_slug: str, meeting_slug: str) -> str:
    return f"{body_slug}/{meeting_slug}.html"


def meeting_json(body_slug: str, meeting_slug: str) -> str:
    return f"{body_slug}/{meeting_slug}.json"


@dataclass(frozen=True)
class SitePaths:
    """The words a site's file names are made of, and the paths made of them."""

    people: str
    organisations: str
    decisions: str
    actions: str
    no_due: str  # the actions without a due date
    part: str  # the n-th part of a month: '<year>-<mm>-<part>-<n>.html'
    notice_board: str
    open_data: str
    statement: str  # the accessibility statement
    feed: str
    calendar: str
    archive: str  # the open data's whole archive
    schema: str
    item: str  # an agenda item's anchor: '#punkt-6-2'
    paragraph: str  # a numbered paragraph's anchor: '#paragraf-18'

    @property
    def anchor_words(self) -> tuple[str, str]:
        """The words of the items' anchors on meeting pages (common.slugs.item_anchor)."""
        return self.item, self.paragraph

    # --- Pages of the site -------------------------------------------------------------------

    @property
    def notice_board_page(self) -> str:
        return f"{self.notice_board}.html"

    @property
    def open_data_page(self) -> str:
        return f"{self.open_data}.html"

    @property
    def statement_page(self) -> str:
        return f"{self.statement}.html"

    # --- Registers -----------------------------------------------------------------------------

    def register_pages(self) -> dict[str, str]:
        """The overview of each register, at the site's top."""
        return {"decisions": f"{self.decisions}.html", "actions": f"{self.actions}.html",
                "people": f"{self.people}/index.html", "organisations": f"{self.organisations}/index.html"}

    def register_folder(self, kind: str, body_slug: str = "") -> str:
        """Where a register's pages by period live: 'beslut', or a body's 'umearegionen-kc/beslut'."""
        folder = self.decisions if kind == "decisions" else self.actions
        return f"{body_slug}/{folder}" if body_slug else folder

    def period_path(self, folder: str, year: int, month: int = 0, part: int = 0) -> str:
        """A page by period in `folder` (a register's, or a person's 'personer/anna-andersson'). A
        month's name holds its year, so the months stay beside the years in one folder, at the same
        depth (and a year can never be taken for one); a month's first part is the month's page."""
        name = f"{year}-{month:02d}" if month else f"{year}"
        return f"{folder}/{name}{self.part_suffix(part)}.html"

    def no_due_page(self, body_slug: str = "", part: int = 0) -> str:
        return f"{self.register_folder('actions', body_slug)}/{self.no_due}{self.part_suffix(part)}.html"

    def part_suffix(self, part: int) -> str:
        return f"-{self.part}-{part}" if part > 1 else ""

    def person_page(self, slug: str) -> str:
        return f"{self.people}/{slug}.html"

    def person_folder(self, slug: str) -> str:
        return f"{self.people}/{slug}"

    def organisation_page(self, slug: str) -> str:
        return f"{self.organisations}/{slug}.html"

    def organisation_folder(self, slug: str) -> str:
        return f"{self.organisations}/{slug}"

    # --- Feeds, calendars and open data --------------------------------------------------------

    @property
    def site_feed(self) -> str:
        return f"{self.feed}.atom"

    @property
    def decisions_feed(self) -> str:
        return f"{self.decisions}.atom"

    @property
    def notice_board_feed(self) -> str:
        return f"{self.notice_board}.atom"

    def body_feed(self, body_slug: str) -> str:
        return f"{body_slug}/{self.feed}.atom"

    def body_calendar(self, body_slug: str) -> str:
        return f"{body_slug}/{self.calendar}.ics"

    @property
    def archive_json(self) -> str:
        return f"{DATA_FOLDER}/{self.archive}.json"

    @property
    def schema_json(self) -> str:
        return f"{DATA_FOLDER}/{self.schema}.json"

    @property
    def decisions_csv(self) -> str:
        return f"{DATA_FOLDER}/{self.decisions}.csv"

    @property
    def actions_csv(self) -> str:
        return f"{DATA_FOLDER}/{self.actions}.csv"

    # --- What a body's folder must not be called ---------------------------------------------

    def reserved_folders(self) -> tuple[str, ...]:
        """The folders at the top of the site that hold the site's own files."""
        return (self.people, self.organisations, self.decisions, self.actions, ASSETS_FOLDER, SEARCH_FOLDER,
                DATA_FOLDER)


SWEDISH = SitePaths(people="personer", organisations="organisationer", decisions="beslut", actions="atgarder",
                    no_due="utan-slutdatum", part="del", notice_board="anslagstavla", open_data="oppna-data",
                    statement="tillganglighet", feed="flode", calendar="kalender", archive="arkiv", schema="schema",
                    item="punkt", paragraph="paragraf")
ENGLISH = SitePaths(people="people", organisations="organisations", decisions="decisions", actions="actions",
                    no_due="no-due-date", part="part", notice_board="notice-board", open_data="open-data",
                    statement="accessibility", feed="feed", calendar="calendar", archive="archive", schema="schema",
                    item="item", paragraph="section")
_BY_LANGUAGE = {"sv": SWEDISH, "en": ENGLISH}


def site_paths(language: str) -> SitePaths:
    """The paths of a site whose interface speaks `language`; a language without names of its
    own gets the English ones."""
    return _BY_LANGUAGE.get(language, ENGLISH)
