"""Read ``site.yaml``: the settings every article shares (publisher, contact, voice).

Kept apart from the articles because it is read once per build and every article is
checked against it (the default disclaimer, the review interval). The voice settings
remember the file they came from, so that a speech engine refusing one of them can
name the ``site.yaml`` actually used, whatever folder ``--source`` gave.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import SourceError, display_path
from ..model import Narration, Site
from ..speech.select import ENGINES
from .fields import parse_yaml, read_text

SITE_FILE = "site.yaml"  # the site settings' name inside the source folder

_SITE_KEYS = (
    "publisher",
    "publisher-url",
    "disclaimer",
    "contact",
    "other-formats",
    "downloads-url",
    "review-interval-months",
    "narration",
)
_NARRATION_KEYS = (
    "engine",
    "gtts-language",
    "gtts-tld",
    "espeak-voice",
    "words-per-minute",
    "heading-pause",
    "sentence-pause",
    "paragraph-pause",
)


def load_site(path: Path) -> Site:
    """Read the shared settings every article uses from ``path`` (a site.yaml).

    Raises SourceError, located at the line, for a missing file, invalid YAML, an
    unknown name, or a value of the wrong kind.
    """
    text = read_text(path, hint=f"create {display_path(path)} (see docs/source-format.md).")
    data = parse_yaml(text, path, 0, "site settings")
    data.check_keys(_SITE_KEYS)
    narration = Narration(source_path=path.resolve())
    settings = data.sub("narration", "the narration settings")
    if settings is not None:
        settings.check_keys(_NARRATION_KEYS)
        engine = settings.text("engine", required=False) or narration.engine
        if engine not in ENGINES:
            raise SourceError(
                f"unknown narration engine {engine!r}",
                path=path,
                line=settings.fields["engine"].line,
                hint=f"use one of: {', '.join(ENGINES)}.",
            )
        narration = Narration(
            engine=engine,
            gtts_language=settings.text("gtts-language", required=False) or narration.gtts_language,
            gtts_tld=settings.text("gtts-tld", required=False) or narration.gtts_tld,
            espeak_voice=settings.text("espeak-voice", required=False) or narration.espeak_voice,
            words_per_minute=settings.integer("words-per-minute", narration.words_per_minute),
            heading_pause=settings.number("heading-pause", narration.heading_pause),
            sentence_pause=settings.number("sentence-pause", narration.sentence_pause),
            paragraph_pause=settings.number("paragraph-pause", narration.paragraph_pause),
            source_path=narration.source_path,
        )
    return Site(
        publisher=data.text("publisher", required=True),
        publisher_url=data.url("publisher-url", required=True),
        disclaimer=data.text("disclaimer", required=False) or "",
        contact=data.text("contact", required=True),
        other_formats=data.text("other-formats", required=True),
        downloads_url=data.url("downloads-url", required=True),
        review_interval_months=data.integer("review-interval-months", 36),
        narration=narration,
    )
