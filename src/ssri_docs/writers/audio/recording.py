"""The recording: the narration synthesised, levelled, timed, encoded to MP3 and tagged.

``products.ArticleProducts.recording`` calls ``record`` once per article; the audio
writer publishes the result and the e-book's read-aloud carries the same MP3. The
spoken script comes from ``narration.py``. Each utterance is synthesised once
per (engine, voice, settings, text) and cached on disk, so a rebuild only
synthesises what changed. The segments are brought to one loudness, joined with
the script's pauses and encoded to MP3 (mono, 64 kbps) without ffmpeg, block by
block, each block's frames cached, so an edit re-encodes only what it changed. The
opening says how long the recording lasts: the script is synthesised, the real
length measured, and the opening re-synthesised with it (only that sentence is new).
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
from concurrent.futures import Executor
from dataclasses import dataclass

import numpy as np

from ...model import Article
from ...products import BuildOptions, Recording, TimelineEntry
from ...reporting import Reporter, counted
from ...speech.base import Segment, SpeechEngine
from ...speech.cache import SpeechCache
from ...speech.claims import in_turn
from ...speech.languages import Voices
from ...speech.select import choose_engine
from .mp3 import (
    ENCODER_SETTINGS,
    JOIN_MARGIN,
    encode_part,
    frame_samples,
    join_parts,
    lame_frames,
)
from .narration import (
    Chapter,
    Utterance,
    estimate_seconds,
    narration_script,
    spoken_minutes,
    transcript,
)
from .tags import ChapterMark, tag_mp3

TARGET_RMS = 10 ** (-20 / 20)  # speech at -20 dBFS RMS (while speaking)
PEAK_LIMIT = 10 ** (-1 / 20)  # never above -1 dBFS
MAX_PASSES = 3  # syntheses of the opening before its stated length settles


@dataclass(frozen=True)
class Narration:
    """The assembled recording, before encoding."""

    samples: np.ndarray
    sample_rate: int
    timeline: list[TimelineEntry]
    chapters: list[ChapterMark]
    # Where each part of the MP3 starts, in samples (see ``assemble``): every part but
    # the last is whole MP3 frames long and ends in silence (mp3.encode_part).
    part_starts: tuple[int, ...]

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate


def record(
    article: Article, options: BuildOptions, reporter: Reporter, encoder: Executor | None = None
) -> Recording:
    """Narrate ``article``: synthesise (through the speech cache), assemble, encode, tag.

    ``encoder``, when given, is another process that encodes half of the MP3's parts
    beside this one. Raises ``UserError`` when the chosen engine cannot be used (not
    installed, no voice).
    """
    settings = article.site.narration
    choice = choose_engine(options.speech_engine(settings), settings, options.voice)
    engine = choice.engine
    if choice.fallback:  # never silent, even with -q: the published voice depends on it
        reporter.warning(f"{article.slug}: audio narrated by {engine.voice}: {choice.fallback}")
    else:
        reporter.info(f"  audio: speaking with {engine.voice}: {choice.reason}")
    cache = SpeechCache(options.cache_dir, warn=reporter.warning)
    voices = Voices(engine)
    speech = _Speech(voices, cache, reporter)

    minutes = spoken_minutes(
        estimate_seconds(narration_script(article, 1, voices.can_speak), settings.words_per_minute)
    )
    for _ in range(MAX_PASSES):
        chapters = narration_script(article, minutes, voices.can_speak)
        recording = assemble(chapters, speech.segments(chapters))
        measured = spoken_minutes(recording.duration)
        if measured == minutes:
            break
        minutes = measured

    encoded = _encoded(recording, cache, encoder)
    cache.evict()
    stats = cache.stats
    reporter.detail(
        f"speech: {counted(stats.synthesised, 'sentence')} synthesised, "
        f"{stats.reused} from the cache"
        + (f", {stats.corrupt} damaged cache entries redone" if stats.corrupt else "")
        + (f", {stats.evicted} old cache files evicted" if stats.evicted else "")
    )
    spoken = transcript(chapters)
    mp3 = tag_mp3(
        encoded,
        article,
        engine=engine.name,
        voice=engine.voice,
        chapters=recording.chapters,
        transcript=spoken,
        duration_ms=round(recording.duration * 1000),
    )
    return Recording(
        mp3=mp3,
        timeline=tuple(recording.timeline),
        chapters=tuple(recording.chapters),
        transcript=spoken,
        duration=recording.duration,
        engine=engine.name,
        voice=engine.voice,
        stats=stats,
        fallback=choice.fallback,
    )


def _encoded(recording: Narration, cache: SpeechCache, encoder: Executor | None) -> bytes:
    """The MP3 audio of ``recording``, encoded part by part (see ``assemble``).

    Each part's frames are cached by a digest of its samples, so after an edit only the
    parts whose samples changed are encoded again (encoding is the largest part of a
    rebuild's time when the speech comes from the cache). With ``encoder``, every other
    part to encode is encoded there, at the same time: the bytes are the same.
    """
    bounds = [*recording.part_starts, len(recording.samples)]
    parts = [
        _Encode(recording.samples[start:end], recording.sample_rate, index == len(bounds) - 2)
        for index, (start, end) in enumerate(itertools.pairwise(bounds))
    ]
    keys = [part.key() for part in parts]
    frames: list[bytes | None] = [cache.encoded(key) for key in keys]
    missing = [index for index, made in enumerate(frames) if made is None]
    # Claimed part by part, so that workers making articles with the same parts share
    # them out (speech/claims.py); with a helper, all at once, for the helper to split.
    width = len(missing) if encoder is not None else 1
    turns = in_turn(cache.claims, [keys[index] for index in missing], width)
    with contextlib.closing(turns):  # as in ``_Speech.segments``
        for batch in turns:
            todo = []
            for index in (missing[position] for position in batch):
                frames[index] = cache.encoded(keys[index])  # stored meanwhile elsewhere?
                if frames[index] is None:
                    todo.append(index)
            elsewhere = {}
            if encoder is not None and len(todo) > 1:
                # every other part, so both processes get a fair share of long and short
                elsewhere = {i: encoder.submit(encode_one, parts[i]) for i in todo[1::2]}
            for index in todo:
                made = elsewhere[index].result() if index in elsewhere else encode_one(parts[index])
                cache.store_encoded(keys[index], made)
                frames[index] = made
    return join_parts([made for made in frames if made is not None], len(recording.samples))


@dataclass(frozen=True)
class _Encode:
    """A part of the recording still to be encoded (picklable, for the ``encoder``)."""

    samples: np.ndarray
    rate: int
    last: bool

    def key(self) -> str:
        """Its encoding's cache key: a digest of the samples and of how they are encoded."""
        digest = hashlib.sha256(self.samples.tobytes())
        kind = "last" if self.last else "part"
        digest.update(f"{self.rate}:{ENCODER_SETTINGS}:{kind}".encode())
        return digest.hexdigest()


def encode_one(part: _Encode) -> bytes:
    """One part's MP3 frames (``mp3.encode_part``; the last part with LAME's own end)."""
    if part.last:
        return lame_frames(part.samples, part.rate)
    return encode_part(part.samples, part.rate)


class _Speech:
    """Segments for the script's utterances: from memory, the disk cache or the engine."""

    def __init__(self, voices: Voices, cache: SpeechCache, reporter: Reporter) -> None:
        self.voices = voices
        self.cache = cache
        self.reporter = reporter
        self.known: dict[tuple[str | None, str], Segment] = {}

    def segments(self, chapters: tuple[Chapter, ...]) -> list[list[Segment]]:
        """Each utterance's speech, by the voice for its language."""
        wanted = [(u.language, u.spoken) for chapter in chapters for u in chapter.utterances]
        new = list(dict.fromkeys(key for key in wanted if key not in self.known))
        # from the cache first, so that the progress shows only what is spoken anew
        missing: list[tuple[str | None, str, SpeechEngine]] = []
        for language, text in new:
            engine: SpeechEngine = self.voices.voice(language) or self.voices.engine
            cached = self.cache.cached(engine, text)
            if cached is None:
                missing.append((language, text, engine))
            else:
                self._keep(language, text, cached)
        # one claim at a time, so that workers needing the same sentences share them out
        keys = [self.cache.key(engine, text) for _, text, engine in missing]
        # closed on the way out, even when a kept exception keeps this frame (and so
        # ``in_order``) alive: the claim in hand must not wait for the end of the build
        with contextlib.closing(in_turn(self.cache.claims, keys)) as turns:
            in_order = (position for batch in turns for position in batch)
            for position in self.reporter.progress(in_order, len(missing), "Synthesising speech"):
                language, text, engine = missing[position]
                self._keep(language, text, self.cache.segment(engine, text))  # looks again
        return [
            [self.known[u.language, u.spoken] for u in chapter.utterances] for chapter in chapters
        ]

    def _keep(self, language: str | None, text: str, segment: Segment) -> None:
        # levelled once here, not on every assembly pass
        self.known[language, text] = Segment(level(segment.samples), segment.sample_rate)


def assemble(chapters: tuple[Chapter, ...], segments: list[list[Segment]]) -> Narration:
    """Join the (levelled) segments with their pauses; time every utterance and chapter.

    The recording is cut into parts, MP3-encoded one by one (``_encoded``): a part per
    block of each section (a heading, a paragraph, a list, a table...), so an
    edited paragraph re-encodes only its part. Each part but the last is made whole
    MP3 frames long, ending in silence, by lengthening its last pause by at most one
    frame (26 ms at 22 kHz) and, only if that pause is shorter, to 52 ms.
    """
    rate = next(s.sample_rate for chapter in segments for s in chapter)
    pieces: list[np.ndarray] = []
    timeline: list[TimelineEntry] = []
    chapter_starts: list[int] = []
    part_starts: list[int] = []
    position = 0
    for index, (chapter, chapter_segments) in enumerate(zip(chapters, segments, strict=True)):
        block = None
        for number, (utterance, segment) in enumerate(
            zip(chapter.utterances, chapter_segments, strict=True)
        ):
            if number == 0 or utterance.source[:2] != block:
                if part_starts:  # the part before ends here
                    silence = _part_padding(position - part_starts[-1], len(pieces[-1]), rate)
                    pieces.append(np.zeros(silence, dtype=np.int16))
                    position += silence
                part_starts.append(position)
                block = utterance.source[:2]
            if number == 0:
                chapter_starts.append(position)
            speech = resample(segment, rate)
            pause = np.zeros(round(utterance.pause_after * rate), dtype=np.int16)
            timeline.append(_entry(index, utterance, position, position + len(speech), rate))
            pieces += [speech, pause]
            position += len(speech) + len(pause)
        if not chapter.utterances:
            chapter_starts.append(position)
    samples = np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int16)
    ends = [*chapter_starts[1:], position]
    marks = [
        ChapterMark(chapter.title, _ms(start, rate), _ms(end, rate))
        for chapter, start, end in zip(chapters, chapter_starts, ends, strict=True)
    ]
    return Narration(samples, rate, timeline, marks, tuple(part_starts or [0]))


def _part_padding(length: int, trailing_silence: int, rate: int) -> int:
    """Silent samples to add to a part of ``length`` samples, ending in
    ``trailing_silence`` zeros, so it is whole MP3 frames and ends in ``JOIN_MARGIN``
    of silence (``mp3.encode_part``)."""
    needed = max(0, JOIN_MARGIN - trailing_silence)
    frame = frame_samples(rate)
    return needed + (-(length + needed)) % frame


def _entry(chapter: int, utterance: Utterance, start: int, end: int, rate: int) -> TimelineEntry:
    return TimelineEntry(chapter, utterance.text, start / rate, end / rate, utterance.source)


def _ms(samples: int, rate: int) -> int:
    return round(samples * 1000 / rate)


def resample(segment: Segment, rate: int) -> np.ndarray:
    """The segment at ``rate`` (linear interpolation; engines rarely need it)."""
    if segment.sample_rate == rate:
        return segment.samples
    count = round(len(segment.samples) * rate / segment.sample_rate)
    positions = np.arange(count) * (segment.sample_rate / rate)
    values = np.interp(positions, np.arange(len(segment.samples)), segment.samples)
    return np.round(values).astype(np.int16)


def level(samples: np.ndarray) -> np.ndarray:
    """Bring speech to TARGET_RMS, measured over the frames where it is speaking."""
    signal = samples.astype(np.float64) / 32768
    frame = 441  # about 20 ms
    usable = len(signal) // frame * frame
    if usable == 0:
        return samples
    frame_rms = np.sqrt(np.mean(signal[:usable].reshape(-1, frame) ** 2, axis=1))
    loud = frame_rms.max()
    if loud <= 1e-6:  # silence stays silence
        return samples
    active = frame_rms > loud * 0.1  # within 20 dB of the loudest frame
    active_rms = float(np.sqrt(np.mean(frame_rms[active] ** 2)))
    peak = float(np.abs(signal).max())
    gain = min(TARGET_RMS / active_rms, PEAK_LIMIT / peak)
    return np.clip(np.round(signal * gain * 32768), -32768, 32767).astype(np.int16)
