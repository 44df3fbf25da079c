"""``ssri-docs check``: run the check table on the built files, one line per result.

The checks themselves live beside their validators in the format folders and are put
in order by ``table.py``. This module runs them: it takes care of files that were not
built, validators that are not installed (``ToolMissing`` -> SKIPPED, or a failure
with ``--strict``), validators that ran but gave no usable report (``ValidatorFailed``
and rules a validator could not run -> NOT_RUN, a failure with ``--strict`` unless a
known upstream fault that a check of our own covers), files that crash a validator,
printing, and the reports.

Speed: EPUBCheck, Ace and the Nu Html Checker each run once per file, in their own
processes at the same time (``Kind.SUBPROCESS``); all axe-core runs share one Chromium.
Checks that run inside this process go first, so that the offline voice, which forks a
child per sentence, forks before any thread or browser of this run exists (the children
only synthesise and write to a pipe, so the next article's forks are safe as well).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

from ..errors import UserError
from ..manifests import file_digests, write_downloads_page
from ..model import Article
from ..publish import OutputLock
from ..reporting import Reporter
from ..source import SITE_FILE, find_articles, load_sources
from . import readback
from .check import Check, Job, Kind, Session, Target
from .report import HTML_NAME, JSON_NAME, Report, report_html, report_json
from .results import FAIL, NOT_RUN, PASS, SKIPPED, CheckResult, ToolMissing, ValidatorFailed
from .table import CHECKS

DOWNLOADS_PAGE = "index.html"
LINE_WORDS = {PASS: "PASS", FAIL: "FAIL", NOT_RUN: "COULD NOT RUN", SKIPPED: "SKIP"}


def run_checks(
    out_dir: Path,
    source_dir: Path,
    *,
    strict: bool,
    reporter: Reporter,
    checks: Sequence[Check] = CHECKS,
) -> bool:
    """Run ``checks`` on every built article in ``out_dir``; True when all passed.

    Prints one line per check result on stdout (failures even with --quiet) and writes
    ``conformance.json`` and ``conformance.html`` into each article's folder.
    """
    articles = built_articles(out_dir, source_dir, reporter)
    # A build swapping an article folder mid-check would strand its report: one at a time.
    with OutputLock(out_dir, reporter):
        printer = _LinePrinter(reporter)
        all_passed = True
        downloads_results: list[CheckResult] = []
        with ThreadPoolExecutor(max_workers=3) as pool, Session() as session:
            for index, article in enumerate(articles):
                reporter.info(f"{article.title} ({article.slug}): checking")
                digests = file_digests(out_dir / article.slug)
                results = check_article(
                    article,
                    out_dir,
                    checks,
                    session=session,
                    pool=pool,
                    strict=strict,
                    include_downloads_page=index == 0,
                    on_result=printer.print,
                )
                if index == 0:
                    downloads_results = [r for r in results if r.target == _downloads_label()]
                else:  # the downloads page was checked once; every report lists it
                    results += downloads_results
                report = Report(article, tuple(results), strict, digests)
                _write_reports(out_dir / article.slug, report, out_dir)
                counts = report.counts
                reporter.info(
                    f"{article.slug}: {counts[PASS]} passed, {counts[FAIL]} failed, "
                    f"{counts[NOT_RUN]} could not run, {counts[SKIPPED]} skipped; "
                    f"report: {out_dir / article.slug / HTML_NAME}"
                )
                all_passed = all_passed and report.status == PASS
        write_downloads_page(out_dir, reporter)  # it shows each article's result
    return all_passed


def built_articles(out_dir: Path, source_dir: Path, reporter: Reporter) -> list[Article]:
    """The source folder's articles that have a built folder in ``out_dir``."""
    build_first = "run 'ssri-docs build' first, or give the folder it wrote as OUTPUT_DIR."
    if not out_dir.is_dir():
        raise UserError("there is no built output to check", path=out_dir, hint=build_first)
    if not source_dir.is_dir():
        raise UserError(
            "the source folder does not exist",
            path=source_dir,
            hint="run the command from the project folder, or pass --source.",
        )
    articles = load_sources(find_articles(source_dir), source_dir / SITE_FILE)
    built = [article for article in articles if (out_dir / article.slug).is_dir()]
    for article in articles:
        if not (out_dir / article.slug).is_dir():
            reporter.warning(f"{article.slug} has not been built in {out_dir}: not checked")
    if not built:
        raise UserError(
            "no article from the source folder has been built in this output folder",
            path=out_dir,
            hint=build_first,
        )
    return built


def check_article(
    article: Article,
    out_dir: Path,
    checks: Sequence[Check],
    *,
    session: Session,
    pool: ThreadPoolExecutor,
    strict: bool,
    include_downloads_page: bool,
    on_result: Callable[[CheckResult], None] = lambda result: None,
) -> list[CheckResult]:
    """Run every check on one article's files; results come back in the order of ``checks``,
    and ``on_result`` sees each as soon as it and every check before it are done."""
    jobs = [
        Job(article, _targets(check, article, out_dir, include_downloads_page), session)
        for check in checks
    ]
    ordered: list[list[CheckResult] | Future | None] = [None] * len(checks)

    def run(position: int) -> list[CheckResult]:
        return _run_one(checks[position], jobs[position], out_dir, strict)

    for kind in (Kind.IN_PROCESS, Kind.SUBPROCESS, Kind.BROWSER):
        for position, check in enumerate(checks):
            if check.kind is not kind:
                continue
            if kind is Kind.SUBPROCESS:
                ordered[position] = pool.submit(run, position)
            else:
                ordered[position] = run(position)
    results: list[CheckResult] = []
    for outcome in ordered:
        found = outcome.result() if isinstance(outcome, Future) else outcome
        for result in found or []:
            on_result(result)
            results.append(result)
    return results


def _run_one(check: Check, job: Job, out_dir: Path, strict: bool) -> list[CheckResult]:
    absent = [target for target in job.targets if not target.path.is_file()]
    if absent:
        return [_not_built(check, target, out_dir) for target in job.targets if target in absent]
    try:
        return [_strictly(result, strict) for result in check.run(job)]
    except ToolMissing as missing:
        return [_tool_missing(check, target, missing, strict) for target in job.targets]
    except ValidatorFailed as error:
        summary = error.message + (f" ({error.hint})" if error.hint else "")
        return [
            _strictly(CheckResult(check.name, target.label, NOT_RUN, summary), strict)
            for target in job.targets
        ]
    except UserError as error:
        summary = error.message + (f" ({error.hint})" if error.hint else "")
        return [CheckResult(check.name, target.label, FAIL, summary) for target in job.targets]
    except Exception as error:  # a damaged file can crash any reader: the file fails
        summary = f"could not be checked: {type(error).__name__}: {error}"
        return [CheckResult(check.name, target.label, FAIL, summary) for target in job.targets]


def _targets(
    check: Check, article: Article, out_dir: Path, include_downloads_page: bool
) -> tuple[Target, ...]:
    if check.file is None:
        path = readback.output_path(out_dir, article.slug, check.fmt)
    else:
        path = out_dir / article.slug / check.file.name(article.slug)
    targets = [Target(path, path.name, check.fmt)]
    if check.downloads_page and include_downloads_page:
        targets.append(Target(out_dir / DOWNLOADS_PAGE, _downloads_label(), "downloads"))
    return tuple(targets)


def _downloads_label() -> str:
    return f"../{DOWNLOADS_PAGE}"


def _not_built(check: Check, target: Target, out_dir: Path) -> CheckResult:
    command = "ssri-docs build"
    if target.fmt != "downloads":
        command += f" --format {target.fmt}"
    if out_dir != Path("output"):
        command += f" --out {out_dir}"
    return CheckResult(
        check.name, target.label, FAIL, f"{target.label} was not built: run '{command}'"
    )


def _strictly(result: CheckResult, strict: bool) -> CheckResult:
    """With --strict, a check that could not run fails, unless what it would have
    checked is covered by a check of our own (a known upstream fault)."""
    if not strict or result.status != NOT_RUN or result.covered_by:
        return result
    return replace(result, status=FAIL, summary=result.summary + "; --strict makes this a failure")


def _tool_missing(check: Check, target: Target, missing: ToolMissing, strict: bool) -> CheckResult:
    summary = f"{missing.tool} is not installed (install: {missing.how})"
    if strict:
        summary += "; --strict makes this a failure"
    return CheckResult(check.name, target.label, FAIL if strict else SKIPPED, summary)


def _write_reports(folder: Path, report: Report, out_dir: Path) -> None:
    from ..build import publish
    from ..writers import OutputFile

    files = [
        OutputFile(JSON_NAME, report_json(report), "application/json", "Conformance results"),
        OutputFile(HTML_NAME, report_html(report), "text/html", "Conformance report"),
    ]
    publish(folder, files, out_dir)


class _LinePrinter:
    """One line per result on stdout; with --quiet only what needs attention."""

    def __init__(self, reporter: Reporter) -> None:
        self.quiet = reporter.quiet
        self.reporter = reporter

    def print(self, result: CheckResult) -> None:
        if self.quiet and result.status == PASS:
            return
        print(
            f"{LINE_WORDS[result.status]}  {result.check}  {result.target}: {result.summary}",
            flush=True,
        )
        for detail in result.details:
            self.reporter.detail(detail)
