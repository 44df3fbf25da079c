"""Which process is making which speech-cache entry, so that processes sharing a cache
split the work instead of each doing all of it.

The workers of a library build start on several articles at once, and most of their
sentences are the same (the disclaimer, the contact and "other formats" paragraphs;
copies of one leaflet share nearly all): each worker found them missing, and each
synthesised and encoded them all. Now each entry is *claimed* before it is made: a
POSIX record lock (``fcntl.lockf``) on one byte of the cache's ``claims`` file, at an
offset taken from the entry's key. A process that finds an entry claimed goes on with
the next one, and comes back to it at the end: it waits for the claim to end, then
reads the entry from the cache, or makes it itself if the other process stored nothing
(it died, or the cache is full).

Claims only share out work; they never decide what is correct. Entries are
content-addressed and written atomically (``speech/cache.py``), so two processes
making one entry still give the right bytes. The kernel drops a process's locks when
it ends, however it ends (SIGKILL included), so no claim outlives its process. A
process waits for a claim only while it holds none, so no two processes can wait for
each other. Where the file cannot be opened or locked (a read-only cache, a file
system without locks), every claim is taken at once: each process makes what it
needs, as before.

POSIX record locks belong to a process, and closing any descriptor of the file drops
all of the process's locks on it: so a process opens the claims file once and keeps it
open (``_DESCRIPTORS``). Within one process, claims never exclude each other.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from ..errors import display_path
from .cache_folder import write_tag

CLAIMS_NAME = "claims"  # in the cache folder, beside its ``lock``
# Seconds to wait for another process's claim on one entry. Making one entry takes
# milliseconds offline and a few seconds at most through Google's voice, so a claim
# held longer belongs to a process that is stopped (Ctrl-Z) or hung.
PATIENCE = 10.0

_DESCRIPTORS: dict[tuple[int, str], int] = {}  # (process id, path) -> open descriptor
_UNUSABLE = -1


def _offset(key: str) -> int:
    """The byte of the claims file that stands for ``key`` (64 hex digits): its first
    60 bits, so a 64-bit file offset holds it and two keys share a byte by chance
    once in 10**18."""
    return int(key[:15], 16)


class Claims:
    """The claims on the entries of the speech cache in ``folder``. ``warn`` is told,
    once, when another process's claim outlasts the patience (default: ignored)."""

    def __init__(self, folder: Path, warn: Callable[[str], None] | None = None) -> None:
        self.path = Path(folder) / CLAIMS_NAME
        self._warn = warn

    def take(self, key: str) -> bool:
        """Claim the entry ``key`` without waiting. True when this process now holds it
        (or claims cannot be used here); False when another process holds it."""
        descriptor = self._descriptor()
        if descriptor == _UNUSABLE:
            return True
        try:
            fcntl.lockf(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, _offset(key))
        except (BlockingIOError, PermissionError):  # EAGAIN or EACCES: held elsewhere
            return False
        except OSError:  # no locks on this file system: work as if alone
            return True
        return True

    def wait(self, key: str, patience: float = PATIENCE) -> bool:
        """Claim the entry ``key``, waiting while another process holds it, for at most
        ``patience`` seconds. True when claimed; False when the other process still
        holds it then (stopped with Ctrl-Z, or hung): the caller makes the entry
        without a claim, which is harmless.

        Polls (2 ms, doubling to 50 ms) rather than blocking in the kernel, which has
        no time limit for a lock."""
        deadline = time.monotonic() + patience
        pause = 0.002
        while not self.take(key):
            if time.monotonic() >= deadline:
                if self._warn is not None:
                    self._warn(
                        f"another build sharing the speech cache {display_path(self.path.parent)} "
                        f"has been making one sentence for over {patience:g} s (is it stopped, "
                        "with Ctrl-Z?); this build makes what it needs itself"
                    )
                    self._warn = None  # once
                return False
            time.sleep(pause)
            pause = min(2 * pause, 0.05)
        return True

    def release(self, key: str) -> None:
        """Let the claim on ``key`` go (nothing happens if this process has none)."""
        descriptor = self._descriptor()
        if descriptor != _UNUSABLE:
            with contextlib.suppress(OSError):
                fcntl.lockf(descriptor, fcntl.LOCK_UN, 1, _offset(key))

    def _descriptor(self) -> int:
        """This process's one descriptor of the claims file, or ``_UNUSABLE``."""
        slot = (os.getpid(), str(self.path))
        if slot not in _DESCRIPTORS:
            try:
                # tagged as the cache it is: a build stopped before it stored anything
                # must not leave a folder that ``ssri-docs cache`` refuses as not ours
                write_tag(self.path.parent)
                # not through a link: nothing outside the cache is created or locked
                flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW
                _DESCRIPTORS[slot] = os.open(self.path, flags, 0o644)
            except OSError:  # a read-only cache: the cache itself warns about writing
                _DESCRIPTORS[slot] = _UNUSABLE
        return _DESCRIPTORS[slot]


def in_turn(
    claims: Claims, keys: Sequence[str], width: int = 1, patience: float = PATIENCE
) -> Iterator[list[int]]:
    """Positions in ``keys`` (cache keys of entries still to make), in batches of at most
    ``width``, each batch's entries claimed by this process until the caller asks for
    the next batch (or stops asking).

    First come, in order, the entries no other process is making (claimed without
    waiting); then the others, one at a time, each once its claim has ended. So two
    processes that need the same entries split them between them. The caller must look
    in the cache again before making an entry: another process may have stored it.

    A claim still held after ``patience`` seconds means its process is not getting on
    (stopped or hung): that entry and the rest come without waiting again, so such a
    process holds this one up for ``patience`` seconds once, not once per entry.
    """
    width = max(1, width)
    waiting: list[int] = []
    batch: list[int] = []
    try:
        for position, key in enumerate(keys):
            if claims.take(key):
                batch.append(position)
            else:
                waiting.append(position)
            if len(batch) >= width:
                yield batch
                _release(claims, keys, batch)
                batch = []
        if batch:
            yield batch
            _release(claims, keys, batch)
            batch = []
        for position in waiting:
            if patience > 0 and not claims.wait(keys[position], patience):
                patience = 0  # that process is not getting on: wait no more
            batch = [position]
            yield batch
            _release(claims, keys, batch)
            batch = []
    finally:  # the caller stopped early (an error, an interrupt)
        _release(claims, keys, batch)


def _release(claims: Claims, keys: Sequence[str], positions: list[int]) -> None:
    for position in positions:
        claims.release(keys[position])
