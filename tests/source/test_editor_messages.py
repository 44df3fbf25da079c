"""Each typical editing mistake gets a message naming the line and the exact fix.

No message uses the YAML reader's vocabulary; these tests assert the whole message.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ssri_docs.errors import SourceError
from ssri_docs.source import load_article, load_site
from ssri_docs.source.problems import Problems
from test_source import SITE, VALID, write_article

JARGON = ("block end", "mapping", "scalar", "<", "expected", "found", "YAML", "token")


def _message(tmp_path: Path, text: str) -> str:
    path = write_article(tmp_path, text)
    with pytest.raises(SourceError) as caught:
        load_article(path, load_site(SITE), today=date(2025, 1, 1))
    message = str(caught.value).replace(f"{path}, ", "")
    for word in JARGON:
        assert word not in message, f"parser vocabulary {word!r} in: {message}"
    return message


MISTAKES = [
    (
        "wrong indentation",
        VALID.replace("slug: a-test", "  slug: a-test"),
        "line 3: this line is not lined up with the lines above it\n"
        "  What to do: start 'slug:' exactly below 'title:' on line 2 (no spaces); "
        "to start a new reference, begin the line with '- '.",
    ),
    (
        "reference detail indented too far",
        VALID.replace("    url: https://www.nhs.uk/a/", "     url: https://www.nhs.uk/a/"),
        "line 11: this line is not lined up with the lines above it\n"
        "  What to do: start 'url:' exactly below 'title:' on line 10 (4 spaces in); "
        "to start a new reference, begin the line with '- '.",
    ),
    (
        "reference detail indented too little",
        VALID.replace("    url: https://www.nhs.uk/a/", "   url: https://www.nhs.uk/a/"),
        "line 11: this line is not lined up with the lines above it\n"
        "  What to do: start 'url:' exactly below 'title:' on line 10 (4 spaces in); "
        "to start a new reference, begin the line with '- '.",
    ),
    (
        "unindented continuation line",
        VALID.replace(
            "summary: What this article is about.", "summary: What this\narticle is about."
        ),
        "line 6: this line has no 'name:' at its start\n"
        "  What to do: if it continues the text on the line above, indent it by two spaces "
        "like that text; if it is a detail of its own, write it as 'name: value'.",
    ),
    (
        "colon and space in an unquoted value",
        VALID.replace("title: A test article", "title: Sleep: a guide"),
        "line 2: this value has ': ' in it\n"
        '  What to do: put the whole value in straight double quotes: "like: this".',
    ),
    (
        "colon in a value between curly quotes",
        VALID.replace("title: A test article", "title: \u201cSleep: a guide\u201d"),
        "line 2: this value has ': ' in it and curly quotes around it\n"
        '  What to do: replace the curly quotes with straight double quotes ("), '
        "which keep the value in one piece; they are not printed.",
    ),
    (
        "forgotten dash before a reference",
        VALID.replace(
            "    note: External website\n",
            "    note: External website\n    title: Mind\n    url: https://www.mind.org.uk/\n",
        ),
        "line 13: 'title' is given twice in one reference: a new reference starts here "
        "without its dash\n"
        "  What to do: each reference starts with '- ' on its first line: write '- title:' "
        "here, lined up with the '- ' of the reference above.",
    ),
    (
        "a tab at the start of a line",
        VALID.replace("slug: a-test", "\tslug: a-test"),
        "line 3: this line has a tab in it\n"
        "  What to do: use spaces, not tabs, at the start of lines.",
    ),
    (
        "an invisible control character",
        VALID.replace("title: A test", "title: A\x01test"),
        "line 2: this line has an invisible control character (code 0x01)\n"
        "  What to do: delete it: retype the line, or paste the text as plain text.",
    ),
    (
        "an unclosed quote",
        VALID.replace("title: A test article", 'title: "A test article'),
        "line 2: a value opens a quote that is never closed\n"
        "  What to do: end the value with the same quote mark it starts with.",
    ),
]


@pytest.mark.parametrize(("what", "text", "expected"), MISTAKES, ids=[m[0] for m in MISTAKES])
def test_each_mistake_has_its_own_message(tmp_path, what, text, expected):
    assert _message(tmp_path, text) == expected


def test_following_the_dash_advice_keeps_both_references(tmp_path):
    fixed = VALID.replace(
        "    note: External website\n",
        "    note: External website\n  - title: Mind\n    url: https://www.mind.org.uk/\n",
    )
    article = load_article(write_article(tmp_path, fixed), load_site(SITE))
    assert [r.title for r in article.references] == ["NHS – A page", "Mind"]


def test_a_title_in_curly_quotes_is_a_warning_and_the_quotes_are_not_kept(tmp_path):
    text = VALID.replace("title: A test article", "title: \u201cSleep and OCD\u201d")
    problems = Problems()
    article = load_article(write_article(tmp_path, text), load_site(SITE), problems)
    assert article.title == "Sleep and OCD"
    [warning] = problems.warnings
    assert warning.line == 2
    assert warning.message == "the value of 'title' is in curly quotes; they are not printed"
    assert warning.hint == 'use straight double quotes (") or none around a value.'


def test_a_citation_without_an_address_is_a_reference(tmp_path):
    text = VALID.replace(
        "    note: External website\n",
        "    note: External website\n  - title: Sleep and OCD\n"
        "    citation: Smith J (2020). Sleep and OCD. J Anxiety 12, 3-9.\n",
    )
    article = load_article(write_article(tmp_path, text), load_site(SITE))
    second = article.references[1]
    assert (second.url, second.citation) == (
        None,
        "Smith J (2020). Sleep and OCD. J Anxiety 12, 3-9.",
    )


def test_a_reference_with_neither_address_nor_citation(tmp_path):
    text = VALID.replace("    url: https://www.nhs.uk/a/\n", "")
    assert _message(tmp_path, text) == (
        "line 10: this reference has neither a 'url:' nor a 'citation:'\n"
        "  What to do: add 'url: https://...' for a web page, or 'citation: ...' "
        "(authors, year, title, where published) for a printed work."
    )


def test_two_mistakes_in_one_file_are_both_reported(tmp_path):
    text = VALID.replace("slug: a-test-article", "slug: A Test").replace("2020-01-31", "2020-02-30")
    message = _message(tmp_path, text)
    assert "line 3: the slug 'A Test'" in message
    assert "line 7: 'published' is not a valid date" in message
    assert message.endswith("2 problems in 1 file: fix them all, then run the command again.")
