"""Every issue-10 construct of the source format reaches the model, as written."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ssri_docs.model import (
    Code,
    Definition,
    DefinitionList,
    Emphasis,
    Figure,
    Heading,
    LineBreak,
    Link,
    ListBlock,
    Paragraph,
    Passage,
    Preformatted,
    Quote,
    Span,
    Strong,
    Subscript,
    Superscript,
    Table,
    TableCell,
    Text,
    Verse,
    iter_blocks,
)
from ssri_docs.source import load_article, load_site
from ssri_docs.source.front_matter import split_front_matter
from ssri_docs.source.markdown import make_parser

from .conftest import ARTICLES

CONSTRUCTS = ARTICLES / "constructs" / "constructs.md"
LONG_TABLE = ARTICLES / "long-table" / "long-table.md"


def load(path: Path):
    return load_article(path, load_site(path.parent / "site.yaml"))


def test_every_block_of_the_fixture_reaches_the_model():
    blocks = load(CONSTRUCTS).blocks
    kinds = Counter(type(block).__name__ for block in iter_blocks(blocks))
    assert kinds == {
        "Heading": 7,
        "Table": 3,
        "ListBlock": 5,
        "Figure": 3,
        "Preformatted": 1,
        "Verse": 1,
        "DefinitionList": 1,
        "Passage": 2,
        # intro, "Steps 1 and 2", 3+3+2+3 list items, 2 line-break paragraphs + 2 address
        # items, 3 definitions, 2 passages, the Chinese/Polish line and the download line
        "Paragraph": 1 + 1 + 11 + 1 + 2 + 3 + 2 + 1 + 1,
    }


def test_no_source_line_is_left_out():
    # markdown-it stops silently at its nesting limit: every non-blank line of the text
    # must be inside some block the parser produced.
    text = CONSTRUCTS.read_text(encoding="utf-8")
    _, body, _ = split_front_matter(text, CONSTRUCTS)
    covered = set()
    for token in make_parser().parse(body):
        if token.map:
            covered.update(range(*token.map))
    lines = body.splitlines()
    # (a container's map ends before its closing ':::' line)
    left_out = [n for n, line in enumerate(lines) if line.strip() not in ("", ":::")]
    assert [n for n in left_out if n not in covered] == []
    assert load(CONSTRUCTS).blocks[-1] == Paragraph(
        (Link("https://www.example.org/files/diary-template.pdf", (Text("Diary template (PDF)"),)),)
    )


def test_long_table_keeps_all_eighty_rows():
    table = next(b for b in load(LONG_TABLE).blocks if isinstance(b, Table))
    assert len(table.head) == 1 and len(table.body) == 80
    assert table.caption == (Text("Dose diary, days 1 to 80"),)
    assert table.body[-1][0].children == (Text("80"),)


def test_superscript_subscript_and_phrase_in_another_language(article):
    (paragraph,) = article(
        "Treated.^1^ CO~2~ and [Croeso]{lang=cy} [سلام]{lang=ur dir=rtl}\n"
    ).blocks
    assert paragraph.children == (
        Text("Treated."),
        Superscript((Text("1"),)),
        Text(" CO"),
        Subscript((Text("2"),)),
        Text(" and "),
        Span("cy", (Text("Croeso"),)),
        Text(" "),
        Span("ur", (Text("سلام"),), "rtl"),
    )


def test_passage_in_another_language(article):
    (passage,) = article("::: {lang=ur dir=rtl}\nیہ معلومات۔\n\nدوسرا۔\n:::\n").blocks
    assert passage == Passage(
        "ur", (Paragraph((Text("یہ معلومات۔"),)), Paragraph((Text("دوسرا۔"),))), "rtl"
    )


@pytest.mark.parametrize(
    ("options", "first", "expected"),
    [
        ("", "3", (3, False, "1", ("3.", "4."))),
        ("{reversed}\n", "3", (3, True, "1", ("3.", "2."))),
        ("{type=a}\n", "1", (1, False, "a", ("a.", "b."))),
        ("{type=I}\n", "4", (4, False, "I", ("IV.", "V."))),
        ("{reversed type=i}\n", "2", (2, True, "i", ("ii.", "i."))),
    ],
)
def test_numbered_list_options(article, options, first, expected):
    (listing,) = article(f"{options}{first}. One.\n{int(first) + 1}. Two.\n").blocks
    assert isinstance(listing, ListBlock) and listing.ordered
    assert (listing.start, listing.reversed, listing.numbering, listing.labels()) == expected


def test_hard_line_breaks_in_a_paragraph_and_a_list_item(article):
    paragraph, listing = article("One.\\\nTwo.  \nThree.\n\n- Street\\\n  Town\n").blocks
    assert paragraph.children == (
        Text("One."),
        LineBreak(),
        Text("Two."),
        LineBreak(),
        Text("Three."),
    )
    assert listing.items[0].blocks == (Paragraph((Text("Street"), LineBreak(), Text("Town"))),)


def test_fenced_code_is_preformatted_with_its_spacing(article):
    (block,) = article("```\na   b\n  c\n```\n").blocks
    assert block == Preformatted("a   b\n  c")


def test_verse_keeps_each_line_and_stanzas(article):
    (verse,) = article("::: verse\nBreathe in.\nHold *it*.\n\nBreathe out.\n:::\n").blocks
    assert verse == Verse(
        (
            (Text("Breathe in."),),
            (Text("Hold "), Emphasis((Text("it"),)), Text(".")),
            (),
            (Text("Breathe out."),),
        )
    )


def test_figures_caption_link_and_decorative(article):
    blocks = article(
        '![Two cells](synapse.png "The gap")\n\n'
        '[![Find a service](synapse.png "Find one")](https://www.nhs.uk/service-search/)\n\n'
        "![](synapse.png){.decorative}\n"
    ).blocks
    assert blocks == (
        Figure("synapse.png", "Two cells", (Text("The gap"),)),
        Figure(
            "synapse.png",
            "Find a service",
            (Text("Find one"),),
            "https://www.nhs.uk/service-search/",
        ),
        Figure("synapse.png", "", (), None, decorative=True),
    )


def test_definition_list(article):
    (glossary,) = article(
        "SSRI\n: A medicine.\n\nSerotonin\n: A messenger.\n: Also in the gut.\n"
    ).blocks
    assert glossary == DefinitionList(
        (
            Definition((Text("SSRI"),), ((Paragraph((Text("A medicine."),)),),)),
            Definition(
                (Text("Serotonin"),),
                ((Paragraph((Text("A messenger."),)),), (Paragraph((Text("Also in the gut."),)),)),
            ),
        )
    )


def test_pipe_table_caption(article):
    (table,) = article(
        "Table: Weekly *doses*\n\n| Week | Dose |\n|---|--:|\n| 1 | 50 mg |\n"
    ).blocks
    assert table.caption == (Text("Weekly "), Emphasis((Text("doses"),)))
    assert table.head[0][0] == TableCell((Text("Week"),), header=True, scope="col")
    assert table.body == ((TableCell((Text("1"),)), TableCell((Text("50 mg"),), "right")),)


HTML_TABLE = """\
<table>
<caption>Tablets</caption>
<thead><tr><th>Medicine</th><th scope="col">Week</th><th>Tablets</th></tr></thead>
<tbody>
<tr><th scope="row" rowspan="2">Sertraline</th><td>1</td><td align="right">14</td></tr>
<tr><td>2</td><td>28 <strong>tablets</strong><br>then <em>stop</em></td></tr>
<tr><th>Other</th>
<td colspan="2"><a href="https://www.nhs.uk/">See</a> <code>x</code> CO<sub>2</sub></td></tr>
</tbody>
<tfoot><tr><th colspan="2">Total</th>
<td>42<sup>1</sup> <span lang="cy">cyfanswm</span></td></tr></tfoot>
</table>
"""


def test_html_table_spans_scopes_footer_and_inlines(article):
    (table,) = article(HTML_TABLE).blocks
    assert table.caption == (Text("Tablets"),)
    assert [c.scope for c in table.head[0]] == ["col", "col", "col"]
    assert table.body[0][0] == TableCell((Text("Sertraline"),), header=True, scope="row", rowspan=2)
    assert table.body[1] == (
        TableCell((Text("2"),)),
        TableCell(
            (
                Text("28 "),
                Strong((Text("tablets"),)),
                LineBreak(),
                Text("then "),
                Emphasis((Text("stop"),)),
            )
        ),
    )
    assert table.body[2][0].scope == "row"
    assert table.body[2][1] == TableCell(
        (
            Link("https://www.nhs.uk/", (Text("See"),)),
            Text(" "),
            Code("x"),
            Text(" CO"),
            Subscript((Text("2"),)),
        ),
        colspan=2,
    )
    assert table.foot == (
        (
            TableCell((Text("Total"),), header=True, scope="row", colspan=2),
            TableCell(
                (Text("42"), Superscript((Text("1"),)), Text(" "), Span("cy", (Text("cyfanswm"),)))
            ),
        ),
    )
    assert len(table.grid()[1]) == 3 and table.grid()[2][0] is table.body[0][0]


def test_header_less_html_table_and_table_line_caption(article):
    (table,) = article(
        "Table: Contacts\n\n<table>\n<tr><td>Phone</td><td>0333</td></tr>\n</table>\n"
    ).blocks
    assert table.head == () and table.caption == (Text("Contacts"),)
    assert table.body == ((TableCell((Text("Phone"),)), TableCell((Text("0333"),))),)


def test_quote_and_links_to_places_and_email(article):
    (quote,) = article("> [Top](#top) or [mail](mailto:a@example.org)\n").blocks
    assert isinstance(quote, Quote)
    assert [i.href for i in quote.blocks[0].children if isinstance(i, Link)] == [
        "#top",
        "mailto:a@example.org",
    ]


def test_the_fixtures_heading_with_an_emoji(article):
    heading = load(CONSTRUCTS).blocks[1]
    assert heading == Heading(2, (Text("Your doses 💊"),), "your-doses")


def _documented_examples() -> list[str]:
    text = (ARTICLES.parents[2] / "docs" / "source-format.md").read_text(encoding="utf-8")
    part = text[text.index("## The article text") : text.index("## Shared settings")]
    return re.findall(r"^```(?:markdown|html)\n(.*?)^```$", part, re.MULTILINE | re.DOTALL)


@pytest.mark.parametrize("example", _documented_examples())
def test_every_example_in_the_source_format_guide_loads(article, example):
    assert article(example.replace("banner.png", "synapse.png")).blocks
