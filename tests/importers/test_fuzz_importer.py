"""Fuzzing the WordPress importer: whatever a REST page holds, the import either writes
a source file that ssri-docs then reads (or refuses with a UserError), or refuses the
page with a UserError: never another exception, never a traceback.

Bounded for CI (``SSRI_DOCS_FUZZ_EXAMPLES``, default 60); ``make fuzz`` runs it with
5,000 examples or more.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ssri_docs.errors import UserError
from ssri_docs.importers.wordpress import convert_page, load_page
from ssri_docs.importers.wordpress.library import write_source
from ssri_docs.source import load_article, load_site
from ssri_docs.source.problems import Problems

EXAMPLES = int(os.environ.get("SSRI_DOCS_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
SITE = Path(__file__).parents[2] / "source" / "site.yaml"
FOLDER = Path(tempfile.mkdtemp(prefix="ssri-fuzz-import-"))
shutil.copy(SITE, FOLDER / "site.yaml")
TODAY = date(2025, 1, 1)

# Text a page's editor (or a paste from Word) puts between the tags: odd characters,
# marks that mean something in Markdown or YAML, and the JSON escape of a lone surrogate.
WORDS = st.one_of(
    st.sampled_from(
        [
            "Serotonin",
            "SSRI",
            "References",
            "Bibliography",
            "Disclaimer",
            "Last reviewed: 1 March 2024",
            "Next review: 2024-02-30",
            "[caption]",
            "*",
            "_",
            "#",
            "---",
            "1.",
            "> ",
            "|",
            "&amp;",
            "&nbsp;",
            "&#x0;",
            "\u200b",
            "\u202e",
            "\ufeff",
            "\u2028",
            "\x00",
            "\\",
            "`",
            "\U0001f600",
            "\u05e9\u05dc\u05d5\u05dd",
            "<!-- x -->",
        ]
    ),
    st.text(max_size=10),
)
ATTRIBUTES = st.sampled_from(
    [
        "",
        ' lang="fr"',
        ' lang="x-!!"',
        ' dir="rtl"',
        ' dir="auto"',
        ' colspan="2"',
        ' rowspan="3"',
        ' colspan="0"',
        ' rowspan="-1"',
        ' colspan="1000000"',
        ' class="wp-block-table"',
        ' href="https://example.org/x"',
        ' href="javascript:alert(1)"',
        ' src="https://example.org/p.png" alt="A picture"',
        ' title="' + "x" * 20000 + '"',
        ' style="' + "a" * 5000 + '"',
    ]
)
INLINE = ["span", "sup", "sub", "em", "strong", "a", "b", "i", "code", "abbr"]
BLOCK = ["p", "div", "ul", "ol", "li", "blockquote", "h2", "h3", "h6", "figure", "figcaption"]
TABLE = ["table", "thead", "tbody", "tr", "th", "td", "caption"]


def _html(depth: int) -> st.SearchStrategy[str]:
    leaf = st.one_of(WORDS, st.just("<br>"), st.just("<img src='https://example.org/a.png'>"))
    if depth == 0:
        return leaf
    inner = st.lists(_html(depth - 1), max_size=4).map("".join)
    element = st.tuples(st.sampled_from(INLINE + BLOCK + TABLE), ATTRIBUTES, inner).map(
        lambda parts: f"<{parts[0]}{parts[1]}>{parts[2]}</{parts[0]}>"
    )
    # an unclosed tag now and then, as pasted HTML has
    unclosed = st.tuples(st.sampled_from(INLINE + BLOCK + TABLE), inner).map(
        lambda parts: f"<{parts[0]}>{parts[1]}"
    )
    return st.one_of(leaf, element, unclosed)


# Nesting deeper than the reader or the Markdown parser holds (ten lists, 500 divs).
NESTS = {"ul": ("<ul><li>", "</li></ul>"), "div": ("<div>", "</div>")}
NESTS |= {"blockquote": ("<blockquote>", "</blockquote>"), "span": ("<span>", "</span>")}
NESTS["table"] = ("<table><tr><td>", "</td></tr></table>")
DEEP = st.tuples(st.sampled_from(sorted(NESTS)), st.integers(2, 600), _html(1)).map(
    lambda parts: NESTS[parts[0]][0] * parts[1] + parts[2] + NESTS[parts[0]][1] * parts[1]
)
CONTENT = st.lists(st.one_of(_html(4), DEEP), min_size=1, max_size=6).map("".join)
DATES = st.sampled_from(
    ["2024-01-01T00:00:00"] * 6
    + ["2024-02-30T00:00:00", "9999-12-31T00:00:00", "0001-01-01T00:00:00"]
)
TITLES = st.one_of(st.sampled_from(["How SSRIs work", "2024-02-30", "", "&amp;"]), WORDS)


@st.composite
def page_json(draw) -> str:
    """The JSON text of one REST page, sometimes with a lone surrogate escaped in it."""
    page = {
        "slug": draw(st.one_of(st.just("how-ssri-work"), st.just("2024-02-30"), WORDS)),
        "link": draw(st.sampled_from(["https://www.example.org/p/"] * 8 + ["javascript:x", "x"])),
        "date": draw(DATES),
        "modified": draw(DATES),
        "title": {"rendered": draw(TITLES)},
        "excerpt": {"rendered": draw(st.one_of(st.just(""), CONTENT))},
        "content": {"rendered": draw(CONTENT)},
    }
    text = json.dumps(page)
    if draw(st.booleans()):
        text = text.replace("Serotonin", "Sero\\ud800tonin")
    return text


@FUZZ
@given(page_json())
def test_any_page_imports_or_is_refused(text):
    saved = FOLDER / "page.json"
    saved.write_text(text, encoding="utf-8")
    try:
        result = convert_page(load_page(str(saved)))
    except UserError:
        return
    written = FOLDER / "out"
    shutil.rmtree(written, ignore_errors=True)
    outcome = write_source(result, written, force=True)
    assert outcome.status == "imported"
    with contextlib.suppress(UserError):
        load_article(
            written / f"{result.slug}.md", load_site(FOLDER / "site.yaml"), Problems(), TODAY
        )
