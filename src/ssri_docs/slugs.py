"""The slug rule (an article's file and folder name) and a slug suggested from any text.

A slug is used as a file name and in web addresses on every system, so it keeps to
the plainest characters; the rule's wording is shared by every message that states it.
"""

from __future__ import annotations

import re
import unicodedata

SLUG_RULE = (
    "only the letters a to z (lower case, no accents), the digits 0 to 9, and single "
    "hyphens between words"
)
# Letters that Unicode does not decompose into a plain letter and an accent.
_SPELLED = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ł": "l", "ı": "i"}
)


def suggest_slug(text: str) -> str:
    """``text`` as a slug: accents dropped (ö -> o), other characters as hyphens; may be ''."""
    spelled = text.casefold().translate(_SPELLED)
    ascii_text = unicodedata.normalize("NFKD", spelled).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
