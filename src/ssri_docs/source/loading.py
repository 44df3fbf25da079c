"""Find the articles in a source folder and load them, with the site settings, into the model.

This is where the parts meet: ``site`` reads the shared settings, ``front_matter`` the
details box, ``body`` the Markdown text; here a file becomes one
:class:`~ssri_docs.model.Article`, and a set of files is checked as a whole (two
articles may not share a slug, since the slug names the output folder, and review
dates are compared with today). Every problem in every file is collected
(:class:`~ssri_docs.source.problems.Problems`), so one run reports them all.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ..errors import SourceError
from ..model import Article, Site
from .body import parse_body
from .fields import PLACEHOLDER, read_text
from .front_matter import read_details, split_front_matter
from .problems import Problems
from .review import check_reviews
from .site import load_site

# Checks the articles when site.yaml itself has a problem (already reported): the
# stand-in disclaimer keeps an article from being blamed for the site's missing one.
_STAND_IN_SITE = Site(
    publisher="",
    publisher_url="",
    disclaimer="(the site's)",
    contact="",
    other_formats="",
    downloads_url="",
)


def load_article(
    path: Path, site: Site, problems: Problems | None = None, today: date | None = None
) -> Article:
    """Read one article file into the model, checking everything a writer relies on.

    Warnings go to ``problems`` when given; ``today`` (default: the clock's) dates the
    "published in the future" check. Raises SourceError for every problem in the file
    (a SourceProblems when there are several).
    """
    own = Problems()
    article = _read_article(path, site, own, today or date.today())
    if problems is not None:
        problems.warnings.extend(own.warnings)
    own.raise_errors()
    assert article is not None  # no errors, so every field was read
    return article


def _read_article(path: Path, site: Site, problems: Problems, today: date) -> Article | None:
    """The article at ``path``, or None with its problems added to ``problems``."""
    text = read_text(path, hint="check the file name and that the file is saved as UTF-8.")
    front, body, body_line = split_front_matter(text, path)
    details = read_details(front, path, site, problems, today)
    blocks = None
    with problems.collect():
        _check_placeholders(body, path, body_line)
        blocks = parse_body(body, path, body_line)
    if details is None or blocks is None:
        return None
    return Article(**details, blocks=blocks, site=site, source_path=path.resolve())


def _check_placeholders(body: str, path: Path, first_line: int) -> None:
    for number, line in enumerate(body.splitlines(), start=first_line):
        if PLACEHOLDER in line:
            raise SourceError(
                "the article text still has the template's placeholder text",
                path=path,
                line=number,
                hint=f"replace the '{PLACEHOLDER} ...' text with the article's own words.",
            )


def check_sources(
    paths: list[Path], site_path: Path, today: date, neighbours: list[Path] | None = None
) -> tuple[list[Article], Problems]:
    """Read ``site_path`` and every article in ``paths`` without stopping at a problem.

    Returns the articles that have no problem, in order, and every problem and warning
    found in every file (including two articles sharing a slug, and review dates
    past or within the site's ``review-warning-days`` of ``today``). ``neighbours``:
    other article files whose slugs these articles may not take (only their slugs are
    read; their own problems are not reported).
    """
    problems = Problems()
    site = _STAND_IN_SITE
    with problems.collect():
        site = load_site(site_path, problems)
    articles: list[Article] = []
    seen: dict[str, Path] = {}
    for path in paths:
        with problems.collect():
            article = _read_article(path, site, problems, today)
            if article is None:
                continue
            if article.slug in seen:
                raise slug_taken(article, seen[article.slug])
            seen[article.slug] = path
            articles.append(article)
    by_slug = {article.slug: article for article in articles}
    for other in neighbours or ():
        slug = declared_slug(other)
        if slug in by_slug and other.resolve() != by_slug[slug].source_path:
            with problems.collect():
                raise slug_taken(by_slug[slug], other)
    lines = {article.slug: review_line(article.source_path) for article in articles}
    if site is not _STAND_IN_SITE:
        check_reviews(articles, today, problems, lines)
    return articles, problems


def load_sources(paths: list[Path], site_path: Path, today: date | None = None) -> list[Article]:
    """Read the site settings at ``site_path`` and every article in ``paths``, in order.

    Raises SourceError listing every problem in every file (a SourceProblems when
    there are several); warnings are not reported (see :func:`check_sources`).
    """
    articles, problems = check_sources(paths, site_path, today or date.today())
    problems.raise_errors()
    return articles


def declared_slug(path: Path) -> str | None:
    """The slug the article file at ``path`` declares, read from its details box alone;
    None when the file, its details box or its slug cannot be read."""
    import yaml

    try:
        front, _, _ = split_front_matter(path.read_text(encoding="utf-8-sig"), path)
        details = yaml.load(front, Loader=yaml.BaseLoader)  # all strings: no bad dates
    except (OSError, UnicodeDecodeError, SourceError, yaml.YAMLError):
        return None
    slug = details.get("slug") if isinstance(details, dict) else None
    return slug if isinstance(slug, str) else None


def review_line(path: Path) -> int | None:
    """The line of the article's review date (``next-review``, else ``last-reviewed``)
    in its source at ``path``, which review warnings point to; None if neither."""
    return _line_of_key(path, "next-review") or _line_of_key(path, "last-reviewed")


def slug_taken(article: Article, other: Path) -> SourceError:
    """The error for ``article`` taking the slug of the article in the file ``other``."""
    return SourceError(
        f"the slug {article.slug!r} is already used by {other.name}",
        path=article.source_path,
        line=_line_of_key(article.source_path, "slug"),
        hint="give each article its own slug.",
    )


def _line_of_key(path: Path, key: str) -> int | None:
    text = path.read_text(encoding="utf-8-sig")
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None
