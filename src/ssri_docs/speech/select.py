"""Which engine speaks: the one asked for, or for ``auto`` the best voice that answers.

``auto`` tries Google's voice (natural, British) with a short probe; when it does not
answer, hibari (a natural offline neural voice, American English) if it is installed,
and espeak-ng (robotic, but the only offline British accent) last. A fallback is
never silent: ``Choice.fallback`` says why, and the build prints it even with ``-q``.

A site that names one engine in ``site.yaml`` (``narration: engine: gtts``) requires
it: ``--tts`` may not ask for another, and when that engine cannot speak the build
stops instead of publishing a different voice.
"""

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
    fallback: str = ""  # why ``auto`` did not get Google's voice ("" when it did)


def choose_engine(requested: str, narration: Narration, voice_file: Path | None) -> Choice:
    """The engine for ``requested`` (auto, gtts, hibari, espeak or piper).

    Raises UserError for an unknown engine, for a ``requested`` engine other than the
    one ``site.yaml`` requires, and when a required engine cannot be used."""
    if requested not in ENGINES:
        raise UserError(
            f"unknown speech engine {requested!r}",
            hint=f"choose one of: {', '.join(ENGINES)}.",
        )
    required = narration.engine if narration.engine != "auto" else None
    if required and requested not in (required, "auto"):
        raise UserError(
            f"site.yaml requires the {required!r} voice, but --tts asked for {requested!r}",
            path=narration.source_path,
            hint=f"build with --tts {required}, or set 'engine: auto' under 'narration:'.",
        )
    engine = required or requested
    if engine == "auto":
        return _auto(narration)
    try:
        return _explicit(engine, narration, voice_file)
    except UserError as error:
        if not required:
            raise
        # the engine's own advice first (a voice setting names its key), then the way out
        fix = "fix that and build again"
        if error.hint:
            fix = f"{error.hint.rstrip('.')}, and build again"
        raise UserError(
            f"site.yaml requires the {required!r} voice, which cannot be used: {error.message}",
            path=error.path or narration.source_path,
            line=error.line,
            hint=f"{fix} (no other voice is used instead), "
            "or set 'engine: auto' under 'narration:'.",
        ) from None


def start_voice(requested: str, narration: Narration) -> None:
    """Start the offline voice's server in the background when ``choose_engine`` will
    pick it for certain (espeak asked for, or required by site.yaml), so it gets ready
    while the build does other work. Never raises: ``choose_engine`` reports problems."""
    required = narration.engine if narration.engine != "auto" else None
    if (required or requested) == "espeak" and requested in ("espeak", "auto"):
        from .espeak import start_server

        start_server(narration.espeak_voice, narration.words_per_minute, narration.source_path)


def _explicit(engine: str, narration: Narration, voice_file: Path | None) -> Choice:
    if engine == "gtts":
        if narration.engine == "gtts":  # required: find out now, not half-way through
            _gtts(narration, timeout=PROBE_TIMEOUT, retries=0).fetch_mp3(PROBE_TEXT)
        return Choice(_gtts(narration), "Google's voice, as asked")
    if engine == "hibari":
        from .hibari import HibariEngine

        return Choice(HibariEngine(), "the natural offline voice, as asked")
    if engine == "espeak":
        return Choice(_espeak(narration), "the built-in British offline voice, as asked")
    from .piper_engine import PiperEngine

    return Choice(PiperEngine(voice_file), "the Piper voice, as asked")


def _auto(narration: Narration) -> Choice:
    probe = _gtts(narration, timeout=PROBE_TIMEOUT, retries=0)
    try:
        probe.fetch_mp3(PROBE_TEXT)
    except BuildError as error:
        why = error.message
    else:
        return Choice(_gtts(narration), "Google's voice (it answered)")
    from .hibari import HibariEngine, available

    if available():
        reason = f"the natural offline voice, because {why}"
        return Choice(HibariEngine(), reason, fallback=reason)
    reason = (
        f"the robotic offline voice, because {why} and the natural offline voice "
        "(hibari-tts) is not installed"
    )
    return Choice(_espeak(narration), reason, fallback=reason)


def _gtts(narration: Narration, **options) -> SpeechEngine:
    from .gtts_engine import GttsEngine

    return GttsEngine(narration.gtts_language, narration.gtts_tld, **options)


def _espeak(narration: Narration) -> SpeechEngine:
    from .espeak import EspeakEngine

    return EspeakEngine(narration.espeak_voice, narration.words_per_minute, narration.source_path)
