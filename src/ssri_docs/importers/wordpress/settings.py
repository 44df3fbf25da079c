"""What an import is told from outside the page: the review interval, the language
to assume, and the headings under which a page lists its references.

The reference headings are matched whole, ignoring case and a final colon. They are
listed in the README ("Bringing in your WordPress site"); a site with other wording
passes its own list to ``convert_page`` through ``ImportSettings``.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LANGUAGE = "en-GB"
REFERENCE_HEADINGS: tuple[str, ...] = (
    "References",
    "Reference",
    "Useful links",
    "Further reading",
    "Additional reading",
    "Sources",
    "Source",
    "Find out more",
    "Bibliography",
    "Useful resources",
    "More information",
    "Reading list",
)


@dataclass(frozen=True)
class ImportSettings:
    """Settings of one import run.

    ``review_months``: months from the last review to the next one, when the page does
    not state it; ``language``: the BCP 47 tag to use when the page names none
    (``--language``), None for DEFAULT_LANGUAGE; ``reference_headings``: see above.
    """

    review_months: int = 36
    language: str | None = None
    reference_headings: tuple[str, ...] = REFERENCE_HEADINGS
