"""ID3v2.4 tags for the narration: what players show, chapters, and the transcript.

Chapters are a CTOC frame listing one CHAP frame per chapter (ID3v2 Chapter Frame
Addendum), so podcast and audiobook players can jump between sections. Players that
show no chapters still show the cover (APIC, ``cover.py``), the title, the publisher,
the year (TDRC), the genre "Speech" (TCON) and the language (TLAN, ISO 639-2).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from mutagen.id3 import (
    APIC,
    CHAP,
    COMM,
    CTOC,
    ID3,
    TALB,
    TCON,
    TDRC,
    TIT2,
    TLAN,
    TLEN,
    TPE1,
    TSSE,
    TXXX,
    USLT,
    WOAS,
    WXXX,
    CTOCFlags,
    PictureType,
)

from ...model import Article
from .cover import cover_png

# ISO 639-2 codes that ID3 wants, for the languages an article may be written in.
_ISO_639_2 = {"en": "eng", "cy": "cym", "gd": "gla", "ga": "gle", "fr": "fra", "de": "deu"}
NO_BYTE_OFFSET = 0xFFFFFFFF  # CHAP: "times only", no byte offsets


@dataclass(frozen=True)
class ChapterMark:
    title: str
    start_ms: int
    end_ms: int


def id3_language(language: str) -> str:
    primary = language.split("-")[0].lower()
    return _ISO_639_2.get(primary, "und")


def tag_mp3(
    mp3: bytes,
    article: Article,
    *,
    engine: str,
    voice: str,
    chapters: list[ChapterMark],
    transcript: str,
    duration_ms: int,
) -> bytes:
    """``mp3`` with an ID3v2.4 tag in front; the same input gives the same bytes."""
    language = id3_language(article.language)
    publisher = article.site.publisher
    tags = ID3()
    tags.add(TIT2(encoding=3, text=article.title))
    tags.add(TPE1(encoding=3, text=publisher))
    tags.add(TALB(encoding=3, text=f"{publisher} information"))
    tags.add(TLAN(encoding=3, text=language))
    tags.add(TDRC(encoding=3, text=str(article.last_reviewed.year)))  # players show a year
    tags.add(TCON(encoding=3, text="Speech"))
    tags.add(TLEN(encoding=3, text=str(duration_ms)))
    tags.add(TSSE(encoding=3, text=f"ssri-docs; speech: {engine} ({voice})"))
    tags.add(WOAS(url=article.canonical_url))
    tags.add(WXXX(encoding=3, desc="", url=article.canonical_url))
    tags.add(
        APIC(
            encoding=3,
            mime="image/png",
            type=PictureType.COVER_FRONT,
            desc=article.title,  # what a screen reader says for the picture
            data=cover_png(article.title, publisher),
        )
    )
    tags.add(COMM(encoding=3, lang=language, desc="", text=article.canonical_url))
    tags.add(COMM(encoding=3, lang=language, desc="narration", text=f"{engine}: {voice}"))
    tags.add(TXXX(encoding=3, desc="TTS_ENGINE", text=engine))
    tags.add(TXXX(encoding=3, desc="TTS_VOICE", text=voice))
    ids = [f"chp{index}" for index in range(len(chapters))]
    tags.add(
        CTOC(
            element_id="toc",
            flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
            child_element_ids=ids,
            sub_frames=[TIT2(encoding=3, text=article.title)],
        )
    )
    for element_id, chapter in zip(ids, chapters, strict=True):
        tags.add(
            CHAP(
                element_id=element_id,
                start_time=chapter.start_ms,
                end_time=chapter.end_ms,
                start_offset=NO_BYTE_OFFSET,
                end_offset=NO_BYTE_OFFSET,
                sub_frames=[TIT2(encoding=3, text=chapter.title)],
            )
        )
    tags.add(USLT(encoding=3, lang=language, desc="transcript", text=transcript))
    buffer = io.BytesIO(mp3)
    tags.save(buffer, v2_version=4, padding=lambda info: 0)
    return buffer.getvalue()
