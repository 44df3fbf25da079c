"""A cache entry is used only if it is exactly what was stored for that key.

Each test damages real files on disk, then reads them back through SpeechCache: every
damaged entry must be a counted miss that is re-synthesised and replaced, never a
crash and never another sentence's audio.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import numpy as np
import pytest
from fake_speech import FakeEngine

from conftest import mounted_tmpfs
from ssri_docs.speech.cache import SpeechCache
from ssri_docs.speech.cache_folder import recording_path, sentence_path

HELLO, WORLD = "Hello there.", "A different sentence entirely."


def _filled(folder: Path, *texts: str) -> tuple[SpeechCache, FakeEngine]:
    cache, engine = SpeechCache(folder), FakeEngine()
    for text in texts:
        cache.segment(engine, text)
    return cache, engine


def _entry(folder: Path, text: str) -> Path:
    return sentence_path(folder, SpeechCache(folder).key(FakeEngine(), text))


def _read_back(folder: Path, text: str) -> tuple[np.ndarray, SpeechCache, FakeEngine]:
    """``text`` through a fresh cache and engine, as the next build would get it."""
    cache, engine = SpeechCache(folder), FakeEngine()
    return cache.segment(engine, text).samples, cache, engine


def _expected(text: str) -> np.ndarray:
    return FakeEngine().synthesise(text).samples


def _assert_redone(folder: Path, text: str) -> None:
    """The damaged entry is a miss, redone with the right audio and replaced."""
    samples, cache, engine = _read_back(folder, text)
    assert np.array_equal(samples, _expected(text))
    assert (cache.stats.corrupt, cache.stats.synthesised, engine.calls) == (1, 1, 1)
    samples, cache, engine = _read_back(folder, text)  # replaced by a good entry
    assert np.array_equal(samples, _expected(text))
    assert (cache.stats.reused, cache.stats.corrupt, engine.calls) == (1, 0, 0)


def test_an_intact_entry_is_reused(tmp_path):
    _filled(tmp_path, HELLO)
    samples, cache, engine = _read_back(tmp_path, HELLO)
    assert np.array_equal(samples, _expected(HELLO))
    assert (cache.stats.reused, cache.stats.corrupt, engine.calls) == (1, 0, 0)


def test_two_swapped_entries_are_both_misses_never_each_others_audio(tmp_path):
    _filled(tmp_path, HELLO, WORLD)
    first, second = _entry(tmp_path, HELLO), _entry(tmp_path, WORLD)
    held = first.read_bytes()
    os.replace(second, first)
    second.write_bytes(held)

    for text in (HELLO, WORLD):
        _assert_redone(tmp_path, text)


def test_an_entry_copied_under_another_key_is_a_miss(tmp_path):
    _filled(tmp_path, HELLO)
    stranger = _entry(tmp_path, WORLD)
    stranger.parent.mkdir(parents=True, exist_ok=True)
    stranger.write_bytes(_entry(tmp_path, HELLO).read_bytes())
    _assert_redone(tmp_path, WORLD)


def test_a_flipped_byte_anywhere_in_the_header_is_a_miss(tmp_path):
    _filled(tmp_path, HELLO)
    entry = _entry(tmp_path, HELLO)
    good = entry.read_bytes()
    header_size = 8 + 32 + 8 + 32 + 4  # magic, key, length, checksum, sample rate
    for position in range(header_size):
        damaged = bytearray(good)
        damaged[position] ^= 0x01
        entry.write_bytes(bytes(damaged))
        samples, cache, _ = _read_back(tmp_path, HELLO)
        assert cache.stats.corrupt == 1, f"byte {position} flipped was not noticed"
        assert np.array_equal(samples, _expected(HELLO))
        assert entry.read_bytes() == good  # replaced with what was stored


@pytest.mark.parametrize("position", [-1, -2, -500, 84])
def test_a_flipped_sample_byte_is_a_miss(tmp_path, position):
    _filled(tmp_path, HELLO)
    entry = _entry(tmp_path, HELLO)
    damaged = bytearray(entry.read_bytes())
    damaged[position] ^= 0x80
    entry.write_bytes(bytes(damaged))
    _assert_redone(tmp_path, HELLO)


@pytest.mark.parametrize("keep", [0, 7, 84, -2])
def test_a_truncated_entry_is_a_miss(tmp_path, keep):
    _filled(tmp_path, HELLO)
    entry = _entry(tmp_path, HELLO)
    data = entry.read_bytes()
    entry.write_bytes(data[:keep])
    _assert_redone(tmp_path, HELLO)


def test_bytes_appended_to_an_entry_make_it_a_miss(tmp_path):
    _filled(tmp_path, HELLO)
    entry = _entry(tmp_path, HELLO)
    entry.write_bytes(entry.read_bytes() + b"\0\0")
    _assert_redone(tmp_path, HELLO)


def test_a_folder_where_an_entry_should_be_is_a_miss_and_is_replaced(tmp_path):
    _filled(tmp_path, HELLO)
    entry = _entry(tmp_path, HELLO)
    entry.unlink()
    (entry / "inside").mkdir(parents=True)
    _assert_redone(tmp_path, HELLO)
    assert entry.is_file()


def test_an_unreadable_entry_is_a_miss(tmp_path):
    # A symbolic link to itself cannot be read, even by root (chmod would not stop root).
    _filled(tmp_path, HELLO)
    entry = _entry(tmp_path, HELLO)
    entry.unlink()
    entry.symlink_to(entry.name)
    _assert_redone(tmp_path, HELLO)
    assert entry.is_file() and not entry.is_symlink()


def test_an_entry_from_the_older_format_is_replaced_without_counting_damage(tmp_path):
    _filled(tmp_path, HELLO)
    entry = _entry(tmp_path, HELLO)
    entry.write_bytes(b"SSRISEG1" + bytes(200))
    samples, cache, engine = _read_back(tmp_path, HELLO)
    assert np.array_equal(samples, _expected(HELLO))
    assert (cache.stats.corrupt, engine.calls) == (0, 1)
    assert _read_back(tmp_path, HELLO)[1].stats.reused == 1


def test_another_engine_setting_never_reads_the_entry(tmp_path):
    _filled(tmp_path, HELLO)
    cache, engine = SpeechCache(tmp_path), FakeEngine(rate=16000)
    assert cache.segment(engine, HELLO).sample_rate == 16000
    assert (engine.calls, cache.stats.corrupt) == (1, 0)


# --- the cached MP3 of a whole recording -------------------------------------------

KEY_A, KEY_B = "a" * 64, "b" * 64


def _recordings(folder: Path) -> SpeechCache:
    cache = SpeechCache(folder)
    cache.store_encoded(KEY_A, b"ID3 recording A" * 100)
    cache.store_encoded(KEY_B, b"ID3 recording B" * 100)
    return cache


def test_an_intact_recording_is_reused(tmp_path):
    _recordings(tmp_path)
    assert SpeechCache(tmp_path).encoded(KEY_A) == b"ID3 recording A" * 100


def test_swapped_recordings_are_misses(tmp_path):
    _recordings(tmp_path)
    first, second = recording_path(tmp_path, KEY_A), recording_path(tmp_path, KEY_B)
    held = first.read_bytes()
    os.replace(second, first)
    second.write_bytes(held)
    cache = SpeechCache(tmp_path)
    assert cache.encoded(KEY_A) is None and cache.encoded(KEY_B) is None
    assert cache.stats.corrupt == 2
    assert not first.exists() and not second.exists()


@pytest.mark.parametrize("position", [0, 9, 45, 60, 80, -1])
def test_a_flipped_byte_in_a_recording_is_a_miss(tmp_path, position):
    _recordings(tmp_path)
    entry = recording_path(tmp_path, KEY_A)
    damaged = bytearray(entry.read_bytes())
    damaged[position] ^= 0x04
    entry.write_bytes(bytes(damaged))
    cache = SpeechCache(tmp_path)
    assert cache.encoded(KEY_A) is None
    assert cache.stats.corrupt == 1
    cache.store_encoded(KEY_A, b"new")
    assert SpeechCache(tmp_path).encoded(KEY_A) == b"new"


def test_a_folder_where_a_recording_should_be_is_a_miss(tmp_path):
    _recordings(tmp_path)
    entry = recording_path(tmp_path, KEY_A)
    entry.unlink()
    entry.mkdir()
    cache = SpeechCache(tmp_path)
    assert cache.encoded(KEY_A) is None and cache.stats.corrupt == 1
    cache.store_encoded(KEY_A, b"new")
    assert SpeechCache(tmp_path).encoded(KEY_A) == b"new"


# --- a cache that cannot be written -------------------------------------------------


def test_a_cache_that_cannot_be_created_warns_once_and_serves_speech(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    warnings: list[str] = []
    cache, engine = SpeechCache(blocker / "cache", warn=warnings.append), FakeEngine()
    for text in (HELLO, WORLD, HELLO):
        assert np.array_equal(cache.segment(engine, text).samples, _expected(text))
    cache.store_encoded(KEY_A, b"mp3")
    assert cache.evict() == 0
    assert len(warnings) == 1
    assert "a-file/cache cannot be written" in warnings[0]
    assert "going on without caching" in warnings[0]
    # a second article in the same build does not repeat the warning
    SpeechCache(blocker / "cache", warn=warnings.append).segment(engine, WORLD)
    assert len(warnings) == 1


@pytest.fixture
def small_disk(tmp_path):
    """A 160 KiB tmpfs (root only; CI runs as root), unmounted afterwards."""
    yield from mounted_tmpfs(tmp_path / "disk", "160k")


def test_a_full_disk_warns_once_and_every_sentence_is_still_right(small_disk):
    warnings: list[str] = []
    cache, engine = SpeechCache(small_disk, warn=warnings.append), FakeEngine()
    texts = [f"Sentence {n} is long enough to take some room on the disk." for n in range(80)]
    for text in texts:
        assert np.array_equal(cache.segment(engine, text).samples, _expected(text))
    assert len(warnings) == 1 and "No space left on device" in warnings[0]
    assert str(small_disk.name) in warnings[0]
    leftovers = [p for p in small_disk.rglob(".tmp-*")]
    assert leftovers == []
    # what did fit reads back intact
    again = SpeechCache(small_disk)
    reused = [t for t in texts if again.load(again.key(engine, t)) is not None]
    assert 0 < len(reused) < len(texts) and again.stats.corrupt == 0


def test_a_read_only_cache_still_serves_its_entries(small_disk):
    _filled(small_disk, HELLO)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    warnings: list[str] = []
    cache, engine = SpeechCache(small_disk, warn=warnings.append), FakeEngine()
    assert np.array_equal(cache.segment(engine, HELLO).samples, _expected(HELLO))
    assert np.array_equal(cache.segment(engine, WORLD).samples, _expected(WORLD))
    assert (cache.stats.reused, cache.stats.synthesised) == (1, 1)
    assert len(warnings) == 1 and "Read-only file system" in warnings[0]
