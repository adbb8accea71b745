"""Links and images between the archive's files: rewritten to the built pages and copied files on
every page they are shown on, and warned about (file:line) when they lead nowhere."""

from __future__ import annotations

import posixpath
import re

from generator.build.pipeline import check

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
BODY = "---\nname: Testgruppen\norganisation: Testregionen\n---\n"
OTHER_BODY = "---\nname: Andra gruppen\norganisation: Testregionen\n---\n"


def meeting(date: str, body: str = "testgruppen", text: str = "", status: str = "justerat") -> str:
    return f"---\nbody: {body}\ndate: {date}\nkind: protokoll\nstatus: {status}\n---\n\n{text}"


def write_archive(project):
    project.write("testgruppen/_body.md", BODY)
    project.write("andra/_body.md", OTHER_BODY)
    project.write("testgruppen/2020-01-31.md", meeting("2020-01-31", text="## 3. Budget\n\nText.\n"))
    project.write("andra/2020-03-01.md", meeting("2020-03-01", body="andra", text="## 1. Start\n\nText.\n"))
    project.write("testgruppen/bilder/karta.png", PNG)
    project.write("testgruppen/2020-02-15/bilagor/underlag.pdf", b"%PDF-1.4 fake")
    project.write("testgruppen/2020-02-15.md", meeting("2020-02-15", text="""\
## 1. Föregående protokoll

Se [förra mötet](2020-01-31.md#punkt-3), [andra](./2020-01-31.md), [gruppen](../andra/2020-03-01.md)
och [punkt 2](#punkt-2) och [gruppens sida](_body.md).

![Karta över området](bilder/karta.png)

## 2. Beslut om underlag

Bilagor: underlag

Se [underlaget](2020-02-15/bilagor/underlag.pdf).

### Beslut

Beslutet enligt [förra punkten](#punkt-1) och [budgeten](2020-01-31.md#punkt-3).

| Åtgärd | Slutdatum | Ansvarig |
| --- | --- | --- |
| Läs [underlaget](2020-02-15/bilagor/underlag.pdf) | 2020-03-01 | Anna Andersson |

## 3. Trasiga länkar

[saknas](bilagor/underlag.pdf), [html](2020-01-31.html), [fel ankare](2020-01-31.md#punkt-9),
[utanför](../../hemlig.md) och ![borta](bilder/borta.png).
"""))
    return project


def hrefs(html: str, page: str) -> list[str]:
    """The page's links and image sources as paths from the site root (the page's own anchors
    as '#...')."""
    out = []
    for value in re.findall(r'(?:href|src)="([^"]*)"', html):
        value = value.replace("&amp;", "&")
        out.append(value if value.startswith("#") or ":" in value
                   else posixpath.normpath(posixpath.join(posixpath.dirname(page), value.split("#")[0]))
                   + ("#" + value.split("#", 1)[1] if "#" in value else ""))
    return out


def line_of(project, rel: str, text: str) -> int:
    lines = (project.root / "content" / rel).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_links_between_meeting_files_become_links_between_pages(project):
    write_archive(project).build()
    page = (project.output / "testgruppen/2020-02-15.html").read_text(encoding="utf-8")
    links = hrefs(page, "testgruppen/2020-02-15.html")
    assert "testgruppen/2020-01-31.html#punkt-3" in links and "testgruppen/2020-01-31.html" in links
    assert "andra/2020-03-01.html" in links and "#punkt-2" in links and "testgruppen/index.html" in links
    assert "testgruppen/2020-02-15/bilagor/underlag.pdf" in links
    assert "testgruppen/bilder/karta.png" in links and 'alt="Karta över området"' in page
    assert (project.output / "testgruppen/bilder/karta.png").read_bytes() == PNG
    # (a missing anchor of a page that exists keeps the link to the page: a warning only)
    for broken in ("testgruppen/bilagor/underlag.pdf", "hemlig.md", "testgruppen/bilder/borta.png"):
        assert broken not in links and not any(".md" in link for link in links), broken
    assert "saknas" in page and "utanför" in page and "borta" in page  # their text stays


def test_decisions_and_actions_in_the_registers_keep_working_links(project):
    write_archive(project).build()
    links = hrefs((project.output / "testgruppen/beslut.html").read_text(encoding="utf-8"), "testgruppen/beslut.html")
    assert "testgruppen/2020-02-15.html#punkt-1" in links and "testgruppen/2020-01-31.html#punkt-3" in links
    page = "testgruppen/atgarder.html"
    assert "testgruppen/2020-02-15/bilagor/underlag.pdf" in hrefs((project.output / page).read_text(encoding="utf-8"), page)


def test_a_link_to_a_missing_file_or_anchor_is_a_warning_with_its_line(project):
    report = check(write_archive(project).config)
    found = sorted((p.location.line, p.message.split(";")[0]) for p in report.problems
                   if p.location.path == "content/testgruppen/2020-02-15.md")
    first = line_of(project, "testgruppen/2020-02-15.md", "[saknas]")
    assert found == sorted([
        (first, "the link 'bilagor/underlag.pdf' leads to a file not in the archive"),
        (first, "the link '2020-01-31.html' leads to a file not in the archive"),
        (first, "the link '2020-01-31.md#punkt-9' names the anchor '#punkt-9', which that meeting's page does not have."),
        (first + 1, "the image 'bilder/borta.png' leads to a file not in the archive"),
        (first + 1, "the link '../../hemlig.md' leads to a file outside content/"),
    ])
    assert not any("karta.png" in p.location.path for p in report.problems)  # linked: content after all
    assert all(not p.is_error for p in report.problems)
    html_hint = next(p.hint for p in report.problems if "2020-01-31.html'" in p.message)
    assert html_hint == "Link to the meeting's Markdown file instead: '2020-01-31.md'; it becomes its page."


def test_a_link_to_a_draft_leads_nowhere(project):
    write_archive(project)
    project.write("testgruppen/2020-04-01.md", meeting("2020-04-01", text="## 1. X\n\nHemligt utkast.\n", status="utkast"))
    project.write("testgruppen/2020-05-01.md", meeting("2020-05-01", text="## 1. X\n\nSe [utkastet](2020-04-01.md).\n"))
    project.build()
    page = (project.output / "testgruppen/2020-05-01.html").read_text(encoding="utf-8")
    assert "2020-04-01" not in "".join(hrefs(page, "testgruppen/2020-05-01.html")) and "utkastet" in page


def test_a_linked_file_of_a_type_a_browser_runs_is_never_published(project):
    write_archive(project)
    project.write("testgruppen/bilder/sida.html", "<script>alert(1)</script>")
    project.write("testgruppen/bilder/ritning.svg", '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>')
    project.write("testgruppen/2020-06-01.md", meeting("2020-06-01", text="## 1. X\n\n[sidan](bilder/sida.html) och "
                                                       "![ritning](bilder/ritning.svg)\n"))
    report = project.build()
    assert not (project.output / "testgruppen/bilder/sida.html").exists()
    assert not (project.output / "testgruppen/bilder/ritning.svg").exists()
    warned = [p.message for p in report.problems if p.location.path == "content/testgruppen/2020-06-01.md"]
    assert len(warned) == 2 and all("a file the site does not publish" in m for m in warned)
    page = (project.output / "testgruppen/2020-06-01.html").read_text(encoding="utf-8")
    assert "sida.html" not in page and "ritning.svg" not in page and "ritning" in page
