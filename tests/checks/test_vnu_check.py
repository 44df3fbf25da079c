"""The Nu Html Checker finds no errors in the large-print and downloads pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_article
from ssri_docs.checks.vnu import describe, errors

pytestmark = pytest.mark.validator

ROOT = Path(__file__).resolve().parents[2]
FIGURE_ARTICLE = ROOT / "tests" / "fixtures" / "articles" / "with-figure" / "with-figure.md"


def test_pages_have_no_html_errors(validators, build_seed, seed_article, tmp_path):
    seed_out = build_seed("html")
    build_article(FIGURE_ARTICLE, tmp_path, "html")
    slug = seed_article.slug
    paths = [
        seed_out / slug / f"{slug}-large-print.html",
        seed_out / "index.html",
        tmp_path / "with-figure" / "with-figure-large-print.html",
        tmp_path / "index.html",
    ]
    found = errors(validators.vnu(*paths))  # one vnu run for the four pages
    assert found == [], "\n".join(describe(message) for message in found)


def test_vnu_reports_invalid_html(validators, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><title>x</title><p><div></span>", encoding="utf-8")
    found = errors(validators.vnu(page))
    assert found and all(message["url"].endswith("bad.html") for message in found)
