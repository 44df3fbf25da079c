"""Read a built narration back as text: the MP3's transcript and chapter titles, and
the WebVTT cues beside it. What a listener's player can show is what is checked."""

from __future__ import annotations

import html
import re
from pathlib import Path

_TIMING = re.compile(r"^\d{2}:\d{2}:\d{2}\.\d{3} --> ")


def mp3_text(path: Path) -> tuple[str, list[str]]:
    """The USLT transcript and the chapter titles (in time order) of an MP3."""
    from mutagen.id3 import ID3

    tags = ID3(path)
    lyrics = "\n\n".join(frame.text for frame in tags.getall("USLT"))
    chapters = sorted(tags.getall("CHAP"), key=lambda chap: chap.start_time)
    titles = [str(chap.sub_frames.getall("TIT2")[0]) for chap in chapters if chap.sub_frames]
    return lyrics, titles


def vtt_cues(path: Path) -> list[str]:
    """The text of each cue of a WebVTT file, unescaped, in order."""
    cues: list[str] = []
    lines = path.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if _TIMING.match(line):
            text: list[str] = []
            for following in lines[index + 1 :]:
                if not following.strip():
                    break
                text.append(following)
            cues.append(html.unescape(" ".join(text)))
    return cues


def read_text(path: Path) -> str:
    """Transcript, chapter titles and, when ``<slug>.vtt`` is beside it, the VTT cues."""
    lyrics, titles = mp3_text(path)
    parts = [lyrics, "\n".join(titles)]
    vtt = path.with_suffix(".vtt")
    if vtt.is_file():
        parts.append("\n".join(vtt_cues(vtt)))
    return "\n\n".join(parts)
