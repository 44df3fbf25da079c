"""A built narration MP3 read as a player reads it, for the tests and ``ssri-docs check``.

Decode the audio (libsndfile, gapless), read the chapters (ID3 CTOC/CHAP), and check
that they cover the audio (``CHECK``). Whether a chapter says what it should is
``spoken.py``'s question.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ...wording import DISCLAIMER_HEADING, REFERENCES_HEADING
from ..check import Check, Job
from ..results import FAIL, PASS, CheckResult

MIN_SECTION_SECONDS = 1.0


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


def chapters_check(job: Job) -> list[CheckResult]:
    """The MP3 decodes, its chapters cover it without gaps, and the Disclaimer and
    References chapters last more than MIN_SECTION_SECONDS: one result."""
    found = chapter_problems(job.target.path)  # decodes the whole file
    if found:
        summary = f"{len(found)} problems with the chapters"
    else:
        marks = chapters(job.target.path)
        summary = (
            f"decodes; {len(marks)} chapters cover all {_minutes(marks[-1].end)}; "
            f"Disclaimer and References each last over {MIN_SECTION_SECONDS:g} s"
        )
    return [
        CheckResult(
            check="Audio chapters",
            target=job.target.label,
            status=FAIL if found else PASS,
            summary=summary,
            details=tuple(found),
        )
    ]


def _minutes(seconds: float) -> str:
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


CHECK = Check("Audio chapters", "audio", chapters_check)
