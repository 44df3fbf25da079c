"""The EPUB 3 e-book: ``<slug>.epub`` for e-readers, reading apps and screen readers.

The content documents, the navigation document and the cover page are rendered by
``content`` and handed to ebooklib as finished files (plain ``EpubItem``): its
``EpubHtml`` re-parses content with an HTML parser and rebuilds ``<head>`` from scratch
(aerkalov/ebooklib#76), and its nav has no ``h1`` and no page for our landmarks. ebooklib
writes the package: manifest, spine, NCX for older readers, and the metadata from
``package``. Two of its gaps are repaired here, in ``render_epub``: the package gets
``xml:lang`` (ebooklib 0.20 writes none), and the zip is rewritten by ``container`` because
ebooklib stamps every entry with the current time (see aerkalov/ebooklib#340).

Every book carries the print leaflet's page numbers (``pages``), from the article's
leaflet layout. The read-aloud book (``read_aloud``; ``--no-read-aloud`` skips it) also
carries the narration MP3 and SMIL media overlays (``overlays``), from the article's
recording. Both are shared results (``products.ArticleProducts``), made once per article
whether or not the PDF and the MP3 are built too.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from ebooklib import epub

from ...anchors import Place
from ...checks.epub.rules import Problem, check_documents
from ...errors import BuildError
from ...model import Article, Table, iter_blocks, iter_figures, sections
from ...pictures import EBOOK, load_picture
from ...products import ArticleProducts
from .container import read_entries, reproducible_zip
from .content import (
    ContentDocument,
    render_cover_page,
    render_documents,
    render_nav,
    stylesheet,
)
from .cover import cover_alt, render_cover
from .overlays import (
    ACTIVE_CLASS,
    AUDIO_MEDIA_TYPE,
    SMIL_MEDIA_TYPE,
    Overlay,
    OverlayPlan,
    clock,
    plan_overlays,
    render_overlays,
)
from .package import (
    BookFacts,
    accessibility_metadata,
    book_identifier,
    iso_date,
    modified_time,
    set_package_language,
    subjects,
)
from .pages import PageMarks, place_page_marks, print_edition
from .plan import COVER_FILE, NAV_FILE, STYLESHEET, page_places

AUDIO_FILE = "audio/narration.mp3"  # inside the content folder
CONTENT_DIR = "EPUB"  # ebooklib's folder for everything but mimetype and META-INF
COVER_IMAGE = "cover.png"
XHTML = "application/xhtml+xml"


@dataclass(frozen=True)
class BookImage:
    href: str  # path inside the content folder
    data: bytes
    media_type: str


@dataclass(frozen=True)
class BuiltBook:
    data: bytes
    facts: BookFacts
    problems: tuple[Problem, ...]  # what checks/epub/rules.py found (empty: claim made)


def page_marks_for(article: Article, products: ArticleProducts) -> PageMarks:
    """Where the print leaflet's pages begin, from the article's leaflet layout."""
    layout = products.leaflet_layout
    edition = print_edition(article, layout)
    return place_page_marks(layout.page_breaks, page_places(article), Place.TITLE_HEADING, edition)


def read_aloud_for(article: Article, products: ArticleProducts) -> OverlayPlan:
    """The narration and its timings, from the article's recording."""
    recording = products.recording
    return plan_overlays(article, recording.timeline, recording.mp3, AUDIO_FILE)


def render_epub(
    article: Article,
    *,
    page_marks: PageMarks | None = None,
    overlays: OverlayPlan | None = None,
) -> BuiltBook:
    """The book's bytes, what it contains, and what its own checks found.

    Without ``page_marks`` the book has no print page numbers (nor a page list); without
    ``overlays`` it is text only (no read-aloud).
    """
    images = _book_images(article)
    rendered = render_documents(
        article,
        {src: image.href for src, image in images.items()},
        page_marks=page_marks,
        spans=overlays.spans if overlays else None,
    )
    documents = rendered.documents
    smil = render_overlays(documents, overlays) if overlays else []
    alt = cover_alt(article)
    cover_page = render_cover_page(article, COVER_IMAGE, alt)
    nav = render_nav(article, documents, cover_label="Cover", page_list=rendered.page_list)

    xhtml = {COVER_FILE: cover_page, NAV_FILE: nav}
    xhtml.update((doc.file_name, doc.data) for doc in documents)
    problems = tuple(check_documents(xhtml, language=article.language, nav_name=NAV_FILE))
    unsafe = [problem for problem in problems if problem.unsafe]
    if unsafe:  # the source parser should have stopped this already; never publish it
        raise BuildError(
            f"the e-book would contain something unsafe: {unsafe[0]}",
            path=article.source_path,
            hint="remove scripts, event handlers and non-web addresses from the article.",
        )

    figures = list(iter_figures(article.blocks))
    facts = BookFacts(
        sections=len(sections(article)),
        images=len(figures),
        # A decorative picture needs no description: alt="" is its right text alternative.
        images_without_alt=sum(
            1 for figure in figures if not figure.decorative and not figure.alt.strip()
        ),
        tables=sum(1 for block in iter_blocks(article.blocks) if isinstance(block, Table)),
        references=len(article.references),
        checks_passed=not problems,
        page_source=page_marks.edition.description() if page_marks else None,
        read_aloud=bool(smil),
    )
    book = _package(article, facts, documents, cover_page, nav, images)
    if smil and overlays:
        _add_read_aloud(book, smil, overlays.audio)
    raw = io.BytesIO()
    epub.write_epub(
        raw,
        book,
        {
            "mtime": modified_time(article),
            "raise_exceptions": True,
            # Our nav is written by us; ebooklib's own nav/page-list code stays unused.
            "epub3_landmark": False,
            "epub3_pages": False,
            # Only read back and re-zipped below (``reproducible_zip``): not worth deflating.
            "compresslevel": 0,
        },
    )
    entries = read_entries(raw.getvalue())
    opf = f"{CONTENT_DIR}/content.opf"
    entries[opf] = set_package_language(entries[opf], article.language)
    return BuiltBook(reproducible_zip(entries, article.last_reviewed), facts, problems)


def _add_read_aloud(book: epub.EpubBook, overlays: list[Overlay], audio: bytes) -> None:
    """The recording, one SMIL file per read-aloud document, and their durations.

    ebooklib's own ``media_duration`` writes an attribute EPUB does not allow, so the
    durations are package metadata here, refining each SMIL item by its id.
    """
    book.add_item(_item("narration", AUDIO_FILE, AUDIO_MEDIA_TYPE, audio))
    by_document = {item.file_name: item for item in book.get_items()}
    for overlay in overlays:
        book.add_item(_item(overlay.uid, overlay.file_name, SMIL_MEDIA_TYPE, overlay.data))
        by_document[overlay.document].media_overlay = overlay.uid
        book.add_metadata(
            None,
            "meta",
            clock(overlay.duration),
            {"property": "media:duration", "refines": f"#{overlay.uid}"},
        )
    total = sum(overlay.duration for overlay in overlays)
    book.add_metadata(None, "meta", clock(total), {"property": "media:duration"})
    book.add_metadata(None, "meta", ACTIVE_CLASS, {"property": "media:active-class"})


def _book_images(article: Article) -> dict[str, BookImage]:
    """Each picture's bytes, from the article's own folder only, named figure-N."""
    images: dict[str, BookImage] = {}
    for figure in iter_figures(article.blocks):
        if figure.src not in images:
            picture = load_picture(article, figure.src, EBOOK)
            href = f"images/figure-{len(images) + 1}{picture.type.suffix}"
            images[figure.src] = BookImage(href, picture.data, picture.type.media_type)
    return images


def _item(uid: str, file_name: str, media_type: str, data: bytes) -> epub.EpubItem:
    return epub.EpubItem(uid=uid, file_name=file_name, media_type=media_type, content=data)


def _package(
    article: Article,
    facts: BookFacts,
    documents: list[ContentDocument],
    cover_page: bytes,
    nav: bytes,
    images: dict[str, BookImage],
) -> epub.EpubBook:
    site = article.site
    book = epub.EpubBook()
    book.set_identifier(book_identifier(article))
    book.set_title(article.title)
    book.set_language(article.language)
    book.add_author(site.publisher)
    book.add_metadata("DC", "publisher", site.publisher)
    book.add_metadata("DC", "description", article.summary)
    book.add_metadata("DC", "date", iso_date(article.published))
    for subject in subjects(article):
        book.add_metadata("DC", "subject", subject)
    book.add_metadata("DC", "source", article.canonical_url)
    for prop, value in accessibility_metadata(facts, site.publisher):
        book.add_metadata(None, "meta", value, {"property": prop})

    # The cover image with its EPUB 2 <meta name="cover"> (Kindle looks for it); the
    # cover page is ours, so ebooklib does not make one.
    book.set_cover(COVER_IMAGE, render_cover(article), create_page=False)
    cover = book.add_item(_item("cover", COVER_FILE, XHTML, cover_page))
    nav_item = book.add_item(_item("nav", NAV_FILE, XHTML, nav))
    nav_item.properties = ["nav"]
    book.add_item(_item("style", STYLESHEET, "text/css", stylesheet()))
    for number, image in enumerate(images.values(), start=1):
        book.add_item(_item(f"figure-{number}", image.href, image.media_type, image.data))
    items = [book.add_item(_item(d.uid, d.file_name, XHTML, d.data)) for d in documents]
    book.add_item(epub.EpubNcx())

    book.spine = [cover, nav_item, *items]
    # The NCX (for EPUB 2 reading systems) lists the same documents as the nav.
    book.toc = [epub.Link(d.file_name, d.title, f"toc-{d.uid}") for d in documents]
    return book
