"""What a build is asked to do (``BuildRequest``) and which source files that names.

Light on purpose: the command line and the no-op check (``up_to_date.py``) read it
before anything parses a source, so it imports no document model and no Markdown or
YAML reader.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .errors import UserError
from .products import BuildOptions
from .reporting import counted

SITE_FILE = "site.yaml"  # the site settings' name inside the source folder


@dataclass(frozen=True)
class BuildRequest:
    sources: tuple[Path, ...]  # article files; empty means every article in source_dir
    source_dir: Path
    out_dir: Path
    formats: tuple[str, ...]
    options: BuildOptions
    today: date | None = None  # for the review-date check; None: the clock's date
    fail_on_overdue: bool = False  # an article past its next review stops the build
    force: bool = False  # rebuild articles whose build key matches their published one
    jobs: int | None = 1  # worker processes across articles; None: one per CPU
    shard: tuple[int, int] | None = None  # (K, N): build only shard K of N


def find_articles(source_dir: Path) -> list[Path]:
    """Every article file (``*.md`` but README.md) in ``source_dir``, sorted by name."""
    return sorted(p for p in source_dir.glob("*.md") if p.name.lower() != "readme.md")


def resolve_sources(request: BuildRequest) -> tuple[list[Path], Path]:
    """The article files to build and the site.yaml that goes with them.

    Raises ``UserError`` when a named file or the source folder is missing, or the
    folder holds no article.
    """
    if request.sources:
        paths = [Path(p) for p in request.sources]
        for path in paths:
            if not path.is_file():
                raise UserError(
                    "the article file does not exist",
                    path=path,
                    hint="give the path of a .md file in source/, or no path to build them all.",
                )
        site = paths[0].parent / SITE_FILE
        if not site.is_file():
            site = request.source_dir / SITE_FILE
        return paths, site
    if not request.source_dir.is_dir():
        raise UserError(
            "the source folder does not exist",
            path=request.source_dir,
            hint="run the command from the project folder, or pass --source.",
        )
    paths = find_articles(request.source_dir)
    if not paths:
        raise UserError(
            "there are no articles (.md files) in the source folder",
            path=request.source_dir,
            hint="add an article (see docs/source-format.md) "
            "or import one with 'ssri-docs import'.",
        )
    return paths, request.source_dir / SITE_FILE


def in_shard(slug: str, shard: tuple[int, int]) -> bool:
    """Whether article ``slug`` belongs to shard ``K/N`` (K counted from 1).

    By the slug's SHA-256, so an article's shard never changes when others are added.
    """
    number, count = shard
    return int(hashlib.sha256(slug.encode("utf-8")).hexdigest(), 16) % count == number - 1


def shard_line(shard: tuple[int, int], articles: int) -> str:
    """What a sharded build says first: "shard 2/4: 25 articles"."""
    return f"shard {shard[0]}/{shard[1]}: {counted(articles, 'article')}"


__all__ = [
    "SITE_FILE",
    "BuildRequest",
    "find_articles",
    "in_shard",
    "resolve_sources",
    "shard_line",
]
