"""``ssri-docs check``: every conformance check on the built files, one line each.

The checks are a registry (``CHECKS``): each names the check, the format of the file it
looks at, and a function that returns its results. To add one, write a function
``(job: Job) -> list[CheckResult]`` and append a ``Check`` to the registry; the runner
takes care of files that were not built, validators that are not installed
(``ToolMissing`` -> SKIPPED, or a failure with ``--strict``), files that crash a
validator, printing, and the reports.

Speed: EPUBCheck, Ace and the Nu Html Checker each run once per file, in their own
processes at the same time (``Kind.SUBPROCESS``); all axe-core runs share one Chromium.
Checks that run inside this process go first, so that the offline voice, which forks a
child per sentence, forks before any thread or browser of this run exists (the children
only synthesise and write to a pipe, so the next article's forks are safe as well).
"""

from __future__ import annotations

import enum
import importlib.util
import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlparse

from ..build import file_digests, write_downloads_page
from ..errors import UserError
from ..model import Article
from ..reporting import Reporter
from ..source import SITE_FILE, find_articles, load_sources
from . import readback
from .report import HTML_NAME, JSON_NAME, Report, report_html, report_json
from .results import FAIL, PASS, SKIPPED, CheckResult, ToolMissing

if TYPE_CHECKING:
    from .browser import Browser

DOWNLOADS_PAGE = "index.html"
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
COLOUR_SCHEMES = ("light", "dark")
LINE_WORDS = {PASS: "PASS", FAIL: "FAIL", SKIPPED: "SKIP"}
PDFUA_INSTALL = "pip install pdfua==0.1.3"
PDFUA_TIMEOUT = 120
# Where the disclaimer's first sentence is looked for: the start of its chapter
# (after the spoken heading and its pause).
DISCLAIMER_SEARCH_SECONDS = 6.0


class Kind(enum.Enum):
    IN_PROCESS = "in process"  # runs here, first, one after another
    SUBPROCESS = "subprocess"  # waits on an external program: runs alongside the others
    BROWSER = "browser"  # uses the run's one Chromium, from this thread


@dataclass(frozen=True)
class Target:
    """A built file a check looks at."""

    path: Path
    label: str  # as shown and linked from the report: relative to the article's folder
    fmt: str  # the format that makes it (html, pdf, epub, audio) or "downloads"


@dataclass(frozen=True)
class Job:
    """What one check gets: the article and the built files to look at."""

    article: Article
    targets: tuple[Target, ...]  # the article's file, then the downloads page if asked
    session: Session

    @property
    def target(self) -> Target:
        return self.targets[0]


CheckFunction = Callable[[Job], list[CheckResult]]


@dataclass(frozen=True)
class Check:
    name: str  # shown when the check cannot run, e.g. "EPUBCheck"
    fmt: str  # which of the article's files it checks: html, pdf, epub or audio
    run: CheckFunction
    kind: Kind = Kind.IN_PROCESS
    downloads_page: bool = False  # also check output/index.html (once per run)


@dataclass
class Session:
    """What the checks of one run share: one Chromium, started when first needed."""

    stack: ExitStack = field(default_factory=ExitStack)
    _browser: Browser | None = None
    _missing: ToolMissing | None = None

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stack.close()  # closes the browser, if one was started

    def browser(self) -> Browser:
        """The running browser; ToolMissing when it cannot run here."""
        if self._missing is not None:
            raise self._missing
        if self._browser is None:
            try:
                self._browser = self.stack.enter_context(_launch_browser())
            except ToolMissing as missing:
                self._missing = missing
                raise
        return self._browser


@contextmanager
def _launch_browser() -> Iterator[Browser]:
    # browser.py reports a missing Chromium, Playwright or axe-core as a UserError:
    # here each is a validator that is not installed.
    from .browser import axe_script_path, chromium_path, launch

    try:
        chromium_path()
    except UserError:
        raise ToolMissing(
            "Chromium (for axe-core)", "apt-get install chromium, or set CHROMIUM_PATH to it"
        ) from None
    if importlib.util.find_spec("playwright") is None:
        raise ToolMissing("Playwright (for axe-core)", "pip install playwright")
    if axe_script_path() is None:
        raise ToolMissing("axe-core", "npm ci (installs axe-core from package.json)")
    with launch() as browser:
        yield browser


# ---------------------------------------------------------------- the checks


def content_parity(job: Job) -> list[CheckResult]:
    """The disclaimer, every reference and the review dates, in the text read back."""
    from .parity import missing

    target = job.target
    text = readback.read_text(target.fmt, target.path)
    absent = missing(text, job.article, addresses=readback.address_style(target.fmt))
    if absent:
        summary = "missing " + ", ".join(item.what for item in absent)
    else:
        count = len(job.article.references)
        summary = f"the disclaimer, {count} references and both review dates are there"
    return [
        CheckResult(
            check="Content parity",
            target=target.label,
            status=FAIL if absent else PASS,
            summary=summary,
            details=tuple(f"{item.what}: {item.text!r}" for item in absent),
        )
    ]


def epubcheck(job: Job) -> list[CheckResult]:
    from .epubcheck import run_epubcheck

    return [run_epubcheck(job.target.path).result(job.target.label)]


def ace(job: Job) -> list[CheckResult]:
    from .ace import run_ace

    return [run_ace(job.target.path).result(job.target.label)]


def pdf_structure(job: Job) -> list[CheckResult]:
    """The PDF/UA-1 machine-checkable core, checked with pikepdf (see pdf_structure.py)."""
    from .pdf_structure import problems

    found = problems(job.target.path)
    return [
        CheckResult(
            check="PDF/UA structure",
            target=job.target.label,
            status=FAIL if found else PASS,
            summary=f"{len(found)} problems",
            details=tuple(found),
        )
    ]


def pdfua(job: Job) -> list[CheckResult]:
    """The ``pdfua`` checker's subset of PDF/UA-1 rules."""
    if importlib.util.find_spec("pdfua") is None:
        raise ToolMissing("pdfua", PDFUA_INSTALL)
    command = [sys.executable, "-m", "pdfua", "check", "--format", "json", str(job.target.path)]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=PDFUA_TIMEOUT, check=False
    )
    # Exit status 0-3 are "no findings" up to "errors"; 4 is an unreadable PDF.
    if completed.returncode not in (0, 1, 2, 3):
        raise UserError(
            f"pdfua could not check the file (exit status {completed.returncode})",
            hint=(completed.stderr or completed.stdout).strip()[-300:] or None,
        )
    data = json.loads(completed.stdout)
    findings = data.get("findings", [])
    # pdfua's empty-heading rule crashes on tagged WeasyPrint PDFs; a rule that could
    # not run is listed, but is not a finding about the file.
    not_run = data.get("skipped", [])
    details = [
        f"{item.get('rule_id')} ({item.get('severity')}, page {item.get('page')}): "
        f"{item.get('message')}"
        for item in findings
    ]
    details += [f"not run: {item.get('rule_id')}: {item.get('reason')}" for item in not_run]
    rules_run = data.get("summary", {}).get("rules_run", "?")
    return [
        CheckResult(
            check="pdfua",
            target=job.target.label,
            status=FAIL if findings else PASS,
            summary=f"{len(findings)} findings from {rules_run} rules "
            f"({len(not_run)} could not run)",
            details=tuple(details),
        )
    ]


def audio_chapters(job: Job) -> list[CheckResult]:
    """The MP3 decodes, its chapters cover it without gaps, and the Disclaimer and
    References chapters last more than a second."""
    from .audio_checks import MIN_SECTION_SECONDS, chapter_problems, chapters

    found = chapter_problems(job.target.path)  # decodes the whole file
    if found:
        summary = f"{len(found)} problems with the chapters"
    else:
        marks = chapters(job.target.path)
        summary = (
            f"decodes; {len(marks)} chapters cover all {_minutes(marks[-1].end)}; "
            f"Disclaimer and References each last over {MIN_SECTION_SECONDS:g} s"
        )
    return [
        CheckResult(
            check="Audio chapters",
            target=job.target.label,
            status=FAIL if found else PASS,
            summary=summary,
            details=tuple(found),
        )
    ]


def spoken_disclaimer(job: Job) -> list[CheckResult]:
    """The Disclaimer chapter really says the disclaimer: its first sentence is
    synthesised again with the same deterministic offline voice and found in the
    decoded audio. Only an MP3 narrated by that voice (its tags say so) can be checked
    this way; for other voices the transcript is checked by content parity."""
    from mutagen.id3 import ID3

    from ..speech.espeak import EspeakEngine
    from ..wording import DISCLAIMER_HEADING, split_sentences
    from ..writers.audio.narration import apply_lexicon
    from .audio_checks import MATCH_THRESHOLD, spoken_at_chapter

    path = job.target.path
    tags = ID3(path)
    if _tag(tags, "TXXX:TTS_ENGINE") != "espeak":
        return []
    narration = job.article.site.narration
    engine = EspeakEngine(narration.espeak_voice, narration.words_per_minute)
    result = CheckResult("Spoken disclaimer", job.target.label, FAIL, summary="")
    recorded_voice = _tag(tags, "TXXX:TTS_VOICE")
    if recorded_voice != engine.voice:
        return [
            replace(
                result,
                summary=f"the MP3 was narrated by {recorded_voice!r} but site.yaml now gives "
                f"{engine.voice!r}: rebuild the audio with 'ssri-docs build --format audio'",
            )
        ]
    first = apply_lexicon(split_sentences(job.article.disclaimer)[0], job.article.pronunciation)
    sentence = engine.synthesise(first).samples
    score = spoken_at_chapter(path, DISCLAIMER_HEADING, sentence, DISCLAIMER_SEARCH_SECONDS)
    spoken = score > MATCH_THRESHOLD
    return [
        replace(
            result,
            status=PASS if spoken else FAIL,
            summary=(
                f"the {DISCLAIMER_HEADING} chapter "
                + ("says" if spoken else "does not say")
                + f" the disclaimer's first sentence (match {score:.2f}, "
                f"needs over {MATCH_THRESHOLD:.2f})"
            ),
        )
    ]


def axe(job: Job) -> list[CheckResult]:
    """axe-core's WCAG 2.2 AAA and best-practice rules, in the light and dark schemes.
    A page that tries to fetch anything from the network fails too."""
    from .browser import describe_violations, run_axe

    browser = job.session.browser()
    results = []
    for target in job.targets:
        for scheme in COLOUR_SCHEMES:
            already_blocked = len(browser.blocked_requests)
            with browser.open(target.path, color_scheme=scheme) as page:
                violations = run_axe(page, AXE_TAGS)
            fetched = browser.blocked_requests[already_blocked:]
            summary = f"{len(violations)} violations"
            if violations:
                summary += ": " + ", ".join(v["id"] for v in violations)
            if fetched:
                summary += f"; the page tried to fetch {len(fetched)} addresses"
            details = describe_violations(violations).splitlines()
            details += [f"tried to fetch {url} (blocked)" for url in fetched]
            results.append(
                CheckResult(
                    check=f"axe-core ({scheme})",
                    target=target.label,
                    status=FAIL if violations or fetched else PASS,
                    summary=summary,
                    details=tuple(details),
                )
            )
    return results


def nu_html_checker(job: Job) -> list[CheckResult]:
    """The Nu Html Checker (vnu), run once on every page of the job."""
    from .vnu import describe, errors, find_jar, run_vnu

    if find_jar() is None:
        raise ToolMissing(
            "Nu Html Checker", "npm ci (installs vnu-jar from package.json), or set VNU_JAR"
        )
    if shutil.which("java") is None:
        raise ToolMissing("Java (for the Nu Html Checker)", "apt-get install default-jre-headless")
    messages = run_vnu(*(target.path for target in job.targets))
    results = []
    for target in job.targets:
        own = [m for m in messages if _is_about(m, target.path)]
        bad = errors(own)
        warnings = [m for m in own if m.get("subType") == "warning"]
        results.append(
            CheckResult(
                check="Nu Html Checker",
                target=target.label,
                status=FAIL if bad else PASS,
                summary=f"{len(bad)} errors, {len(warnings)} warnings",
                details=tuple(describe(m) for m in bad + warnings),
            )
        )
    return results


CHECKS: tuple[Check, ...] = (
    Check("Content parity", "html", content_parity),
    Check("Content parity", "pdf", content_parity),
    Check("Content parity", "epub", content_parity),
    Check("Content parity", "audio", content_parity),
    Check("PDF/UA structure", "pdf", pdf_structure),
    Check("pdfua", "pdf", pdfua),
    Check("Audio chapters", "audio", audio_chapters),
    Check("Spoken disclaimer", "audio", spoken_disclaimer),
    Check("axe-core", "html", axe, Kind.BROWSER, downloads_page=True),
    Check("EPUBCheck", "epub", epubcheck, Kind.SUBPROCESS),
    Check("Ace by DAISY", "epub", ace, Kind.SUBPROCESS),
    Check("Nu Html Checker", "html", nu_html_checker, Kind.SUBPROCESS, downloads_page=True),
)


# ---------------------------------------------------------------- the runner


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
                f"{counts[SKIPPED]} skipped; report: {out_dir / article.slug / HTML_NAME}"
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
    """Run every check on one article's files; results come back in registry order,
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
        return check.run(job)
    except ToolMissing as missing:
        return [_tool_missing(check, target, missing, strict) for target in job.targets]
    except UserError as error:
        summary = error.message + (f" ({error.hint})" if error.hint else "")
        return [CheckResult(check.name, target.label, FAIL, summary) for target in job.targets]
    except Exception as error:  # a damaged file can crash any reader: the file fails
        summary = f"could not be checked: {type(error).__name__}: {error}"
        return [CheckResult(check.name, target.label, FAIL, summary) for target in job.targets]


def _targets(
    check: Check, article: Article, out_dir: Path, include_downloads_page: bool
) -> tuple[Target, ...]:
    path = readback.output_path(out_dir, article.slug, check.fmt)
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


def _is_about(message: dict, path: Path) -> bool:
    """Whether a vnu message is about ``path`` (messages without a file are about all)."""
    url = message.get("url")
    if not url:
        return True
    return Path(unquote(urlparse(url).path)).resolve() == path.resolve()


def _tag(tags, key: str) -> str:
    frame = tags.get(key)
    return str(frame) if frame is not None else ""


def _minutes(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
