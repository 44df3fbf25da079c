"""The print leaflet: the article as a tagged PDF/UA-1 file, laid out by WeasyPrint.

The layout itself is a shared result (``products.ArticleProducts.leaflet_layout``, made
by ``layout.lay_out``): the e-book takes its page breaks. This writer writes it as PDF.
The paper sizes live here, without WeasyPrint, so the command line can offer them
without loading it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...formats import FORMATS
from .. import OutputFile

if TYPE_CHECKING:  # the command line imports PAPER_NAMES: no document model for that
    from ...model import Article
    from ...products import ArticleProducts


@dataclass(frozen=True)
class Paper:
    css_size: str
    body_size: str  # clear print: 14 pt on every paper (12 pt is only the floor)
    # Top right bottom left; the header and footer sit in the top and bottom. The side
    # margins keep a line of body text within 70 characters: Liberation Sans at 14 pt
    # sets about 1.95 mm a character in English prose, so the text column is at most
    # 136 mm wide. A5 is narrower than that anyway.
    margins: str


PAPERS: dict[str, Paper] = {
    "a4": Paper("A4", "14pt", "22mm 37mm 24mm 37mm"),  # 136 mm column
    "a5": Paper("A5", "14pt", "16mm 13mm 18mm 13mm"),  # 122 mm column
    "letter": Paper("letter", "14pt", "22mm 40mm 24mm 40mm"),  # 136 mm column
}
PAPER_NAMES: tuple[str, ...] = tuple(PAPERS)  # as --paper takes them


def load_weasyprint() -> None:
    """Import WeasyPrint, its native libraries found without ctypes' compiler search.

    WeasyPrint 70 tries several names for each library it opens (Pango, HarfBuzz,
    fontconfig...). A name without ``.so`` ("libpango-1.0-0") goes to
    ``ctypes.util.find_library``, which on Linux runs ldconfig and then, for each name
    it misses, gcc and ld: about 50 processes and 0.3 s for names that never match on
    Linux, before the soname ("libpango-1.0.so.0") opens directly. While WeasyPrint
    loads, the lookup asks only ldconfig's cache: the same library files open.
    Call it before importing any ``weasyprint`` module; later calls do nothing.
    """
    if "weasyprint" in sys.modules:
        return
    import ctypes.util

    ldconfig_only = getattr(ctypes.util, "_findSoname_ldconfig", None)
    if sys.platform != "linux" or ldconfig_only is None:
        import weasyprint  # noqa: F401  (elsewhere find_library runs no compiler)

        return
    find_library = ctypes.util.find_library
    ctypes.util.find_library = ldconfig_only
    try:
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = find_library


def write(article: Article, products: ArticleProducts) -> list[OutputFile]:
    """Build ``<slug>.pdf`` from the article's leaflet layout, and with ``--booklet``
    also ``<slug>-booklet.pdf``, the same pages imposed for saddle-stitch printing.

    Raises ``BuildError`` when the leaflet cannot be laid out or written cleanly.
    """
    load_weasyprint()
    from .glyphs import missing_in_layout  # WeasyPrint loads only when a PDF is written
    from .layout import write_pdf

    document = products.leaflet_layout.document
    for missing in missing_in_layout(document):
        products.reporter.warning(missing.message(article.source_path))
    data = write_pdf(document, article)
    leaflet, booklet = FORMATS["pdf"].files
    files = [leaflet.output(article.slug, data)]
    if products.options.booklet:
        from .imposition import impose_booklet

        imposed = impose_booklet(
            data,
            title=article.title,
            accessible_name=leaflet.name(article.slug),
            language=article.language,
        )
        files.append(booklet.output(article.slug, imposed))
    return files
