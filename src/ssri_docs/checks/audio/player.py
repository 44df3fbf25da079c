"""Checks on a built narration MP3, shared by the tests and ``ssri-docs check``.

They read the file as a player would: decode the audio (libsndfile, gapless), read
the chapters (ID3 CTOC/CHAP), and compare. ``sentence_score`` answers "is this
sentence really spoken here?" for a deterministic engine: the sentence is
synthesised again and its spectrogram is matched against the decoded audio.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..wording import DISCLAIMER_HEADING, REFERENCES_HEADING

MIN_SECTION_SECONDS = 1.0
MATCH_THRESHOLD = 0.85  # spectrogram correlation above which a sentence is "there"
# (measured: the same espeak sentence 0.99; one word left out 0.70; another sentence 0.26)


@dataclass(frozen=True)
class ChapterTime:
    title: str
    start: float  # seconds
    end: float


def decode(path: Path) -> tuple[np.ndarray, int]:
    """The MP3's samples as mono float64 in [-1, 1], and the sample rate."""
    import soundfile

    samples, rate = soundfile.read(path, dtype="float64", always_2d=True)
    return samples.mean(axis=1), rate


def duration(path: Path) -> float:
    samples, rate = decode(path)
    return len(samples) / rate


def chapters(path: Path) -> list[ChapterTime]:
    """The chapters in the order the table of contents lists them."""
    from mutagen.id3 import ID3, CTOCFlags

    tags = ID3(path)
    by_id = {chap.element_id: chap for chap in tags.getall("CHAP")}
    tocs = [toc for toc in tags.getall("CTOC") if toc.flags & CTOCFlags.TOP_LEVEL]
    tocs = tocs or tags.getall("CTOC")
    order = list(tocs[0].child_element_ids) if tocs else sorted(by_id)
    result = []
    for element_id in order:
        chap = by_id.get(element_id)
        if chap is None:  # listed but missing: reported as a gap by chapter_problems
            continue
        titles = chap.sub_frames.getall("TIT2")
        title = str(titles[0]) if titles else ""
        result.append(ChapterTime(title, chap.start_time / 1000, chap.end_time / 1000))
    return result


def chapter_problems(path: Path, *, tolerance: float = 0.001) -> list[str]:
    """What is wrong with the chapters: gaps, overlaps, not covering the file,
    a missing or too short Disclaimer or References chapter."""
    problems: list[str] = []
    marks = chapters(path)
    length = duration(path)
    if not marks:
        return ["the MP3 has no chapters"]
    if abs(marks[0].start) > tolerance:
        problems.append(f"the first chapter starts at {marks[0].start:.3f} s, not 0")
    for before, after in zip(marks, marks[1:], strict=False):
        if abs(after.start - before.end) > tolerance:
            kind = "gap" if after.start > before.end else "overlap"
            problems.append(
                f"{kind} between '{before.title}' ({before.end:.3f} s) "
                f"and '{after.title}' ({after.start:.3f} s)"
            )
    for mark in marks:
        if mark.end <= mark.start:
            problems.append(f"chapter '{mark.title}' ends before it starts")
    if abs(marks[-1].end - length) > tolerance:
        problems.append(
            f"the last chapter ends at {marks[-1].end:.3f} s but the audio lasts {length:.3f} s"
        )
    for title in (DISCLAIMER_HEADING, REFERENCES_HEADING):
        found = [mark for mark in marks if mark.title == title]
        if not found:
            problems.append(f"there is no chapter titled '{title}'")
        elif found[0].end - found[0].start <= MIN_SECTION_SECONDS:
            problems.append(f"the '{title}' chapter is {found[0].end - found[0].start:.2f} s long")
    return problems


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
