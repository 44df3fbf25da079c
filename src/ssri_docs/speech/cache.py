"""Synthesised sentences kept on disk, so a rebuild only synthesises what changed.

It also keeps the encoded MP3 of a whole recording, keyed by its samples, because
encoding takes longer than everything else in an unchanged rebuild.

An entry is keyed by (engine, voice, settings, text): change any of them and the
sentence is synthesised afresh. Entries are written to a temporary file and renamed
into place (atomic), and carry a checksum of their samples: an entry cut short by a
crash or damaged on disk is detected, thrown away and synthesised again.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .base import Segment, SpeechEngine

_MAGIC = b"SSRISEG1"
_HEADER = struct.Struct("<8sII32s")  # magic, sample rate, sample count, sha256 of samples


@dataclass
class CacheStats:
    """What one build did: sentences taken from the cache, synthesised, found corrupt."""

    reused: int = 0
    synthesised: int = 0
    corrupt: int = 0


class SpeechCache:
    """A folder of synthesised sentences (``--cache``, default ``.cache/ssri-docs``)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder) / "speech"
        self.stats = CacheStats()

    def key(self, engine: SpeechEngine, text: str) -> str:
        identity = [engine.name, engine.voice, engine.settings_key(), text]
        return hashlib.sha256(json.dumps(identity, ensure_ascii=False).encode()).hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.seg"

    def segment(self, engine: SpeechEngine, text: str) -> Segment:
        """The cached speech for ``text``, synthesising and storing it when missing."""
        key = self.key(engine, text)
        cached = self.load(key)
        if cached is not None:
            self.stats.reused += 1
            return cached
        segment = engine.synthesise(text)
        self.stats.synthesised += 1
        self.store(key, segment)
        return segment

    def load(self, key: str) -> Segment | None:
        """The entry for ``key``; None when absent or damaged (a damaged one is removed)."""
        path = self.path(key)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:
            self.stats.corrupt += 1
            return None
        segment = _decode(data)
        if segment is None:
            self.stats.corrupt += 1
            path.unlink(missing_ok=True)
        return segment

    def store(self, key: str, segment: Segment) -> None:
        samples = np.ascontiguousarray(segment.samples, dtype="<i2").tobytes()
        header = _HEADER.pack(
            _MAGIC, segment.sample_rate, len(samples) // 2, hashlib.sha256(samples).digest()
        )
        _write_atomically(self.path(key), header + samples)

    def encoded(self, key: str) -> bytes | None:
        """A stored encoding (e.g. a whole MP3) for ``key``, if present and intact."""
        path = self.folder.parent / "encoded" / f"{key}.bin"
        try:
            data = path.read_bytes()
        except OSError:
            return None
        digest, payload = data[:32], data[32:]
        if len(data) < 32 or hashlib.sha256(payload).digest() != digest:
            self.stats.corrupt += 1
            path.unlink(missing_ok=True)
            return None
        return payload

    def store_encoded(self, key: str, payload: bytes) -> None:
        path = self.folder.parent / "encoded" / f"{key}.bin"
        _write_atomically(path, hashlib.sha256(payload).digest() + payload)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: readers never see half."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _decode(data: bytes) -> Segment | None:
    if len(data) < _HEADER.size:
        return None
    magic, rate, count, digest = _HEADER.unpack_from(data)
    samples = data[_HEADER.size :]
    if (
        magic != _MAGIC
        or rate <= 0
        or len(samples) != count * 2
        or hashlib.sha256(samples).digest() != digest
    ):
        return None
    return Segment(np.frombuffer(samples, dtype="<i2").astype(np.int16), rate)
