"""Build articles into ``output/``: choose articles and formats, stage, publish.

Every source is read and checked before anything is written. Each article's files
are written into a staging folder first and moved into ``output/<slug>/`` only once
every requested format of that article succeeded, so a failed build never leaves a
half-written or missing file where a good one was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .checks.report import JSON_NAME as CONFORMANCE  # written by ``ssri-docs check``
from .errors import BuildError, UserError
from .formats import FORMATS, Writer
from .lint import check_all
from .model import Article
from .products import ArticleProducts, BuildOptions
from .reporting import Reporter
from .source import SITE_FILE, find_articles
from .writers import OutputFile

MANIFEST = "build.json"
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
    """Build the requested formats of every requested article, then the downloads page."""
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
    request.out_dir.mkdir(parents=True, exist_ok=True)
    for article in articles:
        build_article(article, formats, request, reporter)
    write_downloads_page(request.out_dir, reporter, request.today)
    return articles


def build_article(
    article: Article, formats: tuple[str, ...], request: BuildRequest, reporter: Reporter
) -> list[OutputFile]:
    """Run each writer for one article and publish its files together.

    The writers share one ``ArticleProducts``: the leaflet layout and the recording are
    made at most once, by whichever writer asks first.
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
    publish(target, files, request.out_dir)
    _update_manifest(target, article, files)
    for item in files:
        reporter.info(f"  wrote {target / item.name}")
    return files


def load_writer(name: str) -> Writer:
    """The ``write`` function of the format called ``name`` (see ``formats.py``)."""
    return FORMATS[name].load_writer()


def publish(target: Path, files: list[OutputFile], out_dir: Path) -> None:
    """Write ``files`` into a staging folder, then move each into ``target``."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".staging-", dir=out_dir) as staging:
        staged = []
        for item in files:
            path = Path(staging) / item.name
            path.write_bytes(item.data)
            staged.append(path)
        target.mkdir(parents=True, exist_ok=True)
        for path in staged:
            os.replace(path, target / path.name)  # atomic on one file system


def _update_manifest(target: Path, article: Article, files: list[OutputFile]) -> None:
    """Record what is in ``output/<slug>/`` for the downloads page."""
    manifest_path = target / MANIFEST
    manifest = _read_manifest(manifest_path) or {}
    entries = dict(manifest.get("files", {}))
    for item in files:
        entries[item.name] = {
            "label": item.label,
            "media_type": item.media_type,
            "size": len(item.data),
            **item.details,
        }
    manifest = {
        "slug": article.slug,
        "title": article.title,
        "summary": article.summary,
        "language": article.language,
        "last_reviewed": article.last_reviewed.isoformat(),
        "next_review": article.next_review.isoformat(),
        "publisher": article.site.publisher,
        "publisher_url": article.site.publisher_url,
        "files": dict(sorted(entries.items())),
    }
    data = json.dumps(manifest, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    publish(
        target,
        [OutputFile(MANIFEST, data.encode(), "application/json", "Build record")],
        target.parent,
    )


def _read_manifest(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def read_manifests(out_dir: Path) -> list[dict]:
    """Every article's build record under ``out_dir``, files that still exist only."""
    manifests = []
    for path in sorted(out_dir.glob(f"*/{MANIFEST}")):
        manifest = _read_manifest(path)
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
    manifest = _read_manifest(folder / MANIFEST) or {}
    return {
        name: hashlib.sha256((folder / name).read_bytes()).hexdigest()
        for name in manifest.get("files", {})
        if (folder / name).is_file()
    }


def _current_conformance(folder: Path) -> dict | None:
    """The last ``ssri-docs check`` result, if the files are still the ones it checked."""
    record = _read_manifest(folder / CONFORMANCE)
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
    publish(out_dir, [OutputFile(INDEX, data, "text/html", "Downloads page")], out_dir)
    reporter.info(f"wrote {out_dir / INDEX}")


def clean_staging(out_dir: Path) -> None:
    """Remove staging folders left by a build that was killed."""
    for path in out_dir.glob(".staging-*"):
        shutil.rmtree(path, ignore_errors=True)


__all__ = ["BuildRequest", "BuildError", "build", "build_article", "publish", "read_manifests"]
