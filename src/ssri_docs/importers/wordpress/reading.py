"""Read untrusted WordPress (Gutenberg) HTML into document-model blocks.

This module's one job is the page's HTML, and nothing else of WordPress: it knows
no JSON, dates or details box. HTML from a web page is untrusted, so it is sanitised
by nh3 first (an allow-list of structural tags; scripts, styles, frames, forms and
event handlers never pass), and only that clean tree is read. The raw HTML is parsed
once more, purely to tell the editor what the sanitiser removed.

Reading turns the clean tree into model blocks and inlines: presentational wrappers
(highlights, layout columns, accordions, icons) disappear and their text stays;
unrendered shortcodes are removed; footnotes, tables and pictures become what the
source format can hold; headings are re-based so the article title is the only
level 1. Keeping this apart from ``wordpress`` puts every rule about untrusted markup
in one place, where it can be read and checked without the page around it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

from ..model import (
    Block,
    Code,
    Emphasis,
    Heading,
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
from ..wording import inline_text, split_sentences

# --- sanitising ------------------------------------------------------------------

_ALLOWED_TAGS = {
    *("p", "br", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "blockquote"),
    *("ul", "ol", "li", "dl", "dt", "dd"),
    *("table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td"),
    *("figure", "figcaption", "img"),
    *("div", "section", "article", "header", "footer", "aside", "main", "nav", "center"),
    *("details", "summary"),
    *("a", "strong", "b", "em", "i", "u", "s", "del", "ins", "code", "kbd", "samp"),
    *("sup", "sub", "mark", "span", "small", "big", "abbr", "q", "cite", "time"),
}
_ALLOWED_ATTRIBUTES = {
    # class and role are kept to recognise footnotes, accordions and table alignment.
    "*": {"class", "role"},
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "sup": {"data-fn"},
    "td": {"colspan", "rowspan", "data-align"},
    "th": {"colspan", "rowspan", "data-align"},
}
# Removed together with their content, and reported: (what it is, what the editor can do).
_DROPPED_ELEMENTS = {
    "script": ("script", "code from the web page never reaches the outputs"),
    "noscript": ("script fallback", "code from the web page never reaches the outputs"),
    "style": ("style sheet", "the outputs use their own large-print styles"),
    "link": ("linked style sheet", "the outputs use their own large-print styles"),
    "meta": ("meta element", "the details box holds the article's details"),
    "template": ("template", "it is never shown to readers"),
    "iframe": ("embedded frame", "if readers need what it showed, add a link to it"),
    "object": ("embedded object", "if readers need what it showed, add a link to it"),
    "embed": ("embedded object", "if readers need what it showed, add a link to it"),
    "video": ("video", "add a link to the video if readers need it"),
    "audio": ("audio player", "add a link to the recording if readers need it"),
    "canvas": ("canvas drawing", "describe what it showed in the text if readers need it"),
    "svg": ("svg drawing", "describe what it showed in the text if readers need it"),
    "form": ("form", "forms cannot work on paper or in audio; link to the web page instead"),
    "input": ("form field", "forms cannot work on paper or in audio"),
    "button": ("button", "buttons cannot work on paper or in audio"),
    "select": ("form field", "forms cannot work on paper or in audio"),
    "textarea": ("form field", "forms cannot work on paper or in audio"),
}


def _sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        clean_content_tags=set(_DROPPED_ELEMENTS),
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
    )


def dropped_warnings(html: str) -> list[str]:
    """What the sanitiser removes, found in the raw HTML (only to tell the editor)."""
    raw = BeautifulSoup(html, "html.parser")
    dropped = list(_DROPPED_ELEMENTS)
    found: dict[str, list[str]] = {}
    handlers: list[str] = []
    script_links = 0
    for element in raw.find_all(True):
        if element.find_parent(dropped) is not None:
            continue
        if element.name in _DROPPED_ELEMENTS:
            address = element.get("src") or element.get("data") or element.get("action") or ""
            found.setdefault(element.name, []).append(str(address).strip())
            continue
        for attribute in element.attrs:
            if attribute.lower().startswith("on"):
                handlers.append(f"{attribute} on <{element.name}>")
        href = str(element.get("href") or "")
        if element.name == "a" and href.strip().lower().startswith("javascript:"):
            script_links += 1
    messages = []
    for name, addresses in found.items():
        what, advice = _DROPPED_ELEMENTS[name]
        count = len(addresses)
        shown = [address for address in addresses if address]
        detail = f"<{name}>" + (f" {', '.join(shown)}" if shown else "")
        plural = "s" if count > 1 else ""
        messages.append(f"removed {count} {what}{plural} ({detail}): {advice}.")
    if handlers:
        plural = "s" if len(handlers) > 1 else ""
        messages.append(
            f"removed {len(handlers)} event-handler attribute{plural} ({', '.join(handlers)}): "
            "code from the web page never reaches the outputs."
        )
    if script_links:
        messages.append(
            f"removed the address of {script_links} javascript: link(s); their text is kept."
        )
    return messages


# --- shortcodes ---------------------------------------------------------------------

# Unrendered shortcodes: [name], [name attr="x" ...], [/name]. Brackets in prose
# ("[1]", "[not a link]", "[She]") are kept: a shortcode is one lower-case name,
# optionally followed by attributes that contain "=".
_SHORTCODE = re.compile(r"\[/?([a-z][\w-]*)(?:\s+[^\[\]=]*=[^\[\]]*)?\s*/?\]")
# Shortcodes whose information the importer takes from the JSON instead.
_REVIEW_SHORTCODES = {"lastreviewed", "nextreviewed", "last_reviewed", "next_reviewed"}
_EDITORIAL_BRACKETS = {"sic"}  # "[sic]" is wording, not a shortcode


def clean_tree(html: str, shortcodes: list[str]) -> BeautifulSoup:
    """The sanitised tree, with unrendered shortcodes removed (their names collected)."""

    def remove(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        if name in _EDITORIAL_BRACKETS:
            return match.group(0)
        shortcodes.append(name)
        return " "

    soup = BeautifulSoup(_sanitise(html), "html.parser")
    for string in list(soup.find_all(string=True)):
        text = _SHORTCODE.sub(remove, str(string))
        if text != str(string):
            string.replace_with(NavigableString(text))
    return soup


def shortcode_warnings(names: list[str]) -> list[str]:
    """What to tell the editor about the shortcodes ``clean_tree`` removed."""
    unknown = sorted({name for name in names if name not in _REVIEW_SHORTCODES})
    if not unknown:
        return []
    listed = ", ".join(f"[{name}]" for name in unknown)
    return [
        f"removed unrendered WordPress shortcodes {listed}: whatever they showed on the web "
        "page is not in the article; add it to the text if readers need it."
    ]


def plain_text(html: str) -> str:
    """The visible text of a short piece of untrusted HTML (e.g. a title), on one line."""
    soup = BeautifulSoup(_sanitise(html), "html.parser")
    return " ".join(soup.get_text().translate(_INVISIBLE).split())


# --- reading the clean tree --------------------------------------------------------

_BLOCK_TAGS = {
    *("p", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "blockquote"),
    *("ul", "ol", "li", "dl", "dt", "dd", "table", "figure", "figcaption"),
    *("div", "section", "article", "header", "footer", "aside", "main", "nav", "center"),
    *("details", "summary", "caption"),
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


@dataclass(frozen=True)
class RawHeading:
    level: int  # as on the page (1-6), re-based later
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class ControlLabel:
    """The label of an accordion or tab (a control on the web page)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class _Image:
    url: str
    alt: str
    caption: tuple[Inline, ...] = ()


# What reading gives before ``outline``: headings keep their page level, and accordion
# labels and pictures are not decided yet.
RawBlock = Block | RawHeading | ControlLabel | _Image


@dataclass
class Reader:
    """Reads a clean tree into raw blocks, collecting warnings, shortcodes and footnotes."""

    base_url: str  # relative links and pictures are resolved against the page's address
    warnings: list[str]
    shortcodes: list[str] = field(default_factory=list)
    footnotes: list[ListItem] = field(default_factory=list)
    in_footnotes: bool = False
    pending_images: list[_Image] = field(default_factory=list)

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
        inlines = _tidy(self.inlines(nodes))
        out: list[RawBlock] = []
        if _has_text(inlines):
            out.append(Paragraph(inlines))
        out.extend(self.take_images())
        return out

    def take_images(self) -> list[RawBlock]:
        images, self.pending_images = self.pending_images, []
        return list(images)

    def block(self, element: Tag) -> list[RawBlock]:
        name = element.name
        if _is_control(element):
            inlines = _tidy(self.inlines(list(element.children)))
            return ([ControlLabel(inlines)] if _has_text(inlines) else []) + self.take_images()
        if name in _HEADINGS:
            inlines = _tidy(_unbold(self.inlines(list(element.children))))
            heading = [RawHeading(_HEADINGS[name], inlines)] if _has_text(inlines) else []
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
            caption = _tidy(self.inlines(list(caption_element.children)))
            caption_element.extract()
        inner = self.blocks(element)
        tables = [b for b in inner if isinstance(b, Table)]
        images = [b for b in inner if isinstance(b, _Image)]
        if caption and len(tables) == 1 and not images:
            index = inner.index(tables[0])
            inner[index] = Table(tables[0].header, tables[0].rows, caption=caption)
        elif caption and len(images) == 1 and not tables:
            index = inner.index(images[0])
            inner[index] = _Image(images[0].url, images[0].alt, caption)
        elif _has_text(caption):
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
                inlines = _tidy(self.inlines(list(cell.children)))
                inlines = tuple(Text(" ") if isinstance(i, LineBreak) else i for i in inlines)
                cells.append(TableCell(_tidy(inlines), _alignment(cell)))
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
        caption = _tidy(self.inlines(list(caption_element.children))) if caption_element else ()
        if spans:
            self.warnings.append(
                "a table has merged cells, which Markdown tables cannot show: the cells were "
                "split; check the table in the source file."
            )
        if not header_first and rows:
            self.warnings.append(
                "a table has no header row: its first row is used as the header; check it."
            )
        header, body = (rows[0], tuple(rows[1:])) if rows else ((), ())
        return Table(header=header, rows=body, caption=caption)

    def model_blocks(self, raw: list[RawBlock]) -> list[Block]:
        """Blocks inside lists, quotes and footnotes: headings there become bold text."""
        out: list[Block] = []
        for block in raw:
            if isinstance(block, RawHeading | ControlLabel):
                out.append(Paragraph((Strong(block.children),)))
            elif isinstance(block, _Image):
                out.append(self.image_paragraph(block))
            else:
                out.append(block)
        return out

    def image_paragraph(self, image: _Image) -> Paragraph:
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
        self.pending_images.append(_Image(urljoin(self.base_url, src), alt))


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


# --- outline: headings, pseudo-headings, rules --------------------------------------

# Bold-only lines with these names start a section of the whole article; other bold
# lines deepen the heading before them (e.g. "In more details…" under a question).
_TOP_SECTION_NAMES = {
    *("summary", "in summary", "conclusion", "conclusions", "introduction", "overview"),
    *("key points", "key facts", "further information", "more information", "find out more"),
}


def is_pseudo_heading(block: RawBlock) -> bool:
    """A paragraph that is one short bold line and no sentence: a heading in disguise."""
    if not isinstance(block, Paragraph) or not block.children:
        return False
    for node in block.children:
        if isinstance(node, Text) and not node.text.strip():
            continue
        if not isinstance(node, Strong) or links_in(Paragraph(node.children)):
            return False
    text = words(block.children)
    return (
        0 < len(text) <= 120 and len(split_sentences(text)) == 1 and not text.endswith((".", "!"))
    )


def outline(raw: list[RawBlock], reader: Reader) -> list[Block]:
    """Model blocks with heading levels re-based: the highest is 2 and none is skipped.

    The page's footnotes, if any, follow at the end under a "Notes" heading.
    """
    kept: list[RawBlock] = []
    for index, block in enumerate(raw):
        if isinstance(block, ControlLabel):
            # An accordion label stays only when its panel still holds article text.
            following = next(
                (b for b in raw[index + 1 :] if not isinstance(b, ThematicBreak)), None
            )
            if following is None or isinstance(following, RawHeading | ControlLabel):
                continue
        kept.append(block)
    kept = _trim_rules(kept)

    real_levels = [b.level for b in kept if isinstance(b, RawHeading)]
    top = float(min(real_levels, default=2))
    current: float | None = None
    stack: list[float] = []
    out: list[Block] = []
    for block in kept:
        if isinstance(block, RawHeading):
            level, children = float(block.level), block.children
            current = level
        elif isinstance(block, ControlLabel) or is_pseudo_heading(block):
            children = _tidy(_unbold(block.children))
            if current is None or words(children).rstrip(":").casefold() in _TOP_SECTION_NAMES:
                level = top
                current = level
            else:
                level = current + 0.5
        elif isinstance(block, _Image):
            out.append(reader.image_paragraph(block))
            continue
        else:
            out.append(block)
            continue
        while stack and stack[-1] >= level:
            stack.pop()
        stack.append(level)
        out.append(Heading(min(len(stack) + 1, 6), children, id=""))
    if reader.footnotes:
        out += [
            Heading(2, (Text("Notes"),), id=""),
            ListBlock(ordered=True, items=tuple(reader.footnotes)),
        ]
    return out


def _trim_rules(blocks: list[RawBlock]) -> list[RawBlock]:
    """Drop layout rules: leading, trailing and repeated horizontal lines."""
    out: list[RawBlock] = []
    for block in blocks:
        if isinstance(block, ThematicBreak) and (not out or isinstance(out[-1], ThematicBreak)):
            continue
        out.append(block)
    while out and isinstance(out[-1], ThematicBreak):
        out.pop()
    return out


# --- white space ------------------------------------------------------------------

_INVISIBLE = dict.fromkeys(map(ord, "\u200b\ufeff\u00ad"))
_SPACES = re.compile(r"\s+")


def _tidy(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Collapse white space (non-breaking spaces included) and trim the ends.

    Spaces at the edges of bold, emphasis and links move outside them, because
    CommonMark does not read ``** word**`` as bold; empty wrappers disappear.
    """
    out = _tidy_list(inlines)
    while out and isinstance(out[0], LineBreak):
        out.pop(0)
    while out and isinstance(out[-1], LineBreak):
        out.pop()
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip())
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip())
    return tuple(node for node in out if not (isinstance(node, Text) and not node.text))


def _tidy_list(inlines: tuple[Inline, ...]) -> list[Inline]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            _push_text(out, _SPACES.sub(" ", node.text.translate(_INVISIBLE)))
        elif isinstance(node, LineBreak):
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text.rstrip())
            out.append(node)
        elif isinstance(node, Code):
            if node.text.strip():
                out.append(Code(" ".join(node.text.split())))
        else:
            children = _tidy_list(node.children)
            lead = bool(children) and isinstance(children[0], Text) and children[0].text[:1] == " "
            trail = (
                bool(children) and isinstance(children[-1], Text) and children[-1].text[-1:] == " "
            )
            if lead:
                children[0] = Text(children[0].text.lstrip())
            if trail:
                children[-1] = Text(children[-1].text.rstrip())
            children = [c for c in children if not (isinstance(c, Text) and not c.text)]
            if lead:
                _push_text(out, " ")
            if _has_text(tuple(children)):
                if isinstance(node, Link):
                    out.append(Link(node.href, tuple(children), node.title))
                else:
                    out.append(type(node)(tuple(children)))
            if trail:
                _push_text(out, " ")
    return out


def _push_text(out: list[Inline], text: str) -> None:
    if out and isinstance(out[-1], LineBreak):
        text = text.lstrip()
    if not text:
        return
    if out and isinstance(out[-1], Text):
        previous = out[-1].text
        if previous.endswith(" ") and text.startswith(" "):
            text = text[1:]
        out[-1] = Text(previous + text)
    elif text.startswith(" ") and out and _ends_with_space(out[-1]):
        if text[1:]:
            out.append(Text(text[1:]))
    else:
        out.append(Text(text))


def _ends_with_space(node: Inline) -> bool:
    return isinstance(node, Text) and node.text.endswith(" ")


def _has_text(inlines: tuple[Inline, ...]) -> bool:
    return bool(inline_text(inlines).strip())


def _unbold(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Headings are bold already: ``<h2><strong>x</strong></h2>`` is just a heading."""
    out: list[Inline] = []
    for node in inlines:
        out.extend(node.children if isinstance(node, Strong) else (node,))
    return tuple(out)


# --- words and links of model blocks (``wordpress`` reads page information with them) ---


def links_in(block: Block) -> list[Link]:
    """The links of a paragraph or list, bold and emphasised ones included."""
    found: list[Link] = []

    def visit(inlines: tuple[Inline, ...]) -> None:
        for node in inlines:
            if isinstance(node, Link):
                found.append(node)
            elif isinstance(node, Strong | Emphasis):
                visit(node.children)

    if isinstance(block, Paragraph):
        visit(block.children)
    elif isinstance(block, ListBlock):
        for item in block.items:
            for inner in item.blocks:
                found.extend(links_in(inner))
    return found


def words(inlines: tuple[Inline, ...]) -> str:
    """The text of inlines with white space collapsed."""
    return " ".join(inline_text(inlines).split())
