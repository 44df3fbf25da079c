"""The Nu Html Checker finds no errors in the large-print and downloads pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_article, require_tool
from ssri_docs.checks.html import describe, errors, find_jar, run_vnu

pytestmark = pytest.mark.validator

ROOT = Path(__file__).resolve().parents[3]
FIGURE_ARTICLE = ROOT / "tests" / "fixtures" / "articles" / "with-figure" / "with-figure.md"


@pytest.fixture(scope="module")
def vnu(java_path):
    require_tool(find_jar() is not None, "vnu.jar", "npm install vnu-jar")


def test_pages_have_no_html_errors(vnu, build_seed, seed_article, tmp_path):
    seed_out = build_seed("html")
    build_article(FIGURE_ARTICLE, tmp_path, "html")
    slug = seed_article.slug
    paths = [
        seed_out / slug / f"{slug}-large-print.html",
        seed_out / "index.html",
        tmp_path / "with-figure" / "with-figure-large-print.html",
        tmp_path / "index.html",
    ]
    found = errors(run_vnu(*paths))
    assert found == [], "\n".join(describe(message) for message in found)


def test_vnu_reports_invalid_html(vnu, tmp_path):
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><html><title>x</title><p><div></span>", encoding="utf-8")
    found = errors(run_vnu(page))
    assert found and all(message["url"].endswith("bad.html") for message in found)
