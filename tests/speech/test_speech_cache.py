"""The speech cache: rebuilds synthesise only what changed; damage is detected."""

from __future__ import annotations

import dataclasses
import io
import os
from pathlib import Path

import numpy as np
import pytest

from ssri_docs.model import Paragraph, Text
from ssri_docs.products import ArticleProducts, BuildOptions
from ssri_docs.reporting import Reporter
from ssri_docs.speech.base import Segment
from ssri_docs.speech.cache import SpeechCache
from ssri_docs.speech.cache_folder import cache_files
from ssri_docs.writers import audio
from ssri_docs.writers.audio.narration import narration_script


def _build(article, cache: Path, out: Path, messages: io.StringIO | None = None):
    context = ArticleProducts(
        article=article,
        options=BuildOptions(tts="espeak", cache_dir=cache),
        reporter=Reporter(quiet=True, stream=messages),
        output_dir=out,
        formats=("audio",),
    )
    files = audio.write(article, context)
    return {f.name: f.data for f in files}, dataclasses.asdict(context.recording.stats)


def _spoken(article) -> set[str]:
    # every text the writer may ask for: the script with each length it could state
    return {
        u.spoken
        for minutes in range(1, 30)
        for chapter in narration_script(article, minutes)
        for u in chapter.utterances
    }


@pytest.fixture(scope="module")
def first_build(seed_article, tmp_path_factory):
    cache = tmp_path_factory.mktemp("cache")
    files, stats = _build(seed_article, cache, tmp_path_factory.mktemp("out"))
    return cache, files, stats


def test_cold_build_synthesises_every_sentence_once(first_build, seed_article):
    _, _, stats = first_build
    script = narration_script(seed_article)
    unique = {u.spoken for chapter in script for u in chapter.utterances}
    assert stats["reused"] == 0
    # every distinct text once; at most one more if the stated length was corrected
    assert len(unique) <= stats["synthesised"] <= len(unique) + 1


def test_second_build_synthesises_nothing_and_is_identical(first_build, seed_article, tmp_path):
    cache, files, _ = first_build
    again, stats = _build(seed_article, cache, tmp_path)
    assert stats["synthesised"] == 0
    assert stats["reused"] > 40
    assert again == files


def test_editing_one_paragraph_synthesises_only_its_sentences(first_build, seed_article, tmp_path):
    cache, _, _ = first_build
    new_sentences = [
        "The brain is made of billions of connected nerve cells.",
        "Messages jump from cell to cell across tiny gaps.",
    ]
    edited_block = Paragraph((Text(" ".join(new_sentences)),))
    index = next(
        i
        for i, block in enumerate(seed_article.blocks)
        if isinstance(block, Paragraph) and "millions of interconnected" in str(block)
    )
    blocks = (*seed_article.blocks[:index], edited_block, *seed_article.blocks[index + 1 :])
    edited = dataclasses.replace(seed_article, blocks=blocks)

    _, stats = _build(edited, cache, tmp_path)

    changed = _spoken(edited) - _spoken(seed_article)
    assert changed == set(new_sentences)
    assert stats["synthesised"] == len(new_sentences)


def test_damaged_and_swapped_entries_are_detected_and_redone(first_build, seed_article, tmp_path):
    cache, files, _ = first_build
    entries = sorted((cache / "speech").rglob("*.seg"))
    victim = entries[len(entries) // 2]
    data = bytearray(victim.read_bytes())
    data[-100] ^= 0xFF  # one damaged sample
    victim.write_bytes(bytes(data))
    entries[0].write_bytes(b"SSRI")  # cut short
    header = bytearray(entries[1].read_bytes())
    header[50] ^= 0x01  # one flipped bit in the header (the stored length)
    entries[1].write_bytes(bytes(header))
    first, second = entries[2], entries[3]  # two sentences trading places
    held = first.read_bytes()
    first.write_bytes(second.read_bytes())
    second.write_bytes(held)

    again, stats = _build(seed_article, cache, tmp_path)

    assert stats["corrupt"] == 5
    assert stats["synthesised"] == 5
    assert again == files  # the redone speech is the same speech, in the same places


def test_a_crash_while_storing_leaves_no_entry_and_no_temporary_file(tmp_path, monkeypatch):
    warnings: list[str] = []
    cache = SpeechCache(tmp_path, warn=warnings.append)
    segment = Segment(np.arange(1000, dtype=np.int16), 22050)

    def crash(source, target):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    cache.store("ab" * 32, segment)  # the cache is an optimisation: the build goes on
    monkeypatch.undo()
    assert len(warnings) == 1 and "(disk full)" in warnings[0]
    assert cache.load("ab" * 32) is None
    assert cache_files(tmp_path) == []  # neither an entry nor a temporary file

    cache = SpeechCache(tmp_path)
    cache.store("ab" * 32, segment)
    loaded = cache.load("ab" * 32)
    assert loaded is not None and np.array_equal(loaded.samples, segment.samples)
    assert loaded.sample_rate == 22050


def test_an_unwritable_cache_folder_warns_once_and_the_recording_is_the_same(
    first_build, seed_article, tmp_path
):
    _, files, _ = first_build
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    messages = io.StringIO()

    again, stats = _build(seed_article, blocker / "cache", tmp_path / "out", messages)

    assert again == files
    assert stats["reused"] == 0
    warnings = messages.getvalue().splitlines()
    assert len(warnings) == 1, warnings
    assert warnings[0].startswith("warning: the speech cache ")
    assert "not-a-folder/cache cannot be written" in warnings[0]


def test_key_depends_on_engine_voice_settings_and_text(tmp_path):
    cache = SpeechCache(tmp_path)

    class Engine:
        name, voice = "espeak", "v1"

        def __init__(self, settings):
            self.settings = settings

        def settings_key(self):
            return self.settings

    a, b = Engine("rate=165"), Engine("rate=170")
    assert cache.key(a, "Hello.") == cache.key(Engine("rate=165"), "Hello.")
    assert cache.key(a, "Hello.") != cache.key(b, "Hello.")
    assert cache.key(a, "Hello.") != cache.key(a, "Hello!")
