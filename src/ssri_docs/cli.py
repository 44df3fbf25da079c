"""The ``ssri-docs`` command: argument parsing, messages and exit statuses only.

Every expected problem (bad source, bad option, missing tool) is a UserError: the
user sees one clear message and exit status 2, never a traceback. Anything else that
escapes a command (an InternalError, or any other exception) is a fault in ssri-docs:
the traceback is printed with a request for a bug report, and the exit status is 70
(EX_SOFTWARE from BSD's sysexits.h), so scripts and CI can tell the two apart.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import os
import signal
import sys
import traceback
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from . import __version__, arguments
from .errors import InternalError, UserError
from .formats import FORMAT_NAMES, READ_ALOUD
from .products import BuildOptions
from .reporting import Reporter
from .speech import ENGINES
from .writers.pdf import PAPER_NAMES

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
EXIT_INTERNAL = 70  # EX_SOFTWARE: a fault in ssri-docs, not in the user's files
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ssri-docs",
        description="Build accessible health information (large-print web page, print PDF, "
        "EPUB and audio) from one source file per article.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    build = commands.add_parser(
        "build", help="build output/ from source/", description="Build articles into output/."
    )
    arguments.add_source_files(build, "build")
    build.add_argument(
        "--source",
        type=Path,
        default=Path("source"),
        metavar="DIR",
        help="folder with the articles and site.yaml (default: source/)",
    )
    build.add_argument(
        "--out",
        type=Path,
        default=Path("output"),
        metavar="DIR",
        help="where to write the built files (default: output/)",
    )
    build.add_argument(
        "--format",
        type=arguments.formats,
        default=FORMAT_NAMES,
        metavar="LIST",
        help=f"comma-separated formats to build: {','.join(FORMAT_NAMES)} (default: all)",
    )
    build.add_argument(
        "--paper",
        choices=PAPER_NAMES,
        default="a4",
        help="paper size of the print PDF (default: a4)",
    )
    build.add_argument(
        "--print-marks",
        action="store_true",
        help="add 3 mm bleed and crop marks to the PDF for a print shop",
    )
    build.add_argument(
        "--booklet",
        action="store_true",
        help="with --paper a5, also write <slug>-booklet.pdf: the pages imposed two to "
        "an A4 sheet side, to print on both sides (short edge), fold and staple",
    )
    build.add_argument(
        "--tts",
        choices=ENGINES,
        default=None,
        help="speech engine for the audio (default: site.yaml's, normally auto: "
        "Google's voice when reachable, else hibari, else espeak)",
    )
    build.add_argument(
        "--voice",
        type=Path,
        default=None,
        metavar="FILE",
        help="voice file (.onnx) for --tts piper",
    )
    build.add_argument(
        "--no-read-aloud",
        action="store_true",
        help="do not build the read-aloud e-book (the text-only EPUB is still built)",
    )
    arguments.add_scheduling_options(build)
    arguments.add_cache_folder(build, "where synthesised speech is cached")
    arguments.add_review_options(build)
    arguments.add_verbosity(build)

    lint = commands.add_parser(
        "lint",
        help="check every source and site.yaml without building",
        description="Check site.yaml and every article (or the SOURCE files given) and "
        "report every problem in every file: file, line and what to do.",
    )
    arguments.add_source_files(lint, "check")
    arguments.add_source_folder(lint, "folder with the articles and site.yaml")
    arguments.add_review_options(lint)
    arguments.add_verbosity(lint)

    new = commands.add_parser(
        "new",
        help="start a new article from a commented template",
        description="Write source/SLUG.md from a template that explains every detail.",
    )
    new.add_argument("slug", metavar="SLUG", help="the article's slug, e.g. sleep-and-ocd")
    arguments.add_source_folder(new, "folder to write the new source file into")
    arguments.add_verbosity(new)

    importer = commands.add_parser(
        "import",
        help="turn WordPress pages into source files",
        description="Convert WordPress pages or posts into source files in source/: a REST "
        "API page (JSON file or URL), a list of pages from the REST API, or a WordPress "
        "export file (Tools > Export, .xml).",
    )
    importer.add_argument(
        "location",
        metavar="FILE_OR_URL",
        help="a saved WordPress REST API JSON file (one page or a list), its URL, "
        "or a WordPress export (.xml) file",
    )
    importer.add_argument(
        "--source",
        type=Path,
        default=Path("source"),
        metavar="DIR",
        help="folder to write the source files into (default: source/)",
    )
    importer.add_argument(
        "--slug",
        action="append",
        default=[],
        metavar="SLUG",
        help="import only the page with this slug (repeat for more pages)",
    )
    importer.add_argument(
        "--language",
        default=None,
        metavar="TAG",
        help="the language of pages that do not name theirs, e.g. en-GB (the default)",
    )
    importer.add_argument(
        "--force",
        action="store_true",
        help="overwrite source files that differ from the import (edits in them are lost)",
    )
    arguments.add_verbosity(importer)

    check = commands.add_parser(
        "check",
        help="run every conformance check on built files",
        description="Check the built files in OUTPUT_DIR against the accessibility and "
        "content-parity rules.",
    )
    check.add_argument(
        "out",
        nargs="?",
        type=Path,
        default=Path("output"),
        metavar="OUTPUT_DIR",
        help="the folder the build wrote (default: output/)",
    )
    check.add_argument(
        "--source",
        type=Path,
        default=Path("source"),
        metavar="DIR",
        help="folder with the articles the outputs were built from (default: source/)",
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="fail when a validator is not installed instead of skipping it",
    )
    arguments.add_verbosity(check)

    index = commands.add_parser(
        "index",
        help="merge built output folders into one downloads page",
        description="Merge the articles of every OUTPUT_DIR (say, one per CI shard of "
        "'build --shard') into the first or --out, and write its downloads page.",
    )
    index.add_argument("folders", nargs="+", type=Path, metavar="OUTPUT_DIR")
    index.add_argument(
        "--out",
        type=Path,
        default=None,
        metavar="DIR",
        help="write the merged output here (default: the first OUTPUT_DIR)",
    )
    arguments.add_today(index, "mark overdue reviews as on this date")
    arguments.add_verbosity(index)

    cache = commands.add_parser("cache", help="show or empty the speech cache")
    action = cache.add_mutually_exclusive_group(required=True)
    action.add_argument("--info", action="store_true", help="print its entries, size and limit")
    action.add_argument("--clear", action="store_true", help="delete every cached entry")
    arguments.add_cache_folder(cache, "the folder ssri-docs build --cache used")
    arguments.add_verbosity(cache)
    return parser


def _run_build(args: argparse.Namespace, reporter: Reporter) -> int:
    from .build_request import BuildRequest
    from .up_to_date import articles_to_build

    if args.voice is not None and args.tts not in (None, "piper"):
        raise UserError(
            "--voice is only used with --tts piper", hint="add --tts piper, or leave out --voice."
        )
    if args.booklet and (args.paper != "a5" or args.print_marks):
        raise UserError(
            "--booklet imposes A5 pages on A4 sheets: it needs --paper a5, without --print-marks",
            hint="build with --paper a5 --booklet; a print shop that wants bleed and crop "
            "marks imposes the A5 file itself.",
        )
    options = BuildOptions(
        paper=args.paper,
        print_marks=args.print_marks,
        booklet=args.booklet,
        tts=args.tts,
        voice=args.voice,
        cache_dir=args.cache,
    )
    formats = tuple(name for name in args.format if not (args.no_read_aloud and name == READ_ALOUD))
    if not formats:
        raise UserError(
            "--no-read-aloud leaves no format to build",
            hint="leave out --no-read-aloud, or choose other formats with --format.",
        )
    request = BuildRequest(
        sources=tuple(args.sources),
        source_dir=args.source,
        out_dir=args.out,
        formats=formats,
        options=options,
        today=args.today,
        fail_on_overdue=args.fail_on_overdue,
        force=args.force,
        jobs=args.jobs,
        shard=args.shard,
    )
    # A no-op build reads no source and loads no writer (nor the Markdown reader)
    checked = articles_to_build(request, reporter)
    if checked.pending:
        from .article_jobs import warm_up

        # the workers or the recording process start while this one reads the sources
        warm_up(formats, request.jobs, checked.pending)
        from .build import build

        build(request, reporter, checked=checked)
    return EXIT_OK


def _run_index(args: argparse.Namespace, reporter: Reporter) -> int:
    from .merge import merge_outputs

    merge_outputs(list(args.folders), args.out, reporter, today=args.today)
    return EXIT_OK


def _run_import(args: argparse.Namespace, reporter: Reporter) -> int:
    from .importers.wordpress import convert_page, settings_for_site
    from .importers.wordpress.library import (
        OVERWRITE_LOSS,
        Outcome,
        import_library,
        load_pages,
        write_source,
    )
    from .source import LANGUAGE_PATTERN, SITE_FILE, load_site

    if args.language is not None and not LANGUAGE_PATTERN.match(args.language):
        raise UserError(
            f"--language {args.language!r} is not a language code",
            hint="give a BCP 47 code such as en-GB, cy or zh-Hant.",
        )
    site_file = args.source / SITE_FILE
    site = load_site(site_file) if site_file.exists() else None
    settings = settings_for_site(site, args.language)
    pages = load_pages(args.location)
    if not pages.collection and not args.slug:
        # one page: its problems are errors (exit 2), as they always were
        outcome = write_source(convert_page(pages.records[0], settings), args.source, args.force)
        if outcome.changed:
            raise UserError(
                f"the source file already exists and differs from this import "
                f"({outcome.changed} would change)",
                path=args.source / f"{outcome.name}.md",
                hint=f"add --force to overwrite it ({OVERWRITE_LOSS}).",
            )
        for warning in outcome.warnings:
            reporter.warning(warning)
        reporter.info(outcome.message)
        return EXIT_OK

    def report(outcome: Outcome) -> None:
        reporter.info(f"{outcome.status} {outcome.name}: {outcome.message}")
        for warning in outcome.warnings:
            reporter.warning(f"{outcome.name}: {warning}")

    tally = import_library(
        pages, args.source, settings, slugs=args.slug, force=args.force, report=report
    )
    reporter.info(tally.summary(pages.where))
    refused = any(outcome.changed for outcome in tally.outcomes)
    return EXIT_USAGE if tally.count("failed") or refused else EXIT_OK


def _run_lint(args: argparse.Namespace, reporter: Reporter) -> int:
    from .build_request import BuildRequest, resolve_sources
    from .lint import lint, neighbours_of

    request = BuildRequest(tuple(args.sources), args.source, Path("output"), (), BuildOptions())
    paths, site_path = resolve_sources(request)
    lint(
        paths,
        site_path,
        reporter,
        today=args.today or date.today(),
        fail_on_overdue=args.fail_on_overdue,
        neighbours=neighbours_of(paths) if args.sources else None,
    )
    return EXIT_OK


def _run_new(args: argparse.Namespace, reporter: Reporter) -> int:
    from .template_source import new_source

    target = new_source(args.slug, args.source)
    reporter.info(f"wrote {target}: replace each 'FILL IN', then run 'ssri-docs lint'")
    return EXIT_OK


def _run_check(args: argparse.Namespace, reporter: Reporter) -> int:
    from .checks.conformance import run_checks

    return (
        EXIT_OK
        if run_checks(args.out, args.source, strict=args.strict, reporter=reporter)
        else EXIT_FAILED
    )


def _run_cache(args: argparse.Namespace, reporter: Reporter) -> int:
    from .speech.cache_folder import DEFAULT_CACHE_LIMIT, cache_command

    return cache_command(
        args.cache, clear_it=args.clear, max_bytes=DEFAULT_CACHE_LIMIT, reporter=reporter
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status.

    0 done; 1 a check failed; 2 the user's mistake (argparse uses 2 too); 70 a fault
    in ssri-docs; 130 interrupted.
    """
    args = _parser().parse_args(argv)
    reporter = Reporter(quiet=args.quiet, verbose=args.verbose)
    runners = {
        "build": _run_build,
        "lint": _run_lint,
        "new": _run_new,
        "import": _run_import,
        "check": _run_check,
        "cache": _run_cache,
        "index": _run_index,
    }
    try:
        return runners[args.command](args, reporter)
    except UserError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("interrupted: nothing more was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # InternalError, or any fault nobody foresaw
        _report_internal_error(error)
        return EXIT_INTERNAL


def run() -> None:
    """The ``ssri-docs`` command: :func:`main`, then exit skipping Python's teardown.

    Python's teardown frees WeasyPrint's objects one by one: 0.14 s of every build
    with a PDF. So the last step of the normal shutdown (threads joined, ``atexit``
    handlers run, pools shut down) flushes the streams and ends the process at once
    (registered first, it runs last). An interrupted build skips even those steps.
    """
    status = [1]
    atexit.register(_exit_now, status)
    # SIGTERM (kill, a CI runner's timeout) stops a build as Ctrl-C does: exit 130
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        status[0] = main()
    except SystemExit as stop:  # argparse's usage errors (2), --help and --version (0)
        code = stop.code
        status[0] = code if isinstance(code, int) else 0 if code is None else 1
        raise
    if status[0] == EXIT_INTERRUPTED:  # cleaned up; a pool whose worker was killed
        _exit_now(status)  # mid-result would wait at exit for ever for the rest of it
    sys.exit(status[0])


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _exit_now(status: list[int]) -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe (ssri-docs | head)
            stream.flush()
    os._exit(status[0])


def _report_internal_error(error: Exception) -> None:
    """Print the traceback (unless the faults were listed), the error, a bug-report request."""
    if not getattr(error, "listed", False):
        traceback.print_exception(error, file=sys.stderr)
    what = str(error) if isinstance(error, InternalError) else f"{type(error).__name__}: {error}"
    print(
        f"internal error: {what}\n"
        "  This is a fault in ssri-docs, not in your files or set-up. Please report it to "
        "the ssri-docs developers with the command you ran and everything printed above.",
        file=sys.stderr,
    )
