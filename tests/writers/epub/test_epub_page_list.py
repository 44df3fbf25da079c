"""Print page numbers inside the e-book, checked against the built PDF.

"Page 3" must mean the same words on paper and on an e-reader: the first words after
each page-break marker of the built EPUB are looked up in that page of the built PDF's
text layer. Built through the real build with the PDF (its layout is shared) and
without it (the EPUB writer lays the leaflet out itself), on A4 and on A5.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pypdf import PdfReader

from conftest import ROOT, build_article
from ssri_docs.checks.epub import NS, document_text, read_package, read_spine
from ssri_docs.checks.parity import normalise
from ssri_docs.model import Paragraph, Strong, Text
from ssri_docs.products import PageOpening
from ssri_docs.writers.epub.pages import (
    BLOCK,
    TEXT,
    PrintEdition,
    place_page_marks,
    print_identifier,
)
from ssri_docs.writers.epub.spans import arrange, letter_offset, sentence_ranges

EPUB_NS = "http://www.idpf.org/2007/ops"
X = "{http://www.w3.org/1999/xhtml}"
MARKER = "\u2042"  # stands in for a marker while the text is read back
WORDS = 5
# Words only the e-book has: its "What to read next" list labels each link (the
# template epub/related.xhtml.j2); the leaflet lists the titles alone.
EPUB_ONLY_WORDS = frozenset({"Previous:", "Next:"})


def _books(folder: Path, slug: str) -> tuple[Path, Path]:
    return folder / slug / f"{slug}.epub", folder / slug / f"{slug}.pdf"


@pytest.fixture(scope="module")
def a4(build_seed, seed_article) -> tuple[Path, Path]:
    return _books(build_seed("pdf", "audio", "epub"), seed_article.slug)


@pytest.fixture(scope="module")
def a5(build_seed, seed_article) -> tuple[Path, Path]:
    return _books(build_seed("pdf", "epub", paper="a5"), seed_article.slug)


def markers(book: Path) -> list[tuple[str, int, str]]:
    """(document, page, the first words after the marker) in reading order."""
    found = []
    for doc in read_spine(book):
        root = etree.fromstring(doc.data)
        spans = root.xpath("//x:*[@role='doc-pagebreak']", namespaces=NS)
        for span in spans:
            assert span.get(f"{{{EPUB_NS}}}type") == "pagebreak"
            page = int(span.get("aria-label").removeprefix("Page "))
            assert span.get("id") == f"page_{page}"
            assert len(span) == 0 and not (span.text or "").strip()  # an empty marker
            # Read the document with this marker replaced by a sign, then take the words after it.
            copy = etree.fromstring(doc.data)
            target = copy.xpath("//*[@id=$id]", id=span.get("id"))[0]
            target.text = MARKER
            text = document_text(etree.tostring(copy))
            after = [w for w in text.split(MARKER, 1)[1].split() if w not in EPUB_ONLY_WORDS]
            after = after[:WORDS]
            found.append((Path(doc.name).name, page, " ".join(after)))
    return found


def pdf_pages(pdf: Path) -> list[str]:
    return [_squash(page.extract_text()) for page in PdfReader(pdf).pages]


def _squash(text: str) -> str:
    """Text without spaces or line-end hyphens: layout differences fall away."""
    text = normalise(re.sub(r"[\u2010\u00ad]\s*\n", "", text))
    return text.replace(" ", "")


@pytest.mark.parametrize("paper", ["a4", "a5"])
def test_the_words_after_each_marker_are_on_that_page_of_the_pdf(request, paper):
    book, pdf = request.getfixturevalue(paper)
    pages = pdf_pages(pdf)
    found = markers(book)
    assert [page for _, page, _ in found] == list(range(1, len(pages) + 1)), found
    for document, page, words in found:
        assert len(words.split()) >= 2, (document, page, words)
        squashed = _squash(words)
        # In order on that page; the leaflet's cover may print lines between them (its
        # dates line sits between the title and the text).
        assert _in_order(words, pages[page - 1]), f"{document}: page {page} begins {words!r}"
        if page > 1:  # and they are not on the page before: the marker is where the page turns
            assert squashed not in pages[page - 2], f"{document}: {words!r} is on page {page - 1}"


def _in_order(words: str, page: str) -> bool:
    """Whether each word of ``words`` is on ``page`` (squashed text), in that order."""
    position = 0
    for word in words.split():
        found = page.find(_squash(word), position)
        if found < 0:
            return False
        position = found + len(_squash(word))
    return True


def test_page_one_opens_the_first_content_document(a4):
    book, _ = a4
    found = markers(book)
    assert found[0][:2] == ("section-01.xhtml", 1)
    spine = [Path(doc.name).name for doc in read_spine(book)]
    assert spine[2] == "section-01.xhtml"  # after the cover and the contents


def test_a_page_can_begin_mid_paragraph(tmp_path):
    # The seed's page breaks move with its layout, so a paragraph longer than a page is
    # added: some page must begin inside it, its marker between two words.
    source = tmp_path / "long-paragraph.md"
    text = (ROOT / "source" / "how-ssri-work.md").read_text(encoding="utf-8")
    head, body = text.split("\n---\n", 1)
    long = " ".join(f"Sentence {n} of a paragraph longer than any page." for n in range(1, 90))
    source.write_text(head + "\n---\n\n" + long + "\n" + body, encoding="utf-8")
    build_article(source, tmp_path / "out", "pdf", "epub")
    (book,) = (tmp_path / "out").glob("*/*.epub")
    inside = []
    for doc in read_spine(book):
        root = etree.fromstring(doc.data)
        for span in root.xpath("//x:*[starts-with(@id, 'page_')]", namespaces=NS):
            parent = span.getparent()
            while parent.tag == f"{X}span":
                parent = parent.getparent()
            if parent.tag == f"{X}p" and _words_before(parent, span):
                inside.append(span.get("id"))
    assert inside, "no page begins inside a paragraph"


def _words_before(paragraph, marker) -> str:
    """The text of ``paragraph`` before ``marker``, in document order."""
    words = [paragraph.text or ""]
    for element in paragraph.iterdescendants():
        if element is marker:
            return "".join(words).strip()
        words.append(element.text or "")
        if marker not in element.iterdescendants():
            words.append(element.tail or "")
    return "".join(words).strip()


def _page_list(book: Path) -> list[str]:
    with zipfile.ZipFile(book) as archive:
        package = read_package(archive)
        nav = etree.fromstring(archive.read(package.nav_path()))
    lists = nav.xpath("//x:nav[@epub:type='page-list']", namespaces={**NS, "epub": EPUB_NS})
    assert len(lists) == 1
    assert lists[0].get("hidden") is not None
    return [(a.get("href"), a.text) for a in lists[0].xpath(".//x:a", namespaces=NS)]


@pytest.mark.parametrize("paper", ["a4", "a5"])
def test_the_page_list_links_to_every_marker_and_only_to_markers(request, paper):
    book, _ = request.getfixturevalue(paper)
    listed = _page_list(book)
    expected = [(f"{doc}#page_{page}", str(page)) for doc, page, _ in markers(book)]
    assert listed == expected
    # Nothing but the markers carries both epub:type and an id (ebooklib #339).
    for doc in read_spine(book):
        for element in etree.fromstring(doc.data).iter():
            tag = isinstance(element.tag, str) and element.get(f"{{{EPUB_NS}}}type")
            if tag and element.get("id"):
                assert element.get("role") == "doc-pagebreak"


def _metadata(book: Path) -> dict[str, list[str]]:
    with zipfile.ZipFile(book) as archive:
        root = read_package(archive).root
    found: dict[str, list[str]] = {}
    for element in root.xpath("opf:metadata/opf:meta[@property]", namespaces=NS):
        found.setdefault(element.get("property"), []).append(element.text)
    return found


def test_page_break_source_names_the_print_edition(a4, a5, seed_article):
    for (book, _), paper in ((a4, "A4"), (a5, "A5")):
        meta = _metadata(book)
        assert meta["pageBreakSource"] == [
            f"{seed_article.title}, print leaflet (PDF) on {paper} paper, "
            f"{print_identifier(seed_article, paper.lower())}"
        ]
        assert {"pageBreakMarkers", "pageNavigation"} <= set(meta["schema:accessibilityFeature"])
    assert print_identifier(seed_article, "a4") != print_identifier(seed_article, "a5")


def test_without_the_pdf_in_the_run_the_book_lays_the_leaflet_out_itself(
    build_seed, seed_article, a4
):
    alone, _ = _books(build_seed("epub"), seed_article.slug)
    assert markers(alone) == markers(a4[0])
    assert _page_list(alone) == _page_list(a4[0])


# --- cutting running text ----------------------------------------------------------


def test_a_cut_inside_bold_text_halves_it_and_keeps_every_letter():
    nodes = (Text("One two. Three "), Strong((Text("four. Five"),)), Text(" six."))
    raw = "One two. Three four. Five six."
    ranges = sentence_ranges(raw)
    assert [raw[a:b] for a, b in ranges] == ["One two.", "Three four.", "Five six."]
    pieces = arrange(
        nodes,
        [(a, b, f"s{n}") for n, (a, b) in enumerate(ranges)],
        [(letter_offset(raw, 7), 2)],  # after "Onetwo." : before "Three"
    )
    kinds = [type(piece).__name__ for piece in pieces]
    assert kinds == ["SentenceSpan", "Text", "PageMark", "SentenceSpan", "Strong", "SentenceSpan"]
    assert pieces[3].parts[-1] == Strong((Text("four."),))
    assert pieces[5].parts[0] == Strong((Text("Five"),))
    assert Paragraph(nodes)  # the model's own nodes are untouched


def test_a_letter_count_past_the_end_gives_no_place():
    assert letter_offset("ab c", 2) == 3
    assert letter_offset("ab c", 3) is None


def test_pages_of_a_leaflet_with_lists_a_table_and_pictures(tmp_path):
    """The fixture with nested lists, a table, a quotation and pictures, built in full."""
    source = ROOT / "tests" / "fixtures" / "pdf" / "rich" / "leaflet-features.md"
    article = build_article(source, tmp_path, "pdf", "audio", "epub")
    book, pdf = _books(tmp_path, article.slug)
    pages = pdf_pages(pdf)
    found = markers(book)
    assert [page for _, page, _ in found] == list(range(1, len(pages) + 1))
    for document, page, words in found:
        assert _squash(words) in pages[page - 1], f"{document}: page {page} begins {words!r}"
    assert _page_list(book) == [(f"{doc}#page_{page}", str(page)) for doc, page, _ in found]


def test_each_page_gets_the_first_place_the_book_also_has():
    places = {"title_heading": TEXT, "b_1": TEXT, "b_2": BLOCK, "b_3": TEXT, "contact_text": TEXT}
    openings = [
        PageOpening(1, "leaflet-cover", True, 0),
        PageOpening(1, "b_1", True, 0),
        PageOpening(2, "leaflet-body", False, 0),  # a print-only wrapper: not in the book
        PageOpening(2, "b_1", False, 120),  # the paragraph runs on: marker inside it
        PageOpening(3, "b_2", False, 0),  # a table runs on: no text to mark, try the next
        PageOpening(3, "b_3", True, 0),
        PageOpening(4, "leaflet-other-formats", True, 0),  # only the QR code: no marker
        PageOpening(5, "b_1", False, 10),  # would go back before page 3: never
        PageOpening(5, "contact_text", True, 0),
    ]
    edition = PrintEdition("T", "A4", "urn:x", 5)
    marks = place_page_marks(openings, places, "title_heading", edition)
    assert marks.pages == (1, 2, 3, 5)
    assert marks.before == {"title_heading": (1,), "b_3": (3,), "contact_text": (5,)}
    assert marks.within == {"b_1": ((120, 2),)}
