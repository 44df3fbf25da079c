"""The HTML reader returns what a reader sees, block by block, nothing hidden."""

from __future__ import annotations

from ssri_docs.checks.html import read_text


def test_reads_visible_text_in_order(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<!DOCTYPE html><html><head><title>Not shown</title><style>p{}</style></head><body>"
        "<h1>Title</h1><p>First <strong>bold</strong> words.</p><p>Second</p>"
        '<script type="application/ld+json">{"hidden": true}</script>'
        "<div hidden>secret</div><audio src='a.mp3'>fallback</audio>"
        '<img src="x.png" alt="A picture"><ul><li>one</li><li>two</li></ul>'
        "</body></html>",
        encoding="utf-8",
    )
    assert read_text(page).splitlines() == [
        "Title",
        "First bold words.",
        "Second",
        "A picture",
        "one",
        "two",
    ]
