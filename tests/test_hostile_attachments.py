"""Attachments cannot carry script onto the site.

An attachment is served from the site's own address, so an HTML, SVG or XML file among them would
run its script with the site's authority, even under the Content-Security-Policy (a same-origin
script file is 'self'). The allow-list (generator/render/attachment_types.py) publishes documents
and images only, judged by their bytes as well as their names. Here: each allowed type is
accepted and each active one refused (by name, by content, by a name within the name); a build
with them is refused with the meeting's file and line and leaves output/ as it was; and in
Chromium, served with and without the policy, clicking every attachment link of a site full of
allowed files that carry script runs none of it.
"""

from __future__ import annotations

import functools
import io
import os
import struct
import subprocess
import sys
import threading
import zipfile
import zlib
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import BODY_FILE, REPO, Project, _QuietHandler, output_snapshot
from generator.render.attachment_types import ALLOWED_EXTENSIONS, refusal
from test_hardening_csp import POLICY

# What every planted script does when it runs: ask the server for /ran?<where>, which the
# test server records. Inline, as an event handler, and as a same-origin script file.
BEACON = "fetch('/ran?{0}');new Image().src='/ran?{0}-img'"
HTML = ("<!doctype html><html><head><script src=\"/ran-src.js\"></script></head><body>"
        f"<script>{BEACON.format('inline')}</script><img src=x onerror=\"{BEACON.format('onerror')}\"></body></html>")
SVG = (f'<svg xmlns="http://www.w3.org/2000/svg" onload="{BEACON.format("svg-onload")}">'
       f"<script>{BEACON.format('svg-script')}</script></svg>")
XHTML = ('<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><body>'
         f"<script>{BEACON.format('xhtml')}</script></body></html>")


def png(extra: bytes = b"") -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b"") + extra)


def zipped(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name), data)
    return buffer.getvalue()


PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024
DOCUMENTS = {
    "Rapport.pdf": PDF,
    "Protokoll.docx": zipped([("[Content_Types].xml", b"<Types/>"), ("_rels/.rels", b"<r/>"), ("word/document.xml", b"<d/>")]),
    "Budget.xlsx": zipped([("[Content_Types].xml", b"<Types/>"), ("xl/workbook.xml", b"<w/>")]),
    "Bildspel.pptx": zipped([("_rels/.rels", b"<r/>"), ("[Content_Types].xml", b"<Types/>"), ("ppt/presentation.xml", b"<p/>")]),
    "Gammal.doc": OLE, "Gammal.xls": OLE, "Gammal.ppt": OLE,
    "Text.odt": zipped([("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<c/>")]),
    "Tabell.ods": zipped([("mimetype", b"application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", b"<c/>")]),
    "Visning.odp": zipped([("mimetype", b"application/vnd.oasis.opendocument.presentation"), ("content.xml", b"<c/>")]),
    "Brev.rtf": b"{\\rtf1\\ansi Hej}",
    "Karta.png": png(),
    "Foto.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64 + b"\xff\xd9",
    "Foto2.jpeg": b"\xff\xd8\xff\xe1\x00\x10Exif\x00" + b"\x00" * 64 + b"\xff\xd9",
    "Logga.gif": b"GIF89a" + b"\x00" * 32,
    "Bild.webp": b"RIFF\x24\x00\x00\x00WEBPVP8 " + b"\x00" * 32,
    "Skanning.tif": b"II*\x00" + b"\x00" * 32,
    "Skanning2.tiff": b"MM\x00*" + b"\x00" * 32,
    "Anteckning.txt": "Anteckningar från mötet.\nInga konstigheter.\n".encode(),
    "Windows.txt": "Protokoll från nämnden\n".encode("cp1252"),
    "Lista.csv": "namn;kommun\nAnna Andersson;Testkommun\n".encode(),
}
# Allowed by name and by content, each with script inside that a browser must never run.
DEVIOUS = {
    "Skript i text.txt": f"Anteckning\n{HTML}\n".encode(),
    "Skript i tabell.csv": f"namn;kommentar\nAnna;{HTML}\n".encode(),
    "Polyglott.png": png(HTML.encode()),
    "Polyglott.gif": b"GIF89a/*" + b"\x00" * 16 + f"*/=1;{BEACON.format('gif-js')}".encode() + HTML.encode(),
    "Skript i PDF.pdf": PDF + HTML.encode(),
    "Skript i JPEG.jpg": b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + HTML.encode() + b"\xff\xd9",
}
ACTIVE = {
    "evil.html": HTML.encode(), "evil.htm": HTML.encode(), "evil.xhtml": XHTML.encode(), "evil.svg": SVG.encode(),
    "evil.svgz": zlib.compress(SVG.encode()), "evil.xml": XHTML.encode(), "evil.js": BEACON.format("js").encode(),
    "evil.mjs": BEACON.format("mjs").encode(), "evil.xsl": XHTML.encode(), "evil.mht": HTML.encode(),
    "evil.shtml": HTML.encode(), "evil.php": b"<?php echo 1; ?>", "evil.wasm": b"\x00asm\x01\x00\x00\x00",
    "evil.swf": b"FWS\x09", "evil.zip": zipped([("evil.html", HTML.encode())]), "evil.exe": b"MZ" + b"\x00" * 64,
    "utan-filändelse": HTML.encode(),
    # A page under a document's name: served as the document, but refused all the same.
    "Webbsida.pdf": HTML.encode(), "Webbsida.docx": HTML.encode(), "Webbsida.txt": HTML.encode(),
    "Webbsida.csv": b"  <!DOCTYPE html>" + HTML.encode(), "Vektor.png": SVG.encode(), "XML.txt": XHTML.encode(),
    "Zip.docx": zipped([("evil.html", HTML.encode())]), "Noll.txt": b"text\x00med nollor",
    # A name within the name: Apache runs a.php.pdf through PHP where AddHandler is set.
    "Rapport.html.pdf": PDF, "Rapport.php.pdf": PDF, "Rapport.svg.png": png(),
}


@pytest.fixture(scope="module")
def samples(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("attachments")
    for name, data in {**DOCUMENTS, **DEVIOUS, **ACTIVE}.items():
        (folder / name).write_bytes(data)
    return folder


def test_every_allowed_extension_has_a_sample():
    assert sorted({name.rsplit(".", 1)[1] for name in DOCUMENTS}) == sorted(ALLOWED_EXTENSIONS)


@pytest.mark.parametrize("name", sorted({**DOCUMENTS, **DEVIOUS}))
def test_documents_and_images_are_published(samples, name):
    assert refusal(samples / name) is None


@pytest.mark.parametrize("name", sorted(ACTIVE))
def test_active_types_are_refused(samples, name):
    why = refusal(samples / name)
    assert why is not None and why.reason and why.hint


def test_the_reason_says_what_the_content_is(samples):
    assert "web page (HTML)" in refusal(samples / "Webbsida.pdf").reason
    assert "SVG" in refusal(samples / "Vektor.png").reason
    assert "'.php'" in refusal(samples / "Rapport.php.pdf").reason
    assert "'.svg' files" in refusal(samples / "evil.svg").reason
    assert "without an extension" in refusal(samples / "utan-filändelse").reason


# The build

MEETING = """\
---
body: testgruppen
date: 2020-01-15
kind: protokoll
status: justerat
participants:
  - name: Anna Andersson
    role: ordförande
---

## 1. Handlingar

Bilagor: {documents}

## 2. Inkomna filer

Bilagor: {others}
"""


def write_project(project: Project, documents: dict[str, bytes], others: dict[str, bytes]) -> Project:
    project.write("testgruppen/_body.md", BODY_FILE)
    project.write("testgruppen/2020-01-15.md", MEETING.format(documents="; ".join(documents) or "Inga",
                                                              others="; ".join(others) or "Inga"))
    for name, data in {**documents, **others}.items():
        project.write(f"testgruppen/2020-01-15/bilagor/{name}", data)
    return project


def cli(project: Project, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--project", str(project.root), *args],
                          capture_output=True, text=True, cwd=REPO, timeout=300,
                          env={**os.environ, "MINUTES_MESSAGES_LANGUAGE": "en"})


def test_a_build_with_active_attachments_is_refused_and_the_site_kept(project):
    write_project(project, DOCUMENTS, {})
    assert cli(project, "build").returncode == 0
    before = output_snapshot(project.output)
    named = {"evil.html": HTML.encode(), "evil.svg": SVG.encode(), "Webbsida.pdf": HTML.encode()}
    write_project(project, DOCUMENTS, named)
    project.write("testgruppen/2020-01-15/bilagor/evil.js", BEACON.format("js").encode())  # named by no item
    for command in ("check", "build"):
        result = cli(project, command)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        errors = [line for line in result.stderr.splitlines() if " is refused: " in line]
        # The named ones at the Bilagor line of their item, the unnamed one at its own path.
        assert sorted(line.split(" is refused")[0] for line in errors) == sorted(
            [f"content/testgruppen/2020-01-15.md:17: the attachment content/testgruppen/2020-01-15/bilagor/{name}"
             for name in named]
            + ["content/testgruppen/2020-01-15/bilagor/evil.js: the attachment "
               "content/testgruppen/2020-01-15/bilagor/evil.js"]), result.stderr
        assert all("docs/security.md" in line for line in errors)
    assert output_snapshot(project.output) == before
    assert not list(project.root.glob(".output.staging-*"))


def test_refused_attachments_never_reach_the_output(project):
    """Even as warnings would have it (a check run that ignores errors): no copy, no link."""
    from generator.build.pipeline import check
    from generator.render.attachments import Attachments

    write_project(project, {"Rapport.pdf": PDF}, {"evil.html": HTML.encode()})
    report = check(project.config)
    attachments = Attachments(report.archive, project.config)
    published = [file.name for files in attachments.files.values() for file in files]
    assert published == ["Rapport.pdf"]
    assert [file.name for file in (f for files in attachments.refused.values() for f, _ in files)] == ["evil.html"]
    assert [f.path for f in attachments.output_files()] == ["testgruppen/2020-01-15/bilagor/Rapport.pdf"]


# In the browser


class _RecordingHandler(_QuietHandler):
    """Records every request for /ran...: a planted script that ran."""

    ran: list[str]
    policy: str | None

    def do_GET(self) -> None:
        if self.path.startswith("/ran"):
            self.ran.append(self.path)
            self.send_response(204)
            self.end_headers()
            return
        super().do_GET()

    def end_headers(self) -> None:
        if self.policy:
            self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()


@pytest.fixture(scope="module")
def recording_server():
    servers = []

    def start(folder: Path, policy: str | None) -> tuple[str, list[str]]:
        ran: list[str] = []
        handler = type("Handler", (_RecordingHandler,), {"ran": ran, "policy": policy})
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/", ran

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def devious_site(tmp_path_factory) -> Path:
    project = write_project(Project(tmp_path_factory.mktemp("devious") / "site"), DOCUMENTS, DEVIOUS)
    result = cli(project, "build")
    assert result.returncode == 0, result.stderr
    return project.output


def click_every_attachment(browser, base: str) -> tuple[int, list[str]]:
    """Open the meeting page, click each attachment link in turn, and let what it opens load."""
    context = browser.new_context(accept_downloads=True)
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.set_default_timeout(8000)
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(base + "testgruppen/2020-01-15.html")
        count = page.locator("a.attachment__link").count()
        for index in range(count):
            page.goto(base + "testgruppen/2020-01-15.html")
            link = page.locator("a.attachment__link").nth(index)
            try:
                link.click()
            except Exception:  # a download or a PDF viewer may abort the navigation: that is fine
                pass
            page.wait_for_timeout(400)
        return count, dialogs
    finally:
        context.close()


@pytest.mark.browser
def test_the_detector_sees_a_script_run(browser, recording_server, tmp_path):
    """Control: the planted HTML, served as a page without the policy, does call home."""
    (tmp_path / "planted.html").write_text(HTML, encoding="utf-8")
    base, ran = recording_server(tmp_path, None)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(base + "planted.html")
        page.wait_for_timeout(500)
    finally:
        context.close()
    assert any(path.startswith("/ran?inline") for path in ran), ran


@pytest.mark.browser
@pytest.mark.parametrize("policy", [None, POLICY], ids=["no headers (GitHub Pages)", "with the policy"])
def test_clicking_every_attachment_runs_no_script(browser, recording_server, devious_site, policy):
    base, ran = recording_server(devious_site, policy)
    count, dialogs = click_every_attachment(browser, base)
    assert count == len(DOCUMENTS) + len(DEVIOUS)
    assert not ran and not dialogs, (ran, dialogs)
