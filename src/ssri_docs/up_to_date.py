"""The no-op check: is every requested article already published as it would be built?

Like make's dependency files (``gcc -MD``): when an article is published, its build
record also keeps what it was built from (``depfile_record``): the SHA-256 of every
file its build key read (source, site.yaml, pictures, logo; by path relative to the
output folder) and of the rest of the key (ssri-docs, the tools, formats, options, the
files beside). A later build first compares those with today's files
(``articles_to_build``), before it reads or parses any source, and before the heavy
imports: when every requested article matches, nothing needs building.

What depends on the date and not on the files still happens on this path, with the
words of the full check (``review_dates.py``): the review-date warnings,
``--fail-on-overdue``, and the downloads page (it marks overdue articles). Anything
it cannot show unchanged (a file differs or is gone, an article is new or stale, the
record is from an older ssri-docs, the source had a warning only the full check
prints) sends the build down the full path, which checks everything again: so a
mistake here can cost time, never a stale output.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .build_key import environment_digest, file_digest, format_files, input_files
from .build_request import BuildRequest, in_shard, resolve_sources, shard_line
from .errors import SourceError
from .formats import FORMATS
from .manifests import write_downloads_page
from .publish import OutputLock, article_folders, read_record, recover
from .reporting import Reporter
from .review_dates import REVIEW_HINT, overdue_error, review_message, review_state

if TYPE_CHECKING:
    from .model import Article
    from .products import BuildOptions

INPUTS = "inputs"  # {file, relative to the output folder: its SHA-256}
ENVIRONMENT = "environment"  # SHA-256 of build_key.environment
RECHECK = "recheck"  # what the no-op check needs besides: see depfile_record


def depfile_record(
    article: Article,
    site_path: Path,
    formats: tuple[str, ...],
    options: BuildOptions,
    beside: tuple[str, ...],
    out_dir: Path,
    warned: bool,
) -> dict:
    """The build record's entries for the no-op check (added to ``build.json``).

    ``warned``: the full check printed a warning about this article's files that is
    not about today's date (the no-op check then never skips it, so the warning is
    printed every time, as before). The source's ``review_line`` locates the review
    warnings; ``published`` dates the "published in the future" warning.
    """
    from .source.loading import review_line  # the full path has it loaded already

    files = input_files(article, site_path)
    paths = [files["source"], files["site"], *files["pictures"].values(), files["logo"]]
    return {
        INPUTS: {_relative(path, out_dir): file_digest(path) for path in paths if path},
        ENVIRONMENT: environment_digest(formats, options, beside),
        RECHECK: {
            "source": _relative(article.source_path, out_dir),
            "site": _relative(site_path, out_dir),
            "review_warning_days": article.site.review_warning_days,
            "review_line": review_line(article.source_path),
            "published": article.published.isoformat(),
            "warned": warned,
        },
    }


class UpToDate(NamedTuple):
    """What the no-op check found (``articles_to_build``)."""

    pending: int  # requested articles that may need building; 0: the build is done
    unchanged: dict[Path, dict]  # the others' records, by source path (``unchanged_records``)


def articles_to_build(request: BuildRequest, reporter: Reporter) -> UpToDate:
    """Finish the build without reading a source, if every requested article is unchanged.

    Returns how many requested articles may need building (at least 1, having written
    nothing; the caller then runs the full build, which may take the unchanged ones'
    records from here), or 0 when the build is done: the review warnings printed,
    "N of N articles unchanged, skipped" said and the downloads page rewritten if
    today's date changes it. Raises ``UserError`` as the full build does for a
    missing file or folder, and ``SourceError`` for overdue articles with
    ``request.fail_on_overdue``. With ``request.force``, every article.
    """
    paths, site_path = resolve_sources(request)
    if request.force or not request.out_dir.is_dir():  # nothing published yet
        return UpToDate(max(len(paths), 1), {})
    today = request.today or date.today()
    formats = tuple(name for name in FORMATS if name in request.formats)
    # First without the lock, so that a build that has anything to do (or that the
    # full check will refuse) creates nothing; then again under it, as another build
    # may have published in between.
    found, stale = unchanged_records(paths, site_path, formats, request, today)
    if pending := _pending(paths, found, stale):
        return UpToDate(pending, found)
    with OutputLock(request.out_dir, reporter):
        recover(request.out_dir, reporter)
        found, stale = unchanged_records(paths, site_path, formats, request, today)
        if pending := _pending(paths, found, stale):
            return UpToDate(pending, found)
        records = [found[path] for path in paths]
        _warn_reviews(paths, records, today, reporter, request.fail_on_overdue)
        slugs = [record["slug"] for record in records]
        if request.shard:
            slugs = [slug for slug in slugs if in_shard(slug, request.shard)]
            reporter.info(shard_line(request.shard, len(slugs)))
        for slug in slugs:
            reporter.detail(f"{slug}: unchanged, skipped")
        if slugs:
            reporter.info(f"{len(slugs)} of {len(slugs)} articles unchanged, skipped")
        write_downloads_page(request.out_dir, reporter, request.today)
    return UpToDate(0, found)


def _pending(paths: list[Path], found: dict[Path, dict], stale: bool) -> int:
    """How many of ``paths`` may need building, from ``unchanged_records``: those not
    shown unchanged (changed or new), at least 1 when a published article is stale
    (to remove); 0 when nothing needs building."""
    if stale or len(found) < len(paths):
        return max(len(paths) - len(found), 1)
    return 0


def unchanged_records(
    paths: list[Path],
    site_path: Path,
    formats: tuple[str, ...],
    request: BuildRequest,
    today: date,
) -> tuple[dict[Path, dict], bool]:
    """The articles of ``paths`` shown unchanged by their published records alone,
    without reading a source: {path: record}, and whether a published article may be
    stale (a whole-folder build: a record naming no source of ``paths``, or of an
    older ssri-docs), for the full path to remove or check.

    An article goes to the full path (is not in the dict) when any doubt remains:
    changed, new, two records naming it, another site.yaml, or a warning only the
    full check prints.
    """
    out_dir = request.out_dir.resolve()
    wanted = {_relative(path, out_dir): path for path in paths}
    site = _relative(site_path, out_dir)
    digests = _Digests(out_dir, formats, request)
    found: dict[Path, dict] = {}
    doubtful: set[Path] = set()
    stale = False
    for folder in article_folders(out_dir):
        record = read_record(folder) or {}
        recheck = record.get(RECHECK)
        path = wanted.get(recheck.get("source")) if isinstance(recheck, dict) else None
        if path is None:
            stale = stale or (not request.sources and _in_shard(folder.name, request.shard))
            continue
        if path in found or recheck.get("site") != site:
            doubtful.add(path)  # two records name it, or built with another site.yaml
        elif _unchanged(folder, record, formats, today, digests):
            found[path] = record
    return {path: record for path, record in found.items() if path not in doubtful}, stale


class _Digests:
    """Today's digests, each computed once per check: a library's articles share the
    site.yaml, the logo and (as a rule) the environment."""

    def __init__(self, out_dir: Path, formats: tuple[str, ...], request: BuildRequest) -> None:
        self.out_dir = out_dir
        self.formats = formats
        self.options = request.options
        self.files: dict[str, str | None] = {}
        self.environments: dict[tuple[str, ...], str] = {}

    def file(self, name: str) -> str | None:
        """The SHA-256 of the file at ``name``, relative to the output folder."""
        if name not in self.files:
            self.files[name] = file_digest(self.out_dir / name)
        return self.files[name]

    def environment(self, beside: tuple[str, ...]) -> str:
        if beside not in self.environments:
            self.environments[beside] = environment_digest(self.formats, self.options, beside)
        return self.environments[beside]


def _unchanged(
    folder: Path, record: dict, formats: tuple[str, ...], today: date, digests: _Digests
) -> bool:
    """Whether the article published in ``folder`` is what building it again would make."""
    slug = folder.name
    recheck = record[RECHECK]
    built = set(record.get("files", {}))
    inputs = record.get(INPUTS)
    if recheck.get("warned") is not False or not isinstance(inputs, dict) or not inputs:
        return False
    try:
        published = date.fromisoformat(recheck["published"])
        date.fromisoformat(record["next_review"])
        int(recheck["review_warning_days"])
    except (KeyError, TypeError, ValueError):
        return False
    if published > today:
        return False  # the full check warns that it is in the future
    # each format's main file: some files are optional (the booklet, --booklet)
    if not {FORMATS[name].main.name(slug) for name in formats} <= built:
        return False
    if not all((folder / name).is_file() for name in built):
        return False
    beside = tuple(sorted(built - format_files(formats, slug)))
    if record.get(ENVIRONMENT) != digests.environment(beside):
        return False
    return all(
        digest is not None and digests.file(name) == digest for name, digest in inputs.items()
    )


def _warn_reviews(
    paths: list[Path], records: list[dict], today: date, reporter: Reporter, fail: bool
) -> None:
    """The review warnings of the full check (``source/review.py``), from the records;
    with ``fail``, raises ``SourceError`` naming the overdue articles."""
    overdue = warn_reviews(paths, records, today, reporter)
    if fail and overdue:
        raise overdue_error(overdue)


def warn_reviews(
    paths: list[Path], records: list[dict], today: date, reporter: Reporter
) -> list[str]:
    """Print the full check's review warnings (``source/review.py``) for the articles
    of ``paths`` from their ``records``; returns the slugs of the overdue ones."""
    overdue = []
    for path, record in zip(paths, records, strict=True):
        recheck = record[RECHECK]
        next_review = date.fromisoformat(record["next_review"])
        state = review_state(next_review, int(recheck["review_warning_days"]), today)
        if state is None:
            continue
        if state == "overdue":
            overdue.append(record["slug"])
        message = review_message(record["slug"], next_review, state, today)
        warning = SourceError(
            message, path=path.resolve(), line=recheck.get("review_line"), hint=REVIEW_HINT
        )
        reporter.warning(str(warning))
    return overdue


def _in_shard(slug: str, shard: tuple[int, int] | None) -> bool:
    return shard is None or in_shard(slug, shard)


def _relative(path: Path, out_dir: Path) -> str:
    """``path`` relative to the output folder, so a project moved whole still matches."""
    return os.path.relpath(path.resolve(), out_dir.resolve())


__all__ = [
    "ENVIRONMENT",
    "INPUTS",
    "RECHECK",
    "UpToDate",
    "articles_to_build",
    "depfile_record",
    "unchanged_records",
    "warn_reviews",
]
