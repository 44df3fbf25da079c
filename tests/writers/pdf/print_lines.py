"""Read a built leaflet back line by line, for the clear-print tests.

Each run of text the PDF shows is read with pypdf (its effective size: the font size
scaled by the text and current matrices; its height on the page) and tied to the
structure element whose marked content holds it (pikepdf walks the structure tree). A
line is the runs of one element at one height on one page. Running headers and page
numbers are artifacts and left out.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name
from pypdf import PdfReader

from ssri_docs.pdf_tree import kids, structure_elements

HEADINGS = frozenset({"/H1", "/H2", "/H3", "/H4", "/H5", "/H6"})
INLINE = frozenset({"/Span", "/Link", "/Em", "/Strong", "/Code", "/Annot"})


@dataclass(frozen=True)
class Line:
    page: int  # counted from 0
    y: float  # height on the page, in PDF points from the bottom
    tag: str  # structure type of the element holding the text: "/P", "/H2"...
    element: int  # object number of that element
    text: str
    sizes: tuple[float, ...]  # effective size of each character, points


def _owners(path: Path) -> dict[tuple[int, int], tuple[str, int]]:
    """{(page index, MCID): (structure type, object number)} of the block element
    (paragraph, heading, list label...) around each marked-content sequence: WeasyPrint
    tags each run of text as a /Span inside it."""
    owners: dict[tuple[int, int], tuple[str, int]] = {}
    with pikepdf.open(path) as pdf:
        index = {page.objgen: i for i, page in enumerate(pdf.pages)}
        pending = [(kid, None, None) for kid in reversed(kids(pdf.Root.StructTreeRoot))]
        while pending:
            node, page, block = pending.pop()
            if isinstance(node, int) and page is not None and block is not None:
                owners[(index[page.objgen], int(node))] = block
            elif isinstance(node, Dictionary) and node.get("/Type") == Name.MCR:
                page = node.get("/Pg", page)
                if block is not None:
                    owners[(index[page.objgen], int(node.MCID))] = block
            elif isinstance(node, Dictionary) and "/S" in node:
                page = node.get("/Pg", page)
                if str(node.S) not in INLINE:
                    block = (str(node.S), node.objgen[0])
                pending.extend((kid, page, block) for kid in reversed(kids(node)))
    return owners


def lines(path: Path) -> list[Line]:
    """Every line of tagged text, page by page, top to bottom."""
    owners = _owners(path)
    found: list[Line] = []
    for number, page in enumerate(PdfReader(path).pages):
        runs: dict[tuple[float, int], list] = {}  # (y, element) -> [tag, text, sizes]
        order: list[tuple[float, int]] = []
        stack: list[int | None] = []

        def before(operator, operands, cm, tm, stack=stack):
            if operator == b"BDC":
                props = operands[1] if len(operands) > 1 else {}
                stack.append(props.get("/MCID") if hasattr(props, "get") else None)
            elif operator == b"BMC":
                stack.append(None)
            elif operator == b"EMC" and stack:
                stack.pop()

        def text(value, cm, tm, font, size, stack=stack, number=number, runs=runs, order=order):
            mcid = next((m for m in reversed(stack) if m is not None), None)
            owner = owners.get((number, int(mcid))) if mcid is not None else None
            if owner is None or not value.strip("\n"):
                return
            scale = abs(tm[2] * cm[1] + tm[3] * cm[3])
            y = round(tm[4] * cm[1] + tm[5] * cm[3] + cm[5], 0)
            key = (y, owner[1])
            if key not in runs:
                runs[key] = [owner[0], "", []]
                order.append(key)
            runs[key][1] += value
            runs[key][2].extend([round(size * scale, 1)] * len(value.strip()))

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        for key in sorted(order, key=lambda k: -k[0]):  # top of the page first
            tag, value, sizes = runs[key]
            if value.strip():
                found.append(Line(number, key[0], tag, key[1], value.strip(), tuple(sizes)))
    return found


def body_size(found: list[Line]) -> float:
    """The median size of the characters of body paragraphs (/P), points."""
    return statistics.median(size for line in found if line.tag == "/P" for size in line.sizes)


def last_lines(found: list[Line]) -> dict[int, Line]:
    """{page index: the lowest line of tagged text on that page}."""
    last: dict[int, Line] = {}
    for line in found:
        if line.page not in last or line.y < last[line.page].y:
            last[line.page] = line
    return last


def list_item_pages(path: Path) -> list[list[tuple[int, int]]]:
    """For every list (/L), each item's (first page, last page), counted from 0."""
    with pikepdf.open(path) as pdf:
        index = {page.objgen: i for i, page in enumerate(pdf.pages)}
        found = []
        for element in structure_elements(pdf.Root.StructTreeRoot):
            if element.tag != "/L":
                continue
            items = []
            for kid in kids(element.node):
                if isinstance(kid, Dictionary) and kid.get("/S") == Name.LI:
                    pages = sorted(_pages_of(kid, element.page, index))
                    if pages:
                        items.append((pages[0], pages[-1]))
            found.append(items)
    return found


def _pages_of(node: Dictionary, page, index: dict) -> set[int]:
    """The pages holding any marked content of ``node``'s subtree."""
    page = node.get("/Pg", page)
    pages: set[int] = set()
    for kid in kids(node):
        if isinstance(kid, int) and page is not None:
            pages.add(index[page.objgen])
        elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
            pages.add(index[kid.get("/Pg", page).objgen])
        elif isinstance(kid, Dictionary) and "/S" in kid:
            pages |= _pages_of(kid, page, index)
    return pages
