"""Fuzzing every kind of input file with random bytes and random YAML, through the command line.

For each kind (a meeting, a body, people.yml, minutes.yml) hypothesis writes the file as random
bytes, random text in some encoding, or YAML made from random data and then cut and spliced with
YAML's own syntax (anchors, aliases, tags, flow brackets, document markers, tabs). Then `minutes
check` and `minutes build` run (in this process, through the CLI's main): each must end with 0
or 1, never raise; a 1 comes with a message naming a file and leaves output/ as it was; and the
process's peak memory stays under the budget.
"""

from __future__ import annotations

import contextlib
import io
import resource

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import Project, output_snapshot
from generator.cli import main

MEMORY_BUDGET_KB = 1024 * 1024  # ru_maxrss is in KB on Linux
KINDS = {
    "meeting": "content/testgruppen/2020-01-15.md",
    "body": "content/testgruppen/_body.md",
    "people": "content/people.yml",
    "config": "minutes.yml",
}

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=20), st.dates().map(str),
                    st.sampled_from(["9999-12-31", "0001-01-01", "2020-02-30", "12:00", "justerat", "utkast",
                                     "testgruppen", "protokoll", "ordförande", "Anna Andersson", "~", "yes"]))
keys = st.one_of(st.sampled_from(["body", "date", "kind", "status", "participants", "name", "organisation",
                                  "members", "aliases", "title", "language", "accessibility", "anslag",
                                  "approval", "by", "role", "base_url", "layouts_dir"]),
                 st.text(max_size=10))
data = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                     st.dictionaries(keys, inner, max_size=5)), max_leaves=25)
SYNTAX = ["&a ", "*a", "&b [*a, *a]", "*b", "!!timestamp ", "!!binary ", "!!python/object:os.system ", "!!str ",
          "<<: *a", "? ", ": ", "- ", "[", "]", "{", "}", "'", '"', "\t", "---\n", "...\n", "%YAML 1.1\n", "\n  ",
          "#", "|\n", ">-\n", "\\", "\x00", "\ufeff", "\u2028", "\r"]


@st.composite
def yaml_text(draw) -> str:
    text = yaml.safe_dump(draw(data), allow_unicode=True, sort_keys=False)
    for _ in range(draw(st.integers(0, 6))):
        position = draw(st.integers(0, len(text)))
        text = text[:position] + draw(st.sampled_from(SYNTAX)) + text[position:]
    return text


@st.composite
def file_bytes(draw, kind: str) -> bytes:
    form = draw(st.sampled_from(["bytes", "text", "yaml", "yaml", "yaml"]))
    if form == "bytes":
        return draw(st.binary(max_size=3000))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "utf-8-sig", "utf-16", "cp1252", "latin-1"]))
    if form == "text":
        text = draw(st.text(max_size=500))
    else:
        text = draw(yaml_text())
        if kind in ("meeting", "body"):
            markdown = draw(st.sampled_from(["", "## 1. Punkt", "## 1. Punkt\n\nText."]))
            text = f"---\n{text}---\n\n{markdown}\n"
    return text.encode(encoding, errors="replace")


@pytest.fixture(scope="module")
def fuzz_project(tmp_path_factory) -> Project:
    project = Project(tmp_path_factory.mktemp("hostile-fuzz") / "site").with_sample()
    project.write("people.yml", "- name: Anna Andersson\n  organisation: Testkommun\n")
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        assert main(["--project", str(project.root), "build", "--jobs", "1"]) == 0
    return project


def run(project: Project, *args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main(["--project", str(project.root), *args])
    return code, err.getvalue()


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_any_file_ends_in_a_message_never_a_traceback(fuzz_project, kind):
    target = fuzz_project.root / KINDS[kind]
    good = target.read_bytes()

    @settings(max_examples=40, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large])
    @given(content=file_bytes(kind))
    def case(content: bytes) -> None:
        # A random output folder could be any folder of this machine (the refusals of dangerous
        # ones are tested in test_hostile_input.py).
        assume(b"output_dir" not in content and b"content_dir" not in content)
        before = output_snapshot(fuzz_project.output)
        target.write_bytes(content)
        try:
            for command in ("check", "build"):
                extra = ("--jobs", "1") if command == "build" else ()
                code, err = run(fuzz_project, command, *extra)
                assert code in (0, 1), (code, err)
                assert "Traceback" not in err, err
                if code == 1:
                    assert any(line.split(":", 1)[0] in (KINDS[kind], "minutes.yml") or line.startswith("content/")
                               for line in err.splitlines()), err
                    if command == "build":
                        assert output_snapshot(fuzz_project.output) == before
                    break
        finally:
            target.write_bytes(good)
        assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < MEMORY_BUDGET_KB

    case()
