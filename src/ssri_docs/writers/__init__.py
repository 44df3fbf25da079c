"""Writers: each turns the article model into one output format.

A writer is a module in this package with a function
``write(article: Article, context: BuildContext) -> list[OutputFile]``. It returns the
files' bytes; the build step stages and publishes them. Writers are imported only when
their format is asked for, so an HTML build never pays for WeasyPrint's start-up.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Article
from ..reporting import Reporter

# Build order: later writers may use what earlier ones found (the EPUB's page list
# comes from the PDF's layout, its read-aloud from the audio's timings).
FORMATS: tuple[str, ...] = ("pdf", "audio", "epub", "html")


@dataclass(frozen=True)
class OutputFile:
    """One built file, ready to be published into ``output/<slug>/``."""

    name: str  # file name, e.g. "how-ssri-work.pdf"
    data: bytes
    media_type: str  # e.g. "application/pdf"
    label: str  # what a reader calls it, e.g. "Print leaflet (PDF)"
    details: dict[str, Any] = field(default_factory=dict)  # e.g. {"duration": 312.4}


@dataclass(frozen=True)
class BuildOptions:
    """Everything the command line can change about how formats are written."""

    paper: str = "a4"  # a4, a5 or letter
    print_marks: bool = False
    tts: str | None = None  # engine; None means the site's narration setting
    voice: Path | None = None  # piper voice file
    read_aloud: bool = True  # EPUB media overlays
    cache_dir: Path = Path(".cache/ssri-docs")


@dataclass
class BuildContext:
    """Per-article state handed to each writer in turn."""

    options: BuildOptions
    reporter: Reporter
    output_dir: Path  # the published output/<slug>/ folder (read-only for writers)
    formats: tuple[str, ...]  # every format being built for this article in this run
    # What earlier writers leave for later ones, e.g. "pdf.page_starts", "audio.timeline".
    shared: dict[str, Any] = field(default_factory=dict)


Writer = Callable[[Article, BuildContext], list[OutputFile]]


def load_writer(name: str) -> Writer:
    """The ``write`` function of the named format's module."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r}")
    module = importlib.import_module(f"{__name__}.{name}")
    return module.write
