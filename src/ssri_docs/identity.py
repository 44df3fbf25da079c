"""The publisher's identity and offline contact details, as ``site.yaml`` gives them.

Kept beside the model (``Site`` holds them) but apart, because they are one concern:
how a leaflet says who published it and how to reach them without the internet. The
source package checks every value (``source/identity.py``); the writers only show them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Logo:
    """The publisher's logo (``site.yaml``: ``logo``, ``logo-alt``).

    ``path`` is resolved and inside the source folder; ``media_type`` is image/svg+xml or
    image/png. A ``decorative`` logo (``logo-alt: ""``) only repeats the publisher's name,
    which is always printed beside it, so it is an artifact; any other has an ``alt``.
    """

    src: str  # as site.yaml names it
    path: Path
    media_type: str
    alt: str
    decorative: bool = False


@dataclass(frozen=True)
class BrandColour:
    """The publisher's colour (``brand-colour``): ``hex`` is "#rrggbb" (lower case).

    ``contrast`` is its WCAG 2 contrast ratio against white, never below 4.5 (site.yaml
    refuses such a colour). Only a colour that keeps 7:1 (``for_text``) colours text
    (headings); any other is used for rules, which are not text.
    """

    hex: str
    contrast: float

    @property
    def for_text(self) -> bool:
        return self.contrast >= 7.0


@dataclass(frozen=True)
class ContactDetails:
    """How to reach the publisher offline (``site.yaml``); every field is optional."""

    telephone: str | None = None  # as printed: "0300 000 0000"
    helpline_hours: str | None = None  # "Monday to Friday, 9am to 5pm"
    address: tuple[str, ...] = ()  # the postal address, one line per item
    email: str | None = None
    charity_number: str | None = None  # the registered charity number, as printed

    def __bool__(self) -> bool:
        return any(
            (self.telephone, self.helpline_hours, self.address, self.email, self.charity_number)
        )
