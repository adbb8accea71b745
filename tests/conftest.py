"""Shared fixtures: small projects written into tmp_path, the seed site built once, a loopback
HTTP server and headless Chromium (Debian's, never a downloaded one)."""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import textwrap
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from generator.load.config import load_config
from generator.build.pipeline import build

REPO = Path(__file__).resolve().parent.parent
# Tests assert the command line's messages as the generator writes them, in English, whatever
# the test site's language; tests/test_messages.py checks the translations with this unset.
# Subprocesses inherit it.
os.environ.setdefault("MINUTES_MESSAGES_LANGUAGE", "en")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

BODY_FILE = """\
---
name: Testgruppen
short_name: TG
organisation: Testregionen
members:
  - name: Anna Andersson
    organisation: Testkommun
    role: ordförande
---

En grupp för tester.
"""

MEETING_FILE = """\
---
body: testgruppen
date: 2020-01-15
start: "09:00"
end: "10:00"
place: Stadshuset
kind: protokoll
status: justerat
participants:
  - name: Anna Andersson
    organisation: Testkommun
    role: ordförande
---

## 1. Mötets öppnande

Ordföranden öppnar mötet.

## 2. Budget

Föredragande: Anna Andersson
Bilagor: Budget 2020.pdf

### Beslut

- att anta budgeten
- samt att följa upp den i juni

| Åtgärd | Slutdatum | Ansvarig |
| --- | --- | --- |
| Skicka ut budgeten | 2020-02-01 | Anna Andersson; Bo Berg |
"""


class Project:
    """A throwaway project: minutes.yml and content written inline, on the default theme."""

    def __init__(self, root: Path):
        self.root = root
        (root / "content").mkdir(parents=True)
        (root / "minutes.yml").write_text("title: Testarkivet\n", encoding="utf-8")

    def write(self, relative: str, text: str, encoding: str = "utf-8") -> Path:
        path = self.root / "content" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(textwrap.dedent(text).encode(encoding) if isinstance(text, str) else text)
        return path

    def with_sample(self) -> "Project":
        self.write("testgruppen/_body.md", BODY_FILE)
        self.write("testgruppen/2020-01-15.md", MEETING_FILE)
        return self

    @property
    def config(self):
        return load_config(self.root)

    @property
    def output(self) -> Path:
        return self.root / "output"

    def build(self):
        return build(self.config)


class Repo:
    """A git repository at tmp/, holding the project in tmp/site/ (so paths carry a prefix)."""

    def __init__(self, root: Path):
        self.root = root
        self.env = {**os.environ, "HOME": str(root), "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull}
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, when: str = "") -> str:
        env = dict(self.env)
        if when:
            env.update(GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
        done = subprocess.run(["git", "-c", "user.name=Redaktör", "-c", "user.email=red@example.org",
                               "-c", "commit.gpgsign=false", *args], cwd=self.root, env=env,
                              capture_output=True, text=True, check=True)
        return done.stdout

    def commit(self, message: str, when: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, when=when)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path / "site")


@pytest.fixture(scope="session")
def seed_site(tmp_path_factory) -> Path:
    """The real content/ of this repository, built once into a temporary output folder."""
    out = tmp_path_factory.mktemp("seed") / "output"
    build(load_config(REPO, output_dir=str(out)))
    return out


PAGED_BODY = """\
---
name: {name}
organisation: Testregionen
---
"""

PAGED_MEETING = """\
---
body: {body}
date: {date}
kind: protokoll
status: justerat
participants:
  - name: Anna Andersson
    organisation: Testkommunen
    role: ordförande
  - name: Bo Berg
    organisation: Grannkommunen
    role: ledamot
---

## 1. Budget {n}

### Beslut

Beslutet {n} om budgeten fattas.

| Åtgärd | Slutdatum | Ansvarig |
| --- | --- | --- |
{actions}

## 2. Plan {n}

### Beslut

Planen {n} antas.
"""


def write_paged_archive(project: Project) -> Project:
    """An archive just large enough for the registers to split their pages (render/registers/paging.py:
    MEETINGS_PER_PAGE 40, ACTIONS_PER_PAGE 250): body alfa meets four times a month in 2019 (not
    in July) and monthly in the first half of 2020 (50 meetings: its registers get pages by year,
    2019's by month); beta meets ten times in 2019 (its registers stay single pages); gamma 42
    times in May 2019, twice a day (a month in two parts, of its registers and the site's). Each
    meeting takes two decisions and sets seven actions, due 5 to 35 days later (gamma's 1 to 7
    days later: all in May); every tenth meeting one more without a due date. Anna Andersson
    (Testkommunen) chairs every meeting and is responsible for the dated actions (816 entries
    on her page: an overview with pages by year, 2019's by month, May's in two parts); Bo Berg
    (Grannkommunen) attends every meeting and has the undated ones (112: one page). Testkommunen
    and Grannkommunen are represented at all 102 meetings (an overview with pages by year)."""
    import datetime as dt

    project.write("alfa/_body.md", PAGED_BODY.format(name="Alfagruppen"))
    project.write("beta/_body.md", PAGED_BODY.format(name="Betarådet"))
    project.write("gamma/_body.md", PAGED_BODY.format(name="Gammanämnden"))
    dates = {"alfa": [(dt.date(2019, month, day), "") for month in range(1, 13) if month != 7 for day in (3, 10, 17, 24)]
             + [(dt.date(2020, month, 5), "") for month in range(1, 7)],
             "beta": [(dt.date(2019, month, 12), "") for month in (1, 2, 3, 4, 5, 6, 8, 9, 10, 11)],
             "gamma": [(dt.date(2019, 5, day), suffix) for day in range(1, 22) for suffix in ("", "-2")]}
    n = 0
    for body, days in dates.items():
        for date, suffix in days:
            n += 1
            step = 1 if body == "gamma" else 5
            rows = [f"| Åtgärd {n}.{k} | {date + dt.timedelta(days=step * k)} | Anna Andersson |" for k in range(1, 8)]
            if n % 10 == 0:
                rows.append(f"| Åtgärd {n} utan datum | | Bo Berg |")
            project.write(f"{body}/{date}{suffix}.md",
                          PAGED_MEETING.format(body=body, date=date, n=n, actions="\n".join(rows)))
    return project


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory) -> Path:
    """`write_paged_archive` built once, with a base URL (for the sitemap), the build date pinned."""
    project = Project(tmp_path_factory.mktemp("paged") / "site")
    write_paged_archive(project)
    (project.root / "minutes.yml").write_text("title: Testarkivet\nbase_url: https://example.org/arkiv/\n",
                                              encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1573000000")  # 2019-11-06: some actions past due, some not
        # In this process: the browser tests' HTTP servers may be running, and with other threads
        # running the meeting pool starts by forkserver, which cannot pickle the renderer.
        build(project.config, jobs=1)
    return project.output


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _TextExtractor()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def output_snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def serve_folder():
    """serve_folder(path) -> base URL of a loopback HTTP server for that folder."""
    servers: list[ThreadingHTTPServer] = []

    def start(folder: Path, prefix: str = "") -> str:
        handler = functools.partial(_QuietHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}/{prefix}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium (the Makefile's test target does it in CI)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(5000)
    yield page
    context.close()
