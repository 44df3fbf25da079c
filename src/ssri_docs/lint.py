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

from .model import Article
from .reporting import Reporter, counted
from .review_dates import overdue_error
from .source import check_sources


def check_and_warn(
    paths: list[Path],
    site_path: Path,
    reporter: Reporter,
    *,
    today: date,
    fail_on_overdue: bool = False,
    also_overdue: tuple[str, ...] = (),
    neighbours: list[Path] | None = None,
) -> tuple[list[Article], set[Path]]:
    """Check ``site_path`` and every article in ``paths``; print every warning.

    Returns the articles (all valid) and the files (resolved) that had a warning which
    depends on the files alone, not on today's date (curly quotes...): a build records
    which articles had none, and only those may skip the next check. Raises
    SourceError listing every problem in every file, or naming the overdue articles
    when ``fail_on_overdue``. ``also_overdue``: overdue articles found without reading
    them (``up_to_date.py``), named with the others. ``neighbours``: the other articles
    of the folder, whose slugs these may not take.
    """
    articles, problems = check_sources(paths, site_path, today, neighbours)
    for warning in problems.warnings:
        reporter.warning(str(warning))
    problems.raise_errors()
    overdue = [*also_overdue, *problems.overdue]
    if fail_on_overdue and overdue:
        raise overdue_error(overdue)
    warned = {Path(w.path).resolve() for w in problems.warnings if w.path and not w.dated}
    return articles, warned


def lint(
    paths: list[Path],
    site_path: Path,
    reporter: Reporter,
    *,
    today: date,
    fail_on_overdue: bool = False,
    neighbours: list[Path] | None = None,
) -> None:
    """``ssri-docs lint``: :func:`check_and_warn`, then say how many files were checked."""
    articles, _ = check_and_warn(
        paths,
        site_path,
        reporter,
        today=today,
        fail_on_overdue=fail_on_overdue,
        neighbours=neighbours,
    )
    reporter.info(f"checked {site_path.name} and {counted(len(articles), 'article')}: no problems")


def neighbours_of(paths: list[Path]) -> list[Path]:
    """The other article files in the folders of ``paths``: files named alone
    (``ssri-docs lint source/new.md``) may not take the slug of one of them."""
    from .build_request import find_articles

    named = {path.resolve() for path in paths}
    folders = dict.fromkeys(path.resolve().parent for path in paths)
    return [other for f in folders for other in find_articles(f) if other.resolve() not in named]
