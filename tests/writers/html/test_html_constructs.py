"""Every issue-10 construct on the large-print page, read back from the built file's DOM."""

from __future__ import annotations

import json

import pytest
from lxml import html as lxml_html

from ol_numbering import counted_labels
from ssri_docs.checks.html import read_text
from ssri_docs.model import ListBlock, Table, iter_blocks

URDU = "یہ معلومات اردو میں بھی دستیاب ہے۔ کاپی کے لیے ہمیں فون کریں۔"


@pytest.fixture(scope="module")
def dom(constructs_page):
    return lxml_html.fromstring(constructs_page.read_bytes())


def _text(element) -> str:
    return " ".join(element.text_content().split())


def test_tables_keep_caption_sections_scopes_and_spans(dom, constructs):
    tables = dom.xpath("//main//table")
    models = [b for b in iter_blocks(constructs.blocks) if isinstance(b, Table)]
    assert len(tables) == len(models) == 3
    doses, tablets, contacts = tables
    assert _text(doses.find("caption")) == "Weekly doses of sertraline"
    assert [th.get("scope") for th in doses.xpath("thead/tr/th")] == ["col"] * 3
    assert doses.xpath("tbody/tr/th") == []  # a pipe table's body holds data cells only

    assert _text(tablets.find("caption")) == "Tablets taken in the first month"
    sertraline = tablets.xpath("tbody/tr[1]/th")[0]
    assert (_text(sertraline), sertraline.get("scope"), sertraline.get("rowspan")) == (
        "Sertraline", "row", "2")  # fmt: skip
    assert [_text(c) for c in tablets.xpath("tbody/tr[2]/*")] == ["3–4", "28"]  # spans not padded
    spanning = tablets.xpath("tbody/tr[3]/td")[0]
    assert spanning.get("colspan") == "2" and "NHS page" in _text(spanning)
    total = tablets.xpath("tfoot/tr/th")[0]
    assert (total.get("scope"), total.get("colspan")) == ("row", "2")
    assert tablets.xpath("tfoot/tr/td/sup/text()") == ["3"]

    # A header-less table stays header-less: no thead, no th, no promoted first row.
    assert contacts.xpath("thead|.//th|caption") == []
    assert [_text(td) for td in contacts.xpath("tbody/tr[1]/td")] == ["Helpline", "0333 212 7890"]


def test_every_table_scrolls_in_a_named_region(dom):
    labels = [box.get("aria-label") for box in dom.xpath("//div[@class='table-scroll']")]
    assert labels == [
        "Table 1: Weekly doses of sertraline",
        "Table 2: Tablets taken in the first month",
        "Table 3: Helpline, 0333 212 7890",  # no caption or header row: its first row
    ]
    for box in dom.xpath("//div[@class='table-scroll']"):
        assert (box.get("role"), box.get("tabindex")) == ("region", "0")


def test_list_numbers_counted_from_the_attributes_equal_the_model(dom, constructs):
    lists = dom.xpath("//main//ol[not(ancestor::nav) and not(ancestor::section)]")
    models = [b for b in iter_blocks(constructs.blocks) if isinstance(b, ListBlock) and b.ordered]
    assert len(lists) == len(models) == 4
    for element, model in zip(lists, models, strict=True):
        attributes = {name: value for name, value in element.attrib.items()}
        assert counted_labels(attributes, len(element.findall("li"))) == model.labels()
    assert [counted_labels(dict(ol.attrib), len(ol)) for ol in lists] == [
        ("3.", "4.", "5."), ("3.", "2.", "1."), ("a.", "b."), ("i.", "ii.", "iii.")
    ]  # fmt: skip


def test_line_breaks_preformatted_text_and_verse(dom, constructs_page):
    paragraph = dom.xpath("//main//p[contains(., 'Write the score.')]")[0]
    assert len(paragraph.findall("br")) == 1
    address = dom.xpath("//main//li[contains(., 'Silverstone House')]")[0]
    assert len(address.findall("br")) == 2
    pre = dom.xpath("//main//pre")[0]
    assert pre.text_content() == (
        "Time     Score   Note\n09:00    7       before work\n21:00    3       after walk"
    )
    verse = dom.xpath("//main//p[@class='verse']")[0]
    assert len(verse.findall("br")) == 3
    assert [line.strip() for line in verse.text_content().split("\n")][0] == (
        "Breathe in slowly, counting to four."
    )
    lines = read_text(constructs_page).splitlines()
    assert "Time Score Note" in lines and "Rest." in lines and "Derby DE1 1AB" in lines


def test_large_print_pre_wraps_and_sup_sub_stay_large(constructs_page):
    css = constructs_page.read_text(encoding="utf-8")
    assert "white-space: pre-wrap" in css
    # Body text is 18 pt; raised and lowered text at 0.9 em stays at 16.2 pt.
    assert "sup, sub { font-size: 0.9em;" in css
    for family in ("Noto Sans Arabic", "Noto Naskh Arabic", "Noto Sans CJK SC",
                   "Noto Sans Bengali", "Noto Sans Gurmukhi", "Noto Sans Gujarati",
                   "Noto Color Emoji"):  # fmt: skip
        assert f'"{family}"' in css


def test_figures_captions_links_and_decoration(dom):
    figures = dom.xpath("//main//figure")
    assert len(figures) == 3
    plain, linked, decorative = figures
    assert _text(plain.find("figcaption")).startswith("The gap between two nerve cells")
    link = linked.find("a")
    assert link.get("href") == "https://www.nhs.uk/service-search/"
    assert link.find("img").get("alt") == "Find a service near you"
    assert _text(linked.find("figcaption")) == "Find an NHS talking therapy service"
    image = decorative.find("img")
    # alt="" is the presentation role in HTML; the Nu checker forbids repeating it.
    assert (image.get("alt"), image.get("role")) == ("", None)
    data = json.loads(dom.xpath("//script[@type='application/ld+json']")[0].text)
    assert "alternativeText" in data["accessibilityFeature"]  # decorative is not missing


def test_superscript_subscript_and_definition_list(dom):
    first = dom.xpath("//main//p[contains(., 'SSRIs are the medicines')]")[0]
    assert first.xpath("sup/text()") == ["1", "2"] and first.xpath("sub/text()") == ["2"]
    glossary = dom.xpath("//main//dl")[0]
    assert [child.tag for child in glossary] == ["dt", "dd", "dt", "dd", "dd"]
    assert [_text(dt) for dt in glossary.findall("dt")] == ["SSRI", "Serotonin"]


def test_languages_and_directions(dom):
    passages = dom.xpath("//main//div[@lang]")
    assert [(d.get("lang"), d.get("dir")) for d in passages] == [("cy", "ltr"), ("ur", "rtl")]
    assert _text(passages[1]) == URDU
    spans = dom.xpath("//main//span[@lang]")
    assert [(s.get("lang"), s.get("dir")) for s in spans] == [
        ("cy", "ltr"), ("zh-Hans", "ltr"), ("pl", "ltr")
    ]  # fmt: skip
    assert _text(spans[1]) == "强迫症"
