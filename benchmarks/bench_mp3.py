"""MP3 encoders for the narration, side by side: speed, decoded error, gapless length.

Encodes the seed's real narration (espeak-ng, mono 22.05 kHz, about 320 s) with each
candidate setting, interleaved run by run, and prints for each: the median wall and CPU
time of N runs, the CPU ratio to the first row, the bit rate, "gapless" (decoded length
minus the samples given: 0 when the decoder trims LAME's delay and padding exactly), the
alignment lag found, and listening-free measures of the decoded signal against the
original: SNR, segmental SNR over 20 ms frames with speech, frequency-weighted
segmental SNR (dB, higher is better), log-spectral distance on critical bands (dB,
lower is better) and the share of spectral holes (bands dropped; lower is better); see
``band_figures``. "same-bytes" says whether every run gave the same bytes. The plain
SNR favours encoders that skip noise shaping (LAME's quality 7 and up), whose noise is
lower in total but leaves holes in weak bands, so the band measures are printed too.

Rows: the project's ``encode_mp3`` (lameenc plus its own gapless Info frame) at LAME
qualities 5 (the setting before this benchmark), 2 and 7, the project's marked ``*``;
soundfile (libsndfile's own LAME, which writes the Info frame itself) at 64 kbps CBR
and ABR, and VBR at two ``compression_level`` values. libsndfile does not expose LAME's
quality switch (``-q``): ``compression_level`` picks only the bit rate (CBR, ABR) or
the VBR quality, and LAME then runs at its default quality, 3.

    PYTHONPATH=src /work/main/.venv/bin/python benchmarks/bench_mp3.py [--runs N]
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import soundfile

from ssri_docs.source import load_article, load_site
from ssri_docs.speech.base import Segment
from ssri_docs.speech.espeak import EspeakEngine
from ssri_docs.writers.audio import recording as audio_writer
from ssri_docs.writers.audio.mp3 import BITRATE_KBPS, QUALITY, encode_mp3
from ssri_docs.writers.audio.narration import narration_script

ROOT = Path(__file__).resolve().parent.parent
MAX_LAG = 2000  # samples searched either side when aligning the decoded signal
# libsndfile, CBR at 22.05 kHz (MPEG-2): kbps = int(160 - level * 152), so 0.63 -> 64
SOUNDFILE_64_KBPS = (160 - BITRATE_KBPS) / 152 - 0.001

Encoder = Callable[[np.ndarray, int], bytes]


def narration_pcm(article_path: Path) -> tuple[np.ndarray, int]:
    """The seed's narration as the audio writer assembles it (mono int16, its rate)."""
    article = load_article(article_path, load_site(article_path.parent / "site.yaml"))
    settings = article.site.narration
    engine = EspeakEngine(settings.espeak_voice, settings.words_per_minute)
    chapters = narration_script(article)
    known: dict[str, Segment] = {}
    for text in dict.fromkeys(u.spoken for chapter in chapters for u in chapter.utterances):
        segment = engine.synthesise(text)
        known[text] = Segment(audio_writer.level(segment.samples), segment.sample_rate)
    segments = [[known[u.spoken] for u in chapter.utterances] for chapter in chapters]
    recording = audio_writer.assemble(chapters, segments)
    return recording.samples, recording.sample_rate


def lameenc_mp3(quality: int) -> Encoder:
    """The project's encoder (lameenc plus its gapless Info frame) at LAME ``quality``."""

    def encode(samples: np.ndarray, rate: int) -> bytes:
        return encode_mp3(samples, rate, quality=quality)

    return encode


def soundfile_mp3(level: float, mode: str) -> Encoder:
    """libsndfile's MP3 (with its LAME Info frame) at ``compression_level`` and ``mode``."""

    def encode(samples: np.ndarray, rate: int) -> bytes:
        buffer = io.BytesIO()
        with soundfile.SoundFile(
            buffer,
            "w",
            rate,
            1,
            format="MP3",
            subtype="MPEG_LAYER_III",
            compression_level=level,
            bitrate_mode=mode,
        ) as sink:
            sink.write(samples)
        return buffer.getvalue()

    return encode


def candidates() -> dict[str, Encoder]:
    """The settings compared; the first row is the reference of the ratio column."""
    rows: dict[str, Encoder] = {
        f"lameenc q{quality}{'*' if quality == QUALITY else ''}": lameenc_mp3(quality)
        for quality in (5, 2, 7)
    }
    return rows | {
        f"soundfile CBR {BITRATE_KBPS}": soundfile_mp3(SOUNDFILE_64_KBPS, "CONSTANT"),
        f"soundfile ABR {BITRATE_KBPS}": soundfile_mp3(SOUNDFILE_64_KBPS, "AVERAGE"),
        "soundfile VBR 0.5": soundfile_mp3(0.5, "VARIABLE"),
        "soundfile VBR 0.7": soundfile_mp3(0.7, "VARIABLE"),
    }


def decoded(mp3: bytes) -> np.ndarray:
    samples, _ = soundfile.read(io.BytesIO(mp3), dtype="float64")
    return samples


def alignment(original: np.ndarray, decoded_signal: np.ndarray) -> int:
    """The lag (samples, within +-MAX_LAG) at which ``decoded_signal`` best matches."""
    count = min(len(original), len(decoded_signal), 60 * 22050)
    size = 1 << int(np.ceil(np.log2(2 * count)))
    spectrum = np.fft.rfft(decoded_signal[:count], size) * np.conj(
        np.fft.rfft(original[:count], size)
    )
    correlation = np.fft.irfft(spectrum, size)
    lags = np.r_[np.arange(0, MAX_LAG + 1), np.arange(-MAX_LAG, 0)]
    return int(lags[np.argmax(correlation[lags])])


def error_figures(original: np.ndarray, decoded_signal: np.ndarray) -> tuple[float, ...]:
    """(lag, SNR, segmental SNR, fwSNR, LSD dB, holes share) after alignment."""
    lag = alignment(original, decoded_signal)
    shifted = decoded_signal[lag:] if lag >= 0 else np.concatenate([np.zeros(-lag), decoded_signal])
    count = min(len(original), len(shifted))
    reference, test = original[:count], shifted[:count]
    noise = reference - test
    snr = 10 * np.log10(np.sum(reference**2) / np.sum(noise**2))
    frame = 441
    usable = count // frame * frame
    signal_power = np.mean(reference[:usable].reshape(-1, frame) ** 2, axis=1)
    noise_power = np.mean(noise[:usable].reshape(-1, frame) ** 2, axis=1)
    speaking = signal_power > signal_power.max() * 1e-3  # within 30 dB of the loudest frame
    segmental = np.mean(10 * np.log10(signal_power[speaking] / (noise_power[speaking] + 1e-20)))
    return (lag, float(snr), float(segmental), *band_figures(reference, test))


# Zwicker's critical-band edges (Hz); the last band ends at the Nyquist frequency
BARK_EDGES = (0, 100, 200, 300, 400, 510, 630, 770, 920, 1080, 1270, 1480, 1720, 2000, 2320)
BARK_EDGES += (2700, 3150, 3700, 4400, 5300, 6400, 7700, 9500)
LIVE_DB = 50  # bands counted by the LSD: within this of the frame's loudest band


def band_figures(reference: np.ndarray, test: np.ndarray, rate: int = 22050) -> tuple[float, ...]:
    """Measures on critical-band energies of 23 ms frames with speech, blind to phase.

    - fwSNR, frequency-weighted segmental SNR (Hu & Loizou 2008), dB: per frame and band
      the SNR of the band's magnitude, clipped to [-10, 35], weighted by the reference
      band's magnitude ** 0.2;
    - LSD, log-spectral distance, dB (lower is better): RMS of the decoded band energy's
      error in dB, over bands within LIVE_DB of the frame's loudest band;
    - holes: share of those bands decoded at least 10 dB too weak (bands the encoder
      dropped), the artefact that noise shaping exists to avoid and that SNR cannot see.
    """
    size, hop = 512, 256
    window = np.hanning(size)
    bands = np.digitize(np.fft.rfftfreq(size, 1 / rate), BARK_EDGES) - 1
    members = np.eye(len(BARK_EDGES))[bands]  # bin -> band, as a (bins, bands) matrix
    frames = np.lib.stride_tricks.sliding_window_view
    ref_frames = frames(reference, size)[::hop]
    test_frames = frames(test, size)[::hop]
    energy = np.sum(ref_frames**2, axis=1)
    speaking = np.flatnonzero(energy > energy.max() * 1e-3)
    weighted, errors = [], []
    for start in range(0, len(speaking), 4096):
        chosen = speaking[start : start + 4096]
        ref_power = np.abs(np.fft.rfft(ref_frames[chosen] * window)) ** 2 @ members
        test_power = np.abs(np.fft.rfft(test_frames[chosen] * window)) ** 2 @ members
        ref_bands, test_bands = np.sqrt(ref_power), np.sqrt(test_power)
        ratio = ref_power / ((ref_bands - test_bands) ** 2 + 1e-20)
        band_snr = np.clip(10 * np.log10(ratio + 1e-20), -10, 35)
        weights = ref_bands**0.2
        weighted.append(np.sum(weights * band_snr, axis=1) / np.sum(weights, axis=1))
        live = ref_power > ref_power.max(axis=1, keepdims=True) * 10 ** (-LIVE_DB / 10)
        errors.append(10 * np.log10((ref_power[live] + 1e-12) / (test_power[live] + 1e-12)))
    error = np.concatenate(errors)
    lsd = np.sqrt(np.mean(error**2))
    return float(np.mean(np.concatenate(weighted))), float(lsd), float(np.mean(error >= 10))


def timed(encoder: Encoder, samples: np.ndarray, rate: int) -> tuple[bytes, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    mp3 = encoder(samples, rate)
    return mp3, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--article", type=Path, default=ROOT / "source" / "how-ssri-work.md")
    args = parser.parse_args()

    samples, rate = narration_pcm(args.article)
    encoders = candidates()
    walls: dict[str, list[float]] = {name: [] for name in encoders}
    cpus: dict[str, list[float]] = {name: [] for name in encoders}
    outputs: dict[str, set[bytes]] = {name: set() for name in encoders}
    for _ in range(args.runs):  # interleaved, so that load on the machine hits every row
        for name, encoder in encoders.items():
            mp3, wall, cpu = timed(encoder, samples, rate)
            walls[name].append(wall)
            cpus[name].append(cpu)
            outputs[name].add(mp3)

    original = samples.astype(np.float64) / 32768
    duration = len(samples) / rate
    first = next(iter(encoders))
    print(
        f"{args.article.stem}: {len(samples)} samples, {rate} Hz mono, {duration:.1f} s; "
        f"medians of {args.runs} interleaved runs; ratio = CPU / {first}'s CPU"
    )
    header = (
        f"{'encoder':24} {'wall s':>7} {'CPU s':>7} {'ratio':>6} {'kbps':>6} "
        f"{'gapless':>7} {'lag':>4} {'SNR':>6} {'segSNR':>6} {'fwSNR':>6} {'LSD':>5} "
        f"{'holes':>6} same-bytes"
    )
    print(header)
    base_cpu = statistics.median(cpus[first])
    for name in encoders:
        mp3 = next(iter(outputs[name]))
        signal = decoded(mp3)
        lag, snr, segmental, weighted, lsd, holes = error_figures(original, signal)
        cpu = statistics.median(cpus[name])
        print(
            f"{name:24} {statistics.median(walls[name]):7.2f} {cpu:7.2f} "
            f"{cpu / base_cpu:6.2f} {len(mp3) * 8 / duration / 1000:6.1f} "
            f"{len(signal) - len(samples):+7d} {lag:4d} {snr:6.2f} {segmental:6.2f} "
            f"{weighted:6.2f} {lsd:5.2f} {holes:6.2%} "
            f"{'yes' if len(outputs[name]) == 1 else 'NO'}"
        )


if __name__ == "__main__":
    main()
