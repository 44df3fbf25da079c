"""One structure element per HTML element, even when it runs over pages.

WeasyPrint 70 makes one structure element per page fragment: a table over three pages
is three ``Table`` elements, each with its own ``THead`` tagged as real content, and a
list or paragraph split by a page break is two (Kozea/WeasyPrint#2903, open; the
maintainers call it a deep architecture problem). A screen reader then meets three
tables and reads the column headers three times.

With ``struct_map``'s record, a fragment is an element whose HTML element and role
equal those of an earlier sibling: a later page's part, or a later line's part of an
inline element (a link or a phrase in another language broken over two lines). Its
kids move to that first fragment and it is unlinked. Merging runs top down, so a
continued table's ``TBody`` joins the first table's ``TBody`` too. A repeated
``THead``/``TFoot`` is a copy, not a
continuation: it is unlinked with its rows, and ``mark_running_content_as_artifacts``
then turns its marked content into a pagination artifact (printed on each page, read
once). Each kid keeps its own ``/Pg``, and the parent tree still maps every MCID to its
(unchanged) leaf element.
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name

from ...pdf_tree import kids, parent_tree_entries, tag
from .struct_map import HtmlElements, html_of

REPEATED_GROUPS = ("/THead", "/TFoot")


def merge_fragments(pdf: pikepdf.Pdf, elements: HtmlElements) -> dict[str, int]:
    """Merge the page fragments of each HTML element; return how many, by role."""
    merged: dict[str, int] = {}
    replaced: dict[tuple[int, int], Dictionary] = {}
    root = pdf.Root.StructTreeRoot
    pending = [kid for kid in kids(root) if tag(kid)]
    while pending:
        parent = pending.pop()
        kept = _merge_children(parent, elements, merged, replaced)
        pending.extend(kid for kid in kept if tag(kid))
    # The parent tree maps each MCID and annotation back to its element: re-point
    # those of merged fragments.
    for entries, index in parent_tree_entries(root):
        entry = entries[index]
        if isinstance(entry, Dictionary) and entry.is_indirect and entry.objgen in replaced:
            entries[index] = replaced[entry.objgen]
    return merged


def _merge_children(
    parent: Dictionary,
    elements: HtmlElements,
    merged: dict[str, int],
    replaced: dict[tuple[int, int], Dictionary],
) -> list[pikepdf.Object]:
    first: dict[tuple[int, str], Dictionary] = {}
    kept: list[pikepdf.Object] = []
    for kid in kids(parent):
        role = tag(kid)
        html = html_of(kid, elements) if role else None
        if html is None:
            kept.append(kid)
            continue
        key = (id(html), role)
        earlier = first.get(key)
        if earlier is None:
            first[key] = kid
            kept.append(kid)
            continue
        merged[role] = merged.get(role, 0) + 1
        if role in REPEATED_GROUPS:
            continue  # its content becomes a pagination artifact
        moved = kids(kid)
        for grandkid in moved:
            if tag(grandkid):
                grandkid.P = earlier
        replaced[kid.objgen] = earlier  # its content and annotations now belong to it
        earlier.K = Array([*kids(earlier), *_with_pages(moved, kid, earlier)])
    parent.K = Array(kept)
    return kept


def _with_pages(
    moved: list[pikepdf.Object], fragment: Dictionary, joined: Dictionary
) -> list[pikepdf.Object]:
    """The fragment's kids, a bare MCID made an ``MCR`` naming the fragment's page when
    the element it joins is on another page."""
    out: list[pikepdf.Object] = []
    other_page = _page(fragment) != _page(joined)
    for kid in moved:
        if isinstance(kid, int) and "/Pg" in fragment and other_page:
            out.append(Dictionary(Type=Name.MCR, Pg=fragment.Pg, MCID=kid))
        else:
            out.append(kid)
    return out


def _page(element: Dictionary) -> tuple[int, int] | None:
    page = element.get("/Pg")
    return page.objgen if page is not None else None
