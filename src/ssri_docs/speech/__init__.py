"""Speech engines behind one small interface (``base.SpeechEngine``).

``gtts_engine`` (Google's voice, online), ``hibari`` (the natural offline voice),
``espeak`` (the robotic offline voice, British) and ``piper_engine`` (optional) each
turn one sentence into PCM samples; ``cache`` keeps what was synthesised
(``cache_folder``: its layout, lock, eviction and ``ssri-docs cache``), ``select``
chooses an engine for ``auto``.
"""

# Every engine a site or ``--tts`` may name; ``auto``: Google's voice, else hibari, else espeak.
ENGINES: tuple[str, ...] = ("auto", "gtts", "hibari", "espeak", "piper")
