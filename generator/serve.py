"""`minutes serve`: build, then serve output/ on loopback. (Watching and live reload: issue 4.)"""

from __future__ import annotations

import errno
import functools
import sys
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from generator.config import SiteConfig
from generator.errors import BuildFailed, summarise
from generator.pipeline import build


def serve(config: SiteConfig, host: str = "127.0.0.1", port: int = 8000) -> int:
    try:
        report = build(config)
        print(f"built {config.output_dir}/: {report.summary()}")
    except BuildFailed as failed:
        for problem in failed.problems:
            print(problem.format(), file=sys.stderr)
        print(f"build failed: {summarise(failed.problems)}", file=sys.stderr)
        if not config.output_path.exists():
            return 1
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(config.output_path))
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"port {port} is in use; choose another with --port.", file=sys.stderr)
            return 1
        raise
    print(f"serving {config.output_dir}/ at http://{host}:{server.server_port}/ (Ctrl-C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
