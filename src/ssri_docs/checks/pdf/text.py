"""Read the print leaflet back: its text in the structure tree's reading order.

This is the text a screen reader meets: each structure element's ``/ActualText``
where it has one (right-to-left script stored in visual order reads back in logical
order), else the marked content it reaches, in tree order. Artifacts (the running
header, the page numbers, repeated table headers) are never in the tree, so they are
left out by construction. Block elements (paragraphs, headings, list items, cells)
are separated by a line break; marked content drawn on another baseline starts a new
line, because a space at a line end is not drawn at all. Words hyphenated across
lines are joined again. pikepdf only: the content streams are decoded here through
each font's ``ToUnicode`` map.

A PDF without a structure tree is read in content order, marked content only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name

from ...pdf_tree import kids

# Structure types after which a reader starts a new line.
_BLOCKS = frozenset(
    [
        "/P",
        "/H",
        "/H1",
        "/H2",
        "/H3",
        "/H4",
        "/H5",
        "/H6",
        "/LI",
        "/TR",
        "/Caption",
        "/Div",
        "/TH",
        "/TD",
        "/BlockQuote",
        "/Figure",
        "/Table",
        "/L",
        "/Note",
        "/Sect",
        "/Art",
        "/TOCI",
    ]
)
# A hyphen added by hyphenation (U+2010, or a soft hyphen) at a line end: removed.
_HYPHENATED = re.compile(r"(\w)[\u2010\u00ad]\s*\n\s*(\w)")
# A hyphen that is part of the text ("Obsessive-Compulsive", an address) where the
# line was broken after it: kept, and the two halves joined.
_BROKEN_AFTER_HYPHEN = re.compile(r"(\w)-[ \t]*\n\s*(\w)")
_MAX_DEPTH = 200  # deeper trees are damaged or hostile: the rest is not read


def read_text(path: Path) -> str:
    """The leaflet's text in reading order, without artifacts (see the module's notes).

    Raises pikepdf.PdfError for a file that is not a readable PDF."""
    with pikepdf.open(path) as pdf:
        runs = marked_content(pdf)
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            text = _in_content_order(runs)
        else:
            pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
            text = _TreeReader(runs, pages).read(root)
    text = re.sub(r"[ \t]*\n[ \t\n]*", "\n", text).strip()
    text = _HYPHENATED.sub(r"\1\2", text)
    return _BROKEN_AFTER_HYPHEN.sub(r"\1-\2", text)


@dataclass
class Run:
    """The text of one marked-content sequence (page index, MCID) and the baselines
    (text-matrix y) of its first and last text shown."""

    text: str = ""
    first_y: float | None = None
    last_y: float | None = None
    order: int = 0  # position in its page's content stream
    parts: list[str] = field(default_factory=list)


class _TreeReader:
    def __init__(self, runs: dict[tuple[int, int], Run], pages: dict) -> None:
        self.runs = runs
        self.pages = pages
        self.out: list[str] = []
        self.previous: tuple[int, Run] | None = None
        self.seen: set[tuple[int, int]] = set()

    def read(self, root: Dictionary) -> str:
        self._visit(root, None, 0)
        return "".join(self.out)

    def _visit(self, node: Dictionary, page, depth: int) -> None:
        if depth > _MAX_DEPTH:
            return
        if node.is_indirect:
            if node.objgen in self.seen:
                return
            self.seen.add(node.objgen)
        page = node.get("/Pg", page)
        structure = str(node.get("/S", ""))
        block = structure in _BLOCKS
        if block:
            self._break()
        actual = node.get("/ActualText")
        if actual is not None and structure:
            self.out.append(str(actual))
            self.previous = None
        else:
            for kid in kids(node):
                if isinstance(kid, int) and not isinstance(kid, bool):
                    self._content(page, int(kid))
                elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                    self._content(kid.get("/Pg", page), int(kid.get("/MCID", -1)))
                elif isinstance(kid, Dictionary) and kid.get("/Type") != Name.OBJR:
                    self._visit(kid, page, depth + 1)
        if structure == "/Lbl":
            self.out.append(" ")
        if block:
            self._break()

    def _break(self) -> None:
        self.out.append("\n")
        self.previous = None

    def _content(self, page, mcid: int) -> None:
        index = self.pages.get(page.objgen) if isinstance(page, Dictionary) else None
        run = self.runs.get((index, mcid)) if index is not None else None
        if run is None:
            return
        if self.previous is not None:
            previous_page, previous = self.previous
            if previous_page != index or previous.last_y != run.first_y:
                self.out.append("\n")  # another line: its end space was never drawn
        self.out.append(run.text)
        self.previous = (index, run)


def _in_content_order(runs: dict[tuple[int, int], Run]) -> str:
    lines: list[str] = []
    previous: tuple[int, Run] | None = None
    for (page, _), run in sorted(runs.items(), key=lambda item: (item[0][0], item[1].order)):
        new_line = previous is None or previous[0] != page or previous[1].last_y != run.first_y
        lines.append(("\n" if new_line else "") + run.text)
        previous = (page, run)
    return "".join(lines)


def marked_content(pdf: pikepdf.Pdf) -> dict[tuple[int, int], Run]:
    """{(page index, MCID): Run} for every marked-content sequence with an MCID,
    its text decoded through the fonts' ``ToUnicode`` maps (U+FFFD where a code has
    no entry). Text in artifacts or outside marked content is not included."""
    result: dict[tuple[int, int], Run] = {}
    for index, page in enumerate(pdf.pages):
        resources = page.obj.get("/Resources", Dictionary())
        fonts = {str(k): _Font(f) for k, f in resources.get("/Font", Dictionary()).items()}
        stack: list[int | None] = []
        font = _Font(None)
        y: float | None = None
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name == "BDC":
                properties = operands[1] if len(operands) > 1 else None
                mcid = properties.get("/MCID") if isinstance(properties, Dictionary) else None
                stack.append(int(mcid) if mcid is not None else None)
            elif name == "BMC":
                stack.append(None)
            elif name == "EMC" and stack:
                stack.pop()
            elif name == "Tf" and operands:
                font = fonts.get(str(operands[0]), _Font(None))
            elif name == "Tm" and len(operands) == 6:
                y = round(float(operands[5]), 2)
            elif name in ("Td", "TD") and len(operands) == 2 and y is not None:
                y = round(y + float(operands[1]), 2)
            elif name in ("Tj", "TJ", "'", '"'):
                mcid = next((m for m in reversed(stack) if m is not None), None)
                if mcid is None or "/Artifact" in stack:
                    continue
                run = result.setdefault((index, mcid), Run(order=len(result)))
                strings = operands[0] if name == "TJ" else operands[-1:]
                run.text += "".join(font.decode(bytes(s)) for s in strings if _is_string(s))
                if run.first_y is None:
                    run.first_y = y
                run.last_y = y
    return result


def _is_string(value: object) -> bool:
    return isinstance(value, pikepdf.String | bytes)


_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_PAIR = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>")
_RANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*(<[0-9a-fA-F]*>|\[[^\]]*\])")
_HEX = re.compile(rb"<([0-9a-fA-F]*)>")


class _Font:
    """A font's codes -> text, from its ``ToUnicode`` CMap (2-byte codes for Type0)."""

    def __init__(self, font: Dictionary | None) -> None:
        self.width = 2 if font is not None and font.get("/Subtype") == Name.Type0 else 1
        self.table: dict[int, str] = {}
        if font is None or "/ToUnicode" not in font:
            return
        try:
            cmap = font.ToUnicode.read_bytes()
        except (pikepdf.PdfError, AttributeError):
            return
        for block in _BFCHAR.findall(cmap):
            for code, text in _PAIR.findall(block):
                self.table[int(code, 16)] = _utf16(text)
        for block in _BFRANGE.findall(cmap):
            for low, high, target in _RANGE.findall(block):
                first, last = int(low, 16), min(int(high, 16), int(low, 16) + 0xFFFF)
                if target.startswith(b"["):
                    for offset, text in enumerate(_HEX.findall(target)):
                        self.table[first + offset] = _utf16(text)
                    continue
                start = _utf16(target[1:-1])
                if not start:
                    continue
                for code in range(first, last + 1):
                    self.table[code] = start[:-1] + chr(
                        min(ord(start[-1]) + code - first, 0x10FFFF)
                    )

    def decode(self, raw: bytes) -> str:
        width = self.width
        codes = (int.from_bytes(raw[i : i + width], "big") for i in range(0, len(raw), width))
        if not self.table:  # a simple font without a map: Latin-1 is the best guess
            return raw.decode("latin-1") if width == 1 else "\ufffd" * (len(raw) // 2)
        return "".join(self.table.get(code, "\ufffd") for code in codes)


def _utf16(hex_digits: bytes) -> str:
    if len(hex_digits) % 2:
        hex_digits = b"0" + hex_digits
    return bytes.fromhex(hex_digits.decode("ascii")).decode("utf-16-be", "replace")
