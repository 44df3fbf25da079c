"""Processes sharing a speech cache split the entries they all need (speech/claims.py):
an entry another process is making is waited for and read, not made again, and a
claim never outlives its process."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from ssri_docs.errors import InternalError
from ssri_docs.products import BuildOptions
from ssri_docs.reporting import Reporter
from ssri_docs.source import load_article, load_site
from ssri_docs.speech.cache_folder import cache_files, describe, looks_like_cache
from ssri_docs.speech.claims import Claims, in_turn
from ssri_docs.speech.espeak import EspeakEngine
from ssri_docs.writers.audio import recording

HOLDER = Path(__file__).with_name("claim_holder.py")
SOURCE_DIR = Path(__file__).resolve().parents[2] / "source"
KEYS = [f"{n:02x}" * 32 for n in range(1, 6)]  # five 64-hex-digit keys


def _hold(cache: Path, keys: list[str], seconds: float, copy_from: Path | None = None):
    """Start claim_holder.py holding ``keys``; returns once they are held."""
    argv = [sys.executable, str(HOLDER), str(cache), str(seconds)]
    if copy_from is not None:
        argv.append(str(copy_from))
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    holder = subprocess.Popen(
        argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
    )
    holder.stdin.write("\n".join(keys))
    holder.stdin.close()
    assert holder.stdout.readline().strip() == "held"
    return holder


class _Terminal(io.StringIO):
    """Output that says it is a terminal, so that the progress shows as a bar."""

    def isatty(self) -> bool:
        return True


def _within(seconds: float, task) -> None:
    """Run ``task`` in a thread; fail if it has not returned within ``seconds``."""
    thread = threading.Thread(target=task, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "still waiting for a claim"


def test_an_entry_claimed_elsewhere_is_not_taken_until_that_claim_ends(tmp_path):
    claims = Claims(tmp_path)
    holder = _hold(tmp_path, KEYS[:1], seconds=0.5)
    assert not claims.take(KEYS[0])
    assert claims.take(KEYS[1])  # another entry is free
    _within(30, lambda: claims.wait(KEYS[0]))
    assert holder.wait(30) == 0
    claims.release(KEYS[0])
    assert claims.take(KEYS[0])


def test_a_killed_process_leaves_no_claim(tmp_path):
    holder = _hold(tmp_path, KEYS, seconds=600)
    claims = Claims(tmp_path)
    assert not claims.take(KEYS[2])
    holder.send_signal(signal.SIGKILL)
    holder.wait(30)
    _within(30, lambda: claims.wait(KEYS[2]))
    assert all(claims.take(key) for key in KEYS)


def test_in_turn_gives_the_free_entries_first_and_the_claimed_ones_after_their_claims(tmp_path):
    holder = _hold(tmp_path, [KEYS[1], KEYS[3]], seconds=0.3)
    claims = Claims(tmp_path)
    batches = list(in_turn(claims, KEYS))
    assert batches == [[0], [2], [4], [1], [3]]
    assert holder.wait(30) == 0
    # with a width, the free entries come in batches of it, each held while worked on
    assert list(in_turn(claims, KEYS, width=2)) == [[0, 1], [2, 3], [4]]


def test_a_process_that_keeps_its_claims_holds_others_up_once_not_for_ever(tmp_path):
    """A build stopped with Ctrl-Z (or hung) keeps its claims: another build waits
    ``patience`` seconds for the first of them, then makes the rest without waiting."""
    holder = _hold(tmp_path, [KEYS[1], KEYS[3]], seconds=600)
    told: list[str] = []
    claims = Claims(tmp_path, warn=told.append)
    waits = []
    real_wait = claims.wait
    claims.wait = lambda key, patience: waits.append(key) or real_wait(key, patience)
    try:
        assert not claims.wait(KEYS[1], 0.05)  # held: gives up after its patience
        waits.clear()
        assert list(in_turn(claims, KEYS, patience=0.2)) == [[0], [2], [4], [1], [3]]
        assert waits == [KEYS[1]]  # waited for the first, not again for the second
        # the user is told why the build paused, once
        assert len(told) == 1 and "is it stopped, with Ctrl-Z?" in told[0], told
    finally:
        holder.kill()
        holder.wait(30)


def test_a_claims_file_that_is_a_link_is_not_followed(tmp_path):
    outside = tmp_path / "elsewhere"
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "claims").symlink_to(outside)
    claims = Claims(cache)
    assert all(claims.take(key) for key in KEYS)  # unusable: every claim is taken
    assert not outside.exists()


def test_an_unusable_claims_file_lets_every_claim_be_taken(tmp_path):
    (tmp_path / "claims").mkdir()  # a folder where the file should be
    claims = Claims(tmp_path)
    assert all(claims.take(key) for key in KEYS)
    assert list(in_turn(claims, KEYS, width=5)) == [[0, 1, 2, 3, 4]]


def test_a_cache_folder_made_for_its_claims_is_one_ssri_docs_cache_recognises(tmp_path):
    """A build stopped before it stored anything in a new cache folder leaves only the
    claims file there: ``ssri-docs cache --info`` and ``--clear`` must still accept the
    folder it made (they refused it, "does not look like an ssri-docs speech cache")."""
    folder = tmp_path / "new-cache"
    assert Claims(folder).take(KEYS[0])
    assert looks_like_cache(folder)
    assert "entries: 0 (0 sentences, 0 recordings)" in describe(folder, 10**9)


@pytest.mark.slow
@pytest.mark.parametrize("stored", [True, False], ids=["stored", "died-storing-nothing"])
def test_a_recording_waits_for_the_sentences_and_parts_another_process_is_making(
    tmp_path, monkeypatch, stored
):
    """Another process claimed every other sentence and MP3 part of the seed: the
    recording makes only the rest, and reads the others once that process has stored
    them; if it stored nothing (it died), the recording makes them itself. The MP3 is
    the one a build alone makes, either way."""
    article = load_article(SOURCE_DIR / "how-ssri-work.md", load_site(SOURCE_DIR / "site.yaml"))
    alone = tmp_path / "alone"
    reference = recording.record(article, BuildOptions(tts="espeak", cache_dir=alone), Reporter())
    entries = sorted(cache_files(alone), key=lambda file: file.path.name)
    sentences = [f.path.stem for f in entries if f.kind == "sentence"]
    parts = [f.path.stem for f in entries if f.kind == "recording"]
    claimed_sentences, claimed_parts = sentences[::2], parts[::2]

    shared = tmp_path / "shared"
    holder = _hold(shared, claimed_sentences + claimed_parts, 1.0, alone if stored else None)
    encoded = []
    for name in ("encode_part", "lame_frames"):
        real = getattr(recording, name)
        monkeypatch.setattr(recording, name, lambda *a, _real=real: encoded.append(1) or _real(*a))
    made = recording.record(article, BuildOptions(tts="espeak", cache_dir=shared), Reporter())
    assert holder.wait(30) == 0

    assert made.mp3 == reference.mp3
    assert reference.stats.synthesised == len(sentences)
    if stored:
        assert made.stats.synthesised == len(sentences) - len(claimed_sentences)
        assert len(encoded) == len(parts) - len(claimed_parts)
    else:
        assert made.stats.synthesised == len(sentences)
        assert len(encoded) == len(parts)


def test_a_recording_that_fails_lets_its_claims_go_though_its_error_is_kept(tmp_path, monkeypatch):
    """A build in one process (``--jobs 1``) keeps a failed article's exception to the
    end (``build.py`` raises it then), and with it the recording's frames. In a terminal
    (the progress bar's loop does not pass ``close`` on, as ``yield from`` does), the
    claim of the sentence being made when the voice failed stayed held by the suspended
    ``in_turn``: another build needing that sentence waited for all of this one."""
    article = load_article(SOURCE_DIR / "how-ssri-work.md", load_site(SOURCE_DIR / "site.yaml"))
    claimed: list[list[str]] = []
    real_in_turn = recording.in_turn

    def watched(claims, keys, width=1):
        claimed.append(list(keys))
        return real_in_turn(claims, keys, width)

    spoken = []
    real_synthesise = EspeakEngine.synthesise

    def failing(self, text):
        spoken.append(text)
        if len(spoken) == 3:
            raise InternalError("the offline voice stopped while saying it")
        return real_synthesise(self, text)

    monkeypatch.setattr(recording, "in_turn", watched)
    monkeypatch.setattr(EspeakEngine, "synthesise", failing)
    options = BuildOptions(tts="espeak", cache_dir=tmp_path)
    with pytest.raises(InternalError) as failure:  # kept, as a build in one process keeps it
        recording.record(article, options, Reporter(stream=_Terminal()))
    holder = _hold(tmp_path, claimed[0], seconds=0)  # every sentence can be claimed elsewhere
    assert holder.wait(30) == 0
    assert failure.value
