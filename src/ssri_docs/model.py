"""The document model: one immutable article that every writer reads.

The source parser (the ``source`` package) is the only place that turns text into this
model; writers never re-parse Markdown, YAML or HTML. Everything here is a frozen
dataclass holding tuples, so a writer cannot change what another writer sees.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

# --- Inlines ---------------------------------------------------------------


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Emphasis:
    """Emphasis from the source. Large print shows it in bold, never italics."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Code:
    text: str


@dataclass(frozen=True)
class Link:
    """A hyperlink. ``href`` is absolute (http, https or mailto) or a fragment."""

    href: str
    children: tuple[Inline, ...]
    title: str | None = None


@dataclass(frozen=True)
class LineBreak:
    pass


Inline = Text | Emphasis | Strong | Code | Link | LineBreak

# --- Blocks ----------------------------------------------------------------


@dataclass(frozen=True)
class Heading:
    """A section heading. Levels 2-6 only: the article title is the one level 1."""

    level: int
    children: tuple[Inline, ...]
    id: str  # unique within the article, stable across builds (slug of the text)


@dataclass(frozen=True)
class Paragraph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class ListItem:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class ListBlock:
    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class TableCell:
    children: tuple[Inline, ...]
    align: str | None = None  # "left", "center", "right" or None


@dataclass(frozen=True)
class Table:
    header: tuple[TableCell, ...]
    rows: tuple[tuple[TableCell, ...], ...]
    caption: tuple[Inline, ...] = ()


@dataclass(frozen=True)
class Figure:
    """An image. ``src`` is a path relative to the article's source folder.

    ``alt`` is the text alternative; an empty string marks a decorative image.
    """

    src: str
    alt: str
    caption: tuple[Inline, ...] = ()


@dataclass(frozen=True)
class ThematicBreak:
    pass


Block = Heading | Paragraph | ListBlock | Quote | Table | Figure | ThematicBreak

# --- Article and site ------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    title: str
    url: str
    note: str | None = None  # e.g. "External website"


@dataclass(frozen=True)
class RelatedLink:
    title: str
    url: str


@dataclass(frozen=True)
class Related:
    previous: RelatedLink | None = None
    next: RelatedLink | None = None


@dataclass(frozen=True)
class Narration:
    """Voice settings shared by every article (``site.yaml``, ``narration:``)."""

    engine: str = "auto"  # auto, gtts, espeak or piper
    gtts_language: str = "en"
    gtts_tld: str = "co.uk"
    espeak_voice: str = "en-gb"
    words_per_minute: int = 165
    heading_pause: float = 1.0  # seconds of silence after a heading
    sentence_pause: float = 0.35
    paragraph_pause: float = 0.7
    # The site.yaml these settings were read from (None when built in code): a speech
    # engine that refuses a setting names this file, whatever folder --source gave.
    source_path: Path | None = None


@dataclass(frozen=True)
class Site:
    """What every article shares (``source/site.yaml``)."""

    publisher: str
    publisher_url: str
    disclaimer: str
    contact: str
    other_formats: str
    downloads_url: str
    review_interval_months: int = 36
    narration: Narration = field(default_factory=Narration)


@dataclass(frozen=True)
class Article:
    slug: str
    title: str
    language: str  # BCP 47, e.g. "en-GB"
    summary: str
    canonical_url: str
    published: date
    last_reviewed: date
    next_review: date
    disclaimer: str  # the article's own, or the site default
    references: tuple[Reference, ...]
    related: Related
    pronunciation: tuple[tuple[str, str], ...]  # (term, how to say it), in source order
    blocks: tuple[Block, ...]
    site: Site
    source_path: Path  # the Markdown file this came from; images are relative to its folder


@dataclass(frozen=True)
class Section:
    """A top-level part of the body: an optional level-2 heading and what follows it.

    The blocks before the first level-2 heading form an untitled introduction.
    """

    heading: Heading | None
    blocks: tuple[Block, ...]


def sections(article: Article) -> tuple[Section, ...]:
    """Split the body at level-2 headings (used for EPUB files and audio chapters)."""
    result: list[Section] = []
    heading: Heading | None = None
    blocks: list[Block] = []
    for block in article.blocks:
        if isinstance(block, Heading) and block.level == 2:
            if heading is not None or blocks:
                result.append(Section(heading, tuple(blocks)))
            heading, blocks = block, []
        else:
            blocks.append(block)
    if heading is not None or blocks:
        result.append(Section(heading, tuple(blocks)))
    return tuple(result)


def iter_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    """Every block in reading order, including those nested in lists and quotes."""
    for block in blocks:
        yield block
        if isinstance(block, Quote):
            yield from iter_blocks(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from iter_blocks(item.blocks)


def iter_figures(blocks: tuple[Block, ...]) -> Iterator[Figure]:
    """Every figure in reading order, however deeply nested in lists or quotes."""
    return (block for block in iter_blocks(blocks) if isinstance(block, Figure))
