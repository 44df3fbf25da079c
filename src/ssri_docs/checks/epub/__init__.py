"""The e-books' checks: its read-back text, its own rules, EPUBCheck and Ace.

- ``text.py``: ``read_text`` and the book's package and spine, read from the zip.
- ``rules.py``: the accessibility and safety rules the EPUB writer also runs.
- ``epubcheck.py``: the W3C's EPUBCheck (a check).
- ``ace.py``: Ace by DAISY (a check).
"""

from dataclasses import replace

from ...formats import READ_ALOUD
from . import ace, epubcheck
from .ace import ace_executable, run_ace
from .epubcheck import jar_path, run_epubcheck
from .rules import Problem, check_documents, check_epub
from .text import NS, document_text, read_package, read_spine, read_text

# This format's lines of the check table (``checks/table.py`` gathers every format's):
# the same validators on both books, the text-only one and the read-aloud one.
CHECKS = tuple(
    replace(check, fmt=fmt)
    for fmt in ("epub", READ_ALOUD)
    for check in (epubcheck.CHECK, ace.CHECK)
)

__all__ = [
    "CHECKS",
    "NS",
    "Problem",
    "ace_executable",
    "check_documents",
    "check_epub",
    "document_text",
    "jar_path",
    "read_package",
    "read_spine",
    "read_text",
    "run_ace",
    "run_epubcheck",
]
