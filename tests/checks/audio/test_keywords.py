"""`check` hears the disclaimer in the natural offline voice's recording by keyword
spotting, and a near-miss sentence (one word changed in each phrase) is not heard."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys

import pytest

from ssri_docs.checks.audio.keywords import (
    disclaimer_phrases,
    heard_disclaimer_check,
    missing_phrases,
)
from ssri_docs.checks.check import Job, Session, Target
from ssri_docs.checks.results import FAIL, PASS, ToolMissing
from ssri_docs.wording import split_sentences

SEED_PHRASES = (  # measured in docs/voices.md
    "this article is for information only",
    "should not be used for the diagnosis",
    "obsessive compulsive disorder",
    "any other medical condition",
)
NEAR_MISS = (
    "This article is for entertainment only and should not be used for the prognosis or "
    "treatment of obsessive compulsive behaviour or any other mental condition."
)
needs_voice = pytest.mark.skipif(
    any(importlib.util.find_spec(m) is None for m in ("hibari", "pocketsphinx")),
    reason="hibari-tts or pocketsphinx not installed",
)


def _job(article, mp3) -> Job:
    return Job(article, (Target(mp3, mp3.name, "audio"),), Session())


def test_phrases_come_from_the_disclaimers_first_sentence(seed_article):
    assert disclaimer_phrases(split_sentences(seed_article.disclaimer)[0]) == SEED_PHRASES


@needs_voice
def test_the_neural_voices_disclaimer_is_heard(build_seed, seed_article):
    mp3 = build_seed("audio", tts="hibari") / seed_article.slug / f"{seed_article.slug}.mp3"
    (result,) = heard_disclaimer_check(_job(seed_article, mp3))
    assert result.status == PASS, result.summary
    assert "4 of 4 phrases heard" in result.summary


@needs_voice
def test_a_near_miss_sentence_is_not_heard():
    from ssri_docs.speech.hibari import HibariEngine

    segment = HibariEngine().synthesise(NEAR_MISS)
    assert missing_phrases(segment.samples, segment.sample_rate, SEED_PHRASES) == list(SEED_PHRASES)


@needs_voice
def test_a_recording_without_the_disclaimer_fails(build_seed, seed_article, monkeypatch):
    mp3 = build_seed("audio", tts="hibari") / seed_article.slug / f"{seed_article.slug}.mp3"
    # The same recording checked against another first sentence: its phrases are not said.
    other = "Nothing here is about tables or chairs and never about garden furniture."
    article = dataclasses.replace(seed_article, disclaimer=other)
    (result,) = heard_disclaimer_check(_job(article, mp3))
    assert result.status == FAIL and "not heard" in result.summary


def test_espeak_recordings_are_left_to_the_spectrogram_match(build_seed, seed_article):
    mp3 = build_seed("audio") / seed_article.slug / f"{seed_article.slug}.mp3"
    assert heard_disclaimer_check(_job(seed_article, mp3)) == []


def test_missing_pocketsphinx_is_a_missing_tool(monkeypatch):
    monkeypatch.setitem(sys.modules, "pocketsphinx", None)  # import fails
    import numpy as np

    with pytest.raises(ToolMissing, match="pocketsphinx"):
        missing_phrases(np.zeros(16000, dtype=np.int16), 16000, SEED_PHRASES)
