"""The recording as a phone's player shows it: the article within 10 s, a cover
picture, year, genre, language and address, and chapters that still cover it."""

from __future__ import annotations

import importlib.util
import io

import pytest
from mutagen.id3 import ID3, PictureType
from PIL import Image

from ssri_docs.checks.audio import chapter_problems, chapters
from ssri_docs.writers.audio.cover import cover_png

ARTICLE_WITHIN = 10.0  # seconds: the article's first sentence starts by then
VOICES = [
    "espeak",
    pytest.param(
        "hibari",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("hibari") is None,
            reason="hibari-tts not installed",
        ),
    ),
]


@pytest.fixture(scope="module", params=VOICES)
def built(request, build_seed, seed_article):
    folder = build_seed("audio", tts=request.param) / seed_article.slug
    return folder / f"{seed_article.slug}.mp3", folder / f"{seed_article.slug}.vtt"


FIRST_SENTENCE = "We do not know exactly why or how Selective Serotonin"  # the seed's


def _cue_starts(vtt) -> list[tuple[float, str]]:
    """(start in seconds, first line of text) of each WebVTT cue."""
    lines = vtt.read_text(encoding="utf-8").splitlines()
    starts = []
    for index, line in enumerate(lines):
        if " --> " in line:
            hours, minutes, seconds = line.split(" --> ")[0].split(":")
            starts.append(
                (int(hours) * 3600 + int(minutes) * 60 + float(seconds), lines[index + 1])
            )
    return starts


def test_the_article_starts_within_ten_seconds(built, seed_article):
    mp3, vtt = built
    start = next(time for time, text in _cue_starts(vtt) if text.startswith(FIRST_SENTENCE))
    assert start <= ARTICLE_WITHIN
    # The opening chapter holds the title, the publisher, the chapters sentence and the
    # article's untitled start: the first section's chapter follows the first sentence.
    marks = chapters(mp3)
    assert marks[0].start == 0 and marks[1].start > start
    assert chapter_problems(mp3) == []  # contiguous, from 0 to the end


def test_cover_picture_is_there_decodable_and_titled(built, seed_article):
    mp3, _ = built
    (picture,) = ID3(mp3).getall("APIC")
    assert picture.type == PictureType.COVER_FRONT
    assert picture.mime == "image/png"
    assert picture.desc == seed_article.title
    image = Image.open(io.BytesIO(picture.data))
    image.load()
    assert image.format == "PNG" and image.size == (600, 600)
    assert not image.info.get("dpi") and not image.text  # no metadata: the same bytes


def test_tags_players_show(built, seed_article):
    mp3, _ = built
    tags = ID3(mp3)
    assert str(tags["TLAN"]) == "eng"
    assert str(tags["TDRC"]) == str(seed_article.last_reviewed.year)
    assert str(tags["TCON"]) == "Speech"
    assert tags["WXXX:"].url == seed_article.canonical_url
    assert tags.getall("CTOC") and tags.getall("CHAP") and tags.getall("USLT")


def test_cover_is_byte_identical_and_readable_at_thumbnail_size():
    first = cover_png("How SSRIs work", "OCD-UK")
    assert first == cover_png("How SSRIs work", "OCD-UK")
    # At 96 px the title's letters are still large: most of the picture's top half has
    # light (text) pixels in it, not only background.
    thumb = Image.open(io.BytesIO(first)).convert("L").resize((96, 96), Image.LANCZOS)
    rows_with_text = sum(max(thumb.getpixel((x, y)) for x in range(96)) > 200 for y in range(48))
    assert rows_with_text > 20


def test_long_titles_fit_the_cover():
    long = "Obsessive-compulsive disorder and the long road to recovery for families " * 3
    image = Image.open(io.BytesIO(cover_png(long, "A publisher with a long name, UK")))
    assert image.size == (600, 600)
