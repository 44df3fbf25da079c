"""Write a source file (front matter + CommonMark) from document-model blocks.

This is the reverse of the ``source`` package: the importer builds model blocks and this
module spells them as text that ``source.load_article`` reads back to the same
blocks. Output is exact and stable (no wrapping of body text, fixed markers), so an
import of the same page always gives the same bytes. Text is escaped only where
CommonMark would otherwise read it as markup, to keep the file readable for editors.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

import yaml

from ...model import (
    Block,
    Code,
    DefinitionList,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
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
from .table_source import table_source
from .whitespace import visible_text

FRONT_MATTER_WIDTH = 88  # long values are folded to this many columns, indentation included

# --- front matter ------------------------------------------------------------

# A value in the details box: text, a date, a list of groups, or a group of name/value pairs.
FrontValue = str | date | Sequence["dict[str, FrontValue]"] | dict[str, "FrontValue"]


def front_matter(fields: dict[str, FrontValue]) -> str:
    """The details box, ``---`` lines included, in the order the fields are given."""
    lines = ["---"]
    for key, value in fields.items():
        lines.extend(_field(key, value, indent=0))
    lines.append("---")
    return "\n".join(lines) + "\n"


def _field(key: str, value: FrontValue, indent: int) -> list[str]:
    pad = " " * indent
    name = _yaml_key(key)
    if isinstance(value, date):
        # Written plain (YYYY-MM-DD): the source parser reads dates as text.
        return [f"{pad}{name}: {value.isoformat()}"]
    if isinstance(value, str):
        if not value:
            return [f"{pad}{name}:"]  # left for the editor to fill in
        return _scalar_lines(f"{pad}{name}:", value, indent)
    if isinstance(value, dict):
        if not value:
            return [f"{pad}{name}: {{}}"]
        lines = [f"{pad}{name}:"]
        for sub_key, sub_value in value.items():
            lines.extend(_field(sub_key, sub_value, indent + 2))
        return lines
    if not value:
        return [f"{pad}{name}: []"]
    lines = [f"{pad}{name}:"]
    for entry in value:
        entry_lines: list[str] = []
        for sub_key, sub_value in entry.items():
            entry_lines.extend(_field(sub_key, sub_value, indent + 4))
        # "  - title: ..." : the first line of each entry carries the dash
        first = entry_lines[0]
        entry_lines[0] = f"{pad}  - {first[indent + 4 :]}"
        lines.extend(entry_lines)
    return lines


def _scalar_lines(prefix: str, value: str, indent: int) -> list[str]:
    plain = f"{prefix} {_yaml_scalar(value)}"
    if len(plain) <= FRONT_MATTER_WIDTH:
        return [plain]
    # Folded block: any text is allowed in it, and its line breaks read back as spaces.
    body_indent = " " * (indent + 2)
    wrapped = textwrap.wrap(
        value,
        width=FRONT_MATTER_WIDTH - len(body_indent),
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [f"{prefix} >-", *(body_indent + line for line in wrapped)]


def _round_trips(text: str) -> bool:
    try:
        return yaml.safe_load(f"k: {text}") == {"k": text}
    except (yaml.YAMLError, ValueError):  # ValueError: looks like a date, is not one
        return False


def _yaml_scalar(text: str) -> str:
    """The value as plain YAML when that reads back unchanged, else double-quoted."""
    if text and text == text.strip() and "#" not in text and _round_trips(text):
        return text
    # A JSON string is a valid YAML double-quoted scalar.
    return json.dumps(text, ensure_ascii=False)


def _yaml_key(key: str) -> str:
    try:
        plain = yaml.safe_load(f"{key}: x") == {key: "x"}
    except yaml.YAMLError:
        plain = False
    return key if plain else json.dumps(key, ensure_ascii=False)


# --- body ----------------------------------------------------------------------


def body(blocks: Sequence[Block]) -> str:
    """The article text: blocks separated by one blank line, ending in a newline."""
    return "\n\n".join(_blocks(blocks)) + "\n"


def _blocks(blocks: Sequence[Block]) -> list[str]:
    rendered: list[str] = []
    previous: Block | None = None
    for block in blocks:
        # Two lists in a row would merge into one: switch the marker to start a new list.
        alternate = (
            isinstance(block, ListBlock)
            and isinstance(previous, ListBlock)
            and previous.ordered == block.ordered
            and not _alternate_of(rendered[-1])
        )
        rendered.append(_block(block, alternate))
        previous = block
    return rendered


def _alternate_of(text: str) -> bool:
    return text.startswith("* ") or bool(re.match(r"\d+\) ", text))


def _block(block: Block, alternate: bool = False) -> str:
    if isinstance(block, Heading):
        inlines = tuple(Text(" ") if isinstance(i, LineBreak) else i for i in block.children)
        return "#" * block.level + " " + inline_markdown(inlines)
    if isinstance(block, Paragraph):
        only = block.children[0] if len(block.children) == 1 else None
        if isinstance(only, Code) and "\n" in only.text:
            return _fenced(only.text)
        return inline_markdown(block.children)
    if isinstance(block, ListBlock):
        return _list(block, alternate)
    if isinstance(block, Quote):
        inner = "\n\n".join(_blocks(block.blocks))
        return "\n".join(f"> {line}" if line else ">" for line in inner.split("\n"))
    if isinstance(block, Table):
        return table_source(block, inline_markdown)
    if isinstance(block, ThematicBreak):
        return "***"
    if isinstance(block, Preformatted):
        return _fenced(block.text)
    if isinstance(block, Figure):
        return _figure(block)
    if isinstance(block, Verse):
        lines = [inline_markdown(line) if line else "" for line in block.lines]
        return _container("verse", "\n".join(lines))
    if isinstance(block, DefinitionList):
        return _definition_list(block)
    if isinstance(block, Passage):
        direction = f" dir={block.direction}" if block.direction else ""
        inner = "\n\n".join(_blocks(block.blocks))
        return _container(f"{{lang={block.lang}{direction}}}", inner)
    raise TypeError(f"the source emitter cannot write {type(block).__name__}")


def _container(info: str, inner: str) -> str:
    """A ``:::`` container; its fence is longer than any container fence inside it."""
    fence = ":::"
    while re.search(rf"^ *{fence}", inner, re.MULTILINE):
        fence += ":"
    return f"{fence} {info}\n{inner}\n{fence}"


def _figure(figure: Figure) -> str:
    if figure.decorative:
        return f"![]({_address(figure.src)}){{.decorative}}"
    caption = visible_text(figure.caption)
    title = f' "{_title(caption)}"' if caption else ""
    picture = f"![{_join(_pieces((Text(figure.alt),)))}]({_address(figure.src)}{title})"
    return f"[{picture}]({_address(figure.href)})" if figure.href else picture


def _definition_list(block: DefinitionList) -> str:
    entries = []
    for item in block.items:
        lines = [inline_markdown(item.term)]
        for definition in item.definitions:
            inner = "\n\n".join(_blocks(definition)).split("\n")
            lines.append(": " + inner[0])
            lines.extend("  " + line if line else "" for line in inner[1:])
        entries.append("\n".join(lines))
    return "\n\n".join(entries)


def _fenced(code: str) -> str:
    fence = "```"
    while fence in code:
        fence += "`"
    return f"{fence}\n{code}\n{fence}"


def _list(block: ListBlock, alternate: bool) -> str:
    items: list[str] = []
    loose = False
    for number, item in zip(block.numbers(), block.items, strict=True):
        if block.ordered:
            marker = f"{max(number, 0)}{')' if alternate else '.'} "
        else:
            marker = "* " if alternate else "- "
        rendered = _blocks(item.blocks)
        content = rendered[0] if rendered else ""
        for previous, block_, text in zip(item.blocks, item.blocks[1:], rendered[1:], strict=False):
            # A list may follow the item's first paragraph directly (a tight list);
            # anything else needs a blank line, which makes the whole list loose.
            tight = (
                isinstance(previous, Paragraph)
                and isinstance(block_, ListBlock)
                and (not block_.ordered or block_.start == 1)
            )
            loose = loose or not tight
            content += ("\n" if tight else "\n\n") + text
        pad = " " * len(marker)
        lines = content.split("\n")
        indented = [marker + lines[0]] + [pad + line if line else "" for line in lines[1:]]
        items.append("\n".join(indented).rstrip())
    text = ("\n\n" if loose else "\n").join(items)
    attributes = [name for name, wanted in (("reversed", block.reversed),) if wanted]
    if block.ordered and block.numbering != "1":
        attributes.append(f"type={block.numbering}")
    return f"{{{' '.join(attributes)}}}\n{text}" if block.ordered and attributes else text


# --- inlines -------------------------------------------------------------------


@dataclass
class _Piece:
    """Rendered inline text; ``marker`` is set for emphasis that may need dropping."""

    text: str
    marker: str = ""
    inner: str = ""


_PUNCTUATION = set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~“”‘’…–—")


def inline_markdown(inlines: Sequence[Inline]) -> str:
    """Inline content as one CommonMark line (hard breaks continue on the next line)."""
    text = _join(_pieces(inlines, at_end=True))
    lines = text.split("\n")
    return "\n".join(_escape_line_start(line) for line in lines)


def _pieces(inlines: Sequence[Inline], at_end: bool = False) -> list[_Piece]:
    """``at_end``: the inlines end the paragraph, so nothing can follow the last text."""
    pieces: list[_Piece] = []
    for index, node in enumerate(inlines):
        if isinstance(node, Text):
            text = _escape(node.text, at_end and index == len(inlines) - 1)
            if index and text.startswith("{"):
                text = "\\" + text  # "{...}" after a link or phrase would read as attributes
            pieces.append(_Piece(text))
        elif isinstance(node, Code):
            pieces.append(_Piece(_code_span(node.text)))
        elif isinstance(node, LineBreak):
            pieces.append(_Piece("\\\n"))
        elif isinstance(node, Strong):
            inner = _join(_pieces(node.children))
            pieces.append(_Piece(f"**{inner}**", "**", inner))
        elif isinstance(node, Emphasis):
            inner = _join(_pieces(node.children))
            pieces.append(_Piece(f"*{inner}*", "*", inner))
        elif isinstance(node, Link):
            pieces.append(_Piece(_link(node)))
        elif isinstance(node, Superscript | Subscript):
            mark = "^" if isinstance(node, Superscript) else "~"
            # The superscript/subscript syntax holds no bare space.
            inner = _join(_pieces(node.children)).replace(" ", "\\ ")
            pieces.append(_Piece(f"{mark}{inner}{mark}"))
        elif isinstance(node, Span):
            direction = f" dir={node.direction}" if node.direction else ""
            inner = _join(_pieces(node.children))
            pieces.append(_Piece(f"[{inner}]{{lang={node.lang}{direction}}}"))
    return pieces


def _join(pieces: list[_Piece]) -> str:
    """Join pieces, dropping emphasis marks CommonMark would not read as emphasis.

    ``**`` opens only when not followed by punctuation that is preceded by a letter
    (the flanking rules); such emphasis is kept as plain text rather than shown as
    stray asterisks.
    """
    out = ""
    for index, piece in enumerate(pieces):
        if piece.marker:
            before = out[-1:] if out else " "
            following = pieces[index + 1].text[:1] if index + 1 < len(pieces) else " "
            first, last = piece.inner[:1], piece.inner[-1:]
            opens = first in _PUNCTUATION and not (before.isspace() or before in _PUNCTUATION)
            closes = last in _PUNCTUATION and not (following.isspace() or following in _PUNCTUATION)
            if opens or closes or not piece.inner:
                out += piece.inner
                continue
        out += piece.text
    return out


def _link(link: Link) -> str:
    text = _join(_pieces(link.children))
    title = f' "{_title(link.title)}"' if link.title else ""
    return f"[{text}]({_address(link.href)}{title})"


def _address(href: str) -> str:
    return quote(href, safe="/:?#[]@!$&'*+,;=%~-._")


def _title(title: str) -> str:
    return title.replace("\\", "\\\\").replace('"', '\\"')


def _code_span(code: str) -> str:
    ticks = "`"
    while ticks in code:
        ticks += "`"
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{ticks}{pad}{code}{pad}{ticks}"


_ALWAYS_ESCAPED = re.compile(r"([\\`*_|\[\]^~])")
# Only before a space, punctuation or the paragraph's end: were a link to follow,
# "[1][text](url)" would read as a reference link.
_FOOTNOTE_MARK = re.compile(r"\\\[(\d+)\\\](?=[\s.,;!?)])")
_FOOTNOTE_MARK_AT_END = re.compile(r"\\\[(\d+)\\\](?=[\s.,;!?)]|$)")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def _escape(text: str, at_end: bool = False) -> str:
    escaped = _ALWAYS_ESCAPED.sub(r"\\\1", text)
    # A footnote mark "[1]" reads better unescaped where it cannot start a link.
    escaped = (_FOOTNOTE_MARK_AT_END if at_end else _FOOTNOTE_MARK).sub(r"[\1]", escaped)
    escaped = _TAG_START.sub(r"\\<", escaped)
    return _ENTITY.sub(r"\\&", escaped)


# Also ":" (a definition, a ":::" container) and "{" (attributes for the next block).
_LINE_START = re.compile(r"^(#|>|-|\+|=|~~~|:|\{)")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])")
_TABLE_CAPTION = re.compile(r"^Table:")  # the caption line of a pipe table


def _escape_line_start(line: str) -> str:
    line = _LINE_START.sub(r"\\\1", line)
    line = _TABLE_CAPTION.sub(r"Table\\:", line)
    return _ORDERED_START.sub(r"\1\\\2", line)
