"""Build articles into ``output/``: choose articles and formats, run the writers, publish.

Every source is read and checked before anything is written. Each article's files
are published together, in one step, only once every requested format of that
article succeeded (``publish.py``), so a failed or killed build never leaves a
half-written, mixed or missing article where a good one was. One build at a time
writes an output folder (``publish.OutputLock``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .checks.report import JSON_NAME as CONFORMANCE  # written by ``ssri-docs check``
from .errors import BuildError, UserError
from .formats import FORMATS, Writer
from .lint import check_all
from .model import Article
from .products import ArticleProducts, BuildOptions
from .publish import (
    RECORD,
    OutputLock,
    article_folders,
    publish_article,
    read_record,
    recover,
    remove_article,
    replace_files,
)
from .reporting import Reporter
from .source import SITE_FILE, find_articles
from .writers import OutputFile

MANIFEST = RECORD  # the build record, inside each article folder
INDEX = "index.html"


@dataclass(frozen=True)
class BuildRequest:
    sources: tuple[Path, ...]  # article files; empty means every article in source_dir
    source_dir: Path
    out_dir: Path
    formats: tuple[str, ...]
    options: BuildOptions
    today: date | None = None  # for the review-date check; None: the clock's date
    fail_on_overdue: bool = False  # an article past its next review stops the build


def resolve_sources(request: BuildRequest) -> tuple[list[Path], Path]:
    """The article files to build and the site.yaml that goes with them."""
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


def build(request: BuildRequest, reporter: Reporter) -> list[Article]:
    """Build the requested formats of every requested article, then the downloads page.

    Holds the output folder's ``OutputLock`` from the first write to the last, so a
    second build into the same folder waits; cleans up after a killed build first.
    A build of the whole source folder also removes the articles whose source is
    gone (a build of named files never removes any).
    """
    paths, site_path = resolve_sources(request)
    # every source checked, and every problem reported, before any writing
    articles = check_all(
        paths,
        site_path,
        reporter,
        today=request.today or date.today(),
        fail_on_overdue=request.fail_on_overdue,
    )
    formats = tuple(name for name in FORMATS if name in request.formats)  # any order works
    with OutputLock(request.out_dir, reporter):
        recover(request.out_dir, reporter)
        for article in articles:
            build_article(article, formats, request, reporter)
        if not request.sources:
            remove_stale_articles(request.out_dir, {a.slug for a in articles}, reporter)
        write_downloads_page(request.out_dir, reporter, request.today)
    return articles


def build_article(
    article: Article, formats: tuple[str, ...], request: BuildRequest, reporter: Reporter
) -> list[OutputFile]:
    """Run each writer for one article and publish its files together, in one step.

    The writers share one ``ArticleProducts``: the leaflet layout and the recording are
    made at most once, by whichever writer asks first. Call it holding the
    ``OutputLock`` of ``request.out_dir``.
    """
    reporter.info(f"{article.title} ({article.slug})")
    target = request.out_dir / article.slug
    products = ArticleProducts(article, request.options, reporter, target, formats)
    files: list[OutputFile] = []
    for name in formats:
        reporter.info(f"  {name}: building")
        written = load_writer(name)(article, products)
        for item in written:
            reporter.detail(f"{item.name}: {len(item.data):,} bytes")
        files.extend(written)
    # Every file the rebuilt formats can write: one this build did not write again (the
    # booklet, without --booklet) would no longer match the rest.
    superseded = frozenset(f.name(article.slug) for name in formats for f in FORMATS[name].files)
    publish_article(request.out_dir, article.slug, files, article_record(article), superseded)
    for item in files:
        reporter.info(f"  wrote {target / item.name}")
    return files


def load_writer(name: str) -> Writer:
    """The ``write`` function of the format called ``name`` (see ``formats.py``)."""
    return FORMATS[name].load_writer()


def article_record(article: Article) -> dict:
    """The article's part of its build record, read by the downloads page."""
    return {
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "language": article.language,
        "last_reviewed": article.last_reviewed.isoformat(),
        "next_review": article.next_review.isoformat(),
        "publisher": article.site.publisher,
        "publisher_url": article.site.publisher_url,
    }


def remove_stale_articles(out_dir: Path, current: set[str], reporter: Reporter) -> None:
    """Remove the published articles whose slug is not in ``current``, saying which."""
    for folder in article_folders(out_dir):
        if folder.name not in current:
            remove_article(out_dir, folder.name)
            reporter.warning(
                f"removed {folder}: no article in the source folder has the slug "
                f"'{folder.name}' any more"
            )


def read_manifests(out_dir: Path) -> list[dict]:
    """Every article's build record under ``out_dir``, files that still exist only."""
    manifests = []
    for folder in article_folders(out_dir):  # never a staging or stray folder
        path = folder / MANIFEST
        manifest = read_record(folder)
        if not manifest:
            continue
        manifest["files"] = {
            name: info
            for name, info in manifest.get("files", {}).items()
            if (path.parent / name).is_file()
        }
        manifest["files"] = {
            name: {**info, "size": (path.parent / name).stat().st_size}
            for name, info in manifest["files"].items()
        }
        conformance = _current_conformance(path.parent)
        if conformance:
            manifest["conformance"] = conformance
        manifests.append(manifest)
    return sorted(manifests, key=lambda m: m.get("title", "").lower())


def file_digests(folder: Path) -> dict[str, str]:
    """sha256 of every built file recorded in ``folder``'s build record."""
    manifest = read_record(folder) or {}
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in manifest.get("files", {})
        if (folder / name).is_file()
    }


def _current_conformance(folder: Path) -> dict | None:
    """The last ``ssri-docs check`` result, if the files are still the ones it checked."""
    record = _read_json(folder / CONFORMANCE)
    if not record or not record.get("checked_files"):
        return None
    if record["checked_files"] != file_digests(folder):
        return None  # rebuilt since: the old result no longer describes these files
    return {
        "status": record.get("status"),
        "counts": record.get("counts", {}),
        "report": record.get("report"),
    }


def write_downloads_page(out_dir: Path, reporter: Reporter, today: date | None = None) -> None:
    """Write ``output/index.html`` listing every built article and format.

    An article whose next review is before ``today`` (default: the clock's) is marked.
    """
    from .downloads import render_downloads_page

    data = render_downloads_page(read_manifests(out_dir), today or date.today())
    replace_files(out_dir, [OutputFile(INDEX, data, "text/html", "Downloads page")])
    reporter.info(f"wrote {out_dir / INDEX}")


def publish(folder: Path, files: list[OutputFile], out_dir: Path) -> None:
    """Replace single files in a published folder (``ssri-docs check``'s reports).

    ``out_dir`` is the output folder ``folder`` belongs to. Each file is replaced in
    one step; see ``publish.replace_files``. Raises ``UserError`` as it does.
    """
    replace_files(folder, files)


def _read_json(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


__all__ = [
    "BuildError",
    "BuildRequest",
    "build",
    "build_article",
    "publish",
    "publish_article",
    "read_manifests",
    "remove_stale_articles",
]
