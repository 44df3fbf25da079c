"""Is a sentence really spoken in a built narration MP3? For ``ssri-docs check`` and
the tests.

``sentence_score`` answers it for a deterministic engine: the sentence is synthesised
again and its spectrogram is matched against the decoded audio. ``CHECK`` uses it to
hear the disclaimer in the Disclaimer chapter.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np

from ..check import Check, Job
from ..results import FAIL, PASS, CheckResult
from .player import chapters, decode

MATCH_THRESHOLD = 0.85  # spectrogram correlation above which a sentence is "there"
# (measured: the same espeak sentence 0.99; one word left out 0.70; another sentence 0.26)
# Where the disclaimer's first sentence is looked for: the start of its chapter
# (after the spoken heading and its pause).
DISCLAIMER_SEARCH_SECONDS = 6.0


def spectrogram(samples: np.ndarray, rate: int) -> np.ndarray:
    """Log-power spectrogram (frames x bins) of speech frequencies, 100 Hz to 4 kHz."""
    size, hop = 512, 128
    if len(samples) < size:
        samples = np.pad(samples, (0, size - len(samples)))
    count = 1 + (len(samples) - size) // hop
    index = np.arange(size)[None, :] + hop * np.arange(count)[:, None]
    frames = samples[index] * np.hanning(size)
    power = np.abs(np.fft.rfft(frames, axis=1)) ** 2
    freqs = np.fft.rfftfreq(size, 1 / rate)
    band = (freqs >= 100) & (freqs <= 4000)
    power = power[:, band]
    floor = power.max() * 1e-6 + 1e-12  # 60 dB below the loudest: silence is one value
    return np.log10(power + floor)


def sentence_score(
    samples: np.ndarray, rate: int, sentence: np.ndarray, start: float, search: float
) -> float:
    """Best correlation (-1..1) of ``sentence``'s spectrogram with the audio's, for any
    start between ``start`` and ``start + search`` seconds. Loudness does not matter."""
    if len(sentence) == 0:
        return 0.0
    template = spectrogram(sentence.astype(np.float64), rate)
    first = max(0, int(start * rate))
    last = min(len(samples), int((start + search) * rate) + len(sentence))
    window = spectrogram(samples[first:last], rate)
    frames, bins = template.shape
    if len(window) < frames:
        return 0.0
    centred = template - template.mean()
    centred /= np.linalg.norm(centred) or 1.0
    # Numerator for every offset at once: one sliding dot product per frequency bin.
    # (The template is centred, so the patch's own mean drops out of it.)
    numerator = sum(
        np.correlate(window[:, column], centred[:, column], mode="valid") for column in range(bins)
    )
    # Each patch's centred norm, from running sums of its frames.
    sums = np.concatenate(([0.0], np.cumsum(window.sum(axis=1))))
    squares = np.concatenate(([0.0], np.cumsum((window**2).sum(axis=1))))
    size = frames * bins
    patch_sum = sums[frames:] - sums[:-frames]
    patch_square = squares[frames:] - squares[:-frames]
    norms = np.sqrt(np.maximum(patch_square - patch_sum**2 / size, 1e-12))
    return float(np.max(numerator / norms))


def spoken_at_chapter(path: Path, chapter_title: str, sentence: np.ndarray, search: float) -> float:
    """``sentence_score`` of ``sentence`` (int16 samples at the MP3's rate) within the
    first ``search`` seconds of the chapter titled ``chapter_title``."""
    samples, rate = decode(path)
    marks = [mark for mark in chapters(path) if mark.title == chapter_title]
    if not marks:
        raise ValueError(f"the MP3 has no chapter titled {chapter_title!r}")
    return sentence_score(
        samples, rate, sentence.astype(np.float64) / 32768, marks[0].start, search
    )


def spoken_disclaimer_check(job: Job) -> list[CheckResult]:
    """The Disclaimer chapter really says the disclaimer: its first sentence is
    synthesised again with the same deterministic offline voice and found in the
    decoded audio. Only an MP3 narrated by that voice (its tags say so) can be checked
    this way; for other voices the transcript is checked by content parity (and this
    check gives no result)."""
    from mutagen.id3 import ID3

    from ...speech.espeak import EspeakEngine
    from ...wording import DISCLAIMER_HEADING, split_sentences
    from ...writers.audio.narration import apply_lexicon

    path = job.target.path
    tags = ID3(path)
    if _tag(tags, "TXXX:TTS_ENGINE") != "espeak":
        return []
    narration = job.article.site.narration
    engine = EspeakEngine(narration.espeak_voice, narration.words_per_minute)
    result = CheckResult("Spoken disclaimer", job.target.label, FAIL, summary="")
    recorded_voice = _tag(tags, "TXXX:TTS_VOICE")
    if recorded_voice != engine.voice:
        return [
            replace(
                result,
                summary=f"the MP3 was narrated by {recorded_voice!r} but site.yaml now gives "
                f"{engine.voice!r}: rebuild the audio with 'ssri-docs build --format audio'",
            )
        ]
    first = apply_lexicon(split_sentences(job.article.disclaimer)[0], job.article.pronunciation)
    sentence = engine.synthesise(first).samples
    score = spoken_at_chapter(path, DISCLAIMER_HEADING, sentence, DISCLAIMER_SEARCH_SECONDS)
    spoken = score > MATCH_THRESHOLD
    return [
        replace(
            result,
            status=PASS if spoken else FAIL,
            summary=(
                f"the {DISCLAIMER_HEADING} chapter "
                + ("says" if spoken else "does not say")
                + f" the disclaimer's first sentence (match {score:.2f}, "
                f"needs over {MATCH_THRESHOLD:.2f})"
            ),
        )
    ]


def _tag(tags, key: str) -> str:
    frame = tags.get(key)
    return str(frame) if frame is not None else ""


CHECK = Check("Spoken disclaimer", "audio", spoken_disclaimer_check)
