"""What the model's structures become in HTML and XHTML, shared by the large-print page
and the e-book so both say the same: header cells' scope, list numbering attributes,
and the language and direction of a passage.
"""

from __future__ import annotations

from ..model import ListBlock, TableCell, text_direction


def header_scope(cell: TableCell, in_head: bool) -> str | None:
    """The HTML ``scope`` of a header cell: "col", "row", or None for a cell that heads
    both its row and its column (HTML has no such value; the browser's own header
    algorithm then applies, which is what a corner cell needs). A header cell without a
    scope in the model heads its column in the header rows and its row elsewhere."""
    scope = cell.scope or ("col" if in_head else "row")
    return None if scope == "both" else scope


def list_attributes(block: ListBlock) -> dict[str, str]:
    """``<ol>``'s start/reversed/type attributes so a browser's or reading system's own
    counting gives exactly :meth:`ListBlock.labels`: ``start`` when it is not 1, and
    always for a reversed list (whose implied start, the item count, not every reading
    system computes). Values are strings;
    ``reversed`` is a boolean attribute written as ``reversed="reversed"`` in XHTML."""
    attributes: dict[str, str] = {}
    if block.start != 1 or block.reversed:
        attributes["start"] = str(block.start)
    if block.reversed:
        attributes["reversed"] = "reversed"
    if block.numbering != "1":
        attributes["type"] = block.numbering
    return attributes


def direction(lang: str, given: str | None) -> str:
    """``dir`` for a passage or phrase in ``lang``: as written, else its script's own."""
    return text_direction(lang, given)
