"""The `minutes` command: build, check, serve. Parses arguments, runs the pipeline, prints
problems as `file:line: message. hint`, and sets the exit code (0 fine, 1 content errors, 2 usage)."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from generator.common.i18n import available_languages
from generator.load.config import CONFIG_FILE, load_config
from generator.common.errors import BuildFailed, summarise
from generator.common.messages import cli_text, count, message_language, translate
from generator.build.pipeline import build, check
from generator.build.progress import Progress
from generator.build.write import WriteError


def _print_problems(problems, language: str = "en") -> None:
    for problem in problems:
        print(problem.format(language), file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    config = load_config(Path(args.project).resolve(), output_dir=args.output)
    language = message_language(config.language)
    try:
        report = build(config, jobs=args.jobs, use_cache=not args.no_cache, progress=Progress())
    except BuildFailed as failed:
        _print_problems(failed.problems, language)
        print(cli_text("build_failed", language, summary=summarise(failed.problems, language),
                       output=config.output_dir), file=sys.stderr)
        return 1
    except WriteError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    _print_problems(report.problems, language)
    print(cli_text("built", language, output=config.output_dir, summary=report.summary(language)))
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    config = load_config(Path(args.project).resolve())
    language = message_language(config.language)
    report = check(config)
    _print_problems(report.problems, language)
    if report.errors:
        print(cli_text("check_failed", language, summary=summarise(report.problems, language)), file=sys.stderr)
        return 1
    warnings = len(report.problems)
    meetings = len(report.archive.meetings) if report.archive else 0
    print(cli_text("check_passed", language, meetings=count("meetings", meetings, language),
                   warnings=f", {count('warnings', warnings, language)}" if warnings else ""))
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
        print(f"minutes new: {translate(str(exc), message_language(config.language))}", file=sys.stderr)
        return 1
    print(path.relative_to(config.project_dir))
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    from generator.commands.init import InitError, init_project

    target = Path(args.directory if args.directory is not None else args.project)
    try:
        made = init_project(target, args.language)
    except InitError as exc:
        print(f"minutes init: {exc}", file=sys.stderr)
        return 1
    for path in made.files:
        print(path)
    where = "" if target.resolve() == Path.cwd().resolve() else f"cd {target} && "
    print("\n" + cli_text("init_done", message_language(args.language), folder=str(target),
                           command=f"{where}minutes serve"))
    return 0


def parser() -> argparse.ArgumentParser:
    from generator.commands.init import scaffold_languages

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
    init_cmd = commands.add_parser("init", help="start a new archive: config, one body, one meeting, CI workflows",
                                   description="Write a new archive that builds at once into DIR (default: the "
                                               "project folder); never overwrites an existing file.")
    init_cmd.add_argument("directory", nargs="?", default=None, metavar="DIR", help="the new archive's folder")
    init_cmd.add_argument("--language", default="sv", choices=scaffold_languages(),
                          help="the language of the interface and the sample content (default: sv)")
    init_cmd.set_defaults(run=cmd_init)
    return root


def _configured_language(project: Path) -> str:
    """The `language:` line of a minutes.yml that could not be read as a whole, so that its
    problems are told in the site's language all the same."""
    try:
        text = (project / CONFIG_FILE).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return "en"
    match = re.search(r"^language:\s*[\"']?(\w+)", text, re.MULTILINE)
    return match.group(1) if match and match.group(1) in available_languages() else "en"


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except BuildFailed as failed:  # a broken minutes.yml
        _print_problems(failed.problems, message_language(_configured_language(Path(args.project))))
        return 1
    except KeyboardInterrupt:
        return 130
