"""Render stage: the Archive becomes pages, one at a time (a generator, so pages stream to disk).

Templates see the domain objects plus a few view helpers; every link is relative to the page
(`root` is the way back to the site root), so the site works from any sub-path and from file://.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from itertools import groupby
from typing import Any

import markupsafe
import rcssmin
import rjsmin
from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup

from generator.common.hashing import digest
from generator.common.pool import collector_paused
from generator.load.config import SiteConfig
from generator.common import paths
from generator.common.files import OutputFile, StreamedFile
from generator.load.accessibility import DIGG_REPORT_URL
from generator.common.i18n import heading_date, long_date, messages, number, plural, short_date
from generator.model.domain import Archive, Body, Meeting, Participant
from generator.render.registers import install as install_registers, meeting_page_inputs, register_inputs, register_producers
from generator.render.typeset import LONG_PROSE_WORD, typeset
from generator.theme import ASSETS, asset_sources, has_layout, layout_folders
from generator.publish import appeal_states, install_template_helpers, publication_inputs, publication_page_inputs, publication_producers
from generator.load.vocabulary import ROLES

LATEST_ON_HOME = 10


def root_of(path: str) -> str:
    """The relative way from a page to the site root: 'a/b.html' -> '../'."""
    return "../" * path.count("/")


class AttributeDict(dict):
    """A dict whose keys templates read as attributes (`t.registers.people`) cheaply. Jinja tries
    getattr() before the key, and on a plain dict every such lookup raises and catches an
    AttributeError first: hundreds per page. As on a plain dict, dict's own methods (`items`)
    win over keys of the same name."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


def attribute_dicts(value: Any) -> Any:
    """`value` with every dict in it, however deep, an AttributeDict."""
    if isinstance(value, dict):
        return AttributeDict({key: attribute_dicts(item) for key, item in value.items()})
    if isinstance(value, list):
        return [attribute_dicts(item) for item in value]
    return value


def statement_text(language: str, jurisdiction: str) -> Any:
    """The accessibility statement's wording: `a11y:` of the language file, with `a11y_eu:` or
    `a11y_plain:` replacing the passages that cite Swedish law (load/accessibility.py)."""
    text = messages(language)
    wording = dict(text["a11y"])
    if jurisdiction != "se":
        wording.update(text[f"a11y_{jurisdiction}"])
    return attribute_dicts(wording)


_escape_text = getattr(markupsafe, "_escape_inner", None)  # markupsafe 3: the escaping alone, a str


def output_escape(value: Any, _type=type, _str=str, _markup=Markup, _escape=markupsafe.escape) -> Any:
    """`markupsafe.escape` for the values a template writes (`{{ x }}`), where compiled templates
    call it a million times at 1,000 meetings. Jinja joins what they write into the page at once,
    so plain text may stay a str and Markup stay as it is: the same characters, without the new
    Markup object per value that `escape` makes (a fifth of its cost)."""
    kind = _type(value)
    if kind is _str:
        return _escape_text(value)
    if kind is _markup:
        return value
    return _escape(value)


class OutputEscapeTemplate(Template):
    """A template whose compiled code writes its values through `output_escape`. Compiled code
    calls `escape` only on what it writes (jinja2.compiler: `_output_child_pre`); a value that
    goes anywhere else (a filter, a macro argument, `~`) keeps Markup's own escaping."""

    @classmethod
    def _from_namespace(cls, environment: Environment, namespace: Any, globals: Any) -> Template:
        if _escape_text is not None:
            namespace["escape"] = output_escape
        return super()._from_namespace(environment, namespace, globals)


def make_environment(config: SiteConfig) -> Environment:
    env = Environment(
        loader=FileSystemLoader([str(folder) for folder in layout_folders(config)]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # A renderer lives for one build: without this, every include of every page stats its file.
        auto_reload=False,
    )
    env.template_class = OutputEscapeTemplate
    text = messages(config.language)
    env.globals.update(site=config, t=text, lang=text["lang"])
    env.filters["long_date"] = lambda d: long_date(d, config.language)
    env.filters["heading_date"] = lambda d: heading_date(d, config.language)
    # Interface formatting (i18n.py): `date` for dates shown in lists and headings, `number`,
    # and `plural` (a {one:, other:} entry of the language file plus a count).
    env.filters["date"] = lambda d: short_date(d, config.language) if d else ""
    env.filters["number"] = lambda n: number(n, config.language)
    env.filters["plural"] = lambda forms, n: plural(forms, n, config.language)
    # `cl`: the lang attribute for editors' content (minutes, names, config text) and `ul` for
    # interface text inside such content; both empty when interface and content share a language.
    mixed = config.content_language != text["lang"]
    env.globals.update(
        content_lang=config.content_language,
        cl=Markup(f' lang="{config.content_language}"') if mixed else Markup(""),
        ul=Markup(f' lang="{text["lang"]}"') if mixed else Markup(""),
        statement_path=config.paths.statement_page, digg_report_url=DIGG_REPORT_URL,
    )
    env.filters["iso"] = lambda d: d.isoformat() if d else ""
    # `typeset`: soft hyphens in the long words of headings, cells and badges (render/typeset.py);
    # content in the content's language unless told: `t.x | typeset(lang)` for interface text.
    env.filters["typeset"] = lambda value, language=config.content_language: typeset(value, language)
    env.filters["typeset_prose"] = lambda value: typeset(value, config.content_language, LONG_PROSE_WORD)
    return env


def participants_by_role(people: tuple[Participant, ...]) -> list[tuple[str, list[Participant]]]:
    """Present participants grouped by role in the order of ROLES; unknown roles last."""
    present = [p for p in people if not p.absent]
    order = {role: index for index, role in enumerate(ROLES)}
    present.sort(key=lambda p: order.get(p.role, len(ROLES)))
    return [(role, list(group)) for role, group in groupby(present, key=lambda p: p.role)]


def meetings_by_year(meetings: tuple[Meeting, ...]) -> list[tuple[int, list[Meeting]]]:
    newest_first = sorted(meetings, key=lambda m: (m.date, m.slug), reverse=True)
    return [(year, list(group)) for year, group in groupby(newest_first, key=lambda m: m.year)]


def meeting_heading(meeting: Meeting, text: dict[str, Any]) -> str:
    return meeting.title or f"{text['kinds'].get(meeting.kind, meeting.kind)} {meeting.date.isoformat()}"


def _renderer_for(archive: Archive, config: SiteConfig, bytecode_cache: Any) -> "SiteRenderer":
    renderer = SiteRenderer(archive, config)
    renderer.env.bytecode_cache = bytecode_cache
    return renderer


class SiteRenderer:
    def __init__(self, archive: Archive, config: SiteConfig):
        self.archive = archive
        self.config = config
        self.env = make_environment(config)
        self.text = messages(config.language)
        self._body_digests: dict[str, str] = {}
        self.civic = install_registers(self)  # template helpers: person, attachment and meeting links
        install_template_helpers(self.env, config)  # appeal period, publication dates, JSON-LD
        for name, value in self.env.globals.items():  # the interface text, register and feed paths
            if isinstance(value, dict):
                self.env.globals[name] = attribute_dicts(value)

    def __reduce__(self):
        # A worker started by forkserver (`minutes serve` has threads, so it cannot fork)
        # receives the renderer pickled; its Jinja environment holds closures that do not
        # pickle, so the worker builds its own from the same archive and config.
        return _renderer_for, (self.archive, self.config, self.env.bytecode_cache)

    def streamed_page(self, template: str, path: str, **context: Any) -> StreamedFile:
        return StreamedFile(path, self.env.get_template(template).generate(root=root_of(path), page_path=path, **context))

    def page(self, template: str, path: str, **context: Any) -> OutputFile:
        html = self.env.get_template(template).render(root=root_of(path), page_path=path, **context)
        return OutputFile(path, html.encode("utf-8"))

    def home(self) -> OutputFile:
        latest = sorted(self.archive.meetings, key=lambda m: (m.date, m.body_slug, m.slug), reverse=True)
        bodies = [(body, self.archive.meetings_of(body.slug)) for body in self.archive.bodies]
        return self.page("home.html", paths.HOME, bodies=bodies, latest=latest[:LATEST_ON_HOME],
                         body_of=self.archive.body, heading=meeting_heading)

    def body(self, body: Body) -> OutputFile:
        meetings = self.archive.meetings_of(body.slug)
        return self.page("body.html", body.url, body=body, years=meetings_by_year(meetings),
                         heading=meeting_heading, roles=participants_by_role(body.members),
                         absent=[m for m in body.members if m.absent], **self._content_marks(body))

    def _content_marks(self, body: Body | None) -> dict[str, Any]:
        """`cl`, `ul` and `content_lang` (make_environment) for the pages of a body whose minutes
        are in another language than the site's content_language; nothing for the others."""
        language = (body.language if body else "") or self.config.content_language
        if language == self.config.content_language:
            return {}
        interface = self.env.globals["lang"]
        mixed = language != interface
        return {"content_lang": language, "cl": Markup(f' lang="{language}"') if mixed else Markup(""),
                "ul": Markup(f' lang="{interface}"') if mixed else Markup("")}

    def meeting_page_inputs(self, meeting: Meeting) -> tuple:
        """What a meeting's page depends on besides its own file and the templates, config and
        code: the cache re-renders the page when this changes. Anything a meeting page shows
        about other files must be reflected here, or cached pages go stale."""
        return (self._body_inputs(meeting.body_slug), meeting_page_inputs(self, meeting),
                publication_page_inputs(meeting, self.config))

    def _body_inputs(self, slug: str) -> str:
        """The body, its meetings' headers and the people registry, hashed once per body."""
        if slug not in self._body_digests:
            siblings = tuple((m.slug, m.date, m.status, m.title) for m in self.archive.meetings_of(slug))
            self._body_digests[slug] = digest(self.archive.body(slug), siblings, self.archive.people)
        return self._body_digests[slug]

    def meeting(self, meeting: Meeting) -> OutputFile:
        previous, following = self.archive.neighbours(meeting)
        body = self.archive.body(meeting.body_slug)
        return self.page("meeting.html", meeting.url, meeting=meeting, body=body,
                         previous=previous, following=following, heading=meeting_heading,
                         roles=participants_by_role(meeting.participants),
                         absent=[p for p in meeting.participants if p.absent], **self._content_marks(body))

    def search(self) -> OutputFile:
        years = sorted({m.year for m in self.archive.meetings}, reverse=True)
        statuses = sorted({m.status for m in self.archive.meetings if m.items})
        return self.page("search.html", paths.SEARCH_PAGE, bodies=self.archive.bodies, years=years, statuses=statuses)

    def accessibility(self) -> OutputFile:
        statement = self.config.accessibility
        return self.page("accessibility.html", self.config.paths.statement_page, statement=statement,
                         a=statement_text(self.config.language, statement.jurisdiction))

    def not_found(self) -> OutputFile:
        # A host serves 404.html at any depth, so relative links cannot work there; with a
        # base URL the page links absolutely, without one it assumes the site root.
        html = self.env.get_template("404.html").render(root=self.config.base_url or "", page_path=paths.NOT_FOUND)
        return OutputFile(paths.NOT_FOUND, html.encode("utf-8"))

    def page_producers(self) -> dict[str, Callable[[], Iterator[OutputFile]]]:
        """Independent groups of pages, which the pipeline may render in parallel, and reuses
        from the last build when neither the archive's pages nor `producer_inputs` changed. The
        larger groups come first, so that the worker processes finish at about the same time."""
        producers = {**register_producers(self), **publication_producers(self),
                     "core": self.core_pages}
        return {name: partial(without_cycle_collection, producer) for name, producer in producers.items()}

    def producer_inputs(self) -> dict[str, object]:
        """What each producer reads besides the meetings, bodies, people, templates and config."""
        return {**register_inputs(self), **publication_inputs(self), "core": appeal_states(self.archive, self.config)}

    def core_pages(self) -> Iterator[OutputFile]:
        yield self.home()
        for body in self.archive.bodies:
            yield self.body(body)
        if has_layout(self.config, paths.SEARCH_PAGE):
            yield self.search()
        yield self.accessibility()
        yield self.not_found()

    def pages(self) -> Iterator[OutputFile]:
        """Every page but the meetings' own, which the pipeline renders in parallel (and caches)."""
        for producer in self.page_producers().values():
            yield from producer()


def without_cycle_collection(producer: Callable[[], Iterator[OutputFile]]) -> Iterator[OutputFile]:
    """Run a producer with Python's cycle collector paused. Rendering creates and drops container
    objects by the million, which keeps the collector running, and its collections of the oldest
    generation walk the whole archive (a third to a half of the register pages' time at 10,000
    meetings). The producers leave next to no reference cycles behind (gc.collect() after one
    finds a few dozen objects at most), so pausing costs no memory."""
    with collector_paused():
        yield from producer()


def asset_files(config: SiteConfig) -> Iterator[OutputFile]:
    """The theme's assets and the project's own, copied to output/assets/ in a stable order; the
    theme's scripts and styles minified."""
    for relative, path in asset_sources(config):
        data = path.read_bytes()
        if path.is_relative_to(ASSETS):
            data = minified(relative, data)
        yield OutputFile(f"{paths.ASSETS_FOLDER}/{relative}", data)


def minified(name: str, data: bytes) -> bytes:
    """The theme's script or style without comments and spare whitespace: the search page's scripts
    are a fifth of a first query's bytes, and the style sheet is on every page. A project's own
    files are copied as they are (they are the editor's, and may be minified already). License
    comments (`/*! ... */`) stay."""
    if name.endswith(".min.js") or not name.endswith((".js", ".css")):
        return data
    text = data.decode("utf-8")
    if name.endswith(".js"):
        return rjsmin.jsmin(text, keep_bang_comments=True).encode("utf-8")
    return rcssmin.cssmin(text, keep_bang_comments=True).encode("utf-8")
