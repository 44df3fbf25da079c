"""The PDF read back through its structure tree: reading order, /ActualText first,
artifacts left out; a PDF without a tree is read in content order."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from ssri_docs.checks.parity import missing, skeleton
from ssri_docs.checks.pdf import read_text
from ssri_docs.pdf_tree import structure_elements


@pytest.fixture(scope="module")
def built_pdf(build_seed, seed_article) -> Path:
    return build_seed("pdf") / seed_article.slug / f"{seed_article.slug}.pdf"


def test_the_leaflet_reads_in_tree_order_without_artifacts(built_pdf, seed_article):
    text = read_text(built_pdf)
    assert text.startswith(f"{seed_article.site.publisher}\n{seed_article.title}")
    assert "Page 1 of" not in text  # page numbers are artifacts
    assert missing(text, seed_article) == []


def test_actual_text_replaces_the_marked_content(built_pdf, tmp_path):
    target = tmp_path / "actual.pdf"
    with pikepdf.open(built_pdf) as pdf:
        heading = next(e for e in structure_elements(pdf.Root.StructTreeRoot) if e.tag == "/H2")
        heading.node.ActualText = pikepdf.String("یہ معلومات")
        pdf.save(target)
    assert "یہ معلومات" in read_text(target)


def test_a_pdf_without_a_structure_tree_is_read_in_content_order(built_pdf, seed_article, tmp_path):
    target = tmp_path / "untagged.pdf"
    with pikepdf.open(built_pdf) as pdf:
        del pdf.Root.StructTreeRoot
        pdf.save(target)
    text = read_text(target)
    assert skeleton(seed_article.disclaimer) in skeleton(text)
    assert "Page 1 of" not in text
