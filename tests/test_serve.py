"""`minutes serve` as an editor uses it: edit, break, fix a file and watch the served site follow."""

import json
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest

from conftest import REPO


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    def __init__(self, project):
        self.project = project
        self.port = free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "generator", "--project", str(project.root), "serve", "--port", str(self.port)],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO)
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for_output("serving")

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip())

    def wait_for_output(self, text: str, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in list(self.lines):
                if text in line:
                    return line
            time.sleep(0.05)
        raise AssertionError(f"no '{text}' in server output: {self.lines}")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}/{path}"

    def get(self, path: str) -> str:
        with urllib.request.urlopen(self.url(path), timeout=5) as response:
            return response.read().decode("utf-8")

    def wait_for_page(self, path: str, text: str, present: bool = True, timeout: float = 20) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            page = self.get(path)
            if (text in page) == present:
                return page
            time.sleep(0.1)
        raise AssertionError(f"{path}: '{text}' {'never appeared' if present else 'never went away'}")

    def stop(self) -> None:
        self.process.send_signal(2)  # Ctrl-C
        self.process.wait(timeout=10)


@pytest.fixture
def server(project):
    project.with_sample()
    running = Server(project)
    yield running
    if running.process.poll() is None:
        running.stop()


MEETING = "content/testgruppen/2020-01-15.md"


def edit(project, old: str, new: str) -> None:
    path = project.root / MEETING
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_edit_break_fix_cycle(server, project):
    page = server.get("testgruppen/2020-01-15.html")
    assert "Ordföranden öppnar mötet." in page
    assert "__minutes/reload.js" in page
    assert "__minutes" not in (project.output / "testgruppen/2020-01-15.html").read_text()  # deployable pages stay clean

    edit(project, "Ordföranden öppnar mötet.", "Ordföranden öppnar det redigerade mötet.")
    server.wait_for_page("testgruppen/2020-01-15.html", "det redigerade mötet")

    edit(project, "kind: protokoll", "kind: protokol")
    line = server.wait_for_output("content/testgruppen/2020-01-15.md:")
    assert re.search(r"2020-01-15\.md:\d+: 'kind' is 'protokol'", line)
    server.wait_for_output("still serving the last good site")
    assert "det redigerade mötet" in server.get("testgruppen/2020-01-15.html")
    with urllib.request.urlopen(server.url("__minutes/events"), timeout=5) as events:
        state = json.loads(events.readline().decode().removeprefix("data: "))
    assert any("protokol" in message for message in state["errors"])

    edit(project, "kind: protokol", "kind: protokoll")
    edit(project, "det redigerade mötet", "det lagade mötet")
    server.wait_for_page("testgruppen/2020-01-15.html", "det lagade mötet")


def test_burst_of_saves_builds_once_and_never_half_a_file(server, project):
    path = project.root / MEETING
    text = path.read_text(encoding="utf-8")
    before = sum("rebuilt in" in line for line in server.lines)
    for index in range(5):  # an editor's burst: truncate, partial write, full write
        path.write_text(text[: len(text) // 2], encoding="utf-8")
        path.write_text(text.replace("öppnar mötet", f"öppnar mötet {index}"), encoding="utf-8")
    server.wait_for_page("testgruppen/2020-01-15.html", "öppnar mötet 4")
    time.sleep(1)
    assert sum("rebuilt in" in line for line in server.lines) - before <= 2


def test_port_in_use_is_a_clear_message(server, project):
    result = subprocess.run([sys.executable, "-m", "generator", "--project", str(project.root), "serve",
                             "--port", str(server.port)], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert result.returncode == 1
    assert f"port {server.port}" in result.stderr and "in use" in result.stderr


def test_ctrl_c_stops_cleanly(server):
    server.stop()
    assert server.process.returncode == 0
    assert "stopped" in "\n".join(server.lines)


@pytest.mark.browser
def test_open_page_reloads_by_itself_and_shows_errors(server, project, page):
    page.goto(server.url("testgruppen/2020-01-15.html"))
    page.wait_for_function("document.readyState === 'complete'")
    time.sleep(0.3)  # let the event stream connect
    edit(project, "Ordföranden öppnar mötet.", "Sidan laddades om av sig själv.")
    page.get_by_text("Sidan laddades om av sig själv.").wait_for(timeout=15000)

    edit(project, "status: justerat", "status: klar")
    overlay = page.locator("#minutes-build-errors")
    overlay.wait_for(timeout=15000)
    assert "'status' is 'klar'" in overlay.inner_text()
    edit(project, "status: klar", "status: justerat")
    overlay.wait_for(state="detached", timeout=15000)


def test_minutes_new_prefills_and_refuses_to_overwrite(project):
    project.with_sample()
    command = [sys.executable, "-m", "generator", "--project", str(project.root), "new", "testgruppen", "2021-05-04"]
    first = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    assert first.returncode == 0 and first.stdout.strip() == "content/testgruppen/2021-05-04.md"
    text = (project.root / "content/testgruppen/2021-05-04.md").read_text()
    assert "name: Anna Andersson" in text and "status: utkast" in text
    again = subprocess.run(command, capture_output=True, text=True, cwd=REPO)
    assert again.returncode == 1 and "already exists" in again.stderr
    check = subprocess.run([sys.executable, "-m", "generator", "--project", str(project.root), "check"],
                           capture_output=True, text=True, cwd=REPO)
    assert check.returncode == 0, check.stderr


def test_pages_are_served_while_the_drafts_are_still_being_found(project):
    """Finding the drafts reads every meeting file, seconds on a large archive: the server must
    answer (and rebuild) meanwhile. Here finding them takes 60 s."""
    project.with_sample()
    port = free_port()
    slow = ("import sys, time; import generator.commands.serve as serve; "
            "found = serve.find_drafts; serve.find_drafts = lambda config: (time.sleep(60), found(config))[1]; "
            "from generator.cli import main; sys.exit(main(sys.argv[1:]))")
    process = subprocess.Popen([sys.executable, "-u", "-c", slow, "--project", str(project.root), "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=REPO)
    try:
        deadline = time.monotonic() + 20
        for line in process.stdout:
            if "serving" in line or time.monotonic() > deadline:
                break
        started = time.monotonic()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=10) as response:
            assert response.status == 200
        assert time.monotonic() - started < 10
    finally:
        process.kill()
        process.wait(timeout=10)
