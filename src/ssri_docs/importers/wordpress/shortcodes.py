"""Remove unrendered WordPress shortcodes (``[name attr="x"]``) from the clean tree.

A shortcode the REST API did not render is plugin markup, not wording: it is removed
and named in a warning, since whatever it showed on the web page is missing from the
article. Brackets in prose ("[1]", "[sic]", "[She]") are wording and stay.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString

from .sanitise import sanitise

# Unrendered shortcodes: [name], [name attr="x" ...], [/name]. Brackets in prose
# ("[1]", "[not a link]", "[She]") are kept: a shortcode is one lower-case name,
# optionally followed by attributes that contain "=".
_SHORTCODE = re.compile(r"\[/?([a-z][\w-]*)(?:\s+[^\[\]=]*=[^\[\]]*)?\s*/?\]")
# Shortcodes whose information the importer takes from the JSON instead.
_REVIEW_SHORTCODES = {"lastreviewed", "nextreviewed", "last_reviewed", "next_reviewed"}
_EDITORIAL_BRACKETS = {"sic"}  # "[sic]" is wording, not a shortcode


def clean_tree(html: str, shortcodes: list[str]) -> BeautifulSoup:
    """The sanitised tree, with unrendered shortcodes removed (their names collected)."""

    def remove(match: re.Match[str]) -> str:
        name = match.group(1).lower()
        if name in _EDITORIAL_BRACKETS:
            return match.group(0)
        shortcodes.append(name)
        return " "

    soup = BeautifulSoup(sanitise(html), "html.parser")
    for string in list(soup.find_all(string=True)):
        text = _SHORTCODE.sub(remove, str(string))
        if text != str(string):
            string.replace_with(NavigableString(text))
    return soup


def shortcode_warnings(names: list[str]) -> list[str]:
    """What to tell the editor about the shortcodes ``clean_tree`` removed."""
    unknown = sorted({name for name in names if name not in _REVIEW_SHORTCODES})
    if not unknown:
        return []
    listed = ", ".join(f"[{name}]" for name in unknown)
    return [
        f"removed unrendered WordPress shortcodes {listed}: whatever they showed on the web "
        "page is not in the article; add it to the text if readers need it."
    ]
