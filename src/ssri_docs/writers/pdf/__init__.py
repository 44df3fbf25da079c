"""The print leaflet: the article as a tagged PDF/UA-1 file, laid out by WeasyPrint.

The layout itself is a shared result (``products.ArticleProducts.leaflet_layout``, made
by ``layout.lay_out``): the e-book takes its page breaks. This writer writes it as PDF.
The paper sizes live here, without WeasyPrint, so the command line can offer them
without loading it.
"""

from __future__ import annotations

import contextlib
import io
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
    """Import WeasyPrint, its native libraries opened by their sonames, with no search.

    WeasyPrint 70 tries several names for each library it opens (Pango, HarfBuzz,
    fontconfig...). A name that does not open directly ("libpango-1.0-0") goes to
    ``ctypes.util.find_library``, which on Linux runs ldconfig and then, for each name
    it misses, gcc and ld (Kozea/WeasyPrint#1125): 22 lookups that took 0.2 s of the
    import's 0.6 s, before each library's soname ("libpango-1.0.so.0", also in the
    list) opens. So while WeasyPrint loads, the lookup finds nothing and the sonames
    open through the dynamic linker, which finds the same files ldconfig lists. On a
    system whose libraries go by other names, the import is tried again with ctypes'
    own search. Call it before importing any ``weasyprint`` module; later calls do
    nothing. Raises what importing WeasyPrint raises.
    """
    if "weasyprint" in sys.modules:
        return
    import ctypes.util

    find_library = ctypes.util.find_library
    ctypes.util.find_library = _find_nothing
    try:
        # WeasyPrint prints its installation advice before it raises: not this time
        with contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401
    except OSError:
        for name in [m for m in sys.modules if m.partition(".")[0] == "weasyprint"]:
            del sys.modules[name]
        ctypes.util.find_library = find_library
        import weasyprint  # noqa: F401
    finally:
        ctypes.util.find_library = find_library


def _find_nothing(name: str) -> None:
    """``ctypes.util.find_library`` that never searches (``load_weasyprint``)."""
    return None


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
