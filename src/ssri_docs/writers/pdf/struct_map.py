"""Which HTML element each PDF structure element was made from.

A workaround for WeasyPrint 70's tagging, which writes almost nothing of the HTML into
the structure tree: no ``scope`` (Kozea/WeasyPrint#2508), no ``lang``, and one element
per page fragment of a table, list or paragraph (Kozea/WeasyPrint#2903, #2902). The
repairs in ``tagging.py`` need each element's HTML element to put those right.

WeasyPrint builds the tree in ``weasyprint.pdf.tags._build_box_tree``, a recursive
generator (one call per box, yielding the structure elements made for the box; it calls
itself through the module global). While ``write_pdf`` runs, :func:`recording_elements`
swaps that global for a wrapper that stamps every element it yields with a private
key ``/SsriRef N``, where ``elements[N]`` is the box's HTML element. :func:`strip_refs`
deletes the keys before the file is saved.

Private API: this is why pyproject pins ``weasyprint==70.0``; the test
``test_every_structure_element_is_recorded`` fails when an upgrade changes it. The swap
is a process-wide module global, so it is made under a lock: two PDFs written at the
same time in two threads would otherwise stamp each other's elements.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pikepdf import Dictionary
from weasyprint.pdf import tags

from ...pdf_tree import kids

KEY = "/SsriRef"
_LOCK = threading.Lock()

HtmlElements = list[Any]  # xml.etree elements (None for anonymous boxes), by /SsriRef


@contextmanager
def recording_elements() -> Iterator[HtmlElements]:
    """While active, every structure element WeasyPrint makes gets ``/SsriRef`` N with
    ``elements[N]`` its box's HTML element; yields ``elements`` (filled as it writes)."""
    elements: HtmlElements = []
    original = tags._build_box_tree

    def wrapped(box, parent, pdf, *args):
        for made in original(box, parent, pdf, *args):
            if KEY[1:] not in made:  # the innermost call stamps first: keep its element
                made[KEY[1:]] = len(elements)
                elements.append(getattr(box, "element", None))
            yield made

    with _LOCK:
        tags._build_box_tree = wrapped
        try:
            yield elements
        finally:
            tags._build_box_tree = original


def html_of(element: Dictionary, elements: HtmlElements) -> Any | None:
    """The HTML element recorded for a structure element, or None (none recorded)."""
    ref = element.get(KEY) if isinstance(element, Dictionary) else None
    return None if ref is None else elements[int(ref)]


def local_name(html: Any | None) -> str:
    """An HTML element's tag name without its namespace ("td"); "" for None."""
    if html is None or not isinstance(html.tag, str):
        return ""
    return html.tag.rsplit("}", 1)[-1]


def strip_refs(root: Dictionary) -> int:
    """Delete every ``/SsriRef`` under the structure tree root, linked or not; return
    how many. Orphan elements are dropped on save, linked ones must lose the key."""
    count = 0
    pending = [root]
    seen: set[tuple[int, int]] = set()
    while pending:
        node = pending.pop()
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        if KEY in node:
            del node[KEY]
            count += 1
        pending.extend(kid for kid in kids(node) if isinstance(kid, Dictionary))
    return count
