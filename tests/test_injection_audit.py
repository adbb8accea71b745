"""Static audit of a built site for markup that can run script; shared by the injection and CSP
tests. It sweeps every file in the output folder, so outputs added later (feeds, data files,
register pages) are covered without changes here:

* every .html/.htm/.xhtml file is parsed as HTML;
* every .xml/.atom/.rss/.svg file is parsed as XML, and HTML escaped inside its elements (feed
  content) is parsed as HTML too.

Allowed: our own external scripts (relative `src` under assets/, no inline code). Not allowed:
inline script, on* attributes, style attributes and elements (a strict CSP forbids them),
iframes, objects, embeds, <base>, <meta http-equiv>, srcdoc, and javascript:/vbscript:/data: URLs
in any URL attribute.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
XML_SUFFIXES = {".xml", ".atom", ".rss", ".svg"}

FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal", "style"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "background",
                  "srcset", "ping", "cite", "longdesc", "manifest", "codebase", "dynsrc", "lowsrc",
                  "imagesrcset", "to", "from", "values"}
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "livescript:", "data:")
OUR_DATA_URLS: set[str] = set()  # the site uses no data: URLs of its own today
DATA_BLOCK_TYPES = {"application/ld+json", "application/json"}  # never run: allowed if valid JSON
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


def _scheme_of(value: str) -> str | None:
    """The dangerous scheme a browser would see in a URL attribute, if any."""
    normalised = _INVISIBLE.sub("", value).lower()
    for scheme in DANGEROUS_SCHEMES:
        if normalised.startswith(scheme) or f",{scheme}" in normalised:
            return scheme
    return None


class _HtmlAudit(HTMLParser):
    def __init__(self, where: str) -> None:
        super().__init__(convert_charrefs=True)
        self.where = where
        self.problems: list[str] = []
        self._script_depth = 0
        self._data_block = False
        self._data = ""

    def _flag(self, what: str) -> None:
        self.problems.append(f"{self.where}:{self.getpos()[0]}: {what}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag in FORBIDDEN_TAGS:
            self._flag(f"<{tag}> element")
        if tag == "meta" and "http-equiv" in values:
            self._flag(f"<meta http-equiv={values['http-equiv']!r}>")
        if tag == "script":
            self._script_depth += 1
            src = values.get("src", "")
            self._data_block = values.get("type", "").strip().lower() in DATA_BLOCK_TYPES and not src
            self._data = ""
            if not src and not self._data_block:
                self._flag("inline <script>")
            elif src and (re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.I) or "assets/" not in src):
                self._flag(f"<script src={src!r}> is not one of our own scripts")
        for name, value in values.items():
            if name.startswith("on"):
                self._flag(f"event handler {name}={value!r} on <{tag}>")
            elif name == "style":
                self._flag(f"style attribute on <{tag}>: {value!r}")
            elif name == "srcdoc":
                self._flag(f"srcdoc on <{tag}>")
            elif name in URL_ATTRIBUTES or name.endswith(":href"):
                scheme = _scheme_of(value)
                if scheme and value not in OUR_DATA_URLS:
                    self._flag(f"{scheme} URL in {name} of <{tag}>: {value!r}")

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script_depth = max(0, self._script_depth - 1)
            if self._data_block:  # JSON-LD: must be JSON, and nothing in it may end the element
                try:
                    json.loads(self._data)
                except ValueError as exc:
                    self._flag(f"a data block <script> that is not JSON ({exc}): {self._data[:80]!r}")
                if re.search(r"<!--|<script|</script", self._data, re.I):
                    self._flag(f"a data block <script> holding markup: {self._data[:80]!r}")
            self._data_block = False

    def handle_data(self, data: str) -> None:
        if self._script_depth and self._data_block:
            self._data += data
        elif self._script_depth and data.strip():
            self._flag(f"inline script code {data.strip()[:80]!r}")


def audit_html(text: str, where: str) -> list[str]:
    parser = _HtmlAudit(where)
    parser.feed(text)
    parser.close()
    return parser.problems


def audit_xml(raw: bytes, where: str) -> list[str]:
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        return [f"{where}: not well-formed XML ({exc}); a value may have broken out of its element"]
    problems = []
    for element in root.iter():
        local = element.tag.rsplit("}", 1)[-1].lower() if isinstance(element.tag, str) else ""
        if local in ("script", "iframe", "object", "embed", "foreignobject"):
            problems.append(f"{where}: <{local}> element")
        for name, value in element.attrib.items():
            local_name = name.rsplit("}", 1)[-1].lower()
            if local_name.startswith("on"):
                problems.append(f"{where}: event handler {local_name} on <{local}>")
            elif local_name in URL_ATTRIBUTES and _scheme_of(value):
                problems.append(f"{where}: {_scheme_of(value)} URL in {local_name} of <{local}>")
        # Text that feed readers render as HTML: Atom type="html", RSS description, content:encoded.
        as_html = (element.attrib.get("type", "").lower() in ("html", "text/html")
                   or local in ("description", "encoded"))
        if as_html and element.text:
            problems += audit_html(element.text, f"{where} <{local}> content")
    return problems


def audit_site(output: Path) -> tuple[list[str], int]:
    """(problems, number of files audited) over every HTML and XML file under `output`."""
    problems: list[str] = []
    audited = 0
    for path in sorted(output.rglob("*")):
        if not path.is_file():
            continue
        where = path.relative_to(output).as_posix()
        suffix = path.suffix.lower()
        if suffix in HTML_SUFFIXES:
            problems += audit_html(path.read_text(encoding="utf-8", errors="replace"), where)
            audited += 1
        elif suffix in XML_SUFFIXES:
            problems += audit_xml(path.read_bytes(), where)
            audited += 1
    return problems, audited


# ---- the audit audits: known-bad markup is caught, our own markup passes ----------------------

BAD = [
    '<script type="application/ld+json">{"name": "</script><script>x()</script>"}</script>',
    '<script type="application/ld+json">{"name": "<!--"}</script>',
    '<script type="application/ld+json">{"name": </script>',
    "<script>x()</script>",
    "<script src=https://evil.example/x.js></script>",
    "<img src=x onerror=x()>",
    "<a href=\"jav&#x09;ascript:x()\">a</a>",
    "<a href=\" &#106;avascript:x()\">a</a>",
    "<a href=\"data:text/html,x\">a</a>",
    "<svg><a xlink:href=\"javascript:x()\">a</a></svg>",
    "<iframe srcdoc=\"x\"></iframe>",
    "<div style=\"color:red\">x</div>",
    "<style>p{}</style>",
    "<meta http-equiv=refresh content=\"0;url=javascript:x()\">",
    "<form action=\"javascript:x()\"></form>",
    "<img srcset=\"a.png 1x, data:image/svg+xml,x 2x\">",
]
GOOD = [
    '<script type="application/ld+json">{"name": "\\u003cscript\\u003e"}</script>',
    '<script src="../assets/search/search.js" defer></script>',
    '<a href="../index.html">hem</a> <a href="https://example.org/" rel="noopener">x</a>',
    '<form action="search.html" method="get"><input name="q"></form>',
    "<p>&lt;script&gt;top.__xss=1&lt;/script&gt; javascript:x()</p>",
]


def test_audit_catches_every_known_bad_snippet():
    for snippet in BAD:
        assert audit_html(snippet, "x.html"), snippet


def test_audit_passes_our_own_markup():
    for snippet in GOOD:
        assert audit_html(snippet, "x.html") == [], snippet


def test_audit_reads_html_escaped_inside_feeds():
    feed = b"<feed xmlns='http://www.w3.org/2005/Atom'><entry><content type='html'>" \
           b"&lt;img src=x onerror=x()&gt;</content></entry></feed>"
    assert audit_xml(feed, "feed.xml")
    text = feed.replace(b"type='html'", b"type='text'")
    assert audit_xml(text, "feed.xml") == []  # a text construct is shown as text by readers
    assert audit_xml(b"<feed><title>x</feed>", "feed.xml")  # broken XML is a finding too
