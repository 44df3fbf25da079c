"""A natural offline voice through Piper (optional: ``pip install 'ssri-docs[piper]'``).

Piper's voices are files the user downloads once and points to with ``--voice``;
nothing is fetched at build time. Noise is set to 0 so the same sentence always
sounds the same (Piper's output is random otherwise), which the cache relies on.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

from ..errors import InternalError, UserError
from .base import Segment


class PiperEngine:
    name = "piper"

    def __init__(self, voice_file: Path | None) -> None:
        if voice_file is None:
            raise UserError(
                "--tts piper needs a voice file",
                hint="add --voice PATH/TO/VOICE.onnx (a Piper voice, e.g. en_GB-alba-medium.onnx, "
                "with its .onnx.json beside it), or use --tts espeak for the built-in voice.",
            )
        voice_file = Path(voice_file)
        if not voice_file.is_file():
            raise UserError(
                "the Piper voice file does not exist",
                path=voice_file,
                hint="check the path given with --voice.",
            )
        try:
            from piper import PiperVoice, SynthesisConfig
        except ImportError:
            raise UserError(
                "the Piper voice engine is not installed",
                hint="run: pip install 'ssri-docs[piper]' (or use --tts espeak).",
            ) from None
        try:
            self._voice = PiperVoice.load(str(voice_file))
        except Exception as error:  # onnxruntime raises its own types for a bad model
            raise UserError(
                f"the Piper voice file cannot be loaded ({error})",
                path=voice_file,
                hint="give the .onnx voice file, with its .onnx.json next to it.",
            ) from None
        self._config = SynthesisConfig(noise_scale=0.0, noise_w_scale=0.0)
        self._digest = hashlib.sha256(voice_file.read_bytes()).hexdigest()
        self.voice = f"Piper {voice_file.stem}"

    def settings_key(self) -> str:
        return json.dumps({"voice_sha256": self._digest, "noise": 0}, sort_keys=True)

    def synthesise(self, text: str) -> Segment:
        chunks = list(self._voice.synthesize(text, syn_config=self._config))
        if not chunks:
            raise InternalError(f"the Piper voice produced no sound for {text[:60]!r}")
        samples = np.concatenate([chunk.audio_int16_array for chunk in chunks])
        return Segment(samples.astype(np.int16), chunks[0].sample_rate)
