"""Each external validator's report on each distinct file, made once per test session.

EPUBCheck, Ace, the Nu Html Checker, axe-core, pdfua and the PDF/UA structure check
are the slow part of the suite, and several test modules validate the same built file
(the seed's EPUB is the same bytes whichever formats were built with it). The
session's ``validators`` fixture (conftest.py) holds one :class:`ValidatorRuns`: a
report is keyed by the SHA-256 of the file checked, so a second test asking about the
same bytes reads the first run's report, and a tampered copy is a new file that is
really checked. Reports are the validators' own objects, as the check modules return
them; nothing here judges them.

Every accessor first asks for its tool through conftest's ``require_tool``: a missing
tool skips the test on a developer's machine and fails it under ``CI``.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from ssri_docs.checks.html import AXE_TAGS

PDFUA_TIMEOUT = 120  # seconds, as ``ssri-docs check`` allows


@dataclass(frozen=True)
class AxeRun:
    """What one page showed in Chromium: axe-core's violations (WCAG 2.2 AAA and
    best practice, ``AXE_TAGS``), the addresses it tried to fetch (blocked), and
    whether it scrolled sideways at the width it was opened at."""

    violations: list[dict]
    fetched: list[str]
    horizontal_scroll: bool


def digest(path: Path) -> str:
    """SHA-256 of the file's bytes, hex: the key of every cached report."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


class ValidatorRuns:
    """Validator reports by file digest; EPUBCheck and Ace run in two worker threads, so
    that :meth:`start_epub` can set several books checking at once."""

    def __init__(
        self,
        require_tool: Callable[[bool, str, str], None],
        require_installed: Callable[..., None],
    ) -> None:
        self._require_tool = require_tool  # conftest's: skip, or fail under CI
        self._require_installed = require_installed
        self._reports: dict[tuple[str, ...], Future] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="validator")

    def close(self) -> None:
        """Wait for the validators still running."""
        self._pool.shutdown(wait=True)

    # ------------------------------------------------------------ EPUB

    def start_epub(self, *books: Path) -> None:
        """Start EPUBCheck and Ace on ``books`` in the background (results are cached)."""
        self._require_epubcheck()
        self._require_ace()
        for book in books:
            self._submit(("epubcheck", digest(book)), _epubcheck, book)
            self._submit(("ace", digest(book)), _ace, book)

    def epubcheck(self, book: Path):
        """EPUBCheck's report (``EpubCheckReport``) on ``book``."""
        self._require_epubcheck()
        return self._submit(("epubcheck", digest(book)), _epubcheck, book).result()

    def ace(self, book: Path):
        """Ace by DAISY's report (``AceReport``) on ``book``."""
        self._require_ace()
        return self._submit(("ace", digest(book)), _ace, book).result()

    # ------------------------------------------------------------ HTML

    def vnu(self, *pages: Path) -> list[dict]:
        """The Nu Html Checker's messages about ``pages``, from one vnu run over the pages
        it has not seen yet. A message's ``url`` names the file first checked with those
        bytes."""
        from ssri_docs.checks.html.vnu import find_jar

        self._require_tool(shutil.which("java") is not None, "Java", "apt-get install java")
        self._require_tool(find_jar() is not None, "vnu.jar", "npm ci (installs vnu-jar)")
        keys = {Path(page): ("vnu", digest(page)) for page in pages}
        with self._lock:
            new = {key: page for page, key in keys.items() if key not in self._reports}
            waiting = {key: Future() for key in new}
            self._reports.update(waiting)
        if new:
            try:
                messages = _vnu(*new.values())
            except BaseException as error:
                for future in waiting.values():
                    future.set_exception(error)
                raise
            for key, page in new.items():
                waiting[key].set_result([m for m in messages if _is_about(m, page)])
        return [message for key in keys.values() for message in self._reports[key].result()]

    def axe(self, browser, page: Path, scheme: str = "light", width: int = 1280) -> AxeRun:
        """axe-core on ``page`` in ``browser`` (a running ``checks.browser.Browser``; the
        test module owns it, as Playwright allows one per thread), in the ``scheme``
        colour scheme at ``width`` CSS px."""
        from ssri_docs.checks.html.browser import axe_script_path, has_horizontal_scroll, run_axe

        self._require_tool(axe_script_path() is not None, "axe-core", "npm ci")

        def show(path: Path) -> AxeRun:
            before = len(browser.blocked_requests)
            with browser.open(path, color_scheme=scheme, width=width) as opened:
                return AxeRun(
                    violations=run_axe(opened, AXE_TAGS),
                    fetched=browser.blocked_requests[before:],
                    horizontal_scroll=has_horizontal_scroll(opened),
                )

        # Playwright's pages belong to this thread: axe runs here, never in a worker.
        return self._here(("axe", digest(page), scheme, str(width)), show, page)

    # ------------------------------------------------------------ PDF

    def pdfua(self, pdf: Path) -> dict:
        """The ``pdfua`` checker's JSON report on ``pdf`` (``summary``, ``findings``...)."""
        self._require_tool(
            importlib.util.find_spec("pdfua") is not None,
            "the pdfua checker",
            "pip install pdfua==0.1.3",
        )
        return self._here(("pdfua", digest(pdf)), _pdfua, pdf)

    def pdf_structure(self, pdf: Path) -> list[str]:
        """The PDF/UA structure check's problems with ``pdf`` (pikepdf, in process)."""
        from ssri_docs.checks.pdf import problems

        return self._here(("pdf structure", digest(pdf)), problems, pdf)

    # ------------------------------------------------------------ plumbing

    def _submit(self, key: tuple[str, ...], run: Callable[[Path], Any], path: Path) -> Future:
        """The report under ``key``, computed by ``run(path)`` in a worker if not yet asked."""
        with self._lock:
            if key not in self._reports:
                self._reports[key] = self._pool.submit(run, path)
            return self._reports[key]

    def _here(self, key: tuple[str, ...], run: Callable[[Path], Any], path: Path) -> Any:
        """The report under ``key``, computed by ``run(path)`` in this thread if not yet
        known: short runs do not queue behind the EPUB validators."""
        with self._lock:
            known = self._reports.get(key)
        if known is not None:
            return known.result()
        done: Future = Future()
        done.set_result(run(path))
        with self._lock:
            self._reports[key] = done
        return done.result()

    def _require_epubcheck(self) -> None:
        from ssri_docs.checks.epub.epubcheck import jar_path, java_executable

        self._require_installed(java_executable, jar_path)

    def _require_ace(self) -> None:
        from ssri_docs.checks.epub.ace import ace_executable, chromium

        self._require_installed(chromium, ace_executable)


def _epubcheck(book: Path):
    from ssri_docs.checks.epub import run_epubcheck

    return run_epubcheck(book)


def _ace(book: Path):
    from ssri_docs.checks.epub import run_ace

    return run_ace(book)


def _vnu(*pages: Path) -> list[dict]:
    from ssri_docs.checks.html import run_vnu

    return run_vnu(*pages)


def _pdfua(pdf: Path) -> dict:
    completed = subprocess.run(
        [sys.executable, "-m", "pdfua", "check", "--format", "json", str(pdf)],
        capture_output=True,
        text=True,
        timeout=PDFUA_TIMEOUT,
        check=False,
    )
    return json.loads(completed.stdout)


def _is_about(message: dict, page: Path) -> bool:
    """Whether a vnu message is about ``page`` (messages without a file are about all)."""
    url = message.get("url")
    if not url:
        return True
    return Path(unquote(urlparse(url).path)).resolve() == page.resolve()
