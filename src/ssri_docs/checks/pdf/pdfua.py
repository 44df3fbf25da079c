"""The ``pdfua`` checker (PyPI ``pdfua``): its subset of the PDF/UA-1 rules, run on the
built leaflet in its own process, for ``ssri-docs check``.

It complements ``structure.py``: another reading of the same rules by another program.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

from ...errors import UserError
from ..check import Check, Job
from ..results import FAIL, PASS, CheckResult, ToolMissing

PDFUA_INSTALL = "pip install pdfua==0.1.3"
PDFUA_TIMEOUT = 120  # seconds


def pdfua_check(job: Job) -> list[CheckResult]:
    """pdfua's findings on the PDF, as one result that fails on any finding.

    Raises ToolMissing when pdfua is not installed, UserError when it cannot read the
    file (its exit status 4), and subprocess.TimeoutExpired after PDFUA_TIMEOUT seconds.
    """
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


CHECK = Check("pdfua", "pdf", pdfua_check)
