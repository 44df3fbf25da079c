"""The downloads page lists both e-books, the transcript page and the captions file,
each under the name the format registry gives it, and says which e-book to choose."""

from __future__ import annotations

from bs4 import BeautifulSoup

from ssri_docs.downloads import render_downloads_page
from ssri_docs.formats import (
    ALL_FILES,
    EPUB_BOOK,
    EPUB_READ_ALOUD,
    TRANSCRIPT_PAGE,
    VTT_CAPTIONS,
)
from ssri_docs.wording import EBOOK_CHOICE

SLUG = "how-ssri-work"


def _manifest(*declared) -> dict:
    return {
        "slug": SLUG,
        "title": "How SSRIs work",
        "language": "en-GB",
        "files": {
            f.name(SLUG): {"label": f.label, "media_type": f.media_type, "size": 1000 * (n + 1)}
            for n, f in enumerate(declared)
        },
    }


def _items(page: bytes) -> list[tuple[str, str, str]]:
    """(href, label, details) of every file listed."""
    soup = BeautifulSoup(page, "html.parser")
    return [
        (
            li.a["href"],
            li.find(class_="file-label").get_text(),
            li.find(class_="file-details").get_text(),
        )
        for li in soup.select("ul.files li")
    ]


def test_every_file_in_the_registry_order_with_its_label_and_type():
    page = render_downloads_page([_manifest(*reversed(ALL_FILES))])
    items = _items(page)
    assert [href for href, _, _ in items] == [f"{SLUG}/{f.name(SLUG)}" for f in ALL_FILES]
    by_name = {href.split("/")[1]: (label, details) for href, label, details in items}
    assert by_name[f"{SLUG}.epub"][0] == "E-book (EPUB)"
    assert by_name[f"{SLUG}.epub"][1].startswith("EPUB e-book,")
    assert by_name[f"{SLUG}-read-aloud.epub"][0] == "Read-aloud e-book (EPUB with narration)"
    assert by_name[f"{SLUG}-read-aloud.epub"][1].startswith("EPUB e-book with audio,")
    assert by_name[f"{SLUG}-transcript.html"][0] == "Transcript of the recording (HTML)"
    assert by_name[f"{SLUG}.vtt"][0] == "Captions file (WebVTT)"
    assert by_name[f"{SLUG}.vtt"][1].startswith("WebVTT captions,")


def test_says_once_which_e_book_to_choose_when_both_are_there():
    soup = BeautifulSoup(render_downloads_page([_manifest(*ALL_FILES)]), "html.parser")
    choice = soup.find(class_="ebook-choice")
    assert choice is not None and choice.get_text() == EBOOK_CHOICE
    assert EBOOK_CHOICE.count(".") == 1 and EBOOK_CHOICE.endswith(".")  # one sentence
    assert soup.get_text().count("read-aloud e-book only if") == 1


def test_no_choice_to_make_without_the_read_aloud_book():
    page = render_downloads_page([_manifest(EPUB_BOOK, TRANSCRIPT_PAGE, VTT_CAPTIONS)])
    assert BeautifulSoup(page, "html.parser").find(class_="ebook-choice") is None


def test_the_two_e_books_are_told_apart_by_name_not_media_type():
    assert EPUB_BOOK.media_type == EPUB_READ_ALOUD.media_type
    page = render_downloads_page([_manifest(EPUB_READ_ALOUD, EPUB_BOOK)])
    assert [label for _, label, _ in _items(page)] == [EPUB_BOOK.label, EPUB_READ_ALOUD.label]


def test_the_built_seed_lists_its_transcript_page_and_captions_file(build_seed, seed_article):
    out = build_seed("html", "audio")
    items = _items((out / "index.html").read_bytes())
    labels = {href.split("/")[1]: label for href, label, _ in items}
    assert labels[TRANSCRIPT_PAGE.name(seed_article.slug)] == TRANSCRIPT_PAGE.label
    assert labels[VTT_CAPTIONS.name(seed_article.slug)] == VTT_CAPTIONS.label


def _checked(status: str, counts: dict) -> dict:
    manifest = _manifest(*ALL_FILES)
    manifest["conformance"] = {"status": status, "counts": counts, "report": "conformance.html"}
    return manifest


def test_a_check_with_skipped_validators_is_never_called_passed():
    """Found by a new-user trial: 11 of 20 passed and 8 skipped (validators not
    installed) read "Passed"."""
    counts = {"pass": 11, "fail": 0, "skipped": 8, "could-not-run": 1, "total": 20}
    text = BeautifulSoup(render_downloads_page([_checked("pass", counts)]), "html.parser")
    said = " ".join(text.get_text().split())
    assert "Accessibility and content checks: Incomplete" in said
    assert "(11 of 20 checks passed, 1 could not run, 8 skipped (validator not installed))" in said
    everything = {"pass": 20, "fail": 0, "skipped": 0, "could-not-run": 0, "total": 20}
    page = render_downloads_page([_checked("pass", everything)]).decode()
    assert "Accessibility and content checks: <strong>Passed</strong>" in page
