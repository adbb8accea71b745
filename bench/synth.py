"""Synthetic archives in the minutes content format, for benchmarks.

Deterministic for a given seed. Text is re-sampled from the sentences of the real seed minutes in
content/, with variety added (people's names, amounts, dates, compound words), because re-sampled
text alone has a small vocabulary that would flatter search-index sizes.

Two profiles:
  realistic  what a municipality's archive looks like: bodies with four-year terms of office (the
             same 7-15 members and a secretary at nearly every meeting, partly replaced at each
             election), substitutes standing in, thousands of distinct names across the archive
             with the spelling variants minutes really carry (a dropped diacritic, a doubled or
             missing letter), meetings from about 2 KB to 200 KB (a long tail of long ones),
             attachments and actions in proportion to an item's length, decades of history.
  uniform    every body about 250 meetings of the same shape, 6-12 members drawn at random once.

    python bench/synth.py --meetings 1000 --out /tmp/archive-1000 [--profile uniform]
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


# More names than FIRST x LAST, as a real archive has: thousands of distinct people over decades.
MORE_FIRST = ["Agneta", "Birgitta", "Christina", "Dan", "Elisabeth", "Fredrik", "Gustav", "Hanna", "Ida", "Jan",
              "Jan-Inge", "Anna-Karin", "Kjell", "Lena", "Marie", "Niklas", "Ola", "Patrik", "Rolf", "Stina",
              "Stefan", "Therese", "Ulf", "Viktoria", "Wilhelm", "Annika", "Bengt", "Camilla", "David", "Emil",
              "Filip", "Gun", "Henrik", "Inger", "Jenny", "Klas", "Louise", "Mikael", "Nina", "Oskar", "Pia",
              "Robert", "Siv", "Torbjörn", "Ulla", "Vera", "Åke", "Östen", "Mona", "Leif"]
MORE_LAST = ["Berg", "Holm", "Sandberg", "Forsberg", "Sjöberg", "Wallin", "Engström", "Eklund", "Danielsson",
             "Lundin", "Björk", "Isaksson", "Fransson", "Nyberg", "Holmberg", "Strand", "Lundqvist", "Mattsson",
             "Berglund", "Sundberg", "Lindholm", "Hedlund", "Falk", "Sjögren", "Ström", "Åberg", "Blom", "Norberg",
             "Sundström", "Lindgren", "Axelsson", "Hellström", "Viklund", "Nordin", "Dahlberg", "Hägglund",
             "Sedig", "Långström", "Gammelgård", "Ekman", "Hedberg", "Lund", "Nyström", "Wikström", "Östlund"]
FOLDS = str.maketrans("åäöÅÄÖé", "aaoAAOe")


class Register:
    """The people of a realistic archive: many distinct names, each with the variants minutes use."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.firsts = FIRST + MORE_FIRST
        self.lasts = LAST + MORE_LAST
        self.used: set[str] = set()

    def person(self) -> str:
        while True:
            first = self.rng.choice(self.firsts)
            if self.rng.random() < 0.15:
                first = f"{first} {self.rng.choice(self.firsts)}"
            last = self.rng.choice(self.lasts)
            if self.rng.random() < 0.1:
                last = f"{last}-{self.rng.choice(self.lasts)}"
            name = f"{first} {last}"
            if name not in self.used:
                self.used.add(name)
                return name

    def as_written(self, name: str) -> str:
        """Now and then a name as a hurried secretary types it: diacritics dropped, a letter doubled."""
        roll = self.rng.random()
        if roll < 0.01:
            return name.translate(FOLDS)
        if roll < 0.015:
            at = self.rng.randrange(1, len(name) - 1)
            return name[:at] + name[at] + name[at:] if name[at].isalpha() else name
        return name


def realistic_meeting(writer: Writer, register: Register, body: str, date: dt.date,
                      members: list[tuple[str, str, str]], secretary: tuple[str, str],
                      substitutes: list[tuple[str, str]]) -> str:
    rng = writer.rng
    lines = ["---", f"body: {body}", f"date: {date.isoformat()}", f'start: "{rng.choice(["08:30", "09:00", "13:00", "13:30"])}"',
             f'end: "{rng.choice(["16:00", "16:30", "17:00"])}"',
             f"place: {rng.choice(MUNICIPALITIES)} stadshus", f"kind: {rng.choice(['protokoll', 'protokoll', 'minnesanteckningar'])}",
             f"status: {rng.choice(['justerat', 'justerat', 'justerat', 'ojusterat'])}", "participants:"]
    present = []
    for name, organisation, role in members:
        if rng.random() < 0.9:
            present.append((register.as_written(name), organisation, role))
        elif substitutes:
            stand_in, its_organisation = rng.choice(substitutes)
            present.append((stand_in, its_organisation, "ersättare"))
    present.append((secretary[0], secretary[1], "sekreterare"))
    seen: set[str] = set()
    for name, organisation, role in present:
        if name in seen:
            continue
        seen.add(name)
        lines += [f"  - name: {name}", f"    organisation: {organisation}", f"    role: {role}"]
    lines += ["---", ""]
    # Long tail: most meetings have a handful of short items, a few have dozens of long ones.
    items = min(60, max(2, int(rng.lognormvariate(1.5, 0.6))))
    length = rng.lognormvariate(-0.6, 1.0)
    titles = ITEM_TITLES[:2] + [f"{writer.compound().capitalize()} i {rng.choice(MUNICIPALITIES)}" for _ in range(items)] + ITEM_TITLES[4:]
    for number, title in enumerate(titles, start=1):
        lines += [f"## {number}. {title}", ""]
        paragraphs = max(1, int(length * rng.randint(1, 3)))
        if number > 2:
            lines += [f"Föredragande: {register.as_written(rng.choice(members)[0])}"]
            if rng.random() < min(0.9, 0.2 * paragraphs):
                lines += [f"Bilagor: {writer.compound().capitalize()} {date.year}.pdf"]
            lines += ["", "### Ärendebeskrivning", ""]
        for _ in range(paragraphs):
            lines += [writer.paragraph(rng.randint(2, 6)), ""]
        if number > 2 and rng.random() < 0.6:
            lines += ["### Beslut", "", f"- att {writer.sentence()[0].lower()}{writer.sentence()[1:]}", ""]
        if number > 2 and rng.random() < min(0.8, 0.1 * paragraphs):
            due = date + dt.timedelta(days=rng.randint(7, 120))
            owners = "; ".join(register.as_written(rng.choice(members)[0]) for _ in range(rng.randint(1, 2)))
            lines += ["| Åtgärd | Slutdatum | Ansvarig |", "| --- | --- | --- |",
                      f"| {writer.sentence()} | {due.isoformat()} | {owners} |", ""]
    return "\n".join(lines) + "\n"


def generate_realistic(meetings: int, out: Path, rng: random.Random, writer: Writer) -> None:
    """Bodies meet about ten times a year; each is a few decades old; elections every fourth year."""
    register = Register(rng)
    bodies = max(1, round(meetings / 300))
    per_body = -(-meetings // bodies)
    written = 0
    for b in range(bodies):
        slug = f"organ-{b:03d}"
        folder = out / "content" / slug
        folder.mkdir()
        size = rng.randint(7, 15)
        members = [(register.person(), f"{rng.choice(MUNICIPALITIES)} kommun", "ledamot") for _ in range(size)]
        members[0] = (members[0][0], members[0][1], "ordförande")
        secretary = (register.person(), f"{rng.choice(MUNICIPALITIES)} kommun")
        substitutes = [(register.person(), f"{rng.choice(MUNICIPALITIES)} kommun") for _ in range(size // 2)]
        (folder / "_body.md").write_text(
            f"---\nname: {writer.compound().capitalize()}gruppen {b}\norganisation: {rng.choice(MUNICIPALITIES)}regionen\n---\n\n"
            f"{writer.paragraph(3)}\n", encoding="utf-8")
        count = min(per_body, meetings - written)
        start_year = 2026 - max(1, count // 10)
        day = dt.date(start_year, 1, 10)
        term = day.year
        for _ in range(count):
            day += dt.timedelta(days=rng.randint(20, 50))
            if day.year - term >= 4:
                term = day.year
                for index in range(size):
                    if rng.random() < 0.4:
                        members[index] = (register.person(), members[index][1], members[index][2])
                substitutes = [(register.person(), f"{rng.choice(MUNICIPALITIES)} kommun") for _ in range(size // 2)]
                if rng.random() < 0.3:
                    secretary = (register.person(), secretary[1])
            (folder / f"{day.isoformat()}.md").write_text(
                realistic_meeting(writer, register, slug, day, members, secretary, substitutes), encoding="utf-8")
            written += 1


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


PROFILES = ("realistic", "uniform")


def generate(meetings: int, out: Path, seed: int = 1, profile: str = "uniform") -> Path:
    """Write a project (minutes.yml and content/, on the default theme) into out."""
    rng = random.Random(seed)
    writer = Writer(rng)
    if out.exists():
        shutil.rmtree(out)
    (out / "content").mkdir(parents=True)
    (out / "minutes.yml").write_text("title: Syntetiskt arkiv\nbase_url: https://example.org/arkiv/\n"
                                     "repository_url: https://example.org/kommun/arkiv\n", encoding="utf-8")
    if profile == "realistic":
        generate_realistic(meetings, out, rng, writer)
        return out
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
    parser.add_argument("--profile", choices=PROFILES, default="realistic")
    args = parser.parse_args()
    generate(args.meetings, args.out, args.seed, args.profile)
    print(f"wrote {args.meetings} meetings ({args.profile}) to {args.out}")


if __name__ == "__main__":
    main()
