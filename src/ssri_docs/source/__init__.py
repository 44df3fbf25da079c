"""Read ``source/*.md`` and ``source/site.yaml`` into the document model.

This package is the only place that parses the source text. Every problem is reported
as a :class:`~ssri_docs.errors.SourceError` naming the file, the line and what to do
(all of them at once: ``check_sources``),
because the people who edit these files are content editors, not programmers.

One module per part of a source file, so each rule is found where its text is read:

- ``fields``: YAML values that remember their line (the base of every message);
- ``yaml_messages``: what the YAML reader objects to, in an editor's words;
- ``problems``: every problem of every file collected, so one run reports them all;
- ``site``: ``site.yaml``, the settings every article shares;
- ``front_matter``: an article's details box (title, dates, references, related);
- ``body``: the Markdown text, markdown-it tokens -> model blocks;
- ``loading``: finding the articles in a folder and putting the parts together;
- ``review``: warnings for articles whose next review is past or near.

Callers import from here (``from ssri_docs.source import load_sources``).
"""

from __future__ import annotations

from ..build_request import SITE_FILE, find_articles  # light: the command line reads them
from .body import parse_body
from .front_matter import LANGUAGE_PATTERN, SLUG_PATTERN, add_months
from .loading import check_sources, load_article, load_sources
from .site import ENGINES, load_site

__all__ = [
    "ENGINES",
    "LANGUAGE_PATTERN",
    "SITE_FILE",
    "SLUG_PATTERN",
    "check_sources",
    "add_months",
    "find_articles",
    "load_article",
    "load_site",
    "load_sources",
    "parse_body",
]
