"""Ace by DAISY: the accessibility checker for EPUB, run on a built book.

Installed from npm into the project's ``node_modules`` (``@daisy/ace``, see package.json)
with ``PUPPETEER_SKIP_DOWNLOAD=1``: it drives Debian's Chromium through
``ace-puppeteer``, pointed at it by ``PUPPETEER_EXECUTABLE_PATH``. ace-puppeteer already
launches Chromium with ``--no-sandbox`` (needed as root), so no extra flags are passed;
its 5-second limit for starting the browser is raised, because a busy 2-core CI machine
can take longer (``ACE_TIMEOUT_INITIAL``, read by @daisy/ace-axe-runner-puppeteer).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..check import Check, Job, Kind
from ..results import (
    FAIL,
    PASS,
    CheckResult,
    ToolMissing,
    ValidatorFailed,
    node_modules_file,
    run_validator,
)

ACE_IN_NODE_MODULES = ".bin/ace-puppeteer"
INSTALL_HINT = (
    "PUPPETEER_SKIP_DOWNLOAD=1 npm ci (installs @daisy/ace from package.json) "
    "and apt-get install chromium"
)
BROWSER_START_MS = "60000"


@dataclass(frozen=True)
class Violation:
    rule: str  # e.g. "epub-lang", "color-contrast"
    impact: str  # minor, moderate, serious or critical
    document: str  # the file it was found in
    description: str

    def __str__(self) -> str:
        return f"{self.impact} {self.rule} in {self.document}: {self.description}"


@dataclass(frozen=True)
class AceReport:
    outcome: str  # "pass" or "fail", as Ace says
    violations: tuple[Violation, ...]
    metadata: dict  # Ace's view of the accessibility metadata: present / missing / empty

    def result(self, target: str) -> CheckResult:
        return CheckResult(
            check="Ace by DAISY",
            target=target,
            status=FAIL if self.violations else PASS,
            summary=f"{len(self.violations)} violations",
            details=tuple(str(v) for v in self.violations),
        )


def chromium() -> str:
    found = os.environ.get("PUPPETEER_EXECUTABLE_PATH") or shutil.which("chromium")
    if not found or not Path(found).exists():
        raise ToolMissing("Chromium (for Ace)", "apt-get install chromium")
    return found


def ace_executable() -> Path:
    found = node_modules_file(ACE_IN_NODE_MODULES)
    if found is None:
        raise ToolMissing("Ace by DAISY", INSTALL_HINT)
    if shutil.which("node") is None:
        raise ToolMissing("Node.js (for Ace)", "apt-get install nodejs")
    return found


def run_ace(book: Path, *, timeout: float = 600) -> AceReport:
    """Check ``book`` with Ace and return its violations (an empty tuple: none)."""
    environment = dict(os.environ)
    environment["PUPPETEER_EXECUTABLE_PATH"] = chromium()
    environment.setdefault("ACE_TIMEOUT_INITIAL", BROWSER_START_MS)
    with tempfile.TemporaryDirectory(prefix="ace-") as folder:
        out = Path(folder) / "report"
        completed = run_validator(
            [str(ace_executable()), "--silent", "--force", "--outdir", str(out), str(book)],
            tool="Ace",
            checked=book,
            timeout=timeout,
            env=environment,
        )
        report_path = out / "report.json"
        if not report_path.is_file():
            raise ValidatorFailed(
                f"Ace did not run (exit status {completed.returncode}): "
                f"{(completed.stderr or completed.stdout).strip()[-800:]}",
                path=book,
                hint=f"check that Chromium starts: {environment['PUPPETEER_EXECUTABLE_PATH']} "
                "--headless --no-sandbox --version",
            )
        try:
            data = json.loads(report_path.read_text(encoding="utf-8"))
        except ValueError:
            data = None
    if not isinstance(data, dict) or not isinstance(data.get("assertions"), list):
        raise ValidatorFailed(
            f"Ace's report has no assertions (exit status {completed.returncode})", path=book
        )
    report = AceReport(
        outcome=str(data.get("earl:result", {}).get("earl:outcome", "")),
        violations=tuple(_violations(data)),
        metadata=data.get("a11y-metadata", {}),
    )
    # Ace exits 0 whether or not it found violations (without --return-2-on-validation-
    # error); any other exit status is a run that went wrong, whatever the report says.
    if completed.returncode != 0 and not report.violations:
        raise ValidatorFailed(
            f"Ace exited with status {completed.returncode} but reported no violations",
            path=book,
            hint=(completed.stderr or completed.stdout).strip()[-500:] or None,
        )
    return report


def _violations(data: dict):
    for group in data.get("assertions", []):
        document = group.get("earl:testSubject", {}).get("url", "")
        for assertion in group.get("assertions", []):
            if assertion.get("earl:result", {}).get("earl:outcome") != "fail":
                continue
            test = assertion.get("earl:test", {})
            yield Violation(
                rule=str(test.get("dct:title", "")),
                impact=str(test.get("earl:impact", "")),
                document=document,
                description=str(assertion.get("earl:result", {}).get("dct:description", "")),
            )


def ace_check(job: Job) -> list[CheckResult]:
    """Ace on the book, as one result. Raises ToolMissing without Node.js, Ace or Chromium."""
    return [run_ace(job.target.path).result(job.target.label)]


CHECK = Check("Ace by DAISY", "epub", ace_check, Kind.SUBPROCESS)
