"""The recording is MP3-encoded block by block, each block's frames cached: an edit
re-encodes only what it changed, and gives the bytes a build from nothing gives."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssri_docs.products import BuildOptions
from ssri_docs.reporting import Reporter
from ssri_docs.source import load_article, load_site
from ssri_docs.writers.audio import recording

SOURCE_DIR = Path(__file__).resolve().parents[3] / "source"
SEED_ARTICLE = SOURCE_DIR / "how-ssri-work.md"
PARAGRAPH = "a brain messenger chemical"  # in the seed's first section, one paragraph


def _record(text: str, tmp_path, cache_name: str, monkeypatch) -> tuple[bytes, int]:
    """The MP3 of the seed with ``text`` as its source, and how many parts were encoded."""
    source = tmp_path / f"{cache_name}.md"
    source.write_text(text, encoding="utf-8")
    article = load_article(source, load_site(SOURCE_DIR / "site.yaml"))
    encoded = []
    for name in ("encode_part", "lame_frames"):
        real = getattr(recording, name)
        monkeypatch.setattr(recording, name, lambda *a, _real=real: encoded.append(1) or _real(*a))
    options = BuildOptions(tts="espeak", cache_dir=tmp_path / cache_name)
    made = recording.record(article, options, Reporter(quiet=True))
    monkeypatch.undo()
    return made.mp3, len(encoded)


@pytest.mark.slow
def test_an_edited_paragraph_re_encodes_one_part_and_gives_a_cold_builds_bytes(
    tmp_path, monkeypatch
):
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    assert seed.count(PARAGRAPH) == 1
    _, cold_parts = _record(seed, tmp_path, "cache", monkeypatch)
    assert cold_parts > 20  # the seed's headings, paragraphs and lists

    edited = seed.replace(PARAGRAPH, "a chemical messenger")
    mp3, parts = _record(edited, tmp_path, "cache", monkeypatch)
    assert parts == 1  # the edited paragraph only

    from_nothing, _ = _record(edited, tmp_path, "empty-cache", monkeypatch)
    assert mp3 == from_nothing


@pytest.mark.slow
def test_parts_encoded_in_two_processes_give_the_same_bytes(tmp_path, monkeypatch):
    """With an ``encoder`` process, every other part is encoded there: same MP3."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    article = load_article(SEED_ARTICLE, load_site(SOURCE_DIR / "site.yaml"))
    alone = recording.record(
        article, BuildOptions(tts="espeak", cache_dir=tmp_path / "one"), Reporter(quiet=True)
    )
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(1, mp_context=context) as encoder:
        beside = recording.record(
            article,
            BuildOptions(tts="espeak", cache_dir=tmp_path / "two"),
            Reporter(quiet=True),
            encoder=encoder,
        )
    assert beside.mp3 == alone.mp3
    assert len(list((tmp_path / "two" / "encoded").iterdir())) > 20  # every part cached


@pytest.mark.slow
def test_the_progress_counts_only_sentences_spoken_anew(tmp_path):
    """With every sentence in the cache, no "Synthesising speech" progress is shown
    (it said "50 of 50, done" while nothing was spoken)."""
    import io

    article = load_article(SEED_ARTICLE, load_site(SOURCE_DIR / "site.yaml"))
    options = BuildOptions(tts="espeak", cache_dir=tmp_path / "cache")
    first, again = io.StringIO(), io.StringIO()
    recording.record(article, options, Reporter(verbose=True, stream=first))
    recording.record(article, options, Reporter(verbose=True, stream=again))
    assert "Synthesising speech: 0 of 5" in first.getvalue()  # 50 or so, the first time
    assert "Synthesising speech" not in again.getvalue()
    assert "speech: 0 sentences synthesised, 51 from the cache" in again.getvalue()
