"""The ``pdfua`` checker (PyPI ``pdfua``): its subset of the PDF/UA-1 rules, run on the
built leaflet in its own process, for ``ssri-docs check``.

It complements ``structure.py``: another reading of the same rules by another program.
A rule that pdfua could not run (it crashed inside the rule) is reported as "could
not run", never as a pass; ``KNOWN_FAULTS`` lists the rules that crash for a reason
upstream and says which of our own checks covers what they would have checked.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from dataclasses import dataclass

from ...errors import UserError
from ..check import Check, Job
from ..results import FAIL, NOT_RUN, PASS, CheckResult, ToolMissing, ValidatorFailed

PDFUA_INSTALL = "pip install pdfua==0.1.3"
PDFUA_TIMEOUT = 120  # seconds


@dataclass(frozen=True)
class KnownFault:
    """A pdfua rule that cannot run on our PDFs because of a fault in pdfua itself."""

    reason: str  # what goes wrong upstream, and where
    upstream: str  # where it is tracked
    covered_by: str  # our check that checks the same thing


KNOWN_FAULTS: dict[str, KnownFault] = {
    # Empty headings (PDF/UA-1 7.4.2/7.4.4). pdfua 0.1.3's ``document.as_integer`` calls
    # getattr(value, "is_integer") on the heading's /K; with pikepdf 10 that raises
    # ValueError for an array (pikepdf reads it as a dictionary key), so the rule
    # crashes on every heading whose /K is an array: every WeasyPrint heading.
    "UA-14-001": KnownFault(
        reason="pdfua 0.1.3 document.as_integer: getattr(pikepdf.Array, 'is_integer') "
        "raises ValueError under pikepdf 10",
        upstream="https://github.com/beduldul/pdfua/issues (pdfua 0.1.3, pikepdf 10.x)",
        covered_by="PDF/UA structure (empty headings)",
    ),
}


def run_pdfua(path) -> dict:
    """pdfua's JSON report on ``path``, with ``findings`` and ``skipped`` lists.

    Raises ToolMissing when pdfua is not installed, UserError when it cannot read the
    file (its exit status 4), ValidatorFailed when it gives no usable report, and
    subprocess.TimeoutExpired after PDFUA_TIMEOUT seconds.
    """
    if importlib.util.find_spec("pdfua") is None:
        raise ToolMissing("pdfua", PDFUA_INSTALL)
    command = [sys.executable, "-m", "pdfua", "check", "--format", "json", str(path)]
    completed = subprocess.run(
        command, capture_output=True, text=True, timeout=PDFUA_TIMEOUT, check=False
    )
    # Exit status 0-3 are "no findings" up to "errors"; 4 is an unreadable PDF.
    if completed.returncode not in (0, 1, 2, 3):
        raise UserError(
            f"pdfua could not check the file (exit status {completed.returncode})",
            hint=(completed.stderr or completed.stdout).strip()[-300:] or None,
        )
    try:
        data = json.loads(completed.stdout)
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("findings"), list):
        raise ValidatorFailed(
            f"pdfua gave no findings list (exit status {completed.returncode})",
            hint=(completed.stderr or completed.stdout).strip()[-300:] or None,
        )
    return data


def pdfua_check(job: Job) -> list[CheckResult]:
    """pdfua's findings on the PDF as one result that fails on any finding, then one
    "could not run" result for each rule pdfua could not run (see ``KNOWN_FAULTS``)."""
    data = run_pdfua(job.target.path)
    findings = data["findings"]
    not_run = [item for item in data.get("skipped") or [] if isinstance(item, dict)]
    details = [
        f"{item.get('rule_id')} ({item.get('severity')}, page {item.get('page')}): "
        f"{item.get('message')}"
        for item in findings
    ]
    rules_run = data.get("summary", {}).get("rules_run", "?")
    results = [
        CheckResult(
            check="pdfua",
            target=job.target.label,
            status=FAIL if findings else PASS,
            summary=f"{len(findings)} findings from the {rules_run} rules that ran "
            f"({len(not_run)} could not run)",
            details=tuple(details),
        )
    ]
    for item in not_run:
        rule = str(item.get("rule_id"))
        known = KNOWN_FAULTS.get(rule)
        summary = f"pdfua could not run rule {rule}: {item.get('reason')}"
        if known:
            summary += f" (known upstream fault: {known.reason}; covered by {known.covered_by})"
        results.append(
            CheckResult(
                check=f"pdfua {rule}",
                target=job.target.label,
                status=NOT_RUN,
                summary=summary,
                details=(f"upstream: {known.upstream}",) if known else (),
                covered_by=known.covered_by if known else None,
            )
        )
    return results


CHECK = Check("pdfua", "pdf", pdfua_check)
