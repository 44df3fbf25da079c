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
    Emphasis,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Quote,
    Strong,
    Table,
    TableCell,
    Text,
    ThematicBreak,
)

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
        return _table(block)
    if isinstance(block, ThematicBreak):
        return "***"
    raise TypeError(f"the source emitter cannot write {type(block).__name__}")


def _fenced(code: str) -> str:
    fence = "```"
    while fence in code:
        fence += "`"
    return f"{fence}\n{code}\n{fence}"


def _list(block: ListBlock, alternate: bool) -> str:
    items: list[str] = []
    loose = False
    for number, item in enumerate(block.items, start=block.start):
        if block.ordered:
            marker = f"{number}{')' if alternate else '.'} "
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
    return ("\n\n" if loose else "\n").join(items)


def _table(table: Table) -> str:
    first = table.head[0] if table.head else ()
    width = max([len(first), *(len(row) for row in table.body)])
    header = list(first) + [TableCell(())] * (width - len(first))
    lines = [_table_row(header)]
    lines.append("| " + " | ".join(_delimiter(cell.align) for cell in header) + " |")
    for row in table.body:
        lines.append(_table_row(list(row) + [TableCell(())] * (width - len(row))))
    table_text = "\n".join(lines)
    if table.caption:
        return inline_markdown(table.caption) + "\n\n" + table_text
    return table_text


def _table_row(cells: list[TableCell]) -> str:
    texts = []
    for cell in cells:
        inlines = tuple(Text(" ") if isinstance(i, LineBreak) else i for i in cell.children)
        texts.append(inline_markdown(inlines))
    return "| " + " | ".join(texts) + " |"


def _delimiter(align: str | None) -> str:
    return {"left": ":---", "center": ":---:", "right": "---:"}.get(align or "", "---")


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
            pieces.append(_Piece(_escape(node.text, at_end and index == len(inlines) - 1)))
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
    href = quote(link.href, safe="/:?#[]@!$&'*+,;=%~-._")
    title = ""
    if link.title:
        escaped = link.title.replace("\\", "\\\\").replace('"', '\\"')
        title = f' "{escaped}"'
    return f"[{text}]({href}{title})"


def _code_span(code: str) -> str:
    ticks = "`"
    while ticks in code:
        ticks += "`"
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{ticks}{pad}{code}{pad}{ticks}"


_ALWAYS_ESCAPED = re.compile(r"([\\`*_|\[\]])")
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


_LINE_START = re.compile(r"^(#|>|-|\+|=|~~~)")
_ORDERED_START = re.compile(r"^(\d{1,9})([.)])")


def _escape_line_start(line: str) -> str:
    line = _LINE_START.sub(r"\\\1", line)
    return _ORDERED_START.sub(r"\1\\\2", line)
