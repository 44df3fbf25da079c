"""Spell a model ``Table`` in the source format: a pipe table, or the HTML table block.

A GFM pipe table can say one row of column headers, body rows of equal width, column
alignment and a caption (the ``Table:`` line before it). Everything else (row
headers, spans, footer rows, several header rows, a header-less table, line breaks in
cells) needs the restricted HTML ``<table>`` block of docs/source-format.md, which the
source parser reads back to the same model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from html import escape

from ...model import (
    Code,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    Span,
    Strong,
    Subscript,
    Superscript,
    Table,
    TableCell,
    Text,
)

InlineMarkdown = Callable[[Sequence[Inline]], str]


def table_source(table: Table, inline_markdown: InlineMarkdown) -> str:
    """The table as source text; ``inline_markdown`` spells cell content as Markdown."""
    if not _fits_pipe_table(table):
        return html_table(table)
    header = table.head[0]
    lines = [_row(header, inline_markdown)]
    lines.append("| " + " | ".join(_delimiter(cell.align) for cell in header) + " |")
    lines.extend(_row(row, inline_markdown) for row in table.body)
    text = "\n".join(lines)
    if table.caption:
        return "Table: " + inline_markdown(table.caption) + "\n\n" + text
    return text


def _fits_pipe_table(table: Table) -> bool:
    if len(table.head) != 1 or table.foot or not table.body:
        return False
    header = table.head[0]
    width = len(header)
    for cell in header:
        if not cell.header or cell.scope != "col":
            return False
    for row in table.rows:
        if any(cell.rowspan != 1 or cell.colspan != 1 for cell in row):
            return False
        if any(isinstance(node, LineBreak) for cell in row for node in cell.children):
            return False
    for row in table.body:
        if len(row) != width or any(cell.header for cell in row):
            return False
        # A pipe table aligns whole columns: each cell must agree with its header.
        if any(cell.align != head.align for cell, head in zip(row, header, strict=True)):
            return False
    return True


def _row(cells: Sequence[TableCell], inline_markdown: InlineMarkdown) -> str:
    return "| " + " | ".join(inline_markdown(cell.children) for cell in cells) + " |"


def _delimiter(align: str | None) -> str:
    return {"left": ":---", "center": ":---:", "right": "---:"}.get(align or "", "---")


def html_table(table: Table) -> str:
    """The restricted HTML table block: one element per line and no blank line in it."""
    lines = ["<table>"]
    if table.caption:
        lines.append(f"<caption>{html_inlines(table.caption)}</caption>")
    for name, rows in (("thead", table.head), ("tbody", table.body), ("tfoot", table.foot)):
        if not rows:
            continue
        lines.append(f"<{name}>")
        lines.extend("<tr>" + "".join(_cell(cell) for cell in row) + "</tr>" for row in rows)
        lines.append(f"</{name}>")
    lines.append("</table>")
    return "\n".join(lines)


def _cell(cell: TableCell) -> str:
    name = "th" if cell.header else "td"
    attributes = ""
    if cell.header and cell.scope:
        attributes += f' scope="{cell.scope}"'
    if cell.rowspan != 1:
        attributes += f' rowspan="{cell.rowspan}"'
    if cell.colspan != 1:
        attributes += f' colspan="{cell.colspan}"'
    if cell.align:
        attributes += f' align="{cell.align}"'
    return f"<{name}{attributes}>{html_inlines(cell.children)}</{name}>"


def html_inlines(inlines: Sequence[Inline]) -> str:
    """Inline content as the HTML the table block allows (strong, em, a, br, sup, ...)."""
    out = []
    for node in inlines:
        if isinstance(node, Text):
            # No raw line breaks: a blank line would end the HTML block.
            out.append(escape(" ".join(node.text.split("\n")), quote=False))
        elif isinstance(node, LineBreak):
            out.append("<br>")
        elif isinstance(node, Code):
            out.append(f"<code>{escape(node.text, quote=False)}</code>")
        elif isinstance(node, Link):
            title = f' title="{escape(node.title)}"' if node.title else ""
            out.append(f'<a href="{escape(node.href)}"{title}>{html_inlines(node.children)}</a>')
        elif isinstance(node, Span):
            direction = f' dir="{node.direction}"' if node.direction else ""
            lang = escape(node.lang)
            out.append(f'<span lang="{lang}"{direction}>{html_inlines(node.children)}</span>')
        else:
            name = {Strong: "strong", Emphasis: "em", Superscript: "sup", Subscript: "sub"}[
                type(node)
            ]
            out.append(f"<{name}>{html_inlines(node.children)}</{name}>")
    return "".join(out)
