"""Content parity: what every format must say, checked on text read back from a file.

Each format has a reader (``read_text`` in ``checks/<format>/``, found through
``checks/readback.py``) that turns the built file into its reading-order text. This
module says what must be found in that text: the disclaimer, every reference (its
title, and its address or, for the ear, its site) and the review dates. Tests and
``ssri-docs check`` (``CHECKS``: one line for each format) both use it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..model import Article
from ..wording import domain, format_date
from . import readback
from .check import Check, Job
from .results import FAIL, PASS, CheckResult

# Dashes and quotes that differ between formats but not in meaning.
_FOLD = str.maketrans(
    {"‐": "-", "‑": "-", "–": "-", "—": "-", "’": "'", "‘": "'", "“": '"', "”": '"'}
)


def normalise(text: str) -> str:
    """Fold the differences that layout introduces: hyphenation, spacing, quote styles."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u2010\u00ad]\s*\n\s*", "", text)  # words hyphenated across lines
    text = text.replace("\u00ad", "")
    text = text.translate(_FOLD)
    return " ".join(text.split())


# Emoji presentation selector and zero-width joiner: how an emoji is drawn, not what it says.
_PRESENTATION = frozenset("\ufe0e\ufe0f\u200d")


def skeleton(text: str) -> str:
    """What parity compares: the letters, digits and symbols of ``text``, casefolded.

    White space, line breaks and punctuation are dropped, because they are where the
    formats honestly differ: a line break in print where the source has none (after
    "2014;370(21):"), a space at a line end that a PDF never draws ("Name.2014"), the
    narration's replaced final full stop, quote and dash styles. Words hyphenated
    across lines (U+2010 or a soft hyphen, then a line break) are joined first. What a
    reader would miss (a word, a number, a date, an emoji) is still compared.
    """
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u2010\u00ad]\s*\n\s*", "", text).casefold()
    return "".join(
        character
        for character in text
        if unicodedata.category(character)[0] in "LNS" and character not in _PRESENTATION
    )


@dataclass(frozen=True)
class Expectation:
    what: str  # e.g. "the disclaimer", "reference 1's title"
    text: str


def expectations(article: Article, *, addresses: str = "url") -> list[Expectation]:
    """What a format must contain. ``addresses`` is "url" for text, "domain" for audio."""
    items = [Expectation("the disclaimer", article.disclaimer)]
    for number, reference in enumerate(article.references, start=1):
        items.append(Expectation(f"reference {number}'s title", reference.title))
        if reference.url is None:
            items.append(Expectation(f"reference {number}'s citation", reference.citation or ""))
            continue
        address = reference.url if addresses == "url" else domain(reference.url)
        items.append(Expectation(f"reference {number}'s address", address))
    items.append(Expectation("the last-reviewed date", format_date(article.last_reviewed)))
    items.append(Expectation("the next-review date", format_date(article.next_review)))
    return items


def missing(text: str, article: Article, *, addresses: str = "url") -> list[Expectation]:
    """The expectations that ``text`` does not meet (an empty list means parity holds);
    compared as :func:`skeleton` s."""
    haystack = skeleton(text)
    return [
        item
        for item in expectations(article, addresses=addresses)
        if skeleton(item.text) not in haystack
    ]


def parity_check(job: Job) -> list[CheckResult]:
    """The disclaimer, every reference and the review dates, in the text read back
    from the job's file: one result, listing what is missing."""
    target = job.target
    text = readback.read_text(target.fmt, target.path)
    absent = missing(text, job.article, addresses=readback.address_style(target.fmt))
    if absent:
        summary = "missing " + ", ".join(item.what for item in absent)
    else:
        count = len(job.article.references)
        summary = f"the disclaimer, {count} references and both review dates are there"
    return [
        CheckResult(
            check="Content parity",
            target=target.label,
            status=FAIL if absent else PASS,
            summary=summary,
            details=tuple(f"{item.what}: {item.text!r}" for item in absent),
        )
    ]


# One line of the check table for each format that has a reader.
CHECKS = tuple(Check("Content parity", fmt, parity_check) for fmt in readback.READERS)
