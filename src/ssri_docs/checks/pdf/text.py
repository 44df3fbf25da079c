"""Read the print leaflet back: the text layer of the built PDF, in reading order.

Text inside artifacts (the running header, the page numbers) is left out: it is not
part of what the leaflet says, and a screen reader skips it too. Words hyphenated
across lines are joined again.
"""

from __future__ import annotations

import re
from pathlib import Path

from pypdf import PdfReader

# A hyphen added by hyphenation (U+2010, or a soft hyphen) at a line end: removed.
_HYPHENATED = re.compile(r"(\w)[\u2010\u00ad]\s*\n\s*(\w)")
# A hyphen that is part of the text ("Obsessive-Compulsive", an address) where the
# line was broken after it: kept, and the two halves joined.
_BROKEN_AFTER_HYPHEN = re.compile(r"(\w)-[ \t]*\n\s*(\w)")


def read_text(path: Path) -> str:
    """The leaflet's text, page after page, without artifacts."""
    reader = PdfReader(path)
    text = "\n".join(_page_text(page) for page in reader.pages)
    text = _HYPHENATED.sub(r"\1\2", text)
    return _BROKEN_AFTER_HYPHEN.sub(r"\1-\2", text)


def _page_text(page) -> str:
    # pypdf reports each operator before running it: a stack of the open
    # marked-content tags says whether the text shown next is an artifact.
    open_tags: list[str] = []
    parts: list[str] = []

    def before(operator: bytes, operands: list, cm: list, tm: list) -> None:
        if operator in (b"BDC", b"BMC"):
            open_tags.append(str(operands[0]))
        elif operator == b"EMC" and open_tags:
            open_tags.pop()

    def text(content: str, cm: list, tm: list, font: object, size: float) -> None:
        if "/Artifact" not in open_tags:
            parts.append(content)

    page.extract_text(visitor_operand_before=before, visitor_text=text)
    return "".join(parts)
