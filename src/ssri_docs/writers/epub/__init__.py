"""The EPUB 3 e-books: ``<slug>.epub`` (text only) and ``<slug>-read-aloud.epub``.

Two books, two formats (``formats.EPUB_BOOK`` and ``formats.EPUB_READ_ALOUD``): the
text-only book is small, for every e-reader and for readers on a small data plan; the
read-aloud book (``read_aloud``) carries the whole narration with media overlays, which
Thorium and Readium-based apps play and many readers ignore.

``book`` assembles the package (with ebooklib), ``content`` plans and renders the
XHTML documents, ``pages`` places the print leaflet's page numbers, ``overlays`` the
read-aloud, ``package`` the metadata, ``cover`` the cover picture and ``container``
the reproducible zip.
"""

from __future__ import annotations

from ...errors import display_path
from ...formats import EPUB_BOOK, FormatFile
from ...model import Article, iter_figures
from ...products import ArticleProducts
from .. import OutputFile
from .book import BuiltBook, page_marks_for, render_epub

__all__ = ["publish_book", "render_epub", "write"]


def write(article: Article, products: ArticleProducts) -> list[OutputFile]:
    """Build ``<slug>.epub`` for one article: text only, with the print page numbers.

    Raises ``BuildError`` for a picture that cannot go into the book or content that
    would be unsafe; failed accessibility checks are warnings (no conformance claim).
    """
    book = render_epub(article, page_marks=page_marks_for(article, products))
    return [publish_book(article, products, EPUB_BOOK, book)]


def publish_book(
    article: Article, products: ArticleProducts, declared: FormatFile, book: BuiltBook
) -> OutputFile:
    """``book`` as the file ``declared``, after warning about what it cannot claim."""
    out = declared.output(article.slug, book.data)
    reporter = products.reporter
    source = display_path(article.source_path)
    for figure in iter_figures(article.blocks):
        if not figure.decorative and not figure.alt.strip():
            reporter.warning(
                f"{source}: the picture {figure.src!r} has no description. Describe it "
                "between the brackets of ![...] (see docs/source-format.md); until then the "
                f"e-book {out.name} makes no accessibility conformance claim."
            )
    for problem in book.problems:
        reporter.detail(f"{out.name}: {problem}")
    if book.problems:
        reporter.warning(
            f"{out.name}: {len(book.problems)} accessibility check(s) failed, so the e-book "
            "makes no conformance claim (run with -v to see them)."
        )
    return out
