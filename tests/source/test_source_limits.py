"""Issue 11's limits on the article text: refused at load time, with line and remedy.

markdown-it stops at its nesting limit and silently drops the rest of the article, and
prints a ``javascript:`` link as plain text; both are refused instead. The line is
counted within the article text (0 = the blank line after the details box).
"""

# The messages are quoted whole, as an editor reads them: long lines are the point.
# ruff: noqa: E501

from __future__ import annotations

import pytest

from ssri_docs.model import ListBlock, iter_blocks

deep = "".join("  " * i + "- level\n" for i in range(10)) + "\nLost paragraph.\n\n## Lost section\n"

CASES = {
    "deep_list": (
        deep,
        9,
        "the text is nested more than 8 levels deep here",
        "the limit is 8 levels of lists, quotes and passages inside one another; move the deepest part out to a level above.",
    ),
    "deep_quote": (
        ">" * 60 + " text\n",
        1,
        "the text is nested more than 8 levels deep here",
        "the limit is 8 levels of lists, quotes and passages inside one another; move the deepest part out to a level above.",
    ),
    "size": (
        "word " * 250_000 + "\n",
        0,
        "the article text is 1,250,002 bytes long; the limit is 1,000,000",
        "split it into several articles.",
    ),
    "blocks": (
        "".join(f"- item {i}\n" for i in range(5001)),
        5000,
        "the article has more than 5000 blocks (paragraphs, list items, ...)",
        "split it into several articles.",
    ),
    "rowspan": (
        '<table>\n<tr><td rowspan="101">x</td></tr>\n</table>\n',
        2,
        "rowspan='101' is not a whole number from 1 to 100",
        "a cell can span at most 100 rows or columns; split the table.",
    ),
    "colspan": (
        '<table>\n<tr><td colspan="1000000">x</td></tr>\n</table>\n',
        2,
        "colspan='1000000' is not a whole number from 1 to 100",
        "a cell can span at most 100 rows or columns; split the table.",
    ),
    "cells": (
        '<table>\n<tr><td rowspan="100" colspan="100">x</td><td rowspan="100" colspan="100">y</td></tr>\n</table>\n',
        1,
        "this table has 20000 cells (spans counted); the limit is 10000",
        "split it into smaller tables.",
    ),
    "javascript": (
        "First line\nsecond line [x](javascript:alert(1)) here.\n",
        2,
        "the link address 'javascript:alert(1)' is not a full web address",
        "write the full address, starting with https:// (or mailto: for an email address, or # and a heading's id for a place in the article).",
    ),
    "table_js": (
        '<table>\n<tr><td><a href="javascript:alert(1)">x</a></td></tr>\n</table>\n',
        2,
        "the link address 'javascript:alert(1)' is not a full web address",
        "write the full address, starting with https:// (or mailto: for an email address, or # and a heading's id for a place in the article).",
    ),
    "image_js": (
        "![x](javascript:alert(1))\n",
        1,
        "the picture 'javascript:alert(1)' is not a file next to the article",
        "save the picture in the article's folder and write just its file name.",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_refused_with_line_message_and_hint(refused, name):
    body, *expected = CASES[name]
    assert refused(body) == tuple(expected)


def test_eight_levels_are_kept_to_the_last_section(article):
    body = (
        "".join("  " * i + "- level\n" for i in range(8)) + "\nKept.\n\n## Kept section\n\nEnd.\n"
    )
    blocks = article(body).blocks
    assert sum(isinstance(b, ListBlock) for b in iter_blocks(blocks)) == 8
    assert blocks[-1].children[0].text == "End."


def test_largest_spans_and_table_are_accepted(article):
    (table,) = article(
        '<table>\n<tr><td rowspan="100" colspan="100">x</td></tr>\n</table>\n'
    ).blocks
    assert len(table.grid()) == 1 and table.body[0][0].colspan == 100
