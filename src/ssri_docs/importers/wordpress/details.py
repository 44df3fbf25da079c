"""The details box values of an imported page: title, slug, language, dates, summary.

WordPress keeps these around the article (the REST record's fields) or not at all (a
review date, a summary): each value is taken from the best record there is, with a
warning where the editor should check it. The pronunciation-glossary entries the
article needs come from ``pronunciation.yaml`` (package data beside this module).
"""

from __future__ import annotations

import re
import unicodedata
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
from ...source import LANGUAGE_PATTERN, SLUG_PATTERN, add_months
from ...wording import inline_text, split_sentences
from .parts import PageParts
from .reading import Reader
from .sanitise import plain_text
from .source_file import FrontValue
from .whitespace import words

DEFAULT_LANGUAGE = "en-GB"


def details_box(
    page: dict, parts: PageParts, blocks: list[Block], months: int, warnings: list[str]
) -> dict[str, FrontValue]:
    """The details box, in the order of docs/source-format.md."""
    title = plain_text(page["title"]["rendered"])
    if not title:
        raise UserError("the page has no title", hint="give the page a title in WordPress.")
    summary = _summary(page, blocks)
    last_reviewed = _page_date(page, "modified")
    fields: dict[str, FrontValue] = {
        "title": title,
        "slug": _slug(page["slug"], title, warnings),
        "language": _language(page, warnings),
        "summary": summary,
        "canonical-url": page["link"],
        "published": _page_date(page, "date"),
        # [lastreviewed] is never rendered: WordPress's "modified" is the best record.
        "last-reviewed": last_reviewed,
        "next-review": add_months(last_reviewed, months),
    }
    if parts.disclaimer:
        fields["disclaimer"] = parts.disclaimer
    if not parts.references:
        warnings.append(
            "the page lists no references: add at least one under 'references:' before building."
        )
    fields["references"] = [
        {"title": ref.title, "url": ref.url, **({"note": ref.note} if ref.note else {})}
        for ref in parts.references
    ]
    if parts.related:
        fields["related"] = {
            key: {"title": name, "url": url} for key, (name, url) in parts.related.items()
        }
    spoken = [title, summary, parts.disclaimer, blocks_text(blocks)]
    spoken += [f"{ref.title} {ref.note or ''}" for ref in parts.references]
    spoken += [name for name, _ in parts.related.values()]
    pronunciation = _pronunciation(" ".join(spoken))
    if pronunciation:
        fields["pronunciation"] = pronunciation
    return fields


_TRUNCATION_ENDS = ("…", "[…]", "[...]", "...")


def _summary(page: dict, blocks: list[Block]) -> str:
    """The complete sentences of the excerpt, else the first sentence of the text."""
    excerpt = page.get("excerpt")
    html = excerpt.get("rendered") if isinstance(excerpt, dict) else None
    if isinstance(html, str) and html.strip():
        raw = Reader(page["link"], []).read(html)
        texts = [
            words(block.children)
            for block in raw
            if isinstance(block, Paragraph) and not _is_link_only(block)
        ]
        sentences = split_sentences(" ".join(texts))
        if sentences and sentences[-1].endswith(_TRUNCATION_ENDS):
            sentences.pop()  # WordPress cut the excerpt short
        if sentences:
            return " ".join(sentences)
    sentences = split_sentences(blocks_text(blocks))
    return sentences[0] if sentences else ""


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
            f"the page's '{key}' is not a date: {value!r}",
            hint="export the page from the WordPress REST API unchanged.",
        ) from None


def _language(page: dict, warnings: list[str]) -> str:
    for key in ("lang", "language", "locale", "wpml_current_locale"):
        value = page.get(key)
        if isinstance(value, str) and value.strip():
            tag = value.strip().replace("_", "-")
            if LANGUAGE_PATTERN.match(tag):
                return tag
            warnings.append(
                f"the page's language {value!r} is not a language code: {DEFAULT_LANGUAGE} "
                "is used; correct 'language:' if that is wrong."
            )
            break
    return DEFAULT_LANGUAGE


def _slug(value: str, title: str, warnings: list[str]) -> str:
    if SLUG_PATTERN.match(value):
        return value
    for candidate in (unquote(value), title):
        ascii_text = unicodedata.normalize("NFKD", candidate).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
        if slug:
            warnings.append(
                f"the WordPress slug {value!r} cannot be a file name: {slug!r} is used instead."
            )
            return slug
    raise UserError(
        f"the page's slug {value!r} cannot be turned into a file name",
        hint="give the page a slug in WordPress (letters, digits and hyphens).",
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
