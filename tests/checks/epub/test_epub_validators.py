"""EPUBCheck and Ace by DAISY on built books: clean on ours, and able to fail.

Each validator runs on the committed article (through the real build), on the fixture
with a picture, a table and lists, on the article with every issue-10 construct, and on
a copy of the seed book spoiled on purpose, which proves that a clean report is not an
empty one. The eight runs start with the session
(conftest's ``epub_books``) and their reports are kept (``validators``): the read-aloud
tests ask about the same seed book.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ssri_docs.checks.results import PASS

pytestmark = pytest.mark.validator


@pytest.fixture(scope="module")
def books(epub_books) -> dict[str, Path]:
    return epub_books  # built in conftest, so that their checks can start early


@pytest.mark.parametrize("name", ["seed", "described", "constructs"])
def test_epubcheck_reports_no_errors_and_no_warnings(validators, books, name):
    report = validators.epubcheck(books[name])
    assert report.version.startswith("5.3")
    assert report.errors == [] and report.warnings == [], [str(m) for m in report.messages]
    assert report.result(f"{name}.epub").status == PASS


def test_epubcheck_reports_a_broken_book(validators, books):
    report = validators.epubcheck(books["spoiled"])
    assert any(m.id == "RSC-012" for m in report.errors), [str(m) for m in report.messages]
    assert "section-01.xhtml" in str(report.errors[0])


@pytest.mark.parametrize("name", ["seed", "described", "constructs"])
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
