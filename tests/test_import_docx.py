"""`minutes import FILE.docx` (commands/importdocx.py): Word documents made here with python-docx
from the seeds' text, in the shapes secretaries use (heading styles, bold lines instead of
headings, manual numbering, tab-separated participant lists, tables, one action repeated per
person). Each imported file must pass `check`, build once its status is changed, and keep every
participant, item, decision and date of its document."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import docx
import pytest
from docx.enum.text import WD_BREAK

from conftest import REPO, as_read
from generator.build.pipeline import build, check
from generator.cli import main
from generator.commands.importdocx import ImportError_, import_docx

KC_BODY = """\
---
name: Kommunchefsgruppen
organisation: Umeåregionen
---
"""
JAMTLAND_BODY = """\
---
name: Samverkanstid kommuner, Region och Länsstyrelse
organisation: Kommunförbundet Jämtlands län
---
"""


def lines(paragraph, *texts: str) -> None:
    """A paragraph whose lines are separated by Word's line breaks (Shift+Enter)."""
    for index, text in enumerate(texts):
        run = paragraph.add_run(text)
        if index < len(texts) - 1:
            run.add_break(WD_BREAK.LINE)


def bold(document, text: str):
    paragraph = document.add_paragraph()
    paragraph.add_run(text).bold = True
    return paragraph


def seed_001(path) -> None:
    """Minnesanteckningar 2013-05-15: heading styles, tab-separated head, a list, bold section names."""
    document = docx.Document()
    document.add_heading("Kommunchefsgruppen", level=1)
    document.add_paragraph("Minnesanteckningar")
    document.add_paragraph("Dag\t2013-05-15")
    document.add_paragraph("Tid\t08.30-11.00")
    document.add_paragraph("Plats\tUmeå stadshus, Nobelsalen")
    lines(document.add_paragraph(), "Beslutande\tKurt-Allan Egelby, Bjurholms kommun",
          "Dan Ankarholm, Nordmalings kommun", "Karl-Johan Bergmark, Robertsfors kommun, vice ordförande",
          "Johan Gammelgård, Umeå kommun, ordförande")
    document.add_paragraph("Övriga deltagande\tErik Sedig, Umeåregionens kansli, sekreterare")
    document.add_heading("1. Mötets öppnande", level=2)
    document.add_paragraph("Johan Gammelgård öppnar sammanträdet")
    document.add_heading("2. Föregående minnesanteckningar", level=2)
    document.add_paragraph("Föredragande: Erik Sedig")
    lines(document.add_paragraph(), "Bilagor: RR Minnesanteckningar 2013-02-22", "KC Minnesanteckningar 2013-04-17")
    bold(document, "Beslut")
    document.add_paragraph("Anteckningarna från de tidigare mötena läggs till handlingarna.")
    bold(document, "Ärendebeskrivning")
    paragraph = document.add_paragraph("Minnesanteckningarna går igenom, ")
    paragraph.add_run("särskilt").italic = True
    paragraph.add_run(" budgeten.")
    document.add_heading("4. Samverkan inom IT-området", level=2)
    document.add_paragraph("Föredragande: Erik Sedig")
    bold(document, "Beslut")
    document.add_paragraph("Projektet antas enligt förslag och finansieras med 300 000 kr.")
    document.add_paragraph("Kartlägga verksamhetssystem", style="List Bullet")
    document.add_paragraph("Ta fram en projektplan", style="List Bullet")
    document.save(path)


def seed_000(path) -> None:
    """Protokoll without a date: a label paragraph and a person per paragraph, manual numbers on
    plain lines, a Word action table with the action repeated for each responsible person."""
    document = docx.Document()
    document.add_paragraph("Beslutande:")
    document.add_paragraph("Håkan Wretling, Bjurholms kommun")
    document.add_paragraph("Magnus Haglund, Örnsköldsviks kommun, ordförande")
    document.add_paragraph("Per-Eric Magnusson, Vindelns kommun, vice ordförande")
    document.add_paragraph("08:30-12:00")
    document.add_paragraph("Protokoll")
    document.add_paragraph("1. Mötet öppnas")
    document.add_paragraph("Mötet öppnades av Magnus Haglund.")
    document.add_paragraph("2. Föregående möten")
    document.add_paragraph("Lisa tar med sig resonemangen till flyktingmottagningsgruppen.")
    document.add_paragraph("Alla fick svara på två frågor:")
    document.add_paragraph("1. Vad lyckas ni bäst med just nu?")
    document.add_paragraph("2. Vad ska vara klart innan jul?")
    table = document.add_table(rows=4, cols=3)
    for row, cells in zip(table.rows, [("ÅTGÄRDER", "SLUTDATUM", "ANSVARIG"),
                                       ("Ta fram beskrivningar av samhällsorienteringen", "2017-10-12", "Lisa Andersson Lindberg"),
                                       ("Boka workshop om kvalitet", "2017-09-01", "Magnus Haglund"),
                                       ("Boka workshop om kvalitet", "2017-09-01", "Jonas Jonsson")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    document.add_paragraph("BESLUT")
    document.add_paragraph("Gruppen för flyktingmottagning uppdras se över kvalitetsmätningen.")
    document.add_paragraph("3. Nästa möte")
    document.add_paragraph("Nästa möte hålls 2017-10-12.")
    document.save(path)


def seed_003(path) -> None:
    """Protokoll §§ 15-17: 'Tid och plats' in words, tab-separated participants with partial
    presence, the approval, a table of contents, bold § headings."""
    document = docx.Document()
    document.add_paragraph("Samverkanstid kommuner, Region och Länsstyrelse")
    document.add_paragraph("Tid och plats:\tMåndag 21 oktober 2024 kl. 13.00 - 14.40 Digitalt via teams.")
    document.add_paragraph("Deltagare:\tTomas Jonsson, Krokoms kommun\tSara Schelin, Åre kommun\t"
                           "Anda Embretzen, Härjedalen (§§ 15-16)")
    document.add_paragraph("Övriga deltagare:\tMartin Söderström, förbundschef\tElise Ackerot, sekreterare")
    document.add_paragraph("Justeras av:\tElise Ackerot Sekreterare Martin Söderström Ordförande")
    document.add_paragraph("Innehållsförteckning")
    document.add_paragraph("§ 15 Protokollets justering.....\t3")
    document.add_paragraph("§ 16 Föregående protokoll.....\t3")
    document.add_paragraph("§ 17 Laget runt.....\t3")
    bold(document, "§ 15 Protokollets justering, upprop samt fastställande av dagordningen")
    document.add_paragraph("Jenny Kriström väljs att tillsammans med ordförande justera protokollet.")
    bold(document, "§ 16 Föregående möte samt uppföljningar")
    document.add_paragraph("Inget att rapportera.")
    bold(document, "§ 17 Laget runt kommuner, Regionen och Länsstyrelse")
    document.add_paragraph("Föredragande: Martin Söderström")
    bold(document, "Beslut:")
    document.add_paragraph("att notera informationen")
    document.save(path)


def seed_002(path) -> None:
    """Minnesanteckningar 2015-08-19: a participant table with roles and apologies, the agenda as
    a numbered list up front, decisions as a bullet list, an item under procurement secrecy."""
    document = docx.Document()
    document.add_paragraph("Minnesanteckningar - Kommunchefsgrupp")
    document.add_paragraph("Dag\t2015-08-19")
    document.add_paragraph("Tid\t08.30 – 12.00")
    document.add_paragraph("Plats\tKommunstyrelsens sammanträdesrum, Umeå stadshus")
    table = document.add_table(rows=4, cols=3)
    for row, cells in zip(table.rows, [("Namn", "Organisation", "Roll"),
                                       ("Håkan Wretling", "Bjurholms kommun", "ledamot"),
                                       ("Per-Eric Magnusson", "Vindelns kommun", "vice ordförande"),
                                       ("Magnus Haglund", "Örnsköldsviks kommun", "anmält förhinder")]):
        for cell, text in zip(row.cells, cells):
            cell.text = text
    lines(document.add_paragraph(), "Övriga deltagande\tLisa Andersson Lindberg, Umeåregionens kansli, sekreterare",
          "Inga-Lill Nordström, Umeåregionens flyktingmottagning")
    document.add_paragraph("Dagordning")
    document.add_paragraph("1. Mötets öppnande")
    document.add_paragraph("2. Upphandling HR-system")
    document.add_paragraph("3. Integrationsstrategi")
    document.add_paragraph("1. Mötets öppnande")
    document.add_paragraph("Vice ordförande Per-Eric Magnusson förklarade mötet öppnat.")
    document.add_paragraph("2. Upphandling HR-system")
    document.add_paragraph("UPPHANDLINGSSEKRETESS")
    document.add_paragraph("Anbuden från leverantörerna jämfördes i detalj.")
    document.add_paragraph("3. Integrationsstrategi")
    document.add_paragraph("Föredragande: Inga-Lill Nordström")
    bold(document, "Beslut")
    document.add_paragraph("Strategin antas.", style="List Bullet")
    document.add_paragraph("Kommunerna återkommer senast 2015-10-01.", style="List Bullet")
    document.save(path)


def seed_004(path) -> None:
    """Protokoll 4/2015: 'Tid/Plats' with a six-digit date, everyone present in one paragraph
    ('Name, Place, Name, Place, A och B, Place'), apologies and guests, heading-styled items with
    bold text, att-clauses."""
    document = docx.Document()
    document.add_heading("Kommundirektörsgruppens protokoll 4/2015", level=2)
    paragraph = document.add_paragraph()
    paragraph.add_run("Tid/Plats:").bold = True
    paragraph.add_run(" 150612, Drottninggatan 7, Helsingborg kl 08.30-12.30.")
    document.add_paragraph("Närvarande: Christer Pålsson, Bjuv, Palle Lundberg, Helsingborg, Herman Crespin "
                           "(från 08.45), Höganäs, Anna Rydberg och Jan-Inge Hansson, Skåne Nordväst.")
    document.add_paragraph("Anmält förhinder: Katarina Pelin, Båstad")
    document.add_paragraph("Inbjudna gäster: Frida Mattelin, Skåne Nordväst, Micco Grönholm och Britt-Marie "
                           "Börjesson, Helsingborgs stad och Carl-Johan Ahde, Abou AB.")
    heading = document.add_heading("", level=3)
    heading.add_run("1. Projekt Mångfald Skåne Nordväst").bold = True
    document.add_paragraph("Projektledare Frida Mattelin redovisade förslag till projektplan.")
    bold(document, "Beslut:")
    document.add_paragraph("att anta projektplanen", style="List Bullet")
    document.add_paragraph("samt att följa upp arbetet den 27 november 2015.", style="List Bullet")
    bold(document, "3. Ängelholm-Helsingborgs flygplats ett regionalt nav för utveckling")
    document.add_paragraph("Ärendet utgick. Tas upp på mötet den 28 augusti.")
    document.save(path)


SEEDS = {
    "001": (seed_001, "umearegionen-kc", KC_BODY, None, {
        "date": dt.date(2013, 5, 15), "start": "08:30", "end": "11:00", "place": "Umeå stadshus, Nobelsalen",
        "kind": "minnesanteckningar",
        "participants": [("Kurt-Allan Egelby", "Bjurholms kommun", "ledamot"), ("Dan Ankarholm", "Nordmalings kommun", "ledamot"),
                         ("Karl-Johan Bergmark", "Robertsfors kommun", "vice ordförande"),
                         ("Johan Gammelgård", "Umeå kommun", "ordförande"),
                         ("Erik Sedig", "Umeåregionens kansli", "sekreterare")],
        "items": [("1", "Mötets öppnande"), ("2", "Föregående minnesanteckningar"), ("4", "Samverkan inom IT-området")],
        "decisions": ["Anteckningarna från de tidigare mötena läggs till handlingarna.",
                      "Projektet antas enligt förslag och finansieras med 300 000 kr. Kartlägga verksamhetssystem "
                      "Ta fram en projektplan"],
        "presenters": ["Erik Sedig"],
        "attachments": ["RR Minnesanteckningar 2013-02-22", "KC Minnesanteckningar 2013-04-17"],
        "texts": ["Kartlägga verksamhetssystem", "<em>särskilt</em>"],
        "actions": [],
    }),
    "000": (seed_000, "umearegionen-kc", KC_BODY, "2017-08-17", {
        "date": dt.date(2017, 8, 17), "start": "08:30", "end": "12:00", "place": "", "kind": "protokoll",
        "participants": [("Håkan Wretling", "Bjurholms kommun", "ledamot"), ("Magnus Haglund", "Örnsköldsviks kommun", "ordförande"),
                         ("Per-Eric Magnusson", "Vindelns kommun", "vice ordförande")],
        "items": [("1", "Mötet öppnas"), ("2", "Föregående möten"), ("3", "Nästa möte")],
        "decisions": ["Gruppen för flyktingmottagning uppdras se över kvalitetsmätningen."],
        "presenters": [], "attachments": [],
        "texts": ["Vad lyckas ni bäst med just nu?", "Vad ska vara klart innan jul?", "Nästa möte hålls 2017-10-12."],
        "actions": [("Ta fram beskrivningar av samhällsorienteringen", dt.date(2017, 10, 12), ("Lisa Andersson Lindberg",)),
                    ("Boka workshop om kvalitet", dt.date(2017, 9, 1), ("Magnus Haglund", "Jonas Jonsson"))],
    }),
    "002": (seed_002, "umearegionen-kc", KC_BODY, None, {
        "date": dt.date(2015, 8, 19), "start": "08:30", "end": "12:00",
        "place": "Kommunstyrelsens sammanträdesrum, Umeå stadshus", "kind": "minnesanteckningar",
        "participants": [("Håkan Wretling", "Bjurholms kommun", "ledamot"), ("Per-Eric Magnusson", "Vindelns kommun", "vice ordförande"),
                         ("Magnus Haglund", "Örnsköldsviks kommun", ""),
                         ("Lisa Andersson Lindberg", "Umeåregionens kansli", "sekreterare"),
                         ("Inga-Lill Nordström", "Umeåregionens flyktingmottagning", "övrig deltagare")],
        "items": [("1", "Mötets öppnande"), ("2", "Upphandling HR-system"), ("3", "Integrationsstrategi")],
        "decisions": ["Strategin antas. Kommunerna återkommer senast 2015-10-01."],
        "presenters": ["Inga-Lill Nordström"], "attachments": [],
        "texts": ["Vice ordförande Per-Eric Magnusson förklarade mötet öppnat."],
        "actions": [],
    }),
    "004": (seed_004, "skane-nordvast-kdg", """---\nname: Kommundirektörsgruppen\norganisation: Skåne Nordväst\n---\n""",
            None, {
        "date": dt.date(2015, 6, 12), "start": "08:30", "end": "12:30", "place": "Drottninggatan 7, Helsingborg",
        "kind": "protokoll",
        "participants": [("Christer Pålsson", "Bjuv", ""), ("Palle Lundberg", "Helsingborg", ""),
                         ("Herman Crespin", "Höganäs", ""), ("Anna Rydberg", "Skåne Nordväst", ""),
                         ("Jan-Inge Hansson", "Skåne Nordväst", ""), ("Katarina Pelin", "Båstad", ""),
                         ("Frida Mattelin", "Skåne Nordväst", "gäst"), ("Micco Grönholm", "Helsingborgs stad", "gäst"),
                         ("Britt-Marie Börjesson", "Helsingborgs stad", "gäst"), ("Carl-Johan Ahde", "Abou AB", "gäst")],
        "items": [("1", "Projekt Mångfald Skåne Nordväst"), ("3", "Ängelholm-Helsingborgs flygplats ett regionalt nav för utveckling")],
        "decisions": ["att anta projektplanen samt att följa upp arbetet den 27 november 2015."],
        "presenters": [], "attachments": [],
        "texts": ["Ärendet utgick. Tas upp på mötet den 28 augusti.", "från 08.45"],
        "actions": [],
    }),
    "003": (seed_003, "jamtland-samverkan", JAMTLAND_BODY, None, {
        "date": dt.date(2024, 10, 21), "start": "13:00", "end": "14:40", "place": "Digitalt via teams",
        "kind": "protokoll",
        "participants": [("Tomas Jonsson", "Krokoms kommun", ""), ("Sara Schelin", "Åre kommun", ""),
                         ("Anda Embretzen", "Härjedalen", ""), ("Martin Söderström", "förbundschef", "övrig deltagare"),
                         ("Elise Ackerot", "", "sekreterare")],
        "items": [("§ 15", "Protokollets justering, upprop samt fastställande av dagordningen"),
                  ("§ 16", "Föregående möte samt uppföljningar"), ("§ 17", "Laget runt kommuner, Regionen och Länsstyrelse")],
        "decisions": ["att notera informationen"],
        "presenters": ["Martin Söderström"], "attachments": [],
        "texts": ["Inget att rapportera."],
        "actions": [],
    }),
}


def imported(project, tmp_path, seed: str):
    make, body, body_file, date, facts = SEEDS[seed]
    project.write(f"{body}/_body.md", body_file)
    document = tmp_path / f"{seed}.docx"
    make(document)
    result = import_docx(project.config, document, body=body, date=date)
    return result, facts


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_the_imported_file_passes_check_builds_and_keeps_every_fact(project, tmp_path, seed):
    result, facts = imported(project, tmp_path, seed)
    text = result.path.read_text(encoding="utf-8")
    assert "status: utkast" in text
    assert result.path.name == f"{facts['date'].isoformat()}.md"
    report = check(project.config)
    assert report.errors == [], [p.format() for p in report.problems]
    assert report.drafts == [result.path.relative_to(project.root).as_posix()]

    result.path.write_text(text.replace("status: utkast", "status: ojusterat"), encoding="utf-8")
    built = build(project.config)
    [meeting] = built.archive.meetings
    assert (meeting.date, meeting.start, meeting.end, meeting.place, meeting.kind) == (
        facts["date"], facts["start"], facts["end"], facts["place"], facts["kind"])
    assert [(p.name, p.organisation, p.role) for p in meeting.participants] == facts["participants"]
    assert [(i.number, i.title) for i in meeting.items] == facts["items"]
    decisions = [d.text for i in meeting.items for d in i.decisions]
    assert decisions == facts["decisions"]
    assert [p for i in meeting.items for p in i.presenters] == facts["presenters"] * (2 if seed == "001" else 1)
    assert [a for i in meeting.items for a in i.attachments] == facts["attachments"]
    assert [(a.text, a.due, a.responsible) for i in meeting.items for a in i.actions] == facts["actions"]
    page = as_read((project.output / meeting.url).read_text(encoding="utf-8"))
    for fact in facts["texts"]:
        assert fact in page, fact
    if seed == "004":
        assert [p.name for p in meeting.participants if p.absent] == ["Katarina Pelin"]
        assert [d.clauses for i in meeting.items for d in i.decisions] == [
            ("att anta projektplanen", "samt att följa upp arbetet den 27 november 2015.")]
    if seed == "002":
        assert [p.name for p in meeting.participants if p.absent] == ["Magnus Haglund"]
        assert [r.ground for i in meeting.items for r in i.redactions] == ["Upphandlingssekretess"]
        for written in project.output.rglob("*"):
            if written.is_file():
                assert "Anbuden från leverantörerna".encode() not in written.read_bytes(), written


def test_what_could_not_be_placed_is_reported_with_its_paragraph(project, tmp_path):
    result, _ = imported(project, tmp_path, "003")
    notes = "\n".join(result.unplaced)
    assert "table of contents" in notes and "§ 15 Protokollets justering....." in notes
    assert "paragraph 5: 'Justeras av: Elise Ackerot" in notes and "approval" in notes
    assert "Anda Embretzen" not in notes  # placed, with its partial presence as a note
    text = result.path.read_text(encoding="utf-8")
    assert "note: §§ 15-16" in text
    assert ".....\t3" not in text and "Innehållsförteckning" not in text


def test_it_never_overwrites_and_names_what_is_missing(project, tmp_path):
    result, _ = imported(project, tmp_path, "001")
    before = result.path.read_bytes()
    with pytest.raises(ImportError_, match="already exists"):
        import_docx(project.config, tmp_path / "001.docx", body="umearegionen-kc")
    assert result.path.read_bytes() == before
    seed_000(tmp_path / "undated.docx")
    with pytest.raises(ImportError_, match="--date"):
        import_docx(project.config, tmp_path / "undated.docx", body="umearegionen-kc")
    (tmp_path / "not-word.docx").write_text("hello")
    with pytest.raises(ImportError_, match="not a Word document"):
        import_docx(project.config, tmp_path / "not-word.docx", body="umearegionen-kc", date="2020-01-01")


def test_the_command_prints_the_path_and_the_unplaced_parts(project, tmp_path, capsys):
    project.write("jamtland-samverkan/_body.md", JAMTLAND_BODY)
    seed_003(tmp_path / "protokoll.docx")
    assert main(["--project", str(project.root), "import", str(tmp_path / "protokoll.docx")]) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "content/jamtland-samverkan/2024-10-21.md"
    assert "protokoll.docx: paragraph 6: 'Innehållsförteckning'" in captured.err
    assert main(["--project", str(project.root), "import", str(tmp_path / "protokoll.docx")]) == 1
    assert "already exists" in capsys.readouterr().err
    helped = subprocess.run([sys.executable, "-m", "generator", "import", "--help"], capture_output=True, text=True,
                            cwd=REPO)
    assert "Word" in helped.stdout and "--body" in helped.stdout


def test_words_own_heading_numbers_are_counted(project, tmp_path):
    """Headings numbered by Word (a numbering on the style, not in the text) are items 1, 2, 3."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    document = docx.Document()
    document.add_paragraph("Dag\t2013-05-15")
    for title in ("Mötets öppnande", "Budgetuppföljning", "Nästa möte"):
        heading = document.add_heading(title, level=2)
        numbering = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", "0"), ("w:numId", "1")):
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            numbering.append(element)
        heading._p.get_or_add_pPr().append(numbering)
        document.add_paragraph(f"Text om {title.lower()}.")
    document.save(tmp_path / "numbered.docx")
    project.write("umearegionen-kc/_body.md", KC_BODY)
    result = import_docx(project.config, tmp_path / "numbered.docx", body="umearegionen-kc")
    text = result.path.read_text(encoding="utf-8")
    assert "## 1. Mötets öppnande\n" in text and "## 2. Budgetuppföljning\n" in text and "## 3. Nästa möte\n" in text
    assert check(project.config).errors == []
