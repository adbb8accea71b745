"""Attachments (bilagor): files placed beside a meeting, copied to the site and linked from their item.

    content/<body>/<meeting-file-stem>/bilagor/<file>   ->   <body>/<meeting-slug>/bilagor/<file>

An item's `Bilagor:` line names its attachments; a name matches a file when it is the file's name
or its name without the extension (case and spacing do not matter). Only meetings in the Archive
have their attachments copied, so a draft's attachments never reach the site.

`check` warns about a named attachment that is absent from a meeting's bilagor/ folder (a meeting
without such a folder publishes no attachments, and its names are shown as plain text), about a
file that no item names, and rejects (error) a name that climbs out of content/. A file that is
not a document or image of the allow-list (attachment_types.py: no HTML, SVG, XML, script or any
other type a browser runs) is an error too, and is never copied or linked, named or not.
"""

from __future__ import annotations

import os
import posixpath
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from generator.common.errors import Problem, error, warning
from generator.common.files import OutputFile
from generator.load.config import SiteConfig
from generator.model.domain import Archive, Item, Meeting
from generator.load.sources import ATTACHMENTS_DIR, is_ignored, is_inside
from generator.render.attachment_types import ALLOWED_SUMMARY, Refusal, refusal


@dataclass(frozen=True)
class AttachmentFile:
    name: str  # the path inside bilagor/, with forward slashes
    path: Path

    def output_path(self, meeting: Meeting) -> str:
        return f"{meeting.body_slug}/{meeting.slug}/{ATTACHMENTS_DIR}/{self.name}"

    def href(self, meeting: Meeting, root: str) -> str:
        return root + quote(self.output_path(meeting))


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


def attachment_folder(config: SiteConfig, meeting: Meeting) -> Path:
    return Path(_folder_name(config, meeting))


def _folder_name(config: SiteConfig, meeting: Meeting) -> str:
    """attachment_folder as a string: made for every meeting, where pathlib's parsing of the
    parts would cost more than the check of whether the folder is there."""
    directory, _, name = meeting.location.path.rpartition("/")
    return os.path.join(config.project_dir, directory, posixpath.splitext(name)[0], ATTACHMENTS_DIR)


class Attachments:
    """The attachment files of every meeting in the archive, and which item names which."""

    def __init__(self, archive: Archive, config: SiteConfig):
        self.config = config
        self.files: dict[str, list[AttachmentFile]] = {}
        self.has_folder: set[str] = set()
        self.refused: dict[str, list[tuple[AttachmentFile, Refusal]]] = {}
        for meeting in archive.meetings:
            name = _folder_name(config, meeting)
            if not os.path.isdir(name):
                continue
            folder = Path(name)
            self.has_folder.add(meeting.ref)
            found = []
            for path in sorted(folder.rglob("*")):
                relative = path.relative_to(folder)
                if any(is_ignored(part) for part in relative.parts):
                    continue
                if path.is_file() and is_inside(path, config.content_path):
                    file = AttachmentFile(relative.as_posix(), path)
                    why = refusal(path)
                    if why is None:
                        found.append(file)
                    else:
                        self.refused.setdefault(meeting.ref, []).append((file, why))
            self.files[meeting.ref] = found

    def find(self, meeting: Meeting, name: str, refused: bool = False) -> AttachmentFile | None:
        """The file an item's name stands for; among the refused files with `refused`."""
        files = [file for file, _ in self.refused.get(meeting.ref, [])] if refused else self.files.get(meeting.ref, [])
        wanted = _key(name)
        for candidate in files:
            if _key(candidate.name) == wanted:
                return candidate
        for candidate in files:
            pure = PurePosixPath(candidate.name)
            if wanted in (_key(pure.name), _key(pure.stem), _key(str(pure.with_suffix("")))):
                return candidate
        return None

    def output_files(self) -> Iterator[OutputFile]:

        for ref, files in sorted(self.files.items()):
            body_slug, slug = ref.split("/", 1)
            for file in files:
                yield OutputFile(f"{body_slug}/{slug}/{ATTACHMENTS_DIR}/{file.name}", file.path.read_bytes())


def _field_line(config: SiteConfig, meeting: Meeting, item: Item, cache: dict[str, list[str]]) -> int | None:
    path = meeting.location.path
    if path not in cache:
        try:
            cache[path] = (config.project_dir / path).read_text(encoding="utf-8-sig").splitlines()
        except OSError:
            cache[path] = []
    start = item.location.line or 1
    for index in range(start - 1, len(cache[path])):
        if re.match(r"\s*bilag(?:a|or)\s*:", cache[path][index], re.IGNORECASE):
            return index + 1
    return item.location.line


def attachment_problems(archive: Archive, config: SiteConfig) -> list[Problem]:
    attachments = Attachments(archive, config)
    problems: list[Problem] = []
    lines: dict[str, list[str]] = {}
    for meeting in archive.meetings:
        named: set[str] = set()
        if any(item.attachments for item in meeting.items):
            folder = attachment_folder(config, meeting)
        for item in meeting.items:
            for name in item.attachments:
                line = None
                if "/" in name or "\\" in name or name.startswith(".."):
                    line = _field_line(config, meeting, item, lines)
                    parts = name.replace("\\", "/").split("/")
                    # Any '..' is refused, not only one that reaches past content/ today: a
                    # name is a file name in the meeting's bilagor/ folder, never a path.
                    if ".." in parts or not is_inside(folder / "/".join(parts), config.content_path):
                        problems.append(error(meeting.location.path, line,
                                              f"the attachment '{name}' is a path that climbs out of its folder "
                                              "(towards files outside content/).",
                                              f"Put the file in {folder.relative_to(config.project_dir).as_posix()}/ and name it by its file name."))
                        continue
                found = attachments.find(meeting, name)
                if found:
                    named.add(found.name)
                elif (blocked := attachments.find(meeting, name, refused=True)) is not None:
                    named.add(blocked.name)
                    problems.append(_refused_problem(config, blocked, attachments, meeting.ref,
                                                     meeting.location.path, line or _field_line(config, meeting, item, lines)))
                elif meeting.ref in attachments.has_folder:
                    problems.append(warning(meeting.location.path, line or _field_line(config, meeting, item, lines),
                                            f"the attachment '{name}' is not in {folder.relative_to(config.project_dir).as_posix()}/; "
                                            "it is shown without a link.",
                                            "Add the file (named as in the Bilagor line), or correct the name."))
        for file, _ in attachments.refused.get(meeting.ref, []):
            if file.name not in named:
                problems.append(_refused_problem(config, file, attachments, meeting.ref,
                                                 file.path.relative_to(config.project_dir).as_posix(), None))
        for file in attachments.files.get(meeting.ref, []):
            if file.name not in named:
                problems.append(warning(file.path.relative_to(config.project_dir).as_posix(), None,
                                        "no item of the meeting names this attachment; it is copied but not linked.",
                                        f"Name it in an item's Bilagor line: 'Bilagor: {PurePosixPath(file.name).stem}'."))
    return problems


def _refused_problem(config: SiteConfig, file: AttachmentFile, attachments: Attachments, ref: str,
                     where: str, line: int | None) -> Problem:
    why = dict((f.name, r) for f, r in attachments.refused[ref])[file.name]
    shown = file.path.relative_to(config.project_dir).as_posix()
    return error(where, line, f"the attachment {shown} is refused: {why.reason}.",
                 f"{why.hint} The site publishes {ALLOWED_SUMMARY} (docs/security.md).")
