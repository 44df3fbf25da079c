"""The language of an imported page, and whether its text's script fits that language.

WordPress core stores no language per page; multilingual plugins add a REST field
(``lang``, ``locale``, ...) and themes mark the content (``<div lang="zh-Hant">``).
Otherwise the site's language (``--language``) is assumed, and a text written in
another script (Traditional Chinese imported as en-GB) is pointed out.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from ...source import LANGUAGE_PATTERN
from .settings import DEFAULT_LANGUAGE

_REST_KEYS = ("lang", "language", "locale", "wpml_current_locale")
_FIRST_TAG_LANG = re.compile(r"^\s*<[a-zA-Z][^>]*?\slang\s*=\s*[\"']([^\"']+)[\"']")
# Unicode script (first word of a character's name) -> languages written in it.
_SCRIPT_LANGUAGES = {
    "CJK": ("zh", "ja", "ko"),
    "HIRAGANA": ("ja",),
    "KATAKANA": ("ja",),
    "HANGUL": ("ko",),
    "CYRILLIC": ("ru", "uk", "bg", "sr", "mk", "be", "kk"),
    "ARABIC": ("ar", "fa", "ur", "ps"),
    "HEBREW": ("he", "yi"),
    "GREEK": ("el",),
    "DEVANAGARI": ("hi", "mr", "ne"),
    "BENGALI": ("bn",),
    "GURMUKHI": ("pa",),
    "TAMIL": ("ta",),
    "THAI": ("th",),
}
_SCRIPT_NAMES = {"CJK": "Chinese or Japanese characters (CJK)"}
_SUGGESTED = {"CJK": "zh-Hant for Traditional Chinese, zh-Hans for Simplified"}


def page_language(page: dict, assumed: str | None, text: str, warnings: list[str]) -> str:
    """The page's BCP 47 language: from the REST record, the content's ``lang``, or ``assumed``.

    ``text`` is the article's words; a warning is appended when their script does not fit
    the language, or when the page names a language that is not a language code.
    """
    language = assumed or DEFAULT_LANGUAGE
    candidates = [page.get(key) for key in _REST_KEYS]
    content = page["content"]["rendered"]
    if match := _FIRST_TAG_LANG.match(content):
        candidates.append(match[1])
    for value in candidates:
        if isinstance(value, str) and value.strip():
            tag = value.strip().replace("_", "-")
            if LANGUAGE_PATTERN.match(tag):
                language = tag
                break
            warnings.append(
                f"the page's language {value!r} is not a language code: {language} "
                "is used; correct 'language:' if that is wrong."
            )
            break
    script = main_script(text)
    primary = language.split("-")[0].casefold()
    if script == "LATIN" or script is None:
        fits = not any(primary in languages for languages in _SCRIPT_LANGUAGES.values())
        fits = fits or primary in ("sr", "ja", "ko", "zh")  # also written in Latin letters
    else:
        fits = primary in _SCRIPT_LANGUAGES.get(script, (primary,))
    if not fits:
        name = _SCRIPT_NAMES.get(script or "", f"{(script or 'LATIN').title()} letters")
        suggestion = _SUGGESTED.get(script or "", "")
        example = f" (e.g. {suggestion})" if suggestion else ""
        warnings.append(
            f"the page's text is mostly in {name}, which does not fit its language "
            f"{language}: set 'language:' to the page's language{example}, or import "
            "again with --language."
        )
    return language


def main_script(text: str) -> str | None:
    """The Unicode script most of ``text``'s letters are in (e.g. "LATIN", "CJK"), or None."""
    counts: Counter[str] = Counter()
    for character in text:
        if character.isalpha():
            name = unicodedata.name(character, "")
            if name:
                counts[name.split()[0]] += 1
    if not counts:
        return None
    return counts.most_common(1)[0][0]
