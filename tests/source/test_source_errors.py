"""Each misuse of an issue-10 construct is refused: the line, the message, what to do.

The line is counted within the article text (1 = the first line after the details box).
"""

# The messages are quoted whole, as an editor reads them: long lines are the point.
# ruff: noqa: E501

from __future__ import annotations

import pytest

from ssri_docs.errors import SourceError

from .conftest import BODY_LINE

CASES = {
    "no_alt": (
        "Text.\n\n![](synapse.png)\n",
        3,
        "the picture 'synapse.png' has no description",
        "describe it between the [ ] for readers who cannot see it, or mark a picture that carries no information: ![](file.png){.decorative}",
    ),
    "decorative_alt": (
        "![A cell](synapse.png){.decorative}\n",
        1,
        "the picture 'synapse.png' is marked decorative but has a description",
        "leave the [] empty for a decorative picture, or remove {.decorative}.",
    ),
    "picture_class": (
        "![A cell](synapse.png){.big}\n",
        1,
        "a picture's {...} may only say {.decorative}",
        "write ![](border.png){.decorative} for a decorative picture.",
    ),
    "type": (
        "{type=z}\n1. One\n",
        1,
        "'type=z' is not an option of a numbered list",
        "write {reversed} to count down, and/or {type=a}, {type=A}, {type=i} or {type=I} to count in letters or Roman numerals.",
    ),
    "options_alone": (
        "{reversed}\nJust text.\n",
        1,
        "the options line '{reversed}' is not directly above a numbered list",
        "put '{reversed}' or '{type=a}' on the line just above the list's first item (for text in another language use '::: {lang=cy}' ... ':::').",
    ),
    "lang": (
        "Say [hello]{lang=english}.\n",
        1,
        "'english' is not a language code",
        "write a BCP 47 language tag such as cy (Welsh), ur (Urdu), pl (Polish) or zh-Hans (Chinese, simplified).",
    ),
    "span_no_lang": (
        "Say [hello]{dir=rtl}.\n",
        1,
        "a phrase in another language has no lang=",
        "write [Croeso]{lang=cy}, with the language's BCP 47 code.",
    ),
    "dir": (
        "Say [hello]{lang=ar dir=up}.\n",
        1,
        "dir='up' is not a writing direction",
        "write dir=rtl (right to left) or dir=ltr, or leave it out.",
    ),
    "passage_lang": (
        "::: {lang=x}\nText.\n:::\n",
        1,
        "'x' is not a language code",
        "write a BCP 47 language tag such as cy (Welsh), ur (Urdu), pl (Polish) or zh-Hans (Chinese, simplified).",
    ),
    "passage_other": (
        "::: {class=x}\nText.\n:::\n",
        1,
        "'::: {class=x}' is not a language block",
        "write '::: {lang=cy}', or '::: {lang=ur dir=rtl}' for a right-to-left script.",
    ),
    "container": (
        "::: warning\nText.\n:::\n",
        1,
        "'::: warning' is not a kind of block",
        "use '::: verse' for lines kept as written, or '::: {lang=cy}' for text in another language.",
    ),
    "verse_extra": (
        "::: verse now\nText.\n:::\n",
        1,
        "'::: verse now' has more than the word verse",
        "write '::: verse' alone on the line.",
    ),
    "verse_list": (
        "::: verse\n- a\n:::\n",
        2,
        "a verse block holds only lines of text",
        "end the verse with ':::' before a list, heading or table.",
    ),
    "caption_alone": (
        "Table: Doses\n\nJust text.\n",
        1,
        "a 'Table:' caption line is not followed by a table",
        "put the caption line directly above its table, or remove 'Table:'.",
    ),
    "caption_both": (
        "Table: Doses\n\n<table><caption>Also</caption><tr><td>1</td></tr></table>\n",
        3,
        "this table has both a 'Table:' line and a <caption>",
        "keep one of them.",
    ),
    "html_div": (
        "<div>hello</div>\n",
        1,
        "HTML is not allowed in the article text",
        "use Markdown instead (see docs/source-format.md); the only HTML allowed is a <table> block, for tables a pipe table cannot write.",
    ),
    "table_img": (
        "<table>\n<tr><td>ok</td></tr>\n<tr><td><img src=x></td></tr>\n</table>\n",
        3,
        "<img> is not allowed here in a table (inside a cell only text formatting)",
        "a table may use only table, caption, thead, tbody, tfoot, tr, th, td and, in a cell, strong, em, a, br, sup, sub, span, code (see docs/source-format.md).",
    ),
    "table_style": (
        '<table>\n<tr><td style="color:red">x</td></tr>\n</table>\n',
        2,
        "the attribute style= is not allowed on <td>",
        "<td> takes align, colspan, rowspan, scope; the build adds all layout itself.",
    ),
    "table_blank": (
        "<table>\n<tr><td>x</td></tr>\n\n</table>\n",
        1,
        "this HTML block is not one complete <table>",
        "write the table from <table> to </table> with no blank line inside it, and nothing else in the block.",
    ),
    "table_div": (
        "<table>\n<div>x</div>\n</table>\n",
        2,
        "<div> is not allowed here in a table (the <caption> comes first, once)",
        "a table may use only table, caption, thead, tbody, tfoot, tr, th, td and, in a cell, strong, em, a, br, sup, sub, span, code (see docs/source-format.md).",
    ),
    "td_scope": (
        '<table>\n<tr><td scope="row">x</td></tr>\n</table>\n',
        2,
        "scope= is given on a data cell (<td>)",
        "make it a header cell (<th scope=...>) or remove scope=.",
    ),
    "th_scope": (
        '<table>\n<tr><th scope="diagonal">x</th></tr>\n</table>\n',
        2,
        "scope='diagonal' is not a header scope",
        'write scope="col" for a column header or scope="row" for a row header.',
    ),
    "image_in_heading": (
        "## A ![x](synapse.png) heading\n",
        1,
        "a picture is inside a paragraph, heading or table cell",
        "put the picture on a line of its own.",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_refused_with_line_message_and_hint(refused, name):
    body, *expected = CASES[name]
    assert refused(body) == tuple(expected)


def test_a_picture_name_too_long_for_the_file_system_is_not_found(refused):
    name = "a" * 300 + ".png"
    assert refused(f"![A cell]({name})\n") == (
        1,
        f"the picture file {name!r} was not found next to the article",
        "check the file name and that the picture is in the same folder as the article.",
    )


def test_every_refused_block_of_the_text_is_reported_in_one_run(article):
    """Found by a new-user trial: three bad links needed three runs of lint."""
    body = "[one](javascript:alert(1))\n\nGood text.\n\n[two](data:text/html,x)\n\n<b>raw</b>\n"
    with pytest.raises(SourceError) as caught:
        article(body)
    found = [(e.line - BODY_LINE + 1, e.message) for e in caught.value.errors]
    assert found == [
        (1, "the link address 'javascript:alert(1)' is not a full web address"),
        (5, "the link address 'data:text/html,x' is not a full web address"),
        (7, "HTML is not allowed in the article text"),
    ]
