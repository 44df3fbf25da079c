"""Print page numbers inside the e-book: where each page of the leaflet begins.

The print leaflet and the e-book give the same ids to the same blocks
(``anchors.py``). The leaflet layout (``products.LeafletLayout``) says what each
page opens with; here each page gets one marker, at the first place on that page that
the e-book also has, so "page 2" means the same words on paper and on an e-reader. The
layout is made once per article whether or not the PDF is built, because the page list
belongs in every e-book.

Page 1 is at the start of the first content document. A page that begins inside a
paragraph gets its marker between the right two words; a page holding only what the
e-book does not show (the QR code, say) has no marker.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...model import Article
from ...products import LeafletLayout, PageOpening

TEXT, BLOCK = "text", "block"  # a place whose running text can take a marker, or not


@dataclass(frozen=True)
class PrintEdition:
    """The paginated edition the page numbers come from (``pageBreakSource``)."""

    title: str
    paper: str  # "A4", "A5" or "letter"
    identifier: str
    pages: int

    def description(self) -> str:
        return f"{self.title}, print leaflet (PDF) on {self.paper} paper, {self.identifier}"


@dataclass(frozen=True)
class PageMarks:
    """Where the e-book's page-break markers go."""

    edition: PrintEdition
    before: dict[str, tuple[int, ...]] = field(default_factory=dict)  # id -> pages
    # id -> (letters before the marker, page), for a page that begins inside running text
    within: dict[str, tuple[tuple[int, int], ...]] = field(default_factory=dict)
    pages: tuple[int, ...] = ()  # every marked page, in reading order


def print_identifier(article: Article, paper: str) -> str:
    """A stable identifier for the print edition on one paper size."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'{article.canonical_url}#print-{paper}')}"


def print_edition(article: Article, layout: LeafletLayout) -> PrintEdition:
    """The edition the page numbers of ``layout`` come from; its page count is the last
    page that holds any of the leaflet's places."""
    pages = max((opening.page for opening in layout.page_breaks), default=1)
    return PrintEdition(
        article.title, layout.paper_size, print_identifier(article, layout.paper), pages
    )


def place_page_marks(
    openings: Sequence[PageOpening],
    places: dict[str, str],
    first_place: str,
    edition: PrintEdition,
) -> PageMarks:
    """Choose each page's marker. ``places`` maps the e-book's ids, in reading order, to
    TEXT or BLOCK; ``first_place`` is where page 1 goes (the first document's heading).
    A marker is never placed before the previous page's, so the list stays in order."""
    order = {anchor: index for index, anchor in enumerate(places)}
    before: dict[str, list[int]] = {first_place: [1]}
    within: dict[str, list[tuple[int, int]]] = {}
    pages = [1]
    last = (order[first_place], -1)
    by_page: dict[int, list[PageOpening]] = {}
    for opening in openings:
        by_page.setdefault(opening.page, []).append(opening)
    for page in sorted(by_page):
        if page == 1:
            continue
        for opening in by_page[page]:
            if opening.anchor not in places:
                continue  # print only (the cover, the QR code), or a wrapper
            if opening.begins:
                position = (order[opening.anchor], -1)
            elif places[opening.anchor] == TEXT and opening.offset > 0:
                position = (order[opening.anchor], opening.offset)
            else:
                continue  # runs on from the last page with no text to mark: try the next
            if position <= last:
                continue
            if opening.begins:
                before.setdefault(opening.anchor, []).append(page)
            else:
                within.setdefault(opening.anchor, []).append((opening.offset, page))
            pages.append(page)
            last = position
            break
    return PageMarks(
        edition,
        {anchor: tuple(found) for anchor, found in before.items()},
        {anchor: tuple(found) for anchor, found in within.items()},
        tuple(pages),
    )
