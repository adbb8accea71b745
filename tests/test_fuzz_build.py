"""Fuzzing: hypothesis writes meeting files (front matter and Markdown: unicode, deep nesting, huge
tables, odd headings, stray sekretess fences, raw HTML) and runs check and build in-process. The
build either succeeds or reports clean Problems (file, line, message); it never raises anything
else."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from conftest import Project
from generator.load.config import load_config
from generator.common.errors import BuildFailed, Problem
from generator.build.pipeline import build, check

MEETING_PATH = "testgruppen/2020-02-01.md"

words = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=0, max_size=30)
swedish = st.text(alphabet="abcåäöÅÄÖ §.:;-|*_`#<>&\"'=/\\[](){}!\t0123456789", min_size=0, max_size=40)
line_text = st.one_of(words, swedish).map(lambda s: s.replace("\n", " ").replace("\r", " "))
scalar = st.one_of(st.none(), st.booleans(), st.integers(-10**20, 10**20), st.floats(allow_nan=True),
                   words, swedish, st.dates().map(dt.date.isoformat),
                   st.sampled_from(["2017-02-30", "12:00", "24:61", "08.30", "0o17", "0x1F", "1e3", "~", "yes",
                                    "2020-02-01", "protokoll", "justerat", "utkast", "planerat", "ordförande"]))
value = st.recursive(scalar, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(st.one_of(words, st.sampled_from(
                                                         ["name", "role", "date", "what", "by", "absent"])),
                                                         inner, max_size=4)), max_leaves=12)
KEYS = ["body", "date", "date_note", "start", "end", "place", "kind", "title", "number", "status", "approval",
        "anslag", "participants", "source", "published", "corrections"]


@st.composite
def front_matter(draw) -> str:
    choice = draw(st.integers(0, 9))
    if choice == 0:  # now and then: anything at all between the fences
        return draw(st.text(max_size=200))
    data = {"body": "testgruppen", "date": "2020-02-01", "kind": "protokoll", "status": "justerat"}
    if choice < 6:  # mostly valid, so that the render and write stages are fuzzed too
        for key in draw(st.lists(st.sampled_from(["title", "place", "date_note", "source", "number"]), max_size=5)):
            data[key] = draw(line_text.filter(str.strip))
        if draw(st.booleans()):
            data["participants"] = [{"name": draw(line_text.filter(str.strip)), "role": draw(st.sampled_from(
                ["ordförande", "ledamot", "gäst"])), "note": draw(line_text.filter(str.strip))}]
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    for key in draw(st.lists(st.sampled_from(KEYS), max_size=6)):
        data[key] = draw(value)
    for key in draw(st.lists(words, max_size=2)):
        data[key] = draw(value)
    for key in draw(st.lists(st.sampled_from(list(data)), max_size=2)):
        data.pop(key, None)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


heading_number = st.one_of(st.just(""), st.sampled_from(["1.", "1", "§ 3", "§3a", "2.1", "6.2.1.9.9", "0.", "99999999999999999999.",
                                                         "1)", "1:", "§", "§ 1 §", "-1."]),
                           st.from_regex(r"\A[0-9]{1,3}(\.[0-9]{1,3}){0,4}\.?\Z"))


@st.composite
def block(draw) -> str:
    kind = draw(st.sampled_from(["heading", "paragraph", "fields", "table", "actions", "nesting", "list", "sekretess",
                                 "html", "code", "decision"]))
    if kind == "heading":
        level = draw(st.sampled_from([2, 2, 2, 3, 3, 4, 5, 6, 7, 1]))
        return "#" * level + " " + draw(heading_number) + " " + draw(line_text)
    if kind == "paragraph":
        return "\n".join(draw(st.lists(line_text, min_size=1, max_size=5)))
    if kind == "fields":
        keys = draw(st.lists(st.sampled_from(["Föredragande", "Bilagor", "Bilaga", "Ärendetyp", "Ärendetyp",
                                              "Foredragande", "Beslut", "X"]), min_size=1, max_size=4))
        return "\n".join(f"{k}: {draw(line_text)}" for k in keys)
    if kind in ("table", "actions"):
        columns = draw(st.integers(1, 8))
        rows = draw(st.integers(0, 300))
        header = ["Åtgärd", "Slutdatum", "Ansvarig", "Klar"][:columns] if kind == "actions" else \
            [draw(line_text).replace("|", "") for _ in range(columns)]
        cell = draw(st.one_of(line_text, st.sampled_from(["2020-02-30", "", "2021-01-01", "a; b; ;", "\\|"])))
        body = [" | ".join(cell.replace("|", "\\|") for _ in range(draw(st.integers(0, columns + 2)))) for _ in range(rows)]
        return "\n".join(["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)] + [f"| {r} |" for r in body])
    if kind == "nesting":
        depth = draw(st.integers(1, 200))
        marker = draw(st.sampled_from(["> ", "- ", "1. ", "  ", "* > "]))
        return "\n".join(marker * d + draw(line_text) for d in range(depth))
    if kind == "list":
        return "\n".join(("  " * draw(st.integers(0, 6))) + "- " + draw(st.sampled_from(["att ", "samt att ", ""]))
                         + draw(line_text) for _ in range(draw(st.integers(1, 10))))
    if kind == "sekretess":
        opener = draw(st.sampled_from(["::: sekretess ", "::: Sekretess ", ":::sekretess", "::: sekretes ", ":::: sekretess ",
                                       "::: ", ":::", "  ::: sekretess "]))
        closer = draw(st.sampled_from([":::", "", "::::", ":::\n:::"]))
        return f"{opener}{draw(line_text)}\n{draw(line_text)}\n{closer}"
    if kind == "html":
        return draw(st.sampled_from(["<div>", "</div>", "<script>x</script>", "<!--", "-->", "<table><tr><td>",
                                     "<i>kursiv</i>", "<img src=x onerror=y>", "<![CDATA[", "<?php ?>", "&#0;", "&#xD800;"]))
    if kind == "code":
        return "```" + draw(line_text) + "\n" + draw(line_text) + "\n" + draw(st.sampled_from(["```", ""]))
    return "### Beslut\n\n" + draw(line_text)


markdown = st.lists(block(), max_size=12).map(lambda blocks: "\n\n".join(blocks))


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory) -> Project:
    return Project(tmp_path_factory.mktemp("fuzz") / "site").with_sample()


def assert_clean(problems: list[Problem]) -> None:
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.location.path.startswith("content/"), problem
        assert problem.location.line is None or problem.location.line >= 1, problem
        assert problem.message.strip(), problem
        assert "Traceback" not in problem.format()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                    HealthCheck.too_slow, HealthCheck.data_too_large])
@given(fm=front_matter(), body=markdown, line_end=st.sampled_from(["\n", "\r\n"]), bom=st.booleans())
def test_check_and_build_never_raise_anything_but_problems(fuzz_project, fm, body, line_end, bom):
    text = ("\ufeff" if bom else "") + f"---\n{fm}---\n\n{body}\n".replace("\n", line_end)
    fuzz_project.write(MEETING_PATH, text.encode("utf-8", "surrogatepass"))
    config = load_config(fuzz_project.root)
    report = check(config)
    assert_clean(report.problems)
    if report.errors:
        event("check found errors")
        return
    try:
        build(config)
    except BuildFailed as failed:
        assert_clean(failed.problems)
        return
    event("built")
    assert (fuzz_project.output / "index.html").exists()
    shutil.rmtree(fuzz_project.output, ignore_errors=True)
