from pathlib import Path

from generator.load.sources import decode, load_sources, split_front_matter


def test_front_matter_split_remembers_where_the_body_starts():
    yaml_text, body, body_line = split_front_matter("---\na: 1\nb: 2\n---\n\n## 1. X\n")
    assert yaml_text == "a: 1\nb: 2\n"
    assert body_line == 5
    assert body.splitlines()[1] == "## 1. X"


def test_no_front_matter_means_the_whole_file_is_the_body():
    assert split_front_matter("## 1. X\n") == (None, "## 1. X\n", 1)


def test_utf8_with_bom_and_crlf_are_accepted():
    text, problem = decode("\ufeff---\r\nbody: x\r\n---\r\n".encode("utf-8"), "f.md")
    assert problem is None
    assert text == "---\nbody: x\n---\n"


def test_windows_1252_is_named_with_the_line_and_a_fix():
    raw = "---\nplace: Umeå\n".encode("cp1252")
    text, problem = decode(raw, "content/x/2020-01-01.md")
    assert text is None
    assert problem.location.line == 2
    assert "Windows-1252" in problem.message and "iconv" in problem.hint


def test_binary_file_is_refused():
    _, problem = decode(b"\x89PNG\r\n\x1a\n\x00\x00", "content/x/a.md")
    assert "binary" in problem.message


def test_sources_are_sorted_and_typed(project):
    project.with_sample()
    project.write("testgruppen/2019-01-01.md", "---\nbody: testgruppen\n---\n")
    sources, problems = load_sources(project.root / "content", project.root)
    assert problems == []
    assert [(s.kind, s.rel) for s in sources] == [
        ("meeting", "content/testgruppen/2019-01-01.md"),
        ("meeting", "content/testgruppen/2020-01-15.md"),
        ("body", "content/testgruppen/_body.md"),
    ]


def test_symlink_out_of_content_is_an_error(project, tmp_path: Path):
    project.with_sample()
    outside = tmp_path / "secret.md"
    outside.write_text("---\nbody: testgruppen\n---\n")
    (project.root / "content" / "testgruppen" / "2021-01-01.md").symlink_to(outside)
    _, problems = load_sources(project.root / "content", project.root)
    assert [p.location.path for p in problems] == ["content/testgruppen/2021-01-01.md"]
    assert "outside content/" in problems[0].message


def test_names_with_swedish_letters_and_spaces_are_read(project):
    project.write("Östra gruppen/_body.md", "---\nname: Ö\norganisation: Å\n---\n")
    sources, problems = load_sources(project.root / "content", project.root)
    assert not problems and sources[0].folder == "Östra gruppen"
