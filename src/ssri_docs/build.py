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
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .article_jobs import Job, Outcome, make_here, make_products, run_in_workers, worker_count
from .build_key import KEY_FIELD, article_key, format_files
from .checks.report import JSON_NAME as CONFORMANCE  # written by ``ssri-docs check``
from .errors import BuildError, InternalError, UserError
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
    force: bool = False  # rebuild articles whose build key matches their published one
    jobs: int | None = 1  # worker processes across articles; None: one per CPU
    shard: tuple[int, int] | None = None  # (K, N): build only shard K of N


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
    An article whose build key matches its published record is skipped (unless
    ``request.force``). One article's failure does not stop the others: the build
    publishes every article that succeeded, lists the failures, then raises (the one
    failure's own error, else a ``BuildError``, or an ``InternalError`` when any was a
    fault in ssri-docs). A build of the whole source folder also removes the articles
    whose source is gone (a build of named files never removes any).
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
    if request.shard:
        articles = [a for a in articles if in_shard(a.slug, request.shard)]
        reporter.info(f"shard {request.shard[0]}/{request.shard[1]}: {len(articles)} articles")
    formats = tuple(name for name in FORMATS if name in request.formats)  # any order works
    with OutputLock(request.out_dir, reporter):
        recover(request.out_dir, reporter)
        plans = [plan_article(a, formats, request, site_path) for a in articles]
        pending = [plan for plan in plans if not plan.unchanged]
        for plan in plans:
            if plan.unchanged:
                reporter.detail(f"{plan.article.slug}: unchanged, skipped")
        if len(pending) < len(plans):
            reporter.info(
                f"{len(plans) - len(pending)} of {len(plans)} articles unchanged, skipped"
            )
        failures = make_and_publish(pending, formats, request, reporter)
        removed = False
        if not request.sources:
            current = {a.slug for a in articles}
            removed = remove_stale_articles(request.out_dir, current, reporter, request.shard)
        if removed or len(failures) < len(pending) or not failures:
            write_downloads_page(request.out_dir, reporter, request.today)
    if failures:
        raise_failures(failures, len(plans), reporter)
    return articles


@dataclass(frozen=True)
class Plan:
    """One article of this build: its key, and whether its published build matches it."""

    article: Article
    key: str
    unchanged: bool


def plan_article(
    article: Article, formats: tuple[str, ...], request: BuildRequest, site_path: Path
) -> Plan:
    """Key the article (``build_key.py``) and compare with its published record."""
    folder = request.out_dir / article.slug
    record = read_record(folder) or {}
    built = set(record.get("files", {}))
    beside = tuple(sorted(built - format_files(formats, article.slug)))
    key = article_key(article, site_path, formats, request.options, beside)
    unchanged = (
        not request.force
        and record.get(KEY_FIELD) == key
        # each format's main file: some files are optional (the booklet, --booklet)
        and {FORMATS[name].main.name(article.slug) for name in formats} <= built
        and all((folder / name).is_file() for name in built)
    )
    return Plan(article, key, unchanged)


def make_and_publish(
    plans: list[Plan], formats: tuple[str, ...], request: BuildRequest, reporter: Reporter
) -> list[Outcome]:
    """Make every planned article (in worker processes with ``--jobs`` above 1) and
    publish each as it is done, counting them; returns the failures."""
    workers = worker_count(request.jobs, len(plans))
    # --jobs N: at most N processes at work at once (as make -j), so --jobs 1 is one
    # process. When there are fewer articles than that, each records beside its layout.
    overlap = 2 * workers <= (request.jobs or os.cpu_count() or 1)
    jobs = [
        Job(p.article, formats, request.options, request.out_dir / p.article.slug, overlap)
        for p in plans
    ]
    keys = {p.article.slug: p.key for p in plans}
    if workers == 1:
        outcomes = (make_here(job, reporter, make_files) for job in jobs)
    else:
        reporter.info(f"building {len(jobs)} articles in {workers} worker processes")
        outcomes = run_in_workers(jobs, workers, reporter)
    failures = []
    for done, outcome in enumerate(outcomes, start=1):
        if outcome.log:
            reporter.stream.write(outcome.log)
        if outcome.error is None:
            try:
                publish_built(outcome, keys[outcome.slug], request.out_dir, reporter)
            except UserError as error:
                outcome.error, outcome.exception = str(error), error
        state = "built" if outcome.error is None else "FAILED"
        reporter.info(f"[{done}/{len(jobs)}] {outcome.slug}: {state}")
        if outcome.error is not None:
            failures.append(outcome)
    return failures


def make_files(
    article: Article,
    formats: tuple[str, ...],
    options: BuildOptions,
    target: Path,
    reporter: Reporter,
    overlap: bool = False,
) -> list[OutputFile]:
    """Run each format's writer for one article; returns the files, not yet published.

    The writers share one ``ArticleProducts``: the leaflet layout and the recording are
    made at most once, by whichever writer asks first (or beside each other first,
    with ``overlap``). Raises what a writer raises.
    """
    reporter.info(f"{article.title} ({article.slug})")
    products = ArticleProducts(article, options, reporter, target, formats)
    make_products(products, overlap)
    written: dict[str, list[OutputFile]] = {}
    try:
        # the formats that do not wait for a recording being made elsewhere, first
        for name in sorted(formats, key=lambda name: FORMATS[name].uses_recording):
            reporter.info(f"  {name}: building")
            written[name] = load_writer(name)(article, products)
            for item in written[name]:
                reporter.detail(f"{item.name}: {len(item.data):,} bytes")
    finally:
        products.settle()
    return [item for name in formats for item in written[name]]


def publish_built(outcome: Outcome, key: str, out_dir: Path, reporter: Reporter) -> None:
    """Publish one made article with its build key (raises ``UserError`` as
    ``publish_article`` does)."""
    article = outcome.job.article
    record = {**article_record(article), KEY_FIELD: key}
    # every file the rebuilt formats can write: one not written again this time (the
    # booklet, without --booklet) would no longer match the rest
    superseded = format_files(outcome.job.formats, article.slug)
    publish_article(out_dir, article.slug, outcome.files, record, superseded)
    for item in outcome.files:
        reporter.info(f"  wrote {out_dir / article.slug / item.name}")


def build_article(
    article: Article, formats: tuple[str, ...], request: BuildRequest, reporter: Reporter
) -> list[OutputFile]:
    """Make one article's files and publish them together, in one step, unkeyed
    (so the next build makes it again). Call it holding the ``OutputLock``."""
    target = request.out_dir / article.slug
    files = make_files(article, formats, request.options, target, reporter)
    superseded = format_files(formats, article.slug)  # as in publish_built
    publish_article(request.out_dir, article.slug, files, article_record(article), superseded)
    for item in files:
        reporter.info(f"  wrote {target / item.name}")
    return files


def raise_failures(failures: list[Outcome], total: int, reporter: Reporter) -> None:
    """List what failed, then raise: the one failure's own error when there is one."""
    if len(failures) == 1 and failures[0].exception is not None:
        raise failures[0].exception
    lines = [f"{len(failures)} of {total} articles were not built:"]
    for outcome in failures:
        kind = "internal error" if outcome.internal else "error"
        lines.append(f"  {outcome.slug}: {kind}: {outcome.error.strip()}")
    print("\n".join(lines), file=reporter.stream, flush=True)  # even with --quiet
    slugs = ", ".join(outcome.slug for outcome in failures)
    if any(outcome.internal for outcome in failures):
        raise InternalError(
            f"{len(failures)} articles failed, at least one from a fault in ssri-docs",
            detail=slugs,
        )
    raise BuildError(
        f"{len(failures)} of {total} articles were not built: {slugs}",
        hint="fix the problems listed above and build again; the other articles were published.",
    )


def in_shard(slug: str, shard: tuple[int, int]) -> bool:
    """Whether article ``slug`` belongs to shard ``K/N`` (K counted from 1).

    By the slug's SHA-256, so an article's shard never changes when others are added.
    """
    number, count = shard
    return int(hashlib.sha256(slug.encode("utf-8")).hexdigest(), 16) % count == number - 1


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


def remove_stale_articles(
    out_dir: Path, current: set[str], reporter: Reporter, shard: tuple[int, int] | None = None
) -> bool:
    """Remove the published articles whose slug is not in ``current``, saying which.

    With ``shard``, only articles of that shard are considered (another shard's
    articles are not this build's to remove). Returns whether any was removed.
    """
    removed = False
    for folder in article_folders(out_dir):
        if shard and not in_shard(folder.name, shard):
            continue
        if folder.name not in current:
            removed = True
            remove_article(out_dir, folder.name)
            reporter.warning(
                f"removed {folder}: no article in the source folder has the slug "
                f"'{folder.name}' any more"
            )
    return removed


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
    try:
        if (out_dir / INDEX).read_bytes() == data:
            return  # unchanged: left alone, so a no-op build changes nothing
    except OSError:
        pass
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
