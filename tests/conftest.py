"""Shared fixtures: the real article built once per test session, validator reports
made once per distinct file (``validators``, see validator_runs.py), and tool lookups.

Tests read the built files back; they never inspect what was fed to a writer. A
test that needs an external tool (Chromium, Java, an npm validator) skips when it is
missing on a developer's machine, and fails when ``CI`` is set, so CI can never pass
by silently skipping.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from ssri_docs.build import BuildRequest, build
from ssri_docs.checks.results import ToolMissing
from ssri_docs.formats import FORMAT_NAMES
from ssri_docs.model import Article
from ssri_docs.reporting import Reporter
from ssri_docs.source import load_article, load_site
from ssri_docs.writers import BuildOptions
from ssri_docs.writers.epub.book import render_epub
from ssri_docs.writers.epub.container import read_entries, reproducible_zip
from validator_runs import ValidatorRuns

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = ROOT / "source"
SEED_ARTICLE = SOURCE_DIR / "how-ssri-work.md"
# The WordPress seed, copied into the fixtures so the tests do not depend on what lies
# beside the checkout; test_import_cli checks the copy against ../shared when it is there.
SEED_JSON = Path(__file__).resolve().parent / "fixtures" / "wordpress" / "how-ssri-work.wp.json"
SHARED_SEED_JSON = ROOT.parent / "shared" / "seed" / "how-ssri-work.wp.json"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CONSTRUCTS_ARTICLE = FIXTURES / "articles" / "constructs" / "constructs.md"
NODE_MODULES = ROOT / "node_modules"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ALL_FORMATS = FORMAT_NAMES  # every format the registry declares, both e-books included
CHECK_TIMEOUT = 900  # seconds for a whole ``ssri-docs check`` on a busy machine


def require_tool(available: bool, what: str, how: str) -> None:
    """Skip (developer machine) or fail (CI) when a tool the test needs is missing."""
    if available:
        return
    skip_or_fail(f"{what} is not installed: {how}")


def skip_or_fail(message: str) -> None:
    """Skip the test on a developer's machine; fail it in CI (``CI`` set), where every
    test must run."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def mounted_tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A tmpfs of ``size`` (mount's -o size, e.g. "3m") at ``folder``, unmounted after.

    For disk-full tests: needs root (CI runs as root); where mounting is impossible,
    skipped with the reason (failed in CI). Use from a fixture:
    ``yield from mounted_tmpfs(...)``.
    """
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        skip_or_fail(f"cannot mount a small tmpfs here: {mounted.stderr.decode().strip()}")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=False)


def require_installed(*finders: Callable[[], object]) -> None:
    """``require_tool`` for the checks modules' finders, which raise ToolMissing."""
    for finder in finders:
        try:
            finder()
        except ToolMissing as missing:
            require_tool(False, missing.tool, missing.how)


@pytest.fixture(scope="session")
def seed_article() -> Article:
    """The committed article, parsed into the model."""
    return load_article(SEED_ARTICLE, load_site(SOURCE_DIR / "site.yaml"))


def _offline_options(cache: Path, **overrides) -> BuildOptions:
    # Tests never reach Google: the audio uses the built-in offline voice (espeak-ng),
    # unless a test asks for another offline voice (tts="hibari").
    return BuildOptions(**{"tts": "espeak", "cache_dir": cache, **overrides})


def build_article(source: Path, out: Path, *formats: str, **options) -> Article:
    """Build one article file quietly into ``out`` (offline voice, cache inside ``out``)."""
    request = BuildRequest(
        sources=(source,),
        source_dir=SOURCE_DIR,
        out_dir=out,
        formats=formats,
        options=_offline_options(out / ".cache", **options),
    )
    (article,) = build(request, Reporter(quiet=True))
    return article


@pytest.fixture(scope="session")
def build_seed(tmp_path_factory) -> Callable[..., Path]:
    """Build the committed article once per set of formats; returns the output folder.

    ``build_seed("pdf")`` gives a folder holding ``how-ssri-work/how-ssri-work.pdf``.
    """
    cache = tmp_path_factory.mktemp("speech-cache")
    built: dict[tuple, Path] = {}

    def _build(*formats: str, **options) -> Path:
        key = (formats, tuple(sorted(options.items())))
        if key not in built:
            out = tmp_path_factory.mktemp("output-" + "-".join(formats))
            request = BuildRequest(
                sources=(SEED_ARTICLE,),
                source_dir=SOURCE_DIR,
                out_dir=out,
                formats=formats,
                options=_offline_options(cache, **options),
            )
            build(request, Reporter(quiet=True))
            built[key] = out
        return built[key]

    return _build


@pytest.fixture(scope="session")
def constructs() -> Article:
    """The article with every issue-10 construct (tables with spans and a footer, list
    numbering, line breaks, verse, figures, a glossary, other languages and scripts)."""
    return load_article(CONSTRUCTS_ARTICLE, load_site(SOURCE_DIR / "site.yaml"))


@pytest.fixture(scope="session")
def constructs_page(tmp_path_factory) -> Path:
    """The constructs article's large-print page, through the real build."""
    out = tmp_path_factory.mktemp("constructs-html")
    build_article(CONSTRUCTS_ARTICLE, out, "html")
    return out / "constructs" / "constructs-large-print.html"


@pytest.fixture(scope="session")
def epub_books(build_seed, seed_article, constructs, tmp_path_factory) -> dict[str, Path]:
    """The books EPUBCheck and Ace are tried on (test_epub_validators): the seed's, the
    fixture with a picture, a table and lists, the constructs article's, and the seed's
    spoiled on purpose."""
    folder = tmp_path_factory.mktemp("epub-validate")
    seed = build_seed("epub") / seed_article.slug / f"{seed_article.slug}.epub"
    described = folder / "described.epub"
    article = load_article(FIXTURES / "epub" / "described.md", load_site(SOURCE_DIR / "site.yaml"))
    described.write_bytes(render_epub(article).data)
    every = folder / "constructs.epub"
    every.write_bytes(render_epub(constructs).data)
    return {
        "seed": seed,
        "described": described,
        "constructs": every,
        "spoiled": _spoil(seed, folder),
    }


def _spoil(book: Path, folder: Path) -> Path:
    """The book without its languages and with a link to an id that does not exist."""
    entries = read_entries(book.read_bytes())
    opf = entries["EPUB/content.opf"].decode()
    entries["EPUB/content.opf"] = opf.replace(' xml:lang="en-GB"', "", 1).encode()
    page = entries["EPUB/section-01.xhtml"].decode()
    page = re.sub(r' (xml:)?lang="en-GB"', "", page)
    page = page.replace("</section>", '<p><a href="section-02.xhtml#nowhere">x</a></p></section>')
    entries["EPUB/section-01.xhtml"] = page.encode()
    spoiled = folder / "spoiled.epub"
    spoiled.write_bytes(reproducible_zip(entries, date(2025, 1, 1)))
    return spoiled


@pytest.fixture(scope="session")
def chromium_path() -> str:
    require_tool(Path(CHROMIUM).exists(), "Chromium", "apt-get install chromium (see .ci/run)")
    return CHROMIUM


@pytest.fixture(scope="module")
def chromium(chromium_path):
    """One Chromium for a test module's pages; no page may have fetched anything."""
    import importlib.util

    from ssri_docs.checks.html import browser

    require_tool(
        importlib.util.find_spec("playwright") is not None,
        "Playwright",
        "pip install playwright (never 'playwright install')",
    )
    with browser.launch() as running:
        yield running
    assert not running.blocked_requests, f"pages tried to fetch: {running.blocked_requests}"


@pytest.fixture(scope="session")
def java_path() -> str:
    java = shutil.which("java")
    require_tool(java is not None, "Java", "apt-get install default-jre-headless")
    return java


@pytest.fixture(scope="session")
def validators() -> Iterator[ValidatorRuns]:
    """EPUBCheck, Ace, vnu, axe-core, pdfua and the PDF structure check, each run once
    per distinct file in the session (see validator_runs.py)."""
    runs = ValidatorRuns(require_tool, require_installed)
    yield runs
    runs.close()


def missing_validators() -> list[tuple[str, str]]:
    """(tool, how to install it) for each tool ``ssri-docs check --strict`` needs and
    this machine lacks."""
    from ssri_docs.checks.epub import ace, epubcheck
    from ssri_docs.checks.html import browser, vnu

    missing = []
    for finder in (epubcheck.java_executable, epubcheck.jar_path, ace.ace_executable, ace.chromium):
        try:
            finder()
        except ToolMissing as tool:
            missing.append((tool.tool, tool.how))
    if vnu.find_jar() is None:
        missing.append(("vnu.jar", "npm ci"))
    if browser.axe_script_path() is None:
        missing.append(("axe-core", "npm ci"))
    if not Path(browser.DEFAULT_CHROMIUM).exists():
        missing.append(("Chromium", "apt-get install chromium"))
    return missing


def run_check(out: Path, *options: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """``ssri-docs check OUT`` (plus ``options``): the real command, in its own process,
    as CI runs it."""
    command = [sys.executable, "-m", "ssri_docs", "check", str(out), "--source", str(SOURCE_DIR)]
    return subprocess.run(
        [*command, *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=CHECK_TIMEOUT,
        check=False,
        env=env,
    )


def run_build(source: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    """``ssri-docs build SOURCE --out OUT --quiet`` (plus ``options``) in a fresh process:
    what a second build gives, for the tests of reproducible bytes."""
    command = [sys.executable, "-m", "ssri_docs", "build", str(source), "--out", str(out)]
    return subprocess.run(
        [*command, "--quiet", *options],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


@pytest.fixture(scope="session")
def strict_check(build_seed, tmp_path_factory) -> Iterator[Callable[[], tuple]]:
    """The suite's one full ``ssri-docs check --strict``, on a copy of the full build,
    running in a thread from the moment this fixture is first asked for. Calling the
    returned function waits for it: ``(output folder, CompletedProcess)``."""
    out = tmp_path_factory.mktemp("check-clean") / "output"
    shutil.copytree(build_seed(*ALL_FORMATS), out)
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="strict-check") as pool:
        running = pool.submit(run_check, out, "--strict")
        yield lambda: (out, running.result())


@pytest.fixture(scope="session", autouse=True)
def _start_the_long_validator_runs_early(request) -> None:
    """The full check and the EPUB validators are the longest waits of the suite, and
    they run in their own processes: when a selected test needs them and the validators
    are installed, they start with the session and run beside the tests before theirs."""
    if missing_validators():
        return  # the tests that need them skip, or fail under CI, on their own
    wanted = {name for item in request.session.items for name in item.fixturenames}
    if "clean_run" in wanted:
        request.getfixturevalue("strict_check")
    if "epub_books" in wanted:  # test_epub_validators
        books = request.getfixturevalue("epub_books")
        request.getfixturevalue("validators").start_epub(*books.values())
