"""Read the sanitised WordPress (Gutenberg) HTML tree into raw model blocks.

Presentational wrappers (highlights, layout columns, accordions, icons) disappear and
their text stays; footnotes, tables and pictures become what the source format can
hold. Headings keep their page level and accordion labels and pictures stay undecided
(``RawHeading``, ``ControlLabel``, ``Image``): ``outline`` decides them once it sees
the whole article. This module knows no JSON, dates or details box.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import NavigableString, Tag

from ...model import (
    NUMBERING_TYPES,
    Block,
    Code,
    Definition,
    DefinitionList,
    Emphasis,
    Figure,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Passage,
    Preformatted,
    Quote,
    Span,
    Strong,
    Subscript,
    Superscript,
    Table,
    Text,
    ThematicBreak,
    Verse,
)
from ...source import LANGUAGE_PATTERN
from ...source.limits import MAX_DEPTH
from .footnotes import WORD_NOTE, footnote_mark, is_footnote_mark
from .sanitise import check_depth
from .shortcodes import clean_tree
from .tables import read_table
from .whitespace import has_text, tidy, unbold, visible_text

_BLOCK_TAGS = {
    *("p", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "blockquote"),
    *("ul", "ol", "li", "dl", "dt", "dd", "table", "figure", "figcaption"),
    *("div", "section", "article", "header", "footer", "aside", "main", "nav", "center"),
    *("details", "summary", "caption"),
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Lists and quotes inside each other: deeper ones are kept as plain blocks of the
# deepest list item, within the source format's MAX_DEPTH (two levels are left for a
# passage in another language and a definition around them).
MAX_LIST_NESTING = MAX_DEPTH - 2
_FILE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class RawHeading:
    """A heading as on the page, before ``outline`` re-bases its level."""

    level: int  # as on the page (1-6), re-based later
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class ControlLabel:
    """The label of an accordion or tab (a control on the web page)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Image:
    """A picture on the page (absolute address), until ``outline`` writes it as a link."""

    url: str
    alt: str
    caption: tuple[Inline, ...] = ()
    href: str | None = None  # the picture is a link ("find a service" banners)
    decorative: bool = False  # empty alt and hidden from assistive technology


# What reading gives before ``outline``: headings keep their page level, and accordion
# labels and pictures are not decided yet.
RawBlock = Block | RawHeading | ControlLabel | Image


@dataclass
class Reader:
    """Reads a clean tree into raw blocks, collecting warnings, shortcodes and footnotes."""

    base_url: str  # relative links and pictures are resolved against the page's address
    warnings: list[str]
    shortcodes: list[str] = field(default_factory=list)
    footnotes: list[ListItem] = field(default_factory=list)
    in_footnotes: bool = False
    pending_images: list[Image] = field(default_factory=list)
    link_href: str | None = None  # the address of the link being read, for pictures in it
    word_note: bool = False  # the paragraph being read is a Word footnote
    nesting: int = 0  # lists and quotes open around what is being read

    def read(self, html: str) -> list[RawBlock]:
        """The blocks of untrusted HTML, read from its sanitised, shortcode-free tree.

        Raises UserError when elements are nested deeper than MAX_NESTING_DEPTH.
        """
        tree = clean_tree(html, self.shortcodes)
        check_depth(tree)
        return self.blocks(tree)

    def blocks(self, parent: Tag) -> list[RawBlock]:
        out: list[RawBlock] = []
        run: list[Any] = []
        for child in parent.children:
            if isinstance(child, Tag) and (child.name in _BLOCK_TAGS or _is_control(child)):
                out.extend(self.paragraph(run))
                run = []
                out.extend(self.block(child))
            elif isinstance(child, Tag) or type(child) is NavigableString:
                run.append(child)
        out.extend(self.paragraph(run))
        return out

    def paragraph(self, nodes: list[Any]) -> list[RawBlock]:
        self.word_note = False
        inlines = tidy(self.inlines(nodes))
        out: list[RawBlock] = []
        if self.word_note:
            # A Word footnote's text joins the article's notes.
            self.word_note = False
            if has_text(inlines):
                self.footnotes.append(ListItem((Paragraph(inlines),)))
        elif has_text(inlines):
            out.append(Paragraph(inlines))
        out.extend(self.take_images())
        return out

    def take_images(self) -> list[RawBlock]:
        images, self.pending_images = self.pending_images, []
        return list(images)

    def block(self, element: Tag) -> list[RawBlock]:
        name = element.name
        if _is_control(element):
            inlines = tidy(self.inlines(list(element.children)))
            return ([ControlLabel(inlines)] if has_text(inlines) else []) + self.take_images()
        if name in _HEADINGS:
            inlines = tidy(unbold(self.inlines(list(element.children))))
            heading = [RawHeading(_HEADINGS[name], inlines)] if has_text(inlines) else []
            return heading + self.take_images()
        classes = element.get("class", [])
        lang = str(element.get("lang") or "").strip()
        passage = name in ("p", "div", "section", "blockquote") and not element.find(_HEADINGS)
        if lang and passage and LANGUAGE_PATTERN.match(lang):
            # (a wrapper holding headings is the page's own layout, not a passage)
            del element["lang"]
            inner = tuple(self.model_blocks(self.block(element)))
            return [Passage(lang, inner, _direction(element))] if inner else []
        if name == "p":
            return self.paragraph(list(element.children))
        if name in ("ul", "ol"):
            if name == "ol" and "wp-block-footnotes" in classes:
                self.read_footnotes(element)
                return []
            if "blocks-gallery-grid" in classes:
                return self.blocks(element)  # an older gallery: its pictures, in order
            return self.nested(element, lambda: self.list_block(element))
        if name == "dl":
            return self.definition_list(element)
        if name == "div" and "wp-block-file" in classes:
            return self.file_block(element)
        if name == "blockquote":
            return self.nested(
                element, lambda: [Quote(tuple(self.model_blocks(self.blocks(element))))]
            )
        if name == "figure":
            return self.figure(element)
        if name == "table":
            table = read_table(element, self.inlines)
            kept = [table] if table.rows else [Paragraph(table.caption)] if table.caption else []
            return [*kept, *self.take_images()]
        if name == "hr":
            return [ThematicBreak()]
        if name == "pre" and "wp-block-verse" in classes:
            return self.verse(element)
        if name == "pre":
            text = element.get_text().strip("\n")
            return [Preformatted(text)] if text.strip() else []
        return self.blocks(element)

    def nested(self, element: Tag, read: Callable[[], list[RawBlock]]) -> list[RawBlock]:
        """A list or quote, or beyond MAX_LIST_NESTING its content as plain blocks."""
        if self.nesting >= MAX_LIST_NESTING:
            warning = (
                f"lists or quotes nested more than {MAX_LIST_NESTING} deep were kept as plain "
                "paragraphs of the deepest list; check them in the source file."
            )
            if warning not in self.warnings:
                self.warnings.append(warning)
            return self.blocks(element)
        self.nesting += 1
        try:
            return read()
        finally:
            self.nesting -= 1

    def verse(self, element: Tag) -> list[RawBlock]:
        """A verse block: one line per line of the page, inline formatting kept."""
        lines: list[list[Inline]] = [[]]
        for node in self.inlines(list(element.children)):
            pieces = node.text.split("\n") if isinstance(node, Text) else [node]
            for index, piece in enumerate(pieces):
                if index or isinstance(piece, LineBreak):
                    lines.append([])
                if isinstance(piece, str):
                    lines[-1].append(Text(piece))
                elif not isinstance(piece, LineBreak):
                    lines[-1].append(piece)
        kept = tuple(tidy(tuple(line)) for line in lines)
        while kept and not kept[0]:
            kept = kept[1:]
        while kept and not kept[-1]:
            kept = kept[:-1]
        return ([Verse(kept)] if kept else []) + self.take_images()

    def definition_list(self, element: Tag) -> list[RawBlock]:
        items: list[Definition] = []
        for child in element.find_all(["dt", "dd"], recursive=False):
            if child.name == "dt":
                term = tidy(self.inlines(list(child.children)))
                if has_text(term):
                    items.append(Definition(term, ()))
                continue
            blocks = tuple(self.model_blocks(self.blocks(child)))
            if blocks and items:
                items[-1] = Definition(items[-1].term, (*items[-1].definitions, blocks))
            elif blocks:
                self.warnings.append("a definition without a term was kept as text.")
                return [*blocks]
        return [DefinitionList(tuple(items))] if items else []

    def file_block(self, element: Tag) -> list[RawBlock]:
        """A file block: one line, the file's name and type linking to its address."""
        anchors = element.find_all("a")
        named = [a for a in anchors if "wp-block-file__button" not in a.get("class", [])]
        for anchor in named or anchors:
            href = str(anchor.get("href") or "").strip()
            name = " ".join(anchor.get_text().split())
            url = urljoin(self.base_url, href)
            if not href or urlsplit(url).scheme not in ("http", "https"):
                continue
            kind = Path(urlsplit(url).path).suffix.lstrip(".").upper()
            label = name or unquote(Path(urlsplit(url).path).name)
            if kind and f"({kind})" not in label:
                label += f" ({kind})"
            return [Paragraph((Link(url, (Text(label),)),))]
        return self.blocks(element)

    def list_block(self, element: Tag) -> list[RawBlock]:
        items = []
        for item in element.find_all("li", recursive=False):
            blocks = tuple(self.model_blocks(self.blocks(item)))
            if blocks:
                items.append(ListItem(blocks))
        ordered = element.name == "ol"
        counts_down = ordered and element.has_attr("reversed")
        start = str(element.get("start") or "").strip()
        if ordered and start.isdigit() and len(start) < 10:
            number = int(start)
        else:
            number = len(items) if counts_down else 1
        numbering = str(element.get("type") or "1").strip()
        numbering = numbering if ordered and numbering in NUMBERING_TYPES else "1"
        return [ListBlock(ordered, tuple(items), number, counts_down, numbering)] if items else []

    def read_footnotes(self, element: Tag) -> None:
        self.in_footnotes = True
        for item in element.find_all("li", recursive=False):
            blocks = tuple(self.model_blocks(self.blocks(item)))
            if blocks:
                self.footnotes.append(ListItem(blocks))
        self.in_footnotes = False

    def figure(self, element: Tag) -> list[RawBlock]:
        caption_element = element.find("figcaption", recursive=False)
        caption: tuple[Inline, ...] = ()
        if caption_element is not None:
            caption = tidy(self.inlines(list(caption_element.children)))
            caption_element.extract()
        inner = self.blocks(element)
        tables = [b for b in inner if isinstance(b, Table)]
        images = [b for b in inner if isinstance(b, Image)]
        if caption and len(tables) == 1 and not images:
            index = inner.index(tables[0])
            inner[index] = Table(tables[0].head, tables[0].body, tables[0].foot, caption=caption)
        elif caption and len(images) == 1 and not tables:
            index = inner.index(images[0])
            image = images[0]
            inner[index] = Image(image.url, image.alt, caption, image.href, image.decorative)
        elif has_text(caption):
            inner.append(Paragraph(caption))
        return inner

    def model_blocks(self, raw: list[RawBlock]) -> list[Block]:
        """Blocks inside lists, quotes and footnotes: headings there become bold text."""
        out: list[Block] = []
        for block in raw:
            if isinstance(block, RawHeading | ControlLabel):
                out.append(Paragraph((Strong(block.children),)))
            elif isinstance(block, Image):
                out.append(self.figure_block(block))
            else:
                out.append(block)
        return out

    def figure_block(self, image: Image) -> Figure:
        """The picture as a figure of the source; the editor saves the file beside it.

        The importer never downloads: the warning says which address to save under
        which name (the source refuses a figure whose file is missing).
        """
        name = _FILE_NAME.sub("-", unquote(Path(urlsplit(image.url).path).name)).strip("-.")
        name = name if "." in name else f"{name or 'picture'}.jpg"
        caption = visible_text(image.caption).strip()
        advice = f"save the picture {image.url} next to the article as {name}"
        if not image.alt and not image.decorative:
            advice += ", and write a description of it between the brackets of ![]"
        self.warnings.append(advice + ".")
        return Figure(
            src=name,
            alt="" if image.decorative else image.alt,
            caption=(Text(caption),) if caption else (),
            href=image.href,
            decorative=image.decorative,
        )

    def inlines(self, nodes: list[Any]) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in nodes:
            if isinstance(node, NavigableString):
                if type(node) is NavigableString:
                    out.append(Text(str(node)))
                continue
            name = node.name
            if name == "br":
                out.append(LineBreak())
            elif name in ("strong", "b"):
                out.append(Strong(self.inlines(list(node.children))))
            elif name in ("em", "i"):
                out.append(Emphasis(self.inlines(list(node.children))))
            elif name in ("code", "kbd", "samp"):
                out.append(Code(node.get_text()))
            elif name == "a":
                out.extend(self.link(node))
            elif name == "img":
                self.image(node)
            elif name == "sup" and (node.get("data-fn") or "fn" in node.get("class", [])):
                out.append(footnote_mark(node.get_text().strip()))
            elif name in ("sup", "sub"):
                children = self.inlines(list(node.children))
                if len(children) == 1 and is_footnote_mark(children[0]):
                    out.append(children[0])  # a Word footnote mark, raised already
                elif has_text(children):
                    # The source's ^...^ and ~...~ hold plain text only.
                    text = (Text(" ".join(visible_text(children).split())),)
                    out.append((Superscript if name == "sup" else Subscript)(text))
            elif name == "span" and LANGUAGE_PATTERN.match(str(node.get("lang") or "")):
                children = self.inlines(list(node.children))
                if has_text(children):
                    out.append(Span(str(node["lang"]), children, _direction(node)))
            elif name in _BLOCK_TAGS:
                # a block inside inline content (e.g. a table cell): keep words apart
                out.extend([Text(" "), *self.inlines(list(node.children)), Text(" ")])
            else:
                out.extend(self.inlines(list(node.children)))
        return tuple(out)

    def link(self, node: Tag) -> list[Inline]:
        href = str(node.get("href") or "").strip()
        if self.in_footnotes and href.startswith("#"):
            return []  # the "back to the text" arrow of a footnote
        word = WORD_NOTE.search(urlsplit(href).fragment)
        if word and word.group(1):
            self.word_note = True  # the note's "back to the text" link: never the address
            return []
        if word:
            return [footnote_mark(word.group(2))]
        url = urljoin(self.base_url, href) if href else ""
        self.link_href, outer = url or None, self.link_href
        children = self.inlines(list(node.children))
        self.link_href = outer
        if not href:
            return list(children)
        parts = urlsplit(url)
        usable = (parts.scheme in ("http", "https") and parts.hostname) or (
            parts.scheme == "mailto" and "@" in parts.path
        )
        if not usable:
            return list(children)
        title = " ".join(str(node.get("title") or "").split()) or None
        return [Link(url, children, title)]

    def image(self, node: Tag) -> None:
        src = str(node.get("src") or "").strip()
        alt = " ".join(str(node.get("alt") or "").split())
        if not src:
            self.warnings.append(
                f"removed a picture with no usable address{f' ({alt})' if alt else ''}."
            )
            return
        hidden = node.get("role") in ("presentation", "none") or node.get("aria-hidden") == "true"
        linked = urlsplit(self.link_href or "").scheme in ("http", "https")
        href = self.link_href if linked else None
        decorative = not alt and hidden and not href  # a link needs a description
        self.pending_images.append(Image(urljoin(self.base_url, src), alt, (), href, decorative))


def _direction(element: Tag) -> str | None:
    value = str(element.get("dir") or "").strip().lower()
    return value if value in ("rtl", "ltr") else None


def _is_control(element: Tag) -> bool:
    """An accordion or tab label; a link that merely looks like a button is not one."""
    role = element.get("role")
    return (
        element.name == "summary" or role == "tab" or (role == "button" and not element.get("href"))
    )
