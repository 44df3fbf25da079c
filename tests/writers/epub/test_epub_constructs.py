"""Every issue-10 construct in the e-book, read back from the XHTML inside the built zip."""

from __future__ import annotations

import zipfile

import pytest
from lxml import etree

from ol_numbering import counted_labels
from ssri_docs.checks.epub import check_epub, read_spine, read_text
from ssri_docs.model import ListBlock, iter_blocks
from ssri_docs.writers.epub import render_epub

URDU = "یہ معلومات اردو میں بھی دستیاب ہے۔ کاپی کے لیے ہمیں فون کریں۔"
X = {"x": "http://www.w3.org/1999/xhtml", "opf": "http://www.idpf.org/2007/opf"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def book(constructs, tmp_path_factory):
    path = tmp_path_factory.mktemp("constructs-epub") / "constructs.epub"
    path.write_bytes(render_epub(constructs).data)
    return path


@pytest.fixture(scope="module")
def body(book):
    """Every spine document's body, in reading order, under one root."""
    root = etree.Element("{http://www.w3.org/1999/xhtml}book")
    for document in read_spine(book):
        root.append(etree.fromstring(document.data).find("x:body", X))
    return root


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _all(body, path: str):
    return body.xpath(path, namespaces=X)


def test_tables_keep_caption_sections_scopes_and_spans(body):
    doses, tablets, contacts = _all(body, "//x:table")
    assert _text(doses.find("x:caption", X)) == "Weekly doses of sertraline"
    assert [th.get("scope") for th in doses.xpath("x:thead/x:tr/x:th", namespaces=X)] == ["col"] * 3
    assert _text(tablets.find("x:caption", X)) == "Tablets taken in the first month"
    first = tablets.xpath("x:tbody/x:tr[1]/*", namespaces=X)
    assert (first[0].tag.endswith("th"), first[0].get("scope"), first[0].get("rowspan")) == (
        True, "row", "2")  # fmt: skip
    second = tablets.xpath("x:tbody/x:tr[2]/*", namespaces=X)
    assert [_text(cell) for cell in second] == ["3–4", "28"]
    assert tablets.xpath("x:tbody/x:tr[3]/x:td/@colspan", namespaces=X) == ["2"]
    total = tablets.xpath("x:tfoot/x:tr/x:th", namespaces=X)[0]
    assert (total.get("scope"), total.get("colspan"), _text(total)) == ("row", "2", "Total")
    assert contacts.xpath("x:thead|.//x:th|x:caption", namespaces=X) == []
    # Body rows keep the ids the print leaflet's page breaks are found by.
    assert all(row.get("id") for row in tablets.xpath("x:tbody/x:tr", namespaces=X))


def test_list_numbers_counted_from_the_attributes_equal_the_model(body, constructs):
    lists = _all(body, "//x:ol[starts-with(@id, 'b_')]")  # the article's own lists
    models = [b for b in iter_blocks(constructs.blocks) if isinstance(b, ListBlock) and b.ordered]
    assert len(lists) == len(models) == 4
    for element, model in zip(lists, models, strict=True):
        items = element.findall("x:li", X)
        assert counted_labels(dict(element.attrib), len(items)) == model.labels()
    assert lists[1].get("reversed") == "reversed"  # XHTML spells the boolean attribute out


def test_line_breaks_preformatted_text_and_verse(body, book):
    assert len(_all(body, "//x:p[contains(., 'Write the score.')]/x:br")) == 1
    assert len(_all(body, "//x:li[contains(., 'Silverstone')]//x:br")) == 2
    (pre,) = _all(body, "//x:pre")
    assert "".join(pre.itertext()) == (
        "Time     Score   Note\n09:00    7       before work\n21:00    3       after walk"
    )
    (verse,) = _all(body, "//x:p[@class='verse']")
    assert len(verse.findall("x:br", X)) == 3
    lines = read_text(book).splitlines()
    assert "09:00 7 before work" in lines and "Rest." in lines
    assert "1–2" in lines and "50 mg" in lines  # table cells never run together


def test_figures_captions_links_and_decoration(body, book, constructs):
    plain, linked, decorative = _all(body, "//x:figure")
    assert _text(plain.find("x:figcaption", X)).startswith("The gap between two nerve cells")
    link = linked.find("x:a", X)
    assert link.get("href") == "https://www.nhs.uk/service-search/"
    assert link.find("x:img", X).get("alt") == "Find a service near you"
    image = decorative.find("x:img", X)
    assert (image.get("alt"), image.get("role")) == ("", "presentation")
    # A decorative picture is described correctly: the book still claims alternativeText.
    with zipfile.ZipFile(book) as archive:
        opf = etree.fromstring(archive.read("EPUB/content.opf"))
    features = opf.xpath("//opf:meta[@property='schema:accessibilityFeature']/text()", namespaces=X)
    assert "alternativeText" in features
    assert check_epub(book, constructs.language) == []


def test_superscript_subscript_and_definition_list(body):
    (first,) = _all(body, "//x:p[contains(., 'SSRIs are the medicines')]")
    assert first.xpath("x:sup/text()", namespaces=X) == ["1", "2"]
    assert first.xpath("x:sub/text()", namespaces=X) == ["2"]
    (glossary,) = _all(body, "//x:dl")
    assert [etree.QName(child).localname for child in glossary] == ["dt", "dd", "dt", "dd", "dd"]


def test_languages_and_directions(body):
    passages = _all(body, "//x:div[@lang]")
    assert [(d.get(XML_LANG), d.get("lang"), d.get("dir")) for d in passages] == [
        ("cy", "cy", "ltr"), ("ur", "ur", "rtl")
    ]  # fmt: skip
    assert _text(passages[1]) == URDU
    spans = _all(body, "//x:span[@lang]")
    assert [(s.get(XML_LANG), s.get("lang"), s.get("dir")) for s in spans] == [
        ("cy", "cy", "ltr"), ("zh-Hans", "zh-Hans", "ltr"), ("pl", "pl", "ltr")
    ]  # fmt: skip
