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
from .fields import LocatedMapping, parse_yaml, read_text
from .identity import IDENTITY_KEYS, read_identity
from .problems import Problems

_SITE_KEYS = (
    "publisher",
    "publisher-url",
    "disclaimer",
    "contact",
    "other-formats",
    "downloads-url",
    "review-interval-months",
    "review-warning-days",
    "narration",
    "reference-headings",
    *IDENTITY_KEYS,
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


# Ranges of the numbers, checked when site.yaml is read (docs/source-format.md lists
# them): beyond them the offline voice falls silent or the build runs out of memory.
WORDS_PER_MINUTE = (80, 450)
MAX_PAUSE_SECONDS = 10.0
REVIEW_INTERVAL_MONTHS = (1, 120)
REVIEW_WARNING_DAYS = (0, 365)


def load_site(path: Path, problems: Problems | None = None) -> Site:
    """Read the shared settings every article uses from ``path`` (a site.yaml).

    Warnings (curly quotes) go to ``problems`` when given. Raises SourceError, located
    at the line, for a missing file, unreadable text, an unknown name, or a value of
    the wrong kind or out of its range: every such problem in the file (a
    SourceProblems when there are several).
    """
    text = read_text(path, hint=f"create {display_path(path)} (see docs/source-format.md).")
    found = Problems()  # every setting is checked, and each problem reported
    data = parse_yaml(text, path, 0, "site settings", found)
    found.attempt(data.check_keys, _SITE_KEYS)
    narration = found.attempt(_narration, data, path)
    readers = {
        "publisher": lambda: data.text("publisher", required=True),
        "publisher_url": lambda: data.url("publisher-url", required=True),
        "disclaimer": lambda: data.text("disclaimer", required=False) or "",
        "contact": lambda: data.text("contact", required=True),
        "other_formats": lambda: data.text("other-formats", required=True),
        "downloads_url": lambda: data.url("downloads-url", required=True),
        "review_interval_months": lambda: data.integer(
            "review-interval-months", 36, *REVIEW_INTERVAL_MONTHS
        ),
        "review_warning_days": lambda: data.integer(
            "review-warning-days", 30, *REVIEW_WARNING_DAYS
        ),
        "reference_headings": lambda: _reference_headings(data),
    }
    values = {name: found.attempt(read) for name, read in readers.items()}
    values.update(read_identity(data, found))
    if problems is not None:
        problems.warnings.extend(found.warnings)
    found.raise_errors()
    return Site(**values, narration=narration)


def _reference_headings(data: LocatedMapping) -> tuple[str, ...] | None:
    """The ``reference-headings:`` list (one line of text each), None when absent.

    Raises SourceError, at the line of the list or of the entry, for anything but a
    list of at least one non-empty text.
    """
    field = data.fields.get("reference-headings")
    if field is None:
        return None
    hint = "write it as a list, e.g. 'reference-headings: [References, Bibliografia]'."
    if not isinstance(field.value, list) or not field.value:
        raise SourceError(
            "'reference-headings' must be a list of headings",
            path=data.path,
            line=field.line,
            hint=hint,
        )
    headings = []
    for entry, node in zip(field.value, field.node.value, strict=True):
        if not isinstance(entry, str) or not entry.strip():
            raise SourceError(
                f"'reference-headings' holds {entry!r}, which is not a heading's text",
                path=data.path,
                line=node.start_mark.line + 1 + data.line_offset,
                hint=hint,
            )
        headings.append(" ".join(entry.split()))
    return tuple(headings)


def _narration(data: LocatedMapping, path: Path) -> Narration:
    """The ``narration:`` group's voice settings, defaults for what it leaves out."""
    narration = Narration(source_path=path.resolve())
    settings = data.sub("narration", "the narration settings")
    if settings is None:
        return narration
    found = Problems()
    found.attempt(settings.check_keys, _NARRATION_KEYS)
    # Any engine but auto is required: speech.select refuses to use another (docs/voices.md).
    engine = found.attempt(settings.text, "engine", required=False) or narration.engine
    if engine not in ENGINES:
        found.errors.append(
            SourceError(
                f"unknown narration engine {engine!r}",
                path=path,
                line=settings.fields["engine"].line,
                hint=f"use one of: {', '.join(ENGINES)}.",
            )
        )
    voice = {
        "gtts_language": settings.text("gtts-language", required=False) or narration.gtts_language,
        "gtts_tld": settings.text("gtts-tld", required=False) or narration.gtts_tld,
        "espeak_voice": settings.text("espeak-voice", required=False) or narration.espeak_voice,
        "words_per_minute": found.attempt(
            settings.integer, "words-per-minute", narration.words_per_minute, *WORDS_PER_MINUTE
        ),
    }
    for key in ("heading-pause", "sentence-pause", "paragraph-pause"):
        name = key.replace("-", "_")
        voice[name] = found.attempt(
            settings.number, key, getattr(narration, name), MAX_PAUSE_SECONDS
        )
    found.raise_errors()
    return Narration(engine=engine, **voice, source_path=narration.source_path)
