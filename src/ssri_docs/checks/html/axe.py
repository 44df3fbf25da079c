"""axe-core on the large-print page and the downloads page, for ``ssri-docs check``.

axe-core runs inside the run's one Chromium (``browser.py``), in the light and in the
dark colour scheme, since the pages have a style sheet for each. A page that tries to
fetch anything from the network fails too: every page must work offline.
"""

from __future__ import annotations

from ..check import Check, Job, Kind
from ..results import FAIL, PASS, CheckResult
from .browser import describe_violations, run_axe

# WCAG 2.2 up to AAA, and axe's best practices.
AXE_TAGS = ("wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice")
COLOUR_SCHEMES = ("light", "dark")


def axe_check(job: Job) -> list[CheckResult]:
    """One result per page and colour scheme, failing on any violation or any request
    for an address that is not a local file. Raises ToolMissing when Chromium,
    Playwright or axe-core is not installed."""
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


CHECK = Check("axe-core", "html", axe_check, Kind.BROWSER, downloads_page=True)
