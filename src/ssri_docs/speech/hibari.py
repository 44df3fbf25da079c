"""A natural offline voice: hibari, a small neural voice bundled in the ``hibari-tts`` wheel.

hibari (Apache-2.0) is a 7.9 MB int8 ONNX model distilled from Kokoro-82M's "af_heart"
voice (American English, female), with its own phonemiser (no espeak-ng, no spaCy).
Everything for the bundled voice is inside the wheel; its other voices (including the
two British ones) are downloaded on first use, so they are refused here: nothing may be
fetched at build time.

Reproducibility (measured, see docs/voices.md):
- the noise component is drawn from ``numpy.random.default_rng(seed)``; a fresh
  generator per sentence makes each sentence independent of what was said before, so
  the sentence cache can hand out sentences in any order;
- onnxruntime runs with one thread: 2 threads give different (equally good) bits;
- hibari's signal processing uses scipy's FFT when scipy is installed and numpy's
  otherwise; the two differ by one least-significant bit, so the backend is part of
  ``settings_key`` (as are the model's hash and the onnxruntime and numpy versions).
Under those settings the same sentence gives byte-identical samples in any process.
"""

from __future__ import annotations

import hashlib
import json
from importlib.metadata import version
from pathlib import Path

import numpy as np

from ..errors import BuildError, UserError
from .base import Segment

DEFAULT_VOICE = "heart"
SEED = 0  # any fixed value; the same for every sentence
THREADS = 1  # onnxruntime intra-op threads: fixed, because the count changes the bits


def available() -> bool:
    """True when hibari-tts can be imported (``auto`` tries it before espeak-ng)."""
    import importlib.util

    return importlib.util.find_spec("hibari") is not None


class HibariEngine:
    """hibari's bundled voice; about 50 times faster than real time on one core here."""

    name = "hibari"

    def __init__(self, voice: str = DEFAULT_VOICE, speed: float = 1.0) -> None:
        """``voice``: a voice bundled in the wheel ("heart"); ``speed``: 0.5 .. 2.0.

        Raises UserError when hibari-tts is not installed, or the voice would have to be
        downloaded.
        """
        try:
            import hibari
            from hibari import dsp
            from hibari.voices import VOICES, voice_path
        except ImportError:
            raise UserError(
                "the natural offline voice is not installed",
                hint="reinstall ssri-docs with pip (it brings hibari-tts), or use --tts espeak.",
            ) from None
        described = VOICES.get(voice)
        if described is None or not described.get("bundled"):
            bundled = ", ".join(name for name, v in VOICES.items() if v.get("bundled"))
            raise UserError(
                f"the hibari voice {voice!r} is not in the package (it would be downloaded)",
                hint=f"use a bundled voice ({bundled}), or --tts espeak for a British voice.",
            )
        if not 0.5 <= speed <= 2.0:
            raise UserError(f"the hibari speed {speed} is outside 0.5 .. 2.0")
        model = Path(voice_path(voice, download_missing=False))
        self._tts = hibari.Hibari(voice=voice, threads=THREADS)
        self._speed = float(speed)
        self.sample_rate: int = self._tts.sample_rate
        self._settings = {
            "hibari": version("hibari-tts"),
            "model_sha256": hashlib.sha256(model.read_bytes()).hexdigest(),
            "voice": voice,
            "speed": self._speed,
            "seed": SEED,
            "threads": THREADS,
            "onnxruntime": version("onnxruntime"),
            "numpy": np.__version__,
            "fft": dsp.FFT_BACKEND,
        }
        accent = f"{described['accent']} English, {described['gender']}"  # from voices.json
        self.voice = f"hibari {self._settings['hibari']} {voice} ({accent})"

    def settings_key(self) -> str:
        """Everything that changes the samples, as sorted JSON (the cache key's part)."""
        return json.dumps(self._settings, sort_keys=True)

    def synthesise(self, text: str) -> Segment:
        """One sentence as mono int16 samples at 24 kHz. Raises BuildError on no sound."""
        audio = self._tts(text, speed=self._speed, seed=SEED)  # fresh generator per call
        if audio.size == 0:
            raise BuildError(f"the natural offline voice produced no sound for {text[:60]!r}")
        samples = np.rint(np.clip(audio, -1.0, 1.0) * 32767.0).astype(np.int16)
        return Segment(samples, self.sample_rate)
