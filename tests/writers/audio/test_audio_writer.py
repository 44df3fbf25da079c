"""The built MP3 and VTT, read back as a listener's player would read them."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from mutagen.id3 import ID3

from ssri_docs.anchors import Place
from ssri_docs.build import BuildRequest, build_article
from ssri_docs.checks.audio import (
    MATCH_THRESHOLD,
    chapter_problems,
    chapters,
    decode,
    mp3_text,
    read_text,
    spoken_at_chapter,
    vtt_cues,
)
from ssri_docs.errors import UserError
from ssri_docs.model import sections
from ssri_docs.products import ArticleProducts, BuildOptions
from ssri_docs.reporting import Reporter
from ssri_docs.speech.espeak import EspeakEngine
from ssri_docs.wording import (
    DISCLAIMER_HEADING,
    REFERENCES_HEADING,
    inline_text,
    split_sentences,
)
from ssri_docs.writers import audio
from ssri_docs.writers.audio.narration import HEADING, apply_lexicon, narration_script
from ssri_docs.writers.audio.recording import level


@pytest.fixture(scope="module")
def built(build_seed, seed_article):
    folder = build_seed("audio") / seed_article.slug
    return folder / f"{seed_article.slug}.mp3", folder / f"{seed_article.slug}.vtt"


@pytest.fixture(scope="module")
def engine(seed_article):
    narration = seed_article.site.narration
    return EspeakEngine(narration.espeak_voice, narration.words_per_minute)


def _stated_minutes(lyrics: str) -> int:
    match = re.search(r"This recording lasts about (\d+) minutes?\.", lyrics)
    assert match, "the closing does not say how long the recording lasts"
    return int(match.group(1))


def test_mp3_decodes_mono_and_its_length_is_the_sum_of_speech_and_pauses(
    built, seed_article, engine
):
    mp3, _ = built
    samples, rate = decode(mp3)
    lyrics, _ = mp3_text(mp3)
    # Independently: synthesise the script the file says it is, add up speech and pauses.
    script = narration_script(seed_article, _stated_minutes(lyrics))
    expected = 0
    parts = 0  # the MP3 is encoded block by block: each part but the last is whole frames
    for chapter in script:
        block = None
        for number, utterance in enumerate(chapter.utterances):
            parts += number == 0 or utterance.source[:2] != block
            block = utterance.source[:2]
            segment = engine.synthesise(utterance.spoken)
            assert segment.sample_rate == rate
            expected += len(segment.samples) + round(utterance.pause_after * rate)
    assert parts > 20
    # gapless: the Info frame's delay and padding trimmed, and no part's LAME delay or
    # padding heard; each pause between parts lengthened by less than a frame (576)
    assert expected <= len(samples) < expected + (parts - 1) * 576
    assert len(samples) / rate > 60


def test_stated_length_is_true(built):
    mp3, _ = built
    samples, rate = decode(mp3)
    lyrics, _ = mp3_text(mp3)
    assert _stated_minutes(lyrics) == max(1, round(len(samples) / rate / 60))


def test_chapters_cover_the_file_and_name_disclaimer_and_references(built, seed_article):
    mp3, _ = built
    assert chapter_problems(mp3) == []
    titles = [mark.title for mark in chapters(mp3)]
    assert titles[0] == "Introduction"
    assert titles[-3:-1] == [DISCLAIMER_HEADING, REFERENCES_HEADING]
    assert "Summary" in titles


def test_chapter_check_finds_gaps(built, tmp_path):
    mp3, _ = built
    broken = tmp_path / "broken.mp3"
    broken.write_bytes(mp3.read_bytes())
    tags = ID3(broken)
    chap = next(c for c in tags.getall("CHAP") if c.element_id == "chp2")
    chap.start_time += 500
    tags.save(broken, v2_version=4)
    assert any("gap" in problem for problem in chapter_problems(broken))


def test_transcripts_contain_the_disclaimer_and_every_reference(built, seed_article):
    mp3, vtt = built
    lyrics, _ = mp3_text(mp3)
    cues = " ".join(vtt_cues(vtt))
    disclaimer = " ".join(seed_article.disclaimer.split())
    for text in (" ".join(lyrics.split()), cues):
        assert disclaimer in text
        for reference in seed_article.references:
            assert reference.title in text
    assert "S S R" not in lyrics  # written as in the source, not as pronounced


def test_vtt_has_one_cue_per_utterance_in_time_order(built, seed_article):
    mp3, vtt = built
    text = vtt.read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\n")
    lyrics, _ = mp3_text(mp3)
    script = narration_script(seed_article, _stated_minutes(lyrics))
    written = [u.text for chapter in script for u in chapter.utterances]
    assert vtt_cues(vtt) == written
    times = re.findall(
        r"^(\d\d):(\d\d):(\d\d)\.(\d{3}) --> (\d\d):(\d\d):(\d\d)\.(\d{3})$", text, re.M
    )
    seconds = [
        (
            int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000,
            int(h2) * 3600 + int(m2) * 60 + int(s2) + int(ms2) / 1000,
        )
        for h, m, s, ms, h2, m2, s2, ms2 in times
    ]
    samples, rate = decode(mp3)
    previous_end = 0.0
    for start, end in seconds:
        assert previous_end <= start < end <= len(samples) / rate + 0.001
        previous_end = end


def test_every_heading_is_followed_by_a_silent_pause(built, seed_article):
    """Listen as a listener would: after each announced heading, a second of silence."""
    import numpy as np

    mp3, vtt = built
    samples, rate = decode(mp3)
    lyrics, _ = mp3_text(mp3)
    script = narration_script(seed_article, _stated_minutes(lyrics))
    kinds = [u.kind for chapter in script for u in chapter.utterances]
    text = vtt.read_text(encoding="utf-8")
    times = [
        (_seconds(start), _seconds(end))
        for start, end in re.findall(r"^([\d:.]+) --> ([\d:.]+)$", text, re.M)
    ]
    assert len(times) == len(kinds)
    pause = seed_article.site.narration.heading_pause
    headings = [i for i, kind in enumerate(kinds) if kind == HEADING]
    assert len(headings) >= 6
    for index in headings:
        end, next_start = times[index][1], times[index + 1][0]
        assert next_start - end >= pause - 0.002
        gap = samples[int((end + 0.05) * rate) : int((next_start - 0.05) * rate)]
        assert 20 * np.log10(np.sqrt(np.mean(gap**2)) + 1e-12) < -50, "the pause is not silent"


def _seconds(stamp: str) -> float:
    hours, minutes, seconds = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def test_mp3_is_mono_64_kbps(built):
    from mutagen.mp3 import MP3

    mp3, _ = built
    info = MP3(mp3).info
    assert info.channels == 1
    assert info.bitrate == 64000
    samples, rate = decode(mp3)
    assert abs(info.length - len(samples) / rate) < 0.001  # players agree on the length


def test_tags_name_title_publisher_engine_voice_and_address(built, seed_article):
    mp3, _ = built
    tags = ID3(mp3)
    assert tags.version[:2] == (2, 4)
    assert str(tags["TIT2"]) == seed_article.title
    assert str(tags["TPE1"]) == seed_article.site.publisher
    assert str(tags["TALB"])
    assert str(tags["TLAN"]) == "eng"
    assert str(tags["TDRC"]) == str(seed_article.last_reviewed.year)
    comments = {frame.desc: str(frame) for frame in tags.getall("COMM")}
    assert comments[""] == seed_article.canonical_url
    assert comments["narration"].startswith("espeak: espeak-ng")
    assert str(tags["TXXX:TTS_ENGINE"]) == "espeak"
    assert "en-gb" in str(tags["TXXX:TTS_VOICE"])


def test_the_disclaimer_chapter_really_says_the_disclaimer(built, seed_article, engine):
    """Re-synthesise the disclaimer's first sentence with the same deterministic voice
    and find it in the decoded audio at the start of the Disclaimer chapter."""
    mp3, _ = built
    lexicon = seed_article.pronunciation
    first = apply_lexicon(split_sentences(seed_article.disclaimer)[0], lexicon)
    score = spoken_at_chapter(mp3, DISCLAIMER_HEADING, engine.synthesise(first).samples, 6.0)
    assert score > MATCH_THRESHOLD

    other = apply_lexicon(split_sentences(seed_article.disclaimer)[1], lexicon)
    assert spoken_at_chapter(mp3, DISCLAIMER_HEADING, engine.synthesise(other).samples, 6.0) < (
        MATCH_THRESHOLD
    )
    # a near miss (one word left out) is not the disclaimer either
    near = first.replace("should not be used", "should be used")
    assert near != first
    assert spoken_at_chapter(mp3, DISCLAIMER_HEADING, engine.synthesise(near).samples, 6.0) < (
        MATCH_THRESHOLD
    )


def test_loudness_is_consistent_between_chapters(built):
    import numpy as np

    mp3, _ = built
    samples, rate = decode(mp3)
    levels = []
    for mark in chapters(mp3):
        part = samples[int(mark.start * rate) : int(mark.end * rate)]
        frames = part[: len(part) // 441 * 441].reshape(-1, 441)
        rms = np.sqrt((frames**2).mean(axis=1))
        speaking = rms[rms > rms.max() * 0.1]
        levels.append(20 * np.log10(np.sqrt((speaking**2).mean())))
    assert max(levels) - min(levels) < 3.0
    assert min(levels) > -26 and max(levels) < -14
    assert np.abs(samples).max() < 1.0


def test_level_brings_quiet_and_loud_speech_together():
    import numpy as np

    rng = np.random.default_rng(5)
    speech = rng.standard_normal(22050) * np.sin(np.linspace(0, 20, 22050)) ** 2
    quiet = np.round(speech * 300).astype(np.int16)
    loud = np.round(np.clip(speech * 6000, -32000, 32000)).astype(np.int16)

    def rms(x):
        return np.sqrt(np.mean((x / 32768.0) ** 2))

    assert rms(loud) / rms(quiet) > 15
    assert abs(20 * np.log10(rms(level(loud)) / rms(level(quiet)))) < 1.0


@pytest.mark.slow
def test_same_source_gives_identical_files(seed_article, tmp_path):
    """Two builds with separate caches (everything synthesised twice) are byte-identical."""
    outputs = []
    for run in ("a", "b"):
        request = BuildRequest(
            sources=(seed_article.source_path,),
            source_dir=seed_article.source_path.parent,
            out_dir=tmp_path / f"out-{run}",
            formats=("audio",),
            options=BuildOptions(tts="espeak", cache_dir=tmp_path / f"cache-{run}"),
        )
        files = build_article(seed_article, ("audio",), request, Reporter(quiet=True))
        outputs.append({item.name: item.data for item in files})
    assert outputs[0] == outputs[1]
    manifest = json.loads((tmp_path / "out-a" / seed_article.slug / "build.json").read_text())
    entry = manifest["files"][f"{seed_article.slug}.mp3"]
    assert entry["media_type"] == "audio/mpeg"
    assert entry["label"] == "Audio narration (MP3)"
    assert entry["engine"] == "espeak" and entry["duration"] > 60
    assert manifest["files"][f"{seed_article.slug}.vtt"]["media_type"] == "text/vtt"


@pytest.mark.slow
def test_a_fresh_process_builds_the_same_bytes(built, seed_article, tmp_path):
    """espeak-ng's output depends on what the process synthesised before; the engine
    must hide that: a new process with an empty cache gives the very same files."""
    mp3, vtt = built
    script = (
        "import sys; from pathlib import Path\n"
        "from ssri_docs.build import BuildRequest, build\n"
        "from ssri_docs.reporting import Reporter\n"
        "from ssri_docs.products import BuildOptions\n"
        "source, out, cache = map(Path, sys.argv[1:])\n"
        "build(BuildRequest((source,), source.parent, out, ('audio',),\n"
        "      BuildOptions(tts='espeak', cache_dir=cache)), Reporter(quiet=True))\n"
    )
    out = tmp_path / "out"
    arguments = [str(seed_article.source_path), str(out), str(tmp_path / "cache")]
    subprocess.run([sys.executable, "-c", script, *arguments], check=True, timeout=600)
    folder = out / seed_article.slug
    assert (folder / mp3.name).read_bytes() == mp3.read_bytes()
    assert (folder / vtt.name).read_bytes() == vtt.read_bytes()


def test_timeline_is_left_for_the_epub(seed_article, tmp_path):
    context = ArticleProducts(
        article=seed_article,
        options=BuildOptions(tts="espeak", cache_dir=tmp_path),
        reporter=Reporter(quiet=True),
        output_dir=tmp_path,
        formats=("audio", "epub"),
    )
    audio.write(seed_article, context)
    timeline = context.recording.timeline
    disclaimer_places = ((Place.DISCLAIMER_HEADING,), (Place.DISCLAIMER_TEXT,))
    disclaimer = [entry for entry in timeline if entry.source in disclaimer_places]
    assert disclaimer[0].text == DISCLAIMER_HEADING
    assert disclaimer[1].text == split_sentences(seed_article.disclaimer)[0]
    # every body sentence points at the model block it came from
    parts = sections(seed_article)
    body = [e for e in timeline if len(e.source) == 2 and isinstance(e.source[0], int)]
    assert len(body) > 20
    for entry in body:
        section, block = entry.source
        block_text = " ".join(inline_text(parts[section].blocks[block].children).split())
        assert entry.text in block_text
    assert all(a.end <= b.start for a, b in zip(timeline, timeline[1:], strict=False))


def test_reader_gives_transcript_chapters_and_cues(built, seed_article):
    mp3, _ = built
    text = read_text(mp3)
    assert "Disclaimer" in text and "References" in text
    assert "nhs.uk" in text


def test_piper_without_voice_file_is_a_clear_error(seed_article, tmp_path):
    context = ArticleProducts(
        article=seed_article,
        options=BuildOptions(tts="piper", cache_dir=tmp_path),
        reporter=Reporter(quiet=True),
        output_dir=tmp_path,
        formats=("audio",),
    )
    with pytest.raises(UserError, match="needs a voice file") as error:
        audio.write(seed_article, context)
    assert "--voice" in error.value.hint


def test_piper_with_a_missing_voice_file_is_a_clear_error(seed_article, tmp_path):
    context = ArticleProducts(
        article=seed_article,
        options=BuildOptions(tts="piper", voice=tmp_path / "none.onnx", cache_dir=tmp_path),
        reporter=Reporter(quiet=True),
        output_dir=tmp_path,
        formats=("audio",),
    )
    with pytest.raises(UserError, match="voice file does not exist"):
        audio.write(seed_article, context)
