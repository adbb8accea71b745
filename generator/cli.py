"""The `minutes` command: build, check, serve. Parses arguments, runs the pipeline, prints
problems as `file:line: message. hint`, and sets the exit code (0 fine, 1 content errors, 2 usage)."""

from __future__ import annotations

import argparse
import gc
import os
import re
import sys
from pathlib import Path
from typing import NoReturn

from generator.common.i18n import available_languages
from generator.load.config import CONFIG_FILE, load_config
from generator.common.errors import BuildFailed, InternalError, format_problems, summarise
from generator.common.messages import cli_text, count, message_language, translate
from generator.build.pipeline import build, check
from generator.build.progress import Progress
from generator.build.write import WriteError


def _print_problems(problems, language: str = "en", every_place: bool = False) -> None:
    for line in format_problems(problems, language, every_place):
        print(line, file=sys.stderr)


def cmd_build(args: argparse.Namespace) -> int:
    config = load_config(Path(args.project).resolve(), output_dir=args.output)
    language = message_language(config.language)
    try:
        report = build(config, jobs=args.jobs, use_cache=not args.no_cache, progress=Progress())
    except BuildFailed as failed:
        _print_problems(failed.problems, language, args.every_place)
        print(cli_text("build_failed", language, summary=summarise(failed.problems, language),
                       output=config.output_dir), file=sys.stderr)
        return 1
    except WriteError as exc:
        print(f"build failed: {exc}", file=sys.stderr)
        return 1
    _print_problems(report.problems, language, args.every_place)
    from generator.commands.audit import forget_audit

    forget_audit(config.output_path, config.language, config.paths.statement_page)  # not audited yet
    print(cli_text("built", language, output=config.output_dir, summary=report.summary(language)))
    return 0


# Set by run(): this process ends with the command (main() called from Python goes on after it).
_process_ends_with_command = False


def cmd_check(args: argparse.Namespace) -> int:
    if _process_ends_with_command:
        # The check makes the archive's model once and ends with it; the model forms no cycles
        # worth finding, and each collection of the older generations walked all of it: 2.4 s of
        # this process's time at 10,000 meetings, beside two busy workers (which collect each
        # meeting's leftovers themselves, workers.check_meeting).
        gc.disable()
    config = load_config(Path(args.project).resolve())
    language = message_language(config.language)
    report = check(config)
    _print_problems(report.problems, language, args.every_place)
    if report.errors:
        print(cli_text("check_failed", language, summary=summarise(report.problems, language)), file=sys.stderr)
        return 1
    for rel in report.drafts:
        print(cli_text("draft_line", language, file=rel))
    warnings = len(report.problems)
    meetings = len(report.archive.meetings) if report.archive else 0
    drafts = f", {count('drafts', len(report.drafts), language)}" if report.drafts else ""
    print(cli_text("check_passed", language, meetings=count("meetings", meetings, language) + drafts,
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


def cmd_import(args: argparse.Namespace) -> int:
    from generator.commands.importdocx import ImportError_, import_docx

    config = load_config(Path(args.project).resolve())
    try:
        result = import_docx(config, Path(args.file), body=args.body, date=args.date)
    except ImportError_ as exc:
        print(f"minutes import: {exc}", file=sys.stderr)
        return 1
    for note in result.unplaced:
        print(f"{args.file}: {note}", file=sys.stderr)
    print(result.path.relative_to(config.project_dir))
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
    if not args.no_record and record_in_statement(site, report, config.language, config.paths.statement_page):
        print(f"the result is written into {site.name}/{config.paths.statement_page}.")
    if not report.ok:
        print("audit failed: fix the errors above before publishing.", file=sys.stderr)
        return 1
    print("audit passed.")
    return 0


def parser() -> argparse.ArgumentParser:
    from generator.commands.init import scaffold_languages

    root = argparse.ArgumentParser(prog="minutes", description="Build a static archive of meeting minutes.")
    root.add_argument("--project", default=".", help="the project folder (with minutes.yml and content/)")
    commands = root.add_subparsers(dest="command", required=True, metavar="command")

    def command(name: str, summary: str, description: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=summary, description=description)

    build_cmd = command("build", "build the site into output/",
                        "Check the content, then build the site into output/. On any content error it prints "
                        "file:line: message, exits 1 and leaves output/ as it was. Drafts (status: utkast) are "
                        "never written.")
    build_cmd.add_argument("--output", default=None, help="output folder (default: output)")
    build_cmd.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    build_cmd.add_argument("--no-cache", action="store_true", help="ignore and do not update .cache/")
    build_cmd.add_argument("--every-place", action="store_true", help="print every place of a warning repeated at many places (by default the first, then a count and the next few)")
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
    check_cmd = command("check", "validate the content without writing anything",
                        "Validate every file (front matter, items, action tables, names, attachments) and "
                        "print each problem as file:line: message; write nothing. Exits 1 on errors; "
                        "warnings do not fail the check.")
    check_cmd.add_argument("--every-place", action="store_true", help="print every place of a warning repeated at many places (by default the first, then a count and the next few)")
    check_cmd.set_defaults(run=cmd_check)
    serve_cmd = command("serve", "build, serve on loopback, rebuild on changes, reload pages",
                        "Build the site, serve it on this machine and rebuild on every saved change; open "
                        "pages reload by themselves. Drafts (status: utkast) are shown with a draft banner "
                        "for previewing, never written to output/. A broken file shows as an overlay while "
                        "the last good site stays up.")
    serve_cmd.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    serve_cmd.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve_cmd.add_argument("--output", default=None, help="output folder to build into and serve (default: output)")
    serve_cmd.set_defaults(run=cmd_serve)
    new_cmd = command("new", "write a new meeting file for a body, pre-filled from its members",
                      "Write content/<body>/<date>.md as a draft (status: utkast), pre-filled with the body's "
                      "members and usual place, and print its path. Never overwrites a file.")
    new_cmd.add_argument("body", help="the body's folder name, e.g. umearegionen-kc")
    new_cmd.add_argument("date", help="the meeting's date, YYYY-MM-DD")
    new_cmd.set_defaults(run=cmd_new)
    import_cmd = command("import", "turn a Word document (.docx) into a draft meeting file",
                         "Read minutes written in Word (.docx) and write them as a draft meeting file "
                         "(status: utkast) in the body's folder: date, times, place, participants by role, "
                         "items, decisions and action tables. Prints every part it could not place, with "
                         "the Word paragraph it came from. Never overwrites a file.")
    import_cmd.add_argument("file", help="the Word document, e.g. protokoll.docx")
    import_cmd.add_argument("--body", default=None,
                            help="the body's folder name (default: the only body, or the one the document names)")
    import_cmd.add_argument("--date", default=None, help="the meeting's date, YYYY-MM-DD, when the document has none")
    import_cmd.set_defaults(run=cmd_import)
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


def run() -> NoReturn:
    """The `minutes` command: main(), then an exit that skips tearing the interpreter down. A build
    ends holding the objects of its ledger and index by the hundred thousand, and freeing them one
    by one took 50 to 65 ms of a 0.65 s rebuild of 10,000 meetings, for a process that is ending
    anyway. Every file the build wrote is closed by then; the standard streams are flushed here."""
    global _process_ends_with_command
    _process_ends_with_command = True
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError):  # a reader that went away (| head) ends nothing here
            pass
    os._exit(code)
