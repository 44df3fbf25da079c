"""The audio narration: ``<slug>.mp3`` with chapters and transcript, the transcript page
``<slug>-transcript.html`` (``transcript_page``) and the captions ``<slug>.vtt``.

The recording itself (script, speech, timings, MP3) is made once per article by
``products.ArticleProducts.recording`` through ``recording.record``; this writer only
publishes it, with the WebVTT captions made from its timeline.
"""

from __future__ import annotations

from ...formats import FORMATS
from ...products import ArticleProducts
from .. import OutputFile
from .transcript_page import render_transcript_page
from .vtt import render_vtt


def write(article, products: ArticleProducts) -> list[OutputFile]:
    """``<slug>.mp3`` (tagged, with chapters), its transcript page and ``<slug>.vtt``."""
    recording = products.recording
    vtt = render_vtt(
        article.title, [(entry.start, entry.end, entry.text) for entry in recording.timeline]
    )
    details = {
        "duration": round(recording.duration, 3),
        "engine": recording.engine,
        "voice": recording.voice,
    }
    if recording.fallback:  # the build record says when ``auto`` fell back, and why
        details["fallback"] = recording.fallback
    mp3_file, transcript_file, vtt_file = FORMATS["audio"].files
    return [
        mp3_file.output(article.slug, recording.mp3, details),
        transcript_file.output(article.slug, render_transcript_page(article, products)),
        vtt_file.output(article.slug, vtt),
    ]
