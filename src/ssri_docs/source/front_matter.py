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
from .problems import Problems

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
    """``value`` plus whole calendar months; a day the month lacks becomes its last.

    Raises OverflowError when the result is after the year 9999.
    """
    month_index = value.month - 1 + months
    year, month = value.year + month_index // 12, month_index % 12 + 1
    if year > date.max.year:
        raise OverflowError(f"year {year} is out of range")
    for day in (value.day, 30, 29, 28):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")


_REFERENCE_HINT = (
    "add at least one reference: '- title: ...' with 'url: https://...' "
    "or 'citation: ...' below it."
)


def _references(data: LocatedMapping) -> tuple[Reference, ...] | None:
    """The references, or None when one has a problem (added to ``data.problems``)."""
    field = data.fields.get("references")
    if field is None or not field.value:
        raise SourceError(
            "the article has no references",
            path=data.path,
            line=field.line if field else data.line,
            hint=_REFERENCE_HINT,
        )
    if not isinstance(field.node, yaml.SequenceNode):
        raise SourceError(
            "'references' must be a list",
            path=data.path,
            line=field.line,
            hint="start each reference on a new line with '- ', indented by two spaces.",
        )
    # every reference is checked and each of its problems reported
    problems = data.problems or Problems()
    references = [problems.attempt(_reference, item, data, problems) for item in field.node.value]
    return None if None in references else tuple(references)


def _reference(item: yaml.Node, data: LocatedMapping, problems: Problems) -> Reference | None:
    line = item.start_mark.line + 1 + data.line_offset
    if not isinstance(item, yaml.MappingNode):
        raise SourceError(
            "each reference needs a 'title:' and a 'url:' or 'citation:'",
            path=data.path,
            line=line,
            hint=_REFERENCE_HINT,
        )
    entry = LocatedMapping(item, data.path, data.line_offset, "a reference", data.problems)
    count = len(problems.errors)
    problems.attempt(entry.check_keys, ("title", "url", "citation", "note"))
    title = problems.attempt(entry.text, "title", required=True)
    url = problems.attempt(entry.url, "url", required=False)
    citation = problems.attempt(entry.text, "citation", required=False)
    note = problems.attempt(entry.text, "note", required=False)
    if len(problems.errors) > count:
        return None
    if url is None and citation is None:
        raise SourceError(
            "this reference has neither a 'url:' nor a 'citation:'",
            path=data.path,
            line=line,
            hint="add 'url: https://...' for a web page, or 'citation: ...' (authors, year, "
            "title, where published) for a printed work.",
        )
    return Reference(title=title, url=url, note=note, citation=citation)


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


def _slug(data: LocatedMapping) -> str:
    slug = data.text("slug", required=True)
    if not SLUG_PATTERN.match(slug):
        raise SourceError(
            f"the slug {slug!r} can use {SLUG_RULE}",
            path=data.path,
            line=data.fields["slug"].line,
            hint=f"write it like {suggest_slug(slug) or 'how-ssri-work'!r}.",
        )
    return slug


def _language(data: LocatedMapping) -> str:
    language = data.text("language", required=True)
    if not LANGUAGE_PATTERN.match(language):
        raise SourceError(
            f"{language!r} is not a language code",
            path=data.path,
            line=data.fields["language"].line,
            hint="use a code such as en-GB.",
        )
    return language


def _next_review(data: LocatedMapping, last_reviewed: date | None, site: Site) -> date | None:
    given = data.date("next-review", required=False)
    if last_reviewed is None:
        return None  # its problem is reported already
    if given is None:
        try:
            return add_months(last_reviewed, site.review_interval_months)
        except OverflowError:
            raise SourceError(
                f"the next review, {site.review_interval_months} months after "
                "'last-reviewed', would be after the year 9999",
                path=data.path,
                line=data.fields["last-reviewed"].line,
                hint="check the 'last-reviewed' date, or add a 'next-review:' date.",
            ) from None
    if given <= last_reviewed:
        raise SourceError(
            "'next-review' must be after 'last-reviewed'",
            path=data.path,
            line=data.fields["next-review"].line,
            hint="correct the date, or delete the line to use the site's review interval.",
        )
    return given


def _disclaimer(data: LocatedMapping, site: Site) -> str:
    disclaimer = data.text("disclaimer", required=False) or site.disclaimer
    if not disclaimer:
        raise SourceError(
            "the article has no disclaimer, and site.yaml gives no default one",
            path=data.path,
            line=data.line,
            hint="add 'disclaimer: ...' to the article, "
            "or a default 'disclaimer:' to the site settings (site.yaml).",
        )
    return disclaimer


def _check_published(data: LocatedMapping, values: dict[str, Any], today: date) -> None:
    published, reviewed = values.get("published"), values.get("last_reviewed")
    if published is None:
        return
    line = data.fields["published"].line
    if reviewed is not None and published > reviewed:
        raise SourceError(
            "'published' is after 'last-reviewed'",
            path=data.path,
            line=line,
            hint="an article is reviewed when it is published or later: "
            "correct one of the two dates.",
        )
    if published > today and data.problems is not None:
        data.problems.warn(
            f"'published' ({published.isoformat()}) is in the future",
            path=data.path,
            line=line,
            hint="check the date; the leaflet prints it as given.",
            dated=True,
        )


def read_details(
    front: str, path: Path, site: Site, problems: Problems, today: date
) -> dict[str, Any] | None:
    """The details box ``front`` (its text, from line 2 of ``path``) as Article fields.

    Returns the keyword arguments of :class:`~ssri_docs.model.Article` except
    ``blocks``, ``site`` and ``source_path``, or None when any field has a problem:
    every problem found (located SourceError) and warning is added to ``problems``.
    ``today`` dates the "in the future" check. Raises SourceError only when the box
    cannot be read at all.
    """
    data = parse_yaml(front, path, 1, "details box", problems)
    readers = {
        "title": lambda: data.text("title", required=True, hint=_TITLE_HINT),
        "slug": lambda: _slug(data),
        "language": lambda: _language(data),
        "summary": lambda: data.text("summary", required=True),
        "canonical_url": lambda: data.url("canonical-url", required=True),
        "published": lambda: data.date("published", required=True),
        "last_reviewed": lambda: data.date("last-reviewed", required=True),
        "disclaimer": lambda: _disclaimer(data, site),
        "references": lambda: _references(data),
        "related": lambda: _related(data),
        "pronunciation": lambda: _pronunciation(data),
    }
    count = len(problems.errors)
    problems.attempt(data.check_keys, _ARTICLE_KEYS)
    values = {name: problems.attempt(read) for name, read in readers.items()}
    values["next_review"] = problems.attempt(_next_review, data, values["last_reviewed"], site)
    problems.attempt(_check_published, data, values, today)
    return values if len(problems.errors) == count else None


_TITLE_HINT = "add a line 'title: The article title'."
