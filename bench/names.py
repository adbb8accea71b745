"""The near-miss name check (model/people.py) on a synthetic archive, alone, in one process.

    python bench/names.py --meetings 1000 --people 2000 --participants 2000 [--baseline]

The archive: `--people` people in content/people.yml (a third with an alias), `--participants`
distinct names written in the meetings (half of them registered people, one in twenty a
spelling one or two letters off a registered or often-written name, the rest unregistered),
each meeting with 20 participants and 10 action rows drawn from them. Prints the CPU seconds of
`name_suggestions` (the comparison) and of `near_misses` (the warnings with their lines), best
of 3; `--baseline` also times the comparison the check made before (difflib's ratio of every
unregistered name against every registered spelling), once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.common.errors import SourceLocation  # noqa: E402
from generator.model.domain import Action, Archive, Body, Item, Meeting, Participant, Person  # noqa: E402
from generator.model.people import fold, looks_like_name, name_part, name_suggestions, near_misses  # noqa: E402

FIRST = ["Anna", "Bo", "Cecilia", "David", "Eva", "Fredrik", "Gunilla", "Håkan", "Ingrid", "Johan", "Karin",
         "Lars", "Maria", "Nils", "Olof", "Per", "Rebecka", "Sara", "Tomas", "Ulla", "Viktor", "Åsa", "Örjan",
         "Magnus", "Jonas", "Helén", "Inga-Lill", "Per-Eric", "Karolina", "Erik", "Lisa", "Martin"]
LAST = ["Andersson", "Berg", "Carlsson", "Dahl", "Eriksson", "Forsberg", "Gustafsson", "Haglund", "Isaksson",
        "Johansson", "Karlsson", "Lindberg", "Magnusson", "Nordström", "Olsson", "Persson", "Sundström",
        "Tegnhed", "Wretling", "Ahnqvist", "Jonsson", "Nilsson", "Lundqvist", "Hetta", "Sedig", "Långström"]


def typo(name: str, rng: random.Random) -> str:
    """One slip: a letter doubled, dropped or two swapped, inside the surname."""
    first, _, last = name.rpartition(" ")
    at = rng.randrange(1, len(last) - 1)
    kind = rng.choice(("double", "drop", "swap"))
    if kind == "double":
        last = last[:at] + last[at] + last[at:]
    elif kind == "drop":
        last = last[:at] + last[at + 1:]
    else:
        last = last[:at] + last[at + 1] + last[at] + last[at + 2:]
    return f"{first} {last}"


def names(count: int, rng: random.Random, taken: set[str]) -> list[str]:
    found: list[str] = []
    while len(found) < count:
        parts = [rng.choice(FIRST), rng.choice(LAST)] + ([rng.choice(LAST)] if rng.random() < 0.3 else [])
        name = " ".join(parts)
        if name not in taken:
            taken.add(name)
            found.append(name)
    return found


def synthetic_archive(meetings: int, people: int, participants: int, seed: int = 1) -> Archive:
    rng = random.Random(seed)
    taken: set[str] = set()
    registered = names(people, rng, taken)
    registry = tuple(Person(name, (typo(name, rng),) if index % 3 == 0 else ()) for index, name in enumerate(registered))
    written = registered[: participants // 2] + names(participants - participants // 2, rng, taken)
    for index in range(0, len(written), 20):
        written[index] = typo(written[index + 1 if index + 1 < len(written) else 0], rng)
    body = Body("kc", "Kommunchefsgruppen", "KC", "Umeåregionen", "", tuple(Participant(n) for n in written[:12]), "",
                SourceLocation("content/kc/_body.md"))
    archive_meetings = []
    start = dt.date(2000, 1, 1)
    for number in range(meetings):
        path = f"content/kc/{number:05d}.md"
        chosen = rng.sample(written, 20)
        actions = tuple(Action("", "", None, (rng.choice(chosen),), "", SourceLocation(path, 40 + row))
                        for row in range(10))
        item = Item("1", "Budget", "punkt-1", "", (chosen[0],), (), (), (), actions, (), SourceLocation(path, 30))
        archive_meetings.append(Meeting(
            body_slug="kc", slug=f"m{number}", date=start + dt.timedelta(days=number), date_note="", start="",
            end="", place="", kind="protokoll", title="", number="", status="justerat", approval=None, anslag=None,
            participants=tuple(Participant(n) for n in chosen), source_note="", published=None, corrections=(),
            preamble=(), items=(item,), location=SourceLocation(path)))
    return Archive(bodies=(body,), meetings=tuple(archive_meetings), people=registry)


def difflib_baseline(archive: Archive) -> int:
    """What the check did before: every unregistered name against every registered spelling."""
    spellings = {s.casefold() for p in archive.people for s in (p.name, *p.aliases)}
    folded_people = [fold(s) for p in archive.people for s in (p.name, *p.aliases)]
    unknown = {name_part(p.name) for m in archive.meetings for p in m.participants} - {s for s in spellings}
    hits = 0
    for name in unknown:
        if not looks_like_name(name) or name.casefold() in spellings:
            continue
        folded = fold(name)
        hits += any(difflib.SequenceMatcher(None, folded, other).ratio() >= 0.88 for other in folded_people)
    return hits


def best_of(runs: int, work) -> tuple[float, object]:
    """CPU seconds (the machine may be shared: wall time would count others' work), best of `runs`."""
    best, result = float("inf"), None
    for _ in range(runs):
        start = time.process_time()
        result = work()
        best = min(best, time.process_time() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--meetings", type=int, default=1000)
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--participants", type=int, default=2000)
    parser.add_argument("--baseline", action="store_true", help="also time the difflib comparison (slow)")
    args = parser.parse_args()
    archive = synthetic_archive(args.meetings, args.people, args.participants)
    with tempfile.TemporaryDirectory() as project:  # no files: lines come from the model
        seconds, suggestions = best_of(3, lambda: name_suggestions(archive, Path(project)))
        print(f"name_suggestions s {seconds:.3f} ({len(suggestions)} near misses)")
        seconds, problems = best_of(3, lambda: near_misses(archive, Path(project), suggestions=suggestions))
        print(f"near_misses warnings s {seconds:.3f} ({len(problems)} warnings)")
    if args.baseline:
        start = time.process_time()
        hits = difflib_baseline(archive)
        print(f"difflib baseline s {time.process_time() - start:.3f} ({hits} near misses of registered names)")


if __name__ == "__main__":
    main()
