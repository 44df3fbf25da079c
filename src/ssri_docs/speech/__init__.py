"""Speech engines behind one small interface (``base.SpeechEngine``).

``gtts_engine`` (Google's voice, online), ``espeak`` (built-in offline voice) and
``piper_engine`` (optional neural voice) each turn one sentence into PCM samples;
``cache`` keeps what was synthesised (``cache_folder``: its layout, lock, eviction and
``ssri-docs cache``), ``select`` chooses an engine for ``auto``.
"""

# Every engine a site or ``--tts`` may name; ``auto`` picks Google's voice when it answers.
ENGINES: tuple[str, ...] = ("auto", "gtts", "espeak", "piper")
