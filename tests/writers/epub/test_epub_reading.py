"""The e-book as a reader sees it: content documents rendered in Chromium.

E-reader users set large fonts and their own colours. The book's CSS must let those
settings win and must reflow on a small screen: checked here by rendering the built
documents at 320 CSS px wide with the text at 200 %, and with reader colours applied.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from ssri_docs.checks.html import CHROMIUM_ARGS

pytestmark = pytest.mark.browser

# What a reading system does when the reader picks large white text on black.
READER_SETTINGS = "html { font-size: 200% !important; color: #fff; background: #000; }"


@pytest.fixture(scope="module")
def unpacked(build_seed, seed_article, tmp_path_factory) -> Path:
    book = build_seed("epub") / seed_article.slug / f"{seed_article.slug}.epub"
    folder = tmp_path_factory.mktemp("epub-unpacked")
    with zipfile.ZipFile(book) as archive:
        archive.extractall(folder)
    return folder / "EPUB"


@pytest.fixture(scope="module")
def page(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path, args=list(CHROMIUM_ARGS)
        )
        page = browser.new_page(viewport={"width": 320, "height": 640})
        yield page
        browser.close()


@pytest.mark.parametrize(
    "document", ["section-02.xhtml", "references.xhtml", "colophon.xhtml", "nav.xhtml"]
)
def test_documents_reflow_at_320px_with_large_text(page, unpacked, document):
    page.goto((unpacked / document).as_uri())
    page.add_style_tag(content=READER_SETTINGS)
    overflow = page.evaluate(
        "() => document.scrollingElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{document} scrolls sideways by {overflow}px"
    size = page.evaluate(
        "() => parseFloat(getComputedStyle(document.querySelector('p, li')).fontSize)"
    )
    assert size >= 32  # 200 % of the 16 px default: the reader's size wins


def test_reader_colours_and_font_win(page, unpacked):
    page.goto((unpacked / "section-02.xhtml").as_uri())
    page.add_style_tag(content=READER_SETTINGS + " html { font-family: monospace; }")
    style = page.evaluate(
        """() => { const s = getComputedStyle(document.querySelector('p'));
                   const h = getComputedStyle(document.querySelector('h1'));
                   return [s.color, s.fontFamily, h.color,
                           getComputedStyle(document.body).backgroundColor]; }"""
    )
    assert style[0] == "rgb(255, 255, 255)" and style[2] == "rgb(255, 255, 255)"
    assert style[1] == "monospace"
    assert style[3] in ("rgba(0, 0, 0, 0)", "rgb(0, 0, 0)")  # no background of its own


def test_cover_page_shows_the_whole_cover(page, unpacked):
    page.set_viewport_size({"width": 600, "height": 900})
    page.goto((unpacked / "cover.xhtml").as_uri())
    box = page.evaluate(
        """() => { const img = document.querySelector('img');
                   return [img.complete && img.naturalWidth, img.getBoundingClientRect().width,
                           img.getBoundingClientRect().bottom]; }"""
    )
    page.set_viewport_size({"width": 320, "height": 640})
    assert box[0] == 1600  # the image loaded
    assert 0 < box[1] <= 600 and box[2] <= 900  # scaled to fit, not cropped
