"""Reading an EPUB back: spine order, visible text only, blocks on their own lines."""

from __future__ import annotations

from datetime import date

from ssri_docs.checks.epub import read_spine, read_text
from ssri_docs.writers.epub.container import reproducible_zip

CONTAINER = b"""<?xml version="1.0"?>
<container xmlns="urn:oasis:names:tc:opendocument:xmlns:container" version="1.0">
<rootfiles><rootfile full-path="OPS/book.opf" media-type="application/oebps-package+xml"/>
</rootfiles></container>"""

# The manifest lists "second" first; the spine decides the reading order.
OPF = b"""<?xml version="1.0"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
<metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:identifier id="id">x</dc:identifier>
</metadata>
<manifest>
<item id="second" href="text/second%20part.xhtml" media-type="application/xhtml+xml"/>
<item id="first" href="text/first.xhtml" media-type="application/xhtml+xml"/>
</manifest>
<spine><itemref idref="first"/><itemref idref="second" linear="no"/></spine>
</package>"""


def _page(body: str) -> bytes:
    return (
        '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml"><head>'
        f"<title>Not read</title><style>p {{ }}</style></head><body>{body}</body></html>"
    ).encode()


def _book(tmp_path):
    entries = {
        "mimetype": b"application/epub+zip",
        "META-INF/container.xml": CONTAINER,
        "OPS/book.opf": OPF,
        "OPS/text/first.xhtml": _page(
            "<h1>First</h1><p>One <em>two</em>\n  three.</p>"
            '<nav hidden="hidden"><a href="x">Hidden list</a></nav><!-- a comment -->'
            "<ul><li>Item A</li><li>Item B</li></ul>"
        ),
        "OPS/text/second part.xhtml": _page("<h1>Second</h1><p>Last<br/>line</p>"),
    }
    path = tmp_path / "book.epub"
    path.write_bytes(reproducible_zip(entries, date(2024, 1, 1)))
    return path


def test_text_follows_the_spine_and_skips_what_is_not_read(tmp_path):
    text = read_text(_book(tmp_path))
    assert text == "First\nOne two three.\nItem A\nItem B\n\nSecond\nLast\nline"


def test_spine_documents_keep_their_linear_flag(tmp_path):
    spine = read_spine(_book(tmp_path))
    assert [(doc.name, doc.linear) for doc in spine] == [
        ("OPS/text/first.xhtml", True),
        ("OPS/text/second part.xhtml", False),
    ]
