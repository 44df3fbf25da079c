"""Footnote marks, Gutenberg's and those pasted from Word Online.

Both become a raised number in the text that links to the "Notes" list the importer
adds at the end; a Word footnote's private editing address is never kept.
"""

from __future__ import annotations

import re

from ...model import Inline, Link, Superscript, Text

NOTES_ID = "notes"  # the id of the "Notes" heading that footnote marks link to
# Word Online footnotes: the mark links to "<editing address>#_ftn1", the note back
# to "...#_ftnref1".
WORD_NOTE = re.compile(r"_ftn(ref)?(\d+)$")


def footnote_mark(number: str) -> Link:
    """A footnote mark in the text: the raised number, linking to the "Notes" list."""
    return Link(f"#{NOTES_ID}", (Superscript((Text(number.strip("[] ")),)),))


def is_footnote_mark(node: Inline) -> bool:
    """Whether ``node`` is a mark made by :func:`footnote_mark`."""
    return isinstance(node, Link) and node.href == f"#{NOTES_ID}"
