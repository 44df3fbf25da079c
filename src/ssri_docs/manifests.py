"""The downloads page, ``output/index.html``, kept in step with the build records.

``read_manifests`` reads every article's build record (``build.json``) as the page
shows it; ``write_downloads_page`` renders the page (``downloads.py``) and replaces
it only when its bytes change. Light to import: jinja2 is loaded only to render.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

from .publish import RECORD, article_folders, read_json, read_record, replace_files
from .reporting import Reporter
from .writers import OutputFile

MANIFEST = RECORD  # the build record, inside each article folder
INDEX = "index.html"
CONFORMANCE = "conformance.json"  # written by ``ssri-docs check`` beside the files
# Beside index.html: a digest of what the page was last made from (``write_downloads_page``)
STAMP = ".index.html.stamp"


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
    record = read_json(folder / CONFORMANCE)
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
    The page is written only when its bytes change, and rendered only when what it
    is made from changed since it was last written (``STAMP``): the build records,
    sizes and check results, the date, ssri-docs and its tools, and the page itself
    (a hand-edited page is made again).
    """
    today = today or date.today()
    manifests = read_manifests(out_dir)
    stamp = _page_stamp(out_dir, manifests, today)
    if stamp is not None and _read_text(out_dir / STAMP) == stamp:
        return  # nothing it is made from changed: a no-op build need not load jinja2
    from .downloads import render_downloads_page

    data = render_downloads_page(manifests, today)
    try:
        unchanged = (out_dir / INDEX).read_bytes() == data
    except OSError:
        unchanged = False
    if not unchanged:  # else left alone, so a no-op build changes nothing
        replace_files(out_dir, [OutputFile(INDEX, data, "text/html", "Downloads page")])
        reporter.info(f"wrote {out_dir / INDEX}")
    stamp = _page_stamp(out_dir, manifests, today)
    if stamp is not None:
        replace_files(out_dir, [OutputFile(STAMP, stamp.encode(), "text/plain", "Page stamp")])


def _page_stamp(out_dir: Path, manifests: list[dict], today: date) -> str | None:
    """SHA-256 of everything ``index.html`` is made from, and of the page itself;
    None when there is no page. Of contents only: two identical output folders
    (one merged from shards, one built whole) have the same stamp."""
    from .build_key import package_digest, tool_versions

    try:
        page = hashlib.sha256((out_dir / INDEX).read_bytes()).hexdigest()
    except OSError:
        return None
    made_from = {
        "manifests": manifests,
        "today": today.isoformat(),
        "ssri-docs": package_digest(),
        "tools": tool_versions(),
        "page": page,
    }
    text = json.dumps(made_from, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except OSError:
        return None


__all__ = [
    "CONFORMANCE",
    "INDEX",
    "MANIFEST",
    "STAMP",
    "file_digests",
    "read_manifests",
    "write_downloads_page",
]
