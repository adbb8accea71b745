"""Load stage: find the content files, read them as UTF-8 and split off their front matter.

Nothing here judges the content beyond "can it be read at all"; the validate stage does that.
Every SourceFile remembers where its YAML and its Markdown start, so later stages can name lines.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from generator.common.errors import Problem, error, warning
from generator.load.yamlfile import YamlDocument, parse_yaml, yaml_error_line, yaml_error_message

MAX_FILE_BYTES = 5 * 1024 * 1024  # minutes are tens of KB; a 5 MB file is a mistake, not minutes
BODY_FILE = "_body.md"
PEOPLE_FILE = "people.yml"
ATTACHMENTS_DIR = "bilagor"
NOT_CONTENT_FILE = "not a content file; it is ignored."  # unless a meeting links to it (render/filelinks.py)

SourceKind = Literal["meeting", "body", "people"]


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    rel: str  # as shown to editors, relative to the project folder
    kind: SourceKind
    folder: str  # the body folder's name ("" for files at the top of content/)
    stem: str  # file name without .md
    front_matter: YamlDocument | None  # None: the file has no front matter
    fm_line: int  # 1-based file line of the first YAML line
    body: str  # the Markdown after the front matter
    body_line: int  # 1-based file line of the first Markdown line
    digest: str  # blob_id of the raw bytes, for caches
    yaml_failed: bool = False  # the YAML could not be parsed (already reported)
    front_matter_key: str = ""  # hash of the YAML text, for the front-matter memo
    # The content language (generator/vocabularies/) its keywords are read in: the body's
    # `language:` or the site's content_language; set by load.languages.with_languages.
    language: str = ""

    def line(self, key_path: tuple[str | int, ...]) -> int:
        if self.front_matter is None:
            return 1
        return self.front_matter.line_of(key_path, self.fm_line)

    @property
    def data(self) -> dict:
        data = self.front_matter.data if self.front_matter else None
        return data if isinstance(data, dict) else {}


def decode(raw: bytes, rel: str) -> tuple[str | None, Problem | None]:
    """UTF-8 (with or without BOM, any line ends) or a clear error naming the likely encoding."""
    if b"\x00" in raw[:8192]:
        return None, error(rel, None, "this is a binary file, not Markdown.",
                           "Move it out of content/ (attachments go in content/<body>/<date>/bilagor/).")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        guess = "Windows-1252 (as Word on Windows saves it)"
        try:
            raw.decode("cp1252")
        except UnicodeDecodeError:
            guess = "an unknown encoding"
        return None, error(rel, line, f"the file is not UTF-8; it looks like {guess}.",
                           f"Convert it: iconv -f WINDOWS-1252 -t UTF-8 '{rel}' > tmp && mv tmp '{rel}'.")
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


_FENCE = re.compile(r"^---[ \t]*$", re.MULTILINE)


def split_front_matter(text: str) -> tuple[str | None, str, int]:
    """(yaml text or None, markdown body, 1-based line where the body starts).

    Hand-rolled rather than python-frontmatter's split because we need the line numbers.
    """
    if not text.startswith("---"):
        return None, text, 1
    first = _FENCE.match(text)
    if not first:
        return None, text, 1
    closing = _FENCE.search(text, first.end())
    if not closing:
        return None, text, 1
    yaml_text = text[first.end() + 1 : closing.start()]
    body_start = closing.end() + 1
    body_line = text.count("\n", 0, body_start) + 1
    return yaml_text, text[body_start:], body_line


# Parsed front matter by the hash of its YAML text: the build keeps it between runs (.cache/), so
# a rebuild parses the YAML of changed files only.
YamlMemo = dict[str, YamlDocument]


def read_source(path: Path, rel: str, kind: SourceKind, folder: str,
                memo: YamlMemo | None = None) -> tuple[SourceFile | None, list[Problem]]:
    status = path.stat()
    if not stat.S_ISREG(status.st_mode):  # a pipe or device would block the read forever
        return None, [error(rel, None, "this is not a regular file.", "Remove it from content/.")]
    size = status.st_size
    if size > MAX_FILE_BYTES:
        return None, [error(rel, None, f"the file is {size // (1024 * 1024)} MB; minutes files are at most "
                            f"{MAX_FILE_BYTES // (1024 * 1024)} MB.", "Split it, or move large material to attachments.")]
    raw = path.read_bytes()
    text, problem = decode(raw, rel)
    if problem:
        return None, [problem]
    assert text is not None
    if kind == "people":
        yaml_text, body, body_line = text, "", 1
        fm_line = 1
    else:
        yaml_text, body, body_line = split_front_matter(text)
        fm_line = 2
    document = None
    yaml_failed = False
    problems: list[Problem] = []
    yaml_key = hashlib.sha1(yaml_text.encode("utf-8", "surrogatepass")).hexdigest() if yaml_text is not None else ""
    if memo is not None and yaml_key in memo:
        document = memo[yaml_key]
    elif yaml_text is not None:
        try:
            document = parse_yaml(yaml_text)
            if memo is not None:
                memo[yaml_key] = document
        except yaml.YAMLError as exc:
            line = yaml_error_line(exc, yaml_text)
            message, hint = yaml_error_message(exc, yaml_text)
            problems.append(error(rel, None if line is None else line + fm_line, message, hint))
            document = YamlDocument(None)
            yaml_failed = True
    source = SourceFile(
        path=path, rel=rel, kind=kind, folder=folder, stem=path.stem if kind != "people" else "people",
        front_matter=document, fm_line=fm_line, body=body, body_line=body_line,
        digest=blob_id(raw), yaml_failed=yaml_failed, front_matter_key=yaml_key,
    )
    return source, problems


def is_ignored(name: str) -> bool:
    """Editors' swap and backup files, and hidden files: never content."""
    return name.startswith(".") or name.endswith("~")


def is_inside(path: Path, folder: Path) -> bool:
    """Whether `path`, with every link followed, lies within `folder`."""
    try:
        path.resolve().relative_to(folder.resolve())
        return True
    except ValueError:
        return False


@dataclass(frozen=True)
class ContentFile:
    """A file of content/ that the build reads, not yet read."""

    path: Path
    rel: str
    kind: SourceKind
    folder: str


def content_files(content_dir: Path, project_dir: Path) -> Iterator[ContentFile | Problem]:
    """Every file the build reads, in the order of the folders' walk, and a problem for each file
    or folder it refuses (or for a missing content folder)."""
    if not content_dir.is_dir():
        yield error(content_dir, None, "the content folder does not exist.", "Create it, or set content_dir in minutes.yml.")
        return

    def rel_of(p: Path) -> str:
        try:
            return p.relative_to(project_dir).as_posix()
        except ValueError:
            return p.as_posix()

    for dirpath, dirnames, filenames in os.walk(content_dir, followlinks=False):
        dirnames.sort()
        here = Path(dirpath)
        depth = len(here.relative_to(content_dir).parts)
        for name in list(dirnames):
            sub = here / name
            if sub.is_symlink() and not is_inside(sub, content_dir):
                yield error(rel_of(sub), None, "this folder is a link to a place outside content/.",
                            "Copy the files in instead of linking to them.")
                dirnames.remove(name)
        for name in sorted(filenames):
            path = here / name
            rel = rel_of(path)
            if is_ignored(name):
                continue
            if path.is_symlink() and not is_inside(path, content_dir):
                yield error(rel, None, "this file is a link to a place outside content/.",
                            "Copy the file in instead of linking to it.")
                continue
            in_attachments = ATTACHMENTS_DIR in here.relative_to(content_dir).parts
            if in_attachments:
                continue  # attachments are copied by the render stage, not read
            if depth == 0 and name == PEOPLE_FILE:
                yield ContentFile(path, rel, "people", "")
            elif not name.endswith(".md"):
                yield warning(rel, None, NOT_CONTENT_FILE, "Attachments belong in content/<body>/<date>/bilagor/.")
            elif depth != 1:
                yield error(rel, None, "a Markdown file must be in a body's folder: content/<body>/<file>.md.",
                            "Move it into its body's folder.")
            else:
                yield ContentFile(path, rel, "body" if name == BODY_FILE else "meeting", here.name)


def load_sources(content_dir: Path, project_dir: Path,
                 memo: YamlMemo | None = None) -> tuple[list[SourceFile], list[Problem]]:
    """Every content file, sorted by path, plus the problems of files that could not be read."""
    sources: list[SourceFile] = []
    problems: list[Problem] = []
    for found in content_files(content_dir, project_dir):
        if isinstance(found, Problem):
            problems.append(found)
            continue
        source, read = read_source(found.path, found.rel, found.kind, found.folder, memo)
        problems.extend(read)
        if source is not None:
            sources.append(source)
    sources.sort(key=lambda s: s.rel)
    return sources, problems


FileStat = tuple[int, int, int, int]  # inode, size, modification and change times in ns


def blob_id(raw: bytes) -> str:
    """The bytes' git blob id (sha1 of a short header and the bytes): a content hash that git's
    index also holds, so a checkout can tell which files are those the last build read without
    reading them (build/plan.py)."""
    hasher = hashlib.sha1(b"blob %d\0" % len(raw))
    hasher.update(raw)
    return hasher.hexdigest()


def scan_content(content_dir: Path, project_dir: Path) -> dict[str, FileStat] | None:
    """Every file under content/ that load_sources would look at (attachments included, which
    pages link to), by rel, with its stat: what a build's plan compares with the last build.
    None when something needs the full load stage to judge (a link, a pipe, no folder)."""
    found: dict[str, FileStat] = {}
    prefix = content_dir.relative_to(project_dir).as_posix() if is_inside(content_dir, project_dir) else None
    if prefix is None:
        return None
    folders = [(str(content_dir), prefix)]
    try:
        while folders:
            folder, rel_folder = folders.pop()
            with os.scandir(folder) as entries:
                for entry in entries:
                    rel = f"{rel_folder}/{entry.name}"
                    if entry.is_symlink():
                        return None
                    if entry.is_dir():
                        folders.append((entry.path, rel))
                        continue
                    if is_ignored(entry.name):
                        continue
                    status = entry.stat()
                    if not stat.S_ISREG(status.st_mode):
                        return None
                    found[rel] = (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)
    except OSError:
        return None
    return found
