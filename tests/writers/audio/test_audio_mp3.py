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

from ssri_docs.writers.audio.mp3 import (
    BITRATE_KBPS,
    encode_mp3,
    encode_part,
    frame_samples,
    join_parts,
    lame_frames,
)

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


def _parts(rate: int) -> list[np.ndarray]:
    """Three parts of speech-like sound, whole frames long, each ending in silence."""
    per_frame = frame_samples(rate)
    parts = []
    for number, frames in enumerate((40, 77, 55)):
        part = _speech_like(frames * per_frame, seed=number).copy()
        part[-3000:] = 0  # a pause, as between two paragraphs
        parts.append(part)
    return parts


@pytest.mark.parametrize("rate", [22050, 24000, 44100])  # MPEG-2 and MPEG-1 framing
def test_parts_encoded_apart_decode_in_place(rate):
    """A recording encoded part by part decodes to exactly its samples, each part in
    time: LAME's delay and padding sit in each part's closing silence."""
    parts = _parts(rate)
    last = _speech_like(rate + 77, seed=9)
    whole = np.concatenate([*parts, last])
    mp3 = join_parts([*(encode_part(p, rate) for p in parts), lame_frames(last, rate)], len(whole))
    samples, decoded_rate = _decoded(mp3)
    assert decoded_rate == rate
    assert len(samples) == len(whole)
    original = whole.astype(np.float64) / 32768
    start = 0
    for part in [*parts, last]:
        inside = slice(start + 800, start + len(part) - 800)
        lags = range(-50, 51)
        scores = [float(np.dot(original[inside], np.roll(samples, -lag)[inside])) for lag in lags]
        assert lags[int(np.argmax(scores))] == 0
        noise = original[inside] - samples[inside]
        assert 10 * np.log10(np.sum(original[inside] ** 2) / np.sum(noise**2)) > 10
        start += len(part)
    # a pause stays silent where parts join (short of the next part's first frame,
    # which MP3's transform spreads a little ahead of its sound)
    for boundary in np.cumsum([len(p) for p in parts]):
        assert np.abs(samples[boundary - 2500 : boundary - 1200]).max() < 0.01


def test_a_part_must_be_whole_frames_ending_in_silence():
    part = _parts(RATE)[0]
    with pytest.raises(ValueError, match="whole frames"):
        encode_part(part[:-1], RATE)
    sounding = part.copy()
    sounding[-10] = 1000
    with pytest.raises(ValueError, match="silence"):
        encode_part(sounding, RATE)
