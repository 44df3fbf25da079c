"""What several formats need from one article, computed once, whichever formats are built.

Two results are shared between formats. The *leaflet layout* is the print leaflet laid
out on pages by WeasyPrint: the PDF writer writes it, and the e-book takes its page
breaks for its print page numbers. The *recording* is the narration synthesised and
encoded: the audio writer writes it as MP3 and WebVTT, and the read-aloud e-book carries
the same MP3 with media overlays timed by its timeline. This is WeasyPrint's own
``render() -> Document -> write_pdf()`` hand-off, one step up: the build makes one
``ArticleProducts`` per article, and each writer asks it for what it needs.

Each result is a cached property: computed on first use, at most once per article,
and never when no requested format needs it (so an HTML-only build never starts
WeasyPrint or a speech engine). Building an e-book alone still lays out the leaflet
(for its print page numbers), and the read-aloud e-book narrates the article; the build
log says so.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .reporting import Reporter

if TYPE_CHECKING:  # heavy imports, only when a result is computed
    from weasyprint import Document

    from .model import Article, Narration  # not at run time: the CLI imports BuildOptions
    from .speech.cache import CacheStats
    from .writers.audio.tags import ChapterMark


@dataclass(frozen=True)
class BuildOptions:
    """Everything the command line can change about how formats are written."""

    paper: str = "a4"  # a key of writers.pdf.PAPERS: a4, a5 or letter
    print_marks: bool = False
    booklet: bool = False  # also impose the A5 leaflet as a booklet on A4 (needs paper a5)
    tts: str | None = None  # engine (speech.ENGINES); None means the site's narration setting
    voice: Path | None = None  # piper voice file
    cache_dir: Path = Path(".cache/ssri-docs")

    def speech_engine(self, narration: Narration) -> str:
        """The engine asked for: ``--tts``, else the site's ``narration: engine:``."""
        return self.tts or narration.engine


@dataclass(frozen=True)
class PageOpening:
    """A place a printed page opens with, for the e-book's page-break markers."""

    page: int  # counted from 1
    anchor: str  # the id of the innermost element around the place
    begins: bool  # the element begins on this page (else it runs on from the last one)
    # Letters (characters other than white space) of that element on earlier pages.
    offset: int


@dataclass(frozen=True)
class LeafletLayout:
    """The print leaflet laid out on pages, not yet written as PDF."""

    document: Document  # WeasyPrint's laid-out document; ``write_pdf`` makes the bytes
    page_breaks: tuple[PageOpening, ...]  # what each page opens with, in reading order
    paper: str  # the option's name: "a4", "a5" or "letter"
    paper_size: str  # as CSS and readers name it: "A4", "A5" or "letter"

    @property
    def pages(self) -> int:
        return len(self.document.pages)


class TimelineEntry(NamedTuple):
    """One spoken utterance of the recording."""

    chapter: int
    text: str  # as written in the source, before the pronunciation lexicon
    start: float  # seconds
    end: float  # seconds, end of speech (the pause after it is not included)
    source: tuple  # block path, e.g. (1, 3) = section 1, block 3; ("disclaimer",)


@dataclass(frozen=True)
class Recording:
    """The narration synthesised, timed and encoded: the tagged MP3 and its timings."""

    mp3: bytes  # tagged MP3 (ID3v2.4 chapters and transcript), as published
    timeline: tuple[TimelineEntry, ...]  # every utterance, in the recording's order
    chapters: tuple[ChapterMark, ...]  # one per section, milliseconds
    transcript: str  # what the narration says, as the ID3 transcript carries it
    duration: float  # seconds
    engine: str  # the speech engine's name, e.g. "espeak"
    voice: str  # the engine's voice, e.g. "en-gb"
    stats: CacheStats = field(compare=False)  # sentences synthesised / reused this time
    fallback: str = ""  # why ``auto`` did not use Google's voice ("" when it did or was not asked)


class ArticleProducts:
    """One article's shared results, each computed lazily, at most once.

    ``formats`` are the formats built for this article in this run and ``output_dir``
    its published ``output/<slug>/`` folder (read-only here), so a writer can tell
    which other files will sit beside its own.
    """

    def __init__(
        self,
        article: Article,
        options: BuildOptions,
        reporter: Reporter,
        output_dir: Path,
        formats: tuple[str, ...],
    ) -> None:
        self.article = article
        self.options = options
        self.reporter = reporter
        self.output_dir = output_dir
        self.formats = formats
        # A recording being made in another process (``article_jobs.make_products``):
        # called once, when a writer first asks; None back means "record here instead".
        self.recording_elsewhere: Callable[[], Recording | None] | None = None
        # Stops that recording without waiting for it (an interrupted build)
        self.stop_elsewhere: Callable[[], None] | None = None

    def settle(self, interrupted: bool = False) -> None:
        """Wait for a recording still being made elsewhere (after a writer failed), so it
        never outlives this article's build; its result or error is not wanted.
        ``interrupted`` (Ctrl-C, SIGTERM): stop it instead, at once."""
        wait, self.recording_elsewhere = self.recording_elsewhere, None
        stop, self.stop_elsewhere = self.stop_elsewhere, None
        if interrupted and stop is not None:  # even while a writer was waiting for it
            stop()
        elif wait is not None:
            # the writer's failure is the one reported, not the recording's
            with contextlib.suppress(Exception):
                wait()

    @cached_property
    def leaflet_layout(self) -> LeafletLayout:
        """The leaflet on the requested paper; raises ``BuildError`` if it cannot be
        laid out cleanly (a font missing, a picture outside the article's folder...)."""
        from .writers.pdf import PAPERS, load_weasyprint

        load_weasyprint()
        from .writers.pdf.layout import lay_out, page_breaks

        paper = self.options.paper
        # Said before and after: a long article's layout takes minutes, and nothing
        # else is printed meanwhile.
        self.reporter.info(
            f"  leaflet layout: laying out on {paper.upper()} paper "
            f"({len(self.article.blocks):,} blocks of text)\N{HORIZONTAL ELLIPSIS}"
        )
        started = time.monotonic()
        document = lay_out(self.article, paper=paper, print_marks=self.options.print_marks)
        self.reporter.info(
            f"  leaflet layout: {len(document.pages):,} pages on {paper.upper()} paper "
            f"in {time.monotonic() - started:.1f} s"
        )
        return LeafletLayout(document, tuple(page_breaks(document)), paper, PAPERS[paper].css_size)

    @cached_property
    def recording(self) -> Recording:
        """The narration, synthesised through the speech cache; raises ``UserError``
        when the chosen speech engine cannot be used."""
        wait, self.recording_elsewhere = self.recording_elsewhere, None
        if wait is not None and (made := wait()) is not None:
            return made
        from .writers.audio.recording import record

        self.reporter.info("  recording: narrating the article")
        return record(self.article, self.options, self.reporter)


__all__ = [
    "ArticleProducts",
    "BuildOptions",
    "LeafletLayout",
    "PageOpening",
    "Recording",
    "TimelineEntry",
]
