"""Markdown of a meeting, parsed once into items, sections, decisions, actions and redactions.

One configured markdown-it-py does the parsing; the token stream is then walked to find the
conventions of docs/content-format.md. Token slices are rendered to HTML and sanitised with nh3,
so editors keep harmless inline HTML (the seeds carry <i>) and nothing that can run script.
Redacted (sekretess) blocks are cut out of the token stream here, before anything is rendered or
indexed: their text never reaches a later stage.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markdown_it.rules_core import normalize
from markdown_it.token import Token
from mdit_py_plugins.container import container_plugin
from mdit_py_plugins.footnote import footnote_plugin

from generator.common.dates import RANGE_TEXT, in_range, out_of_range
from generator.common.errors import Problem, SourceLocation, did_you_mean, error, warning
from generator.model.links import relative_links
from generator.model.domain import LinkRef, Action, Decision, Html, Item, Part, Redaction, Section
from generator.model.headings import Anchors, HeadingNumber, base_anchor, split_number, title_children, without_links
from generator.model.mistakes import heading_slips, unclosed_blocks
from generator.model.rawhtml import ALLOWED_TAGS, URL_SCHEMES, fix_blocks
from generator.load.vocabulary import Vocabulary, foreign_term, normalise, term_hint, vocabulary
from generator.model.actions import ActionHeader, NotActions, column_title, expected_header, read_action_header
from generator.common.slugs import slugify
from generator.common.whitespace import collapse_whitespace

ALLOWED_ATTRIBUTES = {"a": {"href", "title", "id"}, "abbr": {"title"}, "ol": {"start"}, "th": {"scope"},
                      "img": {"src", "alt", "title"}, "li": {"id"}}
# The footnotes' ids and links (fn1, fnref1, fnref1:2): the only ids Markdown may set.
_FOOTNOTE_ID = re.compile(r"fn(?:ref)?\d+(?::\d+)?")
_FIELD_LINE = re.compile(r"^\s*(?P<key>[A-Za-zÅÄÖåäöÉé]+(?: [A-Za-zÅÄÖåäöÉé]+){0,2})\s*:\s*(?P<value>.*)$")
_ATT_CLAUSE = re.compile(r"^(samt |och )?att\b", re.IGNORECASE)


def _is_sekretess(params: str, *_: object) -> bool:
    return (params.split(None, 1) or [""])[0].lower() == "sekretess"


_UNKNOWN_BLOCK = re.compile(r"^:{3,}\s*(?P<name>[^\s:]+)")


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    return _parser_without(frozenset())


@lru_cache(maxsize=64)
def _parser_without(disabled: frozenset[str]) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    # Case and spacing do not matter: '::: Sekretess' must never fall through as visible text.
    container_plugin(md, name="sekretess", validate=_is_sekretess)
    footnote_plugin(md)
    # The footnotes are shown in a section of their own under the items (layouts/meeting.html),
    # as an ordered list whose entries link back to where they were cited.
    md.add_render_rule("footnote_block_open", lambda *_: '<ol class="footnotes-list">\n')
    md.add_render_rule("footnote_block_close", lambda *_: "</ol>\n")
    if disabled:
        md.disable(sorted(disabled))
    if _plain_text_is_one_token(md):
        md.core.ruler.at("inline", _inline_unless_plain)
    if md.core.ruler.__rules__[md.core.ruler.__find__("normalize")].fn is normalize:
        md.core.ruler.at("normalize", _normalize_unless_normal)
    return md


def _normalize_unless_normal(state) -> None:
    """markdown-it's core normalize rule (rules_core/normalize.py): CR line ends become LF, NUL
    becomes U+FFFD. Its regex rewrites every line end, each LF into an LF too, at a few per cent
    of a parse; a text with neither CR nor NUL, nearly every one, is left as it is."""
    if "\r" in state.src or "\0" in state.src:
        normalize(state)


# The inline rules markdown_parser() enables, and the characters at which any of them can start:
# the text rule only gathers characters, and '!' (image) and '^' (inline footnote) start a rule
# only before a '['. In a text without these characters no rule fires, and markdown-it's inline
# parser, which tries every rule at every punctuation mark, makes one text token of it.
_INLINE_RULES = frozenset({"text", "newline", "escape", "backticks", "strikethrough", "emphasis", "link", "image",
                           "footnote_inline", "footnote_ref", "autolink", "html_inline", "entity"})
_INLINE_MARKUP = re.compile(r"[\n\\`~*_\[<&]")


def _plain_text_is_one_token(md: MarkdownIt) -> bool:
    """Whether _INLINE_MARKUP holds for `md`: only known inline rules, no linkify or typographer
    (another markdown-it version or setting keeps markdown-it's own inline rule)."""
    return (set(md.inline.ruler.get_active_rules()) <= _INLINE_RULES
            and not md.options.get("linkify") and not md.options.get("typographer"))


def _inline_unless_plain(state) -> None:
    """markdown-it's core inline rule (rules_core/inline.py), with the same tokens: a text with
    no inline markup becomes its one text token directly. Nine in ten inline texts of real
    minutes are such (headings, table cells, one-line paragraphs)."""
    for token in state.tokens:
        if token.type == "inline":
            if token.children is None:
                token.children = []
            content = token.content
            if content and _INLINE_MARKUP.search(content) is None:
                text = Token("text", "", 0)
                text.content = content
                token.children.append(text)
            else:
                state.md.inline.parse(content, state.md, state.env, token.children)


# What a text must contain for a rule to fire: a block rule needs its marker at a line start, an
# inline rule its character at the position it starts. markdown-it tries every block rule at
# every line and every inline rule at every punctuation mark, so a parser without the rules that
# cannot fire on a text gives the very same tokens, faster. (Without the code rule markdown-it
# also stops calling 4-space indents code; without 4 spaces or a tab there are none.)
_RULE_NEEDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("table", ("|",)), ("code", ("    ", "\t")), ("container_sekretess", (":::",)), ("fence", ("```", "~~~")),
    ("blockquote", (">",)), ("reference", ("]:",)), ("html_block", ("<",)),
    ("html_inline", ("<",)), ("autolink", ("<",)), ("entity", ("&",)), ("backticks", ("`",)),
    ("image", ("![",)), ("link", ("[",)), ("escape", ("\\",)), ("strikethrough", ("~",)),
    ("footnote_def", ("[^",)), ("footnote_ref", ("[^",)), ("footnote_inline", ("^[",)),
)
# Each needle once: "<" and "[^" serve three rules and two. A needle holding a one-character
# needle ("```" holds "`") is looked for only where that character was found: most texts have
# none of "[`~", and each search for what is absent reads the whole text.
_NEEDLES: tuple[str, ...] = tuple(dict.fromkeys(needle for _, needles in _RULE_NEEDS for needle in needles))
_CHARACTERS = tuple(needle for needle in _NEEDLES if len(needle) == 1)
_LONGER: tuple[tuple[str, str | None], ...] = tuple(
    (needle, next((character for character in _CHARACTERS if character in needle), None))
    for needle in _NEEDLES if len(needle) > 1)
# A setext underline: '===' or '---' alone on its line, after indentation or blockquote markers;
# on the first line, or after a line end (a literal first character, which re finds by a fast
# scan: four times faster than trying a MULTILINE '^' at every character).
_SETEXT_FIRST_LINE = re.compile(r"[ \t>]*(?:=+|-+)[ \t]*(?:\n|\Z)")
_SETEXT_LATER_LINE = re.compile(r"\n[ \t>]*(?:=+|-+)[ \t]*(?=\n|\Z)")


def parser_for(text: str) -> MarkdownIt:
    """The parser for `text`: markdown_parser() without the rules that cannot fire on it."""
    if "\r" in text:  # markdown-it reads a lone CR as a line end; the checks above do not
        return markdown_parser()
    present = {character for character in _CHARACTERS if character in text}
    present.update(needle for needle, held in _LONGER if (held is None or held in present) and needle in text)
    disabled = [rule for rule, needles in _RULE_NEEDS if present.isdisjoint(needles)]
    if _SETEXT_FIRST_LINE.match(text) is None and _SETEXT_LATER_LINE.search(text) is None:
        disabled.append("lheading")
    return _parser_without(frozenset(disabled))


# Built once: nh3.clean() converts the allow-lists anew on every call, which costs more than
# cleaning a typical fragment.
def _attribute_filter(element: str, attribute: str, value: str) -> str | None:
    if attribute == "id":
        return value if _FOOTNOTE_ID.fullmatch(value) else None
    return value


_CLEANER = nh3.Cleaner(tags=set(ALLOWED_TAGS), attributes=ALLOWED_ATTRIBUTES, url_schemes=set(URL_SCHEMES),
                       link_rel="noopener noreferrer", attribute_filter=_attribute_filter)


def sanitize(html: str) -> str:
    return _CLEANER.clean(html)


def _parse_raw(text: str, md: MarkdownIt) -> list[Token]:
    try:
        return md.parse(text)
    except IndexError:
        # mdit-py-plugins' container rule reads past the end of a text that ends inside a block
        # quote without a final newline ('> ::: sekretess x\n> '); with one, it parses.
        return md.parse(text + "\n")


def _reparse_without_html_blocks(text: str) -> list[Token]:
    return _parse_raw(text, _parser_without(frozenset({"html_block"})))


def parse(text: str) -> list[Token]:
    """The tokens of `text`, with raw HTML that is not safe to keep turned into text (rawhtml)."""
    tokens = _parse_raw(text, parser_for(text))
    return fix_blocks(tokens, _reparse_without_html_blocks)


def render_tokens(tokens: list[Token]) -> str:
    md = markdown_parser()
    return sanitize(md.renderer.render(tokens, md.options, {})).strip()


def render_markdown(text: str) -> str:
    """Render a free Markdown text (a body's description) safely; sekretess blocks are dropped."""
    tokens = _cut_redactions(parse(text), _Context("", 1, []))
    return render_tokens([t for t in tokens if t.type != "redaction"])


_TEXT_TOKENS = frozenset(("text", "code_inline"))
_TEXT_OR_BREAK_TOKENS = _TEXT_TOKENS | {"softbreak", "hardbreak"}


def plain_text(inline: Token) -> str:
    """The visible text of an inline token: no Markdown syntax, no raw HTML tags."""
    children = inline.children or ()
    if len(children) == 1 and children[0].type == "text":  # most paragraphs: one line of plain text
        return collapse_whitespace(children[0].content)
    out = [child.content if child.type in _TEXT_TOKENS else " "
           for child in children if child.type in _TEXT_OR_BREAK_TOKENS]
    return collapse_whitespace("".join(out))


@dataclass
class ParsedMeetingBody:
    preamble: tuple[Part, ...]
    items: tuple[Item, ...]
    plain_texts: tuple[str, ...]  # one per item: what the search index may see
    problems: list[Problem] = field(default_factory=list)
    title: str = ""  # the text of a leading level-1 heading ('# Protokoll 4/2015')
    title_line: int | None = None
    footnotes: tuple[Part, ...] = ()
    links: tuple[LinkRef, ...] = ()


@dataclass
class _Context:
    rel: str
    body_line: int
    problems: list[Problem]
    words: Vocabulary = field(default_factory=vocabulary)  # the content language's keywords
    redacted: bool = True  # False once the text is known to hold no sekretess block
    # Plain text by id() of the inline token (the tokens outlive the parse), made once per
    # token: an item's search text, headings, decisions and action tables all read them.
    texts: dict[int, str] = field(default_factory=dict)
    anchor_words: tuple[str, str] = ("punkt", "paragraf")  # the site's words for item anchors
    # False for `minutes check`: no fragment is rendered (nor sanitised), no section kept and no
    # search text joined; the facts and problems are the same without them.
    html: bool = True

    def plain(self, inline: Token) -> str:
        text = self.texts.get(id(inline))
        return plain_text(inline) if text is None else text

    def location(self, token: Token) -> SourceLocation:
        line = self.body_line + token.map[0] if token.map else None
        return SourceLocation(self.rel, line)

    def line(self, token: Token) -> int | None:
        return self.location(token).line


def _cut_redactions(tokens: list[Token], ctx: _Context) -> list[Token]:
    """Replace each sekretess block, contents and all, by one marker token carrying its ground."""
    out: list[Token] = []
    depth = 0
    for token in tokens:
        if token.type == "container_sekretess_open":
            if depth == 0:
                ground = token.info.strip()[len("sekretess"):].strip()
                if not ground:
                    ctx.problems.append(error(ctx.rel, ctx.line(token), "a sekretess block must name its legal ground.",
                                              "Write it after the word: '::: sekretess Upphandlingssekretess'."))
                marker = Token("redaction", "", 0, map=token.map, info=ground, meta={"location": ctx.location(token)})
                out.append(marker)
            depth += 1
            continue
        if token.type == "container_sekretess_close":
            depth -= 1
            continue
        if depth == 0:
            unknown = _UNKNOWN_BLOCK.match(token.content) if token.type == "inline" else None
            if unknown:  # a misspelt '::: sekretess' would otherwise publish the secret text
                ctx.problems.append(error(ctx.rel, ctx.line(token), f"'{unknown.group(0)}' is not a known block.",
                                          "A redacted passage starts with '::: sekretess <legal ground>'. "
                                          + did_you_mean(unknown.group("name").lower(), ("sekretess",))))
            out.append(token)
    return out


def _split(tokens: list[Token], tags: tuple[str, ...] | None = None) -> list[list[Token]]:
    """Split a flat token list before every top-level heading (of one of `tags`, if given)."""
    cuts = [index for index, token in enumerate(tokens)
            if token.type == "heading_open" and token.level == 0 and index and (tags is None or token.tag in tags)]
    if not cuts:
        return [tokens]
    return [tokens[start:end] for start, end in zip([0, *cuts], [*cuts, len(tokens)])]


def _to_parts(tokens: list[Token], redacted: bool = True, html: bool = True) -> tuple[Part, ...]:
    if not html:  # the redactions alone: the items' lists of them are made from the parts
        return tuple(Redaction(t.info, SourceLocation("", None) if t.map is None else t.meta["location"])
                     for t in tokens if t.type == "redaction") if redacted else ()
    if not redacted:  # no marker tokens to cut at: one fragment
        html = render_tokens(tokens) if tokens else ""
        return (Html(html),) if html else ()
    parts: list[Part] = []
    run: list[Token] = []

    def flush() -> None:
        html = render_tokens(run) if run else ""
        if html:
            parts.append(Html(html))
        run.clear()

    for token in tokens:
        if token.type == "redaction":
            flush()
            parts.append(Redaction(token.info, SourceLocation("", None) if token.map is None else token.meta["location"]))
        else:
            run.append(token)
    flush()
    return tuple(parts)


def _table_rows(tokens: list[Token]) -> list[tuple[Token, list[Token]]]:
    """(tr_open token, its cells' inline tokens) for each row of a table token slice."""
    rows: list[tuple[Token, list[Token]]] = []
    for token in tokens:
        if token.type == "tr_open":
            rows.append((token, []))
        elif token.type == "inline" and rows:
            rows[-1][1].append(token)
    return rows


def _parse_date_cell(text: str) -> dt.date | None:
    try:
        date = dt.date.fromisoformat(text)
    except ValueError:
        return None
    return date if in_range(date) else None  # registers and feeds compute with due dates


def _actions_from_table(tokens: list[Token], ctx: _Context) -> tuple[Action, ...] | None:
    rows = _table_rows(tokens)
    if not rows:
        return None
    header_cells = [ctx.plain(cell) for cell in rows[0][1]]
    words = ctx.words
    header = read_action_header(header_cells, words)
    if not isinstance(header, ActionHeader):
        if isinstance(header, NotActions):
            ctx.problems.append(warning(
                ctx.rel, ctx.line(rows[0][0]),
                f"this table starts with {column_title(words, 'action')} but is not read as actions: its columns "
                f"{', '.join(repr(c) for c in header.unknown)} are none of "
                f"{', '.join(column_title(words, c) for c in ('due', 'responsible', 'done'))}.",
                f"Head an action table {expected_header(words)}, or the actions are in no register."))
        elif len(header_cells) >= 3 and all(foreign_term("action_columns", h, words.language) for h in header_cells[:3]):
            ctx.problems.append(warning(ctx.rel, ctx.line(rows[0][0]),
                                        f"the table '{' | '.join(header_cells[:3])}' is not read as actions: "
                                        f"its headers are not {words.name}.",
                                        f"This archive's minutes are in {words.name} ({words.language}): "
                                        f"write '{expected_header(words)}'."))
        return None
    header_line = ctx.line(rows[0][0])
    for written, meant in header.slips:
        ctx.problems.append(warning(ctx.rel, header_line, f"the action table's column '{written}' is read as '{meant}'.",
                                    f"Did you mean '{meant}'? Write it so."))
    if "action" not in header.columns:
        ctx.problems.append(error(ctx.rel, header_line, f"this action table has no {column_title(words, 'action')} column.",
                                  f"Head it {expected_header(words)}."))
        return ()
    if header.unknown:
        ctx.problems.append(warning(
            ctx.rel, header_line,
            f"the action table's column{'s' if len(header.unknown) > 1 else ''} "
            f"{', '.join(repr(c) for c in header.unknown)} {'are' if len(header.unknown) > 1 else 'is'} "
            "no action column: its cells are not published.",
            f"The columns are {expected_header(words)}; move the text into {column_title(words, 'action')}."))
    actions = []
    for row, cells in rows[1:]:
        texts = [ctx.plain(c) for c in cells]
        text = header.cell(texts, "action")
        due_text = header.cell(texts, "due")
        due = _parse_date_cell(due_text) if due_text else None
        if due_text and due is None and out_of_range(due_text):
            ctx.problems.append(error(ctx.rel, ctx.line(row), f"the due date '{due_text}' is outside the years {RANGE_TEXT}.",
                                      "Check the year for a typing mistake."))
        elif due_text and due is None:
            ctx.problems.append(error(ctx.rel, ctx.line(row), f"the due date '{due_text}' is not a date.",
                                      f"Write {column_title(words, 'due')} as YYYY-MM-DD, "
                                      "or leave the cell empty."))
        responsible = tuple(n.strip() for n in header.cell(texts, "responsible").split(";") if n.strip())
        if not text:
            ctx.problems.append(error(ctx.rel, ctx.line(row), "an action row has no text in the "
                                      f"{column_title(words, 'action')} column."))
        md = markdown_parser()
        action_cell = header.columns["action"]
        actions.append(Action(
            text_html=_shared(sanitize(md.renderer.renderInline(cells[action_cell].children or [], md.options, {})), text)
            if action_cell < len(cells) and ctx.html else "",
            text=text, due=due, responsible=responsible, done=header.cell(texts, "done"),
            location=ctx.location(row),
        ))
    return tuple(actions)


def _shared(text: str, other: str) -> str:
    """`text`, or `other` when they are equal: most titles and action texts have no markup, and
    the build keeps every meeting's titles and actions, whose HTML is then the same string
    (also once in a pickle: the results from the workers, the cache)."""
    return other if text == other else text


def _decision(tokens: list[Token], parts: tuple[Part, ...], ctx: _Context, heading: Token) -> Decision:
    """`parts` are the section's rendered `tokens`: without a redaction between them they are
    already the decision's HTML."""
    inlines = [t for t in tokens if t.type == "inline"]
    texts = [ctx.plain(t) for t in inlines]
    list_items = [text for t, text in zip(inlines, texts) if t.level >= 2]
    clauses = list_items if list_items and all(_ATT_CLAUSE.match(text) for text in list_items) else []
    if not parts or not ctx.html:
        html = ""
    elif len(parts) == 1 and isinstance(parts[0], Html):
        html = parts[0].html
    else:
        html = render_tokens([t for t in tokens if t.type != "redaction"])
    return Decision(html=html, text=" ".join(texts), clauses=tuple(clauses), location=ctx.location(heading))


def _section(heading: Token | None, inline: Token | None, tokens: list[Token], ctx: _Context) -> Section:
    title = ctx.plain(inline) if inline else ""
    level = int(heading.tag[1]) if heading else 0
    kind = (ctx.words.concept("sections", title) or "other") if heading else "text"
    if kind == "other" and inline is not None:
        _check_section_heading(title, inline, ctx)
    actions: list[Action] = []
    kept: list[Token] = []
    # Pull action tables out of the flow; they are rendered as the register's table.
    index = 0
    if not any(token.type == "table_open" and token.level == 0 for token in tokens):
        kept, index = tokens, len(tokens)  # no table: every token stays
    while index < len(tokens):
        token = tokens[index]
        if token.type == "table_open" and token.level == 0:
            end = next(j for j in range(index, len(tokens)) if tokens[j].type == "table_close" and tokens[j].level == 0)
            table = tokens[index : end + 1]
            found = _actions_from_table(table, ctx)
            if found is not None:
                actions.extend(found)
                if kind == "other" or kind == "text":
                    kind = kind  # a table of actions inside any section is still an action list
            else:
                kept.extend(table)
            index = end + 1
            continue
        kept.append(token)
        index += 1
    parts = _to_parts(kept, ctx.redacted, ctx.html)
    decision = _decision(kept, parts, ctx, heading) if kind == "decision" and heading else None
    return Section(kind=kind, heading=title, level=level, parts=parts, decision=decision,
                   actions=tuple(actions))


def _check_section_heading(title: str, inline: Token, ctx: _Context) -> None:
    """A heading that is another language's section word ('Conclusion' in Swedish minutes) or one
    letter or two off this language's ('Beslt') would silently lose its meaning: a decision would
    be missing from the decision register."""
    if len(title) > 40 or not title[:1].isalpha():
        return
    hint = term_hint("sections", title, ctx.words.language, cutoff=0.85)
    if hint:
        ctx.problems.append(warning(ctx.rel, ctx.line(inline),
                                    f"the heading '{title}' is not read as a section of its own.", hint))


def _with_decision_subjects(sections: tuple[Section, ...], item_anchor_: str) -> tuple[Section, ...]:
    """Give a decision under a sub-heading ('### Medfinansiering', then '#### Beslut') that
    sub-heading's title, and the sub-heading an anchor (the item's, then the title's slug) that
    both carry: an item with several such decisions is listed in the registers by their subjects."""
    if not any(s.decision for s in sections) or not any(s.level and s.kind != "decision" for s in sections):
        return sections
    result = list(sections)
    used: set[str] = set()
    for index, section in enumerate(sections):
        if not section.decision:
            continue
        parent = next((j for j in range(index - 1, -1, -1)
                       if result[j].heading and 0 < result[j].level < section.level and result[j].kind != "decision"), None)
        if parent is None:
            continue
        owner = result[parent]
        if not owner.anchor:
            base = f"{item_anchor_}-{slugify(owner.heading)}".rstrip("-")
            anchor, n = base, 2
            while anchor in used:
                anchor, n = f"{base}-{n}", n + 1
            used.add(anchor)
            owner = result[parent] = replace(owner, anchor=anchor)
        result[index] = replace(section, decision=replace(section.decision, subject=owner.heading, anchor=owner.anchor))
    return tuple(result)


def _item_fields(tokens: list[Token], ctx: _Context) -> tuple[dict[str, list[str]], list[Token]]:
    """Read the 'Föredragande: ...' lines at the top of an item; return them and the rest."""
    fields: dict[str, list[str]] = {}
    index = 0
    while (index + 2 < len(tokens) and tokens[index].type == "paragraph_open"
           and tokens[index].level == 0 and tokens[index + 1].type == "inline"):
        inline = tokens[index + 1]
        lines = [line.strip() for line in inline.content.split("\n") if line.strip()]
        first = _FIELD_LINE.match(lines[0]) if lines else None
        if not first or not ctx.words.concept("item_lines", first.group("key")):
            if first and len(first.group("key")) > 3:
                found = foreign_term("item_lines", first.group("key"), ctx.words.language)
                close = term_hint("item_lines", first.group("key"), ctx.words.language) \
                    if found or " " not in first.group("key") else ""
                if close:
                    ctx.problems.append(warning(ctx.rel, ctx.line(inline),
                                                f"'{first.group('key')}:' is not a known item line.", close))
            break
        key = None
        continues = False
        text_lines: list[int] = []  # lines under the item lines that are text, not more names
        for number, line in enumerate(lines):
            match = _FIELD_LINE.match(line)
            concept = ctx.words.concept("item_lines", match.group("key")) if match else None
            if concept:
                key = concept
                value = match.group("value")
            elif continues and key is not None:
                value = line  # the previous line ended with ';': this one lists more values
            else:
                text_lines.append(number)
                continues = False
                continue
            continues = value.rstrip().endswith(";")
            values = [_strip_markup(v) for v in value.split(";")]
            fields.setdefault(key, []).extend(v for v in values if v and v != "-")
        if text_lines:
            rest = parse("\n".join(lines[number] for number in text_lines))
            offset = (inline.map[0] if inline.map else 0) + text_lines[0]
            for token in rest:
                if token.map:
                    token.map = [token.map[0] + offset, token.map[1] + offset]
                if token.type == "inline":
                    ctx.texts[id(token)] = plain_text(token)
            return fields, rest + tokens[index + 3:]
        index += 3
    return fields, tokens[index:]


def _strip_markup(text: str) -> str:
    """'**Erik Sedig**' -> 'Erik Sedig'; underscores inside file names stay."""
    text = text.strip()
    match = re.fullmatch(r"(\*\*|__|\*|_)(.+)\1", text)
    return match.group(2).strip() if match else text


def _heading_number(inline: Token, ctx: _Context):
    children = inline.children or ()
    # A number is plain text at the heading's start: '`12` Status' is a title in code.
    if not children or children[0].type != "text":
        return HeadingNumber("", ctx.plain(inline), 0)
    return split_number(ctx.plain(inline))


def _render_inline(children: list[Token]) -> str:
    md = markdown_parser()
    return sanitize(md.renderer.renderInline(children, md.options, {})).strip()


def _parse_item(chunk: list[Token], ctx: _Context, parsed_heading: HeadingNumber, wanted_anchor: str,
                anchors: Anchors) -> tuple[Item, str]:
    """The item under the heading chunk[0:3], whose number and anchor parse_meeting_body read."""
    heading, inline = chunk[0], chunk[1]
    number, title = parsed_heading.number, parsed_heading.title
    children = title_children(inline, parsed_heading.prefix_length)
    anchor, first_line = anchors.take(wanted_anchor, ctx.line(heading))
    if first_line is not None:
        what = f"item number '{number}'" if number else f"the heading '{title}'"
        ctx.problems.append(warning(ctx.rel, ctx.line(heading), f"{what} is used twice (first at line {first_line}); "
                                    f"published as written, with the anchor '#{anchor}'.",
                                    "If it is a mistake, give each item its own number; sub-items are written 6.1, 6.2."))
    body = chunk[3:]  # after heading_open, inline, heading_close
    fields, body = _item_fields(body, ctx)
    kind = ""
    for value in fields.get("kind", []):
        if ctx.words.concept("item_kinds", value):
            kind = ctx.words.concept("item_kinds", value) or ""
        else:
            ctx.problems.append(error(ctx.rel, ctx.line(heading),
                                      f"unknown {ctx.words.word('item_lines', 'kind').capitalize()} '{value}'.",
                                      term_hint("item_kinds", value, ctx.words.language)
                                      or did_you_mean(normalise(value), ctx.words.words("item_kinds"))))
    sections = []
    for part in _split(body):
        if part and part[0].type == "heading_open":
            sections.append(_section(part[0], part[1], part[3:], ctx))
        elif part:
            sections.append(_section(None, None, part, ctx))
    kept = _with_decision_subjects(tuple(s for s in sections if s.parts or s.actions or s.heading), anchor)
    title_html = _shared(_render_inline(children), title) if ctx.html else ""
    item = Item(number=number, title=title, anchor=anchor, kind=kind, title_html=title_html,
                title_link_html=_shared(_render_inline(without_links(children)), title_html) if ctx.html else "",
                presenters=tuple(fields.get("presenters", [])), attachments=tuple(fields.get("attachments", [])),
                sections=kept if ctx.html else (),
                decisions=tuple(s.decision for s in kept if s.decision),
                actions=tuple(a for s in kept for a in s.actions),
                redactions=tuple(p for s in kept for p in s.parts if isinstance(p, Redaction)),
                location=ctx.location(heading), depth=number.count(".") if number and not number.startswith("§") else 0)
    if not ctx.html:
        return item, ""
    texts = [item.number, item.title, *item.presenters, *item.attachments]
    plain = ctx.texts
    texts.extend(plain[id(token)] for token in body if token.type == "inline")
    return item, " ".join(t for t in texts if t)


def parse_meeting_body(text: str, rel: str, body_line: int, language: str = "",
                       anchor_words: tuple[str, str] = ("punkt", "paragraf"), html: bool = True) -> ParsedMeetingBody:
    """The meeting's items and problems; `html=False` (for `minutes check`): the same items and
    problems, without the HTML of their sections, titles and actions, and without search texts."""
    ctx = _Context(rel, body_line, [], vocabulary(language), anchor_words=anchor_words, html=html)
    tokens = parse(text)
    if ":::" in text or "```" in text or "~~~" in text:
        ctx.problems.extend(unclosed_blocks(tokens, text.split("\n"), rel, body_line))
    if "#" in text:
        ctx.problems.extend(heading_slips(tokens, rel, body_line))
    # A sekretess block, or a misspelt one, opens with ':::'; without one there is nothing to cut.
    ctx.redacted = ":::" in text
    if ctx.redacted:
        tokens = _cut_redactions(tokens, ctx)
    # Every inline's text, for the items' search texts; without them (html=False) ctx.plain makes
    # the few texts the model reads (titles, decisions, action cells) when it reads them.
    ctx.texts = {id(token): plain_text(token) for token in tokens if token.type == "inline"} if html else {}
    tokens, footnotes = _split_footnotes(tokens)
    title, title_line = "", None
    first = next((index for index, token in enumerate(tokens) if token.type != "redaction"), None)
    if first is not None and tokens[first].type == "heading_open" and tokens[first].tag == "h1":
        # A leading '# Title' is how Markdown documents name themselves: the meeting's title.
        title, title_line = ctx.plain(tokens[first + 1]), ctx.line(tokens[first])
        tokens = tokens[:first] + tokens[first + 3:]
    chunks = [chunk for chunk in _split(tokens, ("h1", "h2")) if chunk]
    headings = [_heading_number(chunk[1], ctx) for chunk in chunks if chunk[0].type == "heading_open"]
    wanted = [base_anchor(heading, ctx.anchor_words) for heading in headings]
    anchors = Anchors(wanted)
    preamble: tuple[Part, ...] = ()
    items: list[Item] = []
    texts: list[str] = []
    for chunk in chunks:
        if chunk[0].type != "heading_open":
            preamble = _to_parts(chunk, ctx.redacted) if html else ()
            continue
        index = len(items)
        item, item_text = _parse_item(chunk, ctx, headings[index], wanted[index], anchors)
        items.append(item)
        if html:
            texts.append(item_text)
    links = relative_links(tokens + footnotes, rel, body_line) if ("](" in text or "<" in text) else ()
    return ParsedMeetingBody(preamble, tuple(items), tuple(texts), ctx.problems, title, title_line,
                             _to_parts(footnotes, ctx.redacted) if footnotes and html else (), links)


def _split_footnotes(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """The footnotes' list (at the end of the stream) apart from the text that cites them."""
    start = next((index for index, token in enumerate(tokens) if token.type == "footnote_block_open"), None)
    if start is None:
        return tokens, []
    return tokens[:start], tokens[start:]

