"""The site works under the strict Content-Security-Policy of docs/security.md.

The built seed site is served from a loopback server that adds the header to every response;
headless Chromium visits every page (and a search result page), and no CSP violation may be
reported, neither as a console message nor as a `securitypolicyviolation` event.
"""

from __future__ import annotations

import functools
import re
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from conftest import REPO, _QuietHandler
from test_injection_audit import audit_site

pytestmark = pytest.mark.browser


def documented_policy() -> str:
    """The policy as docs/security.md states it (the one line in the first ```text block)."""
    text = (REPO / "docs/security.md").read_text(encoding="utf-8")
    return re.search(r"```text\n(default-src[^\n]+)\n```", text).group(1).strip()


POLICY = documented_policy()


class _CspHandler(_QuietHandler):
    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", POLICY)
        super().end_headers()


@pytest.fixture(scope="module")
def serve_with_csp():
    servers = []

    def start(folder: Path) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_CspHandler, directory=str(folder)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def csp_page(browser):
    context = browser.new_context()
    context.add_init_script(WATCH)
    page = context.new_page()
    page.set_default_timeout(8000)
    messages: list[str] = []
    page.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: messages.append(f"page error: {e}"))
    yield page, messages
    context.close()


def violations(page, messages: list[str]) -> list[str]:
    found = list(page.evaluate("() => window.__csp || []")) + messages
    messages.clear()
    return found


def test_policy_is_strict():
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'",
                      "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'", "img-src 'self' data:"):
        assert directive in POLICY
    assert "unsafe" not in POLICY


def test_the_check_sees_a_violation(csp_page, serve_with_csp, tmp_path):
    """Control: an inline script and a style attribute are reported, so silence below means something."""
    (tmp_path / "bad.html").write_text('<!doctype html><p style="color:red">x</p><script>window.ran = 1</script>')
    page, messages = csp_page
    page.goto(serve_with_csp(tmp_path) + "bad.html")
    page.wait_for_timeout(100)
    found = violations(page, messages)
    assert page.evaluate("() => window.ran") is None
    assert any("script-src" in v for v in found) and any("style-src" in v for v in found), found


def test_the_seed_site_has_no_inline_script_or_style(seed_site):
    problems, audited = audit_site(seed_site)
    assert audited > 5
    assert not problems, "\n".join(problems[:20])


def test_every_page_works_under_the_policy(csp_page, serve_with_csp, seed_site):
    page, messages = csp_page
    base = serve_with_csp(seed_site)
    problems = []
    pages = sorted(p.relative_to(seed_site).as_posix() for p in seed_site.rglob("*.html"))
    assert len(pages) > 5
    for path in pages:
        page.goto(base + path, wait_until="load")
        page.wait_for_timeout(30)
        problems += [f"{path}: {v}" for v in violations(page, messages)]
        styled = page.evaluate("() => [...document.styleSheets].some(s => s.cssRules.length > 0)")
        if not styled:
            problems.append(f"{path}: no stylesheet applied")
    assert not problems, "\n".join(problems[:30])


def test_search_works_under_the_policy(csp_page, serve_with_csp, seed_site):
    if not (seed_site / "search.html").exists():
        pytest.skip("no search page in this build")
    page, messages = csp_page
    page.goto(serve_with_csp(seed_site) + "search.html?q=avtal", wait_until="load")
    page.wait_for_selector("#search-results li")
    assert page.locator("#search-results li").count() > 0
    page.fill("#search-q", "budget")
    page.wait_for_timeout(300)
    assert violations(page, messages) == []
