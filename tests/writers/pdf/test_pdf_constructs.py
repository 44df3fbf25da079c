"""Issue 10's constructs in the print leaflet, read back from the built PDF's structure
tree and fonts: table scopes and headers, one Table per table, list numbers, captions,
languages of parts, definition lists, picture links and font coverage."""

from __future__ import annotations

import dataclasses
import io
import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest
from constructs import (
    BENGALI,
    CHINESE,
    GUJARATI,
    LISTS,
    POLISH,
    PUNJABI,
    TRADITIONAL,
    URDU,
    WELSH,
    constructs_article,
    p,
)
from pdf_reading import drawn_and_notdef, element_text, mcid_texts

from ssri_docs.model import ListBlock, iter_blocks
from ssri_docs.pdf_tree import kids, structure_elements, tag
from ssri_docs.products import ArticleProducts, BuildOptions
from ssri_docs.reporting import Reporter
from ssri_docs.source import load_article, load_site
from ssri_docs.writers import pdf as pdf_writer
from ssri_docs.writers.pdf.glyphs import missing_in_layout
from ssri_docs.writers.pdf.layout import PDF_VARIANT, lay_out, write_pdf
from ssri_docs.writers.pdf.struct_map import recording_elements

HERE = Path(__file__).resolve().parent
LONG_TABLE = HERE.parents[1] / "fixtures" / "articles" / "long-table"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, object]:
    folder = tmp_path_factory.mktemp("constructs")
    article = constructs_article(folder)
    document = lay_out(article)
    path = folder / "constructs.pdf"
    path.write_bytes(write_pdf(document, article))
    return path, document


@pytest.fixture(scope="module")
def tree(built):
    """(every structure element in reading order, its text by element)."""
    pdf = pikepdf.open(built[0])
    texts = mcid_texts(pdf)
    elements = list(structure_elements(pdf.Root.StructTreeRoot))

    def text(element, page=None) -> str:  # a pdf_tree.Element, or a node and its page
        if hasattr(element, "node"):
            return element_text(element.node, texts, element.page)
        return element_text(element, texts, page)

    yield pdf, elements, text
    pdf.close()


@pytest.fixture(scope="module")
def long_table_pdf(tmp_path_factory) -> Path:
    article = load_article(LONG_TABLE / "long-table.md", load_site(LONG_TABLE / "site.yaml"))
    path = tmp_path_factory.mktemp("long-table") / "long-table.pdf"
    path.write_bytes(write_pdf(lay_out(article), article))
    return path


def test_every_structure_element_is_recorded(built):
    """struct_map relies on WeasyPrint 70's private ``_build_box_tree``: every element
    but the Document and the text runs WeasyPrint makes inside a box is recorded."""
    with recording_elements() as elements:
        data = built[1].write_pdf(pdf_variant=PDF_VARIANT)
    assert elements
    with pikepdf.open(io.BytesIO(data)) as pdf:
        unrecorded = {
            e.tag for e in structure_elements(pdf.Root.StructTreeRoot) if "/SsriRef" not in e.node
        }
    assert unrecorded <= {"/Document", "/Span"}


def test_no_private_key_is_left_in_the_file(built):
    with pikepdf.open(built[0]) as pdf:
        marked = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/SsriRef" in o]
    assert marked == []


def _table_attributes(element) -> dict:
    found = element.node.get("/A")
    for attributes in found if isinstance(found, pikepdf.Array) else [found]:
        if attributes is not None and attributes.get("/O") == pikepdf.Name.Table:
            return attributes
    return {}


def test_header_cells_carry_their_scope(tree):
    _, elements, text = tree
    scopes = {text(e): str(_table_attributes(e).get("/Scope")) for e in elements if e.tag == "/TH"}
    assert scopes["Medicine"] == scopes["Week"] == scopes["Tablets"] == "/Column"
    assert scopes["Sertraline"] == scopes["Fluoxetine"] == scopes["Total"] == "/Row"
    assert all(scope in ("/Column", "/Row", "/Both") for scope in scopes.values())


def test_data_cells_name_their_headers_across_spans(tree):
    pdf, elements, text = tree
    ids = {str(e.node.ID): text(e) for e in elements if e.tag == "/TH"}
    headers = {
        text(e): [ids[str(h)] for h in _table_attributes(e).get("/Headers", [])]
        for e in elements
        if e.tag == "/TD"
    }
    assert headers["Not started yet"] == ["Week", "Tablets", "Fluoxetine"]
    assert headers["28"] == ["Tablets", "Sertraline"]  # below a rowspan
    assert headers["42"] == ["Tablets", "Total"]  # a footer row after a colspan
    names = pdf.Root.StructTreeRoot.IDTree.Names
    assert {str(names[i]) for i in range(0, len(names), 2)} == set(ids)


def test_a_long_table_is_one_table_with_its_header_read_once(long_table_pdf):
    with pikepdf.open(long_table_pdf) as pdf:
        assert len(pdf.pages) > 1
        elements = list(structure_elements(pdf.Root.StructTreeRoot))
        tags = [e.tag for e in elements]
        assert tags.count("/Table") == 1 and tags.count("/THead") == 1
        assert tags.count("/TH") == 3
        assert tags.count("/TR") == 81  # the header row and 80 days
        texts = mcid_texts(pdf)
        days = [element_text(e.node, texts, e.page) for e in elements if e.tag == "/TR"]
        assert days[1].startswith("1") and days[-1].startswith("80")
        # The header row is printed on every page: as an artifact after the first.
        pages = {e.page.objgen for e in elements if e.tag == "/TR"}
        first = elements[[e.tag for e in elements].index("/TR")].page.objgen
        assert len(pages) > 1
        for page in pages - {first}:
            assert "DayDoseWhen" in texts.get((page, -1), "").replace(" ", "")


def test_a_header_less_table_stays_header_less(tree):
    _, elements, text = tree
    rows = [text(e) for e in elements if e.tag == "/P" and text(e).startswith("Helpline")]
    assert rows == ["Helpline0333 212 7890"]
    assert not [e for e in elements if e.tag == "/TH" and text(e) == "Helpline"]


def test_printed_list_numbers_equal_the_source(tree):
    _, elements, text = tree
    lists = [e for e in elements if e.tag == "/L"]
    printed = []
    for element in lists:
        labels = [
            text(label, element.page).strip()
            for item in kids(element.node)
            for label in kids(item)
            if tag(label) == "/Lbl"
        ]
        printed.append(tuple(labels))
    for source in LISTS:
        assert source.labels() in printed
    assert ("3.", "4.", "5.") in printed and ("3.", "2.", "1.") in printed
    assert ("a.", "b.") in printed and ("i.", "ii.", "iii.", "iv.") in printed


def test_captions_are_tagged_caption(tree):
    _, elements, text = tree
    captions = [text(e) for e in elements if e.tag == "/Caption"]
    assert "Weekly doses of sertraline" in captions
    assert "Tablets taken in the first month" in captions
    assert "The gap between two nerve cells" in captions
    for element in elements:
        if element.tag == "/Caption" and text(element) == "The gap between two nerve cells":
            siblings = [str(k.get("/S")) for k in kids(element.node.P)]
            assert str(element.node.P.S) == "/Div" and "/Figure" in siblings


def test_languages_of_parts_are_on_their_elements(tree):
    _, elements, text = tree
    # Compared without white space: a passage may wrap, and a line end reads back as "\n".
    langs = {(str(e.node.Lang), "".join(text(e).split())) for e in elements if "/Lang" in e.node}
    assert ("cy", "".join(WELSH.split())) in langs
    assert any(lang == "ur" for lang, _ in langs)
    assert ("zh-Hans", CHINESE) in langs and ("zh-Hant", TRADITIONAL) in langs
    assert ("pl", "".join(POLISH.split())) in langs
    urdu = next(e for e in elements if str(e.node.get("/Lang")) == "ur")
    assert str(urdu.node.ActualText) == URDU  # the logical text, whatever the shaping


def test_definition_terms_label_their_definitions(tree):
    _, elements, text = tree
    items = [e for e in elements if e.tag == "/LI" and text(e).startswith("Serotonin")]
    assert len(items) == 1
    parts = [(str(k.S), text(k, items[0].page)) for k in kids(items[0].node)]
    assert [role for role, _ in parts] == ["/Lbl", "/LBody"]
    assert parts[0][1] == "Serotonin"
    assert "A chemical messenger." in parts[1][1] and "Also found in the gut." in parts[1][1]


def test_a_picture_link_is_one_link_described_by_the_picture(tree):
    _, elements, _ = tree
    links = [e for e in elements if e.tag == "/Link" and "/Figure" in map(tag, kids(e.node))]
    assert len(links) == 1
    annotations = [
        k.Obj
        for k in kids(links[0].node)
        if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == pikepdf.Name.OBJR
    ]
    assert annotations and {str(a.Contents) for a in annotations} == {"Find a service near you"}
    assert str(annotations[0].A.URI) == "https://www.nhs.uk/service-search/"


def test_only_described_pictures_are_figures(tree):
    _, elements, _ = tree
    figures = [e for e in elements if e.tag == "/Figure"]
    assert all("/Alt" in e.node for e in figures)
    alts = {str(e.node.Alt) for e in figures}
    assert {"Two nerve cells", "Find a service near you"} <= alts
    assert len(figures) == 3  # the two pictures and the QR code: the border is an artifact


def test_sup_sub_and_line_breaks_are_kept(tree):
    _, elements, text = tree
    paragraphs = [text(e) for e in elements if e.tag == "/P"]
    # A space at a line's end is not drawn: compare without spaces.
    squeezed = [t.replace(" ", "") for t in paragraphs]
    assert "SSRIstreatOCD.1BreatheoutCO2slowly.Croeso:Mae'rwybodaethhonargael." in squeezed
    assert any(t.startswith("Time     Score   Note") for t in paragraphs)  # spacing kept


def test_every_character_is_drawn_with_a_real_glyph(built):
    path, document = built
    drawn, notdef = drawn_and_notdef(path)
    text = WELSH + URDU + CHINESE + TRADITIONAL + POLISH + BENGALI + PUNJABI + GUJARATI + "💊"
    letters = {c for c in text if not c.isspace() and c not in "\u200c\u200d"}
    # Indic conjuncts and ligatures are drawn as one glyph whose text is the cluster.
    assert letters - drawn == set()
    assert notdef == set()
    assert missing_in_layout(document) == []


def test_a_character_without_a_font_is_named_at_build_time(tmp_path):
    article = constructs_article(tmp_path)
    article = dataclasses.replace(article, blocks=(p("Private use: \ue000 here."),))
    article.source_path.write_text("---\n---\n\nPrivate use: \ue000 here.\n", encoding="utf-8")
    stream = io.StringIO()
    products = ArticleProducts(article, BuildOptions(), Reporter(stream=stream), tmp_path, ("pdf",))
    pdf_writer.write(article, products)
    warning = stream.getvalue()
    assert "U+E000" in warning and "<p" in warning
    assert f"line 4 of {article.source_path}" in warning


def test_two_builds_give_the_same_bytes_with_an_emoji(tmp_path):
    """fontTools stamps the re-saved colour emoji font with the time unless
    SOURCE_DATE_EPOCH is set: the writer sets it from the article's last review."""
    script = (
        "import sys, hashlib; from pathlib import Path; sys.path.insert(0, sys.argv[1]);"
        "from constructs import constructs_article;"
        "from ssri_docs.writers.pdf.layout import lay_out, write_pdf;"
        "a = constructs_article(Path(sys.argv[2]));"
        "print(hashlib.sha256(write_pdf(lay_out(a), a)).hexdigest())"
    )
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    digests = set()
    folder = tmp_path / "article"  # pictures are named by their path: keep it
    for _ in range(2):
        folder.mkdir(exist_ok=True)
        result = subprocess.run(
            [sys.executable, "-c", script, str(HERE), str(folder)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        digests.add(result.stdout.strip())
    assert len(digests) == 1
    assert "SOURCE_DATE_EPOCH" not in os.environ  # set only while writing


def test_the_structure_check_finds_nothing(built, long_table_pdf, validators):
    assert validators.pdf_structure(built[0]) == []
    assert validators.pdf_structure(long_table_pdf) == []


@pytest.mark.validator
def test_pdfua_finds_nothing_including_table_scope(built, long_table_pdf, validators):
    for path in (built[0], long_table_pdf):
        report = validators.pdfua(path)
        assert report["summary"]["findings"] == 0, report["findings"]
        assert not [f for f in report["findings"] if f["rule_id"] == "UA-15-003"]


# --- The source fixture, through the Markdown parser ------------------------------

CONSTRUCTS = HERE.parents[1] / "fixtures" / "articles" / "constructs"


@pytest.fixture(scope="module")
def source_fixture(tmp_path_factory):
    """(the constructs fixture's article, its built PDF)."""
    article = load_article(CONSTRUCTS / "constructs.md", load_site(CONSTRUCTS / "site.yaml"))
    document = lay_out(article)
    assert missing_in_layout(document) == []
    path = tmp_path_factory.mktemp("source-fixture") / "constructs.pdf"
    path.write_bytes(write_pdf(document, article))
    return article, path


def test_the_source_fixture_prints_what_its_source_says(source_fixture):
    article, path = source_fixture
    with pikepdf.open(path) as pdf:
        texts = mcid_texts(pdf)
        elements = list(structure_elements(pdf.Root.StructTreeRoot))

        def text(element) -> str:
            return element_text(element.node, texts, element.page)

        scopes = [str(_table_attributes(e).get("/Scope")) for e in elements if e.tag == "/TH"]
        assert scopes and all(scope in ("/Column", "/Row") for scope in scopes)
        assert "/Row" in scopes
        printed = [
            tuple(
                element_text(label, texts, e.page).strip()
                for item in kids(e.node)
                for label in kids(item)
                if tag(label) == "/Lbl"
            )
            for e in elements
            if e.tag == "/L"
        ]
        for block in iter_blocks(article.blocks):
            if isinstance(block, ListBlock) and block.ordered:
                assert block.labels() in printed
        captions = {text(e) for e in elements if e.tag == "/Caption"}
        assert "Weekly doses of sertraline" in captions
        assert "The gap between two nerve cells, called the synapse" in captions
        langs = {str(e.node.Lang) for e in elements if "/Lang" in e.node}
        assert {"cy", "ur", "zh-Hans", "pl"} <= langs
    drawn, notdef = drawn_and_notdef(path)
    assert notdef == set()
    assert {"ہ", "۔", "强", "ł"} <= drawn  # Urdu, Chinese and Polish letters


@pytest.mark.validator
def test_pdfua_finds_nothing_in_the_source_fixture(source_fixture, validators):
    report = validators.pdfua(source_fixture[1])
    assert report["summary"]["findings"] == 0, report["findings"]
    assert validators.pdf_structure(source_fixture[1]) == []
