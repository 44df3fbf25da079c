"""The one HTML an article may hold: a ``<table>`` block, for what a pipe table cannot say.

Row headers, ``rowspan``/``colspan``, footer rows, header-less tables and several
header rows need HTML; everything else in the article is Markdown. So this reads a
restricted HTML: the table tags, four cell attributes, and a few inline tags inside a
cell, which become model inlines exactly as their Markdown forms would. Anything else
is refused with its own line, so an editor never wonders why a tag vanished.
"""

from __future__ import annotations

import re
from typing import Protocol

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from ..model import (
    Code,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    Strong,
    Subscript,
    Superscript,
    Table,
    TableCell,
    TableRow,
    Text,
)
from .limits import MAX_SPAN, MAX_TABLE_CELLS

_INLINE_TAGS = ("strong", "em", "a", "br", "sup", "sub", "span", "code")
_INLINE_ATTRIBUTES = {"a": {"href"}, "span": {"lang", "dir"}}
_CELL_ATTRIBUTES = {"scope", "rowspan", "colspan", "align"}
_SCOPES = {"col": "col", "colgroup": "col", "row": "row", "rowgroup": "row"}
_ALLOWED = "table, caption, thead, tbody, tfoot, tr, th, td and, in a cell, " + ", ".join(
    _INLINE_TAGS
)


class Checker(Protocol):
    """What the table needs from the body parser: located refusals and shared rules."""

    def fail_at(self, line: int, message: str, hint: str) -> None: ...

    def check_link(self, href: str, line: int) -> None: ...

    def span(self, lang: str | None, direction: str | None, children, line: int) -> Inline: ...


class _TableReader:
    def __init__(self, checker: Checker, first_line: int):
        self.checker = checker
        self.first_line = first_line

    def line(self, tag: Tag) -> int:
        return self.first_line + (tag.sourceline or 1) - 1

    def fail(self, tag: Tag, message: str, hint: str) -> None:
        self.checker.fail_at(self.line(tag), message, hint)

    def elements(self, parent: Tag) -> list[Tag]:
        """The child tags of a table part; text between them must be blank."""
        result = []
        for child in parent.children:
            if isinstance(child, Tag):
                result.append(child)
            elif isinstance(child, Comment) or str(child).strip():
                self.fail(
                    parent,
                    f"there is text directly inside <{parent.name}>",
                    "put all text in a <td> or <th> cell, or in the <caption>.",
                )
        return result

    def table(self, element: Tag) -> Table:
        self.attributes(element, set())
        caption: tuple[Inline, ...] = ()
        parts: dict[str, list[TableRow]] = {"thead": [], "tbody": [], "tfoot": []}
        for child in self.elements(element):
            if child.name == "caption" and not caption and not any(parts.values()):
                self.attributes(child, set())
                caption = self.inlines(child)
            elif child.name in parts:
                self.attributes(child, set())
                parts[child.name].extend(self.row(tr, child.name) for tr in self.rows(child))
            elif child.name == "tr":
                parts["tbody"].append(self.row(child, "tbody"))
            else:
                self.refuse(child, "the <caption> comes first, once")
        table = Table(
            head=tuple(parts["thead"]),
            body=tuple(parts["tbody"]),
            foot=tuple(parts["tfoot"]),
            caption=caption,
        )
        if not table.rows:
            self.fail(element, "this table has no rows", "write its rows as <tr> elements.")
        return table

    def rows(self, part: Tag) -> list[Tag]:
        rows = self.elements(part)
        for row in rows:
            if row.name != "tr":
                self.refuse(row, f"<{part.name}> holds only <tr> rows")
        return rows

    def row(self, tr: Tag, part: str) -> TableRow:
        self.attributes(tr, set())
        cells = []
        for cell in self.elements(tr):
            if cell.name not in ("th", "td"):
                self.refuse(cell, "a row holds only <th> and <td> cells")
            cells.append(self.cell(cell, part))
        if not cells:
            self.fail(tr, "this table row has no cells", "add its <td> or <th> cells.")
        return tuple(cells)

    def cell(self, cell: Tag, part: str) -> TableCell:
        self.attributes(cell, _CELL_ATTRIBUTES)
        header = cell.name == "th"
        scope = cell.get("scope")
        if scope is not None and not header:
            self.fail(
                cell,
                "scope= is given on a data cell (<td>)",
                "make it a header cell (<th scope=...>) or remove scope=.",
            )
        if header:
            default = "col" if part == "thead" else "row"
            scope = _SCOPES.get(str(scope or default))
            if scope is None:
                self.fail(
                    cell,
                    f"scope={cell.get('scope')!r} is not a header scope",
                    'write scope="col" for a column header or scope="row" for a row header.',
                )
        align = cell.get("align")
        if align is not None and align not in ("left", "center", "right"):
            self.fail(
                cell, f"align={align!r} is not an alignment", 'write "left", "center" or "right".'
            )
        return TableCell(
            self.inlines(cell),
            align=str(align) if align else None,
            header=header,
            scope=scope,
            rowspan=self.span_count(cell, "rowspan"),
            colspan=self.span_count(cell, "colspan"),
        )

    def span_count(self, cell: Tag, name: str) -> int:
        value = str(cell.get(name, "1")).strip()
        if not re.fullmatch(r"[0-9]{1,9}", value) or not 1 <= int(value) <= MAX_SPAN:
            self.fail(
                cell,
                f"{name}={value!r} is not a whole number from 1 to {MAX_SPAN}",
                f"a cell can span at most {MAX_SPAN} rows or columns; split the table.",
            )
        return int(value)

    def attributes(self, tag: Tag, allowed: set[str]) -> None:
        for name in tag.attrs:
            if name not in allowed:
                what = ", ".join(sorted(allowed)) if allowed else "no attributes"
                self.fail(
                    tag,
                    f"the attribute {name}= is not allowed on <{tag.name}>",
                    f"<{tag.name}> takes {what}; the build adds all layout itself.",
                )

    def refuse(self, tag: Tag, rule: str) -> None:
        self.fail(
            tag,
            f"<{tag.name}> is not allowed here in a table ({rule})",
            f"a table may use only {_ALLOWED} (see docs/source-format.md).",
        )

    def inlines(self, parent: Tag) -> tuple[Inline, ...]:
        result = _strip(self.children(parent))
        return tuple(result)

    def children(self, parent: Tag) -> list[Inline]:
        result: list[Inline] = []
        for child in parent.children:
            if isinstance(child, Comment):
                self.fail(parent, "a comment is inside a table", "remove the <!-- ... -->.")
            elif isinstance(child, NavigableString):
                text = re.sub(r"\s+", " ", str(child))
                if result and isinstance(result[-1], Text):
                    result[-1] = Text(result[-1].text + text)
                elif text:
                    result.append(Text(text))
            elif isinstance(child, Tag):
                result.append(self.inline(child))
        return result

    def inline(self, tag: Tag) -> Inline:
        if tag.name not in _INLINE_TAGS:
            self.refuse(tag, "inside a cell only text formatting")
        self.attributes(tag, _INLINE_ATTRIBUTES.get(tag.name, set()))
        line = self.line(tag)
        if tag.name == "br":
            return LineBreak()
        if tag.name == "code":
            return Code(tag.get_text())
        children = tuple(self.children(tag))
        if tag.name == "a":
            href = str(tag.get("href", ""))
            self.checker.check_link(href, line)
            return Link(href, children)
        if tag.name == "span":
            lang, direction = tag.get("lang"), tag.get("dir")
            return self.checker.span(
                str(lang) if lang else None, str(direction) if direction else None, children, line
            )
        kinds = {"strong": Strong, "em": Emphasis, "sup": Superscript, "sub": Subscript}
        return kinds[tag.name](children)


def _strip(inlines: list[Inline]) -> list[Inline]:
    """Drop the white space at the start and end of a cell, as a browser does."""
    if inlines and isinstance(inlines[0], Text):
        inlines[0] = Text(inlines[0].text.lstrip())
    if inlines and isinstance(inlines[-1], Text):
        inlines[-1] = Text(inlines[-1].text.rstrip())
    return [item for item in inlines if not (isinstance(item, Text) and not item.text)]


def parse_html_table(html: str, first_line: int, checker: Checker) -> Table:
    """Read an HTML ``<table>`` block (starting at ``first_line`` of the file) into a Table.

    Only table/caption/thead/tbody/tfoot/tr/th/td, the cell attributes
    scope/rowspan/colspan/align and inline strong/em/a href/br/sup/sub/span lang dir/code
    are allowed. Each refusal goes through ``checker.fail_at`` (which raises).
    """
    soup = BeautifulSoup(html, "html.parser")
    reader = _TableReader(checker, first_line)
    tables = reader.elements(soup)
    closed = re.search(r"</table>\s*$", html, re.IGNORECASE)
    if not closed or len(tables) != 1 or tables[0].name != "table":
        checker.fail_at(
            first_line,
            "this HTML block is not one complete <table>",
            "write the table from <table> to </table> with no blank line inside it, "
            "and nothing else in the block.",
        )
    table = reader.table(tables[0])
    slots = sum(cell.rowspan * cell.colspan for row in table.rows for cell in row)
    if slots > MAX_TABLE_CELLS:
        checker.fail_at(
            first_line,
            f"this table has {slots} cells (spans counted); the limit is {MAX_TABLE_CELLS}",
            "split it into smaller tables.",
        )
    return table
