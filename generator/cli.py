"""The `minutes` command: build, check, serve. Parses arguments, runs the pipeline, prints
problems as `file:line: message. hint`, and sets the exit code (0 fine, 1 content errors, 2 usage)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator.load.config import load_config
from generator.common.errors import BuildFailed, summarise
from generator.build.pipeline import build, check
from generator.build.progress import Progress
from generator.build.write import WriteError
from generator.load.accessibility import STATEMENT_PATH


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
    from generator.commands.audit import forget_audit

    forget_audit(config.output_path, config.language)  # this site has not been audited yet
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


def cmd_audit(args: argparse.Namespace) -> int:
    from generator.commands.audit import AuditUnavailable, audit, format_report, record_in_statement

    config = load_config(Path(args.project).resolve())
    site = Path(args.site).resolve() if args.site else config.output_path
    try:
        report = audit(config, site, vnu_jar=args.vnu_jar)
    except AuditUnavailable as exc:
        print(f"audit not run: {exc}.", file=sys.stderr)
        return 2
    print(format_report(report))
    if not args.no_record and record_in_statement(site, report, config.language):
        print(f"the result is written into {site.name}/{STATEMENT_PATH}.")
    if not report.ok:
        print("audit failed: fix the errors above before publishing.", file=sys.stderr)
        return 1
    print("audit passed.")
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
    audit_cmd = commands.add_parser(
        "audit", help="check a built site with axe-core (WCAG 2.1 A/AA) and the Nu HTML Checker",
        description="Runs axe-core in headless Chromium on one page of every kind and the Nu HTML Checker on every "
                    "page, prints a report by page kind, writes the result into the accessibility statement and "
                    "exits 1 on any violation (2 when a checker cannot run).")
    audit_cmd.add_argument("--site", default=None, help="the built site (default: the output folder)")
    audit_cmd.add_argument("--vnu-jar", default=None, help="path to vnu.jar (default: $VNU_JAR or .cache/vnu/...)")
    audit_cmd.add_argument("--no-record", action="store_true", help="leave the accessibility statement as built")
    audit_cmd.set_defaults(run=cmd_audit)
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
