"""Which engine speaks: the one asked for, or for ``auto`` Google's when it answers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError, UserError
from ..model import Narration
from . import ENGINES
from .base import SpeechEngine

PROBE_TIMEOUT = 3.0  # seconds Google has to answer before ``auto`` goes offline
PROBE_TEXT = "Hello."


@dataclass(frozen=True)
class Choice:
    engine: SpeechEngine
    reason: str  # told to the user: which voice, and why


def choose_engine(requested: str, narration: Narration, voice_file: Path | None) -> Choice:
    """The engine for ``requested`` (auto, gtts, espeak or piper)."""
    if requested not in ENGINES:
        raise UserError(
            f"unknown speech engine {requested!r}",
            hint=f"choose one of: {', '.join(ENGINES)}.",
        )
    if requested == "gtts":
        return Choice(_gtts(narration), "Google's voice, as asked")
    if requested == "espeak":
        return Choice(_espeak(narration), "the built-in offline voice, as asked")
    if requested == "piper":
        from .piper_engine import PiperEngine

        return Choice(PiperEngine(voice_file), "the Piper voice, as asked")
    probe = _gtts(narration, timeout=PROBE_TIMEOUT, retries=0)
    try:
        probe.fetch_mp3(PROBE_TEXT)
    except BuildError as error:
        return Choice(
            _espeak(narration),
            f"the built-in offline voice, because {error.message}",
        )
    return Choice(_gtts(narration), "Google's voice (it answered)")


def _gtts(narration: Narration, **options) -> SpeechEngine:
    from .gtts_engine import GttsEngine

    return GttsEngine(narration.gtts_language, narration.gtts_tld, **options)


def _espeak(narration: Narration) -> SpeechEngine:
    from .espeak import EspeakEngine

    return EspeakEngine(narration.espeak_voice, narration.words_per_minute, narration.source_path)
