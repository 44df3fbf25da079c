"""The conformance report of one article: ``conformance.json`` for programs (the
downloads page reads its ``status`` and ``counts``) and ``conformance.html`` for people.

Both are reproducible: the same results give the same bytes (no time, no absolute
paths of our own). Everything a validator said is escaped before it reaches the page:
validator messages quote the checked content, which is untrusted.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

from .. import templating
from ..manifests import CONFORMANCE
from ..model import Article
from .results import FAIL, NOT_RUN, PASS, SKIPPED, STATUSES, CheckResult

JSON_NAME = CONFORMANCE
HTML_NAME = "conformance.html"
STATUS_WORDS = {
    PASS: "Passed",
    FAIL: "Failed",
    NOT_RUN: "Could not run",
    SKIPPED: "Skipped",
}
# The whole report when nothing failed but a check could not run.
INCOMPLETE_WORD = "Incomplete"


@dataclass(frozen=True)
class Report:
    article: Article
    results: tuple[CheckResult, ...]
    strict: bool
    # sha256 of each built file when it was checked: the downloads page shows the result
    # only while the files are still the ones that were checked.
    checked_files: dict[str, str] = field(default_factory=dict)

    @property
    def counts(self) -> dict[str, int]:
        counts = {status: 0 for status in STATUSES}
        for result in self.results:
            counts[result.status] += 1
        return {**counts, "total": len(self.results)}

    @property
    def status(self) -> str:
        """FAIL when any check failed; else NOT_RUN when a check could not run and no
        check of ours covers it (nothing is known, so it is not a pass); else PASS.
        A skipped check does not fail the report: with --strict the runner records a
        missing validator, or a check that could not run, as FAIL."""
        if any(r.status == FAIL for r in self.results):
            return FAIL
        if any(r.status == NOT_RUN and not r.covered_by for r in self.results):
            return NOT_RUN
        return PASS


def report_json(report: Report) -> bytes:
    data = {
        "article": report.article.slug,
        "title": report.article.title,
        "status": report.status,
        "strict": report.strict,
        "counts": report.counts,
        "report": HTML_NAME,
        "checks": [result.as_dict() for result in report.results],
        "checked_files": dict(sorted(report.checked_files.items())),
    }
    return (json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n").encode()


def report_html(report: Report) -> bytes:
    environment = templating.environment()
    css = templating.template_source(environment, "report/report.css")
    page = environment.get_template("report/conformance.html.j2").render(
        article=report.article,
        status_word=INCOMPLETE_WORD if report.status == NOT_RUN else STATUS_WORDS[report.status],
        counts=report.counts,
        not_run=report.counts[NOT_RUN],
        strict=report.strict,
        rows=_rows(report.results),
        css=css,
    )
    return page.encode("utf-8")


def _rows(results: Sequence[CheckResult]) -> list[dict]:
    return [
        {
            "check": result.check,
            "target": result.target,
            "status": result.status,
            "status_word": STATUS_WORDS[result.status],
            "summary": result.summary,
            "details": result.details,
        }
        for result in results
    ]
