"""Publishing into ``output/``: each article in one step, one build at a time.

``output/<slug>/`` is always either the complete earlier article or the complete new
one, never a mix, and a build killed at any instant leaves nothing a reader could
mistake for an article:

1. ``publish_article`` builds the whole new article folder beside the live one, in
   ``output/.staging-<slug>-<random>/``: the new files, the earlier files of formats
   not rebuilt this time (hard links, so no copying), and the build record
   (``build.json``), which therefore always moves together with the files it lists.
2. It then swaps the two folders with one ``renameat2(RENAME_EXCHANGE)`` system call
   (Linux 3.15 and later; ext4, XFS, Btrfs, tmpfs, overlayfs). The kernel exchanges
   the two directory entries atomically: there is no instant at which
   ``output/<slug>`` is missing or half-made, and it stays a real folder (no symbolic
   links that a web server or an upload tool might not follow). The old article is
   now the staging folder, which is deleted. A first publication is one ``rename``.
3. Where the exchange is not available (another kernel or file system), the old
   folder is renamed aside to ``output/.old-<slug>-<random>/`` and the new one renamed
   in; a reader may then find the folder missing for an instant, never mixed, and a
   build killed inside that instant has the old folder put back by ``recover``.

``recover`` runs at the start of every build, under the lock: it deletes leftover
staging folders and puts back or deletes ``.old-`` folders. ``OutputLock`` (an
advisory ``flock`` on ``output/.lock``) lets one build at a time write an output
folder; a second build says that it is waiting and waits. A full disk or a folder
that may not be written is a ``UserError`` naming the folder, and the published
output is left as it was.

Test hook: with ``SSRI_DOCS_TEST_PAUSE_AT`` set to one of ``PAUSE_POINTS``, the
build prints ``paused at <point>`` on stderr and sleeps there (for kill tests).
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from .errors import UserError
from .reporting import Reporter
from .writers import OutputFile

RECORD = "build.json"  # the build record inside each article folder
LOCK = ".lock"
STAGING_PREFIX = ".staging-"
OLD_PREFIX = ".old-"
PAUSE_POINTS = ("staging", "staged", "swapped")
_RENAME_EXCHANGE = 2  # from <linux/fs.h>
_AT_FDCWD = -100


class OutputLock:
    """One build at a time per output folder: ``with OutputLock(out_dir, reporter):``.

    An exclusive ``fcntl.flock`` on ``out_dir/.lock``, released when the block ends
    or the process dies (the kernel drops it, so a killed build never leaves a stale
    lock). If another build holds it, a warning says so and this one waits for it.
    Raises ``UserError`` when the lock file cannot be created (folder not writable).
    """

    def __init__(self, out_dir: Path, reporter: Reporter) -> None:
        self.out_dir = out_dir
        self.reporter = reporter
        self._fd: int | None = None

    def __enter__(self) -> OutputLock:
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.out_dir / LOCK, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise _write_error(error, self.out_dir) from None
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.reporter.warning(
                f"another build is writing {self.out_dir}; waiting for it to finish…"
            )
            fcntl.flock(self._fd, fcntl.LOCK_EX)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the file releases the lock
            self._fd = None


def recover(out_dir: Path, reporter: Reporter) -> None:
    """Clean up after a build that was killed; call it holding the ``OutputLock``.

    Staging folders are deleted (an unfinished new article, or an old one already
    swapped out), and so are half-written single files (``.staging-file-…``). An
    ``.old-<slug>-…`` folder is put back if ``<slug>`` is missing (the build died
    between the two renames of the fallback), else deleted.
    """
    for path in sorted(out_dir.glob(f"{STAGING_PREFIX}*")):
        reporter.detail(f"removing {path.name}, left by a build that was stopped")
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:  # a half-written downloads page
            path.unlink(missing_ok=True)
    for path in sorted(out_dir.glob(f"{OLD_PREFIX}*")):
        slug = path.name[len(OLD_PREFIX) :].rsplit("-", 1)[0]
        live = out_dir / slug
        if not live.exists() and read_json(path / RECORD) is not None:
            reporter.warning(f"{live}: put back the earlier build (a build was stopped)")
            os.rename(path, live)
        else:
            shutil.rmtree(path, ignore_errors=True)


def _umask() -> int:
    """The process's file-mode creation mask (reading it means setting it back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def publish_article(
    out_dir: Path,
    slug: str,
    files: list[OutputFile],
    record: dict,
    superseded: frozenset[str] = frozenset(),
) -> Path:
    """Replace ``out_dir/<slug>/`` in one step with ``files`` and the build record.

    ``record`` is the article's part of ``build.json`` (title, summary, ...); its
    ``files`` entry is made here: one entry per file of ``files`` (label, media type,
    size, the file's ``details``) plus the earlier entries of files kept from the
    previous build of this article (formats not rebuilt this time). An earlier file
    named in ``superseded`` is not kept even when ``files`` has no new one (a rebuilt
    PDF without ``--booklet`` drops the booklet of the old PDF). Returns the
    article folder. Raises ``UserError`` if the disk is full or the folder may not be
    written; the published article is then unchanged.
    """

    def fill(staging: Path, live: Path) -> None:
        entries = _stage(staging, live, files, superseded)
        _pause_for_test("staged")
        record_data = {**record, "slug": slug, "files": dict(sorted(entries.items()))}
        text = json.dumps(record_data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
        (staging / RECORD).write_text(text, encoding="utf-8")

    return _publish_folder(out_dir, slug, fill)


def copy_article(folder: Path, out_dir: Path) -> Path:
    """Publish a copy of the article folder ``folder`` (another output folder's) as
    ``out_dir/<its name>/``, in one step as ``publish_article`` does.

    Every file is copied, build record and check reports included; hidden files (a
    killed check's half-written report) are not. Returns the new article folder.
    Raises ``UserError`` if the disk is full or the folder may not be written.
    """

    def fill(staging: Path, live: Path) -> None:
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith("."):
                shutil.copy2(path, staging / path.name)

    return _publish_folder(out_dir, folder.name, fill)


def _publish_folder(out_dir: Path, slug: str, fill: Callable[[Path, Path], None]) -> Path:
    """Stage ``out_dir/<slug>/`` with ``fill(staging, live)``, then swap it in."""
    live = out_dir / slug
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{slug}-", dir=out_dir))
        # mkdtemp makes the folder private (0700); the published article folder must be
        # as readable as any folder the user makes (a web server serves output/).
        staging.chmod(0o777 & ~_umask())
    except OSError as error:
        raise _write_error(error, out_dir) from None
    try:
        fill(staging, live)
        _swap_in(staging, live)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise _write_error(error, out_dir) from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return live


def _stage(
    staging: Path, live: Path, files: list[OutputFile], superseded: frozenset[str]
) -> dict[str, dict]:
    """Write ``files`` into ``staging`` and link the earlier files worth keeping."""
    entries: dict[str, dict] = {}
    for number, item in enumerate(files):
        (staging / item.name).write_bytes(item.data)
        if number == 0:
            _pause_for_test("staging")
        entries[item.name] = {
            "label": item.label,
            "media_type": item.media_type,
            "size": len(item.data),
            **item.details,
        }
    earlier = (read_json(live / RECORD) or {}).get("files", {})
    if live.is_dir() and not live.is_symlink():
        for path in live.iterdir():
            if path.name in entries or path.name == RECORD or not path.is_file():
                continue
            if path.name in superseded:  # a rebuilt format's file not written again
                continue
            if path.name.startswith("."):  # a half-written report of a killed check
                continue
            _link_or_copy(path, staging / path.name)
            if path.name in earlier:
                entries[path.name] = earlier[path.name]
    return entries


def _link_or_copy(source: Path, target: Path) -> None:
    """A hard link (files are never changed in place, only replaced), else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _swap_in(staging: Path, live: Path) -> None:
    """Make ``staging`` the live folder in one step and delete the old one."""
    if not live.exists():
        os.rename(staging, live)  # nothing to replace: one rename
        _pause_for_test("swapped")
        return
    if _exchange(staging, live):
        _pause_for_test("swapped")
        shutil.rmtree(staging, ignore_errors=True)  # it now holds the old article
        return
    aside = Path(tempfile.mkdtemp(prefix=f"{OLD_PREFIX}{live.name}-", dir=live.parent))
    os.replace(live, aside)  # replaces the empty folder mkdtemp made
    os.rename(staging, live)
    _pause_for_test("swapped")
    shutil.rmtree(aside, ignore_errors=True)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders atomically (Linux ``renameat2``); False where not supported."""
    if not sys.platform.startswith("linux"):
        return False
    libc = ctypes.CDLL(None, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)  # glibc 2.28 and later
    if renameat2 is None:
        return False
    done = renameat2(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if done == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False  # this kernel or file system cannot exchange: use the fallback
    raise OSError(code, os.strerror(code), str(second))


def remove_article(out_dir: Path, slug: str) -> None:
    """Delete a published article in one step (renamed to staging first, then deleted).

    Raises ``UserError`` if the folder may not be changed.
    """
    try:
        gone = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{slug}-", dir=out_dir))
        os.replace(out_dir / slug, gone)
    except OSError as error:
        raise _write_error(error, out_dir) from None
    shutil.rmtree(gone, ignore_errors=True)


def replace_files(folder: Path, files: list[OutputFile]) -> None:
    """Write each of ``files`` into ``folder``, each replaced in one step.

    For single files beside the articles (the downloads page, ``ssri-docs check``'s
    reports): each is written to a temporary name and renamed over the old one.
    Raises ``UserError`` if the disk is full or the folder may not be written.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for item in files:
            handle, temporary = tempfile.mkstemp(prefix=f"{STAGING_PREFIX}file-", dir=folder)
            try:
                # mkstemp makes the file private (0600): a web server serving the
                # output folder as another user could not read the downloads page
                os.fchmod(handle, 0o666 & ~_umask())
                with os.fdopen(handle, "wb") as stream:
                    stream.write(item.data)
                os.replace(temporary, folder / item.name)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
    except OSError as error:
        raise _write_error(error, folder) from None


def article_folders(out_dir: Path) -> list[Path]:
    """The published article folders in ``out_dir``, by name.

    Only real folders whose names do not start with a dot and whose build record is
    readable and names that folder's slug: staging folders, hidden folders and any
    other folder a person put there are not articles.
    """
    if not out_dir.is_dir():
        return []
    found = []
    for path in sorted(out_dir.iterdir()):
        if path.name.startswith(".") or not path.is_dir():
            continue
        record = read_json(path / RECORD)
        if record is not None and record.get("slug") == path.name:
            found.append(path)
    return found


def read_record(folder: Path) -> dict | None:
    """An article folder's build record, or None if it is missing or unreadable."""
    return read_json(folder / RECORD)


def read_json(path: Path) -> dict | None:
    """The JSON object in the file at ``path``, or None if it is missing, unreadable
    or not an object."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_error(error: OSError, folder: Path) -> UserError:
    """What to do when ``folder`` cannot be written, as a ``UserError``."""
    unchanged = "The output already published there is unchanged."
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        return UserError(
            "the disk is full: there is no room to write the built files here",
            path=folder,
            hint=f"free some space on that disk, or give --out a folder on another disk. "
            f"{unchanged}",
        )
    if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return UserError(
            "ssri-docs may not write to this folder (it is read-only or belongs to someone else)",
            path=folder,
            hint=f"give --out a folder you can write to, or ask for write permission. {unchanged}",
        )
    return UserError(
        f"the built files could not be written here ({error.strerror or error})",
        path=folder,
        hint=f"check the disk and the folder, then build again. {unchanged}",
    )


def _pause_for_test(point: str) -> None:
    """The kill tests' hook: sleep at ``point`` when ``SSRI_DOCS_TEST_PAUSE_AT`` names it."""
    if os.environ.get("SSRI_DOCS_TEST_PAUSE_AT") == point:
        print(f"paused at {point}", file=sys.stderr, flush=True)
        time.sleep(float(os.environ.get("SSRI_DOCS_TEST_PAUSE_SECONDS", "60")))


__all__ = [
    "OutputLock",
    "PAUSE_POINTS",
    "RECORD",
    "article_folders",
    "copy_article",
    "publish_article",
    "read_json",
    "read_record",
    "recover",
    "remove_article",
    "replace_files",
]
