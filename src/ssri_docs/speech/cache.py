"""Synthesised sentences kept on disk, so a rebuild only synthesises what changed.

It also keeps the encoded MP3 of a whole recording, keyed by its samples, because
encoding takes longer than everything else in an unchanged rebuild.

A sentence is keyed by (engine, voice, settings, text): change any of them and it is
synthesised afresh. Every entry is sealed: its header holds the key it was stored
under and a SHA-256 over the header and the payload, so an entry is used only when it
is exactly what was stored for that key. A swapped, damaged, truncated or unreadable
entry (or a folder where an entry should be) is a miss: counted, removed, redone and
replaced, never a crash and never the wrong audio.

Writes go to a temporary file renamed into place (atomic), so two builds sharing one
cache never see half an entry, and equal keys hold equal content whoever wrote last.
The cache is only an optimisation: when its folder cannot be written (disk full,
read-only, no permission) the build warns once, naming the folder, and goes on without
storing. After a build's writes, least-recently-used entries (by mtime, touched on
every hit) are evicted, under the folder's lock, until it fits ``max_bytes``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import struct
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..errors import display_path
from .base import Segment, SpeechEngine
from .cache_folder import (
    DEFAULT_CACHE_LIMIT,
    TEMPORARY_PREFIX,
    evict,
    recording_path,
    remove_damaged,
    sentence_path,
    write_tag,
)
from .claims import Claims

__all__ = ["DEFAULT_CACHE_LIMIT", "CacheStats", "SpeechCache"]

SENTENCE_MAGIC = b"SSRISEG2"
RECORDING_MAGIC = b"SSRIMP32"
_OLD_SENTENCE_MAGIC = b"SSRISEG1"  # checked the samples only; replaced as it is met
# An entry: magic, key (the 64 hex digits as 32 bytes), payload length, then the
# SHA-256 of those three and the payload, then the payload. A sentence's payload is its
# sample rate (u32) and its int16 samples; a recording's is the MP3.
_HEAD = struct.Struct("<8s32sQ")
_HEADER_SIZE = _HEAD.size + 32
_RATE = struct.Struct("<I")

# Folders already reported as unwritable in this process: warn once per build, not
# once per article.
_WARNED: set[str] = set()


@dataclass
class CacheStats:
    """What one build did: entries taken from the cache, synthesised, found corrupt
    (damaged, swapped or unreadable, then redone), and evicted to stay under the limit."""

    reused: int = 0
    synthesised: int = 0
    corrupt: int = 0
    evicted: int = 0


class SpeechCache:
    """A folder of synthesised sentences and encoded recordings (``--cache``).

    ``max_bytes``: the size eviction keeps the folder under. ``warn``: called once with
    a message when the folder cannot be written (default: print to stderr)."""

    def __init__(
        self,
        folder: Path,
        *,
        max_bytes: int = DEFAULT_CACHE_LIMIT,
        warn: Callable[[str], None] | None = None,
    ) -> None:
        self.root = Path(folder)
        self.max_bytes = max_bytes
        self.stats = CacheStats()
        self._warn = warn or (lambda message: print(f"warning: {message}", file=sys.stderr))
        # which process makes which entry (claims.py)
        self.claims = Claims(self.root, warn=self._warn)
        self._writable = True
        self._wrote = False

    def key(self, engine: SpeechEngine, text: str) -> str:
        """The 64-hex-digit key of ``text`` spoken by ``engine`` with its settings."""
        identity = [engine.name, engine.voice, engine.settings_key(), text]
        return hashlib.sha256(json.dumps(identity, ensure_ascii=False).encode()).hexdigest()

    def segment(self, engine: SpeechEngine, text: str) -> Segment:
        """The cached speech for ``text``, synthesising and storing it when missing."""
        cached = self.cached(engine, text)
        if cached is not None:
            return cached
        segment = engine.synthesise(text)
        self.stats.synthesised += 1
        self.store(self.key(engine, text), segment)
        return segment

    def cached(self, engine: SpeechEngine, text: str) -> Segment | None:
        """The cached speech for ``text`` (counted as reused); None when it is not cached."""
        segment = self.load(self.key(engine, text))
        if segment is not None:
            self.stats.reused += 1
        return segment

    def load(self, key: str) -> Segment | None:
        """The sentence stored under ``key``; None when absent or not exactly what was
        stored (that entry is removed)."""
        payload = self._read(sentence_path(self.root, key), SENTENCE_MAGIC, key)
        if payload is None:
            return None
        (rate,) = _RATE.unpack_from(payload)
        samples = np.frombuffer(payload, dtype="<i2", offset=_RATE.size).astype(np.int16)
        return Segment(samples, rate)

    def store(self, key: str, segment: Segment) -> None:
        """Keep ``segment`` under ``key`` (skipped, with one warning, when unwritable)."""
        samples = np.ascontiguousarray(segment.samples, dtype="<i2").tobytes()
        payload = _RATE.pack(segment.sample_rate) + samples
        self._write(sentence_path(self.root, key), _seal(SENTENCE_MAGIC, key, payload))

    def encoded(self, key: str) -> bytes | None:
        """The MP3 frames (a chapter's) stored under ``key``, if present and intact."""
        return self._read(recording_path(self.root, key), RECORDING_MAGIC, key)

    def store_encoded(self, key: str, payload: bytes) -> None:
        """Keep an encoding under ``key`` (skipped, with one warning, when unwritable)."""
        self._write(recording_path(self.root, key), _seal(RECORDING_MAGIC, key, payload))

    def evict(self) -> int:
        """After this build's writes: delete least-recently-used entries until the folder
        holds at most ``max_bytes``. Returns how many files were deleted (0 when this
        build wrote nothing, so an unchanged rebuild does not list the folder)."""
        if not (self._wrote and self._writable):
            return 0
        try:
            deleted = len(evict(self.root, self.max_bytes))
        except OSError as error:
            self._unwritable(error)
            return 0
        self.stats.evicted += deleted
        return deleted

    def _read(self, path: Path, magic: bytes, key: str) -> bytes | None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError:  # a folder, unreadable, or an I/O error
            self._damaged(path)
            return None
        payload = _unseal(data, magic, key)
        if payload is None:
            if data.startswith(_OLD_SENTENCE_MAGIC):  # an older format: a plain miss
                remove_damaged(path)
            else:
                self._damaged(path)
            return None
        with contextlib.suppress(OSError):  # a read-only cache still serves its entries
            os.utime(path)  # "last used", for eviction
        return payload

    def _damaged(self, path: Path) -> None:
        self.stats.corrupt += 1
        remove_damaged(path)

    def _write(self, path: Path, data: bytes) -> None:
        if not self._writable:
            return
        try:
            if not self._wrote:
                write_tag(self.root)
            _write_atomically(path, data)
        except OSError as error:
            self._unwritable(error)
            return
        self._wrote = True

    def _unwritable(self, error: OSError) -> None:
        """Go on without the cache for the rest of this build's article."""
        self._writable = False
        folder = str(self.root.resolve())
        if folder in _WARNED:
            return
        _WARNED.add(folder)
        self._warn(
            f"the speech cache {display_path(self.root)} cannot be written "
            f"({error.strerror or error}); going on without caching, so unchanged "
            "sentences are synthesised again. Free some space, or give a writable "
            "folder with --cache."
        )


def _seal(magic: bytes, key: str, payload: bytes) -> bytes:
    """``payload`` behind a header naming ``key`` and checksumming header and payload."""
    head = _HEAD.pack(magic, bytes.fromhex(key), len(payload))
    digest = hashlib.sha256(head)
    digest.update(payload)
    return head + digest.digest() + payload


def _unseal(data: bytes, magic: bytes, key: str) -> bytes | None:
    """The payload of an entry sealed with ``magic`` and ``key``; None if anything
    differs by a single bit (another key's entry, damage, a cut-short file)."""
    if len(data) < _HEADER_SIZE:
        return None
    stored_magic, stored_key, length = _HEAD.unpack_from(data)
    payload = memoryview(data)[_HEADER_SIZE:]
    if stored_magic != magic or stored_key != bytes.fromhex(key) or length != len(payload):
        return None
    digest = hashlib.sha256(memoryview(data)[: _HEAD.size])
    digest.update(payload)
    if digest.digest() != data[_HEAD.size : _HEADER_SIZE]:
        return None
    if magic == SENTENCE_MAGIC and (length < _RATE.size or (length - _RATE.size) % 2):
        return None
    return bytes(payload)


def _write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then rename: readers never see half.

    Tried twice, because ``ssri-docs cache --clear`` in another process may remove the
    folder between the two steps. Raises OSError (disk full, read-only, permission)."""
    for attempt in (1, 2):
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            handle, temporary = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, dir=path.parent)
        except FileNotFoundError:
            if attempt == 2:
                raise
            continue
        try:
            with os.fdopen(handle, "wb") as file:
                file.write(data)
            os.replace(temporary, path)
            return
        except FileNotFoundError:
            Path(temporary).unlink(missing_ok=True)
            if attempt == 2:
                raise
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
