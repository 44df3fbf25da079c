"""The built-in offline voice: installed by pip alone, British, deterministic."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from ssri_docs.errors import UserError
from ssri_docs.speech.espeak import EspeakEngine

FIRST = "This article is for information only."
SECOND = "Serotonin is a neurotransmitter, a brain messenger chemical."


def _digest(segment) -> str:
    return hashlib.sha256(segment.samples.tobytes()).hexdigest()


@pytest.fixture(scope="module")
def engine() -> EspeakEngine:
    return EspeakEngine("en-gb", 165)


def test_speaks_british_english_at_22khz(engine):
    segment = engine.synthesise(FIRST)
    assert segment.sample_rate == 22050
    assert engine.voice.startswith("espeak-ng 1.52") and engine.voice.endswith("en-gb")
    assert 1.0 < segment.duration < 5.0
    assert segment.samples.dtype == np.int16
    assert np.abs(segment.samples).max() > 1000  # real sound, not silence


def test_same_sentence_gives_identical_samples_whatever_came_before(engine):
    """espeak-ng drifts by a few samples between syntheses in one process; the engine
    must not (every sentence is synthesised from a fresh state)."""
    first = _digest(engine.synthesise(FIRST))
    engine.synthesise(SECOND)
    engine.synthesise("Something else entirely, to disturb the state.")
    assert _digest(engine.synthesise(FIRST)) == first
    assert _digest(engine.synthesise(SECOND)) == _digest(engine.synthesise(SECOND))


def test_different_text_gives_different_speech(engine):
    assert _digest(engine.synthesise(FIRST)) != _digest(engine.synthesise(SECOND))


def test_speaking_rate_changes_the_length_and_the_cache_key():
    slow, fast = EspeakEngine("en-gb", 120), EspeakEngine("en-gb", 220)
    assert slow.synthesise(SECOND).duration > fast.synthesise(SECOND).duration * 1.4
    assert slow.settings_key() != fast.settings_key()


def test_unknown_voice_is_a_clear_error():
    with pytest.raises(UserError, match="no voice for the language 'xx-nowhere'") as error:
        EspeakEngine("xx-nowhere", 165)
    assert "espeak-voice" in error.value.hint


def test_unknown_voice_names_the_site_yaml_the_settings_came_from(tmp_path):
    settings = tmp_path / "my-leaflets" / "site.yaml"
    with pytest.raises(UserError, match="no voice for the language 'xx-nowhere'") as error:
        EspeakEngine("xx-nowhere", 165, settings_file=settings)
    assert error.value.path == settings


def test_a_server_started_early_is_the_one_the_voice_uses():
    from ssri_docs.speech import espeak

    espeak.start_server("en-gb", 171, None)
    started = espeak._SERVERS["en-gb", 171]
    engine = EspeakEngine("en-gb", 171)
    assert espeak._SERVERS["en-gb", 171] is started
    assert engine.synthesise(FIRST).duration > 1.0


def test_a_voice_started_early_that_fails_is_reported_each_time_it_is_asked_for(tmp_path):
    """The early start never raises; the voice's first use reports the problem, and the
    next asks again rather than finding a dead server."""
    from ssri_docs.speech import espeak

    settings = tmp_path / "site.yaml"
    espeak.start_server("xx-nowhere", 165, settings)
    for _ in range(2):
        with pytest.raises(UserError, match="no voice for the language 'xx-nowhere'") as error:
            EspeakEngine("xx-nowhere", 165, settings_file=settings)
        assert error.value.path == settings


@pytest.mark.parametrize(
    ("requested", "required", "started"),
    [
        ("espeak", "auto", True),
        ("auto", "espeak", True),
        ("espeak", "espeak", True),
        ("auto", "auto", False),  # Google's voice is tried first
        ("gtts", "auto", False),
        ("hibari", "auto", False),
        ("gtts", "espeak", False),  # refused by choose_engine: nothing to start
    ],
)
def test_the_voice_is_started_early_only_when_it_is_sure_to_be_used(
    monkeypatch, requested, required, started
):
    from ssri_docs.model import Narration
    from ssri_docs.speech import espeak, select

    calls = []
    monkeypatch.setattr(espeak, "start_server", lambda *args: calls.append(args))
    select.start_voice(requested, Narration(engine=required, words_per_minute=150))
    assert calls == ([("en-gb", 150, None)] if started else [])


def test_a_required_voice_that_cannot_be_used_keeps_its_own_advice(tmp_path):
    """site.yaml requires espeak, with a voice it does not have: the message says so,
    names site.yaml, and the hint names the setting to change, then the way out."""
    from ssri_docs.model import Narration
    from ssri_docs.speech.select import choose_engine

    site = tmp_path / "site.yaml"
    required = Narration(engine="espeak", espeak_voice="xx-nowhere", source_path=site)
    with pytest.raises(
        UserError, match="requires the 'espeak' voice, which cannot be used"
    ) as caught:
        choose_engine("auto", required, None)
    error = caught.value
    assert error.path == site
    assert error.hint.startswith("set 'espeak-voice:' under 'narration:'")
    assert "and build again (no other voice is used instead)" in error.hint
    assert error.hint.endswith("or set 'engine: auto' under 'narration:'.")


def test_a_voice_server_that_dies_fails_its_sentence_and_a_new_one_speaks_the_next():
    """The server process died (killed, or a crash in espeak-ng): the sentence in hand
    fails as a fault, and the next one (the next article's) gets a new server; every
    later article failed with "the offline voice stopped"."""
    from ssri_docs.errors import InternalError
    from ssri_docs.speech import espeak

    engine = EspeakEngine("en-gb", 163)  # a rate no other test uses: its own server
    expected = _digest(engine.synthesise(FIRST))
    first = espeak._SERVERS["en-gb", 163]
    first.process.kill()
    first.process.wait()
    with pytest.raises(InternalError, match="the offline voice stopped while saying"):
        engine.synthesise(FIRST)
    assert _digest(engine.synthesise(FIRST)) == expected
    assert espeak._SERVERS["en-gb", 163] is not first
