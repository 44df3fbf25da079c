"""What every speech engine provides: one sentence in, mono 16-bit samples out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # numpy loads with the first engine, not with the site's settings
    import numpy as np


@dataclass(frozen=True, eq=False)
class Segment:
    """Synthesised speech: mono int16 samples at ``sample_rate`` samples per second."""

    samples: np.ndarray
    sample_rate: int

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate


class SpeechEngine(Protocol):
    """A text-to-speech engine. ``settings_key`` names everything that changes the sound,
    so that cached speech is reused only when it would sound the same."""

    name: str  # "gtts", "hibari", "espeak" or "piper"
    voice: str  # what a listener would call the voice, recorded in the MP3's tags

    def settings_key(self) -> str: ...

    def synthesise(self, text: str) -> Segment: ...
