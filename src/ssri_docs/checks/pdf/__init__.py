"""The print leaflet's checks: its read-back text, and its PDF/UA-1 structure.

- ``text.py``: ``read_text``, the leaflet's text in reading order (for content parity).
- ``structure.py``: the PDF/UA-1 machine-checkable core, with pikepdf (a check); the
  structure tree is walked by ``ssri_docs.pdf_tree``, shared with the tagging repair.
- ``pdfua.py``: the ``pdfua`` checker's rules (a check).
"""

from . import pdfua, structure
from .structure import bookmarks, heading_levels, problems
from .text import read_text

# This format's lines of the check table (``checks/table.py`` gathers every format's).
CHECKS = (structure.CHECK, pdfua.CHECK)

__all__ = ["CHECKS", "bookmarks", "heading_levels", "problems", "read_text"]
