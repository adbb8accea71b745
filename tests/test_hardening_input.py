"""Bad input, one class per test, end to end through the CLI (`python -m generator build`).

Each broken file must give a message that names the file and the line (where there is one), says
what is wrong and how to fix it, exit non-zero and leave output/ byte for byte as it was. The unit
tests of the same checks are in test_sources.py and test_validate.py; these prove the whole path
from file to terminal.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass

import pytest

from conftest import REPO, Project, output_snapshot

HEADER = "---\nbody: testgruppen\ndate: 2020-02-01\nkind: protokoll\nstatus: justerat\n"
GOOD = HEADER + "---\n\n## 1. Punkt\n\nText.\n"


def cli(project: Project, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--project", str(project.root), *args],
                          capture_output=True, text=True, cwd=REPO, timeout=120,
                          env={**os.environ, **(env or {})})


@pytest.fixture
def built(project: Project) -> Project:
    """The sample project, built once: output/ holds the 'last good site'."""
    project.with_sample()
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    return project


@dataclass
class Refusal:
    stderr: str

    def line_for(self, rel: str) -> str:
        lines = [line for line in self.stderr.splitlines() if line.startswith(rel + ":") or line.startswith(rel + " ")]
        assert lines, f"no message names {rel}:\n{self.stderr}"
        return lines[0]


def refused(project: Project, rel: str, line: int | None, *words: str) -> Refusal:
    """Build and check both refuse; the message names content/<rel> (and the line) and says `words`."""
    before = output_snapshot(project.output)
    for command in ("check", "build"):
        result = cli(project, command)
        assert result.returncode == 1, f"{command} accepted it:\n{result.stdout}{result.stderr}"
        assert "Traceback" not in result.stderr, result.stderr
        message = Refusal(result.stderr).line_for(f"content/{rel}")
        where = f"content/{rel}:{line}: " if line else f"content/{rel}: "
        assert message.startswith(where), f"expected {where!r}, got {message!r}"
        for word in words:
            assert word.lower() in message.lower(), f"{word!r} missing from {message!r}"
    assert "output/ was not changed" in result.stderr
    assert output_snapshot(project.output) == before
    return Refusal(result.stderr)


def accepted(project: Project) -> subprocess.CompletedProcess:
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    assert "error" not in result.stderr.lower(), result.stderr
    return result


# ---- YAML -------------------------------------------------------------------------------------

def test_malformed_yaml(built):
    built.write("testgruppen/2020-02-01.md", HEADER + "place: [Stadshuset\n---\n")
    refused(built, "testgruppen/2020-02-01.md", 6, "bracket is not closed", "quote")


def test_tab_in_yaml(built):
    built.write("testgruppen/2020-02-01.md", HEADER + "participants:\n\t- name: Anna\n---\n")
    refused(built, "testgruppen/2020-02-01.md", 7, "tab", "spaces")


def test_duplicate_yaml_key(built):
    built.write("testgruppen/2020-02-01.md", HEADER + "place: A\nplace: B\n---\n")
    refused(built, "testgruppen/2020-02-01.md", 7, "'place' appears twice", "Keep one")


# ---- wrong types and impossible values ---------------------------------------------------------

def test_date_written_as_text(built):
    built.write("testgruppen/2020-02-01.md", GOOD.replace("date: 2020-02-01", "date: 1 februari 2020"))
    refused(built, "testgruppen/2020-02-01.md", 3, "'date'", "YYYY-MM-DD")


def test_time_range_reversed(built):
    built.write("testgruppen/2020-02-01.md", HEADER + 'start: "11:00"\nend: "09:00"\n---\n')
    refused(built, "testgruppen/2020-02-01.md", 7, "ends (09:00) before it starts (11:00)", "Swap")


def test_time_written_as_text(built):
    built.write("testgruppen/2020-02-01.md", HEADER + "start: efter lunch\n---\n")
    refused(built, "testgruppen/2020-02-01.md", 6, "'start'", "HH:MM")


def test_list_where_text_is_expected(built):
    built.write("testgruppen/2020-02-01.md", HEADER + "place:\n  - A\n  - B\n---\n")
    refused(built, "testgruppen/2020-02-01.md", 6, "'place' must be text")


def test_impossible_date(built):
    built.write("testgruppen/2017-02-30.md", GOOD.replace("2020-02-01", "2017-02-30"))
    refused(built, "testgruppen/2017-02-30.md", 3, "not a real date", "2017-02-30")


def test_missing_required_fields(built):
    built.write("testgruppen/2020-02-01.md", "---\nbody: testgruppen\ndate: 2020-02-01\n---\n\n## 1. A\n")
    refusal = refused(built, "testgruppen/2020-02-01.md", 2, "is missing", "Add a line")
    assert "'kind' is missing" in refusal.stderr and "'status' is missing" in refusal.stderr


def test_missing_required_field_of_a_participant(built):
    built.write("testgruppen/2020-02-01.md", HEADER + "participants:\n  - organisation: Testkommun\n---\n")
    refused(built, "testgruppen/2020-02-01.md", 7, "'name' is missing")


# ---- references between files -----------------------------------------------------------------

def test_unknown_body(built):
    built.write("testgrupen/2020-02-01.md", GOOD.replace("body: testgruppen", "body: testgrupen"))
    refused(built, "testgrupen/2020-02-01.md", 2, "unknown body 'testgrupen'", "_body.md",
            "Did you mean 'testgruppen'")


def test_body_field_that_does_not_match_the_folder(built):
    built.write("testgruppen/2020-02-01.md", GOOD.replace("body: testgruppen", "body: styrelsen"))
    refused(built, "testgruppen/2020-02-01.md", 2, "'body' is 'styrelsen'", "folder")


def test_two_meetings_same_body_and_date_without_suffix(built):
    # The sample has content/testgruppen/2020-01-15.md; a second file of that day without a suffix.
    built.write("testgruppen/mote.md", GOOD.replace("2020-02-01", "2020-01-15"))
    refused(built, "testgruppen/mote.md", 3, "duplicate meeting", "2020-01-15.md", "suffix", "2020-01-15-2.md")


def test_second_meeting_of_the_day_with_a_suffix_is_fine(built):
    built.write("testgruppen/2020-01-15-2.md", GOOD.replace("2020-02-01", "2020-01-15"))
    accepted(built)
    assert (built.output / "testgruppen/2020-01-15-2.html").exists()


def test_duplicate_item_numbers_are_published_as_written_with_a_warning(built):
    built.write("testgruppen/2020-02-01.md", HEADER + "---\n\n## 1. Första\n\nText.\n\n## 1. Andra\n")
    result = cli(built, "build")
    assert result.returncode == 0, result.stderr
    assert ("content/testgruppen/2020-02-01.md:12: warning: item number '1' is used twice (first at line 8)"
            in result.stderr) and "own number" in result.stderr
    page = (built.output / "testgruppen/2020-02-01.html").read_text(encoding="utf-8")
    assert 'id="punkt-1"' in page and 'id="punkt-1-2"' in page


def test_unknown_role(built):
    built.write("testgruppen/2020-02-01.md", HEADER + "participants:\n  - name: Anna\n    role: ordförand\n---\n")
    refused(built, "testgruppen/2020-02-01.md", 8, "'ordförand'", "Did you mean 'ordförande'")


def test_unknown_front_matter_key_with_did_you_mean(built):
    built.write("testgruppen/2020-02-01.md", HEADER + "plats: Stadshuset\n---\n")
    refused(built, "testgruppen/2020-02-01.md", 6, "unknown key 'plats'", "Did you mean 'place'")


def test_unknown_status_with_did_you_mean(built):
    built.write("testgruppen/2020-02-01.md", GOOD.replace("status: justerat", "status: justerad"))
    refused(built, "testgruppen/2020-02-01.md", 5, "'justerad'", "Did you mean 'justerat'")


def test_misspelt_sekretess_block_is_an_error_not_published_text(built):
    built.write("testgruppen/2020-02-01.md", HEADER + "---\n\n## 1. A\n\n::: sekretes Upphandling\nHemligt.\n:::\n")
    refused(built, "testgruppen/2020-02-01.md", 10, "not a known block", "Did you mean 'sekretess'")


# ---- the shape of the file ---------------------------------------------------------------------

def test_empty_file(built):
    built.write("testgruppen/2020-02-01.md", "")
    refused(built, "testgruppen/2020-02-01.md", 1, "no front matter", "'---'")


def test_no_front_matter(built):
    built.write("testgruppen/2020-02-01.md", "## 1. Mötets öppnande\n\nText.\n")
    refused(built, "testgruppen/2020-02-01.md", 1, "no front matter", "body, date, kind, status")


def test_empty_front_matter(built):
    built.write("testgruppen/2020-02-01.md", "---\n---\n\n## 1. A\n")
    refused(built, "testgruppen/2020-02-01.md", 1, "front matter is empty", "body, date, kind and status")


def test_unclosed_front_matter(built):
    built.write("testgruppen/2020-02-01.md", HEADER + "\n## 1. A\n")
    refused(built, "testgruppen/2020-02-01.md", 1, "no front matter")


@pytest.mark.parametrize("ending", ["---\n", "---"], ids=["newline", "no-final-newline"])
def test_front_matter_only_is_a_meeting_without_items(built, ending):
    """Decision: a meeting with front matter and no items is valid (the agenda is not written up
    yet, or the minutes were only a list of participants). It builds and gets a page."""
    built.write("testgruppen/2020-02-01.md", HEADER + ending)
    accepted(built)
    page = (built.output / "testgruppen/2020-02-01.html").read_text(encoding="utf-8")
    assert "2020-02-01" in page and 'class="agenda"' not in page


def test_body_file_without_front_matter(built):
    built.write("testgruppen/_body.md", "Bara en beskrivning.\n")
    refused(built, "testgruppen/_body.md", 1, "no front matter", "name and organisation")


def test_people_file_that_is_not_a_list(built):
    built.write("people.yml", "name: Anna\n")
    refused(built, "people.yml", 1, "must be a list")


# ---- encodings and bytes -----------------------------------------------------------------------

def test_windows_1252_file_names_the_encoding_and_how_to_convert(built):
    built.write("testgruppen/2020-02-01.md", HEADER + "place: Umeå stadshus\n---\n", encoding="cp1252")
    refused(built, "testgruppen/2020-02-01.md", 6, "not UTF-8", "Windows-1252", "iconv -f WINDOWS-1252 -t UTF-8")


def test_binary_file_named_md_is_refused(built):
    built.write("testgruppen/2020-02-01.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    refused(built, "testgruppen/2020-02-01.md", None, "binary file", "Move it out of content/")


def test_binary_people_file_is_refused(built):
    built.write("people.yml", b"\x00\x01\x02\x03" * 100)
    refused(built, "people.yml", None, "binary file")


def test_stray_binary_file_is_named_and_not_published(built):
    """A picture dropped into a body's folder is not content: a warning names it, the build
    goes on, and the file is not copied to the site."""
    built.write("testgruppen/bild.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = cli(built, "build")
    assert result.returncode == 0, result.stderr
    assert "content/testgruppen/bild.png: warning: not a content file; it is ignored." in result.stderr
    assert not list(built.output.rglob("bild.png"))


def test_very_large_file_is_refused_plainly_with_bounded_memory(built):
    """A 60 MB file: refused by its size (read from stat, not by reading it), and the build's peak
    memory stays near that of a build without it."""
    script = textwrap.dedent("""\
        import resource, sys
        from generator.cli import main
        code = main(sys.argv[1:])
        print("maxrss-kb", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
        sys.exit(code)
    """)

    def peak(project: Project) -> tuple[int, str]:
        result = subprocess.run([sys.executable, "-c", script, "--project", str(project.root), "check"],
                                capture_output=True, text=True, cwd=REPO, timeout=120)
        kb = int(re.search(r"maxrss-kb (\d+)", result.stderr).group(1))
        return kb, result.stderr

    baseline_kb, _ = peak(built)
    big = built.root / "content/testgruppen/2020-02-01.md"
    with open(big, "wb") as handle:
        handle.write(GOOD.encode())
        line = ("Lång text om budgeten, upprepad. " * 3 + "\n").encode()
        for _ in range(60 * 1024 * 1024 // len(line)):
            handle.write(line)
    assert big.stat().st_size > 50 * 1024 * 1024
    refusal = refused(built, "testgruppen/2020-02-01.md", None, "MB; minutes files are at most 5 MB", "Split it")
    assert re.search(r"the file is (59|60) MB", refusal.stderr), refusal.stderr
    big_kb, stderr = peak(built)
    print(f"peak memory: {baseline_kb // 1024} MB without, {big_kb // 1024} MB with the 60 MB file")
    assert big_kb - baseline_kb < 20 * 1024, f"peak memory grew by {(big_kb - baseline_kb) // 1024} MB"


def test_file_just_under_the_size_limit_builds(built):
    from generator.load.sources import MAX_FILE_BYTES

    paragraph = "Ett stycke text om budgeten och verksamheten under året. " * 20 + "\n\n"
    count = (MAX_FILE_BYTES - 4096) // len(paragraph.encode())
    built.write("testgruppen/2020-02-01.md", GOOD + paragraph * count)
    assert (built.root / "content/testgruppen/2020-02-01.md").stat().st_size < MAX_FILE_BYTES
    accepted(built)


# ---- links and paths that climb out ------------------------------------------------------------

def test_symlinked_file_pointing_outside_content(built, tmp_path):
    outside = tmp_path / "elsewhere.md"
    outside.write_text(GOOD)
    (built.root / "content/testgruppen/2020-02-01.md").symlink_to(outside)
    refused(built, "testgruppen/2020-02-01.md", None, "link to a place outside content/", "Copy the file in")


def test_symlinked_folder_pointing_outside_content(built, tmp_path):
    outside = tmp_path / "annan"
    outside.mkdir()
    (outside / "_body.md").write_text("---\nname: Annan\norganisation: X\n---\n")
    (built.root / "content/annan").symlink_to(outside, target_is_directory=True)
    refused(built, "annan", None, "link to a place outside content/", "Copy the files in")


def test_symlinked_attachment_pointing_outside_content(built, tmp_path):
    outside = tmp_path / "hemlig.pdf"
    outside.write_bytes(b"%PDF-1.4 hemligt")
    folder = built.root / "content/testgruppen/2020-01-15/bilagor"
    folder.mkdir(parents=True)
    (folder / "budget.pdf").symlink_to(outside)
    refused(built, "testgruppen/2020-01-15/bilagor/budget.pdf", None, "outside content/")


def test_symlink_to_etc_passwd(built):
    (built.root / "content/people.yml").symlink_to("/etc/passwd")
    refused(built, "people.yml", None, "outside content/")


def test_attachment_path_that_climbs_out_never_publishes_the_file(built, tmp_path):
    """Whatever attachments become, a `Bilagor:` line with ../../ must not pull a file from
    outside content/ into the site."""
    (built.root / "hemlig.txt").write_text("KLATTRAT-UT-9931\n")
    built.write("testgruppen/2020-02-01.md", HEADER + "---\n\n## 1. A\n\nBilagor: ../../hemlig.txt; "
                "../../../../../../etc/hostname\n\n[länk](../../hemlig.txt)\n")
    cli(built, "build")
    for path, content in output_snapshot(built.output).items():
        assert b"KLATTRAT-UT-9931" not in content, path
    # Nor anywhere else the build writes (caches, staging folders, lock files).
    for path in built.root.rglob("*"):
        if path.is_file() and path.name != "hemlig.txt":
            assert b"KLATTRAT-UT-9931" not in path.read_bytes(), path


def test_attachment_path_that_climbs_out_is_refused(built):
    built.write("testgruppen/2020-02-01.md", HEADER + "---\n\n## 1. A\n\nBilagor: ../../hemlig.txt\n")
    refused(built, "testgruppen/2020-02-01.md", 10, "outside content/")


# ---- accepted without complaint ----------------------------------------------------------------

def test_utf8_with_bom_and_crlf_line_ends(built):
    text = "\ufeff" + (HEADER + "place: Umeå stadshus\n---\n\n## 1. Åtgärder för året\n\nText.\n").replace("\n", "\r\n")
    built.write("testgruppen/2020-02-01.md", text.encode("utf-8"))
    accepted(built)
    page = (built.output / "testgruppen/2020-02-01.html").read_text(encoding="utf-8")
    assert "Umeå stadshus" in page and "Åtgärder för året" in page and "\ufeff" not in page and "\r" not in page


def test_old_mac_line_ends(built):
    built.write("testgruppen/2020-02-01.md", GOOD.replace("\n", "\r").encode())
    accepted(built)


def test_swedish_letters_and_spaces_in_file_and_folder_names(built):
    built.write("Östra gruppen för älvdalen/_body.md", "---\nname: Östra gruppen\norganisation: Åre\n---\n")
    built.write("Östra gruppen för älvdalen/2020-03-01 extra möte.md",
                "---\nbody: Östra gruppen för älvdalen\ndate: 2020-03-01\nkind: protokoll\nstatus: justerat\n---\n\n## 1. Å\n")
    accepted(built)
    files = set(output_snapshot(built.output))
    assert "ostra-gruppen-for-alvdalen/index.html" in files
    assert "ostra-gruppen-for-alvdalen/2020-03-01-extra-mote.html" in files


def test_decomposed_unicode_file_names(built):
    """macOS writes å as a + combining ring (NFD); the page name must be the same as for NFC."""
    import unicodedata

    folder = unicodedata.normalize("NFD", "Ärendegruppen")
    built.write(f"{folder}/_body.md", "---\nname: Ärendegruppen\norganisation: Å\n---\n")
    built.write(f"{folder}/2020-03-01.md", f"---\nbody: {folder}\ndate: 2020-03-01\nkind: protokoll\n"
                "status: justerat\n---\n")
    accepted(built)
    assert (built.output / "arendegruppen/2020-03-01.html").exists()
