"""The large-print page and the downloads page, read back from the built files."""

from __future__ import annotations

import base64
import dataclasses
import io
import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import build_article
from ssri_docs.build import BuildRequest, build
from ssri_docs.checks.html import read_text
from ssri_docs.checks.parity import missing, normalise
from ssri_docs.downloads import render_downloads_page
from ssri_docs.errors import BuildError
from ssri_docs.formats import FORMATS
from ssri_docs.model import Emphasis, Figure, Heading, Link, Paragraph, Strong, Text, sections
from ssri_docs.products import ArticleProducts, BuildOptions
from ssri_docs.reporting import Reporter
from ssri_docs.wording import (
    human_duration,
    human_size,
    inline_text,
    reference_label,
    review_dates_line,
)
from ssri_docs.writers.html import write

ROOT = Path(__file__).resolve().parents[3]
FIGURE_ARTICLE = ROOT / "tests" / "fixtures" / "articles" / "with-figure" / "with-figure.md"


@pytest.fixture(scope="module")
def seed_out(build_seed) -> Path:
    return build_seed("html")


@pytest.fixture(scope="module")
def page_path(seed_out, seed_article) -> Path:
    return seed_out / seed_article.slug / f"{seed_article.slug}-large-print.html"


@pytest.fixture(scope="module")
def soup(page_path) -> BeautifulSoup:
    return BeautifulSoup(page_path.read_bytes(), "html.parser")


def _context(article, tmp_path: Path, formats: tuple[str, ...] = ("html",)) -> ArticleProducts:
    return ArticleProducts(
        article=article,
        options=BuildOptions(),
        reporter=Reporter(quiet=True),
        output_dir=tmp_path,
        formats=formats,
    )


def _render(article, tmp_path: Path, formats: tuple[str, ...] = ("html",)) -> BeautifulSoup:
    [output] = write(article, _context(article, tmp_path, formats))
    return BeautifulSoup(output.data, "html.parser")


# --- content read back from the built file --------------------------------------------


def test_page_says_the_disclaimer_references_and_dates(page_path, seed_article):
    text = read_text(page_path)
    absent = missing(text, seed_article)
    assert not absent, "; ".join(item.what for item in absent)
    assert normalise(review_dates_line(seed_article.last_reviewed, seed_article.next_review)) in (
        normalise(text)
    )


def test_every_body_paragraph_is_on_the_page(page_path, seed_article):
    text = normalise(read_text(page_path))
    for block in seed_article.blocks:
        if isinstance(block, Paragraph | Heading):
            assert normalise(inline_text(block.children)) in text


def test_heading_outline_has_one_h1_and_no_skipped_level(soup, seed_article):
    headings = soup.find_all(re.compile(r"^h[1-6]$"))
    levels = [int(h.name[1]) for h in headings]
    assert levels.count(1) == 1 and levels[0] == 1
    assert headings[0].get_text(strip=True) == seed_article.title
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from {before} to {after}"
    names = [h.get_text(" ", strip=True) for h in headings]
    for required in ("References", "Disclaimer", "Other formats", "What to read next"):
        assert required in names


def test_language_title_landmarks_and_skip_link(soup, seed_article):
    assert soup.html["lang"] == seed_article.language
    title = soup.title.get_text()
    assert seed_article.title in title and seed_article.site.publisher in title
    body = soup.body
    assert body.find("header", recursive=False) is not None
    assert body.find("footer", recursive=False) is not None
    mains = soup.find_all("main")
    assert len(mains) == 1
    skip = body.find("a")  # the first thing a keyboard user reaches
    assert skip.get_text(strip=True) == "Skip to main content"
    assert skip["href"] == f"#{mains[0]['id']}"
    # every in-page link has a target
    ids = {element["id"] for element in soup.find_all(id=True)}
    for link in soup.find_all("a", href=re.compile(r"^#")):
        assert link["href"][1:] in ids, f"{link['href']} points nowhere"


def test_table_of_contents_lists_each_section(soup, seed_article):
    titled = [s.heading for s in sections(seed_article) if s.heading]
    assert len(sections(seed_article)) >= 3
    nav = soup.find("nav", attrs={"aria-labelledby": True, "class": "contents"})
    assert nav is not None
    heading = soup.find(id=nav["aria-labelledby"])
    assert heading.get_text(strip=True) == "Contents"
    targets = [a["href"] for a in nav.find_all("a")]
    for section_heading in titled:
        assert f"#{section_heading.id}" in targets


def test_no_table_of_contents_for_a_short_article(seed_article, tmp_path):
    short = dataclasses.replace(seed_article, blocks=(Paragraph((Text("Just one part."),)),))
    assert _render(short, tmp_path).find("nav", class_="contents") is None


def test_disclaimer_is_its_own_labelled_region(soup, seed_article):
    region = soup.find("section", class_="disclaimer")
    heading = soup.find(id=region["aria-labelledby"])
    assert heading.get_text(strip=True) == "Disclaimer" and heading in region.descendants
    assert normalise(seed_article.disclaimer) in normalise(region.get_text(" "))


def test_references_are_a_list_of_named_links_showing_the_address(soup, seed_article):
    region = soup.find("section", class_="references")
    items = region.find("ol").find_all("li", recursive=False)
    assert len(items) == len(seed_article.references)
    for item, reference in zip(items, seed_article.references, strict=True):
        link = item.find("a")
        assert link["href"] == reference.url
        assert link.get_text(strip=True) == reference_label(reference)
        assert "(nhs.uk)" in reference_label(seed_article.references[0])
        assert reference.url in item.get_text(" ")


def test_review_dates_are_machine_readable(soup, seed_article):
    datetimes = {time["datetime"] for time in soup.find_all("time")}
    assert seed_article.last_reviewed.isoformat() in datetimes
    assert seed_article.next_review.isoformat() in datetimes


def test_related_articles_and_other_formats(soup, seed_article):
    related = soup.find("nav", class_="related")
    hrefs = [a["href"] for a in related.find_all("a")]
    assert hrefs == [seed_article.related.previous.url, seed_article.related.next.url]
    other = soup.find("section", class_="other-formats")
    text = normalise(other.get_text(" "))
    assert normalise(seed_article.site.other_formats) in text
    assert normalise(seed_article.site.contact) in text


def test_emphasis_is_bold_markup_never_italic_tags(seed_article, tmp_path):
    article = dataclasses.replace(
        seed_article,
        blocks=(Paragraph((Emphasis((Text("soft"),)), Text(" and "), Strong((Text("hard"),)))),),
    )
    page = _render(article, tmp_path)
    assert page.find("main").find("em").get_text() == "soft"
    assert page.find("main").find("strong").get_text() == "hard"
    assert page.find("i") is None and page.find("u") is None
    css = page.find("style").get_text()
    assert re.search(r"em, strong[^{]*\{\s*font-style: normal;\s*font-weight: bold;", css)


# --- JSON-LD ---------------------------------------------------------------------------


def _json_ld(page: BeautifulSoup) -> dict:
    scripts = page.find_all("script")
    assert len(scripts) == 1 and scripts[0]["type"] == "application/ld+json"
    return json.loads(scripts[0].string)


def test_json_ld_describes_a_reviewed_large_print_medical_page(soup, seed_article):
    data = _json_ld(soup)
    assert data["@type"] == "MedicalWebPage"
    assert data["lastReviewed"] == seed_article.last_reviewed.isoformat()
    assert data["datePublished"] == seed_article.published.isoformat()
    assert data["inLanguage"] == seed_article.language
    assert data["url"] == seed_article.canonical_url
    assert data["publisher"]["name"] == seed_article.site.publisher
    for feature in ("largePrint", "highContrastDisplay", "structuralNavigation", "tableOfContents"):
        assert feature in data["accessibilityFeature"]
    assert data["accessibilityHazard"] == ["none"]
    assert data["accessMode"] == ["textual"]
    assert data["accessibilitySummary"]


def test_hostile_text_stays_text(seed_article, tmp_path):
    """Source text is untrusted: it can neither end the JSON-LD nor add markup."""
    attack = '</script><script>alert(1)</script><img src=x onerror="alert(2)"> & "q"'
    article = dataclasses.replace(
        seed_article,
        title=attack,
        summary=attack,
        blocks=(Paragraph((Text(attack),)),),
    )
    [output] = write(article, _context(article, tmp_path))
    html = output.data.decode()
    page = BeautifulSoup(html, "html.parser")
    assert len(page.find_all("script")) == 1
    assert page.find("img") is None
    assert_self_contained(html)  # no element gained an event handler
    data = _json_ld(page)
    assert data["name"] == attack and data["description"] == attack
    assert attack in page.find("main").find("p", class_=None).get_text()


# --- self-contained and safe ----------------------------------------------------------

RESOURCE_ATTRIBUTES = {
    "link": "href",
    "img": "src",
    "audio": "src",
    "video": "src",
    "source": "src",
    "track": "src",
    "iframe": "src",
    "embed": "src",
    "object": "data",
    "script": "src",
}


def assert_self_contained(html: str) -> None:
    page = BeautifulSoup(html, "html.parser")
    scripts = page.find_all("script")
    assert all(s.get("type") == "application/ld+json" and not s.get("src") for s in scripts)
    for element in page.find_all(True):
        for attribute in element.attrs:
            assert not attribute.lower().startswith("on"), f"event handler on <{element.name}>"
        for anchor_attr in ("href", "src"):
            value = str(element.get(anchor_attr, ""))
            assert not value.lower().startswith("javascript:")
    for name, attribute in RESOURCE_ATTRIBUTES.items():
        for element in page.find_all(name):
            if name == "link" and element.get("rel") == ["canonical"]:
                continue  # names the page's address; browsers never fetch it
            value = str(element.get(attribute, ""))
            assert not re.match(r"^(https?:)?//", value, re.I), f"<{name}> fetches {value}"
    css = " ".join(style.get_text() for style in page.find_all("style"))
    assert "@import" not in css
    assert not re.search(r"url\(\s*['\"]?(?!data:)", css), "the CSS fetches a file"


def test_page_is_self_contained_and_runs_no_script(page_path):
    assert_self_contained(page_path.read_text(encoding="utf-8"))


def test_downloads_page_is_self_contained(seed_out):
    assert_self_contained((seed_out / "index.html").read_text(encoding="utf-8"))


def test_self_containment_check_notices_a_remote_image():
    with pytest.raises(AssertionError):
        assert_self_contained('<p><img src="https://tracker.example/x.png" alt=""></p>')
    with pytest.raises(AssertionError):
        assert_self_contained('<p onclick="x()">hi</p>')


def test_two_builds_give_identical_bytes(seed_out, seed_article, tmp_path):
    again = tmp_path / "again"
    build(
        BuildRequest(
            sources=(seed_article.source_path,),
            source_dir=seed_article.source_path.parent,
            out_dir=again,
            formats=("html",),
            options=BuildOptions(cache_dir=tmp_path / "cache"),
        ),
        Reporter(quiet=True),
    )
    name = f"{seed_article.slug}/{seed_article.slug}-large-print.html"
    assert (again / name).read_bytes() == (seed_out / name).read_bytes()
    assert (again / "index.html").read_bytes() == (seed_out / "index.html").read_bytes()


# --- links to the other formats --------------------------------------------------------


def test_links_to_formats_built_in_the_same_run(seed_article, tmp_path):
    page = _render(seed_article, tmp_path, formats=("pdf", "audio", "epub", "html"))
    slug = seed_article.slug
    other = page.find("section", class_="other-formats")
    hrefs = {a["href"] for a in other.find_all("a")}
    assert {f"{slug}.pdf", f"{slug}.epub", f"{slug}.mp3", f"{slug}.vtt"} <= hrefs
    assert f"{slug}-transcript.html" in hrefs
    assert f"{slug}-read-aloud.epub" not in hrefs  # not built in this run
    # The player is under the title (test_listen.py), no longer at the end.
    assert other.find("audio") is None
    audio = page.find("audio")
    assert audio["src"] == f"{slug}.mp3" and audio["preload"] == "none"
    assert audio.has_attr("controls")


def test_audio_names_come_from_the_format_registry(seed_article, tmp_path):
    """The page links to the audio files by the names the audio writer gives them."""
    mp3, transcript, vtt = (declared.name(seed_article.slug) for declared in FORMATS["audio"].files)
    context = _context(seed_article, tmp_path, formats=("audio", "html"))
    [output] = write(seed_article, context)
    page = BeautifulSoup(output.data, "html.parser")
    assert page.find("audio")["src"] == mp3
    assert page.find("a", href=vtt) is not None
    assert page.find("a", href=transcript) is not None


def test_links_only_to_formats_that_exist(seed_article, tmp_path):
    (tmp_path / f"{seed_article.slug}.pdf").write_bytes(b"%PDF-1.7")
    page = _render(seed_article, tmp_path, formats=("html",))
    hrefs = {a["href"] for a in page.find("section", class_="other-formats").find_all("a")}
    assert f"{seed_article.slug}.pdf" in hrefs
    assert not {f"{seed_article.slug}.epub", f"{seed_article.slug}.mp3"} & hrefs
    assert page.find("audio") is None


# --- pictures ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def figure_out(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("figure-output")
    build_article(FIGURE_ARTICLE, out, "html")
    return out


def test_picture_is_embedded_with_its_description(figure_out):
    path = figure_out / "with-figure" / "with-figure-large-print.html"
    page = BeautifulSoup(path.read_bytes(), "html.parser")
    image = page.find("main").find("img")
    png = (FIGURE_ARTICLE.parent / "synapse.png").read_bytes()
    assert image["src"] == "data:image/png;base64," + base64.b64encode(png).decode()
    assert image["alt"].startswith("Two nerve cells drawn as circles")
    caption = image.find_parent("figure").find("figcaption").get_text(strip=True)
    assert caption == "The gap between two nerve cells, called the synapse"
    data = _json_ld(page)
    assert "alternativeText" in data["accessibilityFeature"]
    assert data["accessMode"] == ["textual", "visual"]
    assert_self_contained(path.read_text(encoding="utf-8"))
    # the picture's description is part of the text read back
    assert "Two nerve cells drawn as circles" in read_text(path)


def test_fixture_table_list_and_quote_render(figure_out):
    path = figure_out / "with-figure" / "with-figure-large-print.html"
    page = BeautifulSoup(path.read_bytes(), "html.parser")
    table = page.find("table")
    assert [th.get_text() for th in table.find_all("th")] == ["Part", "What it does"]
    assert all(th["scope"] == "col" for th in table.find_all("th"))
    region = table.find_parent("div")
    assert region["role"] == "region" and region["tabindex"] == "0"
    assert region["aria-label"] == "Table 1: Part, What it does"
    assert page.find("blockquote").get_text(strip=True).startswith("Medication can help")
    steps = page.find("h2", id="what-the-picture-shows").find_next("ol")
    assert len(steps.find_all("li")) == 3


def test_picture_outside_the_article_folder_is_refused(seed_article, tmp_path):
    article = dataclasses.replace(
        seed_article, blocks=(Figure(src="../../../etc/passwd.png", alt="x"),)
    )
    with pytest.raises(BuildError, match="outside the article's folder") as caught:
        write(article, _context(article, tmp_path))
    assert caught.value.path == seed_article.source_path


def test_picture_that_is_not_an_image_is_refused(tmp_path, seed_article):
    source = tmp_path / "article.md"
    source.write_text("x", encoding="utf-8")
    (tmp_path / "fake.png").write_text("<svg onload=alert(1)>", encoding="utf-8")
    article = dataclasses.replace(
        seed_article, source_path=source, blocks=(Figure(src="fake.png", alt="x"),)
    )
    with pytest.raises(BuildError, match="not really a PNG"):
        write(article, _context(article, tmp_path))
    (tmp_path / "vector.svg").write_text("<svg/>", encoding="utf-8")
    article = dataclasses.replace(article, blocks=(Figure(src="vector.svg", alt="x"),))
    with pytest.raises(BuildError, match="PNG, JPEG"):
        write(article, _context(article, tmp_path))


# --- downloads page -----------------------------------------------------------------------


def test_sizes_and_durations_read_like_people_say_them():
    def spoken(text: str) -> str:
        assert not re.search(r"\d [A-Za-z]", text), "a number can be split from its unit"
        return text.replace("\u00a0", " ")

    assert spoken(human_size(900)) == "900 bytes"
    assert spoken(human_size(312 * 1024 + 100)) == "312 KB"
    assert spoken(human_size(int(4.2 * 1024 * 1024))) == "4.2 MB"
    assert spoken(human_duration(312.4)) == "5 min 12 s"
    assert spoken(human_duration(45)) == "45 s"


def sample_manifests() -> list[dict]:
    files = {
        "a.vtt": {"label": "Transcript", "media_type": "text/vtt", "size": 2048},
        "a.mp3": {"label": "Audio (MP3)", "media_type": "audio/mpeg", "size": 3_500_000,
                  "duration": 312.4},
        "a.epub": {"label": "E-book (EPUB)", "media_type": "application/epub+zip", "size": 40960},
        "a.pdf": {"label": "Print leaflet (PDF)", "media_type": "application/pdf", "size": 319488},
        "a-large-print.html": {"label": "Large-print web page (HTML)",
                               "media_type": "text/html", "size": 14000},
    }  # fmt: skip
    return [
        {"slug": "a", "title": "First & <best>", "summary": "One.", "language": "en-GB",
         "files": files},
        {"slug": "b", "title": "Second", "summary": "Two.", "language": "en-GB",
         "files": {"b.pdf": {"label": "Print leaflet (PDF)", "media_type": "application/pdf",
                             "size": 1000}}},
    ]  # fmt: skip


def test_downloads_page_lists_each_format_in_order_with_type_and_size():
    page = BeautifulSoup(render_downloads_page(sample_manifests()), "html.parser")
    first = page.find("section", attrs={"aria-labelledby": "article-a"})
    assert first.find("h2").get_text() == "First & <best>"
    links = first.find_all("a")
    assert [a["href"] for a in links] == [
        "a/a-large-print.html",
        "a/a.pdf",
        "a/a.epub",
        "a/a.mp3",
        "a/a.vtt",
    ]
    lines = [" ".join(li.get_text(" ").split()) for li in first.find_all("li")]
    assert "PDF document, 312 KB" in lines[1]
    assert "MP3 audio, 3.3 MB, 5 min 12 s" in lines[3]
    # each link names its leaflet, so a list of links alone is still clear
    assert links[1].get_text(" ", strip=True).endswith("First & <best>")
    assert page.html["lang"] == "en-GB"
    assert page.find("h1").get_text() == "Downloads"


def test_downloads_page_for_the_built_seed(seed_out, seed_article):
    page = BeautifulSoup((seed_out / "index.html").read_bytes(), "html.parser")
    link = page.find("a", href=f"{seed_article.slug}/{seed_article.slug}-large-print.html")
    assert link is not None
    size = (seed_out / link["href"]).stat().st_size
    assert human_size(size) in link.find_parent("li").get_text()
    assert "\u00a0" in human_size(size)


def test_downloads_page_with_nothing_built():
    page = BeautifulSoup(render_downloads_page([]), "html.parser")
    assert "No leaflets have been built yet" in page.find("main").get_text()


def test_script_link_is_refused(seed_article, tmp_path):
    article = dataclasses.replace(
        seed_article,
        blocks=(Paragraph((Link("javascript:alert(1)", (Text("click"),)),)),),
    )
    with pytest.raises(BuildError, match="cannot go on the web page") as caught:
        write(article, _context(article, tmp_path))
    assert caught.value.path == seed_article.source_path


def test_main_content_id_never_clashes_with_a_heading(seed_article, tmp_path):
    article = dataclasses.replace(
        seed_article,
        blocks=(Heading(2, (Text("Content"),), "content"), Paragraph((Text("Words."),))),
    )
    page = _render(article, tmp_path)
    main = page.find("main")
    assert main["id"] != "content"
    assert page.find("a", class_="skip-link")["href"] == f"#{main['id']}"
    assert len(page.find_all(id="content")) == 1


def test_big_picture_gets_a_warning(seed_article, tmp_path):
    source = tmp_path / "article.md"
    source.write_text("x", encoding="utf-8")
    png = (FIGURE_ARTICLE.parent / "synapse.png").read_bytes()
    (tmp_path / "big.png").write_bytes(png + b"\0" * 600_000)  # trailing bytes: still a PNG
    article = dataclasses.replace(
        seed_article, source_path=source, blocks=(Figure(src="big.png", alt="A big picture"),)
    )
    stream = io.StringIO()
    context = ArticleProducts(article, BuildOptions(), Reporter(stream=stream), tmp_path, ("html",))
    write(article, context)
    assert "big.png" in stream.getvalue() and "smaller copy" in stream.getvalue()


def test_table_of_contents_claim_follows_the_page(seed_article, tmp_path, soup):
    assert "tableOfContents" in _json_ld(soup)["accessibilityFeature"]
    short = dataclasses.replace(seed_article, blocks=(Paragraph((Text("Just one part."),)),))
    assert "tableOfContents" not in _json_ld(_render(short, tmp_path))["accessibilityFeature"]
