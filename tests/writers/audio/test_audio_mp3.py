"""The MP3 encoder alone: gapless to the sample, in time, and the same bytes every time."""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys

import numpy as np
import pytest
import soundfile
from mutagen.mp3 import MP3, BitrateMode

from ssri_docs.writers.audio.mp3 import BITRATE_KBPS, encode_mp3

RATE = 22050  # the narration's rate: MPEG-2, 576 samples a frame


def _speech_like(count: int, seed: int = 7) -> np.ndarray:
    """Mono int16: bursts of a gliding tone and noise between silences, like speech."""
    rng = np.random.default_rng(seed)
    time = np.arange(count) / RATE
    tone = np.sin(2 * np.pi * (180 + 60 * np.sin(2 * np.pi * 0.7 * time)) * time)
    noise = rng.normal(0, 0.2, count)
    bursts = (np.sin(2 * np.pi * 1.3 * time) > -0.2).astype(np.float64)
    return np.round((tone + noise) * bursts * 6000).astype(np.int16)


def _decoded(mp3: bytes) -> tuple[np.ndarray, int]:
    samples, rate = soundfile.read(io.BytesIO(mp3), dtype="float64")
    return samples, rate


@pytest.mark.parametrize("count", [1, 575, 576, 577, 1152 * 3, RATE * 2 + 123, RATE * 9])
def test_decoded_length_is_the_samples_given(count):
    mp3 = encode_mp3(_speech_like(count), RATE)
    samples, rate = _decoded(mp3)
    assert rate == RATE
    assert len(samples) == count  # the Info frame's delay and padding are trimmed exactly
    assert abs(MP3(io.BytesIO(mp3)).info.length - count / RATE) < 0.001


def test_decoded_signal_is_in_time_with_the_original():
    """No shift: chapter marks and read-aloud clips are times in the original samples."""
    original = _speech_like(RATE * 6).astype(np.float64) / 32768
    samples, _ = _decoded(encode_mp3(_speech_like(RATE * 6), RATE))
    lags = range(-600, 601)
    scores = [
        float(np.dot(original[1000:-1000], np.roll(samples, -lag)[1000:-1000])) for lag in lags
    ]
    assert lags[int(np.argmax(scores))] == 0
    noise = original - samples
    assert 10 * np.log10(np.sum(original**2) / np.sum(noise**2)) > 10  # it is the same signal


def test_constant_bit_rate_mono():
    info = MP3(io.BytesIO(encode_mp3(_speech_like(RATE * 3), RATE))).info
    assert info.channels == 1
    assert abs(info.bitrate - BITRATE_KBPS * 1000) < 100  # from the Info frame's byte count
    assert info.bitrate_mode == BitrateMode.CBR  # an "Info" (not "Xing") frame


def test_same_bytes_every_run_and_in_another_process(tmp_path):
    samples = _speech_like(RATE * 4)
    digest = hashlib.sha256(encode_mp3(samples, RATE)).hexdigest()
    assert hashlib.sha256(encode_mp3(samples, RATE)).hexdigest() == digest
    np.save(tmp_path / "pcm.npy", samples)
    program = (
        "import hashlib, sys\n"
        "import numpy as np\n"
        "from ssri_docs.writers.audio.mp3 import encode_mp3\n"
        "mp3 = encode_mp3(np.load(sys.argv[1]), int(sys.argv[2]))\n"
        "print(hashlib.sha256(mp3).hexdigest())\n"
    )
    other = subprocess.run(
        [sys.executable, "-c", program, str(tmp_path / "pcm.npy"), str(RATE)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert other.stdout.strip() == digest
