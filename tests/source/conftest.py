"""Helpers for the source-parser tests: an article from a body text, in a temp folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ssri_docs.errors import SourceError
from ssri_docs.model import Article
from ssri_docs.source import load_article, load_site

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "source" / "site.yaml"
ARTICLES = ROOT / "tests" / "fixtures" / "articles"
PICTURE = ARTICLES / "constructs" / "synapse.png"

FRONT = """\
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
---

"""
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
