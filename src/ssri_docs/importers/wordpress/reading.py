"""Read the sanitised WordPress (Gutenberg) HTML tree into raw model blocks.

Presentational wrappers (highlights, layout columns, accordions, icons) disappear and
their text stays; footnotes, tables and pictures become what the source format can
hold. Headings keep their page level and accordion labels and pictures stay undecided
(``RawHeading``, ``ControlLabel``, ``Image``): ``outline`` decides them once it sees
the whole article. This module knows no JSON, dates or details box.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import NavigableString, Tag

from ...model import (
    Block,
    Code,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Strong,
    Table,
    TableCell,
    Text,
    ThematicBreak,
)
from ...wording import inline_text
from .shortcodes import clean_tree
from .whitespace import has_text, tidy, unbold

_BLOCK_TAGS = {
    *("p", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "blockquote"),
    *("ul", "ol", "li", "dl", "dt", "dd", "table", "figure", "figcaption"),
    *("div", "section", "article", "header", "footer", "aside", "main", "nav", "center"),
    *("details", "summary", "caption"),
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


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

    def read(self, html: str) -> list[RawBlock]:
        """The blocks of untrusted HTML, read from its sanitised, shortcode-free tree."""
        return self.blocks(clean_tree(html, self.shortcodes))

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
        inlines = tidy(self.inlines(nodes))
        out: list[RawBlock] = []
        if has_text(inlines):
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
        if name == "p":
            return self.paragraph(list(element.children))
        if name in ("ul", "ol"):
            if name == "ol" and "wp-block-footnotes" in element.get("class", []):
                self.read_footnotes(element)
                return []
            return [self.list_block(element)]
        if name == "blockquote":
            return [Quote(tuple(self.model_blocks(self.blocks(element))))]
        if name == "figure":
            return self.figure(element)
        if name == "table":
            return [self.table(element), *self.take_images()]
        if name == "hr":
            return [ThematicBreak()]
        if name == "pre":
            code = element.get_text().strip("\n")
            return [Paragraph((Code(code),))] if code.strip() else []
        return self.blocks(element)

    def list_block(self, element: Tag) -> ListBlock:
        items = []
        for item in element.find_all("li", recursive=False):
            blocks = tuple(self.model_blocks(self.blocks(item)))
            if blocks:
                items.append(ListItem(blocks))
        start = element.get("start")
        number = int(start) if element.name == "ol" and str(start or "").isdigit() else 1
        return ListBlock(ordered=element.name == "ol", items=tuple(items), start=number)

    def read_footnotes(self, element: Tag) -> None:
        self.in_footnotes = True
        for item in element.find_all("li", recursive=False):
            blocks = tuple(self.model_blocks(self.blocks(item)))
            if blocks:
                self.footnotes.append(ListItem(blocks))
        self.in_footnotes = False

    def figure(self, element: Tag) -> list[RawBlock]:
        caption_element = element.find("figcaption")
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
            inner[index] = Image(images[0].url, images[0].alt, caption)
        elif has_text(caption):
            inner.append(Paragraph(caption))
        return inner

    def table(self, element: Tag) -> Table:
        rows: list[tuple[TableCell, ...]] = []
        header_first = False
        spans = False
        for index, row in enumerate(
            tr for tr in element.find_all("tr") if tr.find_parent("table") is element
        ):
            cells: list[TableCell] = []
            for cell in row.find_all(["td", "th"], recursive=False):
                inlines = tidy(self.inlines(list(cell.children)))
                inlines = tuple(Text(" ") if isinstance(i, LineBreak) else i for i in inlines)
                cells.append(TableCell(tidy(inlines), _alignment(cell)))
                width = str(cell.get("colspan") or "1")
                if width.isdigit() and int(width) > 1:
                    cells.extend(TableCell(()) for _ in range(int(width) - 1))
                    spans = True
                if str(cell.get("rowspan") or "1") != "1":
                    spans = True
            if index == 0:
                in_head = row.find_parent("thead") is not None
                all_th = not row.find_all("td", recursive=False)
                header_first = in_head or all_th
            rows.append(tuple(cells))
        caption_element = element.find("caption")
        caption = tidy(self.inlines(list(caption_element.children))) if caption_element else ()
        if spans:
            self.warnings.append(
                "a table has merged cells, which Markdown tables cannot show: the cells were "
                "split; check the table in the source file."
            )
        if not header_first and rows:
            self.warnings.append(
                "a table has no header row: its first row is used as the header; check it."
            )
        if not rows:
            return Table(head=(), body=(), caption=caption)
        header = tuple(TableCell(c.children, c.align, header=True, scope="col") for c in rows[0])
        return Table(head=(header,), body=tuple(rows[1:]), caption=caption)

    def model_blocks(self, raw: list[RawBlock]) -> list[Block]:
        """Blocks inside lists, quotes and footnotes: headings there become bold text."""
        out: list[Block] = []
        for block in raw:
            if isinstance(block, RawHeading | ControlLabel):
                out.append(Paragraph((Strong(block.children),)))
            elif isinstance(block, Image):
                out.append(self.image_paragraph(block))
            else:
                out.append(block)
        return out

    def image_paragraph(self, image: Image) -> Paragraph:
        # The source only accepts pictures saved next to the article, and the importer
        # never downloads: the picture stays a link until the editor saves it.
        alt = image.alt or "picture without a description"
        caption = inline_text(image.caption).strip() or None
        name = Path(urlsplit(image.url).path).name or "picture.jpg"
        quoted_caption = f" {json.dumps(caption, ensure_ascii=False)}" if caption else ""
        target = f"![{image.alt}]({name}{quoted_caption})"
        advice = (
            f"the picture {image.url} was written as a link ('Image: {alt}'): save the picture "
            f"next to the article and change that line to {target}"
        )
        if not image.alt:
            advice += " after writing a description of the picture between the brackets"
        self.warnings.append(advice + ".")
        return Paragraph((Text("Image: "), Link(image.url, (Text(alt),), caption)))

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
                out.append(Text(f"[{node.get_text().strip()}]"))
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
        children = self.inlines(list(node.children))
        if not href:
            return list(children)
        url = urljoin(self.base_url, href)
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
        self.pending_images.append(Image(urljoin(self.base_url, src), alt))


def _is_control(element: Tag) -> bool:
    """An accordion or tab label; a link that merely looks like a button is not one."""
    role = element.get("role")
    return (
        element.name == "summary" or role == "tab" or (role == "button" and not element.get("href"))
    )


def _alignment(cell: Tag) -> str | None:
    value = str(cell.get("data-align") or "")
    for css_class in cell.get("class", []):
        if css_class.startswith("has-text-align-"):
            value = css_class.removeprefix("has-text-align-")
    return value if value in ("left", "center", "right") else None
