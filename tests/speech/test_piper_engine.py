"""The optional Piper voice: clear messages without it; our glue around its API.

Piper's voices are downloaded by users, so none exists here: the glue is exercised
with a stand-in ``piper`` module that has Piper 1.x's API (``PiperVoice.load``,
``synthesize`` yielding chunks with ``audio_int16_array`` and ``sample_rate``).
"""

from __future__ import annotations

import sys
import types
from dataclasses import dataclass

import numpy as np
import pytest

from ssri_docs.errors import UserError
from ssri_docs.speech.piper_engine import PiperEngine


@dataclass
class _Chunk:
    audio_int16_array: np.ndarray
    sample_rate: int = 22050


@pytest.fixture
def fake_piper(monkeypatch):
    calls = []

    class SynthesisConfig:
        def __init__(self, **settings):
            self.settings = settings

    class PiperVoice:
        @staticmethod
        def load(path):
            calls.append(("load", path))
            return PiperVoice()

        def synthesize(self, text, syn_config=None):
            calls.append(("synthesize", text, syn_config.settings))
            for word in text.split():
                yield _Chunk(np.full(100 * len(word), 1000, dtype=np.int16))

    module = types.ModuleType("piper")
    module.PiperVoice, module.SynthesisConfig = PiperVoice, SynthesisConfig
    monkeypatch.setitem(sys.modules, "piper", module)
    return calls


def test_no_voice_file_is_a_clear_error():
    with pytest.raises(UserError, match="needs a voice file") as error:
        PiperEngine(None)
    assert "--voice" in error.value.hint


def test_piper_not_installed_is_a_clear_error(tmp_path, monkeypatch):
    voice = tmp_path / "en_GB-test.onnx"
    voice.write_bytes(b"model")
    monkeypatch.setitem(sys.modules, "piper", None)  # import piper -> ImportError
    with pytest.raises(UserError, match="not installed") as error:
        PiperEngine(voice)
    assert "ssri-docs[piper]" in error.value.hint


def test_segments_are_joined_and_noise_is_off(fake_piper, tmp_path):
    voice = tmp_path / "en_GB-test.onnx"
    voice.write_bytes(b"model one")
    engine = PiperEngine(voice)
    segment = engine.synthesise("two words")
    assert segment.sample_rate == 22050
    assert len(segment.samples) == 100 * (3 + 5)
    assert fake_piper[-1] == ("synthesize", "two words", {"noise_scale": 0.0, "noise_w_scale": 0.0})
    assert engine.voice == "Piper en_GB-test"

    other = tmp_path / "other" / "en_GB-test.onnx"
    other.parent.mkdir()
    other.write_bytes(b"model two")
    assert PiperEngine(other).settings_key() != engine.settings_key()  # new voice, new cache
