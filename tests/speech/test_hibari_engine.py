"""The natural offline voice: byte-identical sentences in any process and order, a
cache key that names what changes the bits, and no download at run time."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import pytest

from ssri_docs.errors import UserError

pytest.importorskip("hibari", reason="hibari-tts not installed")

from ssri_docs.speech.hibari import HibariEngine  # noqa: E402

SENTENCES = ["This article is for information only.", "From OCD-UK.", "Serotonin is one."]
_PRINT_DIGESTS = """
import hashlib, json, sys
from ssri_docs.speech.hibari import HibariEngine
engine = HibariEngine()
texts = json.loads(sys.argv[1])
print(json.dumps({t: hashlib.sha256(engine.synthesise(t).samples.tobytes()).hexdigest()
                  for t in texts}))
"""


def _digests(texts: list[str]) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", _PRINT_DIGESTS, json.dumps(texts)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


@pytest.mark.slow
def test_sentences_are_byte_identical_across_processes_and_orders():
    assert _digests(SENTENCES) == _digests(list(reversed(SENTENCES)))


def test_a_sentence_is_24_khz_int16_and_the_same_twice():
    engine = HibariEngine()
    first, second = engine.synthesise(SENTENCES[1]), engine.synthesise(SENTENCES[1])
    assert first.sample_rate == 24000 and first.samples.dtype.name == "int16"
    assert first.duration > 0.3
    assert hashlib.sha256(first.samples).digest() == hashlib.sha256(second.samples).digest()


def test_settings_key_names_model_versions_seed_and_threads():
    key = json.loads(HibariEngine().settings_key())
    assert key["hibari"] == "0.2.1" and key["seed"] == 0 and key["threads"] == 1
    assert len(key["model_sha256"]) == 64
    assert {"onnxruntime", "numpy", "fft", "voice", "speed"} <= key.keys()
    assert HibariEngine().voice.startswith("hibari 0.2.1 heart")


def test_a_voice_that_would_be_downloaded_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    with pytest.raises(UserError, match="would be downloaded"):
        HibariEngine(voice="emma")
    assert not any(tmp_path.rglob("*.onnx"))


def test_passages_in_other_languages_are_lent_to_espeak():
    from ssri_docs.speech.languages import Voices

    voices = Voices(HibariEngine())
    assert voices.voice(None).name == "hibari"
    assert voices.voice("cy").name == "espeak"  # Welsh, said in Welsh
