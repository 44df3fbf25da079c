"""How fast the offline narration is built, cold and warm.

For the built-in offline voice (espeak-ng), prints medians of N runs of:
- cold-cache synthesis time / audio duration (every sentence synthesised; target <= 0.05),
  and the same ratio for the whole cold audio step (synthesis, assembly, MP3 encoding);
- a warm rebuild's audio step time, nothing changed (target < 1 s).

    /work/venv/bin/python benchmarks/bench_audio.py [--runs N] [--article source/x.md]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from ssri_docs.products import ArticleProducts, BuildOptions
from ssri_docs.reporting import Reporter
from ssri_docs.source import load_article, load_site
from ssri_docs.speech.espeak import EspeakEngine
from ssri_docs.writers import audio as audio_writer
from ssri_docs.writers.audio.narration import narration_script

ROOT = Path(__file__).resolve().parent.parent
TARGET_COLD_RATIO = 0.05
TARGET_WARM_SECONDS = 1.0


def _context(article, cache: Path) -> ArticleProducts:
    return ArticleProducts(
        article=article,
        options=BuildOptions(tts="espeak", cache_dir=cache),
        reporter=Reporter(quiet=True),
        output_dir=cache / "out",
        formats=("audio",),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--article", type=Path, default=ROOT / "source" / "how-ssri-work.md")
    args = parser.parse_args()

    article = load_article(args.article, load_site(args.article.parent / "site.yaml"))
    narration = article.site.narration
    engine = EspeakEngine(narration.espeak_voice, narration.words_per_minute)
    texts = list(
        dict.fromkeys(u.spoken for chapter in narration_script(article) for u in chapter.utterances)
    )

    synthesis, cold, warm = [], [], []
    duration = 0.0
    for _ in range(args.runs):
        started = time.perf_counter()
        for text in texts:
            engine.synthesise(text)
        synthesis.append(time.perf_counter() - started)

        with tempfile.TemporaryDirectory(prefix="bench-audio-") as folder:
            context = _context(article, Path(folder))
            started = time.perf_counter()
            files = audio_writer.write(article, context)
            cold.append(time.perf_counter() - started)
            duration = files[0].details["duration"]

            started = time.perf_counter()
            audio_writer.write(article, _context(article, Path(folder)))
            warm.append(time.perf_counter() - started)

    synthesis_ratio = statistics.median(synthesis) / duration
    cold_ratio = statistics.median(cold) / duration
    warm_time = statistics.median(warm)
    print(
        f"article: {article.slug}, {len(texts)} sentences, audio {duration:.1f} s, "
        f"{args.runs} runs (medians)"
    )
    print(
        f"cold synthesis:   {statistics.median(synthesis):6.2f} s   "
        f"ratio {synthesis_ratio:.4f} (target <= {TARGET_COLD_RATIO})  "
        f"{'OK' if synthesis_ratio <= TARGET_COLD_RATIO else 'MISSED'}"
    )
    print(
        f"cold audio step:  {statistics.median(cold):6.2f} s   ratio {cold_ratio:.4f} "
        f"(synthesis + assembly + MP3 encoding)"
    )
    print(
        f"warm rebuild:     {warm_time:6.2f} s   (target < {TARGET_WARM_SECONDS} s)  "
        f"{'OK' if warm_time < TARGET_WARM_SECONDS else 'MISSED'}"
    )


if __name__ == "__main__":
    main()
