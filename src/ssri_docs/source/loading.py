"""Find the articles in a source folder and load them, with the site settings, into the model.

This is where the parts meet: ``site`` reads the shared settings, ``front_matter`` the
details box, ``body`` the Markdown text; here a file becomes one
:class:`~ssri_docs.model.Article`, and a set of files is checked as a whole (two
articles may not share a slug, since the slug names the output folder).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import SourceError
from ..model import Article, Site
from .body import parse_body
from .fields import read_text
from .front_matter import read_details, split_front_matter
from .site import load_site


def load_article(path: Path, site: Site) -> Article:
    """Read one article file into the model, checking everything a writer relies on.

    Raises SourceError (file, line, what to do) for the first problem found.
    """
    text = read_text(path, hint="check the file name and that the file is saved as UTF-8.")
    front, body, body_line = split_front_matter(text, path)
    details = read_details(front, path, site)
    return Article(
        **details,
        blocks=parse_body(body, path, body_line),
        site=site,
        source_path=path.resolve(),
    )


def load_sources(paths: list[Path], site_path: Path) -> list[Article]:
    """Read the site settings at ``site_path`` and every article in ``paths``, in order.

    Raises SourceError for the first problem, including two articles sharing a slug.
    """
    site = load_site(site_path)
    articles: list[Article] = []
    seen: dict[str, Path] = {}
    for path in paths:
        article = load_article(path, site)
        if article.slug in seen:
            raise SourceError(
                f"the slug {article.slug!r} is already used by {seen[article.slug].name}",
                path=path,
                line=_line_of_key(path, "slug"),
                hint="give each article its own slug.",
            )
        seen[article.slug] = path
        articles.append(article)
    return articles


def find_articles(source_dir: Path) -> list[Path]:
    """Every article file (``*.md`` but README.md) in ``source_dir``, sorted by name."""
    return sorted(p for p in source_dir.glob("*.md") if p.name.lower() != "readme.md")


def _line_of_key(path: Path, key: str) -> int | None:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.startswith(f"{key}:"):
            return number
    return None
