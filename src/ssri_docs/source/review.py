"""Warn when an article's next review is past or near.

Out-of-date health information is the one thing a health charity must never publish
silently, so every ``build`` and ``lint`` says which articles are due for review.
The check takes "today" as an argument (the command line's ``--today``, else the
clock), so that tests and a "what falls due next month" check can fix the date.
"""

from __future__ import annotations

from datetime import date

from ..model import Article
from .problems import Problems


def review_state(article: Article, today: date) -> str | None:
    """How the article's next review stands on ``today``.

    "overdue" (before ``today``), "due" (within the site's review-warning-days), or None.
    """
    if article.next_review < today:
        return "overdue"
    if (article.next_review - today).days <= article.site.review_warning_days:
        return "due"
    return None


def check_reviews(
    articles: list[Article], today: date, problems: Problems, lines: dict[str, int | None]
) -> None:
    """Add a warning to ``problems`` for each article due or overdue for review.

    ``lines`` maps a slug to the line of its review date in its source (None: unknown).
    The slugs of overdue articles are added to ``problems.overdue``.
    """
    for article in articles:
        state = review_state(article, today)
        if state is None:
            continue
        when = article.next_review.isoformat()
        if state == "overdue":
            problems.overdue.append(article.slug)
            message = f"'{article.slug}' is overdue for review: its next review was due on {when}"
        else:
            days = (article.next_review - today).days
            message = f"'{article.slug}' is due for review on {when}, in {days} days"
        problems.warn(
            message,
            path=article.source_path,
            line=lines.get(article.slug),
            hint="review the article, then update 'last-reviewed' (and 'next-review', if given).",
        )
