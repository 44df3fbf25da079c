"""The WebVTT transcript: one cue per spoken sentence, heading or list item."""

from __future__ import annotations


def timestamp(seconds: float) -> str:
    milliseconds = round(seconds * 1000)
    hours, rest = divmod(milliseconds, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    whole, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{whole:02d}.{millis:03d}"


def cue_text(text: str) -> str:
    # WebVTT cue text is markup: escape it, and "-->" may not appear in it.
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return " ".join(escaped.split())


def render_vtt(title: str, cues: list[tuple[float, float, str]]) -> bytes:
    """A WebVTT file; ``cues`` are (start seconds, end seconds, text as written)."""
    lines = ["WEBVTT", "", "NOTE", f"Transcript of the narration of {cue_text(title)}", ""]
    for number, (start, end, text) in enumerate(cues, start=1):
        lines += [str(number), f"{timestamp(start)} --> {timestamp(end)}", cue_text(text), ""]
    return "\n".join(lines).encode("utf-8")
