"""Voices for passages in other languages (WCAG 3.1.2), and the languages' English names.

The narration gives each utterance a language; ``Voices`` finds an engine that speaks
it: espeak-ng has voices for most languages charities publish in (cy, ur, zh, pl, ar,
bn, pa, gu...), gTTS has its own list, hibari (English only) lends them to espeak-ng,
Piper has one voice per file (so none). When
there is no voice the narration says so instead of letting the English voice
mispronounce the passage.
"""

from __future__ import annotations

from ..errors import UserError
from .base import SpeechEngine

# English names of the languages a listener may be told about (ISO 639-1/-3 codes).
LANGUAGE_NAMES = {
    "ar": "Arabic", "bn": "Bengali", "cy": "Welsh", "de": "German", "en": "English",
    "es": "Spanish", "fa": "Persian", "fr": "French", "ga": "Irish", "gd": "Scottish Gaelic",
    "gu": "Gujarati", "he": "Hebrew", "hi": "Hindi", "it": "Italian", "ja": "Japanese",
    "ko": "Korean", "ku": "Kurdish", "lt": "Lithuanian", "lv": "Latvian", "nl": "Dutch",
    "pa": "Punjabi", "pl": "Polish", "ps": "Pashto", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "so": "Somali", "sq": "Albanian", "ta": "Tamil", "ti": "Tigrinya",
    "tr": "Turkish", "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "yi": "Yiddish",
    "zh": "Chinese",
}  # fmt: skip
# gTTS's names for Chinese scripts.
_GTTS_ALIASES = {"zh-hans": "zh-CN", "zh-hant": "zh-TW", "zh-cn": "zh-CN", "zh-tw": "zh-TW"}


def language_name(tag: str) -> str:
    """ "Urdu" for "ur" or "ur-PK"; "another language" when the code is not known."""
    return LANGUAGE_NAMES.get(primary(tag), "another language")


def primary(tag: str) -> str:
    """The primary language subtag, lower case: "zh" for "zh-Hans"."""
    return tag.split("-")[0].lower()


class Voices:
    """The engines for the languages of one narration, found once per language."""

    def __init__(self, engine: SpeechEngine) -> None:
        self.engine = engine
        self.found: dict[str, SpeechEngine | None] = {}

    def can_speak(self, tag: str) -> bool:
        return self.voice(tag) is not None

    def voice(self, tag: str | None) -> SpeechEngine | None:
        """The engine for ``tag`` (None: the narration's own), or None when none has it."""
        if tag is None:
            return self.engine
        if tag not in self.found:
            self.found[tag] = _find(self.engine, tag)
        return self.found[tag]


def _find(engine: SpeechEngine, tag: str) -> SpeechEngine | None:
    name = getattr(engine, "name", "")
    if name in ("espeak", "hibari"):  # hibari's one bundled voice speaks English only
        from ..model import Narration
        from .espeak import EspeakEngine

        rate = getattr(engine, "words_per_minute", Narration.words_per_minute)
        for candidate in dict.fromkeys((tag.lower(), primary(tag))):
            try:
                return EspeakEngine(candidate, rate)
            except UserError:  # no voice for it
                continue
        return None
    if name == "gtts":
        from gtts.lang import tts_langs

        from .gtts_engine import GttsEngine

        known = tts_langs()
        for candidate in (_GTTS_ALIASES.get(tag.lower(), tag), primary(tag)):
            if candidate in known:
                return GttsEngine(candidate, engine.tld)
        return None
    finder = getattr(engine, "for_language", None)  # test engines may offer voices
    return finder(tag) if finder is not None else None
