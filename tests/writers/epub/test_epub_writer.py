"""The EPUB writer, checked on the built file: package, navigation, content, zip.

The committed article is built once through the real build (``build_seed("epub")``);
the fixtures in ``tests/fixtures/epub/`` add a picture with and without a description,
a table, nested lists and links between sections.
"""

from __future__ import annotations

import hashlib
import io
import re
import subprocess
import sys
import uuid
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from lxml import etree
from PIL import Image

from ssri_docs import wording
from ssri_docs.checks.epub import NS, check_epub, document_text, read_package, read_spine, read_text
from ssri_docs.checks.parity import missing, normalise
from ssri_docs.errors import BuildError
from ssri_docs.model import Figure, Link, Paragraph, Related, RelatedLink, Text, sections
from ssri_docs.products import ArticleProducts, BuildOptions
from ssri_docs.reporting import Reporter
from ssri_docs.source import load_article, load_site
from ssri_docs.writers.epub import render_epub, write
from ssri_docs.writers.epub.package import CONFORMANCE

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "epub"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_NS = "http://www.idpf.org/2007/ops"
EPUB_TYPE = f"{{{EPUB_NS}}}type"
NAV_NS = {**NS, "epub": EPUB_NS}
X = "{http://www.w3.org/1999/xhtml}"
HEADING = re.compile(r"\{http://www.w3.org/1999/xhtml\}h[1-6]")
BLOCK_TAGS = {"p", "ul", "ol", "li", "blockquote", "table", "figure", "hr", "pre"}


@pytest.fixture(scope="module")
def seed_epub(build_seed, seed_article) -> Path:
    # Text only: the read-aloud is checked in test_epub_read_aloud.py, the print page
    # numbers (which every book has) in test_epub_page_list.py.
    return build_seed("epub") / seed_article.slug / f"{seed_article.slug}.epub"


def _load(name: str, site):
    """A fixture article. The source format refuses a picture without a description
    (issue 10), but a model built in code can still hold one and the writer must say
    so: the "undescribed" fixture's picture loses its placeholder description here."""
    article = load_article(FIXTURES / f"{name}.md", site)
    if name != "undescribed":
        return article
    blocks = tuple(replace(b, alt="") if isinstance(b, Figure) else b for b in article.blocks)
    return replace(article, blocks=blocks)


@pytest.fixture(scope="module")
def fixture_books(tmp_path_factory) -> dict[str, Path]:
    """The two fixture articles built into .epub files."""
    site = load_site(ROOT / "source" / "site.yaml")
    folder = tmp_path_factory.mktemp("epub-fixtures")
    books = {}
    for name in ("described", "undescribed"):
        article = _load(name, site)
        path = folder / f"{name}.epub"
        path.write_bytes(render_epub(article).data)
        books[name] = path
    return books


def _package(path: Path):
    with zipfile.ZipFile(path) as archive:
        return read_package(archive)


def _metadata(path: Path) -> dict[str, list[str]]:
    """Package metadata as {"dc:title": [...], "schema:accessMode": [...], ...}."""
    root = _package(path).root
    found: dict[str, list[str]] = {}
    for element in root.xpath("opf:metadata/*", namespaces=NS):
        tag = etree.QName(element).localname
        key = element.get("property") or (
            f"dc:{tag}" if etree.QName(element).namespace.endswith("/elements/1.1/") else tag
        )
        found.setdefault(key, []).append((element.text or "").strip())
    return found


def _documents(path: Path) -> dict[str, etree._Element]:
    return {doc.name: etree.fromstring(doc.data) for doc in read_spine(path)}


def _nav(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(_package(path).nav_path()))


# --- the zip ---------------------------------------------------------------------


def test_mimetype_is_first_stored_and_exact(seed_epub):
    with zipfile.ZipFile(seed_epub) as archive:
        first = archive.infolist()[0]
        assert first.filename == "mimetype"
        assert first.compress_type == zipfile.ZIP_STORED
        assert first.extra == b""
        assert archive.read("mimetype") == b"application/epub+zip"
    # Reading systems sniff the type at byte 30: the stored name, then the content.
    assert seed_epub.read_bytes()[30:58] == b"mimetypeapplication/epub+zip"


def test_zip_entries_have_fixed_times_and_sorted_order(seed_epub, seed_article):
    with zipfile.ZipFile(seed_epub) as archive:
        infos = archive.infolist()
    reviewed = seed_article.last_reviewed
    assert {info.date_time for info in infos} == {
        (reviewed.year, reviewed.month, reviewed.day, 0, 0, 0)
    }
    names = [info.filename for info in infos[1:]]
    assert names == sorted(names)


def _text_only_book(article) -> bytes:
    context = ArticleProducts(
        article, BuildOptions(), Reporter(quiet=True), Path("unused"), ("epub",)
    )
    return write(article, context)[0].data


@pytest.mark.slow
def test_rebuilds_are_byte_identical_in_this_and_another_process(seed_epub, seed_article):
    built = seed_epub.read_bytes()
    assert _text_only_book(seed_article) == built
    script = (
        "import hashlib, sys\n"
        "from pathlib import Path\n"
        "from ssri_docs.reporting import Reporter\n"
        "from ssri_docs.source import load_article, load_site\n"
        "from ssri_docs.products import ArticleProducts, BuildOptions\n"
        "from ssri_docs.writers.epub import write\n"
        f"root = Path({str(ROOT / 'source')!r})\n"
        "article = load_article(root / 'how-ssri-work.md', load_site(root / 'site.yaml'))\n"
        "context = ArticleProducts(article, BuildOptions(),\n"
        "                          Reporter(quiet=True), Path('unused'), ('epub',))\n"
        "print(hashlib.sha256(write(article, context)[0].data).hexdigest())\n"
    )
    other = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=120
    )
    assert other.stdout.strip() == hashlib.sha256(built).hexdigest()


# --- package metadata --------------------------------------------------------------


def test_identity_dates_and_description_come_from_the_source(seed_epub, seed_article):
    meta = _metadata(seed_epub)
    expected_id = f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, seed_article.canonical_url)}"
    assert meta["dc:identifier"] == [expected_id]
    assert meta["dc:title"] == [seed_article.title]
    assert meta["dc:language"] == ["en-GB"]
    assert meta["dc:publisher"] == [seed_article.site.publisher]
    assert meta["dc:description"] == [seed_article.summary]
    assert meta["dc:date"] == [seed_article.published.isoformat()]
    assert meta["dc:subject"] == ["Overcoming OCD", "Medication"]
    assert meta["dcterms:modified"] == [f"{seed_article.last_reviewed.isoformat()}T00:00:00Z"]


def test_package_and_every_content_document_declare_the_language(seed_epub):
    assert _package(seed_epub).root.get(XML_LANG) == "en-GB"
    documents = _documents(seed_epub)
    assert len(documents) >= 6
    for name, root in documents.items():
        assert (root.get("lang"), root.get(XML_LANG)) == ("en-GB", "en-GB"), name


def test_accessibility_metadata_for_a_book_without_pictures(seed_epub, seed_article):
    meta = _metadata(seed_epub)
    assert meta["schema:accessMode"] == ["textual"]
    assert meta["schema:accessModeSufficient"] == ["textual"]
    assert set(meta["schema:accessibilityFeature"]) == {
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
        "pageBreakMarkers",
        "pageNavigation",
    }
    assert meta["schema:accessibilityHazard"] == ["none"]
    summary = meta["schema:accessibilitySummary"][0]
    assert f"{len(sections(seed_article))} sections" in summary
    assert "no pictures" in summary
    assert meta["dcterms:conformsTo"] == [CONFORMANCE]
    assert meta["a11y:certifiedBy"] == [seed_article.site.publisher]


def test_described_picture_gives_visual_mode_alternative_text_and_the_claim(fixture_books):
    meta = _metadata(fixture_books["described"])
    assert meta["schema:accessMode"] == ["textual", "visual"]
    assert set(meta["schema:accessModeSufficient"]) == {"textual", "textual,visual"}
    assert "alternativeText" in meta["schema:accessibilityFeature"]
    assert meta["dcterms:conformsTo"] == [CONFORMANCE]
    assert "1 picture, described in text" in meta["schema:accessibilitySummary"][0]


def test_picture_without_description_gives_no_alternative_text_and_no_claim(fixture_books):
    meta = _metadata(fixture_books["undescribed"])
    assert meta["schema:accessMode"] == ["textual", "visual"]
    assert meta["schema:accessModeSufficient"] == ["textual,visual"]
    assert "alternativeText" not in meta["schema:accessibilityFeature"]
    assert "dcterms:conformsTo" not in meta
    assert "a11y:certifiedBy" not in meta
    summary = meta["schema:accessibilitySummary"][0]
    assert "no text description" in summary and "no claim" in summary


def test_built_in_checks_pass_on_the_seed_and_name_the_undescribed_picture(
    seed_epub, fixture_books
):
    assert check_epub(seed_epub, "en-GB") == []
    assert check_epub(fixture_books["described"], "en-GB") == []
    problems = [str(p) for p in check_epub(fixture_books["undescribed"], "en-GB")]
    assert len(problems) == 1 and "has no text description" in problems[0]


# --- navigation ---------------------------------------------------------------------


def test_nav_lists_every_section_in_spine_order(seed_epub, seed_article):
    nav = _nav(seed_epub)
    toc = nav.xpath("//x:nav[@epub:type='toc']", namespaces=NAV_NS)[0]
    top = toc.xpath("x:ol/x:li/x:a", namespaces=NS)
    labels = [a.text for a in top]
    expected = [seed_article.title]
    expected += [
        wording.inline_text(s.heading.children) for s in sections(seed_article) if s.heading
    ]
    # The back matter in the print leaflet's order, so its page numbers follow on.
    expected += [
        wording.DISCLAIMER_HEADING,
        wording.REFERENCES_HEADING,
        wording.RELATED_HEADING,
        wording.ABOUT_HEADING,
    ]
    assert labels == expected
    # Sub-headings are nested under their section and point at the heading's id.
    nested = toc.xpath("x:ol/x:li/x:ol/x:li/x:a", namespaces=NS)
    assert [a.get("href") for a in nested] == ["section-02.xhtml#in-more-details"]
    # The contents follow the spine: cover and contents first, then each listed document.
    spine = [Path(doc.name).name for doc in read_spine(seed_epub)]
    assert spine[:2] == ["cover.xhtml", "nav.xhtml"]
    assert spine[2:] == [a.get("href") for a in top]


def test_landmarks_point_at_cover_contents_start_and_references(seed_epub):
    nav = _nav(seed_epub)
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NAV_NS)
    found = {a.get(EPUB_TYPE): a.get("href") for a in landmarks}
    assert found == {
        "cover": "cover.xhtml",
        "toc": "nav.xhtml",
        "bodymatter": "section-01.xhtml",
        "bibliography": "references.xhtml",
        "colophon": "colophon.xhtml",
    }


# --- content ------------------------------------------------------------------------


def test_each_document_has_one_h1_first_and_no_skipped_levels(fixture_books, seed_epub):
    for book in (seed_epub, fixture_books["described"]):
        for name, root in _documents(book).items():
            levels = [int(el.tag[-1]) for el in root.iter() if HEADING.fullmatch(str(el.tag))]
            if name.endswith("cover.xhtml"):
                assert levels == []
                continue
            assert levels[0] == 1 and levels.count(1) == 1, (name, levels)
            assert all(b <= a + 1 for a, b in zip(levels, levels[1:], strict=False)), name


def test_every_block_has_a_unique_stable_id_and_none_mixes_epub_type(fixture_books):
    ids = []
    for name, root in _documents(fixture_books["described"]).items():
        if name.endswith("nav.xhtml"):  # navigation lists, not article content
            continue
        for element in root.iter(f"{X}*"):
            tag = element.tag.removeprefix(X)
            if tag in BLOCK_TAGS or re.fullmatch("h[1-6]", tag):
                assert element.get("id"), f"<{tag}> has no id"
                ids.append(element.get("id"))
            if element.get(EPUB_TYPE):  # ebooklib #339: only page breaks may have both
                assert element.get("id") is None
    assert len(ids) == len(set(ids))
    assert "b_1" in ids and "medicines-at-a-glance" in ids


def test_reading_order_text_has_parity_and_follows_the_article(seed_epub, seed_article):
    text = read_text(seed_epub)
    assert not missing(text, seed_article)
    flat = normalise(text)
    order = [
        seed_article.title,
        "We do not know exactly why",
        "But how do SSRI",
        "In more details",
        "Summary",
        wording.DISCLAIMER_HEADING,
        seed_article.disclaimer[:60],
        wording.REFERENCES_HEADING,
        seed_article.references[0].url,
        wording.review_dates_line(seed_article.last_reviewed, seed_article.next_review),
        seed_article.site.other_formats[:60],
    ]
    position = -1
    for item in order:  # each one after the one before it
        position = flat.find(normalise(item), position + 1)
        assert position != -1, f"{item!r} is missing or out of order"
    # The hidden landmarks list is not part of what is read.
    assert "Cover\n" not in text


def test_references_are_a_bibliography_of_working_links_with_site_and_address(
    seed_epub, seed_article
):
    root = _documents(seed_epub)["EPUB/references.xhtml"]
    section = root.find(f".//{X}section")
    assert section.get("role") == "doc-bibliography" and section.get(EPUB_TYPE) == "bibliography"
    items = section.findall(f".//{X}li")
    assert len(items) == len(seed_article.references)
    for item, reference in zip(items, seed_article.references, strict=True):
        link = item.find(f"{X}a")
        assert link.get("href") == reference.url
        assert link.text == f"{reference.title} ({wording.domain(reference.url)})"
        assert reference.url in "".join(item.itertext())


def test_disclaimer_is_a_labelled_section(seed_epub, seed_article):
    root = _documents(seed_epub)["EPUB/disclaimer.xhtml"]
    section = root.find(f".//{X}section")
    label = root.xpath("//*[@id=$id]", id=section.get("aria-labelledby"))[0]
    assert label.text == wording.DISCLAIMER_HEADING
    assert normalise(seed_article.disclaimer) in normalise(document_text(etree.tostring(root)))


def test_colophon_has_publisher_dates_other_formats_and_contact(seed_epub, seed_article):
    root = _documents(seed_epub)["EPUB/colophon.xhtml"]
    text = normalise(document_text(etree.tostring(root)))
    site = seed_article.site
    for expected in (
        site.publisher,
        wording.review_dates_line(seed_article.last_reviewed, seed_article.next_review),
        site.other_formats,
        site.contact,
        site.downloads_url,
    ):
        assert normalise(expected) in text
    assert root.xpath("//x:a/@href", namespaces=NS)[-1] == site.downloads_url


def test_figure_is_copied_with_its_description_and_caption(fixture_books):
    book = fixture_books["described"]
    package = _package(book)
    images = {
        path: kind for path, kind, _ in package.manifest.values() if kind.startswith("image/")
    }
    assert images == {"EPUB/cover.png": "image/png", "EPUB/images/figure-1.png": "image/png"}
    with zipfile.ZipFile(book) as archive:
        assert archive.read("EPUB/images/figure-1.png") == (FIXTURES / "synapse.png").read_bytes()
    root = _documents(book)["EPUB/section-02.xhtml"]
    img = root.find(f".//{X}img")
    assert img.get("src") == "images/figure-1.png"
    assert img.get("alt").startswith("Two nerve cells drawn as circles")
    assert root.find(f".//{X}figcaption").text == "The gap between two nerve cells"
    # Links to a heading in another section point into that section's document.
    hrefs = root.xpath("//x:a/@href", namespaces=NS)
    assert "section-02.xhtml#two-nerve-cells" in hrefs


def test_cover_is_a_png_with_the_title_and_publisher_in_its_alt_text(seed_epub, seed_article):
    package = _package(seed_epub)
    covers = [p for p, _, props in package.manifest.values() if "cover-image" in props.split()]
    assert covers == ["EPUB/cover.png"]
    with zipfile.ZipFile(seed_epub) as archive:
        png = archive.read("EPUB/cover.png")
    image = Image.open(io.BytesIO(png))
    assert image.size == (1600, 2560)
    # The title is drawn in the upper half: dark pixels there, not a blank page.
    upper = image.convert("L").crop((0, 500, 1600, 1300))
    assert upper.getextrema()[0] < 50
    root = _documents(seed_epub)["EPUB/cover.xhtml"]
    alt = root.find(f".//{X}img").get("alt")
    assert seed_article.title in alt and seed_article.site.publisher in alt


def test_stylesheet_leaves_size_face_and_colours_to_the_reader(seed_epub):
    with zipfile.ZipFile(seed_epub) as archive:
        css = archive.read("EPUB/style.css").decode()
    rules = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.search(r"\d(px|pt|pc|cm|mm|in|q)\b", rules, flags=re.I)
    assert not re.search(r"(^|[\s;{])(color|background(-color)?|font-family|font)\s*:", rules)
    assert not re.search(r"(^|[\s;{])(max-)?width\s*:", rules.replace("max-width: 100%", ""))
    body = re.search(r"body\s*{([^}]*)}", rules).group(1)
    assert "font-size" not in body


# --- bad input ----------------------------------------------------------------------


def _with_blocks(article, *blocks):
    return replace(article, blocks=(*article.blocks, *blocks))


def test_a_picture_that_is_not_an_image_is_refused(tmp_path, seed_article):
    fake = tmp_path / "photo.png"
    fake.write_text("not a picture")
    article = replace(
        _with_blocks(seed_article, Figure("photo.png", "A photo")),
        source_path=tmp_path / "article.md",
    )
    with pytest.raises(BuildError, match="not a PNG, JPEG or GIF") as error:
        render_epub(article)
    assert error.value.path == tmp_path / "article.md"


def test_a_picture_outside_the_article_folder_is_refused(tmp_path, seed_article):
    (tmp_path / "secret.png").write_bytes((FIXTURES / "synapse.png").read_bytes())
    inside = tmp_path / "articles"
    inside.mkdir()
    article = replace(
        _with_blocks(seed_article, Figure("../secret.png", "A picture")),
        source_path=inside / "article.md",
    )
    with pytest.raises(BuildError, match="not a file in the article's folder"):
        render_epub(article)


@pytest.mark.parametrize("href", ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x"])
def test_links_that_could_run_or_read_files_are_refused(seed_article, href):
    article = _with_blocks(seed_article, Paragraph((Link(href, (Text("click"),)),)))
    with pytest.raises(BuildError, match="cannot go into the e-book"):
        render_epub(article)


def test_a_link_to_a_missing_heading_is_refused(seed_article):
    article = _with_blocks(seed_article, Paragraph((Link("#nowhere", (Text("see"),)),)))
    with pytest.raises(BuildError, match="points to a heading that is not in the article"):
        render_epub(article)


def test_markup_and_control_characters_in_text_stay_text(seed_article, tmp_path):
    hostile = '<script>alert("x")</script> <img src=x onerror=alert(1)> \x0c & done'
    article = _with_blocks(seed_article, Paragraph((Text(hostile),)))
    path = tmp_path / "hostile.epub"
    path.write_bytes(render_epub(article).data)
    assert check_epub(path, "en-GB") == []
    text = read_text(path)
    assert '<script>alert("x")</script> <img src=x onerror=alert(1)> & done' in text


def test_an_undescribed_picture_is_named_for_the_editor(tmp_path):
    stream = io.StringIO()
    article = _load("undescribed", load_site(ROOT / "source" / "site.yaml"))
    context = ArticleProducts(
        article=article,
        options=BuildOptions(),
        reporter=Reporter(stream=stream),
        output_dir=tmp_path,
        formats=("epub",),
    )
    [built] = write(article, context)
    assert (built.name, built.media_type, built.label) == (
        "picture-undescribed.epub",
        "application/epub+zip",
        "E-book (EPUB)",
    )
    said = stream.getvalue()
    assert "undescribed.md: the picture 'synapse.png' has no description" in said
    assert "no conformance claim" in said


def test_an_unsafe_address_outside_the_article_text_is_never_published(seed_article):
    # The parser checks these addresses; the writer's own check stops one that slips by.
    related = Related(previous=RelatedLink("Earlier", "javascript:alert(1)"))
    with pytest.raises(BuildError, match="something unsafe"):
        render_epub(replace(seed_article, related=related))


def test_an_epub_alone_lays_the_leaflet_out_once_and_says_so(seed_article, tmp_path):
    """Built without the PDF, the e-book still gets its page numbers from the shared
    leaflet layout; the build log shows that layout, and nothing else is computed."""
    stream = io.StringIO()
    products = ArticleProducts(
        seed_article, BuildOptions(), Reporter(stream=stream), tmp_path, ("epub",)
    )
    write(seed_article, products)
    assert "leaflet_layout" in vars(products), "the layout is cached on the products"
    assert "recording" not in vars(products), "the text-only book needs no narration"
    assert stream.getvalue().count("leaflet layout: laying out on A4 paper") == 1
    assert products.leaflet_layout.pages >= 2
