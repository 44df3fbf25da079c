"""Voices for passages in other languages: espeak-ng has one for most languages
charities publish in; a language no engine has gets no voice (the narration then says
so instead of mispronouncing it)."""

from __future__ import annotations

from ssri_docs.speech.espeak import EspeakEngine
from ssri_docs.speech.languages import Voices, language_name


def test_espeak_has_voices_for_welsh_urdu_chinese_and_polish():
    voices = Voices(EspeakEngine("en-gb", 165))
    for tag in ("cy", "ur", "zh-Hans", "pl"):
        assert voices.can_speak(tag), tag
        assert voices.voice(tag).language in (tag.lower(), tag.split("-")[0])
    assert not voices.can_speak("tlh")  # Klingon: no voice, never the English one
    assert voices.voice(None) is voices.engine


def test_language_names_for_the_listener():
    assert language_name("ur") == "Urdu" and language_name("zh-Hans") == "Chinese"
    assert language_name("cy-GB") == "Welsh" and language_name("tlh") == "another language"


def test_the_recording_speaks_each_utterance_with_its_languages_voice(tmp_path):
    from ssri_docs.reporting import Reporter
    from ssri_docs.speech.cache import SpeechCache
    from ssri_docs.writers.audio.recording import _Speech
    from ssri_docs.writers.audio.script import SENTENCE, Chapter, Utterance

    text = "Mae'r wybodaeth hon ar gael yn Gymraeg."
    chapter = Chapter(
        "Other languages",
        (
            Utterance(SENTENCE, text, text, 0.3, (0,), None),
            Utterance(SENTENCE, text, text, 0.3, (0,), "cy"),
        ),
    )
    speech = _Speech(
        Voices(EspeakEngine("en-gb", 165)), SpeechCache(tmp_path), Reporter(quiet=True)
    )
    english, welsh = speech.segments((chapter,))[0]
    assert len(english.samples) != len(welsh.samples) or (english.samples != welsh.samples).any()
