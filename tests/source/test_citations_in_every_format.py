"""A reference without a web address (a citation) shows in all four formats: the
built HTML, PDF and EPUB are read back, and the narration script is checked."""

from __future__ import annotations

import zipfile

from pypdf import PdfReader

from conftest import build_article
from ssri_docs.writers.audio.narration import narration_script
from test_source import VALID, write_article

CITATION = "Smith J (2020). Sleep and OCD. J Anxiety 12, 3-9."
WITH_CITATION = VALID.replace(
    "    note: External website\n",
    f"    note: External website\n  - title: Sleep and OCD\n    citation: {CITATION}\n",
)


def test_a_citation_is_shown_in_every_format(tmp_path):
    source = write_article(tmp_path / "source", WITH_CITATION)
    out = tmp_path / "out"
    article = build_article(source, out, "html", "pdf", "epub")
    folder = out / article.slug
    html = (folder / f"{article.slug}-large-print.html").read_text()
    assert f'<span class="citation">{CITATION}</span>' in html
    assert "Sleep and OCD<br>" in html  # no link: there is no address
    pdf = " ".join(page.extract_text() for page in PdfReader(folder / f"{article.slug}.pdf").pages)
    assert "Sleep and OCD" in pdf and "J Anxiety 12, 3-9." in " ".join(pdf.split())
    with zipfile.ZipFile(folder / f"{article.slug}.epub") as book:
        references = next(
            book.read(name).decode()
            for name in book.namelist()
            if name.endswith("references.xhtml")
        )
    assert f'<span class="citation">{CITATION}</span>' in references
    spoken = [u.text for chapter in narration_script(article) for u in chapter.utterances]
    assert f"Sleep and OCD, {CITATION.rstrip('.')}." in spoken
