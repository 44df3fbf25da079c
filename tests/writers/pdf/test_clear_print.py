"""Clear print on every paper, read back from the built leaflets' text layer: body size,
line length, page breaks (headings, lists, widows, the disclaimer, the back matter)."""

from __future__ import annotations

from pathlib import Path

import pytest
from print_lines import HEADINGS, body_size, last_lines, lines, list_item_pages

from conftest import build_article
from ssri_docs.wording import BACK_MATTER_HEADINGS

ROOT = Path(__file__).resolve().parents[3]
LONG_LIST = ROOT / "tests" / "fixtures" / "pdf" / "long-list" / "long-list.md"
PAPERS = ("a4", "a5")


@pytest.fixture(scope="module")
def long_list_pdfs(tmp_path_factory) -> dict[str, Path]:
    """{paper: the built fixture with four lists (4, 12, 5 and 9 items)}, built on use."""
    return {}


@pytest.fixture(
    scope="module",
    params=[(kind, paper) for kind in ("seed", "long list") for paper in PAPERS],
    ids=lambda param: f"{param[0]}-{param[1]}",
)
def leaflet(request, build_seed, seed_article, long_list_pdfs, tmp_path_factory) -> Path:
    """The seed article and the long-list fixture, each on A4 and on A5."""
    kind, paper = request.param
    if kind == "seed":
        return _seed_pdf(build_seed, seed_article, paper)
    if paper not in long_list_pdfs:
        out = tmp_path_factory.mktemp(f"long-list-{paper}")
        build_article(LONG_LIST, out, "pdf", paper=paper)
        long_list_pdfs[paper] = out / "long-list" / "long-list.pdf"
    return long_list_pdfs[paper]


def _seed_pdf(build_seed, seed_article, paper: str) -> Path:
    return build_seed("pdf", paper=paper) / seed_article.slug / f"{seed_article.slug}.pdf"


def test_body_paragraphs_are_14pt(leaflet):
    """The median size of the characters of body paragraphs (/P), on A4 and on A5."""
    assert body_size(lines(leaflet)) == pytest.approx(14, abs=0.05)


def test_lines_of_body_text_stay_within_70_characters(leaflet):
    body = [line.text for line in lines(leaflet) if line.tag == "/P"]
    longest = max(body, key=len)
    assert len(longest) <= 70, longest


def test_no_page_ends_with_a_heading(leaflet):
    found = lines(leaflet)
    heading_texts = {line.text for line in found if line.tag in HEADINGS}
    for page, line in last_lines(found).items():
        assert line.tag not in HEADINGS, f"page {page + 1} ends with the heading {line.text!r}"
        assert line.text not in heading_texts, f"page {page + 1} ends with {line.text!r}"


def test_no_list_is_split_after_its_first_item_or_before_its_last(leaflet):
    lists = list_item_pages(leaflet)
    assert lists, "the leaflet has lists"
    for items in lists:
        assert all(first == last for first, last in items), f"a list item is split: {items}"
        if len(items) > 1:
            assert items[0][1] == items[1][0], f"split after the first item: {items}"
            assert items[-2][1] == items[-1][0], f"split before the last item: {items}"


def test_no_paragraph_leaves_one_line_alone_on_a_page(leaflet):
    """No widow or orphan: a paragraph split over pages has at least two lines each side."""
    per_page: dict[int, dict[int, int]] = {}
    for line in lines(leaflet):
        if line.tag == "/P":
            per_page.setdefault(line.element, {}).setdefault(line.page, 0)
            per_page[line.element][line.page] += 1
    for element, pages in per_page.items():
        if len(pages) > 1:
            assert min(pages.values()) >= 2, f"paragraph {element}: lines per page {pages}"


def test_the_disclaimer_box_is_on_one_page(leaflet):
    found = lines(leaflet)
    (heading,) = [line for line in found if line.text == BACK_MATTER_HEADINGS["disclaimer"]]
    text = next(line for line in found[found.index(heading) + 1 :] if line.tag == "/P")
    pages = {line.page for line in found if line.element == text.element}
    assert pages == {heading.page}, "the disclaimer runs over a page break"


def test_the_last_page_is_not_the_other_formats_box_alone(leaflet):
    """Short back-matter sections share the last page: the last box never stands alone."""
    found = lines(leaflet)
    last_page = found[-1].page
    headings = [line.text for line in found if line.page == last_page and line.tag == "/H2"]
    assert BACK_MATTER_HEADINGS["other_formats"] in headings
    assert len(headings) >= 2, f"the last page holds only {headings}"


def test_a5_has_more_pages_than_a4(build_seed, seed_article):
    """The A5 leaflet is set at the same size, not shrunk: it runs to more pages."""
    counts = {
        paper: max(line.page for line in lines(_seed_pdf(build_seed, seed_article, paper))) + 1
        for paper in PAPERS
    }
    assert counts["a5"] > counts["a4"], counts


def test_the_structure_check_stays_clean(leaflet, validators):
    assert validators.pdf_structure(leaflet) == []


@pytest.mark.validator
def test_pdfua_stays_clean(leaflet, validators):
    report = validators.pdfua(leaflet)
    assert report["summary"]["findings"] == 0, report["findings"]
