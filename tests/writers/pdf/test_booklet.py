"""The A5 booklet (``--booklet``): the leaflet's pages imposed two to an A4 sheet side
in saddle-stitch order, read back half-sheet by half-sheet against the A5 pages."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pikepdf
import pytest
from pypdf import PdfReader

from conftest import build_article, run_build
from ssri_docs.cli import main
from ssri_docs.formats import FORMATS
from ssri_docs.writers.pdf.imposition import booklet_order, impose_booklet

ROOT = Path(__file__).resolve().parents[3]
LONG_LIST = ROOT / "tests" / "fixtures" / "pdf" / "long-list" / "long-list.md"
MM = 72 / 25.4


@pytest.fixture(scope="module")
def seed_files(build_seed, seed_article) -> tuple[Path, Path]:
    """(the seed's A5 reading-order PDF, its booklet), built with --booklet."""
    folder = build_seed("pdf", paper="a5", booklet=True) / seed_article.slug
    return folder / f"{seed_article.slug}.pdf", folder / f"{seed_article.slug}-booklet.pdf"


@pytest.fixture(scope="module")
def eight_pages(tmp_path_factory) -> tuple[Path, Path]:
    """(the long-list fixture on A5: eight pages, its booklet)."""
    out = tmp_path_factory.mktemp("long-list-booklet")
    build_article(LONG_LIST, out, "pdf", paper="a5", booklet=True)
    return out / "long-list" / "long-list.pdf", out / "long-list" / "long-list-booklet.pdf"


@pytest.fixture(scope="module")
def five_pages(seed_files, tmp_path_factory) -> tuple[Path, Path]:
    """(the seed's first five A5 pages as a leaflet of their own, its booklet)."""
    folder = tmp_path_factory.mktemp("five-pages")
    leaflet = folder / "five.pdf"
    with pikepdf.open(seed_files[0]) as pdf:
        del pdf.pages[5:]
        pdf.save(leaflet)
    booklet = folder / "five-booklet.pdf"
    booklet.write_bytes(
        impose_booklet(
            leaflet.read_bytes(), title="Five", accessible_name="five.pdf", language="en-GB"
        )
    )
    return leaflet, booklet


def _page_texts(path: Path) -> list[str]:
    """Each page's text (pypdf), without white space."""
    return [_squeeze(page.extract_text()) for page in PdfReader(path).pages]


def _half_texts(path: Path) -> list[tuple[str, str]]:
    """(left half's text, right half's text) of each sheet side, without white space.

    Each half is read on its own: a copy of the sheet keeps only the drawing of the
    pages placed in that half (``q ... cm ... Do Q``, told apart by where ``cm`` moves
    them), and pypdf reads its text.
    """
    sides = []
    with pikepdf.open(path) as pdf:
        for index, sheet in enumerate(pdf.pages):
            middle = float(sheet.mediabox[2]) / 2
            groups: list[list] = []
            for operands, operator in pikepdf.parse_content_stream(sheet):
                if str(operator) == "q":
                    groups.append([])
                groups[-1].append(pikepdf.ContentStreamInstruction(operands, operator))
            halves = []
            for left in (True, False):
                kept = [op for group in groups if (_offset(group) < middle) == left for op in group]
                sheet.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
                out = io.BytesIO()
                pdf.save(out)
                halves.append(_squeeze(PdfReader(out).pages[index].extract_text()))
            sides.append(tuple(halves))
    return sides


def _offset(group: list) -> float:
    """How far right a ``q ... Q`` group moves what it draws (its ``cm``'s e)."""
    return next(float(op.operands[4]) for op in group if str(op.operator) == "cm")


def _squeeze(text: str) -> str:
    return "".join(text.split())


def test_booklet_order_pads_to_a_multiple_of_four():
    assert booklet_order(5) == [(None, 1), (2, None), (None, 3), (4, 5)]
    assert booklet_order(8) == [(8, 1), (2, 7), (6, 3), (4, 5)]
    assert booklet_order(1) == [(None, 1), (None, None)]
    sides = booklet_order(12)
    assert sides[:2] == [(12, 1), (2, 11)]
    assert sorted(n for side in sides for n in side) == list(range(1, 13))


@pytest.mark.parametrize(
    ("leaflet", "count"), [("five_pages", 5), ("eight_pages", 8), ("seed_files", 7)]
)
def test_each_half_sheet_shows_the_expected_a5_page(leaflet, count, request):
    reading_order, booklet = request.getfixturevalue(leaflet)
    pages = _page_texts(reading_order)
    assert len(pages) == count and len(set(pages)) == count  # every page tells apart
    sides = _half_texts(booklet)
    order = booklet_order(len(pages))
    assert len(sides) == len(order) and len(sides) % 2 == 0
    assert len(sides) == -(-len(pages) // 4) * 2  # two sides per sheet, four pages a sheet
    placed = zip(order, sides, strict=True)
    for number, ((left, right), (left_text, right_text)) in enumerate(placed, 1):
        assert left_text == (pages[left - 1] if left else ""), f"side {number}, left"
        assert right_text == (pages[right - 1] if right else ""), f"side {number}, right"
    # Sheet 1, front: the last page (or a blank) on the left, page 1 on the right.
    assert sides[0][1] == pages[0]
    if len(pages) % 4 == 0:
        assert sides[0][0] == pages[-1]


def test_sheets_are_a4_landscape_and_pages_keep_their_size(seed_files):
    reading_order, booklet = seed_files
    with pikepdf.open(booklet) as pdf:
        for sheet in pdf.pages:
            width, height = (float(v) for v in sheet.mediabox[2:])
            assert (width / MM, height / MM) == (pytest.approx(297, abs=0.5), pytest.approx(210))
            # Each A5 page is placed at its own size (A5 is exactly half of A4).
            for operands, operator in pikepdf.parse_content_stream(sheet):
                if str(operator) == "cm":
                    assert [float(v) for v in operands[:4]] == pytest.approx([1, 0, 0, 1])


def test_booklet_says_it_is_for_printing_and_names_the_accessible_file(seed_files, seed_article):
    reading_order, booklet = seed_files
    note = f"booklet for printing; the accessible version is {reading_order.name}"
    with pikepdf.open(booklet) as pdf:
        assert str(pdf.docinfo.Title) == f"{seed_article.title} ({note})"
        assert note in str(pdf.docinfo.Subject)
        assert pdf.Root.ViewerPreferences.Duplex == pikepdf.Name.DuplexFlipShortEdge
        assert "/StructTreeRoot" not in pdf.Root  # not tagged: the reading-order file is
    with pikepdf.open(reading_order) as pdf:
        assert "/StructTreeRoot" in pdf.Root
    record = json.loads((booklet.parent / "build.json").read_text())
    assert "accessible" in record["files"][booklet.name]["label"]


def test_the_reading_order_pdf_stays_clean(seed_files, validators):
    assert validators.pdf_structure(seed_files[0]) == []


@pytest.mark.validator
def test_pdfua_finds_nothing_in_the_reading_order_pdf(seed_files, validators):
    report = validators.pdfua(seed_files[0])
    assert report["summary"]["findings"] == 0, report["findings"]


def test_booklet_needs_a5_paper(capsys):
    assert main(["build", "--format", "pdf", "--booklet", "--out", "unused"]) != 0
    assert "--booklet" in capsys.readouterr().err
    assert main(["build", "--paper", "a5", "--print-marks", "--booklet"]) != 0


def test_the_large_print_page_does_not_link_the_booklet():
    booklet = FORMATS["pdf"].files[1]
    assert booklet.name("x") == "x-booklet.pdf" and booklet.link_text == ""


@pytest.mark.slow
def test_both_files_are_byte_identical_across_processes(seed_files, tmp_path, seed_article):
    """A second build in a fresh process gives the same bytes for both PDFs."""
    source = ROOT / "source" / f"{seed_article.slug}.md"
    result = run_build(source, tmp_path, "--format", "pdf", "--paper", "a5", "--booklet")
    assert result.returncode == 0, result.stderr
    for built in seed_files:
        assert (tmp_path / seed_article.slug / built.name).read_bytes() == built.read_bytes()
    again = impose_booklet(
        seed_files[0].read_bytes(),
        title=seed_article.title,
        accessible_name=seed_files[0].name,
        language=seed_article.language,
    )
    assert again == seed_files[1].read_bytes()
    assert io.BytesIO(again).getvalue().count(b"/CreationDate") == 0


def test_a_rebuild_without_booklet_drops_the_old_booklet(tmp_path):
    """A booklet left from an earlier build would no longer match the new leaflet."""
    build_article(LONG_LIST, tmp_path, "pdf", paper="a5", booklet=True)
    folder = tmp_path / "long-list"
    assert (folder / "long-list-booklet.pdf").is_file()
    build_article(LONG_LIST, tmp_path, "html")  # another format: the booklet stays
    assert (folder / "long-list-booklet.pdf").is_file()
    build_article(LONG_LIST, tmp_path, "pdf", paper="a5")
    assert not (folder / "long-list-booklet.pdf").exists()
    record = json.loads((folder / "build.json").read_text())
    assert sorted(record["files"]) == ["long-list-large-print.html", "long-list.pdf"]
