"""Check every source and site.yaml at once, without building (``ssri-docs lint``).

``build`` runs the same check first, so both report every problem in every file in
one run (file, line, what to do), print every warning (curly quotes, review dates
near or past), and refuse with exit 2 if there is any problem; with
``--fail-on-overdue`` an article past its next review is a problem too, for a CI
that must block publishing out-of-date health information.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from .errors import SourceError
from .model import Article
from .reporting import Reporter
from .source import check_sources


def check_all(
    paths: list[Path],
    site_path: Path,
    reporter: Reporter,
    *,
    today: date,
    fail_on_overdue: bool = False,
) -> list[Article]:
    """Check ``site_path`` and every article in ``paths``; print every warning.

    Returns the articles (all valid). Raises SourceError listing every problem in
    every file, or naming the overdue articles when ``fail_on_overdue``.
    """
    articles, problems = check_sources(paths, site_path, today)
    for warning in problems.warnings:
        reporter.warning(str(warning))
    problems.raise_errors()
    if fail_on_overdue and problems.overdue:
        names = ", ".join(problems.overdue)
        raise SourceError(
            f"{len(problems.overdue)} article(s) overdue for review: {names}",
            hint="review them and update 'last-reviewed' (and 'next-review'), "
            "or run without --fail-on-overdue.",
        )
    return articles


def lint(
    paths: list[Path],
    site_path: Path,
    reporter: Reporter,
    *,
    today: date,
    fail_on_overdue: bool = False,
) -> None:
    """``ssri-docs lint``: :func:`check_all`, then say how many files were checked."""
    articles = check_all(paths, site_path, reporter, today=today, fail_on_overdue=fail_on_overdue)
    reporter.info(f"checked {site_path.name} and {len(articles)} article(s): no problems")
