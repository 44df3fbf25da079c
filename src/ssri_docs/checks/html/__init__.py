"""The large-print HTML page's checks: its read-back text, and what a browser and the
Nu Html Checker say about it (and about the downloads page and the transcript page).

- ``text.py``: ``read_text``, the page's reading-order text (for content parity).
- ``browser.py``: headless Chromium; computed styles, contrast, reflow, text spacing.
- ``axe.py``: axe-core's WCAG rules in both colour schemes (a check).
- ``vnu.py``: the Nu Html Checker (a check).
"""

from dataclasses import replace

from ...formats import TRANSCRIPT_PAGE
from . import axe, vnu
from .browser import (
    CHROMIUM_ARGS,
    Browser,
    apply_text_spacing,
    clipped_elements,
    contrast_ratio,
    describe_violations,
    has_horizontal_scroll,
    launch,
    line_lengths,
    run_axe,
    text_styles,
)
from .text import read_text
from .vnu import describe, errors, find_jar, run_vnu

AXE_TAGS = axe.AXE_TAGS
# This format's lines of the check table (``checks/table.py`` gathers every format's),
# and the same two validators on the audio format's transcript page, a web page too.
CHECKS = (
    axe.CHECK,
    vnu.CHECK,
    *(
        replace(check, fmt="audio", file=TRANSCRIPT_PAGE, downloads_page=False)
        for check in (axe.CHECK, vnu.CHECK)
    ),
)

__all__ = [
    "AXE_TAGS",
    "CHECKS",
    "CHROMIUM_ARGS",
    "Browser",
    "apply_text_spacing",
    "clipped_elements",
    "contrast_ratio",
    "describe",
    "describe_violations",
    "errors",
    "find_jar",
    "has_horizontal_scroll",
    "launch",
    "line_lengths",
    "read_text",
    "run_axe",
    "run_vnu",
    "text_styles",
]
