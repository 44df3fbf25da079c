"""The speech cache's folder: its layout, its lock, eviction, and ``ssri-docs cache``.

Layout under the ``--cache`` folder::

    CACHEDIR.TAG              marks the folder as a cache (backup tools skip it)
    lock                      advisory lock (fcntl.flock) for eviction and clearing
    claims                    byte-range locks: which process makes which entry (claims.py)
    speech/ab/<key>.seg       one synthesised sentence (key: 64 hex digits)
    encoded/<key>.enc         one encoded MP3 recording
    encoded/<key>.bin         a recording in the format before ssri-docs checked keys

Entries are content-addressed and written atomically, so builds sharing a cache never
need a lock to read or write them. Only the steps that delete (eviction, ``--clear``)
take the lock, so that two of them do not count and delete the same files at once.
Eviction and clearing touch only files matching the layout above: a file a person put
in the folder is never deleted.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NamedTuple

from ..errors import UserError, display_path
from ..reporting import Reporter

DEFAULT_CACHE_LIMIT = 2 * 1024**3  # bytes (2 GiB), when the site sets no limit
SPEECH, ENCODED = "speech", "encoded"
TAG_NAME, LOCK_NAME = "CACHEDIR.TAG", "lock"
# The standard cache directory tag (https://bford.info/cachedir/).
TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by ssri-docs (synthesised speech).\n"
    "# For information about cache directory tags, see https://bford.info/cachedir/\n"
)
TEMPORARY_PREFIX = ".tmp-"
# A temporary file older than this was left by a killed build, not one still writing.
STALE_TEMPORARY_SECONDS = 3600

_ENTRY_NAME = re.compile(r"[0-9a-f]{64}(\.[a-z]{3})")  # the key, then the kind's suffix
_SHARD = re.compile("[0-9a-f]{2}")


def sentence_path(folder: Path, key: str) -> Path:
    """Where the sentence with cache key ``key`` (64 hex digits) is stored."""
    return folder / SPEECH / key[:2] / f"{key}.seg"


def recording_path(folder: Path, key: str) -> Path:
    """Where the encoded recording with cache key ``key`` (64 hex digits) is stored."""
    return folder / ENCODED / f"{key}.enc"


def remove_damaged(path: Path) -> None:
    """Remove a damaged entry, even a folder standing where an entry should be."""
    try:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
    except OSError:  # unremovable: the replacement's write will report the folder
        pass


class CacheFile(NamedTuple):
    """One file the cache recognises as its own (a tuple: a large cache lists quickly)."""

    location: str  # the file's path
    size: int  # bytes
    last_used: float  # mtime, seconds since the epoch; a hit touches it
    kind: str  # "sentence", "recording", "old" (older format, never read) or "temporary"

    @property
    def path(self) -> Path:
        return Path(self.location)


def cache_files(folder: Path) -> list[CacheFile]:
    """Every file under ``folder`` that matches the cache's layout (others are ignored).

    Files that vanish while being listed (another build evicting) are left out."""
    found: list[CacheFile] = []
    for shard in _subfolders(folder / SPEECH):
        if _SHARD.fullmatch(shard.name):
            found += _matching(shard, {".seg": "sentence"})
    found += _matching(folder / ENCODED, {".enc": "recording", ".bin": "old"})
    return found


def looks_like_cache(folder: Path) -> bool:
    """True when ``folder`` has the cache's tag, or (caches made before the tag) a
    ``speech`` or ``encoded`` folder."""
    with contextlib.suppress(OSError):  # an unreadable tag: look at the folders
        if "ssri-docs" in (folder / TAG_NAME).read_text(encoding="utf-8", errors="replace"):
            return True
    return (folder / SPEECH).is_dir() or (folder / ENCODED).is_dir()


def write_tag(folder: Path) -> None:
    """Create the folder and its CACHEDIR.TAG if missing. Raises OSError when unwritable."""
    tag = folder / TAG_NAME
    if not tag.exists():
        folder.mkdir(parents=True, exist_ok=True)
        tag.write_text(TAG_TEXT, encoding="utf-8")


@contextmanager
def locked(folder: Path) -> Iterator[None]:
    """Hold the cache's advisory lock (blocks while another build evicts or clears).

    Raises OSError when the lock file cannot be created (e.g. a read-only folder)."""
    with open(folder / LOCK_NAME, "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def evict(folder: Path, max_bytes: int) -> list[Path]:
    """Delete least-recently-used entries until the cache holds at most ``max_bytes``.

    Files no build will read again (temporary files left by a killed build, recordings in
    the older format) go first whatever the size. Returns the paths deleted, oldest first.
    Raises OSError when the lock cannot be taken."""
    with locked(folder):
        now = time.time()
        files = [file for file in cache_files(folder) if not _in_use(file, now)]
        files.sort(key=lambda file: (file.kind in ("sentence", "recording"), file.last_used))
        total = sum(file.size for file in files)
        deleted: list[Path] = []
        for file in files:
            if file.kind in ("sentence", "recording") and total <= max_bytes:
                break
            if _delete(file.location):
                deleted.append(file.path)
                total -= file.size
        return deleted


def clear(folder: Path) -> tuple[int, int]:
    """Delete every file the cache recognises, and its emptied folders.

    Keeps CACHEDIR.TAG and the lock and claims files (deleting a lock file others may
    hold would let two processes lock different files). Returns (files deleted, bytes freed).
    Raises UserError when ``folder`` does not look like a cache."""
    _refuse_unless_cache(folder)
    with locked(folder):
        count = freed = 0
        for file in cache_files(folder):
            if _delete(file.location):
                count, freed = count + 1, freed + file.size
        for shard in _subfolders(folder / SPEECH):
            _remove_if_empty(shard)
        _remove_if_empty(folder / SPEECH)
        _remove_if_empty(folder / ENCODED)
        return count, freed


def describe(folder: Path, max_bytes: int) -> list[str]:
    """Lines for ``ssri-docs cache --info``: folder, entries, size and limit.

    Raises UserError when ``folder`` exists but does not look like a cache."""
    lines = [f"cache folder: {display_path(folder)}"]
    if not folder.exists():
        return [*lines, "no cache yet (the first build with narration makes one)"]
    _refuse_unless_cache(folder)
    files = cache_files(folder)
    sentences = sum(file.kind == "sentence" for file in files)
    recordings = sum(file.kind == "recording" for file in files)
    total = sum(file.size for file in files)
    percent = 100 * total / max_bytes if max_bytes else 0
    return [
        *lines,
        f"entries: {sentences + recordings} ({_count(sentences, 'sentence')}, "
        f"{_count(recordings, 'recording')})",
        f"size: {_megabytes(total)}",
        f"limit: {_megabytes(max_bytes)} ({percent:.1f} % used)",
    ]


def cache_command(folder: Path, *, clear_it: bool, max_bytes: int, reporter: Reporter) -> int:
    """``ssri-docs cache``: print the cache's figures, or empty it. Returns exit status 0.

    Raises UserError (exit 2) when the folder does not look like a cache, or cannot be
    cleared."""
    if not clear_it:
        for line in describe(folder, max_bytes):
            print(line)
        return 0
    if not folder.exists():
        reporter.info(f"nothing to clear: there is no cache at {display_path(folder)}")
        return 0
    try:
        count, freed = clear(folder)
    except OSError as error:
        raise UserError(
            f"the cache could not be cleared: {error.strerror or error}",
            path=folder,
            hint="check that you may write to this folder.",
        ) from error
    reporter.info(f"cleared {display_path(folder)}: {count} files, {_megabytes(freed)} freed")
    return 0


def _refuse_unless_cache(folder: Path) -> None:
    if not looks_like_cache(folder):
        raise UserError(
            "this folder does not look like an ssri-docs speech cache "
            f"(it has no {TAG_NAME}, {SPEECH}/ or {ENCODED}/), so nothing was touched",
            path=folder,
            hint="give the folder that ssri-docs build used with --cache "
            "(default .cache/ssri-docs).",
        )


def _subfolders(folder: Path) -> list[Path]:
    try:
        return [Path(entry.path) for entry in os.scandir(folder) if entry.is_dir()]
    except OSError:  # missing or unreadable: nothing of ours to list
        return []


def _matching(folder: Path, kinds: dict[str, str]) -> list[CacheFile]:
    """The files in ``folder`` named like entries (``kinds``: suffix -> kind) or
    temporary files."""
    found: list[CacheFile] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return found
    for entry in entries:
        if entry.name.startswith(TEMPORARY_PREFIX):
            kind = "temporary"
        else:
            match = _ENTRY_NAME.fullmatch(entry.name)
            kind = kinds.get(match.group(1), "") if match else ""
        if not kind:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        found.append(CacheFile(entry.path, info.st_size, info.st_mtime, kind))
    return found


def _in_use(file: CacheFile, now: float) -> bool:
    """A fresh temporary file belongs to a build that is still writing it."""
    return file.kind == "temporary" and now - file.last_used < STALE_TEMPORARY_SECONDS


def _delete(location: str) -> bool:
    try:
        os.unlink(location)
    except FileNotFoundError:  # another build deleted it first
        return False
    return True


def _remove_if_empty(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not empty (a file we do not recognise), or gone
        folder.rmdir()


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _megabytes(size: int) -> str:
    return f"{size / 1024**2:,.1f} MB"
