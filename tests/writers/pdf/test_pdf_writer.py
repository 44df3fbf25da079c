"""The print leaflet, read back from the built PDF: what a clinic prints and hands over."""

from __future__ import annotations

import dataclasses
import io
import json
import re
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from conftest import run_build
from ssri_docs.checks.parity import missing, normalise, skeleton
from ssri_docs.checks.pdf import bookmarks, problems, read_text
from ssri_docs.errors import BuildError
from ssri_docs.model import Heading
from ssri_docs.products import ArticleProducts, BuildOptions
from ssri_docs.reporting import Reporter
from ssri_docs.source import load_article, load_site
from ssri_docs.wording import (
    DISCLAIMER_HEADING,
    OTHER_FORMATS_HEADING,
    REFERENCES_HEADING,
    RELATED_HEADING,
    format_date,
    inline_text,
    review_dates_line,
)
from ssri_docs.writers import pdf as pdf_writer
from ssri_docs.writers.pdf import layout as pdf_layout

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = ROOT / "tests" / "fixtures" / "pdf" / "rich" / "leaflet-features.md"
MM = 72 / 25.4  # PDF points per millimetre


@pytest.fixture(scope="module")
def a4_pdf(build_seed, seed_article) -> Path:
    return build_seed("pdf") / seed_article.slug / f"{seed_article.slug}.pdf"


@pytest.fixture(scope="module")
def a5_pdf(build_seed, seed_article) -> Path:
    return build_seed("pdf", paper="a5") / seed_article.slug / f"{seed_article.slug}.pdf"


@pytest.fixture(scope="module")
def marks_pdf(build_seed, seed_article) -> Path:
    out = build_seed("pdf", print_marks=True)
    return out / seed_article.slug / f"{seed_article.slug}.pdf"


@pytest.fixture(scope="module")
def rich_article():
    return load_article(FIXTURE, load_site(ROOT / "source" / "site.yaml"))


def _context(article, **options) -> ArticleProducts:
    return ArticleProducts(
        article=article,
        options=BuildOptions(**options),
        reporter=Reporter(quiet=True),
        output_dir=Path("unused"),
        formats=("pdf",),
    )


def _page_texts(path: Path) -> list[tuple[str, str]]:
    """(content text, artifact text) for every page, read through marked content."""
    pages = []
    for page in PdfReader(path).pages:
        open_tags: list[str] = []
        content: list[str] = []
        artifacts: list[str] = []

        def before(operator, operands, cm, tm, open_tags=open_tags):
            if operator in (b"BDC", b"BMC"):
                open_tags.append(str(operands[0]))
            elif operator == b"EMC" and open_tags:
                open_tags.pop()

        def text(value, cm, tm, font, size, open_tags=open_tags, c=content, a=artifacts):
            (a if "/Artifact" in open_tags else c).append(value)

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        pages.append((" ".join("".join(content).split()), " ".join("".join(artifacts).split())))
    return pages


def _text_with_addresses_whole(path: Path) -> str:
    """The reading-order text, white space normalised. An address too long for its line
    wraps after a slash ("https://" | "www..."), and the reader gives each line on its
    own: the halves are joined again."""
    return normalise(re.sub(r"(?<=/)[ \t]*\n\s*", "", read_text(path)))


def _text_sizes(path: Path) -> Counter:
    """Characters shown at each effective font size (points, rounded to 0.1)."""
    sizes: Counter = Counter()
    for page in PdfReader(path).pages:

        def text(value, cm, tm, font, size, sizes=sizes):
            if not value.strip():
                return
            # Effective size: the font size scaled by the text and current matrices.
            scale_y = abs(tm[2] * cm[1] + tm[3] * cm[3])
            sizes[round(size * scale_y, 1)] += len(value.strip())

        page.extract_text(visitor_text=text)
    return sizes


# --- What the leaflet says ---------------------------------------------------


def test_text_read_back_has_disclaimer_references_and_dates(a4_pdf, seed_article):
    text = read_text(a4_pdf)
    absent = missing(text, seed_article)
    assert not absent, "; ".join(f"{m.what} ({m.text!r})" for m in absent)
    body = normalise(text)
    assert review_dates_line(seed_article.last_reviewed, seed_article.next_review) in body
    for reference in seed_article.references:
        assert reference.url in body, f"the full address {reference.url} is not printed"


def test_first_page_says_what_this_is(a4_pdf, seed_article):
    first_page, _ = _page_texts(a4_pdf)[0]
    assert first_page.startswith(f"{seed_article.site.publisher} {seed_article.title}")
    # The seed's summary is its opening paragraph (WordPress's automatic excerpt), so
    # page 1 says it once, as the text's start (where a line may break "Re-|uptake").
    assert skeleton(seed_article.summary) in skeleton(first_page)
    assert format_date(seed_article.last_reviewed) in first_page


def test_every_page_numbered_and_titled_outside_the_content(a4_pdf, seed_article):
    pages = _page_texts(a4_pdf)
    assert len(pages) >= 2
    for number, (content, artifacts) in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in artifacts
        assert "Page " not in content.replace("Downloads page", "")
        if number > 1:
            assert seed_article.title in artifacts, f"no running title on page {number}"


def test_every_link_prints_its_address_and_still_works(a4_pdf, seed_article):
    text = _text_with_addresses_whole(a4_pdf)
    link_targets = set()
    with pikepdf.open(a4_pdf) as pdf:
        for page in pdf.pages:
            for annotation in page.obj.get("/Annots", []):
                link_targets.add(str(annotation.A.URI))
    body_link = "https://www.ocduk.org/overcoming-ocd/cognitive-behavioural-therapy/"
    expected = {
        body_link,
        seed_article.site.downloads_url,
        *(reference.url for reference in seed_article.references),
    }
    for address in expected:
        assert address in text, f"{address} is not printed"
        assert address in link_targets, f"{address} is not a working link"
    assert f"Cognitive Behavioural Therapy (CBT) ({body_link})" in text


def test_disclaimer_and_other_formats_sections(a4_pdf, seed_article):
    text = _text_with_addresses_whole(a4_pdf)
    assert f"{DISCLAIMER_HEADING} {normalise(seed_article.disclaimer)}" in text
    assert f"{OTHER_FORMATS_HEADING} {normalise(seed_article.site.other_formats)}" in text
    assert f"Downloads page: {seed_article.site.downloads_url}" in text
    references = text.index(REFERENCES_HEADING)
    assert all(text.find(normalise(r.title), references) > 0 for r in seed_article.references)


def test_disclaimer_is_drawn_in_a_box(a4_pdf):
    """A 2 pt black frame (two rectangles filled even-odd) on the disclaimer's page."""
    pages = _page_texts(a4_pdf)
    index = next(i for i, (content, _) in enumerate(pages) if DISCLAIMER_HEADING in content)
    frames = []
    with pikepdf.open(a4_pdf) as pdf:
        rectangles: list[list[float]] = []
        for operands, operator in pikepdf.parse_content_stream(pdf.pages[index]):
            name = str(operator)
            if name == "re":
                rectangles.append([float(v) for v in operands])
            elif name == "f*" and len(rectangles) >= 2:
                inner, outer = rectangles[-2], rectangles[-1]
                frames.append(inner[0] - outer[0])
            if name not in ("re", "q", "gs", "rg"):
                rectangles = [] if name != "re" else rectangles
    # Page coordinates are CSS pixels (0.75 pt): a 2 pt border is 2.667 units wide.
    assert any(width == pytest.approx(2 / 0.75, abs=0.01) for width in frames), frames


# --- Clear print ------------------------------------------------------------


def test_a4_body_is_14pt_and_nothing_below_12pt(a4_pdf):
    sizes = _text_sizes(a4_pdf)
    body_size, _ = sizes.most_common(1)[0]
    assert body_size == pytest.approx(14, abs=0.1)
    assert min(sizes) >= 12 - 0.05, f"text below 12 pt: {sorted(sizes)[:3]}"


def test_a5_builds_with_14pt_body_on_a5_pages(a5_pdf):
    sizes = _text_sizes(a5_pdf)
    assert sizes.most_common(1)[0][0] == pytest.approx(14, abs=0.1)
    assert min(sizes) >= 12 - 0.05
    with pikepdf.open(a5_pdf) as pdf:
        width, height = (float(v) for v in pdf.pages[0].mediabox[2:])
    assert (width / MM, height / MM) == (pytest.approx(148, abs=0.5), pytest.approx(210, abs=0.5))
    assert problems(a5_pdf) == []


def test_fonts_are_embedded_liberation_sans_with_a_real_bold(a4_pdf):
    """Both faces are embedded TrueType programs: the bold is Liberation's own bold."""
    names = set()
    with pikepdf.open(a4_pdf) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.Font.values():
                descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
                program = descendant.FontDescriptor.FontFile2.read_bytes()
                names.add(TTFont(io.BytesIO(program))["name"].getDebugName(4))
    assert names == {"Liberation Sans", "Liberation Sans Bold"}


# --- Paper and print shop ---------------------------------------------------


def test_default_file_has_no_bleed(a4_pdf):
    with pikepdf.open(a4_pdf) as pdf:
        page = pdf.pages[0].obj
        assert list(page.MediaBox) == list(page.get("/TrimBox", page.MediaBox))
        width, height = float(page.MediaBox[2]), float(page.MediaBox[3])
    assert (width / MM, height / MM) == (pytest.approx(210, abs=0.5), pytest.approx(297, abs=0.5))


def test_print_marks_give_a_trim_box_inside_a_3mm_bleed_box(marks_pdf):
    with pikepdf.open(marks_pdf) as pdf:
        for page in pdf.pages:
            trim = [float(v) for v in page.obj.TrimBox]
            bleed = [float(v) for v in page.obj.BleedBox]
            media = [float(v) for v in page.obj.MediaBox]
            assert bleed[0] < trim[0] and bleed[1] < trim[1]
            assert bleed[2] > trim[2] and bleed[3] > trim[3]
            for outer, inner in zip(bleed, trim, strict=True):
                assert abs(outer - inner) == pytest.approx(3 * MM, abs=0.05)
            assert media[0] <= bleed[0] and media[2] >= bleed[2]
            assert (trim[2] - trim[0]) / MM == pytest.approx(210, abs=0.5)
    assert problems(marks_pdf) == []


def test_crop_marks_are_artifacts_only_in_the_marked_file(a4_pdf, marks_pdf):
    """WeasyPrint draws the marks as a form of strokes, placed inside an artifact."""

    def artifact_forms_with_strokes(path: Path) -> int:
        count = 0
        with pikepdf.open(path) as pdf:
            page = pdf.pages[0]
            open_tags: list[str] = []
            for operands, operator in pikepdf.parse_content_stream(page):
                name = str(operator)
                if name in ("BDC", "BMC"):
                    open_tags.append(str(operands[0]))
                elif name == "EMC" and open_tags:
                    open_tags.pop()
                elif name == "Do" and "/Artifact" in open_tags:
                    form = page.obj.Resources.XObject[operands[0]]
                    if form.get("/Subtype") == pikepdf.Name.Form:
                        ops = [str(op) for _, op in pikepdf.parse_content_stream(form)]
                        count += bool({"S", "s", "B", "B*", "b", "b*"} & set(ops))
        return count

    assert artifact_forms_with_strokes(marks_pdf) >= 1
    assert artifact_forms_with_strokes(a4_pdf) == 0


# --- Accessible PDF ---------------------------------------------------------


def test_metadata_comes_from_the_source(a4_pdf, seed_article):
    with pikepdf.open(a4_pdf) as pdf:
        info = pdf.docinfo
        assert str(info.Title) == seed_article.title
        assert str(info.Author) == seed_article.site.publisher
        assert str(info.Subject) == seed_article.summary
        assert "OCD" in str(info.Keywords).split(", ")
        assert str(info.CreationDate).startswith("D:" + seed_article.published.strftime("%Y%m%d"))
        assert str(info.ModDate).startswith("D:" + seed_article.last_reviewed.strftime("%Y%m%d"))
        assert str(pdf.Root.Lang) == "en-GB"
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle)
        metadata = pdf.open_metadata(set_pikepdf_as_editor=False)
        assert str(metadata["pdfuaid:part"]) == "1"
        assert str(metadata["dc:title"]) == seed_article.title
        assert seed_article.site.publisher in str(metadata["dc:creator"])
        assert str(metadata["xmp:CreateDate"]).startswith(seed_article.published.isoformat())


def test_bookmarks_follow_the_headings(a4_pdf, seed_article):
    expected = [(1, seed_article.title)]
    expected += [
        (block.level, inline_text(block.children))
        for block in seed_article.blocks
        if isinstance(block, Heading)
    ]
    expected += [(2, DISCLAIMER_HEADING), (2, REFERENCES_HEADING)]
    if seed_article.related.previous or seed_article.related.next:
        expected.append((2, RELATED_HEADING))
    expected.append((2, OTHER_FORMATS_HEADING))
    assert bookmarks(a4_pdf) == expected


def test_the_leaflet_is_laid_out_once_and_its_page_openings_serve_the_epub(
    seed_article, monkeypatch
):
    laid_out = []
    real_lay_out = pdf_layout.lay_out
    monkeypatch.setattr(
        pdf_layout, "lay_out", lambda *args, **kw: laid_out.append(1) or real_lay_out(*args, **kw)
    )
    products = _context(seed_article)
    pdf_writer.write(seed_article, products)
    layout = products.leaflet_layout  # what the EPUB's page list reads
    assert len(laid_out) == 1, "the PDF writer and the EPUB share one layout"
    starts: dict[str, int] = {}
    for opening in layout.page_breaks:
        if opening.begins:
            starts.setdefault(opening.anchor, opening.page)
    assert starts["leaflet-title"] == 1
    assert starts["leaflet-disclaimer"] >= max(starts.values()) - 1
    ids = [block.id for block in seed_article.blocks if isinstance(block, Heading)]
    assert all(heading_id in starts for heading_id in ids)
    assert [starts[i] for i in ids] == sorted(starts[i] for i in ids)


# --- Reproducible -----------------------------------------------------------


@pytest.mark.slow
def test_two_builds_are_byte_identical_across_processes(a4_pdf, tmp_path, seed_article):
    """A second build in a fresh process gives the same bytes (no clock, no random id)."""
    result = run_build(ROOT / "source" / f"{seed_article.slug}.md", tmp_path, "--format", "pdf")
    assert result.returncode == 0, result.stderr
    rebuilt = tmp_path / seed_article.slug / a4_pdf.name
    assert rebuilt.read_bytes() == a4_pdf.read_bytes()
    manifest = json.loads((tmp_path / seed_article.slug / "build.json").read_text())
    entry = manifest["files"][a4_pdf.name]
    assert (entry["label"], entry["media_type"]) == ("Print leaflet (PDF)", "application/pdf")


# --- A richer article: pictures, tables, lists, links -----------------------


@pytest.fixture(scope="module")
def rich_pdf(rich_article, tmp_path_factory) -> Path:
    (output,) = pdf_writer.write(rich_article, _context(rich_article))
    path = tmp_path_factory.mktemp("rich-pdf") / output.name
    path.write_bytes(output.data)
    return path


def test_rich_article_passes_the_structure_checks(rich_pdf):
    assert problems(rich_pdf) == []


def test_pictures_tables_and_lists_are_tagged(rich_pdf):
    from ssri_docs.pdf_tree import structure_elements

    with pikepdf.open(rich_pdf) as pdf:
        elements = list(structure_elements(pdf.Root.StructTreeRoot))
        tags = Counter(e.tag for e in elements)
        alts = [str(e.node.get("/Alt", "")) for e in elements if e.tag == "/Figure"]
    assert "Two nerve cells drawn as circles, with dots crossing the gap between them" in alts
    assert len(alts) == 2, "only the described picture and the QR code are figures"
    assert tags["/Table"] == 1 and tags["/TH"] == 2 and tags["/TD"] == 4
    assert tags["/L"] >= 3 and tags["/LBody"] >= tags["/LI"]
    assert tags["/Caption"] == 1


def test_mailto_and_internal_links_print_sensibly(rich_pdf):
    text = normalise(read_text(rich_pdf))
    assert "our helpline team (support@example.org)" in text
    assert "Go back to the lists." in text  # a link within the leaflet has no address
    assert "mailto:" not in text


def test_long_address_breaks_but_reads_back_whole(rich_pdf, rich_article):
    long_url = rich_article.references[1].url
    text = read_text(rich_pdf)
    assert long_url not in " ".join(text.split()), "expected the address to wrap on A4"
    assert long_url in text.replace("\n", "")


def test_weasyprint_error_records_fail_the_build(seed_article):
    """An empty language is only logged by WeasyPrint; here it stops the build."""
    broken = dataclasses.replace(seed_article, language="")
    with pytest.raises(BuildError) as caught:
        pdf_writer.write(broken, _context(broken))
    message = str(caught.value)
    assert "lang" in message
    assert "how-ssri-work.md" in message
    assert "What to do" in message


def test_unknown_paper_size_is_a_clear_error(seed_article):
    with pytest.raises(BuildError, match="paper size 'a3'"):
        pdf_writer.write(seed_article, _context(seed_article, paper="a3"))


def test_keywords_list_each_term_once(seed_article):
    words = pdf_layout.keywords(seed_article)
    assert words[0] == seed_article.site.publisher
    folded = [w.casefold().rstrip("s").replace("’", "") for w in words]
    assert len(folded) == len(set(folded))
    assert "OCD" in words


def _cover_text(article) -> str:
    (output,) = pdf_writer.write(article, _context(article))
    first_page = PdfReader(io.BytesIO(output.data)).pages[0].extract_text()
    return " ".join(first_page.split())


def test_a_summary_that_is_the_opening_paragraph_is_printed_once(seed_article):
    """WordPress's automatic excerpt is the start of the text: the cover leaves it out
    rather than print the same sentence twice in a row."""
    opening = "We do not know exactly why or how Selective Serotonin"
    assert seed_article.summary.startswith(opening)
    assert _cover_text(seed_article).count(opening) == 1


def test_a_summary_of_its_own_is_printed_on_the_cover(seed_article):
    own = dataclasses.replace(seed_article, summary="How a group of medicines helps with OCD.")
    cover = _cover_text(own)
    assert "How a group of medicines helps with OCD." in cover
    assert cover.count("We do not know exactly why or how Selective Serotonin") == 1


def test_the_leaflet_layout_says_when_it_starts_and_what_it_made(seed_article):
    """A long article's layout takes minutes: the build says what runs, then the page
    count and the time it took (issue 11)."""
    stream = io.StringIO()
    products = ArticleProducts(
        seed_article, BuildOptions(paper="letter"), Reporter(stream=stream), Path("unused"), ()
    )
    pages = len(products.leaflet_layout.document.pages)
    lines = stream.getvalue().splitlines()
    assert lines[0] == (
        f"  leaflet layout: laying out on LETTER paper "
        f"({len(seed_article.blocks):,} blocks of text)\N{HORIZONTAL ELLIPSIS}"
    )
    assert re.fullmatch(rf"  leaflet layout: {pages} pages on LETTER paper in \d+\.\d s", lines[1])
    assert len(lines) == 2
