"""Limits on an article's text that protect the build machine and the reader (issue 11).

Each limit is checked when the source is loaded, before any format is built, and is
documented in docs/source-format.md. Beyond a limit the article is refused with the
file, the line and what to do: never cut short, never left to run for minutes.
"""

from __future__ import annotations

MAX_TEXT_BYTES = 1_000_000  # the article text below the details box, in UTF-8 bytes
MAX_BLOCKS = 5_000  # paragraphs, headings, list items' blocks, ... (model.iter_blocks)
MAX_DEPTH = 8  # lists, quotes, passages, definitions and verse inside one another
MAX_SPAN = 100  # a table cell's rowspan or colspan
MAX_TABLE_CELLS = 10_000  # grid slots of one table (rows x columns, spans counted)

# markdown-it's own nesting limit: above MAX_DEPTH's worst case (a list level is two
# token levels), so the format's limit is always met first. markdown-it silently drops
# everything after the point where it gives up; body.py checks it never did.
PARSER_NESTING = 4 * MAX_DEPTH + 8
