"""Import a WordPress page or post (REST API JSON) as a source file.

The page's HTML is untrusted. It is sanitised by nh3 first (an allow-list of
structural tags; scripts, styles, frames, forms and event handlers never pass), and
only the clean tree is read. The raw HTML is parsed once more, purely to tell the
editor what the sanitiser removed.

Reading turns the clean tree into document-model blocks: presentational wrappers
(highlights, layout columns, accordions, icons) disappear and their text stays;
the page-information parts (additional reading, disclaimer, what to read next) move
into the details box; headings are re-based so the article title is the only
level 1. ``source_emitter`` then spells the result as a source file.
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
from urllib.parse import unquote, urljoin, urlsplit

import nh3
import requests
import yaml
from bs4 import BeautifulSoup, NavigableString, Tag

from ..errors import UserError
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
from ..source import LANGUAGE_PATTERN, SLUG_PATTERN, add_months
from ..wording import inline_text, split_sentences
from . import source_emitter

DEFAULT_LANGUAGE = "en-GB"
FETCH_TIMEOUT_SECONDS = 30
REST_HINT = (
    "save the page from the WordPress REST API as a .json file, e.g. "
    "https://www.ocduk.org/wp-json/wp/v2/pages?slug=how-ssri-work"
)


@dataclass(frozen=True)
class ImportResult:
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
    if not _clean_tree(data["content"]["rendered"], []).get_text().strip():
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
    warnings.extend(_dropped_warnings(html))
    reader = _Reader(link, warnings)
    soup = _clean_tree(html, reader.shortcodes)
    raw_blocks = reader.blocks(soup)
    parts = _split_parts(raw_blocks, warnings)
    blocks = _outline(parts.body, reader)
    if reader.footnotes:
        blocks += [
            Heading(2, (Text("Notes"),), id=""),
            ListBlock(ordered=True, items=tuple(reader.footnotes)),
        ]
    if not any(isinstance(block, Paragraph | ListBlock | Quote | Table) for block in blocks):
        raise UserError(
            "the page has no content once its page information is taken out",
            hint="check that this is the right page.",
        )
    warnings.extend(_shortcode_warnings(reader.shortcodes))
    fields = _details(page, parts, blocks, review_interval_months, warnings)
    text = source_emitter.front_matter(fields) + "\n" + source_emitter.body(blocks)
    return ImportResult(slug=str(fields["slug"]), text=text, warnings=tuple(warnings))


def _details(
    page: dict, parts: _Parts, blocks: list[Block], months: int, warnings: list[str]
) -> dict[str, source_emitter.FrontValue]:
    """The details box, in the order of docs/source-format.md."""
    title = _plain_text(page["title"]["rendered"])
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


def _dropped_warnings(html: str) -> list[str]:
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


# Unrendered shortcodes: [name], [name attr="x" ...], [/name]. Brackets in prose
# ("[1]", "[not a link]", "[She]") are kept: a shortcode is one lower-case name,
# optionally followed by attributes that contain "=".
_SHORTCODE = re.compile(r"\[/?([a-z][\w-]*)(?:\s+[^\[\]=]*=[^\[\]]*)?\s*/?\]")
# Shortcodes whose information the importer takes from the JSON instead.
_REVIEW_SHORTCODES = {"lastreviewed", "nextreviewed", "last_reviewed", "next_reviewed"}
_EDITORIAL_BRACKETS = {"sic"}  # "[sic]" is wording, not a shortcode


def _clean_tree(html: str, shortcodes: list[str]) -> BeautifulSoup:
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


def _shortcode_warnings(names: list[str]) -> list[str]:
    unknown = sorted({name for name in names if name not in _REVIEW_SHORTCODES})
    if not unknown:
        return []
    listed = ", ".join(f"[{name}]" for name in unknown)
    return [
        f"removed unrendered WordPress shortcodes {listed}: whatever they showed on the web "
        "page is not in the article; add it to the text if readers need it."
    ]


# --- reading the clean tree --------------------------------------------------------

_BLOCK_TAGS = {
    *("p", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "pre", "blockquote"),
    *("ul", "ol", "li", "dl", "dt", "dd", "table", "figure", "figcaption"),
    *("div", "section", "article", "header", "footer", "aside", "main", "nav", "center"),
    *("details", "summary", "caption"),
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


@dataclass(frozen=True)
class _RawHeading:
    level: int  # as on the page (1-6), re-based later
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class _ControlLabel:
    """The label of an accordion or tab (a control on the web page)."""

    children: tuple[Inline, ...]


@dataclass(frozen=True)
class _Image:
    url: str
    alt: str
    caption: tuple[Inline, ...] = ()


_RawBlock = Block | _RawHeading | _ControlLabel | _Image


@dataclass
class _Reader:
    base_url: str
    warnings: list[str]
    shortcodes: list[str] = field(default_factory=list)
    footnotes: list[ListItem] = field(default_factory=list)
    in_footnotes: bool = False
    pending_images: list[_Image] = field(default_factory=list)

    def blocks(self, parent: Tag) -> list[_RawBlock]:
        out: list[_RawBlock] = []
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

    def paragraph(self, nodes: list[Any]) -> list[_RawBlock]:
        inlines = _tidy(self.inlines(nodes))
        out: list[_RawBlock] = []
        if _has_text(inlines):
            out.append(Paragraph(inlines))
        out.extend(self.take_images())
        return out

    def take_images(self) -> list[_RawBlock]:
        images, self.pending_images = self.pending_images, []
        return list(images)

    def block(self, element: Tag) -> list[_RawBlock]:
        name = element.name
        if _is_control(element):
            inlines = _tidy(self.inlines(list(element.children)))
            return ([_ControlLabel(inlines)] if _has_text(inlines) else []) + self.take_images()
        if name in _HEADINGS:
            inlines = _tidy(_unbold(self.inlines(list(element.children))))
            heading = [_RawHeading(_HEADINGS[name], inlines)] if _has_text(inlines) else []
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

    def figure(self, element: Tag) -> list[_RawBlock]:
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

    def model_blocks(self, raw: list[_RawBlock]) -> list[Block]:
        """Blocks inside lists, quotes and footnotes: headings there become bold text."""
        out: list[Block] = []
        for block in raw:
            if isinstance(block, _RawHeading | _ControlLabel):
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


def _plain_text(html: str) -> str:
    soup = BeautifulSoup(_sanitise(html), "html.parser")
    return " ".join(soup.get_text().translate(_INVISIBLE).split())


def _blocks_text(blocks: list[Block] | tuple[Block, ...]) -> str:
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
    body: list[_RawBlock] = field(default_factory=list)
    references: list[_Reference] = field(default_factory=list)
    disclaimer: str = ""
    related: dict[str, tuple[str, str]] = field(default_factory=dict)


def _label(block: _RawBlock) -> str:
    if isinstance(block, _RawHeading | _ControlLabel | Paragraph):
        text = " ".join(inline_text(block.children).split())
        if len(text) <= 40:
            return text.rstrip(":").strip().casefold()
    return ""


def _split_parts(blocks: list[_RawBlock], warnings: list[str]) -> _Parts:
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
                links.extend(_links(blocks[end]))
                end += 1
            parts.related.update(_related(links, warnings))
        elif label in _DISCLAIMER_LABELS:
            texts = []
            while (
                end < len(blocks)
                and isinstance(blocks[end], Paragraph)
                and not _label(blocks[end])
                and not _is_pseudo_heading(blocks[end])
            ):
                texts.append(_words(blocks[end].children))
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


def _holds_links(block: _RawBlock) -> bool:
    return isinstance(block, Paragraph | ListBlock) and bool(_links(block))


def _links(block: Block) -> list[Link]:
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
                found.extend(_links(inner))
    return found


def _words(inlines: tuple[Inline, ...]) -> str:
    return " ".join(inline_text(inlines).split())


def _references(block: _RawBlock, warnings: list[str]) -> list[_Reference]:
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
        text = _words(inlines)
        links = _links(Paragraph(inlines))
        if not links:
            warnings.append(
                f"the reference {text!r} has no web address, so it is not in the references: "
                "add it under 'references:' with its url."
            )
            continue
        link = links[0]
        link_text = _words(link.children)
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
        words = f"{link.title or ''} {_words(link.children)}".strip().casefold()
        if words.startswith(_NEXT_WORDS) and "next" not in found:
            found["next"] = (_words(link.children), link.href)
        elif words.startswith(_PREVIOUS_WORDS) and "previous" not in found:
            found["previous"] = (_words(link.children), link.href)
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
        found[free[0]] = (_words(link.children), link.href)
    return {key: found[key] for key in ("previous", "next") if key in found}


def _inline_disclaimer(block: Paragraph) -> str:
    """The text of a paragraph that starts with a bold "Disclaimer:", else ''."""
    first = block.children[0] if block.children else None
    if not isinstance(first, Strong):
        return ""
    label = _words(first.children).rstrip(":").strip().casefold()
    if label not in _DISCLAIMER_LABELS:
        return ""
    return _words(block.children[1:]).lstrip(": ").strip()


# --- outline: headings, pseudo-headings, rules --------------------------------------

# Bold-only lines with these names start a section of the whole article; other bold
# lines deepen the heading before them (e.g. "In more details…" under a question).
_TOP_SECTION_NAMES = {
    *("summary", "in summary", "conclusion", "conclusions", "introduction", "overview"),
    *("key points", "key facts", "further information", "more information", "find out more"),
}


def _is_pseudo_heading(block: _RawBlock) -> bool:
    """A paragraph that is one short bold line and no sentence: a heading in disguise."""
    if not isinstance(block, Paragraph) or not block.children:
        return False
    for node in block.children:
        if isinstance(node, Text) and not node.text.strip():
            continue
        if not isinstance(node, Strong) or _links(Paragraph(node.children)):
            return False
    text = _words(block.children)
    return (
        0 < len(text) <= 120 and len(split_sentences(text)) == 1 and not text.endswith((".", "!"))
    )


def _outline(raw: list[_RawBlock], reader: _Reader) -> list[Block]:
    """Model blocks with heading levels re-based: the highest is 2 and none is skipped."""
    kept: list[_RawBlock] = []
    for index, block in enumerate(raw):
        if isinstance(block, _ControlLabel):
            # An accordion label stays only when its panel still holds article text.
            following = next(
                (b for b in raw[index + 1 :] if not isinstance(b, ThematicBreak)), None
            )
            if following is None or isinstance(following, _RawHeading | _ControlLabel):
                continue
        kept.append(block)
    kept = _trim_rules(kept)

    real_levels = [b.level for b in kept if isinstance(b, _RawHeading)]
    top = float(min(real_levels, default=2))
    current: float | None = None
    stack: list[float] = []
    out: list[Block] = []
    for block in kept:
        if isinstance(block, _RawHeading):
            level, children = float(block.level), block.children
            current = level
        elif isinstance(block, _ControlLabel) or _is_pseudo_heading(block):
            children = _tidy(_unbold(block.children))
            if current is None or _words(children).rstrip(":").casefold() in _TOP_SECTION_NAMES:
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
    return out


def _trim_rules(blocks: list[_RawBlock]) -> list[_RawBlock]:
    """Drop layout rules: leading, trailing and repeated horizontal lines."""
    out: list[_RawBlock] = []
    for block in blocks:
        if isinstance(block, ThematicBreak) and (not out or isinstance(out[-1], ThematicBreak)):
            continue
        out.append(block)
    while out and isinstance(out[-1], ThematicBreak):
        out.pop()
    return out


# --- details box values ------------------------------------------------------------

_TRUNCATION_ENDS = ("…", "[…]", "[...]", "...")


def _summary(page: dict, blocks: list[Block]) -> str:
    """The complete sentences of the excerpt, else the first sentence of the text."""
    excerpt = page.get("excerpt")
    html = excerpt.get("rendered") if isinstance(excerpt, dict) else None
    if isinstance(html, str) and html.strip():
        reader = _Reader(page["link"], [])
        raw = reader.blocks(_clean_tree(html, []))
        texts = [
            _words(block.children)
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
