"""Build articles into ``output/``: choose articles and formats, run the writers, publish.

Every source is read and checked before anything is written. Each article's files
are published together, in one step, only once every requested format of that
article succeeded (``publish.py``), so a failed or killed build never leaves a
half-written, mixed or missing article where a good one was. One build at a time
writes an output folder (``publish.OutputLock``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .article_jobs import (
    Beside,
    Job,
    Outcome,
    make_here,
    make_products,
    records_beside,
    run_in_workers,
    worker_count,
)
from .build_key import KEY_FIELD, article_key, format_files
from .build_request import BuildRequest, in_shard, resolve_sources, shard_line
from .errors import BuildError, InternalError, UserError
from .formats import FORMATS, Writer
from .lint import check_and_warn
from .manifests import file_digests, read_manifests, write_downloads_page
from .model import Article
from .products import ArticleProducts, BuildOptions
from .publish import (
    OutputLock,
    article_folders,
    publish_article,
    read_record,
    recover,
    remove_article,
    replace_files,
)
from .reporting import Reporter, counted
from .source.loading import slug_taken
from .up_to_date import (
    RECHECK,
    UpToDate,
    articles_to_build,
    depfile_record,
    unchanged_records,
    warn_reviews,
)
from .writers import OutputFile


def build(
    request: BuildRequest, reporter: Reporter, *, checked: UpToDate | None = None
) -> list[Article]:
    """Build the requested formats of every requested article, then the downloads page.

    Holds the output folder's ``OutputLock`` from the first write to the last, so a
    second build into the same folder waits; cleans up after a killed build first.
    An article whose build key matches its published record is skipped (unless
    ``request.force``). First the no-op check (``up_to_date.articles_to_build``):
    when every requested article is unchanged, no source is read and the list
    returned is empty (else the list of the articles checked).
    One article's failure does not stop the others: the build
    publishes every article that succeeded, lists the failures, then raises (the one
    failure's own error, else a ``BuildError``, or an ``InternalError`` when any was a
    fault in ssri-docs). A build of the whole source folder also removes the articles
    whose source is gone (a build of named files never removes any).
    ``checked``: what ``articles_to_build`` gave the caller, when it had work.
    """
    if checked is None:
        checked = articles_to_build(request, reporter)
    if not checked.pending:
        return []
    paths, site_path = resolve_sources(request)
    today = request.today or date.today()
    formats = tuple(name for name in FORMATS if name in request.formats)  # any order works
    # Articles whose records show them unchanged are not read again (``up_to_date.py``):
    # after one edit in a library, only the edited article is parsed.
    known = checked.unchanged  # read without the lock, as the no-op check ran
    articles, warned, known = check_articles(paths, known, site_path, request, reporter)
    if request.sources:
        refuse_taken_slugs(articles, request.out_dir)
    if request.shard:
        articles = [a for a in articles if in_shard(a.slug, request.shard)]
        known = {p: r for p, r in known.items() if in_shard(r["slug"], request.shard)}
        count = len(articles) + len(known)
        reporter.info(shard_line(request.shard, count))
    with OutputLock(request.out_dir, reporter):
        recover(request.out_dir, reporter)
        if known:  # again under the lock: another build may have published since
            still, _ = unchanged_records(list(known), site_path, formats, request, today)
            if len(still) < len(known):
                gone = [path for path in known if path not in still]
                more, more_warned, _ = check_articles(gone, {}, site_path, request, reporter)
                articles, warned, known = [*articles, *more], warned | more_warned, still
        plans = [plan_article(a, formats, request, site_path, warned) for a in articles]
        pending = [plan for plan in plans if not plan.unchanged]
        skipped = [p.article.slug for p in plans if p.unchanged]
        skipped += [record["slug"] for record in known.values()]
        for slug in sorted(skipped):
            reporter.detail(f"{slug}: unchanged, skipped")
        total = len(plans) + len(known)
        if skipped:
            reporter.info(f"{len(skipped)} of {total} articles unchanged, skipped")
        refresh_records([plan for plan in plans if plan.unchanged], formats, request)
        failures = make_and_publish(pending, formats, request, reporter)
        removed = False
        if not request.sources:
            current = {a.slug for a in articles} | {r["slug"] for r in known.values()}
            removed = remove_stale_articles(request.out_dir, current, reporter, request.shard)
        if removed or len(failures) < len(pending) or not failures:
            write_downloads_page(request.out_dir, reporter, request.today)
    if failures:
        raise_failures(failures, total, reporter)
    return articles


def refuse_taken_slugs(articles: list[Article], out_dir: Path) -> None:
    """A build of named files checks their slugs against each other only: refuse one
    whose slug is published for another source file that still exists, which it
    would overwrite. Raises ``SourceError`` naming both files, as the full check does."""
    for article in articles:
        recheck = (read_record(out_dir / article.slug) or {}).get(RECHECK)
        source = recheck.get("source") if isinstance(recheck, dict) else None
        if not isinstance(source, str):
            continue
        other = (out_dir / source).resolve()
        if other != article.source_path.resolve() and other.is_file():
            raise slug_taken(article, other)


def check_articles(
    paths: list[Path],
    known: dict[Path, dict],
    site_path: Path,
    request: BuildRequest,
    reporter: Reporter,
) -> tuple[list[Article], set[Path], dict[Path, dict]]:
    """Check the articles of ``paths`` not in ``known`` (unchanged, by their records),
    and give the review warnings of those that are, from their records: every
    problem reported before any writing. Returns ``lint.check_and_warn``'s articles
    and warned files, and the known articles still to skip.

    Should a checked article take the slug of a known one, every article is checked,
    so that the full check names the clash. Raises ``SourceError`` as it does.
    """
    today = request.today or date.today()
    overdue = warn_reviews(list(known), list(known.values()), today, reporter)
    articles, warned = check_and_warn(
        [path for path in paths if path not in known],
        site_path,
        reporter,
        today=today,
        fail_on_overdue=request.fail_on_overdue,
        also_overdue=tuple(overdue),
    )
    if {a.slug for a in articles} & {record["slug"] for record in known.values()}:
        articles, warned = check_and_warn(
            paths, site_path, reporter, today=today, fail_on_overdue=request.fail_on_overdue
        )
        return articles, warned, {}
    return articles, warned, known


@dataclass(frozen=True)
class Plan:
    """One article of this build: its key, whether its published build matches it, and
    the record's entries for the next build's no-op check (``up_to_date.py``)."""

    article: Article
    key: str
    unchanged: bool
    beside: tuple[str, ...]  # other formats' files in its folder, as keyed
    site_path: Path
    warned: bool  # the check warned about its files (not about the date)
    recorded: bool = False  # a recording of it is published (an edit respeaks little)


def plan_article(
    article: Article,
    formats: tuple[str, ...],
    request: BuildRequest,
    site_path: Path,
    warned: set[Path] = frozenset(),
) -> Plan:
    """Key the article (``build_key.py``) and compare with its published record.

    ``warned``: the files (resolved) the check warned about, not for the date.
    """
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
    warned_here = bool({article.source_path, site_path.resolve()} & warned)
    recorded = FORMATS["audio"].main.name(article.slug) in built
    return Plan(article, key, unchanged, beside, site_path, warned_here, recorded)


def make_and_publish(
    plans: list[Plan], formats: tuple[str, ...], request: BuildRequest, reporter: Reporter
) -> list[Outcome]:
    """Make every planned article (in worker processes with ``--jobs`` above 1) and
    publish each as it is done, counting them; returns the failures."""
    workers = worker_count(request.jobs, len(plans))
    # --jobs N: at most N processes at work at once (as make -j), so --jobs 1 is one
    # process. When there are fewer articles than that, an article records beside its
    # layout; a new one also has half of its MP3 encoded by a helper. After an edit
    # (recorded before), most of the MP3 comes from the encoding cache, and starting
    # the helper costs more than it saves.
    overlap = records_beside(request.jobs, workers)
    jobs = [
        Job(
            p.article,
            formats,
            request.options,
            request.out_dir / p.article.slug,
            _beside(overlap, p.recorded),
        )
        for p in plans
    ]
    by_slug = {p.article.slug: p for p in plans}
    each = reporter.for_each_article(len(jobs))  # a library: a line per article
    if workers == 1:
        outcomes = (make_here(job, each, make_files) for job in jobs)
    else:
        reporter.info(f"building {len(jobs)} articles in {workers} worker processes")
        outcomes = run_in_workers(jobs, workers, each)
    failures = []
    for done, outcome in enumerate(outcomes, start=1):
        if outcome.log:
            reporter.write(outcome.log)
        if outcome.error is None:
            try:
                publish_built(outcome, by_slug[outcome.slug], request, each)
            except UserError as error:
                outcome.error, outcome.exception = str(error), error
        state = "built" if outcome.error is None else "FAILED"
        reporter.info(f"[{done}/{len(jobs)}] {outcome.slug}: {state}")
        if outcome.error is not None:
            failures.append(outcome)
    return failures


def _beside(overlap: bool, recorded: bool) -> Beside:
    if not overlap:
        return Beside.NOTHING
    return Beside.RECORDING if recorded else Beside.RECORDING_AND_ENCODING


def make_files(
    article: Article,
    formats: tuple[str, ...],
    options: BuildOptions,
    target: Path,
    reporter: Reporter,
    beside: Beside = Beside.NOTHING,
) -> list[OutputFile]:
    """Run each format's writer for one article; returns the files, not yet published.

    The writers share one ``ArticleProducts``: the leaflet layout and the recording are
    made at most once, by whichever writer asks first (or beside each other first,
    as ``beside`` says). Raises what a writer raises.
    """
    reporter.info(f"{article.title} ({article.slug})")
    products = ArticleProducts(article, options, reporter, target, formats)
    make_products(products, beside)
    written: dict[str, list[OutputFile]] = {}
    try:
        # the formats that do not wait for a recording being made elsewhere, first
        for name in sorted(formats, key=lambda name: FORMATS[name].uses_recording):
            reporter.info(f"  {name}: building")
            written[name] = load_writer(name)(article, products)
            for item in written[name]:
                reporter.detail(f"{item.name}: {len(item.data):,} bytes")
    except BaseException as error:  # Ctrl-C or SIGTERM stops a recording, not waited for
        products.settle(interrupted=not isinstance(error, Exception))
        raise
    products.settle()
    return [item for name in formats for item in written[name]]


def publish_built(outcome: Outcome, plan: Plan, request: BuildRequest, reporter: Reporter) -> None:
    """Publish one made article with its build record (raises ``UserError`` as
    ``publish_article`` does)."""
    article, out_dir = outcome.job.article, request.out_dir
    # every file the rebuilt formats can write: one not written again this time (the
    # booklet, without --booklet) would no longer match the rest
    superseded = format_files(outcome.job.formats, article.slug)
    record = build_record(plan, outcome.job.formats, request)
    publish_article(out_dir, article.slug, outcome.files, record, superseded)
    for item in outcome.files:
        reporter.info(f"  wrote {out_dir / article.slug / item.name}")


def build_record(plan: Plan, formats: tuple[str, ...], request: BuildRequest) -> dict:
    """The article's build record but its ``files``: what the downloads page shows,
    the build key, and what the next build's no-op check compares (``up_to_date.py``;
    ``plan.beside`` as the key has it, so the check compares what the key would)."""
    depfile = depfile_record(
        plan.article,
        plan.site_path,
        formats,
        request.options,
        plan.beside,
        request.out_dir,
        plan.warned,
    )
    return {**article_record(plan.article), KEY_FIELD: plan.key, **depfile}


def refresh_records(plans: list[Plan], formats: tuple[str, ...], request: BuildRequest) -> None:
    """Bring the no-op check's entries of unchanged articles up to date, files untouched.

    They go stale without a rebuild when the project or output folder moved (paths
    are kept relative to the output folder) or the folder was merged from another.
    Raises ``UserError`` as ``publish_article`` does.
    """
    for plan in plans:
        folder = request.out_dir / plan.article.slug
        earlier = read_record(folder) or {}
        record = build_record(plan, formats, request)
        if any(earlier.get(name) != value for name, value in record.items()):
            # no new file: every earlier file and its entry is kept, in one step
            publish_article(request.out_dir, plan.article.slug, [], record)


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
    reporter.write("\n".join(lines) + "\n")  # even with --quiet
    slugs = ", ".join(outcome.slug for outcome in failures)
    if any(outcome.internal for outcome in failures):
        raise InternalError(
            f"{counted(len(failures), 'article')} failed, at least one from a fault in "
            "ssri-docs or a worker process that was stopped",
            detail=slugs,
            listed=True,
        )
    raise BuildError(
        f"{len(failures)} of {total} articles were not built: {slugs}",
        hint="fix the problems listed above and build again; the other articles were published.",
    )


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


def publish(folder: Path, files: list[OutputFile], out_dir: Path) -> None:
    """Replace single files in a published folder (``ssri-docs check``'s reports).

    ``out_dir`` is the output folder ``folder`` belongs to. Each file is replaced in
    one step; see ``publish.replace_files``. Raises ``UserError`` as it does.
    """
    replace_files(folder, files)


# Also here, as before they moved to light modules: BuildRequest, resolve_sources and
# in_shard (build_request.py); read_manifests, file_digests, write_downloads_page
# (manifests.py).
__all__ = [
    "BuildError",
    "BuildRequest",
    "build",
    "build_article",
    "file_digests",
    "in_shard",
    "publish",
    "publish_article",
    "read_manifests",
    "remove_stale_articles",
    "resolve_sources",
    "write_downloads_page",
]
