"""EPUBCheck and Ace by DAISY on built books: clean on ours, and able to fail.

Each validator runs on the committed article (through the real build), on the fixture
with a picture, a table and lists, and on a copy of the seed book spoiled on purpose,
which proves that a clean report is not an empty one. The six runs start together, and
their reports are kept for the session (``validators``): the read-aloud tests ask about
the same seed book.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from ssri_docs.checks.results import PASS
from ssri_docs.source import load_article, load_site
from ssri_docs.writers.epub import render_epub
from ssri_docs.writers.epub_zip import read_entries, reproducible_zip

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "epub"

pytestmark = pytest.mark.validator


@pytest.fixture(scope="module")
def books(build_seed, seed_article, tmp_path_factory, validators) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("epub-validate")
    seed = build_seed("epub") / seed_article.slug / f"{seed_article.slug}.epub"
    described = folder / "described.epub"
    article = load_article(FIXTURES / "described.md", load_site(ROOT / "source" / "site.yaml"))
    described.write_bytes(render_epub(article).data)
    found = {"seed": seed, "described": described, "spoiled": _spoil(seed, folder)}
    validators.start_epub(*found.values())
    return found


def _spoil(book: Path, folder: Path) -> Path:
    """The book without its languages and with a link to an id that does not exist."""
    entries = read_entries(book.read_bytes())
    opf = entries["EPUB/content.opf"].decode()
    entries["EPUB/content.opf"] = opf.replace(' xml:lang="en-GB"', "", 1).encode()
    page = entries["EPUB/section-01.xhtml"].decode()
    page = re.sub(r' (xml:)?lang="en-GB"', "", page)
    page = page.replace("</section>", '<p><a href="section-02.xhtml#nowhere">x</a></p></section>')
    entries["EPUB/section-01.xhtml"] = page.encode()
    spoiled = folder / "spoiled.epub"
    spoiled.write_bytes(reproducible_zip(entries, date(2025, 1, 1)))
    return spoiled


@pytest.mark.parametrize("name", ["seed", "described"])
def test_epubcheck_reports_no_errors_and_no_warnings(validators, books, name):
    report = validators.epubcheck(books[name])
    assert report.version.startswith("5.3")
    assert report.errors == [] and report.warnings == [], [str(m) for m in report.messages]
    assert report.result(f"{name}.epub").status == PASS


def test_epubcheck_reports_a_broken_book(validators, books):
    report = validators.epubcheck(books["spoiled"])
    assert any(m.id == "RSC-012" for m in report.errors), [str(m) for m in report.messages]
    assert "section-01.xhtml" in str(report.errors[0])


@pytest.mark.parametrize("name", ["seed", "described"])
def test_ace_reports_no_violations(validators, books, name):
    report = validators.ace(books[name])
    assert report.violations == (), [str(v) for v in report.violations]
    assert report.outcome == "pass"
    present = set(report.metadata.get("present", []))
    assert {
        "schema:accessMode",
        "schema:accessibilityFeature",
        "schema:accessibilityHazard",
        "schema:accessibilitySummary",
        "schema:accessModeSufficient",
        "dcterms:conformsTo",
        "a11y:certifiedBy",
    } <= present


def test_ace_reports_missing_languages(validators, books):
    report = validators.ace(books["spoiled"])
    rules = {v.rule for v in report.violations}
    assert "epub-lang" in rules, [str(v) for v in report.violations]
    assert report.outcome == "fail"
