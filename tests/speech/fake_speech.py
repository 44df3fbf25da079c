"""A fast stand-in speech engine for the cache tests, and a cache filler to run as a
separate process (``python fake_speech.py CACHE_DIR FIRST COUNT MAX_BYTES START ROUNDS``:
it waits until the clock reads START, so that two such processes really overlap).

Its "speech" is noise seeded by the text, so every sentence has its own samples and
the same text always sounds the same, as the cache assumes of real engines.
"""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

import numpy as np

from ssri_docs.speech.base import Segment
from ssri_docs.speech.cache import SpeechCache


class FakeEngine:
    """Implements speech.base.SpeechEngine; ``calls`` counts syntheses."""

    name = "fake"
    voice = "fake voice 1"

    def __init__(self, rate: int = 22050) -> None:
        self.rate = rate
        self.calls = 0

    def settings_key(self) -> str:
        return f"rate={self.rate}"

    def synthesise(self, text: str) -> Segment:
        self.calls += 1
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
        length = 2000 + 37 * len(text)
        samples = np.random.default_rng(seed).integers(-8000, 8000, length, dtype=np.int16)
        return Segment(samples, self.rate)


def sentences(first: int, count: int) -> list[str]:
    """``count`` distinct sentences, numbered from ``first``."""
    return [f"Sentence number {n} of the fake article." for n in range(first, first + count)]


def fill(folder: Path, texts: list[str], max_bytes: int) -> SpeechCache:
    """Synthesise ``texts`` through a cache at ``folder``, store a recording, evict."""
    cache = SpeechCache(folder, max_bytes=max_bytes)
    engine = FakeEngine()
    for text in texts:
        cache.segment(engine, text)
    recording = hashlib.sha256("".join(texts).encode()).hexdigest()
    if cache.encoded(recording) is None:
        cache.store_encoded(recording, ("".join(texts)).encode() * 3)
    cache.evict()
    return cache


if __name__ == "__main__":
    folder, first, count, limit, start, rounds = sys.argv[1:7]
    time.sleep(max(0.0, float(start) - time.time()))
    for _ in range(int(rounds)):  # writes and evictions of both processes interleave
        fill(Path(folder), sentences(int(first), int(count)), int(limit))
