"""`minutes audit`: the accessibility checks, run over a built site in a real browser.

- axe-core (vendored in generator/commands/vendor/axe-core) with the WCAG 2.1 A and AA rules, in
  headless Chromium, on one page of every kind (the largest, which exercises the most template
  branches) at 1280 and 320 px in the light colour scheme and at 1280 px in the dark one;
- the Nu HTML Checker (vnu.jar, on Java) over every page and the stylesheet.

It prints a report by page kind and exits 1 on any violation or error, 2 when a checker cannot
run (so a deploy recipe that runs it before publishing stops either way). On a clean run it
writes the result into the site's accessibility statement, whose paragraph on automated checks
otherwise says plainly that no audit ran: the statement claims only what was checked.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlparse

from generator.common.i18n import long_date, messages
from generator.load.config import SiteConfig

AXE_JS = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
VARIANTS = (("1280px-light", 1280, "light"), ("320px-light", 320, "light"), ("1280px-dark", 1280, "dark"))
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
VNU_IN_PROJECT = Path(".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar")  # where `make vnu` puts it
# The statement's paragraph on automated checks: the build writes "no audit ran", the audit its result.
AUDIT_PARAGRAPH = re.compile(r'<p id="automated-audit">.*?</p>', re.S)


class AuditUnavailable(Exception):
    """A checker cannot run here (no Chromium, Playwright, Java or vnu.jar): nothing was checked."""


@dataclass
class KindReport:
    kind: str
    pages: list[str] = field(default_factory=list)
    checked: str = ""  # the page axe ran on
    axe: list[str] = field(default_factory=list)  # one line per violation and variant
    html: list[str] = field(default_factory=list)  # Nu HTML Checker errors in pages of this kind

    @property
    def ok(self) -> bool:
        return not self.axe and not self.html


@dataclass
class AuditReport:
    kinds: list[KindReport]
    css_errors: list[str]
    axe_version: str
    vnu_version: str
    date: dt.date

    @property
    def ok(self) -> bool:
        return all(k.ok for k in self.kinds) and not self.css_errors

    @property
    def pages(self) -> int:
        return sum(len(k.pages) for k in self.kinds)


# ---------------------------------------------------------------- page kinds

def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if p.relative_to(site).parts[0] not in ("assets", "search"))


def page_kind(path: str, body_slugs: set[str]) -> str:
    """A path pattern: 'umearegionen-kc/2015-08-19.html' -> '<body>/0000-00-00.html'."""
    parts = path.split("/")
    if len(parts) > 1 and parts[0] in body_slugs:
        parts[0] = "<body>"
    name = parts[-1]
    if name != "index.html" and len(parts) > 1:
        stem = name[:-len(".html")]
        parts[-1] = (re.sub(r"\d", "0", stem) if re.search(r"\d", stem) else "*") + ".html"
    for i in range(1, len(parts) - 1):  # deeper folders (registers, people ...) are patterns too
        parts[i] = "*"
    return "/".join(parts)


def pages_by_kind(site: Path, body_slugs: set[str]) -> dict[str, list[str]]:
    kinds: dict[str, list[str]] = {}
    for path in html_pages(site):
        kinds.setdefault(page_kind(path, body_slugs), []).append(path)
    return dict(sorted(kinds.items()))


def representative_pages(site: Path, body_slugs: set[str]) -> dict[str, str]:
    """One page per kind: the largest, which exercises the most template branches."""
    return {kind: max(paths, key=lambda p: ((site / p).stat().st_size, p))
            for kind, paths in pages_by_kind(site, body_slugs).items()}


def body_slugs_of(config: SiteConfig) -> set[str]:
    return {p.parent.name for p in config.content_path.glob("*/_body.md")}


# ---------------------------------------------------------------- the checkers

def find_chromium() -> str:
    for candidate in filter(None, (os.environ.get("MINUTES_CHROMIUM"), *CHROMIUM_CANDIDATES)):
        if Path(candidate).exists():
            return candidate
    raise AuditUnavailable("no Chromium found: install it (apt-get install chromium) or set MINUTES_CHROMIUM "
                           "to its path")


def find_vnu(config: SiteConfig, given: str | None) -> Path:
    if not shutil.which("java"):
        raise AuditUnavailable("java is missing, which the Nu HTML Checker needs: apt-get install default-jre-headless")
    for candidate in filter(None, (given, os.environ.get("VNU_JAR"), str(config.project_dir / VNU_IN_PROJECT))):
        if Path(candidate).is_file():
            return Path(candidate)
    raise AuditUnavailable("vnu.jar (the Nu HTML Checker) not found: `make vnu` fetches it from npm, or pass "
                           "--vnu-jar PATH or set VNU_JAR")


def axe_version() -> str:
    match = re.search(r"axe v([\d.]+)", AXE_JS.read_text(encoding="utf-8")[:200])
    return match.group(1) if match else "?"


def vnu_version(jar: Path) -> str:
    done = subprocess.run(["java", "-jar", str(jar), "--version"], capture_output=True, text=True, timeout=120)
    return done.stdout.strip() or "?"


def vnu_errors(jar: Path, files: list[Path], css: bool = False) -> dict[str, list[str]]:
    """Errors by file (as given), from one run of the checker over all of them."""
    if not files:
        return {}
    command = ["java", "-jar", str(jar), "--errors-only", "--format", "json", "--stdout"] + (["--css"] if css else [])
    done = subprocess.run(command + [str(f) for f in files], capture_output=True, text=True, timeout=3600)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError as exc:
        raise AuditUnavailable(f"the Nu HTML Checker gave no report: {done.stderr.strip()[:300]}") from exc
    found: dict[str, list[str]] = {}
    by_path = {str(f.resolve()): str(f) for f in files}
    for message in report.get("messages", []):
        if message.get("type") == "error" or message.get("subType") == "fatal":
            url = message.get("url", "")  # 'file:/tmp/site/index.html'
            name = by_path.get(unquote(urlparse(url).path), url)
            found.setdefault(name, []).append(f"line {message.get('lastLine', '?')}: {message.get('message', '')}")
    return found


def _serve(site: Path) -> ThreadingHTTPServer:
    # Imported here: every build imports this module (forget_audit), and http.server brings
    # http.client, ssl and email with it.
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    class QuietHandler(SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def run_axe(site: Path, pages: dict[str, str], chromium: str) -> dict[str, list[str]]:
    """axe's violations on each kind's page, as 'variant: rule (impact): help; selectors' lines."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise AuditUnavailable("Playwright is missing: pip install 'minutes[audit]' (or pip install playwright)") from exc
    server = _serve(site)
    base = f"http://127.0.0.1:{server.server_port}/"
    found: dict[str, list[str]] = {kind: [] for kind in pages}
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=[
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"])
            for variant, width, scheme in VARIANTS:
                context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
                page = context.new_page()
                page.set_default_timeout(30000)
                for kind, path in pages.items():
                    page.goto(base + path)
                    page.add_script_tag(path=str(AXE_JS))
                    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
                                           " resultTypes: ['violations']})", list(AXE_TAGS))
                    for violation in result["violations"]:
                        targets = ", ".join(" ".join(n["target"]) for n in violation["nodes"][:3])
                        found[kind].append(f"{variant}: {violation['id']} ({violation['impact']}): "
                                           f"{violation['help']}; {targets}")
                context.close()
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return found


# ---------------------------------------------------------------- the audit

def audit(config: SiteConfig, site: Path, vnu_jar: str | None = None) -> AuditReport:
    if not (site / "index.html").is_file():
        raise AuditUnavailable(f"{site}/ holds no built site: run `minutes build` first")
    chromium = find_chromium()
    jar = find_vnu(config, vnu_jar)
    slugs = body_slugs_of(config)
    kinds = pages_by_kind(site, slugs)
    chosen = representative_pages(site, slugs)
    axe_found = run_axe(site, chosen, chromium)
    html_found = vnu_errors(jar, [site / p for paths in kinds.values() for p in paths])
    css_found = vnu_errors(jar, sorted((site / "assets").glob("**/*.css")), css=True)
    reports = []
    for kind, paths in kinds.items():
        report = KindReport(kind, paths, chosen[kind], axe_found.get(kind, []))
        for path in paths:
            report.html.extend(f"{path} {error}" for error in html_found.get(str(site / path), []))
        reports.append(report)
    known = {str(site / p) for paths in kinds.values() for p in paths}
    # An error the checker reports under a name that is no page of ours still fails the audit.
    stray = {name: errors for name, errors in html_found.items() if name not in known}
    css_errors = [f"{name} {e}" for name, errors in [*css_found.items(), *stray.items()] for e in errors]
    return AuditReport(reports, css_errors, axe_version(), vnu_version(jar), audit_date())


def audit_date() -> dt.date:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
    return dt.datetime.now(dt.timezone.utc).date()


def format_report(report: AuditReport) -> str:
    lines = [f"axe-core {report.axe_version} (WCAG 2.1 A, AA; {', '.join(v for v, _, _ in VARIANTS)}) "
             f"and Nu HTML Checker {report.vnu_version} over {report.pages} pages in {len(report.kinds)} kinds:"]
    width = max(len(k.kind) for k in report.kinds)
    for kind in report.kinds:
        state = "ok" if kind.ok else f"{len(kind.axe)} axe violation(s), {len(kind.html)} HTML error(s)"
        lines.append(f"  {kind.kind.ljust(width)}  {len(kind.pages):5d} page(s)  {state}  (axe on {kind.checked})")
        lines.extend(f"      axe  {line}" for line in kind.axe)
        lines.extend(f"      html {line}" for line in kind.html[:20])
        if len(kind.html) > 20:
            lines.append(f"      html ... and {len(kind.html) - 20} more")
    lines.append(f"  stylesheets: {'ok' if not report.css_errors else f'{len(report.css_errors)} error(s)'}")
    lines.extend(f"      css  {line}" for line in report.css_errors)
    return "\n".join(lines)


def statement_sentence(report: AuditReport, language: str) -> str:
    """The statement's paragraph on automated checks, in the site's language."""
    text = messages(language)["a11y"]
    return text["audit_done"].format(
        date=long_date(report.date, language), axe=report.axe_version, vnu=report.vnu_version,
        kinds=len(report.kinds), pages=report.pages,
        result=text["audit_passed"] if report.ok else text["audit_failed"])


def record_in_statement(site: Path, report: AuditReport, language: str, statement_page: str) -> bool:
    """Write the audit's result into the built statement; False if the page has no such paragraph
    (a project's own statement template without one)."""
    return _replace_paragraph(site, statement_sentence(report, language), statement_page)


def forget_audit(site: Path, language: str, statement_page: str) -> bool:
    """After a build: a statement page the build kept from the last site (its inputs unchanged)
    may still carry that site's audit, which says nothing about this one. Back to "no audit ran"."""
    page = site / statement_page
    if not page.is_file() or 'id="automated-audit"' not in (html := page.read_text(encoding="utf-8")):
        return False
    none = messages(language)["a11y"]["audit_none"]
    return escape(none, quote=False) not in html and _replace_paragraph(site, none, statement_page)


def _replace_paragraph(site: Path, sentence: str, statement_page: str) -> bool:
    page = site / statement_page
    if not page.is_file():
        return False
    html = page.read_text(encoding="utf-8")
    paragraph = f'<p id="automated-audit">{escape(sentence, quote=False)}</p>'
    updated, count = AUDIT_PARAGRAPH.subn(lambda _: paragraph, html, count=1)
    if not count:
        return False
    # A new file, not a write into the old: the old may be hard-linked into the build cache.
    temporary = page.with_name(page.name + ".audit")
    temporary.write_text(updated, encoding="utf-8")
    temporary.replace(page)
    return True
