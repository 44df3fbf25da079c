"""What a conformance check reports, how a missing validator is told apart, and how the
validators are found and run."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import UserError

PASS, FAIL, SKIPPED = "pass", "fail", "skipped"
# A validator (or one of its rules) that crashed or gave no usable report: nothing is
# known about the file, so it is never counted as a pass (with --strict it fails,
# unless it is a known upstream fault that a check of our own covers: ``covered_by``).
NOT_RUN = "could-not-run"
STATUSES = (PASS, FAIL, NOT_RUN, SKIPPED)
# The project folder when ssri-docs is installed editable (src/ssri_docs/checks/results.py).
PROJECT_ROOT = Path(__file__).resolve().parents[3]


class ValidatorFailed(UserError):
    """A validator ran but gave no usable report (it crashed, exited with an error and
    no findings, or its report lacks the part that holds the findings).

    ``ssri-docs check`` reports it as "could not run" (a failure with --strict)."""


class ToolMissing(UserError):
    """A validator is not installed. ``how`` says how to install it.

    ``ssri-docs check`` reports it as a skipped check; anywhere else it is an ordinary
    user error (exit status 2 with the install hint)."""

    def __init__(self, tool: str, how: str) -> None:
        super().__init__(f"{tool} is not installed", hint=how)
        self.tool = tool
        self.how = how


@dataclass(frozen=True)
class CheckResult:
    check: str  # e.g. "EPUBCheck"
    target: str  # the file checked, relative to the article's output folder
    status: str  # PASS, FAIL, NOT_RUN or SKIPPED
    summary: str  # one line a person can act on
    details: tuple[str, ...] = field(default_factory=tuple)
    # For NOT_RUN: the project's own check that covers what could not run (a known
    # upstream fault, see ``checks/pdf/pdfua.py``); --strict does not fail it then.
    covered_by: str | None = None

    def as_dict(self) -> dict:
        data = {
            "check": self.check,
            "target": self.target,
            "status": self.status,
            "summary": self.summary,
            "details": list(self.details),
        }
        if self.covered_by:
            data["covered_by"] = self.covered_by
        return data


def node_modules_file(relative: str) -> Path | None:
    """``node_modules/<relative>`` (npm ci installs the validators there) in the working
    folder or else beside ``src/`` of an editable install; None when neither has it."""
    for root in (Path.cwd(), PROJECT_ROOT):
        candidate = root / "node_modules" / relative
        if candidate.is_file():
            return candidate
    return None


def run_validator(
    command: Sequence[str],
    *,
    tool: str,
    checked: Path,
    timeout: float,
    env: Mapping[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run an external validator on ``checked``; a time-out becomes a clear UserError.

    The exit status is left to the caller: validators use it for "found problems".
    """
    try:
        return subprocess.run(
            list(command), capture_output=True, text=True, timeout=timeout, env=env, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise UserError(
            f"{tool} did not finish within {timeout:.0f} seconds",
            path=checked,
            hint="run it again on a less busy machine, or give a longer timeout.",
        ) from error
