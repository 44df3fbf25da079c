"""Language of parts in the leaflet's structure tree (WCAG 3.1.2, PDF/UA-1 7.2).

WeasyPrint 70 writes ``/Lang`` on the document catalog only: a Welsh paragraph or an
Urdu passage (``lang="cy"``, ``lang="ur" dir="rtl"`` from the template) is tagged as
if it were English, and a screen reader reads it with an English voice.
"""

from __future__ import annotations

import re

import pikepdf
from pikepdf import String

from ...pdf_tree import structure_elements
from .struct_map import HtmlElements, html_of


def add_lang(pdf: pikepdf.Pdf, elements: HtmlElements) -> int:
    """``/Lang`` on every structure element whose HTML element has a ``lang`` of its own
    other than the document's; return how many were set."""
    document_lang = str(pdf.Root.get("/Lang", "")).lower()
    count = 0
    for element in structure_elements(pdf.Root.StructTreeRoot):
        html = html_of(element.node, elements)
        lang = html.get("lang") if html is not None else None
        if lang and lang.lower() != document_lang:
            element.node.Lang = String(lang)
            count += 1
    return count


def add_actual_text_rtl(pdf: pikepdf.Pdf, elements: HtmlElements) -> int:
    """``/ActualText`` (the HTML text, logical order) on each ``dir="rtl"`` element.

    Right-to-left glyphs are drawn in visual order, and a shaping font's glyphs need not
    map back to their letters through ``ToUnicode``; the tree then still holds the text
    as written. Returns how many elements were given one.
    """
    count = 0
    for element in structure_elements(pdf.Root.StructTreeRoot):
        html = html_of(element.node, elements)
        if html is None or (html.get("dir") or "").lower() != "rtl":
            continue
        if "/ActualText" not in element.node:
            text = re.sub(r"\s+", " ", "".join(html.itertext())).strip()
            element.node.ActualText = String(text)
            count += 1
    return count
