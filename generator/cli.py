"""The `minutes` command: build, check, serve. Parses arguments, runs the pipeline, prints
problems as `file:line: message. hint`, and sets the exit code (0 fine, 1 content errors, 2 usage)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.load.config import load_config
from generator.common.errors import BuildFailed, InternalError, summarise
from generator.build.pipeline import build, check
from generator.build.progress import Progress
from generator.build.write import WriteError


def _print_problems(problems) -> None:
    for problem in problems:
        print(problem.format(), file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    config = load_config(Path(args.project).resolve(), output_dir=args.output)
    try:
        report = build(config, jobs=args.jobs, use_cache=not args.no_cache, progress=Progress())
    except BuildFailed as failed:
        _print_problems(failed.problems)
        print(f"build failed: {summarise(failed.problems)}; {config.output_dir}/ was not changed.", file=sys.stderr)
        return 1
    except WriteError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    _print_problems(report.problems)
    print(f"built {config.output_dir}/: {report.summary()}")
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    config = load_config(Path(args.project).resolve())
    report = check(config)
    _print_problems(report.problems)
    if report.errors:
        print(f"check failed: {summarise(report.problems)}.", file=sys.stderr)
        return 1
    warnings = len(report.problems)
    print(f"check passed: {len(report.archive.meetings) if report.archive else 0} meetings"
          + (f", {warnings} warning(s)" if warnings else "") + ".")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.commands.serve import serve

    config = load_config(Path(args.project).resolve(), output_dir=args.output)
    return serve(config, host=args.host, port=args.port)


def cmd_new(args: argparse.Namespace) -> int:
    from generator.commands.new import NewMeetingError, new_meeting

    config = load_config(Path(args.project).resolve())
    try:
        path = new_meeting(config, args.body, args.date)
    except NewMeetingError as exc:
        print(f"minutes new: {exc}", file=sys.stderr)
        return 1
    print(path.relative_to(config.project_dir))
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="minutes", description="Build a static archive of meeting minutes.")
    root.add_argument("--project", default=".", help="the project folder (with minutes.yml and content/)")
    commands = root.add_subparsers(dest="command", required=True)
    build_cmd = commands.add_parser("build", help="build the site into output/")
    build_cmd.add_argument("--output", default=None, help="output folder (default: output)")
    build_cmd.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    build_cmd.add_argument("--no-cache", action="store_true", help="ignore and do not update .cache/")
    build_cmd.set_defaults(run=cmd_build)
    check_cmd = commands.add_parser("check", help="validate the content without writing anything")
    check_cmd.set_defaults(run=cmd_check)
    serve_cmd = commands.add_parser("serve", help="build, serve on loopback, rebuild on changes, reload pages")
    serve_cmd.add_argument("--host", default="127.0.0.1")
    serve_cmd.add_argument("--port", type=int, default=8000)
    serve_cmd.add_argument("--output", default=None)
    serve_cmd.set_defaults(run=cmd_serve)
    new_cmd = commands.add_parser("new", help="write a new meeting file for a body, pre-filled from its members")
    new_cmd.add_argument("body", help="the body's slug, e.g. umearegionen-kc")
    new_cmd.add_argument("date", help="the meeting's date, YYYY-MM-DD")
    new_cmd.set_defaults(run=cmd_new)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except BuildFailed as failed:  # a broken minutes.yml
        _print_problems(failed.problems)
        return 1
    except KeyboardInterrupt:
        return 130
    except OSError as exc:  # a full disk, a folder without write permission
        print(f"minutes {args.command}: {exc}", file=sys.stderr)
        return 1
    except InternalError as exc:
        print(f"minutes {args.command}: {exc}", file=sys.stderr)
        return 2
    except Exception as exc:  # a bug with no file to name: still a message, never a traceback
        print(f"minutes {args.command}: internal error: {type(exc).__name__}: {exc}. This is a bug in minutes, "
              "not in your content; please report it.", file=sys.stderr)
        return 2
