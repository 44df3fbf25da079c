"""The publisher's identity and contact details, read back from every built file.

A fixture source folder (the with-figure article, the committed site.yaml plus every
identity key, made-up values) is built once; each test reads one file back the way a
reader's software does: the PDF's last page text layer and structure tree, the web
page's footer, the e-book's colophon, the recording's transcript.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
import pytest
from bs4 import BeautifulSoup

from ssri_docs.build import BuildRequest, build
from ssri_docs.checks.audio import read_text as read_recording
from ssri_docs.checks.html import describe, errors
from ssri_docs.formats import FORMAT_NAMES
from ssri_docs.pdf_tree import structure_elements
from ssri_docs.reporting import Reporter
from ssri_docs.writers import BuildOptions
from ssri_docs.writers.epub.container import read_entries

TESTS = Path(__file__).resolve().parents[1]
ARTICLE = TESTS / "fixtures" / "articles" / "with-figure"
LOGO = TESTS / "fixtures" / "identity" / "logo.svg"
SITE = TESTS.parent / "source" / "site.yaml"
SLUG = "with-figure"
IDENTITY = """logo: logo.svg
logo-alt: {alt}
brand-colour: "#1d4f91"
telephone: 0300 000 0000
helpline-hours: Monday to Friday, 9am to 5pm
address: |
  Example House
  1 Example Street
  Exampletown EX1 1XX
email: support@example.org
charity-number: "0000000"
"""
ALT = "Example charity: a white circle beside a white bar"


def make_source(folder: Path, alt: str) -> Path:
    """A source folder with the with-figure article and every identity key."""
    folder.mkdir()
    shutil.copytree(ARTICLE, folder, dirs_exist_ok=True)
    shutil.copy(LOGO, folder / "logo.svg")
    extra = IDENTITY.format(alt=alt)
    (folder / "site.yaml").write_text(SITE.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return folder


def build_folder(source: Path, out: Path, *formats: str) -> Path:
    request = BuildRequest(
        sources=(source / f"{SLUG}.md",),
        source_dir=source,
        out_dir=out,
        formats=formats or FORMAT_NAMES,
        options=BuildOptions(tts="espeak", cache_dir=out.parent / "speech-cache"),
    )
    build(request, Reporter(quiet=True))
    return out / SLUG


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Every format of the fixture, logo described."""
    root = tmp_path_factory.mktemp("identity")
    return build_folder(make_source(root / "source", repr(ALT)), root / "out")


@pytest.fixture(scope="module")
def decorative_pdf(tmp_path_factory) -> Path:
    """The leaflet with ``logo-alt: ""``: the logo only repeats the publisher's name."""
    root = tmp_path_factory.mktemp("identity-decorative")
    folder = build_folder(make_source(root / "source", '""'), root / "out", "pdf")
    return folder / f"{SLUG}.pdf"


def page_text(pdf: Path, page: int) -> str:
    """The text layer of one page (1-based; -1 for the last), as poppler reads it."""
    with pikepdf.open(pdf) as document:
        number = len(document.pages) if page == -1 else page
    command = ["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def figures(pdf: Path) -> list[tuple[int, str | None]]:
    """(page number, /Alt) of every Figure in the structure tree."""
    with pikepdf.open(pdf) as document:
        pages = [page.objgen for page in document.pages]
        return [
            (pages.index(e.page.objgen) + 1, str(e.node.Alt) if "/Alt" in e.node else None)
            for e in structure_elements(document.Root.StructTreeRoot)
            if e.tag == "/Figure"
        ]


def test_last_page_holds_the_contact_block(built):
    text = " ".join(page_text(built / f"{SLUG}.pdf", -1).split())
    for expected in (
        "Contact us",
        "Telephone: 0300 000 0000",
        "Helpline hours: Monday to Friday, 9am to 5pm",
        "Example House",
        "Exampletown EX1 1XX",
        "Email: support@example.org",
        "Registered charity number: 0000000",
    ):
        assert expected in text


def test_first_page_says_every_date(built):
    text = " ".join(page_text(built / f"{SLUG}.pdf", 1).split())
    assert "First published: 15 January 2024. Last reviewed: 3 February 2025." in text


def test_logo_is_a_figure_with_its_alt_on_page_one(built):
    assert (1, ALT) in figures(built / f"{SLUG}.pdf")


def test_decorative_logo_is_an_artifact(decorative_pdf, built):
    described = figures(built / f"{SLUG}.pdf")
    found = figures(decorative_pdf)
    assert (1, ALT) not in found and len(found) == len(described) - 1
    assert all(alt for _, alt in found)  # no Figure without /Alt


@pytest.mark.validator
def test_leaflets_pass_pdfua_and_the_structure_check(built, decorative_pdf, validators):
    for pdf in (built / f"{SLUG}.pdf", decorative_pdf):
        assert validators.pdf_structure(pdf) == []
        report = validators.pdfua(pdf)
        assert report["summary"]["errors"] == 0, report["findings"]


def test_web_page_footer_has_address_and_tel_link(built):
    page = BeautifulSoup((built / f"{SLUG}-large-print.html").read_bytes(), "html.parser")
    footer = page.find("footer", class_="site-footer")
    address = footer.find("address")
    telephone = address.find("a", href=lambda href: href and href.startswith("tel:"))
    assert telephone["href"] == "tel:03000000000" and telephone.text == "0300 000 0000"
    lines = address.get_text("\n")
    assert "Example House" in lines and "Exampletown EX1 1XX" in lines
    assert "Monday to Friday, 9am to 5pm" in lines
    assert address.find("a", href="mailto:support@example.org")
    assert "Registered charity number: 0000000" in footer.get_text(" ")


def test_ebook_colophon_has_the_contact_details(built):
    entries = read_entries((built / f"{SLUG}.epub").read_bytes())
    colophon = BeautifulSoup(entries["EPUB/colophon.xhtml"], "html.parser")
    section = colophon.find("section", id="contact_details")
    text = " ".join(section.get_text(" ").split())
    assert "Telephone: 0300 000 0000" in text
    assert "Helpline hours: Monday to Friday, 9am to 5pm" in text
    assert section.find("address").get_text("\n").splitlines()[0] == "Example House"
    assert "Registered charity number: 0000000" in text
    dates = colophon.find(id="review_dates").get_text()
    assert dates.startswith("First published: 15 January 2024. Last reviewed:")


def test_recording_closes_with_telephone_and_hours(built):
    transcript = read_recording(built / f"{SLUG}.mp3")
    assert "To talk to OCD-UK, telephone 0300 000 0000." in transcript
    assert "Helpline hours: Monday to Friday, 9am to 5pm." in transcript


@pytest.mark.validator
def test_page_and_book_with_contact_details_validate(built, validators):
    messages = validators.vnu(built / f"{SLUG}-large-print.html")
    assert errors(messages) == [], [describe(message) for message in errors(messages)]
    report = validators.epubcheck(built / f"{SLUG}.epub")
    assert report.errors == [] and report.warnings == [], [str(m) for m in report.messages]


def test_rebuild_is_byte_identical(built, tmp_path):
    # The same source folder: WeasyPrint names a picture's XObject after its address.
    again = build_folder(built.parent.parent / "source", tmp_path / "out")
    for name in (f"{SLUG}.pdf", f"{SLUG}-large-print.html", f"{SLUG}.epub", f"{SLUG}.mp3"):
        assert (again / name).read_bytes() == (built / name).read_bytes(), name


@pytest.fixture(scope="module")
def chromium(chromium_path):
    """One Chromium for the page with the contact footer and the brand colour."""
    import importlib.util

    from conftest import require_tool
    from ssri_docs.checks.html import launch

    require_tool(
        importlib.util.find_spec("playwright") is not None, "Playwright", "pip install playwright"
    )
    with launch() as running:
        yield running


@pytest.mark.browser
@pytest.mark.validator
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_branded_page_keeps_7_to_1_and_passes_axe(built, chromium, validators, scheme):
    from ssri_docs.checks.html.browser import text_styles

    page_path = built / f"{SLUG}-large-print.html"
    with chromium.open(page_path, color_scheme=scheme) as page:
        low = [s for s in text_styles(page) if s["contrast"] < 7.0]
        title = next(s for s in text_styles(page) if s["tag"] == "h1")
    assert low == [], low
    assert (title["colour"][:3] == [29, 79, 145]) == (scheme == "light")  # #1d4f91
    assert validators.axe(chromium, page_path, scheme).violations == []
