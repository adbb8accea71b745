"""The installable tool as a new user meets it: build the wheel, install it in a fresh venv outside
the repository, `minutes init`, `minutes build`, `minutes serve`; and `init` on its own."""

from __future__ import annotations

import datetime as dt
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import REPO
from generator.commands.init import InitError, init_project, scaffold_languages
from generator.load.config import load_config
from generator.build.pipeline import build


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The `minutes` command of a fresh venv that has only the wheel (and its dependencies)."""
    where = tmp_path_factory.mktemp("install")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--outdir", str(where / "dist"), str(REPO)],
                   check=True, capture_output=True, cwd=where)
    wheel = next((where / "dist").glob("minutes-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(where / "venv")], check=True, capture_output=True,
                   env=_clean_env())
    pip = subprocess.run([str(where / "venv" / "bin" / "python"), "-m", "pip", "install", str(wheel)],
                         capture_output=True, text=True, cwd=where, env=_clean_env())
    command = where / "venv" / "bin" / "minutes"
    assert pip.returncode == 0 and command.exists(), pip.stdout + pip.stderr
    return command


def _clean_env() -> dict[str, str]:
    # Nothing of the checkout may leak in: the installed package alone must be enough.
    env = {key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV", "MINUTES_MESSAGES_LANGUAGE")}
    env["SOURCE_DATE_EPOCH"] = "1795000000"
    return env


@pytest.mark.parametrize("language", ["en", "sv"])
def test_wheel_installs_and_init_build_serve_work_outside_the_repository(installed, tmp_path, language):
    archive = tmp_path / "x"
    env = _clean_env()
    init = subprocess.run([str(installed), "init", str(archive), "--language", language],
                          capture_output=True, text=True, cwd=tmp_path, env=env)
    assert init.returncode == 0, init.stderr
    for name in ("minutes.yml", "content/people.yml", ".gitignore", ".github/workflows/publish.yml", ".gitlab-ci.yml"):
        assert (archive / name).is_file(), name
    assert not (archive / "layouts").exists() and not (archive / "assets").exists()

    built = subprocess.run([str(installed), "build"], capture_output=True, text=True, cwd=archive, env=env)
    assert built.returncode == 0, built.stderr
    assert "Traceback" not in built.stderr
    home = (archive / "output" / "index.html").read_text(encoding="utf-8")
    assert f'<html lang="{language}"' in home
    meeting_pages = [p for p in (archive / "output").rglob("*.html")
                     if p.parent.name in ("board", "styrelsen") and p.stem[:4].isdigit()]
    assert meeting_pages, "the scaffolded meeting has no page"
    assert (archive / "output" / "assets" / "site.css").is_file()

    port = _free_port()
    serve = subprocess.Popen([str(installed), "serve", "--port", str(port)], cwd=archive, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        page = ""
        while time.monotonic() < deadline and not page:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/index.html", timeout=5) as response:
                    page = response.read().decode("utf-8")
            except OSError:
                assert serve.poll() is None, serve.stdout.read()
                time.sleep(0.2)
        assert "The Board" in page if language == "en" else "Styrelsen" in page
    finally:
        serve.send_signal(2)
        serve.wait(timeout=20)


@pytest.mark.parametrize("language", scaffold_languages())
def test_init_scaffold_builds_without_warnings(tmp_path, language):
    init_project(tmp_path / "a", language, today=dt.date(2026, 5, 4))
    config = load_config(tmp_path / "a")
    report = build(config, jobs=1)
    assert report.problems == []
    workflow = (tmp_path / "a" / ".github" / "workflows" / "publish.yml").read_text(encoding="utf-8")
    assert "minutes build" in workflow and "deploy-pages" in workflow
    assert "pip install minutes" in workflow
    gitlab = (tmp_path / "a" / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "pages:" in gitlab and "public" in gitlab
    assert (tmp_path / "a" / "content").rglob("2026-05-04.md")


def test_init_never_overwrites(tmp_path):
    init_project(tmp_path, "sv")
    (tmp_path / "minutes.yml").write_text("title: Mitt arkiv\n", encoding="utf-8")
    with pytest.raises(InitError, match="already holds"):
        init_project(tmp_path, "en")
    assert (tmp_path / "minutes.yml").read_text(encoding="utf-8") == "title: Mitt arkiv\n"
    assert not (tmp_path / "content" / "board").exists()
