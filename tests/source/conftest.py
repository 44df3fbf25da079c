"""Helpers for the source-parser tests: an article from a body text, in a temp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ssri_docs.errors import SourceError
from ssri_docs.model import Article
from ssri_docs.source import load_article, load_site
from test_source import ROOT, SITE, VALID

ARTICLES = ROOT / "tests" / "fixtures" / "articles"
PICTURE = ARTICLES / "constructs" / "synapse.png"

# the details box of test_source's valid article, then a blank line: the body follows
FRONT = VALID[: VALID.index("\n---\n") + len("\n---\n")] + "\n"
BODY_LINE = FRONT.count("\n") + 1  # the file line of the body's first line


@pytest.fixture
def article(tmp_path: Path):
    """``article(body)`` -> the loaded Article; the folder holds synapse.png."""

    def load(body: str) -> Article:
        shutil.copy(SITE, tmp_path / "site.yaml")
        shutil.copy(PICTURE, tmp_path / "synapse.png")
        path = tmp_path / "article.md"
        path.write_text(FRONT + body, encoding="utf-8")
        return load_article(path, load_site(tmp_path / "site.yaml"))

    return load


@pytest.fixture
def refused(article):
    """``refused(body)`` -> (line within the body, 1-based; message; hint) of the error."""

    def load(body: str) -> tuple[int | None, str, str | None]:
        with pytest.raises(SourceError) as caught:
            article(body)
        # the first problem: a later block may also be refused (each block is read)
        error = getattr(caught.value, "errors", [caught.value])[0]
        assert error.path is not None and error.path.name == "article.md"
        line = None if error.line is None else error.line - BODY_LINE + 1
        return line, error.message, error.hint

    return load
