"""Warn when an article's next review is past or near.

Out-of-date health information is the one thing a health charity must never publish
silently, so every ``build`` and ``lint`` says which articles are due for review.
The check takes "today" as an argument (the command line's ``--today``, else the
clock), so that tests and a "what falls due next month" check can fix the date.
"""

from __future__ import annotations

from datetime import date

from ..model import Article
from ..review_dates import REVIEW_HINT, review_message, review_state
from .problems import Problems


def check_reviews(
    articles: list[Article], today: date, problems: Problems, lines: dict[str, int | None]
) -> None:
    """Add a warning to ``problems`` for each article due or overdue for review.

    ``lines`` maps a slug to the line of its review date in its source (None: unknown).
    The slugs of overdue articles are added to ``problems.overdue``.
    """
    for article in articles:
        state = review_state(article.next_review, article.site.review_warning_days, today)
        if state is None:
            continue
        if state == "overdue":
            problems.overdue.append(article.slug)
        problems.warn(
            review_message(article.slug, article.next_review, state, today),
            path=article.source_path,
            line=lines.get(article.slug),
            hint=REVIEW_HINT,
            dated=True,
        )
