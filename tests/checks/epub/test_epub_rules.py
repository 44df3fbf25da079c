"""The e-book's built-in checks: each rule passes a good book and catches its fault."""

from __future__ import annotations

import pytest

from ssri_docs.checks.epub import check_documents

NAV = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"
 lang="en-GB" xml:lang="en-GB"><head><title>Contents</title></head><body>
<nav epub:type="toc"><h1>Contents</h1><ol><li><a href="one.xhtml">One</a></li></ol></nav>
<nav epub:type="landmarks" hidden="hidden"><ol>
<li><a epub:type="bodymatter" href="one.xhtml">One</a></li></ol></nav>
</body></html>"""

PAGE = """<?xml version="1.0" encoding="UTF-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"
 lang="en-GB" xml:lang="en-GB"><head><title>One</title></head><body>
<section epub:type="chapter"><h1 id="one">One</h1><h2 id="two">Two</h2>
<p id="b_1"><img src="images/a.png" alt="A drawing"/>
<a href="https://www.nhs.uk/">NHS</a> <a href="#two">back</a></p></section>
</body></html>"""


def _check(page: str = PAGE, nav: str = NAV) -> list[str]:
    documents = {"nav.xhtml": nav.encode(), "one.xhtml": page.encode()}
    return [str(p) for p in check_documents(documents, language="en-GB", nav_name="nav.xhtml")]


def test_a_good_book_passes():
    assert _check() == []


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (' lang="en-GB" xml:lang="en-GB"', "", "lang/xml:lang are (None, None)"),
        ('alt="A drawing"', 'alt=""', "has no text description"),
        ('alt="A drawing"', "", "has no text description"),
        ('<h2 id="two">Two</h2>', '<h3 id="two">Two</h3>', "skips from h1 to h3"),
        ('<h2 id="two">Two</h2>', '<h1 id="two">Two</h1>', "exactly one h1"),
        ("<p id", "<script>alert(1)</script><p id", "has a <script> element"),
        ('<a href="#two">', '<a href="#two" onclick="steal()">', "event handler (onclick)"),
        ('href="https://www.nhs.uk/"', 'href="javascript:alert(1)"', "is not allowed"),
        ('src="images/a.png"', 'src="https://example.org/a.png"', "is not allowed"),
        ('<section epub:type="chapter">', '<section epub:type="chapter" id="c">', "epub:type"),
        ('href="#two"', 'href="#three"', "points to no element"),
        ('href="#two"', 'href="two.xhtml"', "points to no document"),
        ("<section", "<section", ""),  # unchanged: the control case
    ],
)
def test_each_rule_catches_its_fault(old, new, expected):
    assert old in PAGE
    problems = _check(PAGE.replace(old, new, 1))
    if expected:
        assert any(expected in p for p in problems), problems
        assert all(p.startswith("one.xhtml: ") for p in problems)
    else:
        assert problems == []


PAGE_LIST = """<nav epub:type="page-list" hidden="hidden"><ol>
<li><a href="one.xhtml#page_1">1</a></li></ol></nav>
</body>"""
MARKER = '<span role="doc-pagebreak" epub:type="pagebreak" id="page_1" aria-label="Page 1"/>'


def test_a_page_break_may_carry_an_id():
    page = PAGE.replace("<p id", MARKER + "<p id")
    assert _check(page, NAV.replace("</body>", PAGE_LIST)) == []


@pytest.mark.parametrize(
    ("marker", "page_list", "expected"),
    [
        (MARKER, "</body>", "1 page breaks but 0 page lists"),
        (MARKER.replace("page_1", "page_2"), PAGE_LIST, "does not link to the page break"),
        ("", PAGE_LIST, "which is no page break"),
    ],
)
def test_the_page_list_and_the_page_breaks_must_agree(marker, page_list, expected):
    page = PAGE.replace("<p id", marker + "<p id")
    problems = _check(page, NAV.replace("</body>", page_list))
    assert any(expected in p for p in problems), problems


def test_the_contents_must_list_every_document_with_a_heading():
    nav = NAV.replace('<li><a href="one.xhtml">One</a></li>', "")
    assert any("do not list one.xhtml" in p for p in _check(nav=nav))


def test_the_landmarks_must_be_there():
    nav = NAV.split('<nav epub:type="landmarks"')[0] + "</body></html>"
    assert any("landmarks" in p for p in _check(nav=nav))


def test_a_document_that_is_not_xml_is_reported():
    assert any("not well-formed" in p for p in _check(PAGE.replace("</p>", "", 1)))


def test_scripts_and_handlers_are_marked_unsafe_and_missing_alt_is_not():
    page = PAGE.replace("<p id", "<script>x()</script><p id").replace('alt="A drawing"', "")
    documents = {"nav.xhtml": NAV.encode(), "one.xhtml": page.encode()}
    problems = check_documents(documents, language="en-GB", nav_name="nav.xhtml")
    assert {(p.unsafe, "<script>" in p.message) for p in problems} == {(True, True), (False, False)}
