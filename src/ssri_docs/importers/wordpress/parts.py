"""The page information: references, disclaimer and "what to read next" out of the text.

On the web page these are body text under labels ("Additional reading",
"Disclaimer:"); readers of the four formats meet them as references, a disclaimer and
related reading instead. They are taken out before the outline, so their labels never
become headings of the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...model import (
    Inline,
    Link,
    ListBlock,
    Paragraph,
    Strong,
    Text,
)
from .outline import is_pseudo_heading, links_in
from .reading import ControlLabel, RawBlock, RawHeading
from .whitespace import words

_RELATED_LABELS = {"what to read next", "read next", "related reading", "related pages"}
_DISCLAIMER_LABELS = {"disclaimer"}
_NEXT_WORDS = ("next",)
_PREVIOUS_WORDS = ("back", "previous", "prev")


@dataclass(frozen=True)
class PageReference:
    """A reference found on the page: its title, address and optional note.

    ``url`` is None for a citation without a web address (``title`` is then its text).
    """

    title: str
    url: str | None
    note: str | None


@dataclass
class PageParts:
    """The page's text, with its page information taken out of the body."""

    body: list[RawBlock] = field(default_factory=list)
    references: list[PageReference] = field(default_factory=list)
    disclaimer: str = ""
    related: dict[str, tuple[str, str]] = field(default_factory=dict)


def _label(block: RawBlock) -> str:
    if isinstance(block, RawHeading | ControlLabel | Paragraph):
        text = words(block.children)
        if len(text) <= 40:
            return text.rstrip(":").strip().casefold()
    return ""


def split_parts(
    blocks: list[RawBlock], warnings: list[str], reference_headings: tuple[str, ...]
) -> PageParts:
    """Take the labelled page information out of ``blocks``; the rest is the body.

    References are the lists and paragraphs under one of ``reference_headings`` (matched
    ignoring case and a final colon). Notes for the editor (extra links) are appended
    to ``warnings``.
    """
    reference_labels = {heading.rstrip(":").strip().casefold() for heading in reference_headings}
    parts = PageParts()
    index = 0
    while index < len(blocks):
        block = blocks[index]
        label = _label(block)
        end = index + 1
        if label in reference_labels:
            while end < len(blocks) and _holds_references(blocks[end]):
                parts.references.extend(_references(blocks[end], warnings))
                end += 1
        elif label in _RELATED_LABELS:
            links: list[Link] = []
            while end < len(blocks) and _holds_links(blocks[end]):
                links.extend(links_in(blocks[end]))
                end += 1
            parts.related.update(_related(links, warnings))
        elif label in _DISCLAIMER_LABELS:
            texts = []
            while (
                end < len(blocks)
                and isinstance(blocks[end], Paragraph)
                and not _label(blocks[end])
                and not is_pseudo_heading(blocks[end])
            ):
                texts.append(words(blocks[end].children))
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


def _holds_links(block: RawBlock) -> bool:
    return isinstance(block, Paragraph | ListBlock) and bool(links_in(block))


_CITED_YEAR = re.compile(r"\b(19|20)\d\d[a-z]?\b")


def _holds_references(block: RawBlock) -> bool:
    """A list, or a paragraph with a link or a year: a citation such as
    "Fineberg NA et al. (2020) ...", which is usual in NHS-style leaflets."""
    if isinstance(block, ListBlock):
        return True
    if isinstance(block, Paragraph) and not is_pseudo_heading(block):
        return bool(links_in(block)) or bool(_CITED_YEAR.search(words(block.children)))
    return False


def _references(block: RawBlock, warnings: list[str]) -> list[PageReference]:
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
        text = words(inlines)
        links = links_in(Paragraph(inlines))
        if not links:
            if text:
                references.append(PageReference(text, None, None))  # a citation
            continue
        link = links[0]
        link_text = words(link.children)
        rest = " ".join(text.replace(link_text, " ", 1).split())
        note = rest.strip(" ()[]–—-:,;.") or None
        if link_text.startswith(("http://", "https://", "www.")) or (note and len(note) > 60):
            title, note = " ".join(text.replace(link_text, " ", 1).split()).strip(" :–—-"), None
            title = title or link_text
        else:
            title = link_text
        references.append(PageReference(title, link.href, note))
        if len(links) > 1:
            warnings.append(
                f"the reference {text!r} has more than one link; only {link.href} was kept."
            )
    return references


def _related(links: list[Link], warnings: list[str]) -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    undecided: list[Link] = []
    for link in links:
        link_words = f"{link.title or ''} {words(link.children)}".strip().casefold()
        if link_words.startswith(_NEXT_WORDS) and "next" not in found:
            found["next"] = (words(link.children), link.href)
        elif link_words.startswith(_PREVIOUS_WORDS) and "previous" not in found:
            found["previous"] = (words(link.children), link.href)
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
        found[free[0]] = (words(link.children), link.href)
    return {key: found[key] for key in ("previous", "next") if key in found}


def _inline_disclaimer(block: Paragraph) -> str:
    """The text of a paragraph that starts with a bold "Disclaimer:", else ''."""
    first = block.children[0] if block.children else None
    if not isinstance(first, Strong):
        return ""
    label = words(first.children).rstrip(":").strip().casefold()
    if label not in _DISCLAIMER_LABELS:
        return ""
    return words(block.children[1:]).lstrip(": ").strip()
