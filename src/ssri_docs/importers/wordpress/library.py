"""Many WordPress pages into a source folder: a REST collection or a WXR export file.

Every page is imported on its own: one page's problem is reported on its line and the
others are still imported. A source file that differs from what the importer would
write now (an editor's review, or a change in WordPress) is never overwritten without
``force``; the line says which fields would change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ...errors import UserError
from . import ImportResult, ImportSettings, convert_page
from .page import REST_HINT, check_page, load_json, read_text
from .wxr import is_wxr, wxr_records


@dataclass
class Pages:
    """The page records found at a location, and whether it held a collection."""

    records: list[dict]
    collection: bool
    where: str


def load_pages(location: str) -> Pages:
    """The page records in a saved REST answer (one record or a list), URL, or WXR file.

    Raises UserError when the location cannot be read, or is one record that is not
    a usable page (a WordPress error body, a record without content).
    """
    path = Path(location)
    if not location.startswith(("http://", "https://")) and path.is_file():
        text = read_text(path, REST_HINT)
        if is_wxr(text):
            return Pages(wxr_records(text, path), collection=True, where=str(path))
    data, json_path, where = load_json(location)
    if isinstance(data, list) and len(data) != 1:
        if not all(isinstance(record, dict) for record in data):
            raise UserError(
                f"{where}: this JSON list holds something other than WordPress pages",
                hint=REST_HINT,
            )
        return Pages(list(data), collection=True, where=where)
    return Pages([check_page(data, json_path, where)], collection=False, where=where)


OVERWRITE_LOSS = "the edits in it will be lost"


@dataclass
class Outcome:
    """What happened to one page: ``status`` is imported, unchanged, skipped or failed."""

    name: str
    status: str
    message: str
    warnings: tuple[str, ...] = ()
    changed: str = ""  # for a file left as it was: what the import would change in it


@dataclass
class Tally:
    """The outcomes of a run, for the summary line."""

    outcomes: list[Outcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        """How many pages ended with ``status``."""
        return sum(outcome.status == status for outcome in self.outcomes)

    def summary(self, where: str) -> str:
        """One line: how many pages, and what became of them."""
        warnings = sum(len(outcome.warnings) for outcome in self.outcomes)
        counts = ", ".join(
            f"{self.count(status)} {status}"
            for status in ("imported", "unchanged", "skipped", "failed")
        )
        pages = len(self.outcomes)
        return (
            f"{pages} page{'s' * (pages != 1)} in {where}: {counts}; "
            f"{warnings} warning{'s' * (warnings != 1)}"
        )


def _name(record: dict) -> str:
    slug = record.get("slug")
    if isinstance(slug, str) and slug:
        return slug
    title = record.get("title")
    rendered = title.get("rendered") if isinstance(title, dict) else None
    return repr(rendered) if isinstance(rendered, str) and rendered else "(a page with no slug)"


def import_library(
    pages: Pages,
    folder: Path,
    settings: ImportSettings,
    *,
    slugs: Sequence[str] = (),
    force: bool = False,
    report: Callable[[Outcome], None],
) -> Tally:
    """Import every published page of ``pages`` (or those in ``slugs``) into ``folder``.

    ``report`` is called with each page's outcome as soon as it is known.
    """
    tally = Tally()

    def note(outcome: Outcome) -> None:
        tally.outcomes.append(outcome)
        report(outcome)

    wanted = set(slugs)
    for record in pages.records:
        name = _name(record)
        if wanted and record.get("slug") not in wanted:
            continue
        status = record.get("status", "publish")
        if status != "publish":
            note(Outcome(name, "skipped", f"it is not published (status: {status})"))
            continue
        content = record.get("content")
        if isinstance(content, dict) and content.get("protected"):
            note(
                Outcome(name, "skipped", "it is password-protected: only public pages are imported")
            )
            continue
        try:
            page = check_page(record, None, name)
            result = convert_page(page, settings)
        except UserError as error:
            message = error.message.removeprefix(f"{name}: ")
            note(Outcome(name, "failed", f"{message}; {error.hint}" if error.hint else message))
            continue
        note(write_source(result, folder, force))
    for slug in sorted(wanted - {record.get("slug") for record in pages.records}):
        note(Outcome(slug, "failed", f"there is no page with the slug {slug!r} in {pages.where}"))
    return tally


def write_source(result: ImportResult, folder: Path, force: bool) -> Outcome:
    """Write ``result`` as ``folder/<slug>.md``.

    A different file already there is left as it is unless ``force``: the outcome is
    then "skipped" and its ``changed`` names what the import would change.
    """
    target = folder / f"{result.slug}.md"
    if target.exists():
        try:
            current = target.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            current = ""
        if current == result.text:
            return Outcome(
                result.slug, "unchanged", f"{target} is already this import", result.warnings
            )
        if not force:
            changed = describe(changed_fields(current, result.text))
            return Outcome(
                result.slug,
                "skipped",
                f"{target} differs from this import ({changed} would change); "
                f"add --force to overwrite it ({OVERWRITE_LOSS})",
                result.warnings,
                changed,
            )
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(result.text, encoding="utf-8")
    return Outcome(result.slug, "imported", f"wrote {target}", result.warnings)


def _split(text: str) -> tuple[dict | None, str]:
    """(the details box as data, the article text) of a source file; None if unreadable."""
    if text.startswith("---\n") and (end := text.find("\n---\n", 4)) != -1:
        try:
            data = yaml.safe_load(text[4:end])
        except (yaml.YAMLError, ValueError):
            data = None
        return (data if isinstance(data, dict) else None), text[end + 5 :]
    return None, text


def changed_fields(current: str, new: str) -> list[str]:
    """The details box fields, and "the article text", that differ between two source files."""
    old_fields, old_body = _split(current)
    new_fields, new_body = _split(new)
    if old_fields is None or new_fields is None:
        changed = ["the details box"]
    else:
        keys = [*new_fields, *(key for key in old_fields if key not in new_fields)]
        changed = [f"'{key}'" for key in keys if old_fields.get(key) != new_fields.get(key)]
    if old_body.strip() != new_body.strip():
        changed.append("the article text")
    return changed


def describe(fields: list[str]) -> str:
    """``["'summary'", "the article text"]`` as "'summary' and the article text"."""
    if not fields:
        return "only spacing"
    if len(fields) == 1:
        return fields[0]
    return ", ".join(fields[:-1]) + " and " + fields[-1]
