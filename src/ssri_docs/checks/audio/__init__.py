"""The narration's checks: its read-back transcript, its chapters, and whether the
disclaimer is really spoken.

- ``text.py``: ``read_text``, the MP3's transcript and chapter titles and the WebVTT cues.
- ``player.py``: the MP3 read as a player reads it: it decodes and its chapters cover
  it (a check).
- ``spoken.py``: a sentence found in the audio by its spectrogram (a check; espeak-ng).
- ``keywords.py``: the disclaimer's phrases heard by offline speech recognition (a
  check; the natural offline voice).
"""

from . import keywords, player, spoken
from .player import MIN_SECTION_SECONDS, ChapterTime, chapter_problems, chapters, decode, duration
from .spoken import MATCH_THRESHOLD, sentence_score, spoken_at_chapter
from .text import mp3_text, read_text, vtt_cues

# This format's lines of the check table (``checks/table.py`` gathers every format's).
CHECKS = (player.CHECK, spoken.CHECK, keywords.CHECK)

__all__ = [
    "CHECKS",
    "MATCH_THRESHOLD",
    "MIN_SECTION_SECONDS",
    "ChapterTime",
    "chapter_problems",
    "chapters",
    "decode",
    "duration",
    "mp3_text",
    "read_text",
    "sentence_score",
    "spoken_at_chapter",
    "vtt_cues",
]
