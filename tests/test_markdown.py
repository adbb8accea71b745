import datetime as dt
import re
from html.parser import HTMLParser

import pytest

from generator.build.pipeline import check
from generator.model.markdown import parse_meeting_body, render_markdown
from generator.model.domain import Html, Redaction

def html_text(html: str) -> str:
    """The text a reader sees in an HTML fragment (with images' alt text)."""
    out: list[str] = []

    class Text(HTMLParser):
        def handle_data(self, data: str) -> None:
            out.append(data)

        def handle_starttag(self, tag, attrs) -> None:
            out.append(" " + " ".join(value or "" for name, value in attrs if name == "alt") + " ")

    parser = Text(convert_charrefs=True)
    parser.feed(html)
    parser.close()
    return " ".join("".join(out).split())


BODY = """\
Inledande text.

## 1. Mötets öppnande

Ordföranden öppnar mötet.

## 6.2 Brottsofferjouren

Föredragande: Erik Sedig; Lisa A L
Bilagor: RR_anteckningar_2017-05-24.docx;
KC Minnesanteckningar 2013-04-17
Ärendetyp: beslutsärende

### Bakgrund

En förfrågan har inkommit.

### Beslut

- att avslå förfrågan
- samt att meddela Umeå

| Åtgärd | Slutdatum | Ansvarig |
| --- | --- | --- |
| Svara <i>Umeå</i> | 2017-08-30 | Lisa Andersson Lindberg; Håkan Wretling |
| Påminn | | Lisa Andersson Lindberg |

## § 18 Utredning

::: sekretess Upphandlingssekretess
HEMLIG-MARKÖR-123 ska aldrig synas.
:::

Text efter.

## Underskrifter

Vid tangenterna: A
"""


def parsed():
    return parse_meeting_body(BODY, "content/x/2020-01-01.md", body_line=10)


def test_items_numbers_anchors_and_lines():
    result = parsed()
    assert result.problems == []
    assert [(i.number, i.title, i.anchor, i.location.line) for i in result.items] == [
        ("1", "Mötets öppnande", "punkt-1", 12),
        ("6.2", "Brottsofferjouren", "punkt-6-2", 16),
        ("§ 18", "Utredning", "paragraf-18", 37),
        ("", "Underskrifter", "underskrifter", 45),
    ]
    assert result.items[1].depth == 1
    assert result.preamble == (Html("<p>Inledande text.</p>"),)


def test_item_lines_give_presenters_attachments_and_kind():
    item = parsed().items[1]
    assert item.presenters == ("Erik Sedig", "Lisa A L")
    assert item.attachments == ("RR_anteckningar_2017-05-24.docx", "KC Minnesanteckningar 2013-04-17")
    assert item.kind == "beslutsärende"


def test_decision_with_att_clauses_and_actions_with_several_responsible():
    item = parsed().items[1]
    [decision] = item.decisions
    assert decision.clauses == ("att avslå förfrågan", "samt att meddela Umeå")
    first, second = item.actions
    assert first.responsible == ("Lisa Andersson Lindberg", "Håkan Wretling")
    assert first.due.isoformat() == "2017-08-30" and first.text_html == "Svara <i>Umeå</i>"
    assert second.due is None
    assert [s.kind for s in item.sections] == ["background", "decision"]


def test_redacted_text_never_leaves_the_parser():
    result = parsed()
    item = result.items[2]
    assert [r.ground for r in item.redactions] == ["Upphandlingssekretess"]
    everything = repr(result)
    assert "HEMLIG-MARKÖR-123" not in everything
    assert isinstance(item.sections[0].parts[0], Redaction)


def test_a_sekretess_block_in_a_quote_at_the_very_end_is_cut_not_a_crash():
    # mdit-py-plugins' container rule used to raise IndexError here: no newline after the quote.
    for ending in ("> ::: sekretess Upphandlingssekretess\n> HEMLIG-SLUT", "> ::: sekretess Upphandlingssekretess\n> "):
        result = parse_meeting_body("## 1. X\n\nText.\n\n" + ending, "f.md", 5)
        assert [r.ground for r in result.items[0].redactions] == ["Upphandlingssekretess"]
        assert "HEMLIG-SLUT" not in repr(result)
        assert [(p.message.split(":")[0], p.is_error) for p in result.problems] == [("this sekretess block is never closed", False)]
    assert "HEMLIG" not in render_markdown("> ::: sekretess Grund\n> HEMLIG")


def test_sekretess_without_ground_is_an_error():
    result = parse_meeting_body("## 1. X\n\n::: sekretess\ntext\n:::\n", "f.md", 5)
    assert [p.location.line for p in result.problems] == [7]


def test_script_is_removed_and_harmless_html_kept():
    html = render_markdown('<i>kursiv</i> <script>alert(1)</script> <img src=x onerror=alert(1)> '
                           '[länk](javascript:alert(1)) <a href="https://ok.se" onclick="x()">ok</a>')
    assert "<i>kursiv</i>" in html
    assert "<script" not in html and "onerror" not in html and "onclick" not in html
    assert "href=\"javascript" not in html
    assert 'href="https://ok.se"' in html


def test_near_miss_item_line_is_a_warning():
    result = parse_meeting_body("## 1. X\n\nFöredragane: A\n", "f.md", 1)
    assert [(p.is_error, p.hint) for p in result.problems] == [(False, "Did you mean 'föredragande'?")]


def test_a_leading_level_one_heading_is_the_title_not_an_item():
    result = parse_meeting_body("# Protokoll 4/2015\n\n## 1. Öppnande\n\nText.\n", "f.md", 4)
    assert result.problems == []
    assert (result.title, result.title_line) == ("Protokoll 4/2015", 4)
    assert [item.title for item in result.items] == ["Öppnande"]


def test_a_later_level_one_heading_is_an_item_of_its_own():
    result = parse_meeting_body("## 1. Öppnande\n\n# Bilaga A\n\nText A.\n", "f.md", 1)
    assert result.problems == [] and result.title == ""
    assert [(item.title, item.anchor) for item in result.items] == [("Öppnande", "punkt-1"), ("Bilaga A", "bilaga-a")]


def test_the_front_matter_title_wins_over_a_differing_heading_with_a_warning(project):
    project.with_sample()
    path = project.root / "content/testgruppen/2020-01-15.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("status: justerat\n", "status: justerat\ntitle: Protokoll 1/2020\n")
                    .replace("## 1. Mötets", "# Minnesanteckningar\n\n## 1. Mötets"), encoding="utf-8")
    report = project.build()
    [problem] = [p for p in report.problems if "front matter" in p.message]
    assert not problem.is_error and problem.location.line == 16
    page = (project.output / "testgruppen/2020-01-15.html").read_text(encoding="utf-8")
    assert "Protokoll 1/2020" in page and "Minnesanteckningar</h" not in page


@pytest.mark.parametrize(("heading", "number", "title"), [
    ("§ 12 Budget", "§ 12", "Budget"), ("§12a Budget", "§ 12a", "Budget"), ("12. Budget", "12", "Budget"),
    ("12 Budget", "12", "Budget"), ("4.1 Budget", "4.1", "Budget"), ("4.1. Budget", "4.1", "Budget"),
    ("6.2.1 Del", "6.2.1", "Del"), ("3) Val", "3", "Val"), ("7. ECMA-402 status update", "7", "ECMA-402 status update"),
    ("4.1 (cont)", "4.1", "(cont)"), ("1234. Lång", "", "1234. Lång"),
    ("402 Status Update", "", "402 Status Update"), ("2019 roadmap", "", "2019 roadmap"),
    ("2019-2022 plan", "", "2019-2022 plan"), ("Backport nominations", "", "Backport nominations"),
    ("12.", "", "12."), ("`12` Status", "", "12 Status"),
])
def test_what_a_headings_number_is(heading, number, title):
    [item] = parse_meeting_body(f"## {heading}\n", "f.md", 1).items
    assert (item.number, item.title) == (number, title)


def test_repeated_and_unnumbered_headings_are_published_with_unique_stable_anchors_and_a_warning():
    text = ("## 7. Status\n\n## 7.2 Del\n\n## 7. Status igen\n\n## Backport nominations\n\n"
            "## Backport nominations\n\n## Agenda\n\n## 4.1 Punkt\n\n## 4.1 (cont)\n")
    first = parse_meeting_body(text, "f.md", 1)
    assert [item.anchor for item in first.items] == [
        "punkt-7", "punkt-7-2", "punkt-7-3", "backport-nominations", "backport-nominations-2", "agenda-2",
        "punkt-4-1", "punkt-4-1-2"]
    assert all(not p.is_error for p in first.problems)
    messages = [(p.location.line, p.message) for p in first.problems]
    assert (5, "item number '7' is used twice (first at line 1); published as written, with the anchor '#punkt-7-3'.") in messages
    assert any(line == 9 and "the heading 'Backport nominations' is used twice (first at line 7)" in m for line, m in messages)
    assert [item.anchor for item in parse_meeting_body(text, "f.md", 1).items] == [item.anchor for item in first.items]


def test_non_latin_headings_get_anchors_of_their_own():
    result = parse_meeting_body("## Открытие заседания\n\n## Бюджет\n\n## 予算の審議\n\n## 😀\n\n## !!!\n", "f.md", 1)
    assert result.problems == []
    assert [item.anchor for item in result.items] == [
        "otkrytie-zasedaniya", "byudzhet", "yu-suan-no-shen-yi", "grinning", "punkt"]


def test_item_titles_keep_their_inline_markdown():
    [item] = parse_meeting_body("## 3. Ändra `config.yml` och [läs mer](https://example.org/) *nu*\n", "f.md", 1).items
    assert item.number == "3" and item.title == "Ändra config.yml och läs mer nu"
    assert item.title_html == ('Ändra <code>config.yml</code> och <a href="https://example.org/" '
                               'rel="noopener noreferrer">läs mer</a> <em>nu</em>')
    assert item.title_link_html == "Ändra <code>config.yml</code> och läs mer <em>nu</em>"


@pytest.mark.parametrize("prose", [
    "Han sa <stop> och sedan fortsatte han tala.", "Typen Ty<I> och Option<U> och Vec<T> i listan.",
    "Slut <EOM> och <dyn FnOnce> här.", "Text <script>alert(1)</script> efter.", "En <title>rubrik</title> här.",
    "Ett <textarea>fält</textarea> här.", "En <path d='x'> och <template>mall</template> här.",
])
def test_pseudo_tags_in_prose_are_shown_as_written_and_eat_nothing(prose):
    for text in (prose, f"{prose}\n\nStycket efter.", f"<stop>\n{prose}\n\nStycket efter.", f"- {prose}\n- Nästa punkt"):
        result = parse_meeting_body(f"## 1. Punkt\n\n{text}\n", "f.md", 1)
        html = "".join(part.html for section in result.items[0].sections for part in section.parts)
        shown = html_text(html)
        for word in re.findall(r"\w+", text):
            assert word in shown, (text, html)
        assert "<script" not in html and "<i>" not in html and "<u>" not in html and "<title" not in html


def test_allowed_html_that_closes_stays_html():
    html = render_markdown("Text <i>kursiv</i> och <b>fet</b>.\n\n<table><tr><td>cell</td></tr></table>\n")
    assert "<i>kursiv</i>" in html and "<b>fet</b>" in html and "<td>cell</td>" in html


def test_a_sekretess_block_inside_raw_html_is_still_cut():
    result = parse_meeting_body("## 1. P\n\n<div>\n::: sekretess Grund\nHEMLIGT\n:::\n</div>\n", "f.md", 1)
    assert "HEMLIGT" not in repr(result)


def test_time_autolinks_are_text_as_written():
    html = render_markdown("Mötet <time:2024-03-07T22:00:00+01:00> och <https://example.org/>.")
    assert "&lt;time:2024-03-07T22:00:00+01:00&gt;" in html
    assert '<a href="https://example.org/"' in html and html.count("<a") == 1


def test_footnotes_are_a_list_of_their_own_linked_both_ways():
    result = parse_meeting_body("## 1. P\n\nText[^1].\n\n[^1]: Källan.\n\n## 2. Q\n\nMer.\n", "f.md", 1)
    html = result.items[0].sections[0].parts[0].html
    assert 'href="#fn1"' in html and 'id="fnref1"' in html and "[^1]" not in html
    [footnotes] = result.footnotes
    assert '<li id="fn1">' in footnotes.html and "Källan." in footnotes.html and 'href="#fnref1"' in footnotes.html
    assert "Källan" not in repr(result.items[1])


def test_a_text_line_under_the_item_lines_is_text_not_more_names():
    [item] = parse_meeting_body("## 1. P\n\nFöredragande: Erik Sedig\nHan redogör för läget.\n", "f.md", 1).items
    assert item.presenters == ("Erik Sedig",)
    assert "Han redogör för läget." in item.sections[0].parts[0].html


def test_decision_html_is_its_sections_html_without_redactions():
    plain, redacted = parse_meeting_body(
        "## 1. A\n\n### Beslut\n\n- att *bifalla*\n\n## 2. B\n\n### Beslut\n\nFöre.\n\n"
        "::: sekretess OSL 19:3\nHEMLIG-MARKÖR-456\n:::\n\nEfter.\n", "f.md", 1).items
    [decision] = plain.decisions
    assert decision.html == plain.sections[0].parts[0].html == "<ul>\n<li>att <em>bifalla</em></li>\n</ul>"
    assert decision.clauses == ("att bifalla",)
    [decision] = redacted.decisions
    assert decision.html == "<p>Före.</p>\n<p>Efter.</p>" and decision.text == "Före. Efter."
    assert [type(p).__name__ for p in redacted.sections[0].parts] == ["Html", "Redaction", "Html"]


def test_parser_for_a_text_gives_the_full_parsers_tokens():
    """parser_for() leaves out the rules that cannot fire on a text; on texts made of every
    marker those rules look for (and near misses), its tokens must be the full parser's."""
    import random

    from generator.model.markdown import markdown_parser, parser_for

    snippets = ["- ", "* ", "1. ", "2) ", "> ", ">", "    ", "  ", " ", "\t", "---", "- - -", "===", "***", "___",
                "```", "~~~", ":::", "::: sekretess x", "<div>", "</div>", "<i>", "<!--", "<http://a.b>", "<a@b.se>",
                "&amp;", "&#35;", "&", "`", "``", "[a]", "[a]: /u", "]: x", "![b](c)", "[l](u)", "!", "[", "]",
                "\\", "\\*", "~~", "~", "|", "| a | b |", "|---|---|", "--|--", "# ", "## ", "text", "åäö", "*",
                "_", "**", ":", "\x00", "\r\n", "\r"]
    full = markdown_parser()
    rng = random.Random(7)
    for _ in range(3000):
        vocabulary = rng.sample(snippets, rng.randint(3, 20))
        text = "\n".join("".join(rng.choice(vocabulary) for _ in range(rng.randint(0, 6)))
                         for _ in range(rng.randint(1, 12)))
        try:
            expected = full.parse(text)
        except IndexError:  # mdit-py-plugins' container rule at the very end of a blockquote
            continue
        assert parser_for(text).parse(text) == expected, repr(text)


def test_light_key_ignores_line_numbers():
    from dataclasses import replace

    from generator.common.errors import SourceLocation
    from generator.build.keys import light_key
    from generator.model.domain import Item, Meeting

    item = Item("1", "Öppnande", "p1", "", (), (), (), (), (), (), SourceLocation("a.md", 7))
    meeting = Meeting("kc", "2020-01-01", __import__("datetime").date(2020, 1, 1), "", "", "", "", "", "", "",
                      "justerat", None, None, (), "", None, (), items=(item,))
    moved = replace(meeting, items=(replace(item, location=SourceLocation("a.md", 9)),))
    assert light_key(meeting) == light_key(moved)
    assert light_key(meeting) != light_key(replace(meeting, items=(replace(item, title="Avslutning"),)))


def test_the_parse_gives_the_items_plain_texts_beside_the_meeting(project):
    """The search text is not part of the domain model: build_meeting returns it beside the
    meeting, one text per item, and none for `minutes check` (html=False)."""
    from dataclasses import fields

    from generator.load.sources import load_sources
    from generator.load.validate import validate
    from generator.model.assemble import build_meeting
    from generator.model.domain import Meeting

    assert {"plain_texts", "search"}.isdisjoint(f.name for f in fields(Meeting))
    project.write("testgruppen/_body.md", "---\nname: Testgruppen\norganisation: Testregionen\n---\n")
    project.write("testgruppen/2020-01-01.md", "---\nbody: testgruppen\ndate: 2020-01-01\nkind: protokoll\n"
                  "status: justerat\n---\n\n## 1. Öppnande\n\nMötet *öppnas*.\n\n## 2. Budget\n\nBudgeten för 2020.\n")
    config = project.config
    sources, _ = load_sources(config.content_path, config.project_dir)
    _, headers = validate(sources)
    [source] = [s for s in sources if s.kind == "meeting"]
    parsed = build_meeting(source, headers[source.rel], config.paths)
    assert [item.title for item in parsed.meeting.items] == ["Öppnande", "Budget"]
    assert parsed.plain_texts == ("1 Öppnande Mötet öppnas.", "2 Budget Budgeten för 2020.")
    assert not parsed.problems
    assert build_meeting(source, headers[source.rel], config.paths, html=False).plain_texts == ()


def test_a_body_with_more_meetings_than_a_page_holds_and_no_decision_builds(project):
    project.write("testgruppen/_body.md", "---\nname: Testgruppen\norganisation: Testregionen\n---\n")
    for day in range(45):
        date = dt.date(2020, 1, 1) + dt.timedelta(days=day)
        project.write(f"testgruppen/{date}.md", f"---\nbody: testgruppen\ndate: {date}\nkind: protokoll\n"
                      f"status: justerat\n---\n\n## 1. Punkt {day}\n\nIngen beslut.\n")
    report = project.build()
    assert not report.errors
    page = (project.output / "testgruppen/beslut.html").read_text(encoding="utf-8")
    assert "<h1" in page


@pytest.mark.parametrize(("text", "line", "message"), [
    ("## 4. P\n\n::: sekretess Grund\nHemligt till slutet.\n", 3, "this sekretess block is never closed"),
    ("## 4. P\n\n```\nkod till slutet\n", 3, "this code block ('```') is never closed"),
    ("#1. Öppnande\n", 1, "'#1. Öppnande' looks like a heading"),
])
def test_slips_that_hide_no_item_are_warnings(text, line, message):
    [problem] = parse_meeting_body(text, "f.md", 1).problems
    assert not problem.is_error and problem.location.line == line and problem.message.startswith(message)


def test_a_sekretess_block_left_open_at_the_end_is_a_warning():
    [problem] = parse_meeting_body("## 4. P\n\n::: sekretess Grund\nHemligt till slutet.\n", "f.md", 1).problems
    assert not problem.is_error and problem.location.line == 3 and "never closed" in problem.message


@pytest.mark.parametrize(("text", "line", "message", "hint"), [
    ("## 4. P\n\n::: sekretess Grund\nHemligt.\n\n## 5. Nästa\n\nText.\n", 3, "this sekretess block is never closed",
     "End the secret text with a line ':::' of its own."),
    ("## 4. P\n\n```\nkod\n\n## 5. Nästa\n", 3, "this code block ('```') is never closed",
     "End the code with a line '```' of its own."),
    ("## 4. P\n\n- punkt\n\n  ~~~~\n  kod\n  ### Beslut\n", 5, "this code block ('~~~~') is never closed", "'~~~~'"),
    ("## 3. Föregående protokoll\n\nText.\n##4. Upphandling\n\n### Beslut\n\nAntas.\n", 4,
     "'##4. Upphandling' looks like a heading but is not one", "Write '## 4. Upphandling'."),
    ("## 3. P\n\n###Beslut\n\nAntas.\n", 3, "'###Beslut' looks like a heading", "Write '### Beslut'."),
])
def test_mistakes_that_would_lose_text_are_errors_with_the_line_and_the_fix(text, line, message, hint):
    [problem] = parse_meeting_body(text, "f.md", 1).problems
    assert problem.is_error and problem.location.line == line
    assert problem.message.startswith(message) and hint in problem.hint


@pytest.mark.parametrize("text", [
    "## 4. P\n\n::: sekretess Grund\nHemligt.\n:::\n", "```\nkod\n```\n", "> ```\n> kod\n> ```\n",
    "- a\n\n  ```\n  kod\n  ```\n", "#metoo i texten\n", "    ##4 i kod\n", "```\n##4 i kod\n```\n", "Text # ##4\n",
])
def test_closed_blocks_and_hashes_elsewhere_are_fine(text):
    assert parse_meeting_body(text, "f.md", 1).problems == []


def test_check_refuses_a_file_with_an_unclosed_sekretess_block(project):
    project.with_sample()
    path = project.root / "content/testgruppen/2020-01-15.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Ordföranden öppnar mötet.",
                                                             "::: sekretess Grund\nHemligt.\n"), encoding="utf-8")
    report = check(project.config)
    assert [(p.location.path, p.location.line) for p in report.errors] == [("content/testgruppen/2020-01-15.md", 17)]


def test_people_with_names_in_other_scripts_get_person_pages_of_their_own(project):
    project.write("testgruppen/_body.md", "---\nname: Testgruppen\norganisation: Testregionen\n---\n")
    project.write("testgruppen/2020-01-15.md", "---\nbody: testgruppen\ndate: 2020-01-15\nkind: protokoll\n"
                  "status: justerat\nparticipants:\n  - {name: Иван Петров, role: ordförande}\n"
                  "  - {name: Ελένη Παππά, role: ledamot}\n  - {name: 王小明, role: ledamot}\n---\n\n"
                  "## Открытие заседания\n\nТекст.\n")
    report = project.build()
    assert not report.errors
    pages = {path.name for path in (project.output / "personer").glob("*.html")}
    assert {"ivan-petrov.html", "eleni-pappa.html", "wang-xiao-ming.html"} <= pages
    assert 'id="otkrytie-zasedaniya"' in (project.output / "testgruppen/2020-01-15.html").read_text(encoding="utf-8")


# The parser's shortcuts for text without markup (markdown._inline_unless_plain) and without CR or
# NUL (markdown._normalize_unless_normal) must give markdown-it's own tokens, whatever the text.
_MARKDOWN_PIECES = ["Budget", "för", " ", "\n", "\n\n", "  \n", "*", "**", "_", "~~", "`", "[", "]", "(", ")",
                    "!", "^", "<", ">", "&amp;", "&", "\\", "#", "## 5 ", "| a | b |\n| --- | --- |\n", "- ", "1. ",
                    ":", "%", "-", "=", "http://x.se", "[^1]", "^[not]", "<b>", "<time:12>", "ÅÄÖ", "\r", "\r\n", "\x00"]


def _tokens_of_markdown_it(text: str):
    from markdown_it.rules_core.inline import inline
    from markdown_it.rules_core.normalize import normalize
    from generator.model import markdown

    md = markdown._parser_without(frozenset())
    ruler = md.core.ruler
    ours = {name: ruler.__rules__[ruler.__find__(name)].fn for name in ("inline", "normalize")}
    try:
        ruler.at("inline", inline)
        ruler.at("normalize", normalize)
        return md.parse(text)
    finally:
        for name, rule in ours.items():
            ruler.at(name, rule)


def test_plain_inline_text_and_text_without_cr_give_markdown_its_own_tokens():
    from hypothesis import given, settings, strategies as st

    from generator.model.markdown import markdown_parser

    @settings(max_examples=400, deadline=None, derandomize=True)
    @given(st.lists(st.sampled_from(_MARKDOWN_PIECES), max_size=30).map("".join))
    def same(text):
        assert markdown_parser().parse(text) == _tokens_of_markdown_it(text)

    same()
    ruler = markdown_parser().core.ruler
    assert [ruler.__rules__[ruler.__find__(name)].fn.__name__ for name in ("inline", "normalize")] \
        == ["_inline_unless_plain", "_normalize_unless_normal"]
