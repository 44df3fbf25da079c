"""Is the disclaimer really said? Offline keyword spotting for the neural voice.

pocketsphinx (5.1.1, its bundled US-English model) listens to the Disclaimer chapter
in keyphrase mode for the phrases of the disclaimer's first sentence. A recording whose
disclaimer is garbled, cut or missing lacks at least one phrase, and fails. This is
for the natural offline voice (hibari): pocketsphinx hears none of espeak-ng's phrases,
so espeak's recordings keep the spectrogram match of ``spoken.py`` instead.

The threshold was chosen by experiment (docs/voices.md): hibari's disclaimer yields
every phrase from 1e-40 up to 1e+55, also after the MP3 round trip; a near-miss
sentence (one word changed in each phrase) gives a false hit at every threshold up to
1e+20 and none from 1e+22. 1e+35 is the middle of that window.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np

from ..check import Check, Job
from ..results import FAIL, PASS, CheckResult, ToolMissing
from .player import chapters, decode

THRESHOLD = 1e35  # per phrase; smaller = more permissive (more false hits)
RECOGNISER_RATE = 16_000  # the bundled acoustic model's sample rate
FRAMES_PER_SECOND = 100  # pocketsphinx's frame rate (10 ms frames)
NEURAL_ENGINES = ("hibari",)  # voices pocketsphinx understands (measured)
MIN_PHRASE_WORDS = 3  # shorter phrases are heard by chance
MAX_PHRASE_WORDS = 7
_BREAKS = {"and", "or", "but"}  # a phrase ends before a conjunction


def disclaimer_phrases(sentence: str) -> tuple[str, ...]:
    """The phrases to listen for in ``sentence`` (the disclaimer's first sentence, as
    spoken): lower case, hyphens as spaces, cut at punctuation and at "and"/"or", and a
    leading "treatment of"-like head dropped, so that each phrase is 3 to 7 words.

    "This article is for information only and should not be used for the diagnosis or
    treatment of Obsessive-Compulsive Disorder or any other medical condition." gives
    the four phrases measured in docs/voices.md."""
    words = re.sub(r"[-/]", " ", sentence.lower())
    phrases: list[str] = []
    for clause in re.split(r"[,;:.!?()]", words):
        current: list[str] = []
        for word in re.sub(r"[^a-z' ]", " ", clause).split():
            if word in _BREAKS:
                phrases.append(" ".join(current))
                current = []
            else:
                current.append(word)
        phrases.append(" ".join(current))
    kept = []
    for phrase in phrases:
        words_ = phrase.split()
        if len(words_) > MAX_PHRASE_WORDS:  # keep the end, where the content words are
            words_ = words_[-MAX_PHRASE_WORDS:]
        if len(words_) >= 4 and words_[1] == "of":  # "treatment of X Y Z" -> "X Y Z"
            words_ = words_[2:]
        if len(words_) >= MIN_PHRASE_WORDS:
            kept.append(" ".join(words_))
    return tuple(kept)


def to_16k(samples: np.ndarray, sample_rate: int) -> np.ndarray:
    """Mono int16 (or float in [-1, 1]) ``samples`` resampled to 16 kHz int16.

    Band-limited by FFT (no scipy needed): the spectrum is cut at 8 kHz and
    inverse-transformed at the new length. Fine for one chapter (tens of seconds)."""
    x = np.asarray(samples)
    x = x.astype(np.float64) / 32768.0 if x.dtype == np.int16 else x.astype(np.float64)
    if sample_rate == RECOGNISER_RATE or len(x) == 0:
        y = x
    else:
        n_out = round(len(x) * RECOGNISER_RATE / sample_rate)
        spectrum = np.fft.rfft(x)
        keep = n_out // 2 + 1
        if keep <= len(spectrum):
            spectrum = spectrum[:keep]
        else:
            spectrum = np.pad(spectrum, (0, keep - len(spectrum)))
        y = np.fft.irfft(spectrum, n=n_out) * (n_out / len(x))
    return (np.clip(y, -1.0, 1.0) * 32767.0).round().astype(np.int16)


def spot(
    samples: np.ndarray, sample_rate: int, phrases: tuple[str, ...], threshold: float = THRESHOLD
) -> dict[str, list[tuple[float, float]]]:
    """Where each phrase is heard: ``{phrase: [(start_s, end_s), ...]}`` (empty = not heard).

    ``samples``: mono int16 or float at ``sample_rate`` Hz. Raises ToolMissing when
    pocketsphinx is not installed; ValueError for a phrase with a word outside its
    dictionary (it could never be heard)."""
    try:
        from pocketsphinx import Decoder
    except ImportError:
        raise ToolMissing(
            "pocketsphinx (speech recognition)", "pip install 'ssri-docs[check]'"
        ) from None
    decoder = Decoder(samprate=RECOGNISER_RATE, loglevel="FATAL", lm=None)
    for phrase in phrases:
        unknown = [word for word in phrase.split() if decoder.lookup_word(word) is None]
        if unknown:
            raise ValueError(f"not in the recogniser's dictionary: {', '.join(unknown)}")
    with tempfile.TemporaryDirectory() as folder:
        keyfile = Path(folder) / "phrases.kws"
        keyfile.write_text("".join(f"{p} /{threshold:g}/\n" for p in phrases))
        decoder.add_kws("disclaimer", str(keyfile))
        decoder.activate_search("disclaimer")
    decoder.start_utt()
    decoder.process_raw(to_16k(samples, sample_rate).tobytes(), full_utt=True)
    decoder.end_utt()
    found: dict[str, list[tuple[float, float]]] = {p: [] for p in phrases}
    for segment in decoder.seg() or ():
        word = segment.word.strip()
        if word in found:
            start = segment.start_frame / FRAMES_PER_SECOND
            found[word].append((start, segment.end_frame / FRAMES_PER_SECOND))
    return found


def missing_phrases(
    samples: np.ndarray, sample_rate: int, phrases: tuple[str, ...], threshold: float = THRESHOLD
) -> list[str]:
    """The phrases not heard in ``samples`` (empty list = the disclaimer is there)."""
    return [p for p, hits in spot(samples, sample_rate, phrases, threshold).items() if not hits]


def heard_disclaimer_check(job: Job) -> list[CheckResult]:
    """The Disclaimer chapter of a neural voice's MP3 says every phrase of the
    disclaimer's first sentence (keyword spotting). No result for other voices."""
    from mutagen.id3 import ID3

    from ...wording import DISCLAIMER_HEADING, split_sentences
    from ...writers.audio.narration import apply_lexicon

    path = job.target.path
    engine = ID3(path).get("TXXX:TTS_ENGINE")
    if engine is None or str(engine) not in NEURAL_ENGINES:
        return []
    result = CheckResult("Disclaimer heard", job.target.label, FAIL, summary="")
    marks = [mark for mark in chapters(path) if mark.title == DISCLAIMER_HEADING]
    if not marks:
        return [replace(result, summary=f"the MP3 has no {DISCLAIMER_HEADING} chapter")]
    first = apply_lexicon(split_sentences(job.article.disclaimer)[0], job.article.pronunciation)
    phrases = disclaimer_phrases(first)
    samples, rate = decode(path)
    chapter = samples[int(marks[0].start * rate) : int(marks[0].end * rate)]
    missing = missing_phrases(chapter, rate, phrases)
    heard = len(phrases) - len(missing)
    summary = f"the {DISCLAIMER_HEADING} chapter: {heard} of {len(phrases)} phrases heard"
    if missing:
        summary += " (not heard: " + "; ".join(f"“{p}”" for p in missing) + ")"
    return [replace(result, status=FAIL if missing else PASS, summary=summary)]


CHECK = Check("Disclaimer heard", "audio", heard_disclaimer_check)
