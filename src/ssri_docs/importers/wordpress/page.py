"""Import a WordPress page or post (REST API JSON) as a source file.

This module's one job is the WordPress *page*: the JSON record that the REST API
serves around the article. It loads that record (from a saved file or its URL),
checks it really is one page or post, and turns what WordPress keeps about the page
into the details box: title, slug, language, dates, summary, and the page-information
parts of the text (additional reading, disclaimer, what to read next) that readers
meet as references, a disclaimer and related reading instead of body text. It also
picks the pronunciation-glossary entries the article needs.

Reading the page's untrusted HTML is ``html_reader``'s job, and spelling the result as
a source file is ``source_emitter``'s; kept apart so that each can be read and checked
on its own (in particular, all sanitising of untrusted markup lives in one place).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import requests
import yaml

from ..errors import UserError
from ..model import (
    Block,
    Heading,
    Inline,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Strong,
    Table,
    Text,
)
from ..source import LANGUAGE_PATTERN, SLUG_PATTERN, add_months
from ..wording import inline_text, split_sentences
from . import html_reader, source_emitter

DEFAULT_LANGUAGE = "en-GB"
FETCH_TIMEOUT_SECONDS = 30
REST_HINT = (
    "save the page from the WordPress REST API as a .json file, e.g. "
    "https://www.ocduk.org/wp-json/wp/v2/pages?slug=how-ssri-work"
)


@dataclass(frozen=True)
class ImportResult:
    """One imported page: its file name (slug), the source file, and notes for the editor."""

    slug: str
    text: str  # the complete source file
    warnings: tuple[str, ...]


# --- loading -------------------------------------------------------------------


def load_page(location: str) -> dict:
    """Read a page from a saved REST API JSON file, or fetch it from its URL."""
    if location.startswith(("http://", "https://")):
        text = _fetch(location)
        path = None
        where = location
    else:
        path = Path(location)
        where = str(path)
        text = _read_file(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        message = f"this is not JSON ({error.msg})"
        if path is None:
            raise UserError(f"{where}: {message}", hint=REST_HINT) from None
        raise UserError(message, path=path, line=error.lineno, hint=REST_HINT) from None
    return _check_page(data, path, where)


def _read_file(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(
            "the file does not exist", path=path, hint="check the file name and folder."
        ) from None
    except IsADirectoryError:
        raise UserError("this is a folder, not a JSON file", path=path, hint=REST_HINT) from None
    except UnicodeDecodeError:
        raise UserError(
            "this is not JSON (it is not UTF-8 text)", path=path, hint=REST_HINT
        ) from None
    except OSError as error:
        raise UserError(f"the file cannot be read: {error.strerror}", path=path) from None


def _fetch(url: str) -> str:
    try:
        response = requests.get(
            url, timeout=FETCH_TIMEOUT_SECONDS, headers={"Accept": "application/json"}
        )
        response.raise_for_status()
    except requests.exceptions.HTTPError as error:
        raise UserError(
            f"{url} answered with HTTP {error.response.status_code}",
            hint="check the address; it should be a WordPress REST API address such as "
            "https://www.ocduk.org/wp-json/wp/v2/pages?slug=how-ssri-work",
        ) from None
    except requests.exceptions.RequestException as error:
        reason = type(error).__name__
        raise UserError(
            f"{url} could not be reached ({reason})",
            hint="check the address and your internet connection, or save the page's JSON "
            "in a browser and import that file instead.",
        ) from None
    return response.text


_REQUIRED_TEXT = ("slug", "link", "date", "modified")
_REQUIRED_RENDERED = ("title", "content")


def _check_page(data: Any, path: Path | None, where: str) -> dict:
    def fail(message: str, hint: str = REST_HINT) -> UserError:
        if path is None:
            return UserError(f"{where}: {message}", hint=hint)
        return UserError(message, path=path, hint=hint)

    if isinstance(data, list):
        # The REST API answers a ?slug= query with a list.
        if len(data) != 1:
            raise fail(
                f"this JSON is a list of {len(data)} pages; the importer takes one page",
                hint="ask the REST API for one page, e.g. .../wp-json/wp/v2/pages?slug=SLUG",
            )
        data = data[0]
    if not isinstance(data, dict):
        raise fail(f"this JSON is not a WordPress page or post (it holds a {type(data).__name__})")
    missing = [name for name in _REQUIRED_TEXT if not isinstance(data.get(name), str)]
    missing += [
        f"{name}.rendered"
        for name in _REQUIRED_RENDERED
        if not isinstance(data.get(name), dict) or not isinstance(data[name].get("rendered"), str)
    ]
    if missing:
        raise fail(f"this JSON is not a WordPress page or post: it has no {', '.join(missing)}")
    if not html_reader.clean_tree(data["content"]["rendered"], []).get_text().strip():
        # empty, or nothing readers would see (only scripts, shortcodes, spaces)
        protected = data["content"].get("protected")
        raise fail(
            "the page has no content" + (" (it is password-protected)" if protected else ""),
            hint="check that this is the right page and that it is published and public.",
        )
    return data


# --- converting ----------------------------------------------------------------


def convert_page(page: dict, review_interval_months: int = 36) -> ImportResult:
    """Turn one WordPress page or post into the text of a source file."""
    page = _check_page(page, None, "the page")
    warnings: list[str] = []
    link = page["link"]
    if urlsplit(link).scheme not in ("http", "https") or not urlsplit(link).hostname:
        raise UserError(
            f"the page's link {link!r} is not a web address", hint="export the published page."
        )

    html = page["content"]["rendered"]
    warnings.extend(html_reader.dropped_warnings(html))
    reader = html_reader.Reader(link, warnings)
    # Page information is taken out before the outline, so that its labels
    # ("Additional reading", "Disclaimer") never become headings of the article.
    parts = _split_parts(reader.read(html), warnings)
    blocks = html_reader.outline(parts.body, reader)
    if not any(isinstance(block, Paragraph | ListBlock | Quote | Table) for block in blocks):
        raise UserError(
            "the page has no content once its page information is taken out",
            hint="check that this is the right page.",
        )
    warnings.extend(html_reader.shortcode_warnings(reader.shortcodes))
    fields = _details(page, parts, blocks, review_interval_months, warnings)
    text = source_emitter.front_matter(fields) + "\n" + source_emitter.body(blocks)
    return ImportResult(slug=str(fields["slug"]), text=text, warnings=tuple(warnings))


def _details(
    page: dict, parts: _Parts, blocks: list[Block], months: int, warnings: list[str]
) -> dict[str, source_emitter.FrontValue]:
    """The details box, in the order of docs/source-format.md."""
    title = html_reader.plain_text(page["title"]["rendered"])
    if not title:
        raise UserError("the page has no title", hint="give the page a title in WordPress.")
    summary = _summary(page, blocks)
    last_reviewed = _page_date(page, "modified")
    fields: dict[str, source_emitter.FrontValue] = {
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
    spoken = [title, summary, parts.disclaimer, _blocks_text(blocks)]
    spoken += [f"{ref.title} {ref.note or ''}" for ref in parts.references]
    spoken += [name for name, _ in parts.related.values()]
    pronunciation = _pronunciation(" ".join(spoken))
    if pronunciation:
        fields["pronunciation"] = pronunciation
    return fields


# --- page information: references, disclaimer, what to read next -------------------

_REFERENCE_LABELS = {
    *("additional reading", "further reading", "references", "reference", "sources"),
    *("source", "bibliography"),
}
_RELATED_LABELS = {"what to read next", "read next", "related reading", "related pages"}
_DISCLAIMER_LABELS = {"disclaimer"}
_NEXT_WORDS = ("next",)
_PREVIOUS_WORDS = ("back", "previous", "prev")


@dataclass(frozen=True)
class _Reference:
    title: str
    url: str
    note: str | None


@dataclass
class _Parts:
    """The page's text, with its page information taken out of the body."""

    body: list[html_reader.RawBlock] = field(default_factory=list)
    references: list[_Reference] = field(default_factory=list)
    disclaimer: str = ""
    related: dict[str, tuple[str, str]] = field(default_factory=dict)


def _label(block: html_reader.RawBlock) -> str:
    if isinstance(block, html_reader.RawHeading | html_reader.ControlLabel | Paragraph):
        text = html_reader.words(block.children)
        if len(text) <= 40:
            return text.rstrip(":").strip().casefold()
    return ""


def _split_parts(blocks: list[html_reader.RawBlock], warnings: list[str]) -> _Parts:
    parts = _Parts()
    index = 0
    while index < len(blocks):
        block = blocks[index]
        label = _label(block)
        end = index + 1
        if label in _REFERENCE_LABELS:
            while end < len(blocks) and _holds_links(blocks[end]):
                parts.references.extend(_references(blocks[end], warnings))
                end += 1
        elif label in _RELATED_LABELS:
            links: list[Link] = []
            while end < len(blocks) and _holds_links(blocks[end]):
                links.extend(html_reader.links_in(blocks[end]))
                end += 1
            parts.related.update(_related(links, warnings))
        elif label in _DISCLAIMER_LABELS:
            texts = []
            while (
                end < len(blocks)
                and isinstance(blocks[end], Paragraph)
                and not _label(blocks[end])
                and not html_reader.is_pseudo_heading(blocks[end])
            ):
                texts.append(html_reader.words(blocks[end].children))
                end += 1
            if texts:
                parts.disclaimer = " ".join(texts)
        elif isinstance(block, Paragraph) and (disclaimer := _inline_disclaimer(block)):
            parts.disclaimer = disclaimer
            index = end
            continue
        if end == index + 1:
            # not a label, or a label with nothing after it to move: it stays in the text
            parts.body.append(block)
        index = end
    return parts


def _holds_links(block: html_reader.RawBlock) -> bool:
    return isinstance(block, Paragraph | ListBlock) and bool(html_reader.links_in(block))


def _references(block: html_reader.RawBlock, warnings: list[str]) -> list[_Reference]:
    entries: list[tuple[Inline, ...]] = []
    if isinstance(block, Paragraph):
        entries.append(block.children)
    elif isinstance(block, ListBlock):
        for item in block.items:
            entries.append(
                tuple(
                    inline
                    for inner in item.blocks
                    if isinstance(inner, Paragraph)
                    for inline in (*inner.children, Text(" "))
                )
            )
    references = []
    for inlines in entries:
        text = html_reader.words(inlines)
        links = html_reader.links_in(Paragraph(inlines))
        if not links:
            warnings.append(
                f"the reference {text!r} has no web address, so it is not in the references: "
                "add it under 'references:' with its url."
            )
            continue
        link = links[0]
        link_text = html_reader.words(link.children)
        rest = " ".join(text.replace(link_text, " ", 1).split())
        note = rest.strip(" ()[]–—-:,;.") or None
        if link_text.startswith(("http://", "https://", "www.")) or (note and len(note) > 60):
            title, note = " ".join(text.replace(link_text, " ", 1).split()).strip(" :–—-"), None
            title = title or link_text
        else:
            title = link_text
        references.append(_Reference(title, link.href, note))
        if len(links) > 1:
            warnings.append(
                f"the reference {text!r} has more than one link; only {link.href} was kept."
            )
    return references


def _related(links: list[Link], warnings: list[str]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    undecided: list[Link] = []
    for link in links:
        link_words = f"{link.title or ''} {html_reader.words(link.children)}".strip().casefold()
        if link_words.startswith(_NEXT_WORDS) and "next" not in found:
            found["next"] = (html_reader.words(link.children), link.href)
        elif link_words.startswith(_PREVIOUS_WORDS) and "previous" not in found:
            found["previous"] = (html_reader.words(link.children), link.href)
        else:
            undecided.append(link)
    for link in undecided:
        free = [key for key in ("previous", "next") if key not in found]
        if not free:
            warnings.append(
                f"'What to read next' has more links than previous and next: "
                f"{link.href} was left out."
            )
            continue
        found[free[0]] = (html_reader.words(link.children), link.href)
    return {key: found[key] for key in ("previous", "next") if key in found}


def _inline_disclaimer(block: Paragraph) -> str:
    """The text of a paragraph that starts with a bold "Disclaimer:", else ''."""
    first = block.children[0] if block.children else None
    if not isinstance(first, Strong):
        return ""
    label = html_reader.words(first.children).rstrip(":").strip().casefold()
    if label not in _DISCLAIMER_LABELS:
        return ""
    return html_reader.words(block.children[1:]).lstrip(": ").strip()


# --- details box values ------------------------------------------------------------

_TRUNCATION_ENDS = ("…", "[…]", "[...]", "...")


def _summary(page: dict, blocks: list[Block]) -> str:
    """The complete sentences of the excerpt, else the first sentence of the text."""
    excerpt = page.get("excerpt")
    html = excerpt.get("rendered") if isinstance(excerpt, dict) else None
    if isinstance(html, str) and html.strip():
        raw = html_reader.Reader(page["link"], []).read(html)
        texts = [
            html_reader.words(block.children)
            for block in raw
            if isinstance(block, Paragraph) and not _is_link_only(block)
        ]
        sentences = split_sentences(" ".join(texts))
        if sentences and sentences[-1].endswith(_TRUNCATION_ENDS):
            sentences.pop()  # WordPress cut the excerpt short
        if sentences:
            return " ".join(sentences)
    sentences = split_sentences(_blocks_text(blocks))
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


def _blocks_text(blocks: list[Block] | tuple[Block, ...]) -> str:
    """All words of the article text: where the summary and the glossary terms are sought."""
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Heading | Paragraph):
            parts.append(inline_text(block.children))
        elif isinstance(block, ListBlock):
            for item in block.items:
                parts.append(_blocks_text(item.blocks))
        elif isinstance(block, Quote):
            parts.append(_blocks_text(block.blocks))
        elif isinstance(block, Table):
            cells = [block.header, *block.rows]
            parts.extend(inline_text(cell.children) for row in cells for cell in row)
            parts.append(inline_text(block.caption))
    return " ".join(parts)
