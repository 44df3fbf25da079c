"""What an import is told from outside the page: the review interval, the language
to assume, and the headings under which a page lists its references.

The reference headings are matched whole, ignoring case and a final colon. They are
listed in the README ("Bringing in your WordPress site"); a site with other wording
lists its own under ``reference-headings:`` in site.yaml (``settings_for_site``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ...model import Site

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


def settings_for_site(site: Site | None, language: str | None) -> ImportSettings:
    """The settings of an import into a source folder whose site.yaml is ``site``.

    ``site`` None (no site.yaml yet): the defaults. ``language``: ``--language``.
    """
    if site is None:
        return ImportSettings(language=language)
    return ImportSettings(
        review_months=site.review_interval_months,
        language=language,
        reference_headings=site.reference_headings or REFERENCE_HEADINGS,
    )
