"""The formats ssri-docs builds, each declared once.

Like pandoc's list of writers or Sphinx's builder attributes: a format's name (as the
command line takes it), its writer, the files it writes (named from the article's slug),
what readers call each file, its media type, and how ``ssri-docs check`` reads the
main file back as text. The command line, the build, the build record, the downloads
page, the large-print page's "other formats" links and the checks all read this table.

Nothing here imports a writer or a checker: each is named by module and imported only
when used, so ``ssri-docs --help`` and an HTML-only build never load WeasyPrint.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .writers import OutputFile  # the writers' package: light, it loads no writer

if TYPE_CHECKING:
    from .model import Article
    from .products import ArticleProducts

Writer = Callable[["Article", "ArticleProducts"], "list[OutputFile]"]


@dataclass(frozen=True)
class FormatFile:
    """One file a format writes into ``output/<slug>/``."""

    suffix: str  # appended to the slug to name the file
    media_type: str  # e.g. "application/pdf"
    label: str  # what readers call it, in the build record and on the downloads page
    # The words of the large-print page's link to this file. They differ from ``label``
    # only where the reference outputs already did: changing them changes the page.
    link_text: str  # empty: the large-print page does not link to this file
    file_type: str  # what kind of file it is, in words, beside its size: "PDF document"

    def name(self, slug: str) -> str:
        """The file's name for the article ``slug``: ``how-ssri-work.pdf``."""
        return f"{slug}{self.suffix}"

    def output(self, slug: str, data: bytes, details: dict[str, Any] | None = None) -> OutputFile:
        """``data`` as this file of article ``slug``, ready to publish."""
        return OutputFile(self.name(slug), data, self.media_type, self.label, details or {})


@dataclass(frozen=True)
class Format:
    """One output format: what it writes and how it is read back."""

    name: str  # as ``--format`` takes it
    writer: str  # module whose ``write(article, products) -> list[OutputFile]`` builds it
    files: tuple[FormatFile, ...]  # the first is the main file, read back by the checks
    reader: str  # module whose ``read_text(path) -> str`` reads the main file back
    # How the text names a reference's site: its full address ("url"), or only the
    # domain ("domain") because the recording says "at nhs.uk", not the address.
    address_style: str
    # Whether the writer may ask for the recording (the large-print page shows its
    # length): the build writes the other formats first, while it is being recorded.
    uses_recording: bool = False

    @property
    def main(self) -> FormatFile:
        return self.files[0]

    def load_writer(self) -> Writer:
        """The writer's ``write`` function (imports the writer's package)."""
        return importlib.import_module(self.writer).write

    def read_text(self, path: Path) -> str:
        """The reading-order text of this format's main file at ``path``."""
        return importlib.import_module(self.reader).read_text(path)


HTML_PAGE = FormatFile(
    "-large-print.html",
    "text/html",
    "Large-print web page (HTML)",
    "Large-print web page (HTML)",  # the page does not link to itself
    "HTML web page",
)
PDF_LEAFLET = FormatFile(
    ".pdf", "application/pdf", "Print leaflet (PDF)", "Printable leaflet (PDF)", "PDF document"
)
# The A5 leaflet imposed for saddle-stitch printing (``--booklet``). Only the print shop
# needs it: the large-print page does not link to it (no link text), and its label
# sends readers to the accessible file.
PDF_BOOKLET = FormatFile(
    "-booklet.pdf",
    "application/pdf",
    "A5 booklet for printing (PDF; the print leaflet is the accessible version)",
    "",
    "PDF document",
)
EPUB_BOOK = FormatFile(
    ".epub", "application/epub+zip", "E-book (EPUB)", "E-book (EPUB)", "EPUB e-book"
)
# The same book with the narration and media overlays: far bigger, so a file of its own
# that readers choose (read-aloud plays in Thorium and Readium-based apps; many ignore it).
EPUB_READ_ALOUD = FormatFile(
    "-read-aloud.epub",
    "application/epub+zip",
    "Read-aloud e-book (EPUB with narration)",
    "Read-aloud e-book (EPUB with narration)",
    "EPUB e-book with audio",
)
MP3_RECORDING = FormatFile(
    ".mp3", "audio/mpeg", "Audio narration (MP3)", "Audio recording (MP3)", "MP3 audio"
)
# What the recording says, as a page to read: headings per chapter, no timestamps.
TRANSCRIPT_PAGE = FormatFile(
    "-transcript.html",
    "text/html",
    "Transcript of the recording (HTML)",
    "Transcript of the recording (web page)",
    "HTML web page",
)
# The timed text for players (subtitles while the recording plays), not for reading.
VTT_CAPTIONS = FormatFile(
    ".vtt",
    "text/vtt",
    "Captions file (WebVTT)",
    "Captions file (WebVTT)",
    "WebVTT captions",
)

# The read-aloud e-book's format: ``--no-read-aloud`` leaves it out of the build.
READ_ALOUD = "read-aloud"

# In the order the downloads page and the large-print page list the files. The build
# order does not change a byte: shared results come from ``products.ArticleProducts``.
FORMATS: dict[str, Format] = {
    fmt.name: fmt
    for fmt in (
        Format(
            "html",
            "ssri_docs.writers.html",
            (HTML_PAGE,),
            "ssri_docs.checks.html",
            "url",
            uses_recording=True,
        ),
        Format(
            "pdf",
            "ssri_docs.writers.pdf",
            (PDF_LEAFLET, PDF_BOOKLET),
            "ssri_docs.checks.pdf",
            "url",
        ),
        Format("epub", "ssri_docs.writers.epub", (EPUB_BOOK,), "ssri_docs.checks.epub", "url"),
        Format(
            READ_ALOUD,
            "ssri_docs.writers.epub.read_aloud",
            (EPUB_READ_ALOUD,),
            "ssri_docs.checks.epub",
            "url",
            uses_recording=True,
        ),
        Format(
            "audio",
            "ssri_docs.writers.audio",
            (MP3_RECORDING, TRANSCRIPT_PAGE, VTT_CAPTIONS),
            "ssri_docs.checks.audio",
            "domain",
            uses_recording=True,
        ),
    )
}
FORMAT_NAMES: tuple[str, ...] = tuple(FORMATS)
# Every file any format writes, in listing order (the downloads page sorts by this).
ALL_FILES: tuple[FormatFile, ...] = tuple(f for fmt in FORMATS.values() for f in fmt.files)


def get_format(name: str) -> Format:
    """The format called ``name``; raises ``ValueError`` for an unknown name."""
    try:
        return FORMATS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}") from None


def file_named(slug: str, name: str) -> FormatFile | None:
    """The declared file that ``name`` is for article ``slug``, or None for a file no
    format writes. By name, because two files may share a media type (both e-books)."""
    return next((f for f in ALL_FILES if f.name(slug) == name), None)


__all__ = [
    "ALL_FILES",
    "FORMATS",
    "FORMAT_NAMES",
    "Format",
    "FormatFile",
    "READ_ALOUD",
    "file_named",
    "get_format",
]
