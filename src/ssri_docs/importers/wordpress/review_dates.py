"""Review dates stated in a page's own text ("Last reviewed: March 2024 | Next review: ...").

Health sites print their review dates in the page; that statement is the editor's
record, while WordPress's "modified" date moves with every typo fix. A paragraph that
holds nothing but the statement is taken out of the text: the details box states
the dates in every format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from ...model import Paragraph
from .reading import RawBlock
from .whitespace import words

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
# "12 March 2024", "March 12, 2024", "March 2024", "2024-03-12", "12/03/2024", "03/2024"
_DATE = (
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH})\.?,?\s+\d{{4}}"
    rf"|(?:{_MONTH})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,\s*\d{{4}}"
    rf"|(?:{_MONTH})\.?,?\s+\d{{4}}"
    r"|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{4}|\d{1,2}/\d{4})"
)
_LAST = (
    r"(?:(?:page|content|information)\s+)?(?:last\s+reviewed(?:\s+on)?|date\s+of\s+(?:last\s+)?review"
    r"|last\s+review(?:\s+date)?|reviewed(?:\s+on)?|review\s+date)"
)
_WHEN = r"(?:\s+(?:on|by|in))?"
_NEXT = (
    rf"(?:next\s+review(?:\s+(?:date|due))?{_WHEN}|review\s+due{_WHEN}"
    rf"|due\s+for\s+review{_WHEN})"
)
_STATEMENT = re.compile(
    rf"\b(?P<label>{_NEXT}|{_LAST})\s*[:\-–—]?\s*(?P<date>{_DATE})\b", re.IGNORECASE
)


@dataclass(frozen=True)
class StatedDate:
    """A review date read from the page's text, with the words it was read from."""

    value: date
    wording: str


@dataclass
class ReviewDates:
    """The review dates the page states, if any, and the text without the statement."""

    body: list[RawBlock]
    last_reviewed: StatedDate | None = None
    next_review: StatedDate | None = None


def _parse(text: str) -> date | None:
    text = text.casefold().replace(",", " ").replace(".", " ")
    if match := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text.strip()):
        year, month, day = (int(group) for group in match.groups())
    elif match := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text.strip()):
        day, month, year = (int(group) for group in match.groups())  # day first, as in the UK
    elif match := re.fullmatch(r"(\d{1,2})/(\d{4})", text.strip()):
        day, month, year = 1, int(match[1]), int(match[2])
    else:
        parts = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", text).split()
        month = next((_MONTHS[part] for part in parts if part in _MONTHS), 0)
        numbers = [int(part) for part in parts if part.isdigit()]
        year = next((number for number in numbers if number > 31), 0)
        day = next((number for number in numbers if number <= 31), 1)
    try:
        return date(year, month, day)
    except ValueError:
        return None  # "31 February 2024": not a date, so not a statement


def stated_review_dates(blocks: list[RawBlock]) -> ReviewDates:
    """The first "last reviewed" and "next review" dates stated in paragraphs of ``blocks``.

    A paragraph holding nothing but such statements (and separators) is left out of
    the returned body.
    """
    found = ReviewDates(body=[])
    for block in blocks:
        if not isinstance(block, Paragraph):
            found.body.append(block)
            continue
        text = words(block.children)
        matches = list(_STATEMENT.finditer(text))
        for match in matches:
            value = _parse(match["date"])
            if value is None:
                continue
            stated = StatedDate(value, match[0])
            is_next = re.match(_NEXT, match["label"], re.IGNORECASE) is not None
            if is_next and found.next_review is None:
                found.next_review = stated
            elif not is_next and found.last_reviewed is None:
                found.last_reviewed = stated
        rest = _STATEMENT.sub("", text) if matches else text
        if matches and not re.sub(r"[\W_]", "", rest):
            continue  # only the statement: the details box says it in every format
        found.body.append(block)
    return found
