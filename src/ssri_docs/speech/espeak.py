"""The built-in offline voice: espeak-ng through a small ctypes binding.

The library and its voice data come from the ``espeakng-loader`` wheel, so ``pip``
alone installs a working voice: no system package, nothing downloaded at run time.

Reproducibility: espeak-ng 1.52 keeps state between syntheses in one process (the
same sentence synthesised again comes out a few samples different, even after
``espeak_Terminate`` and a new ``espeak_Initialize``; measured). Only the first
synthesis after initialisation is bit-identical across runs. So the library is
initialised once in this process, never used here, and every sentence is
synthesised in a forked child: each child is a "first synthesis", whatever order
the sentences come in.
"""

from __future__ import annotations

import ctypes
import json
import os
from pathlib import Path

import numpy as np

from ..errors import BuildError, UserError
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


class _Library:
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
            raise UserError(
                f"the offline voice has no voice for the language {language!r}",
                path="source/site.yaml",
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
            raise BuildError(f"the offline voice could not say {text[:60]!r} (status {status})")
        return b"".join(self._chunks)


_LIBRARIES: dict[tuple[str, int], _Library] = {}


def _library(language: str, words_per_minute: int) -> _Library:
    key = (language, words_per_minute)
    if key not in _LIBRARIES:
        # espeak-ng has one global voice: a library loaded for other settings is
        # re-configured by loading it again under these.
        _LIBRARIES.clear()
        _LIBRARIES[key] = _Library(language, words_per_minute)
    return _LIBRARIES[key]


def _synthesise_in_child(library: _Library, text: str) -> bytes:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: one synthesis from the initialised state, then exit
        status = 1
        try:
            os.close(read_end)
            data = library.synthesise_here(text)
            view = memoryview(data)
            while view:
                view = view[os.write(write_end, view) :]
            status = 0
        finally:
            os._exit(status)  # never run the parent's clean-up code in the child
    os.close(write_end)
    parts = []
    with os.fdopen(read_end, "rb") as pipe:
        while chunk := pipe.read(1 << 16):
            parts.append(chunk)
    _, status = os.waitpid(pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise BuildError(f"the offline voice failed while saying {text[:60]!r}")
    return b"".join(parts)


class EspeakEngine:
    """espeak-ng with a British voice; deterministic, about 500 times faster than real time."""

    name = "espeak"

    def __init__(self, language: str = "en-gb", words_per_minute: int = 165) -> None:
        self.language = language
        self.words_per_minute = words_per_minute
        self._library = _library(language, words_per_minute)
        self.voice = f"espeak-ng {self._library.version} {language}"
        self.sample_rate = self._library.sample_rate

    def settings_key(self) -> str:
        return json.dumps(
            {
                "version": self._library.version,
                "language": self.language,
                "rate": self.words_per_minute,
            },
            sort_keys=True,
        )

    def synthesise(self, text: str) -> Segment:
        library = _library(self.language, self.words_per_minute)
        if hasattr(os, "fork"):
            data = _synthesise_in_child(library, text)
        else:  # no fork (Windows): same speech, but not bit-identical between runs
            data = library.synthesise_here(text)
        samples = np.frombuffer(data, dtype="<i2").astype(np.int16)
        if samples.size == 0:
            raise BuildError(f"the offline voice produced no sound for {text[:60]!r}")
        return Segment(samples, self.sample_rate)
