"""The read-aloud e-book (``formats.EPUB_READ_ALOUD``): ``<slug>-read-aloud.epub``.

The same book as ``<slug>.epub`` plus the article's recording and SMIL media overlays,
every spoken sentence highlighted as it is read. The recording is the shared one
(``products.ArticleProducts.recording``), so its clips are the MP3's own times.
"""

from __future__ import annotations

from ...formats import EPUB_READ_ALOUD
from ...model import Article
from ...products import ArticleProducts
from .. import OutputFile
from . import publish_book
from .book import page_marks_for, read_aloud_for, render_epub


def write(article: Article, products: ArticleProducts) -> list[OutputFile]:
    """Build ``<slug>-read-aloud.epub``: the e-book with the narration and overlays.

    Raises ``BuildError`` as the text-only writer does, and ``UserError`` when the
    speech engine cannot be used.
    """
    book = render_epub(
        article,
        page_marks=page_marks_for(article, products),
        overlays=read_aloud_for(article, products),
    )
    return [publish_book(article, products, EPUB_READ_ALOUD, book)]
