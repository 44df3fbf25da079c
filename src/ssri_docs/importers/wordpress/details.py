"""The details box values of an imported page: title, slug, language, dates, summary.

WordPress keeps these around the article (the REST record's fields) or not at all (a
review date, a summary): each value is taken from the best record there is, with a
warning where the editor should check it. The pronunciation-glossary entries the
article needs come from ``pronunciation.yaml`` (package data beside this module).
"""

from __future__ import annotations

import re
from datetime import date
from importlib import resources
from urllib.parse import unquote

import yaml

from ...errors import UserError
from ...model import (
    Block,
    Heading,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Table,
    Text,
)
from ...slugs import SLUG_RULE, suggest_slug
from ...source import SLUG_PATTERN, add_months
from ...wording import inline_text, split_sentences
from .language import page_language
from .parts import PageParts, PageReference
from .reading import Reader
from .review_dates import ReviewDates
from .sanitise import plain_text
from .settings import ImportSettings
from .source_file import FrontValue
from .whitespace import words


def details_box(
    page: dict,
    parts: PageParts,
    blocks: list[Block],
    review: ReviewDates,
    settings: ImportSettings,
    warnings: list[str],
) -> dict[str, FrontValue]:
    """The details box, in the order of docs/source-format.md.

    Raises UserError when the page's title, slug or dates cannot be used.
    """
    title = plain_text(page["title"]["rendered"])
    if not title:
        raise UserError("the page has no title", hint="give the page a title in WordPress.")
    text = blocks_text(blocks)
    summary = _summary(page, warnings)
    last_reviewed, next_review = _review_dates(page, review, settings.review_months, warnings)
    fields: dict[str, FrontValue] = {
        "title": title,
        "slug": _slug(page["slug"], title, warnings),
        "language": page_language(page, settings.language, text, warnings),
        "summary": summary,
        "canonical-url": page["link"],
        "published": _page_date(page, "date"),
        "last-reviewed": last_reviewed,
        "next-review": next_review,
    }
    if parts.disclaimer:
        # the article's own disclaimer replaces the site's default one
        fields["disclaimer"] = parts.disclaimer
    if not parts.references:
        warnings.append(
            "the page lists no references: add at least one under 'references:' before building."
        )
    fields["references"] = [_reference(ref) for ref in parts.references]
    if parts.related:
        fields["related"] = {
            key: {"title": name, "url": url} for key, (name, url) in parts.related.items()
        }
    spoken = [title, summary, parts.disclaimer, text]
    spoken += [f"{ref.title} {ref.note or ''}" for ref in parts.references]
    spoken += [name for name, _ in parts.related.values()]
    pronunciation = _pronunciation(" ".join(spoken))
    if pronunciation:
        fields["pronunciation"] = pronunciation
    return fields


_TRUNCATION_ENDS = ("…", "[…]", "[...]", "...")
NO_EXCERPT = (
    "the page has no excerpt in WordPress, so 'summary:' is left empty: write one or two "
    "sentences that say what the article is about before building."
)
AUTOMATIC_EXCERPT = (
    "WordPress's excerpt for this page is the automatic one (the start of the text), so "
    "'summary:' is left empty: write one or two sentences that say what the article is "
    "about before building."
)


def _summary(page: dict, warnings: list[str]) -> str:
    """The complete sentences of the editor's own excerpt, else '' with a warning.

    WordPress's automatic excerpt is the first words of the text: as a summary it
    would print the same sentence twice on the cover.
    """
    excerpt = page.get("excerpt")
    html = excerpt.get("rendered") if isinstance(excerpt, dict) else None
    if not isinstance(html, str) or not plain_text(html):
        warnings.append(NO_EXCERPT)
        return ""
    raw = Reader(page["link"], []).read(html)
    texts = [
        words(block.children)
        for block in raw
        if isinstance(block, Paragraph) and not _is_link_only(block)
    ]
    if _starts_the_text(" ".join(texts), page["content"]["rendered"]):
        warnings.append(AUTOMATIC_EXCERPT)
        return ""
    sentences = split_sentences(" ".join(texts))
    if sentences and sentences[-1].endswith(_TRUNCATION_ENDS):
        sentences.pop()  # WordPress cut the excerpt short
    return " ".join(sentences)


def _starts_the_text(excerpt: str, content_html: str) -> bool:
    """True when the excerpt's words are the first words of the page's text."""
    excerpt_words = re.findall(r"\w+", excerpt.casefold())
    content_words = re.findall(r"\w+", plain_text(content_html).casefold())
    return bool(excerpt_words) and content_words[: len(excerpt_words)] == excerpt_words


# "Foa EB, Yadin E (2012). Exposure and Response Prevention. Oxford University Press."
_CITED_WORK = re.compile(r"\((?:19|20)\d\d[a-z]?\)[.,:]?\s+(?P<work>.+?)[.?!](?:\s|$)")


def citation_title(citation: str) -> str:
    """The title of the work a citation names: what follows "(year)." up to the full
    stop, else the citation's first sentence, else the whole citation."""
    if match := _CITED_WORK.search(citation):
        return match["work"]
    first = re.match(r"(.+?)\.(?:\s|$)", citation)
    return first[1] if first else citation


def _reference(ref: PageReference) -> dict[str, FrontValue]:
    if ref.url is None:
        return {"title": citation_title(ref.title), "citation": ref.title}
    return {"title": ref.title, "url": ref.url, **({"note": ref.note} if ref.note else {})}


def _review_dates(
    page: dict, review: ReviewDates, months: int, warnings: list[str]
) -> tuple[date, date]:
    """(last-reviewed, next-review): the page's own statement wins over WordPress's dates."""
    modified = _page_date(page, "modified")
    last_reviewed = modified
    if review.last_reviewed:
        last_reviewed = review.last_reviewed.value
        if last_reviewed != modified:
            warnings.append(
                f"the page's text says '{review.last_reviewed.wording}' but WordPress last "
                f"changed the page on {modified.isoformat()}: 'last-reviewed' is "
                f"{last_reviewed.isoformat()}, from the text; check it."
            )
    if review.next_review:
        next_review = review.next_review.value
        if next_review <= last_reviewed:
            warnings.append(
                f"the page's text says '{review.next_review.wording}', which is not after "
                f"its last review ({last_reviewed.isoformat()}): check 'next-review'."
            )
        return last_reviewed, next_review
    if last_reviewed.year + (last_reviewed.month - 1 + months) // 12 > date.max.year:
        raise UserError(
            f"the page's last review date {last_reviewed.isoformat()} is too far in the "
            f"future to set a next review {months} months later",
            hint="correct the page's date in WordPress, or export it again.",
        )
    return last_reviewed, add_months(last_reviewed, months)


def _is_link_only(block: Paragraph) -> bool:
    return all(
        isinstance(node, Link) or (isinstance(node, Text) and not node.text.strip())
        for node in block.children
    )


def _page_date(page: dict, key: str) -> date:
    value = page[key]
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise UserError(
            f"the page's '{key}' is not a real date: {value!r} (a date is written "
            "YYYY-MM-DD, with a day the month has)",
            hint="export the page from the WordPress REST API unchanged.",
        ) from None


def _slug(value: str, title: str, warnings: list[str]) -> str:
    if SLUG_PATTERN.match(value):
        return value
    for candidate in (unquote(value), title):
        slug = suggest_slug(candidate)
        if slug:
            warnings.append(
                f"the WordPress slug {value!r} cannot be a file name: {slug!r} is used instead."
            )
            return slug
    raise UserError(
        f"the page's slug {value!r} cannot be turned into a file name",
        hint=f"give the page a slug in WordPress: {SLUG_RULE}.",
    )


def _glossary() -> dict[str, str]:
    text = resources.files(__package__).joinpath("pronunciation.yaml").read_text("utf-8")
    data = yaml.safe_load(text)
    return {str(term): str(saying) for term, saying in data.items()}


def _pronunciation(text: str) -> dict[str, str]:
    """Glossary entries whose term occurs in the article as a whole word, in glossary order."""
    found = {}
    for term, saying in _glossary().items():
        if re.search(rf"(?<![\w’']){re.escape(term)}(?![\w’'])", text):
            found[term] = saying
    return found


def blocks_text(blocks: list[Block] | tuple[Block, ...]) -> str:
    """All words of the article text: where the summary and the glossary terms are sought."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            parts.append(inline_text(block.children))
        elif isinstance(block, ListBlock):
            for item in block.items:
                parts.append(blocks_text(item.blocks))
        elif isinstance(block, Quote):
            parts.append(blocks_text(block.blocks))
        elif isinstance(block, Table):
            cells = block.rows
            parts.extend(inline_text(cell.children) for row in cells for cell in row)
            parts.append(inline_text(block.caption))
    return " ".join(parts)
