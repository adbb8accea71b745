"""`minutes serve`: build, serve output/ on loopback, rebuild on every change, reload open pages.

The rebuild is the ordinary build (same code path, same cache), so it only re-renders what a
change affects. Pages are served as built, plus one script tag that only this server injects;
built pages for deployment never contain reload code. A broken file does not stop the server:
the last good site keeps being served and the error shows in the terminal and as an overlay in
the browser until the file is fixed. Drafts, which the build never writes, are rendered when
asked for, with a draft banner (commands/preview.py); a missing page is answered with the site's
own 404 page.
"""

from __future__ import annotations

import errno
import json
import queue
import sys
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.load.config import SiteConfig, load_config
from generator.common.errors import BuildFailed, format_problems, summarise
from generator.common.messages import cli_text, count, message_language
from generator.build.pipeline import BuildReport, build
from generator.commands.preview import Draft, draft_page, find_drafts
from generator.theme import ASSETS, LAYOUTS, asset_folders, layout_folders

DEBOUNCE_SECONDS = 0.25
CLIENT_PATH = "/__minutes/"
CLIENT_DIR = Path(__file__).parent / "serve_client"
IGNORED_NAMES = ("4913",)  # vim's probe file
IGNORED_SUFFIXES = ("~", ".swp", ".swx", ".tmp", ".part", ".crdownload")


class LiveState:
    """The last build's outcome, and the browsers listening for the next one."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.generation = 0
        self.errors: list[str] = []
        self.listeners: list[queue.Queue[str]] = []

    def event(self) -> str:
        payload = {"generation": self.generation, "errors": self.errors}
        return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"

    def publish(self, errors: list[str]) -> None:
        with self.lock:
            self.generation += 1
            self.errors = errors
            message = self.event()
            for listener in self.listeners:
                listener.put(message)

    def listen(self) -> queue.Queue[str]:
        listener: queue.Queue[str] = queue.Queue()
        with self.lock:
            self.listeners.append(listener)
            listener.put(self.event())
        return listener

    def forget(self, listener: queue.Queue[str]) -> None:
        with self.lock:
            self.listeners.remove(listener)


class DevHandler(SimpleHTTPRequestHandler):
    live: LiveState
    stopping: threading.Event
    config: SiteConfig

    def log_message(self, *args) -> None:  # the terminal is for build messages
        pass

    def do_GET(self) -> None:
        if self.path.startswith(CLIENT_PATH + "events"):
            return self._events()
        if self.path.startswith(CLIENT_PATH):
            name = self.path[len(CLIENT_PATH):].split("?")[0]
            return self._client_file(name)
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self._html(path.read_bytes())
        if not path.exists():
            if path.suffix == ".html":
                draft = draft_page(self.config, self._site_path())
                if draft is not None:
                    return self._html(draft)
            return self._not_found()
        return super().do_GET()

    def _site_path(self) -> str:
        return unquote(urlsplit(self.path).path).lstrip("/")

    def _not_found(self) -> None:
        """The site's own 404 page, as a static host serves it."""
        page = Path(self.directory) / "404.html"
        if not page.is_file():
            return self.send_error(404)
        # Its links are relative to the site root (no base_url), wherever the missing page was.
        self._html(page.read_bytes().replace(b"<head>", b'<head>\n<base href="/">', 1), status=404)

    def _html(self, page: bytes, status: int = 200) -> None:
        tag = f'<script src="{CLIENT_PATH}reload.js"></script>'.encode()
        body = page.replace(b"</body>", tag + b"</body>", 1)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _client_file(self, name: str) -> None:
        path = CLIENT_DIR / name
        if name not in ("reload.js", "overlay.css") or not path.is_file():
            return self.send_error(404)
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", "text/javascript" if name.endswith(".js") else "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        listener = self.live.listen()
        try:
            while not self.stopping.is_set():
                try:
                    message = listener.get(timeout=15)
                except queue.Empty:
                    message = ": keep-alive\n\n"
                self.wfile.write(message.encode("utf-8"))
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self.live.forget(listener)


class Rebuilder:
    """Runs builds one at a time; a burst of file events becomes one build after a quiet spell."""

    def __init__(self, project_dir: Path, output_dir: str | None, live: LiveState, out=sys.stdout):
        self.project_dir = project_dir
        self.output_dir = output_dir
        self.live = live
        self.out = out
        self.wake = threading.Event()
        self.last_event = 0.0
        self.stopping = threading.Event()
        self.report: BuildReport | None = None  # the last build's, when it succeeded

    def config(self) -> SiteConfig:
        return load_config(self.project_dir, output_dir=self.output_dir)

    def build_once(self) -> bool:
        start = time.perf_counter()
        language = message_language("en")  # until minutes.yml is read
        try:
            config = self.config()
            language = message_language(config.language)
            report = build(config)
            self.report = report
        except BuildFailed as failed:
            messages = [p.format(language) for p in failed.problems if p.is_error]
            for line in messages:
                print(line, file=self.out, flush=True)
            print(cli_text("serve_failed", language, summary=summarise(failed.problems, language)),
                  file=self.out, flush=True)
            self.live.publish(messages)
            return False
        except Exception as exc:  # a bug must not take the server down with it
            print(f"build crashed: {exc!r}", file=self.out, flush=True)
            self.live.publish([f"build crashed: {exc!r}"])
            return False
        for line in format_problems(report.problems, language):
            print(line, file=self.out, flush=True)
        elapsed = time.perf_counter() - start
        print(cli_text("rebuilt", language, seconds=f"{elapsed:.2f}",
                       rendered=count("pages_rendered", report.pages_rendered, language),
                       unchanged=count("unchanged", report.pages_reused, language)), file=self.out, flush=True)
        self.live.publish([])
        return True

    def notify(self) -> None:
        self.last_event = time.monotonic()
        self.wake.set()

    def run(self) -> None:
        while not self.stopping.is_set():
            if not self.wake.wait(timeout=0.5):
                continue
            # Debounce: editors save in bursts (temp file, rename, write twice).
            while time.monotonic() - self.last_event < DEBOUNCE_SECONDS:
                time.sleep(DEBOUNCE_SECONDS / 4)
            self.wake.clear()
            self.build_once()


def is_relevant(path: str, config: SiteConfig) -> bool:
    name = Path(path).name
    if name.startswith((".#", ".")) or name.endswith(IGNORED_SUFFIXES) or name in IGNORED_NAMES:
        return False
    watched = [config.content_path, *layout_folders(config), *asset_folders(config)]
    target = Path(path)
    if target == config.project_dir / "minutes.yml":
        return True
    return any(target.is_relative_to(folder) for folder in watched)


def watch(rebuilder: Rebuilder, config: SiteConfig):
    from watchdog.events import FileSystemEventHandler
    from watchdog.observers import Observer

    class Handler(FileSystemEventHandler):
        def on_any_event(self, event) -> None:
            if event.event_type in ("opened", "closed_no_write"):
                return
            paths = [event.src_path, getattr(event, "dest_path", "") or ""]
            if any(p and is_relevant(p, config) for p in paths):
                rebuilder.notify()

    observer = Observer()
    handler = Handler()
    # The theme's folders too: in an editable install, editing the theme reloads the page.
    for folder in (config.content_path, config.layouts_path, config.assets_path, LAYOUTS, ASSETS):
        if folder.is_dir():
            observer.schedule(handler, str(folder), recursive=True)
    observer.schedule(handler, str(config.project_dir), recursive=False)  # minutes.yml
    observer.start()
    return observer


def serve(config: SiteConfig, host: str = "127.0.0.1", port: int = 8000) -> int:
    live = LiveState()
    stopping = threading.Event()
    rebuilder = Rebuilder(config.project_dir, config.output_dir, live)
    if not rebuilder.build_once() and not config.output_path.exists():
        print("nothing to serve yet: fix the errors above; the server will build again on save.", file=sys.stderr)
        config.output_path.mkdir(parents=True, exist_ok=True)
    handler = type("Handler", (DevHandler,), {"live": live, "stopping": stopping, "config": config})
    try:
        server = ThreadingHTTPServer((host, port), partial(handler, directory=str(config.output_path)))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"port {port} on {host} is in use; choose another with --port.", file=sys.stderr)
            return 1
        raise
    server.daemon_threads = True
    observer = watch(rebuilder, config)
    builder = threading.Thread(target=rebuilder.run, name="rebuilder", daemon=True)
    builder.start()

    def list_drafts() -> None:
        # The build knows them; when it failed, they are found by reading every meeting file.
        drafts = ([Draft(url, rel) for rel, url in sorted(rebuilder.report.draft_pages.items())]
                  if rebuilder.report else find_drafts(config))
        for draft in drafts:
            print(f"draft, previewed here only: http://{host}:{server.server_port}/{draft.url} ({draft.rel})", flush=True)

    try:  # from here on Ctrl-C stops cleanly
        print(f"serving {config.output_dir}/ at http://{host}:{server.server_port}/ (Ctrl-C stops)", flush=True)
        # Finding the drafts without a build reads every meeting file (seconds on a large
        # archive): the server answers meanwhile, and a save made then is built when noticed.
        threading.Thread(target=list_drafts, name="drafts", daemon=True).start()
        server.serve_forever()
    except KeyboardInterrupt:
        print("\nstopped.")
    finally:
        stopping.set()
        rebuilder.stopping.set()
        observer.stop()
        server.server_close()
        observer.join(timeout=5)
    return 0
