"""Characters no installed font can draw, found in the laid-out leaflet.

Pango marks a character that no font covers with ``PANGO_GLYPH_UNKNOWN_FLAG`` plus its
code point in the glyph string, and WeasyPrint 70 then draws ``.notdef`` (an empty box)
and only logs a warning while writing. The build instead names each such character,
with the HTML element it is in and the line of the source file it first appears on,
so an editor can install a font or change the text before the leaflet is printed.

Reads WeasyPrint's laid-out boxes (``Page._page_box``, as ``layout.page_breaks`` does)
and re-creates each text box's Pango layout the way ``weasyprint/draw/text.py`` does
before drawing it: private API, pinned with ``weasyprint==70.0``.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from weasyprint import Document
from weasyprint.formatting_structure import boxes
from weasyprint.text.ffi import ffi, pango


@dataclass(frozen=True)
class MissingGlyph:
    """A character drawn as ``.notdef``, and where."""

    char: str
    element: str  # the HTML element it is in, e.g. "h2#feeling-low" or "span"

    def message(self, source: Path | None = None) -> str:
        """E.g. "no installed font can draw U+E000 (unnamed character) in <p>, first on
        line 7 of source/x.md"; ``source`` is the article's file (its line is looked up)."""
        name = unicodedata.name(self.char, "unnamed character")
        where = f" in <{self.element}>"
        line = source_line(source, self.char) if source is not None else None
        if source is not None:
            where += f", first on line {line} of {source}" if line else f" of {source}"
        return f"no installed font can draw U+{ord(self.char):04X} ({name}){where}"


def missing_in_layout(document: Document) -> list[MissingGlyph]:
    """Each character drawn as ``.notdef`` in the laid-out document, once per element
    kind, in reading order."""
    found: dict[tuple[str, str], MissingGlyph] = {}
    for page in document.pages:
        for char, element in _missing_in_box(page._page_box):
            found.setdefault((char, element), MissingGlyph(char, element))
    return list(found.values())


def source_line(source: Path, char: str) -> int | None:
    """The 1-based line of ``source`` where ``char`` first appears, or None."""
    try:
        text = source.read_text(encoding="utf-8")
    except OSError:
        return None
    position = text.find(char)
    return None if position < 0 else text.count("\n", 0, position) + 1


def _missing_in_box(box: Any) -> Iterator[tuple[str, str]]:
    if isinstance(box, boxes.TextBox) and box.pango_layout is not None:
        layout = box.pango_layout
        if not hasattr(layout, "layout"):
            # After layout WeasyPrint frees each Pango layout; drawing re-creates it.
            layout.reactivate(box.style)
        try:
            for glyph_item in _line_runs(layout):
                glyphs = glyph_item.glyphs
                for index in range(glyphs.num_glyphs):
                    glyph = glyphs.glyphs[index].glyph
                    if glyph != pango.PANGO_GLYPH_EMPTY and glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                        yield chr(glyph - pango.PANGO_GLYPH_UNKNOWN_FLAG), _describe(box)
        finally:
            layout.deactivate()
        return
    for child in getattr(box, "children", ()):
        yield from _missing_in_box(child)


def _line_runs(layout: Any) -> Iterator[Any]:
    """The Pango glyph items of a text box's one line."""
    first_line, _ = layout.get_first_line()
    run = first_line.runs[0]
    while run != ffi.NULL:
        yield run.data
        run = run.next


def _describe(box: Any) -> str:
    element = getattr(box, "element", None)
    name = box.element_tag or "text"
    if element is not None and element.get("id"):
        name += "#" + element.get("id")
    return name
