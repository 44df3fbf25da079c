"""The Nu Html Checker finds no errors in the large-print and downloads pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_article
from ssri_docs.checks.html import describe, errors

pytestmark = pytest.mark.validator

ROOT = Path(__file__).resolve().parents[3]
FIGURE_ARTICLE = ROOT / "tests" / "fixtures" / "articles" / "with-figure" / "with-figure.md"


@pytest.fixture(scope="module")
def pages(
    validators, build_seed, seed_article, constructs_page, tmp_path_factory
) -> dict[str, list[Path]]:
    """The pages that must be valid, and one that must not; one vnu run checks them all."""
    folder = tmp_path_factory.mktemp("vnu")
    seed_out = build_seed("html")
    build_article(FIGURE_ARTICLE, folder, "html")
    slug = seed_article.slug
    bad = folder / "bad.html"
    bad.write_text("<!DOCTYPE html><html><title>x</title><p><div></span>", encoding="utf-8")
    found = {
        "valid": [
            seed_out / slug / f"{slug}-large-print.html",
            seed_out / "index.html",
            folder / "with-figure" / "with-figure-large-print.html",
            folder / "index.html",
            constructs_page,
        ],
        "invalid": [bad],
    }
    validators.vnu(*found["valid"], *found["invalid"])
    return found


def test_pages_have_no_html_errors(validators, pages):
    found = errors(validators.vnu(*pages["valid"]))
    assert found == [], "\n".join(describe(message) for message in found)


def test_vnu_reports_invalid_html(validators, pages):
    found = errors(validators.vnu(*pages["invalid"]))
    assert found and all(message["url"].endswith("bad.html") for message in found)
