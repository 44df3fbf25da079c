"""The print leaflet: the article as a tagged PDF/UA-1 file, laid out by WeasyPrint.

The layout itself is a shared result (``products.ArticleProducts.leaflet_layout``, made
by ``layout.lay_out``): the e-book takes its page breaks. This writer writes it as PDF.
The paper sizes live here, without WeasyPrint, so the command line can offer them
without loading it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...formats import FORMATS
from ...model import Article
from ...products import ArticleProducts
from .. import OutputFile


@dataclass(frozen=True)
class Paper:
    css_size: str
    body_size: str  # clear print: at least 12 pt; 14 pt where the page is wide enough
    margins: str  # top right bottom left; the header and footer sit in the top and bottom


PAPERS: dict[str, Paper] = {
    "a4": Paper("A4", "14pt", "22mm 18mm 24mm 18mm"),
    "a5": Paper("A5", "12pt", "18mm 14mm 19mm 14mm"),
    "letter": Paper("letter", "14pt", "22mm 18mm 24mm 18mm"),
}
PAPER_NAMES: tuple[str, ...] = tuple(PAPERS)  # as --paper takes them


def write(article: Article, products: ArticleProducts) -> list[OutputFile]:
    """Build ``<slug>.pdf`` from the article's leaflet layout.

    Raises ``BuildError`` when the leaflet cannot be laid out or written cleanly.
    """
    from .glyphs import missing_in_layout  # WeasyPrint loads only when a PDF is written
    from .layout import write_pdf

    document = products.leaflet_layout.document
    for missing in missing_in_layout(document):
        products.reporter.warning(missing.message(article.source_path))
    data = write_pdf(document, article)
    return [FORMATS["pdf"].main.output(article.slug, data)]
