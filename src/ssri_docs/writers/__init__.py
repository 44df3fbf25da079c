"""Writers: one package per format, each turning the article model into its files.

A writer is the ``write(article: Article, products: ArticleProducts) -> list[OutputFile]``
function of ``writers/<format>/__init__.py``. It returns the files' bytes; the build step
stages and publishes them. What several formats need from one article (the leaflet
layout, the recording) comes from ``products.ArticleProducts``, never from another
writer. Formats are declared in ``formats.py``; a writer's package is imported only
when its format is asked for, so an HTML build never pays for WeasyPrint's start-up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..products import ArticleProducts, BuildOptions


@dataclass(frozen=True)
class OutputFile:
    """One built file, ready to be published into ``output/<slug>/``."""

    name: str  # file name, e.g. "how-ssri-work.pdf"
    data: bytes
    media_type: str  # e.g. "application/pdf"
    label: str  # what a reader calls it (formats.FormatFile.label)
    details: dict[str, Any] = field(default_factory=dict)  # e.g. {"duration": 312.4}


__all__ = ["ArticleProducts", "BuildOptions", "OutputFile"]
