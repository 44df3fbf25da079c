"""Google's voice through a fake HTTP layer: gTTS's own code runs, the network never does.

The fake replaces ``requests.Session.send`` (gTTS opens one session per request) and
answers in gTTS's ``batchexecute`` format, with a real MP3 made here.
"""

from __future__ import annotations

import base64
import importlib.util
import io
import json
import urllib.parse
from pathlib import Path

import lameenc
import numpy as np
import pytest
import requests
from mutagen.id3 import ID3

from ssri_docs.build import BuildRequest, build
from ssri_docs.checks.audio import chapter_problems
from ssri_docs.errors import BuildError, UserError
from ssri_docs.model import Narration
from ssri_docs.reporting import Reporter
from ssri_docs.speech.gtts_engine import GttsEngine
from ssri_docs.speech.select import PROBE_TIMEOUT, choose_engine
from ssri_docs.writers import BuildOptions

SECONDS_PER_CHARACTER = 0.06
REASONS = {200: "OK", 429: "Too Many Requests", 500: "Internal Server Error", 503: "Unavailable"}


def _mp3_for(text: str) -> bytes:
    """A real 24 kHz mono MP3 (like Google's) whose length depends on the text."""
    rate = 24000
    count = int(len(text) * SECONDS_PER_CHARACTER * rate)
    tone = np.sin(np.arange(count) * 2 * np.pi * 220 / rate) * 8000
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(rate)
    encoder.set_out_sample_rate(rate)
    encoder.set_channels(1)
    return bytes(encoder.encode(tone.astype(np.int16).tobytes()) + encoder.flush())


def _batchexecute(mp3: bytes) -> bytes:
    payload = json.dumps([base64.b64encode(mp3).decode("ascii")])
    line = json.dumps(
        [["wrb.fr", "jQ1olc", payload, None, None, None, "generic"]], separators=(",", ":")
    )
    return f')]}}\'\n\n{len(line)}\n{line}\n25\n[["e",4,null,null,142]]\n'.encode()


def _requested_text(request) -> tuple[str, str]:
    form = urllib.parse.parse_qs(request.body)
    rpc = json.loads(form["f.req"][0])
    text, language, *_ = json.loads(rpc[0][0][1])
    return text, language


class FakeGoogle:
    """Answers each request by the next behaviour in ``plan`` (then "ok" for ever)."""

    def __init__(self, *plan) -> None:
        self.plan = list(plan)
        self.calls: list[dict] = []

    def send(self, session, request, **kwargs):
        text, language = _requested_text(request)
        self.calls.append({"url": request.url, "text": text, "lang": language, **kwargs})
        behaviour = self.plan.pop(0) if self.plan else "ok"
        if isinstance(behaviour, Exception):
            raise behaviour
        if behaviour == "ok":
            return _response(request, 200, _batchexecute(_mp3_for(text)))
        if behaviour == "truncated":
            body = _batchexecute(_mp3_for(text))
            return _response(request, 200, body[: len(body) // 2])
        return _response(request, behaviour, b"")


def _response(request, status: int, body: bytes) -> requests.Response:
    response = requests.Response()
    response.status_code = status
    response.reason = REASONS[status]
    response._content = body
    response._content_consumed = True
    response.request = request
    response.url = request.url
    return response


@pytest.fixture
def google(monkeypatch):
    def install(*plan) -> FakeGoogle:
        fake = FakeGoogle(*plan)

        def send(session, request, **kwargs):  # gTTS calls session.send(request=..., ...)
            return fake.send(session, request, **kwargs)

        monkeypatch.setattr(requests.Session, "send", send)
        return fake

    return install


def _build(seed_article, out: Path, cache: Path, tts: str, reporter=None):
    request = BuildRequest(
        sources=(seed_article.source_path,),
        source_dir=seed_article.source_path.parent,
        out_dir=out,
        formats=("audio",),
        options=BuildOptions(tts=tts, cache_dir=cache),
    )
    return build(request, reporter or Reporter(quiet=True))


def test_a_sentence_is_fetched_from_the_british_host_with_a_timeout(google):
    fake = google()
    engine = GttsEngine("en", "co.uk", timeout=7.0)
    text = "Serotonin is a neurotransmitter."
    segment = engine.synthesise(text)
    assert segment.sample_rate == 24000
    # the decoded MP3 is the fake's audio (plus the encoder's frame padding)
    assert len(text) * SECONDS_PER_CHARACTER <= segment.duration < len(text) * 0.06 + 0.2
    assert [call["text"] for call in fake.calls] == [text]
    assert fake.calls[0]["url"].startswith("https://translate.google.co.uk/")
    assert fake.calls[0]["lang"] == "en"
    assert fake.calls[0]["timeout"] == 7.0


@pytest.mark.slow
def test_normal_build_makes_a_good_mp3_with_google_named_in_its_tags(
    google, seed_article, tmp_path
):
    fake = google()
    _build(seed_article, tmp_path / "out", tmp_path / "cache", "gtts")
    mp3 = tmp_path / "out" / seed_article.slug / f"{seed_article.slug}.mp3"
    assert chapter_problems(mp3) == []
    tags = ID3(mp3)
    assert str(tags["TXXX:TTS_ENGINE"]) == "gtts"
    assert "google.co.uk" in str(tags["TXXX:TTS_VOICE"])
    assert len(fake.calls) > 40
    assert all(call["timeout"] is not None for call in fake.calls)


def test_rate_limit_then_success_retries_with_back_off(google):
    fake = google(429, 503)
    pauses: list[float] = []
    engine = GttsEngine(sleep=pauses.append, backoff=1.5)
    segment = engine.synthesise("Hello there.")
    assert segment.duration > 0.5
    assert len(fake.calls) == 3
    assert pauses == [1.5, 3.0]


def test_persistent_server_errors_end_in_a_clear_error(google):
    google(503, 503, 503, 503, 503)
    pauses: list[float] = []
    with pytest.raises(BuildError, match=r"refusing requests \(HTTP 503, 4 attempts\)") as error:
        GttsEngine(sleep=pauses.append, retries=3).synthesise("Hello there.")
    assert pauses == [1.0, 2.0, 4.0]
    assert "--tts espeak" in error.value.hint


def _assert_no_output(out: Path, slug: str) -> None:
    assert not (out / slug / f"{slug}.mp3").exists()
    assert not (out / slug / f"{slug}.vtt").exists()
    assert not list(out.rglob("*.mp3"))


@pytest.mark.parametrize(
    ("failure", "message"),
    [
        (requests.exceptions.ConnectionError("no route to host"), "cannot be reached"),
        (requests.exceptions.ReadTimeout("read timed out"), "cannot be reached"),
        ("truncated", "without any audio"),
    ],
    ids=["offline", "timeout", "truncated"],
)
def test_failures_give_a_clear_error_and_leave_no_file(
    google, seed_article, tmp_path, failure, message
):
    # the first sentences succeed, then Google fails part-way through the article
    fake = google("ok", "ok", "ok", failure)
    out = tmp_path / "out"
    with pytest.raises(BuildError, match=message) as error:
        _build(seed_article, out, tmp_path / "cache", "gtts")
    assert "--tts espeak" in error.value.hint
    assert len(fake.calls) == 4
    _assert_no_output(out, seed_article.slug)


@pytest.mark.skipif(importlib.util.find_spec("hibari") is None, reason="no hibari-tts")
def test_auto_falls_back_to_the_natural_offline_voice_and_warns_even_when_quiet(
    google, seed_article, tmp_path
):
    fake = google(requests.exceptions.ConnectTimeout("timed out"))
    messages = io.StringIO()
    out = tmp_path / "out"
    _build(seed_article, out, tmp_path / "cache", "auto", Reporter(quiet=True, stream=messages))
    mp3 = out / seed_article.slug / f"{seed_article.slug}.mp3"
    assert str(ID3(mp3)["TXXX:TTS_ENGINE"]) == "hibari"
    warning = messages.getvalue()
    assert warning.startswith("warning: ") and "hibari 0.2.1 heart" in warning
    assert "natural offline voice, because Google's voice cannot be reached" in warning
    assert len(fake.calls) == 1  # one short probe, then offline
    assert fake.calls[0]["timeout"] == PROBE_TIMEOUT
    record = json.loads((out / seed_article.slug / "build.json").read_text())
    audio = record["files"][f"{seed_article.slug}.mp3"]
    assert audio["engine"] == "hibari" and "cannot be reached" in audio["fallback"]
    page = (out / "index.html").read_text()
    assert "Narrated by hibari 0.2.1 heart (American English, female)" in page


def test_auto_falls_back_to_espeak_when_hibari_is_missing(google, monkeypatch):
    google(requests.exceptions.ConnectTimeout("timed out"))
    monkeypatch.setattr("ssri_docs.speech.hibari.available", lambda: False)
    choice = choose_engine("auto", Narration(), None)
    assert choice.engine.name == "espeak"
    assert "hibari-tts) is not installed" in choice.fallback


def test_a_required_engine_is_never_replaced(google, tmp_path):
    site = tmp_path / "site.yaml"
    required = Narration(engine="gtts", source_path=site)
    with pytest.raises(UserError, match="requires the 'gtts' voice, but --tts asked for"):
        choose_engine("espeak", required, None)
    google(requests.exceptions.ConnectTimeout("timed out"))
    with pytest.raises(UserError, match="requires the 'gtts' voice, which cannot be used") as error:
        choose_engine("auto", required, None)
    assert error.value.path == site


def test_a_required_engine_that_answers_is_used_without_a_fallback(google):
    google()
    choice = choose_engine("gtts", Narration(engine="gtts"), None)
    assert choice.engine.name == "gtts" and choice.fallback == ""


def test_auto_uses_google_when_it_answers(google):
    fake = google()
    choice = choose_engine("auto", Narration(), None)
    assert choice.engine.name == "gtts"
    assert fake.calls[0]["timeout"] == PROBE_TIMEOUT <= 5
