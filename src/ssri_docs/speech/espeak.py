"""The built-in offline voice: espeak-ng through a small ctypes binding.

The library and its voice data come from the ``espeakng-loader`` wheel, so ``pip``
alone installs a working voice: no system package, nothing downloaded at run time.

Reproducibility: espeak-ng 1.52 keeps state between syntheses in one process (the
same sentence synthesised again comes out a few samples different, even after
``espeak_Terminate`` and a new ``espeak_Initialize``; measured). Only the first
synthesis after initialisation is bit-identical across runs. So the library is
initialised once in a server process, never used there directly, and every sentence is
synthesised in a forked child: each child is a "first synthesis", whatever order
the sentences come in. The library lives in a small server process
(``espeak_server.py``) that does the forking, never in the build process itself.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import json
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO

from ..errors import BuildError, InternalError, SourceError, UserError
from .base import Segment

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_INITIALIZE_DONT_EXIT = 0x8000
_POS_CHARACTER = 1
_CHARS_UTF8 = 1
_PARAMETER_RATE = 1

_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)


class _Voice(ctypes.Structure):
    # espeak_VOICE from speak_lib.h
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_char_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


class EspeakLibrary:
    """The loaded, initialised espeak-ng library (one per process and voice settings)."""

    def __init__(self, language: str, words_per_minute: int) -> None:
        try:
            import espeakng_loader
        except ImportError:
            raise UserError(
                "the built-in offline voice is not installed",
                hint="reinstall ssri-docs with pip (it brings the 'espeakng-loader' package).",
            ) from None
        self.lib = ctypes.CDLL(espeakng_loader.get_library_path())
        self.lib.espeak_Info.restype = ctypes.c_char_p
        self.version = self.lib.espeak_Info(None).decode("ascii", "replace")
        data_parent = str(Path(espeakng_loader.get_data_path()).parent).encode()
        self.sample_rate = self.lib.espeak_Initialize(
            _AUDIO_OUTPUT_SYNCHRONOUS, 0, data_parent, _INITIALIZE_DONT_EXIT
        )
        if self.sample_rate <= 0:
            raise BuildError(
                "the built-in offline voice could not start (espeak-ng failed to initialise)",
                hint="reinstall the 'espeakng-loader' package with pip.",
            )
        self._chunks: list[bytes] = []
        self._callback = _SynthCallback(self._collect)  # kept referenced: C holds it
        self.lib.espeak_SetSynthCallback(self._callback)
        # SetVoiceByName("en-gb") fails in 1.52; selecting by language works.
        voice = _Voice(languages=language.encode())
        if self.lib.espeak_SetVoiceByProperties(ctypes.byref(voice)) != 0:
            # The server has no site.yaml path: the engine adds the one it was given.
            raise SourceError(
                f"the offline voice has no voice for the language {language!r}",
                hint="set 'espeak-voice:' under 'narration:' to a language such as en-gb.",
            )
        self.lib.espeak_SetParameter(_PARAMETER_RATE, words_per_minute, 0)

    def _collect(self, wav, count, events) -> int:
        if wav and count > 0:
            self._chunks.append(ctypes.string_at(wav, count * 2))
        return 0  # 0 = go on synthesising

    def synthesise_here(self, text: str) -> bytes:
        """Synthesise in this process; returns little-endian int16 samples."""
        self._chunks = []
        data = text.encode("utf-8") + b"\0"
        status = self.lib.espeak_Synth(
            data, len(data), 0, _POS_CHARACTER, 0, _CHARS_UTF8, None, None
        )
        self.lib.espeak_Synchronize()
        if status != 0:
            raise InternalError(f"the offline voice could not say {text[:60]!r} (status {status})")
        return b"".join(self._chunks)


class _SpeechServer:
    """A clean process that owns the initialised library and forks one child per sentence.

    Forking the build process itself is unsafe: by then it may run threads (Playwright,
    a thread pool in ``ssri-docs check``), and a child forked from a threaded process can
    hang or crash inside malloc or espeak-ng (seen in the test suite). The server is
    started with exec, so it is single-threaded, and forks only from there.
    """

    def __init__(self, language: str, words_per_minute: int, settings_file: Path | None) -> None:
        """Start the server; its greeting is read by ``ready``, so that it starts up
        while this process does other work (``start_server``)."""
        command = [sys.executable, "-m", "ssri_docs.speech.espeak_server", language]
        command.append(str(words_per_minute))
        self.process = subprocess.Popen(
            command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        self.settings_file = settings_file
        self.version = ""
        self.sample_rate = 0

    def ready(self) -> None:
        """Wait for the server's greeting (once); raises what it reports as
        ``SourceError`` (a voice setting of site.yaml), ``UserError``, ``BuildError``
        or ``InternalError``."""
        if self.version:
            return
        greeting = json.loads(self.process.stdout.readline() or b'{"error": "did not start"}')
        if "error" in greeting:
            self.close()
            message, hint, kind = greeting["error"], greeting.get("hint"), greeting.get("kind")
            if kind == "settings":  # a voice setting of site.yaml: name the file given
                raise SourceError(message, path=self.settings_file, hint=hint)
            if kind in ("user", "build"):
                raise (UserError if kind == "user" else BuildError)(message, hint=hint)
            problem = self.process.stderr.read().decode("utf-8", "replace").strip()[-500:]
            raise InternalError(f"the offline voice {message}", detail=problem or None)
        self.version = greeting["version"]
        self.sample_rate = greeting["sample_rate"]

    def synthesise(self, text: str) -> bytes:
        data = text.encode("utf-8")
        try:
            self.process.stdin.write(len(data).to_bytes(4, "big") + data)
            self.process.stdin.flush()
            status = read_exactly(self.process.stdout, 1)[0]
            length = int.from_bytes(read_exactly(self.process.stdout, 4), "big")
            payload = read_exactly(self.process.stdout, length)
        except (OSError, EOFError):
            self.close()
            # forgotten, so the next sentence (the next article's) starts a new server
            for key in [key for key, server in _SERVERS.items() if server is self]:
                del _SERVERS[key]
            problem = self.process.stderr.read().decode("utf-8", "replace").strip()[-500:]
            raise InternalError(
                f"the offline voice stopped while saying {text[:60]!r}",
                detail=problem or None,
            ) from None
        if status != 0:
            raise InternalError(payload.decode("utf-8", "replace"))
        return payload

    def close(self) -> None:
        if self.process.stdin and not self.process.stdin.closed:
            with contextlib.suppress(OSError):  # a dead server: its pipe is broken
                self.process.stdin.close()  # end of input: the server exits
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def read_exactly(stream: BinaryIO, count: int) -> bytes:
    """``count`` bytes from ``stream``; EOFError if it ends first."""
    parts, missing = [], count
    while missing:
        chunk = stream.read(missing)
        if not chunk:
            raise EOFError
        parts.append(chunk)
        missing -= len(chunk)
    return b"".join(parts)


_SERVERS: dict[tuple[str, int], _SpeechServer] = {}


def _server(
    language: str, words_per_minute: int, settings_file: Path | None = None
) -> _SpeechServer:
    """The ready server for ``language`` at ``words_per_minute``, started if need be;
    raises as ``_SpeechServer.ready`` (and forgets a server that failed)."""
    key = (language, words_per_minute)
    server = _SERVERS.get(key)
    if server is None:
        server = _SERVERS[key] = _SpeechServer(language, words_per_minute, settings_file)
    try:
        server.ready()
    except Exception:
        del _SERVERS[key]
        raise
    return server


def start_server(language: str, words_per_minute: int, settings_file: Path | None) -> None:
    """Start the voice's server now, without waiting for it: it then gets ready (0.07 s,
    a Python start and espeak-ng's voice data) while this process does other work,
    and ``EspeakEngine`` finds it. Never raises: a server that cannot start is
    reported when the voice is first used."""
    key = (language, words_per_minute)
    if key not in _SERVERS:
        with contextlib.suppress(Exception):
            _SERVERS[key] = _SpeechServer(language, words_per_minute, settings_file)


@atexit.register
def _stop_servers() -> None:
    for server in _SERVERS.values():
        server.close()
    _SERVERS.clear()


class EspeakEngine:
    """espeak-ng with a British voice; deterministic, about 500 times faster than real time."""

    name = "espeak"

    def __init__(
        self,
        language: str = "en-gb",
        words_per_minute: int = 165,
        settings_file: Path | None = None,
    ) -> None:
        """Start (or reuse) the voice for ``language`` at ``words_per_minute``.

        ``settings_file`` is the site.yaml the settings came from: a voice espeak-ng
        does not have is reported there (SourceError); None leaves the message unlocated.
        """
        self.language = language
        self.words_per_minute = words_per_minute
        self._server = _server(language, words_per_minute, settings_file)
        self.voice = f"espeak-ng {self._server.version} {language}"
        self.sample_rate = self._server.sample_rate

    def settings_key(self) -> str:
        return json.dumps(
            {
                "version": self._server.version,
                "language": self.language,
                "rate": self.words_per_minute,
            },
            sort_keys=True,
        )

    def synthesise(self, text: str) -> Segment:
        import numpy as np  # here: the speech server imports this module, and needs none

        data = _server(self.language, self.words_per_minute).synthesise(text)
        samples = np.frombuffer(data, dtype="<i2").astype(np.int16)
        if samples.size == 0:
            raise InternalError(f"the offline voice produced no sound for {text[:60]!r}")
        return Segment(samples, self.sample_rate)
