"""The cache's size limit (least recently used goes first) and builds sharing a cache."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from fake_speech import FakeEngine, fill, sentences

from ssri_docs.speech.cache import SpeechCache
from ssri_docs.speech.cache_folder import (
    STALE_TEMPORARY_SECONDS,
    cache_files,
    recording_path,
    sentence_path,
)

HOUR = 3600.0


def _aged(folder: Path, texts: list[str]) -> list[Path]:
    """Store ``texts``, the first the least recently used (an hour apart)."""
    cache, engine = SpeechCache(folder), FakeEngine()
    paths = []
    start = time.time() - HOUR * (len(texts) + 1)
    for number, text in enumerate(texts):
        cache.segment(engine, text)
        path = sentence_path(folder, cache.key(engine, text))
        os.utime(path, (start + number * HOUR, start + number * HOUR))
        paths.append(path)
    return paths


def test_a_cache_under_its_limit_loses_nothing(tmp_path):
    paths = _aged(tmp_path, sentences(0, 5))
    cache = SpeechCache(tmp_path, max_bytes=10**9)
    cache.segment(FakeEngine(), "One more sentence.")
    assert cache.evict() == 0
    assert all(path.exists() for path in paths)


def test_eviction_deletes_the_least_recently_used_first_until_under_the_limit(tmp_path):
    texts = sentences(0, 6)
    paths = _aged(tmp_path, texts)
    # using the oldest entry makes it the most recent
    SpeechCache(tmp_path).segment(FakeEngine(), texts[0])
    size = sum(path.stat().st_size for path in paths)
    limit = size - paths[1].stat().st_size - paths[2].stat().st_size + 10

    cache = SpeechCache(tmp_path, max_bytes=limit)
    cache.store("f" * 64, FakeEngine().synthesise("new"))  # a build that wrote something
    deleted = cache.evict()

    kept = {file.path for file in cache_files(tmp_path)}
    assert deleted == cache.stats.evicted == 3
    assert kept == {paths[0], *paths[4:], sentence_path(tmp_path, "f" * 64)}
    assert sum(file.size for file in cache_files(tmp_path)) <= limit


def test_a_build_that_wrote_nothing_does_not_evict(tmp_path):
    texts = sentences(0, 3)
    _aged(tmp_path, texts)
    cache = SpeechCache(tmp_path, max_bytes=1)
    for text in texts:
        cache.segment(FakeEngine(), text)
    assert cache.evict() == 0
    assert len(cache_files(tmp_path)) == 3


def test_recordings_are_evicted_like_sentences(tmp_path):
    cache = SpeechCache(tmp_path, max_bytes=2500)
    cache.store_encoded("a" * 64, b"x" * 2000)
    old = time.time() - HOUR
    os.utime(recording_path(tmp_path, "a" * 64), (old, old))
    cache.store_encoded("b" * 64, b"y" * 2000)
    assert cache.evict() == 1
    assert cache.encoded("a" * 64) is None and cache.encoded("b" * 64) == b"y" * 2000


def test_eviction_removes_stale_temporaries_and_old_recordings_but_never_other_files(tmp_path):
    texts = sentences(0, 2)
    paths = _aged(tmp_path, texts)
    stale = paths[0].parent / ".tmp-left-by-a-killed-build"
    stale.write_bytes(b"half")
    gone = time.time() - STALE_TEMPORARY_SECONDS - 60
    os.utime(stale, (gone, gone))
    fresh = paths[1].parent / ".tmp-being-written"
    fresh.write_bytes(b"half")
    old_format = tmp_path / "encoded" / ("c" * 64 + ".bin")
    old_format.parent.mkdir()
    old_format.write_bytes(b"old")
    foreign = [tmp_path / "notes.txt", tmp_path / "speech" / "readme", paths[0].parent / "x.wav"]
    for path in foreign:
        path.write_text("mine")

    cache = SpeechCache(tmp_path, max_bytes=10**9)
    cache.store("f" * 64, FakeEngine().synthesise("new"))
    assert cache.evict() == 2

    assert not stale.exists() and not old_format.exists()
    assert fresh.exists() and all(path.exists() for path in paths + foreign)


def test_a_hit_marks_the_entry_as_recently_used(tmp_path):
    (path,) = _aged(tmp_path, sentences(0, 1))
    before = path.stat().st_mtime
    SpeechCache(tmp_path).segment(FakeEngine(), sentences(0, 1)[0])
    assert path.stat().st_mtime > before + HOUR


def test_two_processes_filling_one_cache_leave_only_valid_entries(tmp_path):
    # Overlapping sentences, both storing and evicting (the limit holds about 35 of the 90
    # sentences), in two real processes started at the same moment, five rounds each.
    script = Path(__file__).with_name("fake_speech.py")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    limit, start = 40 * 6000, time.time() + 2
    runs = [
        subprocess.Popen(
            [sys.executable, script, tmp_path, str(first), "60", str(limit), str(start), "5"],
            env=env,
            stderr=subprocess.PIPE,
        )
        for first in (0, 30)
    ]
    for run in runs:
        _, errors = run.communicate(timeout=300)
        assert run.returncode == 0, errors.decode()

    files = cache_files(tmp_path)
    assert {file.kind for file in files} <= {"sentence", "recording"}  # no temporary left
    engine, reader = FakeEngine(), SpeechCache(tmp_path)
    found = 0
    for text in sentences(0, 90):
        segment = reader.load(reader.key(engine, text))
        if segment is not None:
            found += 1
            assert np.array_equal(segment.samples, engine.synthesise(text).samples), text
    assert reader.stats.corrupt == 0
    assert found == sum(file.kind == "sentence" for file in files) > 0
    assert sum(file.size for file in files) <= limit


def test_a_cache_filled_in_one_process_reads_back_in_another(tmp_path):
    fill(tmp_path, sentences(0, 10), 10**9)
    cache = fill(tmp_path, sentences(0, 10), 10**9)
    assert (cache.stats.reused, cache.stats.synthesised, cache.stats.corrupt) == (10, 0, 0)
