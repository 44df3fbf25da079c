"""The large-print and downloads pages as Chromium shows them: sizes, contrast, reflow,
text spacing, focus, and axe-core's rules, in the light and the dark colour scheme."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_article, require_tool
from ssri_docs.checks.html import browser
from ssri_docs.downloads import render_downloads_page
from ssri_docs.reporting import Reporter
from ssri_docs.writers import BuildOptions

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[3]
FIGURE_ARTICLE = ROOT / "tests" / "fixtures" / "articles" / "with-figure" / "with-figure.md"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag2aaa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCHEMES = ["light", "dark"]
MIN_TEXT_PX = 16 * 4 / 3  # 16 pt
BODY_TEXT_PX = 24  # 18 pt
MIN_CONTRAST = 7.0


@pytest.fixture(scope="module")
def pages(build_seed, tmp_path_factory, seed_article, constructs_page) -> dict[str, Path]:
    """Every page under test: the seed page, a page with a picture and table, the page
    with every issue-10 construct, and the downloads pages (the seed's and one listing
    two articles in every format)."""
    seed_out = build_seed("html")
    figure_out = tmp_path_factory.mktemp("browser-figure")
    build_article(FIGURE_ARTICLE, figure_out, "html")
    full_index = figure_out / "full-index.html"
    full_index.write_bytes(render_downloads_page(_manifests_in_every_format()))
    slug = seed_article.slug
    return {
        "large-print": seed_out / slug / f"{slug}-large-print.html",
        "figure": figure_out / "with-figure" / "with-figure-large-print.html",
        "constructs": constructs_page,
        "downloads": seed_out / "index.html",
        "downloads-full": full_index,
    }


def _manifests_in_every_format() -> list[dict]:
    def files(slug: str) -> dict:
        return {
            f"{slug}-large-print.html": {"label": "Large-print web page (HTML)",
                                         "media_type": "text/html", "size": 14_000},
            f"{slug}.pdf": {"label": "Print leaflet (PDF)", "media_type": "application/pdf",
                            "size": 320_000},
            f"{slug}.epub": {"label": "E-book (EPUB)", "media_type": "application/epub+zip",
                             "size": 60_000},
            f"{slug}.mp3": {"label": "Audio recording (MP3)", "media_type": "audio/mpeg",
                            "size": 3_000_000, "duration": 312.4},
            f"{slug}.vtt": {"label": "Transcript (WebVTT)", "media_type": "text/vtt",
                            "size": 9_000},
        }  # fmt: skip

    return [
        {"slug": "one", "title": "How SSRIs work", "summary": "First.", "language": "en-GB",
         "files": files("one")},
        {"slug": "two", "title": "Medication side effects", "summary": "Second.",
         "language": "en-GB", "files": files("two")},
    ]  # fmt: skip


def _style_problems(styles: list[dict]) -> list[str]:
    problems = []
    for item in styles:
        where = f"<{item['tag']}> {item['text']!r}"
        if item["font_size"] < MIN_TEXT_PX - 0.01:
            problems.append(f"{where}: {item['font_size']}px is below 16pt")
        if item["line_height"] is None or item["line_height"] < 1.5 - 0.001:
            problems.append(f"{where}: line height {item['line_height']}")
        if item["contrast"] < MIN_CONTRAST:
            problems.append(f"{where}: contrast {item['contrast']:.2f}")
        if item["font_style"] != "normal":
            problems.append(f"{where}: {item['font_style']} text")
        if item["text_align"] not in ("left", "start"):
            problems.append(f"{where}: aligned {item['text_align']}")
        if not item["font_family"].rstrip().endswith("sans-serif"):
            problems.append(f"{where}: font {item['font_family']}")
    return problems


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("name", ["large-print", "figure", "constructs", "downloads-full"])
def test_text_is_large_spaced_sans_serif_and_high_contrast(chromium, pages, name, scheme, width):
    with chromium.open(pages[name], width=width, color_scheme=scheme) as page:
        styles = browser.text_styles(page)
        assert len(styles) > 10
        problems = _style_problems(styles)
        assert not problems, "\n".join(problems)
        paragraphs = [s for s in styles if s["tag"] == "p"]
        assert paragraphs and min(s["font_size"] for s in paragraphs) >= BODY_TEXT_PX
        assert not browser.has_horizontal_scroll(page), f"scrolls sideways at {width}px"


@pytest.mark.parametrize("name", ["large-print", "figure", "constructs", "downloads-full"])
def test_opening_a_page_fetches_nothing(chromium, pages, name):
    before = len(chromium.blocked_requests)
    with chromium.open(pages[name]) as page:
        page.wait_for_load_state("networkidle")
    assert chromium.blocked_requests[before:] == []


def test_network_check_notices_a_remote_image(chromium, tmp_path):
    page_path = tmp_path / "remote.html"
    page_path.write_text('<img src="https://tracker.example/p.png" alt="">', encoding="utf-8")
    before = len(chromium.blocked_requests)
    with chromium.open(page_path):
        pass
    assert chromium.blocked_requests[before:] == ["https://tracker.example/p.png"]
    del chromium.blocked_requests[before:]  # expected here; keep the module-end check clean


@pytest.mark.parametrize("scheme", SCHEMES)
def test_dark_scheme_really_is_dark(chromium, pages, scheme):
    with chromium.open(pages["large-print"], color_scheme=scheme) as page:
        paragraph = next(s for s in browser.text_styles(page) if s["tag"] == "p")
        background = sum(paragraph["background"]) / 3
        assert (background < 64) if scheme == "dark" else (background > 192)


def test_style_check_notices_small_low_contrast_text(chromium, pages):
    with chromium.open(pages["large-print"]) as page:
        page.add_style_tag(content="main p { font-size: 12px; color: #999 !important; }")
        problems = _style_problems(browser.text_styles(page))
        assert any("below 16pt" in p for p in problems)
        assert any("contrast" in p for p in problems)


def test_lines_are_at_most_70_characters(chromium, pages):
    with chromium.open(pages["large-print"], width=1600) as page:
        lengths = browser.line_lengths(page, "main p")
        assert max(lengths) <= 70
        assert max(lengths) >= 50, "the measure is far narrower than needed"


def test_paragraph_spacing_is_at_least_one_and_a_half_lines(chromium, pages):
    with chromium.open(pages["large-print"]) as page:
        spacing = page.evaluate(
            # the space between two paragraphs (a panel's last one needs no gap below)
            """() => [...document.querySelectorAll("main p:has(+ p)")].map((p) => {
                const s = getComputedStyle(p);
                return parseFloat(s.marginBottom) / parseFloat(s.lineHeight);
            })"""
        )
        assert len(spacing) >= 5 and min(spacing) >= 1.5


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize("name", ["large-print", "figure", "constructs", "downloads-full"])
def test_text_spacing_overrides_clip_nothing(chromium, pages, name, width):
    with chromium.open(pages[name], width=width) as page:
        height_before = page.evaluate("document.documentElement.scrollHeight")
        browser.apply_text_spacing(page)
        assert page.evaluate("document.documentElement.scrollHeight") >= height_before
        assert browser.clipped_elements(page) == []
        assert not browser.has_horizontal_scroll(page)


def test_clipping_check_notices_cut_off_text(chromium, pages):
    with chromium.open(pages["large-print"]) as page:
        page.add_style_tag(content="main p { height: 1.5em; overflow: hidden; }")
        assert browser.clipped_elements(page)


def test_horizontal_scroll_check_notices_a_wide_page(chromium, pages):
    with chromium.open(pages["large-print"], width=320) as page:
        page.add_style_tag(content="main p { min-width: 600px; }")
        assert browser.has_horizontal_scroll(page)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_keyboard_focus_is_visible(chromium, pages, scheme):
    with chromium.open(pages["large-print"], color_scheme=scheme) as page:
        page.keyboard.press("Tab")
        skip = page.evaluate(
            """() => {
                const e = document.activeElement, r = e.getBoundingClientRect();
                const s = getComputedStyle(e);
                return {text: e.textContent, top: r.top, bottom: r.bottom,
                        outline: parseFloat(s.outlineWidth), style: s.outlineStyle};
            }"""
        )
        assert skip["text"] == "Skip to main content"
        assert skip["top"] >= 0 and skip["bottom"] <= 900, "the skip link stays off-screen"
        assert skip["outline"] >= 3 and skip["style"] == "solid"
        focused = [s for s in browser.text_styles(page) if s["text"] == "Skip to main content"]
        assert focused and focused[0]["contrast"] >= MIN_CONTRAST
        page.keyboard.press("Enter")  # follow the skip link into the main content
        page.keyboard.press("Tab")
        link = page.evaluate(
            """() => {
                const e = document.activeElement, s = getComputedStyle(e);
                return {tag: e.tagName, inMain: !!e.closest("main"),
                        outline: parseFloat(s.outlineWidth), style: s.outlineStyle};
            }"""
        )
        assert link == {"tag": "A", "inMain": True, "outline": 3, "style": "solid"}


def test_links_are_underlined_and_big_enough_to_hit(chromium, pages):
    with chromium.open(pages["large-print"], width=320) as page:
        links = page.evaluate(
            """() => [...document.querySelectorAll("a")].filter((a) => a.offsetParent)
                .map((a) => { const r = a.getBoundingClientRect();
                    return {text: a.textContent, w: r.width, h: r.height,
                            line: getComputedStyle(a).textDecorationLine}; })"""
        )
        for link in links:
            if link["text"] == "Skip to main content":
                continue
            assert link["line"] == "underline", link
            assert link["w"] >= 24 and link["h"] >= 24, link


def test_print_stylesheet(chromium, pages):
    with chromium.open(pages["large-print"]) as page:
        page.emulate_media(media="print")
        result = page.evaluate(
            """() => {
                const link = document.querySelector("main p a[href^='http']");
                const style = (selector) => getComputedStyle(document.querySelector(selector));
                return {after: getComputedStyle(link, "::after").content, href: link.href,
                        colour: style("main p").color,
                        background: style("body").backgroundColor,
                        disclaimer: style(".disclaimer").breakInside};
            }"""
        )
        assert result["href"] in result["after"]
        assert result["colour"] == "rgb(0, 0, 0)"
        assert result["background"] == "rgb(255, 255, 255)"
        assert result["disclaimer"] == "avoid"


def test_print_hides_the_audio_player(chromium, seed_article, tmp_path):
    from ssri_docs.products import ArticleProducts
    from ssri_docs.writers.html import write

    context = ArticleProducts(
        seed_article, BuildOptions(), Reporter(quiet=True), tmp_path, ("audio", "html")
    )
    [output] = write(seed_article, context)
    path = tmp_path / output.name
    path.write_bytes(output.data)
    with chromium.open(path) as page:
        assert page.locator("audio").is_visible()
        page.emulate_media(media="print")
        assert not page.locator("audio").is_visible()


@pytest.fixture(scope="module")
def axe_available():
    require_tool(browser.axe_script_path() is not None, "axe-core", "npm install axe-core")


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize(
    "name", ["large-print", "figure", "constructs", "downloads", "downloads-full"]
)
def test_axe_finds_no_violations(chromium, pages, axe_available, name, scheme):
    with chromium.open(pages[name], color_scheme=scheme) as page:
        violations = browser.run_axe(page, AXE_TAGS)
        assert violations == [], browser.describe_violations(violations)


def test_axe_check_notices_a_problem(chromium, pages, axe_available):
    with chromium.open(pages["large-print"]) as page:
        page.evaluate("document.documentElement.removeAttribute('lang')")
        ids = [v["id"] for v in browser.run_axe(page, AXE_TAGS)]
        assert "html-has-lang" in ids


def test_contrast_ratio_matches_wcag():
    assert browser.contrast_ratio([0, 0, 0], [255, 255, 255]) == pytest.approx(21)
    assert browser.contrast_ratio([118, 118, 118], [255, 255, 255]) == pytest.approx(4.54, 0.01)
