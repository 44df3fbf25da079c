"""Google's voice through gTTS: natural British English, but only when Google answers.

gTTS 2.5 has no timeout by default (it can hang for ever), no retries, and its
``save()`` opens the target file before the first request, leaving a broken MP3 when
a request fails. So this engine always passes a timeout, retries with back-off on
HTTP 429 and 5xx, keeps the answer in memory and decodes it before anything uses it:
a failed or partial answer becomes a clear error and never reaches an output file.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable

import numpy as np

from ..errors import BuildError
from .base import Segment

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


class GttsEngine:
    """One sentence per call; gTTS splits longer text into requests of 100 characters."""

    name = "gtts"

    def __init__(
        self,
        language: str = "en",
        tld: str = "co.uk",
        *,
        timeout: float = 10.0,
        retries: int = 3,
        backoff: float = 1.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.language = language
        self.tld = tld
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.sleep = sleep
        self.voice = f"Google Translate voice ({language}, translate.google.{tld})"

    def settings_key(self) -> str:
        from gtts import __version__ as gtts_version

        return json.dumps(
            {"gtts": gtts_version, "language": self.language, "tld": self.tld}, sort_keys=True
        )

    def synthesise(self, text: str) -> Segment:
        return _decode_mp3(self.fetch_mp3(text), text)

    def fetch_mp3(self, text: str) -> bytes:
        """Google's MP3 for ``text``, retried on rate limiting and server errors."""
        from gtts import gTTS
        from gtts.tts import gTTSError

        for attempt in range(self.retries + 1):
            try:
                speech = gTTS(text, lang=self.language, tld=self.tld, timeout=self.timeout)
                return b"".join(speech.stream())
            except gTTSError as error:
                status = error.rsp.status_code if error.rsp is not None else None
                if status in RETRY_STATUSES and attempt < self.retries:
                    self.sleep(self.backoff * 2**attempt)
                    continue
                raise _explain(error, status, self.tld, attempt + 1) from None
            except ValueError as error:  # gTTS's base64 decoding of a damaged answer
                raise BuildError(
                    f"Google's voice sent an answer that cannot be read ({error})",
                    hint="try again later, or build with --tts espeak (the offline voice).",
                ) from None
        raise AssertionError("unreachable: the loop returns or raises")


def _explain(error: Exception, status: int | None, tld: str, attempts: int) -> BuildError:
    host = f"translate.google.{tld}"
    if status is None:
        return BuildError(
            f"Google's voice cannot be reached ({host} did not answer in time or at all)",
            hint="check the internet connection, or build with --tts espeak "
            "(the built-in offline voice).",
        )
    if status in RETRY_STATUSES:
        return BuildError(
            f"Google's voice is refusing requests (HTTP {status}, {attempts} attempts)",
            hint="wait a few minutes and build again (the sentences already made are "
            "kept), or build with --tts espeak.",
        )
    if status == 200:
        return BuildError(
            "Google's voice answered without any audio (the answer was incomplete)",
            hint="build again; if it keeps happening, build with --tts espeak.",
        )
    return BuildError(
        f"Google's voice failed: {error}",
        hint="build with --tts espeak (the built-in offline voice).",
    )


def _decode_mp3(data: bytes, text: str) -> Segment:
    import soundfile

    if not data:
        raise BuildError(
            "Google's voice answered without any audio",
            hint="build again; if it keeps happening, build with --tts espeak.",
        )
    try:
        samples, rate = soundfile.read(io.BytesIO(data), dtype="int16", always_2d=True)
    except (soundfile.LibsndfileError, RuntimeError, TypeError) as error:
        raise BuildError(
            f"Google's voice sent audio that cannot be decoded for {text[:60]!r} ({error})",
            hint="build again; if it keeps happening, build with --tts espeak.",
        ) from None
    mono = samples.mean(axis=1).astype(np.int16) if samples.shape[1] > 1 else samples[:, 0]
    if mono.size == 0:
        raise BuildError(
            f"Google's voice sent empty audio for {text[:60]!r}",
            hint="build again; if it keeps happening, build with --tts espeak.",
        )
    return Segment(np.ascontiguousarray(mono), rate)
