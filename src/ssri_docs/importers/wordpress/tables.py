"""Read an HTML table (Gutenberg table block or classic editor) into a model ``Table``.

The table keeps its shape: header, body and footer rows as the page groups them,
header cells with their scope, and row and column spans, never padded (a covered slot
is simply absent, as in HTML). A table without header cells stays header-less: a row of
data is never promoted to column headers. Spans and the number of cells are bounded
(the limits of docs/source-format.md), so a hostile page cannot make a huge source.
"""

from __future__ import annotations

from collections.abc import Callable

from bs4 import Tag

from ...errors import UserError
from ...model import Inline, Table, TableCell, TableRow
from ...source.limits import MAX_SPAN
from ...source.limits import MAX_TABLE_CELLS as MAX_CELLS
from .whitespace import tidy

_SCOPES = {"col": "col", "colgroup": "col", "row": "row", "rowgroup": "row"}

ReadInlines = Callable[[list], tuple[Inline, ...]]


def read_table(element: Tag, inlines: ReadInlines) -> Table:
    """The model table of ``element`` (a ``<table>``); ``inlines`` reads a cell's content.

    Raises UserError when a span or the number of cells is beyond the limits.
    """
    head: list[TableRow] = []
    body: list[TableRow] = []
    foot: list[TableRow] = []
    slots = 0
    for row in (tr for tr in element.find_all("tr") if tr.find_parent("table") is element):
        group = row.find_parent(["thead", "tbody", "tfoot", "table"])
        section = group.name if group is not None else "tbody"
        cells = []
        for cell in row.find_all(["td", "th"], recursive=False):
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            slots += rowspan * colspan
            if slots > MAX_CELLS:
                raise UserError(
                    f"a table on the page has more than {MAX_CELLS:,} cells",
                    hint="split the table into smaller tables on the web page, then import again.",
                )
            header = cell.name == "th"
            scope = _scope(cell, section) if header else None
            cells.append(
                TableCell(
                    tidy(inlines(list(cell.children))),
                    _alignment(cell),
                    header=header,
                    scope=scope,
                    rowspan=rowspan,
                    colspan=colspan,
                )
            )
        if not cells:
            continue
        target = {"thead": head, "tfoot": foot}.get(section, body)
        target.append(tuple(cells))
    if not head and body and all(cell.header for cell in body[0]) and len(body) > 1:
        # Classic-editor tables put their header row of <th> first in the body.
        head.append(tuple(_column_header(cell) for cell in body.pop(0)))
    caption_element = element.find("caption")
    caption = tidy(inlines(list(caption_element.children))) if caption_element else ()
    return Table(tuple(head), tuple(body), tuple(foot), caption)


def _span(cell: Tag, name: str) -> int:
    value = str(cell.get(name) or "1").strip()
    if not value.isdigit() or int(value) < 1:
        return 1  # HTML reads a missing, zero or broken span as 1 here
    if int(value) > MAX_SPAN:
        raise UserError(
            f'a table cell on the page has {name}="{value}"; at most {MAX_SPAN} is allowed',
            hint="correct the table on the web page (a cell never spans that many rows or "
            "columns), then import again.",
        )
    return int(value)


def _scope(cell: Tag, section: str) -> str:
    given = _SCOPES.get(str(cell.get("scope") or "").strip().lower())
    if given:
        return given
    # Without a scope, a header in the head row names its column, elsewhere its row.
    return "col" if section == "thead" else "row"


def _column_header(cell: TableCell) -> TableCell:
    if cell.scope == "row":
        return TableCell(cell.children, cell.align, True, "col", cell.rowspan, cell.colspan)
    return cell


def _alignment(cell: Tag) -> str | None:
    value = str(cell.get("data-align") or "")
    for css_class in cell.get("class", []):
        if css_class.startswith("has-text-align-"):
            value = css_class.removeprefix("has-text-align-")
    return value if value in ("left", "center", "right") else None
