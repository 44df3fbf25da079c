"""The EPUB 3 e-book: ``<slug>.epub`` for e-readers, reading apps and screen readers.

``book`` assembles the package (with ebooklib), ``content`` plans and renders the
XHTML documents, ``pages`` places the print leaflet's page numbers, ``overlays`` the
read-aloud, ``package`` the metadata, ``cover`` the cover picture and ``container``
the reproducible zip.
"""

from __future__ import annotations

from ...errors import display_path
from ...formats import FORMATS
from ...model import Article, iter_figures
from ...products import ArticleProducts
from .. import OutputFile
from .book import page_marks_for, read_aloud_for, render_epub

__all__ = ["render_epub", "write"]


def write(article: Article, products: ArticleProducts) -> list[OutputFile]:
    """Build ``<slug>.epub`` for one article, with the print leaflet's page numbers.

    Raises ``BuildError`` for a picture that cannot go into the book or content that
    would be unsafe; failed accessibility checks are warnings (no conformance claim).
    """
    overlays = read_aloud_for(article, products) if products.options.read_aloud else None
    book = render_epub(article, page_marks=page_marks_for(article, products), overlays=overlays)
    out = FORMATS["epub"].main.output(article.slug, book.data)
    reporter = products.reporter
    source = display_path(article.source_path)
    for figure in iter_figures(article.blocks):
        if not figure.decorative and not figure.alt.strip():
            reporter.warning(
                f"{source}: the picture {figure.src!r} has no description. Describe it "
                "between the brackets of ![...] (see docs/source-format.md); until then the "
                "e-book makes no accessibility conformance claim."
            )
    for problem in book.problems:
        reporter.detail(f"{out.name}: {problem}")
    if book.problems:
        reporter.warning(
            f"{out.name}: {len(book.problems)} accessibility check(s) failed, so the e-book "
            "makes no conformance claim (run with -v to see them)."
        )
    return [out]
