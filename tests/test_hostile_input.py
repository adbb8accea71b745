"""Hostile input, end to end through the CLI: files made to exhaust memory, recursion or the date
range, and a config that is broken or would point the build at the project itself.

Every case must end the way any bad input ends: exit 1, a message naming the file (and the line,
where there is one) and what to do, no traceback, and output/ byte for byte the last good site.
The builds run with their address space capped at MEMORY_BUDGET, so a case that grows the build
past it fails here (with a MemoryError) instead of slowing the machine down.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys

import pytest

from conftest import MEETING_FILE, REPO, Project, output_snapshot

MEETING = "testgruppen/2020-01-15.md"
MEMORY_BUDGET = 1024 * 1024 * 1024  # address space, not just resident memory: a strict bound
BOMB = "".join([
    'lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n',
    *(f"lol{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]\n" for n in range(1, 10)),
])  # 9**10 strings once expanded: what made the build grow to 6 GB


def _bounded() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BUDGET, MEMORY_BUDGET))


def cli(project: Project, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--project", str(project.root), *args],
                          capture_output=True, text=True, cwd=REPO, timeout=300, preexec_fn=_bounded,
                          env={**os.environ, "PYTHONPATH": str(REPO), "MINUTES_MESSAGES_LANGUAGE": "en", **(env or {})})


@pytest.fixture
def built(project: Project) -> Project:
    project.with_sample()
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    return project


def refused(project: Project, where: str, *words: str, commands=("check", "build"), env: dict | None = None) -> str:
    """Each command exits 1 without a traceback, with a message line starting `where` and holding
    `words`; output/ is unchanged. Returns the message line."""
    before = output_snapshot(project.output)
    line = ""
    for command in commands:
        result = cli(project, command, env=env)
        assert "Traceback" not in result.stderr, result.stderr[-3000:]
        assert result.returncode == 1, f"{command} exited {result.returncode}:\n{result.stdout}{result.stderr[-3000:]}"
        lines = [text for text in result.stderr.splitlines() if text.startswith(where)]
        assert lines, f"no message starts with {where!r}:\n{result.stderr}"
        line = lines[0]
        for word in words:
            assert word in line, f"{word!r} missing from {line!r}"
    assert output_snapshot(project.output) == before
    assert not [p.name for p in project.root.iterdir() if p.name.startswith(".output.staging")]
    return line


def with_front_matter(extra: str, replace: tuple[str, str] | None = None) -> str:
    text = MEETING_FILE.replace("---\n", "---\n" + extra, 1)
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    return text


# YAML made to exhaust the build


def test_anchor_bomb_in_front_matter(built):
    built.write(MEETING, with_front_matter(BOMB))
    refused(built, f"content/{MEETING}:3: ", "alias '*a0'", "not allowed")


def test_anchor_bomb_in_people_file(built):
    built.write("people.yml", "- name: Anna Andersson\n  aliases:\n" + "".join(f"    {line}\n" for line in BOMB.splitlines()))
    refused(built, "content/people.yml:4: ", "alias '*a0'", "not allowed")


def test_anchor_bomb_in_body_file(built):
    body = (built.root / "content/testgruppen/_body.md").read_text(encoding="utf-8")
    built.write("testgruppen/_body.md", body.replace("---\n", "---\n" + BOMB, 1))
    refused(built, "content/testgruppen/_body.md:3: ", "alias")


def test_anchor_bomb_in_config(built):
    (built.root / "minutes.yml").write_text("title: Arkivet\n" + BOMB, encoding="utf-8")
    refused(built, "minutes.yml:3: ", "alias '*a0'", "Write the value out")


def test_recursive_alias(built):
    built.write(MEETING, with_front_matter("loop: &loop [*loop]\n"))
    refused(built, f"content/{MEETING}:2: ", "alias '*loop'")


def test_recursive_alias_in_config(built):
    (built.root / "minutes.yml").write_text("title: &t [*t]\n", encoding="utf-8")
    refused(built, "minutes.yml:1: ", "alias '*t'")


@pytest.mark.parametrize("nesting", ["[" * 990 + "]" * 990, "\n" + "".join("  " * depth + f"- k{depth}:\n" for depth in range(400))])
def test_deep_nesting(built, nesting):
    built.write(MEETING, with_front_matter(f"deep: {nesting}\n"))
    refused(built, f"content/{MEETING}:", "levels deep")


def test_too_many_values(built):
    built.write(MEETING, with_front_matter("many: [" + "0, " * 300_000 + "0]\n"))
    refused(built, f"content/{MEETING}:2: ", "more than 250,000 values")


@pytest.mark.parametrize("tagged", ["!!timestamp 2020-01-15", "!!python/object/apply:os.system ['true']",
                                    "!!binary AAAA", "!!float abc", "!!int xyz", "!!set {a, b}"])
def test_tags_are_refused(built, tagged):
    built.write(MEETING, with_front_matter(f"note: {tagged}\n"))
    refused(built, f"content/{MEETING}:2: ", "tag", "not allowed")


def test_five_thousand_digit_number(built):
    built.write(MEETING, with_front_matter("", ("place: Stadshuset", "place: " + "9" * 5000)))
    # Kept as text (Python refuses to convert more than 4,300 digits to a number): the site builds.
    result = cli(built, "build")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "9" * 5000 in (built.output / "testgruppen/2020-01-15.html").read_text(encoding="utf-8")


def test_two_yaml_documents_in_config(built):
    (built.root / "minutes.yml").write_text("title: Arkivet\n---\ntitle: Annat\n", encoding="utf-8")
    refused(built, "minutes.yml:2: ", "more than one document")


# Dates at the edges of what Python can compute with


def test_date_far_in_the_future(built):
    text = MEETING_FILE.replace("date: 2020-01-15", "date: 9999-12-31")
    (built.root / "content" / MEETING).unlink()
    built.write("testgruppen/9999-12-31.md", text)
    refused(built, "content/testgruppen/9999-12-31.md:3: ", "9999-12-31", "1900-2100")


def test_date_far_in_the_past(built):
    text = MEETING_FILE.replace("date: 2020-01-15", "date: 0001-01-01")
    (built.root / "content" / MEETING).unlink()
    built.write("testgruppen/0001-01-01.md", text)
    refused(built, "content/testgruppen/0001-01-01.md:3: ", "1900-2100")


def test_anslag_at_the_end_of_time(built):
    # An approved protokoll's appeal period runs three weeks past its anslag: past 9999-12-31.
    built.write(MEETING, with_front_matter("anslag: 9999-12-31\n"))
    refused(built, f"content/{MEETING}:2: ", "'anslag'", "1900-2100")


def test_due_date_at_the_end_of_time(built):
    built.write(MEETING, MEETING_FILE.replace("| 2020-02-01 |", "| 9999-12-31 |"))
    line = MEETING_FILE.replace("| 2020-02-01 |", "| 9999-12-31 |").splitlines().index(
        "| Skicka ut budgeten | 9999-12-31 | Anna Andersson; Bo Berg |") + 1
    refused(built, f"content/{MEETING}:{line}: ", "9999-12-31", "1900-2100")


def test_tagged_date_cannot_bypass_the_range(built):
    built.write(MEETING, with_front_matter("", ("date: 2020-01-15", "date: !!timestamp 9999-12-31")))
    refused(built, f"content/{MEETING}:3: ", "tag")


def test_accessibility_date_out_of_range(built):
    (built.root / "minutes.yml").write_text('title: Arkivet\naccessibility:\n  assessed: "9999-12-31"\n', encoding="utf-8")
    refused(built, "minutes.yml:3: ", "1900-2100")


def test_source_date_epoch_out_of_range(built):
    refused(built, "SOURCE_DATE_EPOCH: ", "1900-2100", env={"SOURCE_DATE_EPOCH": "99999999999999999"})


# The config read like the content


def test_config_in_windows_1252(built):
    (built.root / "minutes.yml").write_bytes("title: Protokoll från nämnden\n".encode("cp1252"))
    refused(built, "minutes.yml:1: ", "not UTF-8", "Windows-1252", "iconv")


def test_config_that_is_a_folder(built):
    (built.root / "minutes.yml").unlink()
    (built.root / "minutes.yml").mkdir()
    refused(built, "minutes.yml: ", "is a folder")


def test_config_that_is_binary(built):
    (built.root / "minutes.yml").write_bytes(b"\x00\x01\x02" * 100)
    refused(built, "minutes.yml: ", "binary")


def test_config_that_is_too_large(built):
    (built.root / "minutes.yml").write_text("# " + "x" * (2 * 1024 * 1024) + "\n", encoding="utf-8")
    refused(built, "minutes.yml: ", "KB")


def test_config_that_is_a_list(built):
    (built.root / "minutes.yml").write_text("- title: Arkivet\n", encoding="utf-8")
    refused(built, "minutes.yml:1: ", "key: value")


@pytest.mark.parametrize("output_dir, why", [(".", "is the project folder"), ("..", "holds the project folder"),
                                            ("content", "is content/"), ("content/site", "inside content/"),
                                            (".git", "is .git/")])
def test_output_folder_that_would_replace_the_project(built, output_dir, why):
    (built.root / ".git").mkdir()
    (built.root / "minutes.yml").write_text(f"title: Arkivet\noutput_dir: {output_dir}\n", encoding="utf-8")
    refused(built, "minutes.yml:2: ", why, commands=("build",))
    assert (built.root / "content" / MEETING).is_file() and (built.root / "minutes.yml").is_file()


def test_output_option_that_would_replace_the_project(built):
    before = output_snapshot(built.root / "content")
    result = cli(built, "build", "--output", ".")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith("--output: the output folder '.' cannot be used: it is the project folder")
    assert output_snapshot(built.root / "content") == before


def test_output_folder_that_holds_another_project(built, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "minutes.yml").write_text("title: Ett annat arkiv\n", encoding="utf-8")
    result = cli(built, "build", "--output", str(other))
    assert result.returncode == 1 and "holds a project" in result.stderr, result.stderr
    assert (other / "minutes.yml").is_file()


def test_output_folder_that_holds_other_files(built, tmp_path):
    other = tmp_path / "documents"
    other.mkdir()
    (other / "letter.odt").write_bytes(b"not a site")
    result = cli(built, "build", "--output", str(other))
    assert result.returncode == 1 and "no index.html" in result.stderr, result.stderr
    assert (other / "letter.odt").read_bytes() == b"not a site"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert cli(built, "build", "--output", str(empty)).returncode == 0
    assert (empty / "index.html").is_file()
