"""The print leaflet laid out on pages by WeasyPrint, and written as PDF/UA-1.

The layout is HTML and CSS (``templates/pdf/``); this module fills the template,
lays it out with a fetcher that reads only the fonts and the article's own folder and
turns WeasyPrint's ERROR log records into a failed build. ``products`` keeps the laid
out document (the e-book reads its page breaks); the PDF writer writes it with
``write_pdf``, which repairs the tagging of the running header and footer
(``tagging.py``).
"""

from __future__ import annotations

import io
import logging
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import jinja2
import segno
from markupsafe import Markup
from weasyprint import CSS, HTML, Document
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from ... import anchors, templating, wording
from ...errors import BuildError
from ...model import Article, Inline, sections, text_direction
from ...products import PageOpening
from ...wording import (
    inline_text,
    publication_dates_line,
)
from . import PAPER_NAMES, PAPERS
from .fetcher import RefusedAddress, SandboxFetcher
from .struct_map import recording_elements
from .tagging import repair_tagging

PDF_VARIANT = "pdf/ua-1"

# Liberation Sans (Debian: fonts-liberation2): a clear sans-serif with a real bold face.
FONT_FOLDER = Path("/usr/share/fonts/truetype/liberation2")
FONT_FILES = {"regular": "LiberationSans-Regular.ttf", "bold": "LiberationSans-Bold.ttf"}


def render_print_html(article: Article) -> str:
    """The leaflet as HTML, every value from the source escaped."""
    return (
        _environment()
        .get_template("pdf/leaflet.html.j2")
        .render(
            article=article,
            sections=sections(article),
            ids=anchors.anchor_ids(article),
            place=anchors.Place,
            reference_anchor=anchors.reference_anchor,
            review_dates=publication_dates_line(
                article.published, article.last_reviewed, article.next_review
            ),
            keywords=keywords(article),
            summary_on_cover=not wording.summary_opens_the_text(article),
            qr_svg=downloads_qr_svg(article.site.downloads_url),
            headings=wording.BACK_MATTER_HEADINGS,
            back_matter=wording.BACK_MATTER,
            wording=wording,
        )
    )


def render_print_css(paper: str, *, print_marks: bool) -> str:
    """The stylesheet for one paper size, with or without a print shop's bleed and marks."""
    if paper not in PAPERS:
        raise BuildError(
            f"unknown paper size {paper!r}",
            hint=f"use --paper {', '.join(PAPER_NAMES[:-1])} or {PAPER_NAMES[-1]}.",
        )
    fonts = font_files()
    return (
        _environment()
        .get_template("pdf/print.css.j2")
        .render(
            page_size=PAPERS[paper].css_size,
            body_size=PAPERS[paper].body_size,
            margins=PAPERS[paper].margins,
            print_marks=print_marks,
            fonts={weight: path.as_uri() for weight, path in fonts.items()},
        )
    )


def font_files() -> dict[str, Path]:
    """The leaflet's font files; a missing one stops the build with the package to install."""
    fonts = {weight: FONT_FOLDER / name for weight, name in FONT_FILES.items()}
    for path in fonts.values():
        if not path.is_file():
            raise BuildError(
                "the leaflet's font is not installed",
                path=path,
                hint="install the Debian package fonts-liberation2 (apt-get install "
                "fonts-liberation2).",
            )
    return fonts


def lay_out(article: Article, *, paper: str = "a4", print_marks: bool = False) -> Document:
    """Lay the leaflet out on pages; nothing outside the fonts and the article's folder is read."""
    html_text = render_print_html(article)
    css_text = render_print_css(paper, print_marks=print_marks)
    source_folder = article.source_path.resolve().parent
    logo = article.site.logo  # site.yaml's folder, which may not be the article's
    logos = [logo.path] if logo else []
    fetcher = SandboxFetcher([source_folder, *logos, *font_files().values()])
    with _weasyprint_errors_fail_the_build(article):
        html = HTML(string=html_text, base_url=source_folder.as_uri() + "/", url_fetcher=fetcher)
        stylesheet = CSS(string=css_text, url_fetcher=fetcher, font_config=_font_config())
        return html.render(
            stylesheets=[stylesheet], font_config=_font_config(), pdf_variant=PDF_VARIANT
        )


def write_pdf(document: Document, article: Article) -> bytes:
    """The tagged PDF/UA-1 bytes, its tagging repaired where WeasyPrint falls short.

    The same article gives the same bytes: fontTools stamps a font it re-saves (the
    colour emoji font) with the time unless ``SOURCE_DATE_EPOCH`` is set, so it is set
    to the article's last review while WeasyPrint writes, and restored after.
    """
    with (
        _weasyprint_errors_fail_the_build(article),
        _source_date_epoch(article.last_reviewed),
        recording_elements() as elements,
    ):
        data = document.write_pdf(pdf_variant=PDF_VARIANT)
    return repair_tagging(data, elements, html_root(document))


def html_root(document: Document):
    """The laid-out HTML's root element (``<html>``), from the first page's boxes."""
    return document.pages[0]._page_box.children[0].element


@contextmanager
def _source_date_epoch(day: date) -> Iterator[None]:
    """``SOURCE_DATE_EPOCH`` = midnight UTC of ``day`` inside the block only."""
    stamp = datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp()
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(stamp))
    try:
        yield
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def page_breaks(document: Document) -> list[PageOpening]:
    """For every page, the places it holds, in reading order, each element once.

    The e-book puts its marker for page N at the first of these places it also has:
    the cover, the QR code and other print-only parts come first on some pages. A
    paragraph that runs on from the page before is given with how many of its letters
    were already printed, so the marker can go between the right two words. Printed
    link addresses are not counted: the e-book's text does not have them.
    """
    printed: dict[str, int] = {}  # letters of each element laid out so far
    openings: list[PageOpening] = []
    for number, page in enumerate(document.pages, start=1):
        seen: set[str] = set()
        # WeasyPrint has no public API for the boxes on a page; ``_page_box`` is the
        # laid-out tree that ``Page.anchors`` itself is gathered from.
        for anchor, letters in _page_places(page._page_box, None):
            if anchor is not None and anchor not in seen:
                seen.add(anchor)
                begins = anchor not in printed
                openings.append(PageOpening(number, anchor, begins, printed.get(anchor, 0)))
            if anchor is not None:
                printed[anchor] = printed.get(anchor, 0) + letters
    return openings


def _page_places(box, anchor: str | None) -> Iterator[tuple[str | None, int]]:
    """(innermost element id, letters of text) for each box of a page, in reading order."""
    if isinstance(box, boxes.MarginBox):  # the running header and the page numbers
        return
    element = getattr(box, "element", None)
    pseudo = "::" in (getattr(box, "element_tag", "") or "")  # list markers, ::before
    if pseudo:
        return
    if element is not None:
        if element.get("class", "").split() == ["address"] and element.tag == "span":
            return  # a link's printed address: print only
        anchor = element.get("id") or anchor
    if isinstance(box, boxes.TextBox):
        # A word broken at a soft hyphen ends its line with the hyphenation character,
        # which the source does not have.
        text = box.text.removesuffix("\u2010")
        yield anchor, sum(1 for c in text if not c.isspace() and c != "\u00ad")
        return
    yield anchor, 0
    for child in getattr(box, "children", ()):
        yield from _page_places(child, anchor)


def keywords(article: Article) -> list[str]:
    """Document keywords from the source: the publisher and the article's key terms.

    The source's pronunciation list names the terms the article is about (SSRIs, OCD,
    CBT...); variants that differ only in case or an apostrophe are listed once.
    """
    words = [article.site.publisher]
    seen = {article.site.publisher.casefold()}
    for term, _ in article.pronunciation:
        key = re.sub(r"['’]?s$", "", term).casefold()
        if key not in seen:
            seen.add(key)
            words.append(term)
    return words


def downloads_qr_svg(url: str) -> Markup:
    """A vector QR code for the downloads page; its <title> becomes the Figure's /Alt."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer,
        kind="svg",
        xmldecl=False,
        svgns=True,
        nl=False,
        omitsize=True,  # a viewBox only: the stylesheet sets the printed size
        border=4,
        title=qr_alt_text(url),
        svgclass="qr-code",
        lineclass=None,
    )
    return Markup(buffer.getvalue().decode("utf-8"))


def qr_alt_text(url: str) -> str:
    return f"QR code linking to the downloads page, {url}"


@contextmanager
def _weasyprint_errors_fail_the_build(article: Article) -> Iterator[None]:
    """Turn WeasyPrint's ERROR records and its fatal fetch error into a BuildError.

    WeasyPrint only logs problems such as a picture without a text alternative and
    writes the PDF anyway; a leaflet with such a problem must not be published.
    """
    records: list[logging.LogRecord] = []
    handler = _CollectErrors(records)
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    try:
        yield
    except RefusedAddress as refused:  # a BaseException: nothing broader is caught
        raise BuildError(
            f"the print leaflet may not read {refused.url} ({refused.reason})",
            path=article.source_path,
            hint="use only pictures saved in the article's folder, named by file name.",
        ) from None
    finally:
        logger.removeHandler(handler)
    if records:
        problems = "; ".join(record.getMessage() for record in records)
        raise BuildError(
            f"the print leaflet could not be laid out cleanly: {problems}",
            path=article.source_path,
            hint="fix what is named above in the article (for example give every "
            "picture a description), then build again.",
        )


class _CollectErrors(logging.Handler):
    def __init__(self, records: list[logging.LogRecord]) -> None:
        super().__init__(level=logging.ERROR)
        self.records = records

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@cache
def _environment() -> jinja2.Environment:
    return templating.environment(
        filters={
            "kind": lambda node: type(node).__name__,
            "plain_text": _plain_text,
            "printed_address": printed_address,
            "css_url": _css_url,
            "direction": text_direction,
        }
    )


@cache
def _font_config() -> FontConfiguration:
    # One configuration per process: WeasyPrint re-reads the fonts for each new one.
    return FontConfiguration()


def printed_address(href: str) -> str:
    """How a link's target is printed on paper: the full address, or nothing for a
    link to a place in the leaflet itself."""
    if href.startswith("#"):
        return ""
    if urlsplit(href).scheme == "mailto":
        return href.removeprefix("mailto:")
    return href


def _plain_text(nodes: tuple[Inline, ...]) -> str:
    return inline_text(nodes).strip()


def _css_url(src: str) -> str:
    # The source parser only admits plain file names next to the article; escaping
    # the quote and backslash keeps any name inside the CSS string anyway.
    return src.replace("\\", "\\\\").replace("'", "\\'")


__all__ = [
    "lay_out",
    "page_breaks",
    "render_print_html",
    "write_pdf",
]
