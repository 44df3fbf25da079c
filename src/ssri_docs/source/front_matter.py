"""Read an article's details box (front matter): title, dates, references, related reading.

The details box is the article's metadata, checked here against everything a writer
relies on (a slug usable as a file name, a language code, review dates in order, at
least one reference, a disclaimer from the article or the site), so that writers never
meet a half-valid article. The Markdown body below it is ``body``'s job.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ..errors import SourceError
from ..model import Reference, Related, RelatedLink, Site
from ..slugs import SLUG_RULE, suggest_slug
from .fields import LocatedMapping, parse_yaml

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_PATTERN = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")

_ARTICLE_KEYS = (
    "title",
    "slug",
    "language",
    "summary",
    "canonical-url",
    "published",
    "last-reviewed",
    "next-review",
    "disclaimer",
    "references",
    "related",
    "pronunciation",
)


def split_front_matter(text: str, path: Path) -> tuple[str, str, int]:
    """Return (front matter, body, line number of the body's first line).

    Raises SourceError when the file does not open or never closes the details box.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise SourceError(
            "the file does not start with a details box (a line of three dashes '---')",
            path=path,
            line=1,
            hint="start the file with '---', the title, dates and references, then '---' "
            "(see docs/source-format.md).",
        )
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            return "".join(lines[1:index]), "".join(lines[index + 1 :]), index + 2
    raise SourceError(
        "the details box at the top is never closed",
        path=path,
        line=1,
        hint="add a line of three dashes '---' after the last detail, before the article text.",
    )


def add_months(value: date, months: int) -> date:
    """``value`` plus whole calendar months; a day the month lacks becomes its last."""
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    for day in (value.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def _references(data: LocatedMapping) -> tuple[Reference, ...]:
    field = data.fields.get("references")
    hint = "add at least one reference: '- title: ...' with 'url: https://...' below it."
    if field is None or not field.value:
        raise SourceError(
            "the article has no references",
            path=data.path,
            line=field.line if field else data.line,
            hint=hint,
        )
    if not isinstance(field.node, yaml.SequenceNode):
        raise SourceError("'references' must be a list", path=data.path, line=field.line, hint=hint)
    references = []
    for item in field.node.value:
        line = item.start_mark.line + 1 + data.line_offset
        if not isinstance(item, yaml.MappingNode):
            raise SourceError(
                "each reference needs a 'title:' and a 'url:'", path=data.path, line=line, hint=hint
            )
        entry = LocatedMapping(item, data.path, data.line_offset, "a reference")
        entry.check_keys(("title", "url", "note"))
        references.append(
            Reference(
                title=entry.text("title", required=True),
                url=entry.url("url", required=True),
                note=entry.text("note", required=False),
            )
        )
    return tuple(references)


def _related(data: LocatedMapping) -> Related:
    group = data.sub("related", "'related'")
    if group is None:
        return Related()
    group.check_keys(("previous", "next"))
    links = {}
    for key in ("previous", "next"):
        entry = group.sub(key, f"'related: {key}'")
        if entry is not None:
            entry.check_keys(("title", "url"))
            links[key] = RelatedLink(
                title=entry.text("title", required=True), url=entry.url("url", required=True)
            )
    return Related(**links)


def _pronunciation(data: LocatedMapping) -> tuple[tuple[str, str], ...]:
    group = data.sub("pronunciation", "'pronunciation'")
    if group is None:
        return ()
    return tuple((term, group.text(term, required=True)) for term in group.fields)


def read_details(front: str, path: Path, site: Site) -> dict[str, Any]:
    """The details box ``front`` (its text, from line 2 of ``path``) as Article fields.

    Returns the keyword arguments of :class:`~ssri_docs.model.Article` except
    ``blocks``, ``site`` and ``source_path``. Raises SourceError, located at the line.
    """
    data = parse_yaml(front, path, 1, "details box")
    data.check_keys(_ARTICLE_KEYS)

    title = data.text("title", required=True, hint="add a line 'title: The article title'.")
    slug = data.text("slug", required=True)
    if not SLUG_PATTERN.match(slug):
        raise SourceError(
            f"the slug {slug!r} can use {SLUG_RULE}",
            path=path,
            line=data.fields["slug"].line,
            hint=f"write it like {suggest_slug(slug) or suggest_slug(title) or 'how-ssri-work'!r}.",
        )
    language = data.text("language", required=True)
    if not LANGUAGE_PATTERN.match(language):
        raise SourceError(
            f"{language!r} is not a language code",
            path=path,
            line=data.fields["language"].line,
            hint="use a code such as en-GB.",
        )
    last_reviewed = data.date("last-reviewed", required=True)
    next_review = data.date("next-review", required=False) or add_months(
        last_reviewed, site.review_interval_months
    )
    if next_review <= last_reviewed:
        raise SourceError(
            "'next-review' must be after 'last-reviewed'",
            path=path,
            line=data.fields["next-review"].line,
            hint="correct the date, or delete the line to use the site's review interval.",
        )
    disclaimer = data.text("disclaimer", required=False) or site.disclaimer
    if not disclaimer:
        raise SourceError(
            "the article has no disclaimer, and site.yaml gives no default one",
            path=path,
            line=data.line,
            hint="add 'disclaimer: ...' to the article, "
            "or a default 'disclaimer:' to the site settings (site.yaml).",
        )
    return {
        "slug": slug,
        "title": title,
        "language": language,
        "summary": data.text("summary", required=True),
        "canonical_url": data.url("canonical-url", required=True),
        "published": data.date("published", required=True),
        "last_reviewed": last_reviewed,
        "next_review": next_review,
        "disclaimer": disclaimer,
        "references": _references(data),
        "related": _related(data),
        "pronunciation": _pronunciation(data),
    }
