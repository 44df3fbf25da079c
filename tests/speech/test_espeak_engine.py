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
