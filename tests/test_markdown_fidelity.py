"""Nothing an editor writes is lost: every word of a meeting file's text is on its page, whatever
Markdown it is written in; random Markdown never makes the build raise; a bug is reported as an
internal error naming the file, with exit code 2 and no traceback."""

from __future__ import annotations

import datetime as dt
import re
import shutil
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import Project
from generator import cli
from generator.build.pipeline import build
from generator.common.errors import BuildFailed

BODY = "---\nname: Testgruppen\norganisation: Testregionen\nmembers:\n  - name: Anna Andersson\n    role: ordförande\n---\n"

RICH_MEETING = """\
# Protokoll från styrelsemötet

Inledning med **fetstil**, *kursiv*, ~~struket~~ och `kodord`.

## 1. Öppnande

Ordföranden öppnar mötet.

## 402 Status Update

Textstycke om statusuppdateringen.

## 7. ECMA-402 status update

- punkt ett
  - underpunkt alfa
    1. djupare beta
- punkt två

## 7. ECMA-402 status update

Återupptagen diskussion med `Vec<T>` och Ty<I> samt Option<U> i löptext.

Han sa <stop> och sedan fortsatte delegaten sitt uttalande om budgeten.

Slutet <EOM> och <dyn FnOnce> och <script>alert(1)</script> och <title>rubrikord</title>.

Mötet <time:2024-03-07T22:00:00+01:00> bestämdes.

## Backport nominations

```python
def funktion(argument):
    return argument  # kodkommentar
```

| Kolumn | Annan |
| --- | --- |
| cellord | tabellord |

> Citerat påstående med [länktext](https://example.org/sida).

## Backport nominations

Fotnotsreferens[^1] i texten.

![Bildtext för kartan](https://example.org/karta.png)

[^1]: Fotnotens egen förklaring.

## Открытие заседания

Русский текст заседания.

## Бюджет

预算 审议 文字.

## 3. Ändra `config.yml` och [läs mer](https://example.org/)

Föredragande: Anna Andersson
Hon redogör för ändringen.

### Beslut

- att anta ändringen
"""


class _PageText(HTMLParser):
    """The text a reader can get from a page: its text, and images' alt text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "img":
            self.parts.append(" " + (dict(attrs).get("alt") or "") + " ")


def page_text(html: str) -> str:
    parser = _PageText()
    parser.feed(html)
    return " ".join("".join(parser.parts).split())


def source_words(markdown: str) -> set[str]:
    """The words of a Markdown text, without its syntax: link targets, image addresses,
    footnote labels and a code block's language are addresses and labels, not text."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"\[\^\d+\]:?", " ", text)
    text = re.sub(r"^```\w+", "```", text, flags=re.MULTILINE)  # a code block's language
    return set(re.findall(r"\w+", text))


def test_every_word_of_a_rich_meeting_file_is_on_its_page(project):
    project.write("testgruppen/_body.md", BODY)
    project.write("testgruppen/2020-01-15.md", "---\nbody: testgruppen\ndate: 2020-01-15\nkind: protokoll\n"
                  "status: justerat\n---\n\n" + RICH_MEETING)
    report = project.build()
    assert not report.errors
    page = (project.output / "testgruppen/2020-01-15.html").read_text(encoding="utf-8")
    shown = set(re.findall(r"\w+", page_text(page)))
    missing = source_words(RICH_MEETING) - shown
    assert not missing, missing
    assert "<script>alert" not in page and "<stop>" not in page and "&lt;stop&gt;" in page


# Random Markdown: lines of words, Markdown and HTML syntax, headings of every shape.
_piece = st.sampled_from([
    "## ", "### ", "# ", "##4. ", "## 7. ", "## § 3 ", "## 402 ", "- ", "  - ", "1. ", "> ", "```", "~~~", ":::",
    "::: sekretess Grund", "| a | b |", "| --- | --- |", "| Åtgärd | Slutdatum | Ansvarig |", "<stop>", "<i>", "</i>",
    "<script>", "Ty<I>", "<time:2024-03-07T22:00:00+01:00>", "[^1]", "[^1]: not", "![alt](bild.png)",
    "[länk](2020-01-01.md#punkt-1)", "[x](#punkt-2)", "`kod`", "**fet**", "_", "*", "\\", "&amp;", "Föredragande: ",
    "Bilagor: ", "Beslut", "Открытие", "予算", "text", "ord", " ", "\t",
])
_line = st.lists(_piece, max_size=6).map("".join)
_markdown = st.lists(_line, max_size=25).map("\n".join)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(texts=st.lists(_markdown, min_size=1, max_size=3), meetings=st.sampled_from([1, 2, 40, 41, 45]),
       decisions=st.booleans(), actions=st.booleans(), people=st.booleans())
def test_random_markdown_never_makes_the_build_raise(tmp_path_factory, texts, meetings, decisions, actions, people):
    """Archives on both sides of the registers' page size (40 meetings), with and without
    decisions, actions and a people registry."""
    root = tmp_path_factory.mktemp("random") / "site"
    project = Project(root)
    project.write("testgruppen/_body.md", BODY)
    if people:
        project.write("people.yml", "- name: Anna Andersson\n  aliases: [Anna A]\n- name: Иван Петров\n")
    for index in range(meetings):
        date = dt.date(2020, 1, 1) + dt.timedelta(days=index)
        text = texts[index % len(texts)] + ("\n\n## 9. Sist\n\n### Beslut\n\nAntas.\n" if decisions else "")
        if actions:
            text += f"\n\n## 10. Åtgärder\n\n| Åtgärd | Slutdatum | Ansvarig |\n| --- | --- | --- |\n| Gör {index} | {date} | Anna A |\n"
        project.write(f"testgruppen/{date}.md", f"---\nbody: testgruppen\ndate: {date}\nkind: protokoll\n"
                      f"status: justerat\n---\n\n{text}\n")
    try:
        report = project.build()
    except BuildFailed as failed:
        assert all(p.location.path.startswith("content/") for p in failed.problems)
    else:
        assert not report.errors
    finally:
        shutil.rmtree(root, ignore_errors=True)


def test_an_internal_error_names_the_file_and_exits_2_without_a_traceback(project, monkeypatch, capsys):
    project.with_sample()

    def broken(source):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr("generator.build.workers.build_meeting", broken)
    code = cli.main(["--project", str(project.root), "build", "--jobs", "1", "--no-cache"])
    err = capsys.readouterr().err
    assert code == 2
    assert "internal error while making content/testgruppen/2020-01-15.md: ZeroDivisionError" in err
    assert "Traceback" not in err and "please report it" in err
