"""Synthetic archives in the minutes content format, for benchmarks.

Deterministic for a given seed. Text is re-sampled from the sentences of the real seed minutes in
content/, with variety added (people's names, amounts, dates, compound words), because re-sampled
text alone has a small vocabulary that would flatter search-index sizes.

    python bench/synth.py --meetings 1000 --out /tmp/archive-1000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import re
import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

FIRST = ["Anna", "Lisa", "Erik", "Karin", "Johan", "Maria", "Per", "Eva", "Lars", "Sara", "Magnus", "Ingrid",
         "Jonas", "Helena", "Mats", "Sofia", "Nils", "Elin", "Olof", "Malin", "Gunnar", "Emma", "Tomas", "Linnea",
         "Håkan", "Åsa", "Örjan", "Ylva", "Björn", "Märta", "Göran", "Kerstin", "Sven", "Frida", "Anders", "Ebba"]
LAST = ["Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
        "Gustafsson", "Pettersson", "Jonsson", "Jansson", "Hansson", "Bengtsson", "Jönsson", "Lindberg", "Lindqvist",
        "Magnusson", "Lindström", "Nordström", "Åström", "Öberg", "Wretling", "Haglund", "Söderström", "Bäckström"]
MUNICIPALITIES = ["Umeå", "Vännäs", "Vindeln", "Robertsfors", "Nordmaling", "Bjurholm", "Örnsköldsvik", "Skellefteå",
                  "Lycksele", "Helsingborg", "Höganäs", "Ängelholm", "Klippan", "Åstorp", "Bjuv", "Landskrona",
                  "Krokom", "Åre", "Strömsund", "Ragunda", "Bräcke", "Härjedalen", "Berg", "Östersund"]
PARTS = ["samverkans", "utvecklings", "integrations", "kommun", "region", "bostads", "näringslivs", "skol",
         "omsorgs", "digitaliserings", "upphandlings", "budget", "personal", "kompetens", "mottagnings", "trafik",
         "miljö", "kultur", "fritids", "energi", "vatten", "avfalls", "turism", "folkhälso", "invånar"]
HEADS = ["avtal", "strategi", "plan", "grupp", "projekt", "uppdrag", "medel", "frågor", "arbete", "system",
         "rapport", "konferens", "nämnd", "utredning", "modell", "satsning", "program", "råd", "tjänst", "analys"]
ITEM_TITLES = ["Mötets öppnande", "Föregående minnesanteckningar", "Information från kansliet", "Budgetuppföljning",
               "Övriga frågor", "Nästa möte", "Mötets avslutande"]


def seed_sentences() -> list[str]:
    sentences: list[str] = []
    for path in sorted((REPO / "content").glob("*/*.md")):
        if path.name.startswith("_"):
            continue
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[-1]
        for line in body.splitlines():
            line = line.strip()
            if not line or line[0] in "#|:-*" or len(line) < 40 or re.match(r"^[A-ZÅÄÖa-zåäö]+:", line):
                continue
            sentences.extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", line) if len(s.strip()) > 30)
    return sentences


class Writer:
    def __init__(self, rng: random.Random):
        self.rng = rng
        self.sentences = seed_sentences()

    def name(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def compound(self) -> str:
        return self.rng.choice(PARTS) + self.rng.choice(HEADS)

    def sentence(self) -> str:
        sentence = self.rng.choice(self.sentences)
        roll = self.rng.random()
        if roll < 0.25:
            sentence += f" {self.name()} redogjorde för {self.compound()}."
        elif roll < 0.4:
            sentence += f" Kostnaden beräknas till {self.rng.randint(5, 2000) * 1000:,} kr.".replace(",", " ")
        elif roll < 0.5:
            sentence += f" Frågan om {self.compound()} i {self.rng.choice(MUNICIPALITIES)} tas upp igen."
        return sentence

    def paragraph(self, count: int) -> str:
        return " ".join(self.sentence() for _ in range(count))


def meeting_text(writer: Writer, body: str, date: dt.date, members: list[tuple[str, str]]) -> str:
    rng = writer.rng
    lines = ["---", f"body: {body}", f"date: {date.isoformat()}", 'start: "08:30"', 'end: "12:00"',
             f"place: {rng.choice(MUNICIPALITIES)} stadshus", f"kind: {rng.choice(['protokoll', 'minnesanteckningar'])}",
             f"status: {rng.choice(['justerat', 'justerat', 'ojusterat'])}", "participants:"]
    for index, (name, municipality) in enumerate(members):
        role = "ordförande" if index == 0 else "ledamot"
        lines += [f"  - name: {name}", f"    organisation: {municipality}s kommun", f"    role: {role}"]
    lines += ["---", ""]
    titles = ITEM_TITLES[:3] + [f"{writer.compound().capitalize()} i {rng.choice(MUNICIPALITIES)}" for _ in range(6)] + ITEM_TITLES[4:]
    for number, title in enumerate(titles, start=1):
        lines += [f"## {number}. {title}", ""]
        if number > 1:
            lines += [f"Föredragande: {writer.name()}", f"Bilagor: {writer.compound().capitalize()} {date.year}.pdf", ""]
        lines += ["### Ärendebeskrivning", "", writer.paragraph(rng.randint(2, 5)), "", writer.paragraph(rng.randint(1, 4)), ""]
        if number > 2:
            lines += ["### Beslut", "", f"- att {writer.sentence()[0].lower()}{writer.sentence()[1:]}",
                      f"- samt att uppdra åt {writer.name()} att återkomma om {writer.compound()}", ""]
        if rng.random() < 0.35:
            due = date + dt.timedelta(days=rng.randint(7, 120))
            lines += ["| Åtgärd | Slutdatum | Ansvarig |", "| --- | --- | --- |",
                      f"| {writer.sentence()} | {due.isoformat()} | {writer.name()}; {writer.name()} |", ""]
    return "\n".join(lines) + "\n"


def generate(meetings: int, out: Path, seed: int = 1) -> Path:
    """Write a project (minutes.yml, content/, layouts and assets linked from the repo) into out."""
    rng = random.Random(seed)
    writer = Writer(rng)
    if out.exists():
        shutil.rmtree(out)
    (out / "content").mkdir(parents=True)
    for name in ("layouts", "assets"):
        (out / name).symlink_to(REPO / name)
    (out / "minutes.yml").write_text("title: Syntetiskt arkiv\nbase_url: https://example.org/arkiv/\n"
                                     "repository_url: https://example.org/kommun/arkiv\n", encoding="utf-8")
    bodies = max(1, meetings // 250)
    per_body = -(-meetings // bodies)
    written = 0
    for b in range(bodies):
        slug = f"organ-{b:03d}"
        members = [(writer.name(), rng.choice(MUNICIPALITIES)) for _ in range(rng.randint(6, 12))]
        folder = out / "content" / slug
        folder.mkdir()
        (folder / "_body.md").write_text(
            f"---\nname: {writer.compound().capitalize()}gruppen {b}\norganisation: {rng.choice(MUNICIPALITIES)}regionen\n---\n\n"
            f"{writer.paragraph(3)}\n", encoding="utf-8")
        day = dt.date(2000, 1, 10) + dt.timedelta(days=rng.randint(0, 300))
        for _ in range(min(per_body, meetings - written)):
            day += dt.timedelta(days=rng.randint(3, 30))
            (folder / f"{day.isoformat()}.md").write_text(meeting_text(writer, slug, day, members), encoding="utf-8")
            written += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    generate(args.meetings, args.out, args.seed)
    print(f"wrote {args.meetings} meetings to {args.out}")


if __name__ == "__main__":
    main()
