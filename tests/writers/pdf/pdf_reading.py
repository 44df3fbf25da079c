"""Read a built PDF back for the tests: each structure element's text, and which
characters its embedded fonts really draw. pikepdf only, independent of the PDF text
reader the checks use (checks/pdf/text.py), so the tests do not share its faults."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
from fontTools.ttLib import TTFont
from pikepdf import Dictionary, Name

from ssri_docs.pdf_tree import kids

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9a-fA-F]*)>")


def _utf16(value: bytes) -> str:
    return bytes.fromhex(value.decode()).decode("utf-16-be", "replace")


def to_unicode(font: Dictionary) -> dict[int, str]:
    """Glyph code -> text, from a font's ToUnicode CMap."""
    table: dict[int, str] = {}
    if "/ToUnicode" not in font:
        return table
    cmap = font.ToUnicode.read_bytes()
    for block in _BFCHAR.findall(cmap):
        values = _HEX.findall(block)
        for i in range(0, len(values) - 1, 2):
            table[int(values[i], 16)] = _utf16(values[i + 1])
    for block in _BFRANGE.findall(cmap):
        values = _HEX.findall(block)
        for i in range(0, len(values) - 2, 3):
            low, high, first = int(values[i], 16), int(values[i + 1], 16), _utf16(values[i + 2])
            for code in range(low, high + 1):
                table[code] = first[:-1] + chr(ord(first[-1]) + code - low)
    return table


def mcid_texts(pdf: pikepdf.Pdf) -> dict[tuple[tuple[int, int], int], str]:
    """{(page objgen, MCID): text} of every marked-content sequence (Type0 fonts); the
    text of the page's artifacts under the MCID -1."""
    result: dict[tuple[tuple[int, int], int], str] = {}
    for page in pdf.pages:
        fonts = {str(k): to_unicode(f) for k, f in page.Resources.get("/Font", {}).items()}
        stack: list[int | None] = []
        table: dict[int, str] = {}
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name == "BDC":
                props = operands[1]
                has_mcid = isinstance(props, Dictionary) and "/MCID" in props
                artifact = operands[0] == Name.Artifact
                stack.append(int(props.MCID) if has_mcid else (-1 if artifact else None))
            elif name == "BMC":
                stack.append(None)
            elif name == "EMC" and stack:
                stack.pop()
            elif name == "Tf":
                table = fonts.get(str(operands[0]), {})
            elif name in ("Tj", "TJ"):
                mcid = next((m for m in reversed(stack) if m is not None), None)
                if mcid is None:
                    continue
                strings = operands[0] if name == "TJ" else [operands[0]]
                text = []
                for string in strings:
                    if isinstance(string, pikepdf.String):
                        raw = bytes(string)
                        for i in range(0, len(raw) - 1, 2):
                            text.append(table.get(int.from_bytes(raw[i : i + 2], "big"), "\ufffd"))
                key = (page.objgen, mcid)
                result[key] = result.get(key, "") + "".join(text)
    return result


def element_text(element: Dictionary, texts: dict, page=None) -> str:
    """The text of a structure element's marked content, in tree order."""
    page = element.get("/Pg", page)
    out = []
    for kid in kids(element):
        if isinstance(kid, int) and page is not None:
            out.append(texts.get((page.objgen, int(kid)), ""))
        elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
            out.append(texts.get((kid.get("/Pg", page).objgen, int(kid.MCID)), ""))
        elif isinstance(kid, Dictionary) and "/S" in kid:
            out.append(element_text(kid, texts, page))
    return "".join(out)


def drawn_and_notdef(path: Path) -> tuple[set[str], set[str]]:
    """(characters drawn with a real glyph, characters drawn as .notdef).

    WeasyPrint gives a character no font has a glyph id past the font's glyphs (so
    .notdef is drawn); a glyph id below the embedded program's maxp.numGlyphs is real.
    A subset's own cmap is no use here: it drops letters drawn only in contextual forms.
    """
    drawn: set[str] = set()
    notdef: set[str] = set()
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            for font in page.Resources.get("/Font", {}).values():
                if font.get("/Subtype") != "/Type0" or "/ToUnicode" not in font:
                    continue
                descriptor = font.DescendantFonts[0].FontDescriptor
                program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
                count = 1 << 16
                if program is not None:
                    count = TTFont(io.BytesIO(program.read_bytes()), lazy=True)["maxp"].numGlyphs
                for code, text in to_unicode(font).items():
                    (drawn if 0 < code < count else notdef).update(text)
    return drawn, notdef
