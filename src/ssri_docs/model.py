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

from .identity import BrandColour, ContactDetails, Logo

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
    """A hard line break inside a paragraph ("Write the score.<br>Then put the diary away.")."""


@dataclass(frozen=True)
class Superscript:
    """Raised text: a citation mark or an exponent ("treated.¹"), never a glued digit."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Subscript:
    """Lowered text, e.g. the 2 of CO₂."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Span:
    """A phrase in another language (WCAG 3.1.2).

    ``lang`` is a BCP 47 tag; ``direction`` is "rtl" or "ltr", or None for the natural
    direction of the language (see :func:`text_direction`).
    """

    lang: str
    children: tuple[Inline, ...]
    direction: str | None = None


Inline = Text | Emphasis | Strong | Code | Link | LineBreak | Superscript | Subscript | Span

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


NUMBERING_TYPES = ("1", "a", "A", "i", "I")  # HTML's <ol type>: the ways of counting


@dataclass(frozen=True)
class ListBlock:
    """A bulleted or numbered list.

    For a numbered list, ``start`` is the first item's number (for a ``reversed`` list
    the highest, counting down), and ``numbering`` one of :data:`NUMBERING_TYPES`.
    Every format prints or says :meth:`labels`, so the numbers agree everywhere.
    """

    ordered: bool
    items: tuple[ListItem, ...]
    start: int = 1
    reversed: bool = False
    numbering: str = "1"

    def numbers(self) -> tuple[int, ...]:
        """Each item's number, in order (counting down for a reversed list)."""
        step = -1 if self.reversed else 1
        return tuple(self.start + step * index for index in range(len(self.items)))

    def labels(self) -> tuple[str, ...]:
        """Each item's printed label: "3.", "c.", "iv."; empty strings for bullets."""
        if not self.ordered:
            return tuple("" for _ in self.items)
        return tuple(f"{format_number(n, self.numbering)}." for n in self.numbers())


def format_number(number: int, numbering: str) -> str:
    """``number`` counted the ``numbering`` way: 3 -> "3", "c", "C", "iii" or "III".

    Letters continue as HTML does (26 -> "z", 27 -> "aa"); numbers below 1 have no
    letter or Roman form and fall back to digits, as browsers do.
    """
    if numbering == "1" or number < 1 or (numbering in "iI" and number >= 4000):
        return str(number)
    if numbering in "aA":
        letters = ""
        while number:
            number, rest = divmod(number - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if numbering == "A" else letters
    roman = ""
    for value, symbol in _ROMAN:
        count, number = divmod(number, value)
        roman += symbol * count
    return roman.upper() if numbering == "I" else roman


_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


@dataclass(frozen=True)
class Quote:
    blocks: tuple[Block, ...]


TABLE_SCOPES = ("col", "row", "both")  # PDF /Scope Column, Row, Both


@dataclass(frozen=True)
class TableCell:
    """One cell. A header cell (``header``) has a ``scope`` from :data:`TABLE_SCOPES`."""

    children: tuple[Inline, ...]
    align: str | None = None  # "left", "center", "right" or None
    header: bool = False  # a header cell (<th>)
    scope: str | None = None
    rowspan: int = 1
    colspan: int = 1


TableRow = tuple[TableCell, ...]


@dataclass(frozen=True)
class Table:
    """A table: header, body and footer rows, and a caption.

    Rows hold only the cells that start in them, as in HTML: a cell covered by a
    ``rowspan`` from above or a ``colspan`` from the left is absent, never padded.
    A header-less table has ``head == ()``.
    """

    head: tuple[TableRow, ...]
    body: tuple[TableRow, ...]
    foot: tuple[TableRow, ...] = ()
    caption: tuple[Inline, ...] = ()

    @property
    def rows(self) -> tuple[TableRow, ...]:
        """Every row in reading order: head, body, then foot."""
        return self.head + self.body + self.foot

    def grid(self) -> tuple[tuple[TableCell | None, ...], ...]:
        """The rows with spans expanded: one entry per (row, column) slot.

        A slot covered by a spanning cell holds that same cell object; a slot that no
        cell reaches (a short row) holds None. Shape: len(rows) x widest row.
        """
        rows = self.rows
        slots: dict[tuple[int, int], TableCell] = {}
        for r, row in enumerate(rows):
            c = 0
            for cell in row:
                while (r, c) in slots:
                    c += 1
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        slots.setdefault((r + dr, c + dc), cell)
                c += cell.colspan
        width = max((c + 1 for (_, c) in slots), default=0)
        return tuple(tuple(slots.get((r, c)) for c in range(width)) for r in range(len(rows)))


@dataclass(frozen=True)
class Preformatted:
    """Text whose line breaks and spacing are part of it (code, a preformatted block)."""

    text: str


@dataclass(frozen=True)
class Verse:
    """Lines kept as written: a breathing exercise one instruction per line, a poem."""

    lines: tuple[tuple[Inline, ...], ...]


@dataclass(frozen=True)
class Figure:
    """A picture. ``src`` is a path relative to the article's source folder.

    ``alt`` is the text alternative. A ``decorative`` picture has an empty ``alt`` and is
    hidden from assistive technology in every format; any other needs an ``alt``.
    ``href`` makes the picture a link ("find a service" banners).
    """

    src: str
    alt: str
    caption: tuple[Inline, ...] = ()
    href: str | None = None
    decorative: bool = False


@dataclass(frozen=True)
class Definition:
    """A term of a definition list with one or more definitions (each a few blocks)."""

    term: tuple[Inline, ...]
    definitions: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True)
class DefinitionList:
    """A glossary: terms and their definitions (HTML <dl>)."""

    items: tuple[Definition, ...]


@dataclass(frozen=True)
class Passage:
    """Blocks in another language (WCAG 3.1.2): "this information in Welsh".

    ``lang`` is a BCP 47 tag; ``direction`` "rtl", "ltr" or None (the language's own).
    """

    lang: str
    blocks: tuple[Block, ...]
    direction: str | None = None


@dataclass(frozen=True)
class ThematicBreak:
    pass


Block = (
    Heading
    | Paragraph
    | ListBlock
    | Quote
    | Table
    | Figure
    | ThematicBreak
    | Preformatted
    | Verse
    | DefinitionList
    | Passage
)

# Languages written right to left (ISO 639-1/-3 primary subtags), for ``direction=None``.
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "ks", "ku", "pa-Arab", "ps", "sd", "ug", "ur", "yi"}
)


def text_direction(lang: str, direction: str | None = None) -> str:
    """The writing direction of a passage: ``direction`` if given, else its language's."""
    if direction:
        return direction
    primary = lang.split("-")[0].lower()
    return "rtl" if primary in RTL_LANGUAGES or lang in RTL_LANGUAGES else "ltr"


# --- Article and site ------------------------------------------------------


@dataclass(frozen=True)
class Reference:
    """A source the article relies on: a web page, or a citation without an address."""

    title: str
    url: str | None = None  # None: a printed work, given by ``citation`` alone
    note: str | None = None  # e.g. "External website"
    citation: str | None = None  # e.g. "Smith J (2020) Sleep and OCD. J Anxiety 12: 3-9"


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

    engine: str = "auto"  # auto, or the one engine required: gtts, hibari, espeak or piper
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
    review_warning_days: int = 30  # warn when an article's next review is this near
    narration: Narration = field(default_factory=Narration)
    logo: Logo | None = None
    brand_colour: BrandColour | None = None
    contact_details: ContactDetails = field(default_factory=ContactDetails)
    # headings under which an imported page lists its references; None: the importer's own
    reference_headings: tuple[str, ...] | None = None


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
    """Every block in reading order, including those nested in lists, quotes,
    passages in another language and definition lists."""
    for block in blocks:
        yield block
        if isinstance(block, Quote | Passage):
            yield from iter_blocks(block.blocks)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield from iter_blocks(item.blocks)
        elif isinstance(block, DefinitionList):
            for item in block.items:
                for definition in item.definitions:
                    yield from iter_blocks(definition)


def iter_figures(blocks: tuple[Block, ...]) -> Iterator[Figure]:
    """Every figure in reading order, however deeply nested in lists or quotes."""
    return (block for block in iter_blocks(blocks) if isinstance(block, Figure))
