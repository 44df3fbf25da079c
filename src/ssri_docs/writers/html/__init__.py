"""The large-print web page (``formats.HTML_PAGE``), one self-contained file.

``page`` renders it from ``templates/html/``. The downloads page that lists every
article is not part of this format: it is ``ssri_docs.downloads``.
"""

from __future__ import annotations

from ...formats import FORMATS
from ...model import Article
from ...products import ArticleProducts
from .. import OutputFile
from .page import render_page


def write(article: Article, products: ArticleProducts) -> list[OutputFile]:
    """Render the large-print page of one article.

    Raises ``BuildError`` for a picture or link address that cannot go on the page.
    """
    return [FORMATS["html"].main.output(article.slug, render_page(article, products))]
