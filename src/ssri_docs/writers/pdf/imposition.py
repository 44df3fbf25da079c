"""The A5 leaflet imposed as a saddle-stitched booklet on A4 sheets, for printing only.

A print shop (or a clinic's office printer) prints the booklet on both sides of A4
sheets, flipped on the short edge, folds the stack in the middle and staples it on the
fold. Each A4 landscape side carries two A5 pages; with the page count padded with blank
pages to a multiple of 4, sheet 1's front is last page | page 1, its back page 2 |
second-to-last, and so on inwards (docs/standards.md, "Booklets").

Each A5 page is placed whole as a form XObject by pikepdf (QPDF's own placement
arithmetic), so the booklet draws exactly what the reading-order file draws. The
booklet has no structure tree, links or bookmarks: the tagged reading-order PDF
(``<slug>.pdf``) stays the accessible file, and the booklet's metadata says so.
"""

from __future__ import annotations

import io
from collections.abc import Iterator

import pikepdf
from pikepdf import Dictionary, Name, Rectangle

# A4 landscape in PDF points (297 x 210 mm).
SHEET_WIDTH = 297 * 72 / 25.4
SHEET_HEIGHT = 210 * 72 / 25.4


def booklet_order(pages: int) -> list[tuple[int | None, int | None]]:
    """(left, right) page numbers of each sheet side, in printing order: sheet 1 front,
    sheet 1 back, sheet 2 front... Pages count from 1; None is a blank page added to
    make the count a multiple of 4. ``pages`` must be at least 1.

    >>> booklet_order(5)
    [(None, 1), (2, None), (None, 3), (4, 5)]
    """
    if pages < 1:
        raise ValueError("a booklet needs at least one page")
    total = -(-pages // 4) * 4  # rounded up to a multiple of 4

    def page(number: int) -> int | None:
        return number if number <= pages else None

    sides: list[tuple[int | None, int | None]] = []
    for sheet in range(total // 4):
        outer, inner = 2 * sheet, 2 * sheet + 1
        sides.append((page(total - outer), page(1 + outer)))  # front
        sides.append((page(1 + inner), page(total - inner)))  # back
    return sides


def impose_booklet(data: bytes, *, title: str, accessible_name: str, language: str) -> bytes:
    """The booklet for printing, from the reading-order PDF's bytes ``data``.

    ``title`` is the leaflet's title and ``accessible_name`` the reading-order file's
    name (``how-ssri-work.pdf``): both go in the booklet's title and subject. The bytes
    are the same for the same input (no dates, a document ID computed from the content).
    Raises ``pikepdf.PdfError`` if ``data`` is not a PDF.
    """
    with pikepdf.open(io.BytesIO(data)) as leaflet:
        booklet = pikepdf.new()
        forms = [booklet.copy_foreign(page.as_form_xobject()) for page in leaflet.pages]
        for left, right in booklet_order(len(forms)):
            sheet = booklet.add_blank_page(page_size=(SHEET_WIDTH, SHEET_HEIGHT))
            sheet_page = pikepdf.Page(sheet)
            sheet_page.Resources = Dictionary(XObject=Dictionary())
            drawing = b"".join(_place(sheet_page, forms, left, right))
            sheet.Contents = booklet.make_stream(drawing)
        note = f"booklet for printing; the accessible version is {accessible_name}"
        booklet.docinfo = booklet.make_indirect(
            Dictionary(
                Title=pikepdf.String(f"{title} ({note})"),
                Subject=pikepdf.String(
                    f"A5 pages imposed two to an A4 sheet side in saddle-stitch order, "
                    f"to print on both sides flipped on the short edge ({note})"
                ),
                Creator=pikepdf.String("ssri-docs"),
            )
        )
        booklet.Root.Lang = pikepdf.String(language)
        # Print dialogs that honour these preselect two-sided, short-edge, actual size.
        booklet.Root.ViewerPreferences = Dictionary(
            Duplex=Name.DuplexFlipShortEdge, PrintScaling=Name("/None"), DisplayDocTitle=True
        )
        out = io.BytesIO()
        booklet.save(out, deterministic_id=True, compress_streams=True)
    return out.getvalue()


def _place(
    sheet: pikepdf.Page, forms: list[pikepdf.Object], left: int | None, right: int | None
) -> Iterator[bytes]:
    """Drawing operators for the two halves of one sheet side; a blank half draws nothing."""
    half = SHEET_WIDTH / 2
    for number, x in ((left, 0.0), (right, half)):
        if number is None:
            continue
        name = Name(f"/Page{number}")
        sheet.Resources.XObject[name] = forms[number - 1]
        rect = Rectangle(x, 0, x + half, SHEET_HEIGHT)
        yield sheet.calc_form_xobject_placement(forms[number - 1], name, rect, allow_expand=True)
