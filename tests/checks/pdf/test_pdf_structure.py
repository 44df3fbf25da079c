"""PDF/UA-1 prerequisites on the built leaflet, and proof that each check can fail.

The built file must pass; WeasyPrint's own output before the tagging repair, and
built files tampered with in one respect, must each be reported.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from ssri_docs.checks.pdf import heading_levels, problems
from ssri_docs.pdf_tree import structure_elements
from ssri_docs.writers.pdf import layout as pdf_writer
from ssri_docs.writers.pdf.tagging import repair_tagging


@pytest.fixture(scope="module")
def built_pdf(build_seed, seed_article) -> Path:
    return build_seed("pdf") / seed_article.slug / f"{seed_article.slug}.pdf"


@pytest.fixture(scope="module")
def unrepaired_pdf(seed_article, tmp_path_factory) -> Path:
    """What WeasyPrint writes on its own, before ``repair_tagging``."""
    document = pdf_writer.lay_out(seed_article)
    path = tmp_path_factory.mktemp("unrepaired") / "weasyprint-only.pdf"
    path.write_bytes(document.write_pdf(pdf_variant=pdf_writer.PDF_VARIANT))
    return path


def _tampered(source: Path, target: Path, change) -> Path:
    with pikepdf.open(source) as pdf:
        change(pdf)
        pdf.save(target)
    return target


def test_the_built_leaflet_has_no_problems(built_pdf, validators):
    assert validators.pdf_structure(built_pdf) == []


@pytest.mark.validator
def test_pdfua_checker_reports_no_errors(built_pdf, validators):
    report = validators.pdfua(built_pdf)
    assert report["summary"]["errors"] == 0, report["findings"]
    assert report["summary"]["rules_run"] >= 10


def test_headings_are_in_order_from_one_h1(built_pdf):
    with pikepdf.open(built_pdf) as pdf:
        levels = heading_levels(pdf.Root.StructTreeRoot)
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False))


def test_every_figure_has_alt_text_including_the_qr_code(built_pdf, seed_article):
    with pikepdf.open(built_pdf) as pdf:
        figures = [e for e in structure_elements(pdf.Root.StructTreeRoot) if e.tag == "/Figure"]
        alts = [str(figure.node.get("/Alt", "")) for figure in figures]
    assert figures and all(alt.strip() for alt in alts)
    assert pdf_writer.qr_alt_text(seed_article.site.downloads_url) in alts


def test_the_qr_code_is_vector_graphics(built_pdf):
    """No raster image anywhere in the seed leaflet: the QR code is drawn with paths."""
    with pikepdf.open(built_pdf) as pdf:
        for page in pdf.pages:
            for xobject in page.obj.Resources.get("/XObject", {}).values():
                assert xobject.get("/Subtype") != pikepdf.Name.Image


def test_running_header_and_footer_are_pagination_artifacts(built_pdf):
    """Each page's header and footer text sits in /Artifact with /Pagination subtype."""
    with pikepdf.open(built_pdf) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            subtypes = set()
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "BDC" and operands[0] == pikepdf.Name.Artifact:
                    properties = operands[1]
                    if properties.get("/Type") == pikepdf.Name.Pagination:
                        subtypes.add(str(properties.get("/Subtype")))
            expected = {"/Footer"} if number == 1 else {"/Header", "/Footer"}
            assert subtypes == expected, f"page {number}: {subtypes}"


# --- The checks catch what they claim to catch ---------------------------------


def test_weasyprint_alone_leaves_the_running_header_untagged(unrepaired_pdf):
    """Kozea/WeasyPrint#1836: the reason for the repair, seen by the check."""
    found = problems(unrepaired_pdf)
    orphans = [p for p in found if "is not in the structure tree and not an artifact" in p]
    with pikepdf.open(unrepaired_pdf) as pdf:
        pages = len(pdf.pages)
    assert len({p.split(":")[0] for p in orphans}) == pages  # every page has a footer
    # The other thing the repair fixes: list items holding a paragraph beside the label.
    assert set(found) - set(orphans) == {"a list item (LI) holds /Lbl, /P"}


def test_the_repair_fixes_weasyprint_output(unrepaired_pdf, tmp_path):
    repaired = tmp_path / "repaired.pdf"
    repaired.write_bytes(repair_tagging(unrepaired_pdf.read_bytes()))
    assert problems(repaired) == []


def test_text_outside_marked_content_is_reported(built_pdf, tmp_path):
    def add_untagged_text(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0]
        font = next(iter(page.obj.Resources.Font.keys()))
        page.contents_add(pdf.make_stream(f"BT {font} 12 Tf 72 72 Td (x) Tj ET".encode()))

    path = _tampered(built_pdf, tmp_path / "untagged.pdf", add_untagged_text)
    assert "page 1: 1 drawing operations outside any marked content" in problems(path)


def test_a_figure_without_alt_is_reported(built_pdf, tmp_path):
    def drop_alt(pdf: pikepdf.Pdf) -> None:
        for element in structure_elements(pdf.Root.StructTreeRoot):
            if element.tag == "/Figure":
                del element.node["/Alt"]

    path = _tampered(built_pdf, tmp_path / "no-alt.pdf", drop_alt)
    assert "figure 1 has no alternate text (/Alt)" in problems(path)


def test_a_skipped_heading_level_is_reported(built_pdf, tmp_path):
    def h3_to_h5(pdf: pikepdf.Pdf) -> None:
        for element in structure_elements(pdf.Root.StructTreeRoot):
            if element.tag == "/H3":
                element.node.S = pikepdf.Name("/H5")

    path = _tampered(built_pdf, tmp_path / "skip.pdf", h3_to_h5)
    assert "a heading skips from H2 to H5" in problems(path)


def test_missing_identification_is_reported(built_pdf, tmp_path):
    def strip(pdf: pikepdf.Pdf) -> None:
        del pdf.Root["/Lang"]
        pdf.Root.ViewerPreferences.DisplayDocTitle = False
        del pdf.Root["/Metadata"]
        del pdf.Root["/MarkInfo"]

    found = problems(_tampered(built_pdf, tmp_path / "bare.pdf", strip))
    assert "the catalog has no /Lang (document language)" in found
    assert "/ViewerPreferences /DisplayDocTitle is not true" in found
    assert "the XMP metadata does not say pdfuaid:part=1" in found
    assert "/MarkInfo /Marked is not true" in found


def test_a_list_item_without_a_body_is_reported(built_pdf, tmp_path):
    def unwrap_bodies(pdf: pikepdf.Pdf) -> None:
        for element in structure_elements(pdf.Root.StructTreeRoot):
            if element.tag == "/LBody":
                element.node.S = pikepdf.Name("/P")

    found = problems(_tampered(built_pdf, tmp_path / "li.pdf", unwrap_bodies))
    assert any(p.startswith("a list item (LI) holds") for p in found)


def test_an_unembedded_font_is_reported(built_pdf, tmp_path):
    def unembed(pdf: pikepdf.Pdf) -> None:
        font = next(iter(pdf.pages[0].obj.Resources.Font.values()))
        del font.DescendantFonts[0].FontDescriptor["/FontFile2"]

    found = problems(_tampered(built_pdf, tmp_path / "font.pdf", unembed))
    assert any("is not embedded" in p for p in found)


def test_an_untagged_link_annotation_is_reported(built_pdf, tmp_path):
    def untag(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                del annotation["/StructParent"]
                return

    found = problems(_tampered(built_pdf, tmp_path / "link.pdf", untag))
    assert any(p.startswith("a link annotation on page") for p in found)


def test_the_repair_is_reproducible(unrepaired_pdf):
    data = unrepaired_pdf.read_bytes()
    assert repair_tagging(data) == repair_tagging(data)


def test_a_header_cell_without_scope_and_a_dangling_header_name_are_found(tmp_path):
    """Tamper with a table the writer tagged right: the check must notice."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "writers" / "pdf"))
    from constructs import constructs_article

    from ssri_docs.checks.pdf.tables import table_problems
    from ssri_docs.writers.pdf.layout import lay_out, write_pdf

    article = constructs_article(tmp_path)
    path = tmp_path / "constructs.pdf"
    path.write_bytes(write_pdf(lay_out(article), article))
    with pikepdf.open(path) as pdf:
        root = pdf.Root.StructTreeRoot
        elements = list(structure_elements(root))
        assert table_problems(root, elements) == []
        header = next(e for e in elements if e.tag == "/TH")
        del header.node.A["/Scope"]
        data = next(e for e in elements if e.tag == "/TD")
        data.node.A.Headers = pikepdf.Array([pikepdf.String("nowhere")])
        found = table_problems(root, elements)
    assert "header cell 1 (TH) has no /Scope (Matterhorn 15-003)" in found
    assert any("names header 'nowhere'" in problem for problem in found)
