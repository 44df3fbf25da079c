"""The structure-tree walker shared by the tagging repair and the PDF/UA check, on a
small tree built by hand: reading order, each node once, and which page each marked
content is on."""

from __future__ import annotations

import pikepdf
import pytest
from pikepdf import Array, Dictionary, Name

from ssri_docs.pdf_tree import kids, reachable_content, structure_elements, tag


@pytest.fixture
def tree():
    """Document (page 1) > H1 [MCID 0], P (page 2) [MCID 1, MCR 2 on page 1],
    Link [OBJR, MCID 3]; the Link also lists the Document again (a loop)."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.add_blank_page()
    first, second = pdf.pages[0].obj, pdf.pages[1].obj

    def element(structure_type: str, **entries) -> Dictionary:
        return pdf.make_indirect(
            Dictionary(Type=Name.StructElem, S=Name(structure_type), **entries)
        )

    document = element("/Document", Pg=first)
    heading = element("/H1", K=0)
    paragraph = element("/P", Pg=second, K=Array([1, Dictionary(Type=Name.MCR, Pg=first, MCID=2)]))
    link = element("/Link", K=Array([Dictionary(Type=Name.OBJR), 3, document]))
    document.K = Array([heading, paragraph, link])
    root = Dictionary(Type=Name.StructTreeRoot, K=document)
    yield root, first, second
    pdf.close()


def test_elements_come_in_reading_order_each_once(tree):
    root, first, second = tree
    elements = list(structure_elements(root))
    assert [e.tag for e in elements] == ["/Document", "/H1", "/P", "/Link"]
    # A kid's page is its own /Pg, else the nearest ancestor's.
    assert [e.page.objgen for e in elements] == [
        first.objgen,
        first.objgen,
        second.objgen,
        first.objgen,
    ]


def test_reachable_content_is_grouped_by_page(tree):
    root, first, second = tree
    assert reachable_content(root) == {first.objgen: {0, 2, 3}, second.objgen: {1}}


def test_kids_and_tag_read_any_k_entry():
    single = Dictionary(S=Name.P, K=5)
    assert kids(single) == [5]
    assert kids(Dictionary(S=Name.P)) == []
    assert tag(single) == "/P"
    assert tag(Dictionary(Type=Name.MCR, MCID=1)) is None
    assert tag(pikepdf.Object.parse(b"3")) is None
