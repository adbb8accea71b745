"""Which attachment files the site may publish: documents and images only, never a type a browser runs.

An attachment is copied to the site as it is and served from the site's own address, so an HTML,
SVG or XML file among them would run its script with the site's authority, and a
Content-Security-Policy does not stop a same-origin script file. Attachments often come from
outside the body (suppliers, other authorities), so the check is an allow-list, and it looks at
the bytes, not only at the name: a file is published only when its extension is one of the
document types below and its content is that type, as its magic bytes show (the `filetype`
library reads them). Everything else (HTML, XHTML, SVG, XML, JavaScript, archives, programs, a
file without an extension, a web page renamed `.pdf`) is refused with the meeting's file and line.

The list is in docs/security.md; keep the two in step.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath


# Enough for every signature filetype reads (its zipped-document matchers look 6,000 bytes in).
_HEAD_BYTES = 8192

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of Word, Excel and PowerPoint 97-2003

# Name parts that make some web servers run or render a file whatever its last extension
# (Apache serves `a.php.pdf` through PHP where AddHandler is set): refused inside a name too.
ACTIVE_EXTENSIONS = frozenset({
    "htm", "html", "xhtml", "xht", "shtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl", "xslt", "js", "mjs",
    "cjs", "wasm", "swf", "php", "phtml", "php3", "php4", "php5", "phar", "cgi", "pl", "py", "asp", "aspx",
    "jsp", "jspx", "hta", "vbs", "ps1", "sh", "exe", "bat", "cmd", "com", "jar", "appcache", "manifest",
})


@dataclass(frozen=True)
class DocumentType:
    label: str  # as docs/security.md lists it
    extensions: tuple[str, ...]
    matches: Callable[[bytes, Path], bool]  # (the first bytes, the file) -> is it this type?


def _guess(head: bytes):
    import filetype  # loaded when an attachment is first checked: a rebuild of pages checks none

    return filetype.guess(head)


def _guessed(*extensions: str) -> Callable[[bytes, Path], bool]:
    def matches(head: bytes, path: Path) -> bool:
        kind = _guess(head)
        return kind is not None and kind.extension in extensions
    return matches


def _pdf(head: bytes, path: Path) -> bool:
    # Readers accept a few bytes of junk before the header, and so does filetype's exact match not.
    return _guessed("pdf")(head, path) or b"%PDF-" in head[:1024]


def _legacy_office(head: bytes, path: Path) -> bool:
    return _guessed("doc", "xls", "ppt")(head, path) or head.startswith(_OLE_SIGNATURE)


def _zip_members(path: Path) -> dict[str, zipfile.ZipInfo] | None:
    try:
        with zipfile.ZipFile(path) as archive:
            return {info.filename: info for info in archive.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None


def _office_open_xml(folder: str) -> Callable[[bytes, Path], bool]:
    """A .docx/.xlsx/.pptx: a ZIP with [Content_Types].xml and the part folder of its kind.
    filetype only looks at the first entries, and not every program writes them first."""
    def matches(head: bytes, path: Path) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        members = _zip_members(path)
        return members is not None and "[Content_Types].xml" in members and any(n.startswith(folder) for n in members)
    return matches


def _open_document(mime: str) -> Callable[[bytes, Path], bool]:
    """An .odt/.ods/.odp: a ZIP whose `mimetype` entry names its kind."""
    def matches(head: bytes, path: Path) -> bool:
        if not head.startswith(b"PK\x03\x04"):
            return False
        try:
            with zipfile.ZipFile(path) as archive:
                return archive.read("mimetype")[:200].strip() == mime.encode("ascii")
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, EOFError, RuntimeError, NotImplementedError):
            return False
    return matches


# What a browser takes for markup when it sniffs a file (WHATWG MIME Sniffing, "rules for
# identifying an unknown MIME type"): a text file must not start like this, whatever its name.
_MARKUP_START = re.compile(rb"^\s*<\s*[!?/a-zA-Z]")
_TEXT_ENCODINGS = ("utf-8-sig", "cp1252")


def _text(head: bytes, path: Path) -> bool:
    """Plain text or CSV: no NUL bytes, readable as UTF-8 (or Windows-1252, as Excel saves
    CSV), and not starting like HTML or XML."""
    raw = path.read_bytes()
    if b"\x00" in raw:
        return False
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    for encoding in _TEXT_ENCODINGS:
        try:
            raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        return False
    return not _MARKUP_START.match(raw[:1024])


ALLOWED: tuple[DocumentType, ...] = (
    DocumentType("PDF", ("pdf",), _pdf),
    DocumentType("Word", ("docx",), _office_open_xml("word/")),
    DocumentType("Excel", ("xlsx",), _office_open_xml("xl/")),
    DocumentType("PowerPoint", ("pptx",), _office_open_xml("ppt/")),
    DocumentType("Word, Excel and PowerPoint 97-2003", ("doc", "xls", "ppt"), _legacy_office),
    DocumentType("OpenDocument text", ("odt",), _open_document("application/vnd.oasis.opendocument.text")),
    DocumentType("OpenDocument spreadsheet", ("ods",), _open_document("application/vnd.oasis.opendocument.spreadsheet")),
    DocumentType("OpenDocument presentation", ("odp",), _open_document("application/vnd.oasis.opendocument.presentation")),
    DocumentType("Rich Text", ("rtf",), _guessed("rtf")),
    DocumentType("PNG image", ("png",), _guessed("png", "apng")),
    DocumentType("JPEG image", ("jpg", "jpeg"), _guessed("jpg")),
    DocumentType("GIF image", ("gif",), _guessed("gif")),
    DocumentType("WebP image", ("webp",), _guessed("webp")),
    DocumentType("TIFF image", ("tif", "tiff"), _guessed("tif")),
    DocumentType("plain text", ("txt",), _text),
    DocumentType("CSV", ("csv",), _text),
)

_BY_EXTENSION = {extension: kind for kind in ALLOWED for extension in kind.extensions}
ALLOWED_EXTENSIONS = tuple(sorted(_BY_EXTENSION))
ALLOWED_SUMMARY = ("PDF, Word, Excel, PowerPoint (also 97-2003), OpenDocument, RTF, PNG, JPEG, GIF, WebP, TIFF, "
                   "plain text and CSV")


@dataclass(frozen=True)
class Refusal:
    reason: str  # completes "the attachment 'x' is refused: ..."
    hint: str


def _what_it_is(head: bytes) -> str:
    """A plain name for refused content, for the message."""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if re.match(rb"<\?xml|<svg|<!doctype svg", stripped) and b"<svg" in head.lower():
        return "an SVG image, which can hold script"
    if re.match(rb"<!doctype html|<html|<head|<body|<script|<!--", stripped):
        return "a web page (HTML), which can hold script"
    if stripped.startswith(b"<?xml"):
        return "an XML document, which a browser can run script from"
    kind = _guess(head) if head else None
    if kind is not None:
        return f"a {kind.extension.upper()} file ({kind.mime})"
    return "not one of them"


def refusal(path: Path) -> Refusal | None:
    """Why the file at `path` may not be published, or None when it may."""
    name = PurePosixPath(path.name)
    parts = [part.lower() for part in name.name.split(".")[1:]]
    extension = parts[-1] if parts else ""
    if any(part in ACTIVE_EXTENSIONS for part in parts[:-1]):
        active = next(part for part in parts[:-1] if part in ACTIVE_EXTENSIONS)
        return Refusal(f"its name holds '.{active}', which some web servers run or show as a web page",
                       f"Rename it without '.{active}', e.g. '{name.name.split('.')[0]}.{extension}'.")
    kind = _BY_EXTENSION.get(extension)
    if kind is None:
        what = f"'.{extension}' files" if extension else "files without an extension"
        runs = " (a browser can run script in them)" if extension in ACTIVE_EXTENSIONS else ""
        return Refusal(f"{what} are not among the document types the site publishes{runs}",
                       "Convert it to PDF, or leave it out.")
    try:
        with open(path, "rb") as handle:
            head = handle.read(_HEAD_BYTES)
        if kind.matches(head, path):
            return None
    except OSError as exc:
        return Refusal(f"it cannot be read ({exc.strerror or exc})", "Check the file's permissions.")
    return Refusal(f"its name says {kind.label} but its content is {_what_it_is(head)}",
                   f"Save it again as a real .{extension} file (for example print it to PDF), or leave it out.")
