"""The source parser: a valid article becomes the model; every mistake is located."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from ssri_docs.errors import SourceError
from ssri_docs.model import Emphasis, Heading, Link, ListBlock, Paragraph, Strong, Table, sections
from ssri_docs.source import load_article, load_site, load_sources

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "source" / "site.yaml"

VALID = """\
---
title: A test article
slug: a-test-article
language: en-GB
summary: What this article is about.
canonical-url: https://www.example.org/a-test-article/
published: 2020-01-31
last-reviewed: 2024-02-29
references:
  - title: NHS – A page
    url: https://www.nhs.uk/a/
    note: External website
---

Some *emphasised* and **strong** text with [a link](https://www.nhs.uk/b/).

## First section

- one
- two

### Detail

| a | b |
|---|--:|
| 1 | 2 |

## Second section

Last words.
"""


def write_article(folder: Path, text: str = VALID, name: str = "article.md") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "site.yaml").exists():
        shutil.copy(SITE, folder / "site.yaml")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def parse(tmp_path: Path, text: str):
    path = write_article(tmp_path, text)
    return load_article(path, load_site(tmp_path / "site.yaml"))


def test_valid_article_becomes_the_model(tmp_path):
    article = parse(tmp_path, VALID)
    assert article.title == "A test article"
    assert article.published == date(2020, 1, 31)
    # 36 months after 29 February 2024 is 28 February 2027 (no 29th that year)
    assert article.next_review == date(2027, 2, 28)
    assert article.disclaimer.startswith("This article is for information only")
    assert article.references[0].note == "External website"
    first = article.blocks[0]
    assert isinstance(first, Paragraph)
    assert any(isinstance(node, Emphasis) for node in first.children)
    assert any(isinstance(node, Strong) for node in first.children)
    assert any(
        isinstance(node, Link) and node.href == "https://www.nhs.uk/b/" for node in first.children
    )
    kinds = [type(block) for block in article.blocks]
    assert ListBlock in kinds and Table in kinds
    headings = [block for block in article.blocks if isinstance(block, Heading)]
    assert [(h.level, h.id) for h in headings] == [
        (2, "first-section"),
        (3, "detail"),
        (2, "second-section"),
    ]
    assert [s.heading.id if s.heading else None for s in sections(article)] == [
        None,
        "first-section",
        "second-section",
    ]


def test_the_committed_article_parses(seed_article):
    assert seed_article.slug == "how-ssri-work"
    assert seed_article.language == "en-GB"
    assert len(seed_article.references) >= 2
    assert all(isinstance(b, Heading) is False or b.level >= 2 for b in seed_article.blocks)


def test_model_is_immutable(tmp_path):
    article = parse(tmp_path, VALID)
    with pytest.raises(AttributeError):
        article.title = "changed"  # type: ignore[misc]


def _error(tmp_path: Path, text: str) -> SourceError:
    with pytest.raises(SourceError) as caught:
        parse(tmp_path, text)
    return caught.value


# (what is wrong, how to break the valid article, expected line, words in the message)
BAD_SOURCES = [
    ("missing title", lambda t: t.replace("title: A test article\n", ""), 2, "'title' is missing"),
    ("empty title", lambda t: t.replace("title: A test article", "title: "), 2, "'title' is empty"),
    (
        "no references",
        lambda t: t.split("references:")[0] + "---\n\nText.\n",
        2,
        "no references",
    ),
    (
        "malformed YAML",
        lambda t: t.replace("summary: What this", "summary: [What this"),
        5,
        "this value starts with '[', which cannot start a plain value",
    ),
    (
        "unknown key",
        lambda t: t.replace("last-reviewed:", "last-reveiwed:"),
        8,
        "did you mean 'last-reviewed'",
    ),
    ("invalid date", lambda t: t.replace("2020-01-31", "2020-02-30"), 7, "not a valid date"),
    ("date in another form", lambda t: t.replace("2020-01-31", "31/01/2020"), 7, "YYYY-MM-DD"),
    (
        "invalid URL",
        lambda t: t.replace("https://www.nhs.uk/a/", "www.nhs.uk/a/"),
        11,
        "not a valid web address",
    ),
    (
        "relative link",
        lambda t: t.replace("https://www.nhs.uk/b/", "/b/"),
        15,
        "not a full web address",
    ),
    (
        "title heading in body",
        lambda t: t.replace("## First section", "# First section"),
        17,
        "top-level heading",
    ),
    (
        "skipped heading level",
        lambda t: t.replace("### Detail", "#### Detail"),
        22,
        "skips from level 2 to level 4",
    ),
    (
        "HTML in the body",
        lambda t: t.replace("Last words.", "<script>alert(1)</script>"),
        30,
        "HTML is not allowed",
    ),
    (
        "no front matter",
        lambda t: t.replace("---\n", "", 1),
        1,
        "does not start with a details box",
    ),
    ("bad slug", lambda t: t.replace("slug: a-test-article", "slug: A Test"), 3, "slug"),
    (
        "review before last",
        lambda t: t.replace(
            "last-reviewed: 2024-02-29", "last-reviewed: 2024-02-29\nnext-review: 2023-01-01"
        ),
        9,
        "must be after",
    ),
    (
        "picture not found",
        lambda t: t.replace("Last words.", "![A chart](chart.png)"),
        30,
        "was not found",
    ),
    (
        "remote picture",
        lambda t: t.replace("Last words.", "![A chart](https://evil.example/x.png)"),
        30,
        "not a file next to",
    ),
    (
        "picture outside the folder",
        lambda t: t.replace("Last words.", "![A chart](../../etc/passwd)"),
        30,
        "not a file next to",
    ),
]


@pytest.mark.parametrize(
    ("what", "breaks", "line", "words"), BAD_SOURCES, ids=[b[0] for b in BAD_SOURCES]
)
def test_bad_source_names_the_file_line_and_fix(tmp_path, what, breaks, line, words):
    error = _error(tmp_path, breaks(VALID))
    message = str(error)
    assert words in message
    assert error.path is not None and error.path.name == "article.md"
    assert error.line == line, message
    assert error.hint, "every error says what to do"
    assert "What to do:" in message


def test_no_disclaimer_anywhere(tmp_path):
    site = SITE.read_text(encoding="utf-8")
    start = site.index("# Used when")
    end = site.index("contact:")
    (tmp_path / "site.yaml").write_text(site[:start] + site[end:], encoding="utf-8")
    error = _error(tmp_path, VALID)
    assert "no disclaimer" in str(error)


def test_article_disclaimer_overrides_site(tmp_path):
    text = VALID.replace("references:", "disclaimer: Our own words.\nreferences:")
    assert parse(tmp_path, text).disclaimer == "Our own words."


def test_duplicate_slug(tmp_path):
    first = write_article(tmp_path, VALID, "one.md")
    second = write_article(tmp_path, VALID, "two.md")
    with pytest.raises(SourceError) as caught:
        load_sources([first, second], tmp_path / "site.yaml")
    assert caught.value.path.name == "two.md"
    assert caught.value.line == 3
    assert "already used by one.md" in str(caught.value)


def test_duplicate_key(tmp_path):
    error = _error(tmp_path, VALID.replace("language: en-GB", "language: en-GB\ntitle: Again"))
    assert "given twice" in str(error) and error.line == 5


def test_unknown_site_setting_is_located(tmp_path):
    (tmp_path / "site.yaml").write_text(
        SITE.read_text(encoding="utf-8").replace("contact:", "contcat:")
    )
    with pytest.raises(SourceError) as caught:
        load_site(tmp_path / "site.yaml")
    assert "did you mean 'contact'" in str(caught.value)
    assert caught.value.line is not None
