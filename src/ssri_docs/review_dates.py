"""What a build says about review dates: due, overdue, and ``--fail-on-overdue``.

The words live here, without the document model, so that the full source check
(``source/review.py``, ``lint.py``) and a no-op build that reads no source
(``up_to_date.py``) say exactly the same.
"""

from __future__ import annotations

from datetime import date

from .errors import SourceError

REVIEW_HINT = "review the article, then update 'last-reviewed' (and 'next-review', if given)."


def review_state(next_review: date, warning_days: int, today: date) -> str | None:
    """How a next review on ``next_review`` stands on ``today``.

    "overdue" (before ``today``), "due" (within ``warning_days`` days), or None.
    """
    if next_review < today:
        return "overdue"
    if (next_review - today).days <= warning_days:
        return "due"
    return None


def review_message(slug: str, next_review: date, state: str, today: date) -> str:
    """The warning for article ``slug`` in ``state`` ("overdue" or "due")."""
    when = next_review.isoformat()
    if state == "overdue":
        return f"'{slug}' is overdue for review: its next review was due on {when}"
    days = (next_review - today).days
    return f"'{slug}' is due for review on {when}, in {days} days"


def overdue_error(slugs: list[str]) -> SourceError:
    """What ``--fail-on-overdue`` raises when the articles ``slugs`` are overdue."""
    return SourceError(
        f"{len(slugs)} article(s) overdue for review: {', '.join(slugs)}",
        hint="review them and update 'last-reviewed' (and 'next-review'), "
        "or run without --fail-on-overdue.",
    )


__all__ = ["REVIEW_HINT", "overdue_error", "review_message", "review_state"]
