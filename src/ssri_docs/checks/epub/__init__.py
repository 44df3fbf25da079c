"""The e-book's checks: its read-back text, its own rules, EPUBCheck and Ace.

- ``text.py``: ``read_text`` and the book's package and spine, read from the zip.
- ``rules.py``: the accessibility and safety rules the EPUB writer also runs.
- ``epubcheck.py``: the W3C's EPUBCheck (a check).
- ``ace.py``: Ace by DAISY (a check).
"""

from . import ace, epubcheck
from .ace import ace_executable, run_ace
from .epubcheck import jar_path, run_epubcheck
from .rules import Problem, check_documents, check_epub
from .text import NS, document_text, read_package, read_spine, read_text

# This format's lines of the check table (``checks/table.py`` gathers every format's).
CHECKS = (epubcheck.CHECK, ace.CHECK)

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
