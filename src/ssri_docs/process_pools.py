"""Worker processes: how they start (from a fork server, never a fork of the build)
and how they end (with the build, however it ends, and at once when it is stopped).

``article_jobs`` decides what the processes do; this module only runs them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from typing import Any

EXIT_ORPHANED = 70  # a worker whose build is gone (EX_SOFTWARE, as the build's own faults)
POOLS_LOCK = threading.Lock()  # warm_up and the build's own use may ask at once


def terminate(pool: ProcessPoolExecutor) -> None:
    """Shut ``pool`` down without waiting for its tasks, its processes killed.

    Python 3.14 has ``ProcessPoolExecutor.terminate_workers``; 3.11 only the private
    ``_processes``, read defensively."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()


def new_pool(workers: int, preload: tuple[str, ...] = ()) -> ProcessPoolExecutor:
    """``workers`` processes from the fork server (``context``), each of which ends
    when this process does (``end_with``)."""
    return ProcessPoolExecutor(
        workers, mp_context=context(preload), initializer=end_with, initargs=(os.getpid(),)
    )


def end_with(starter: int) -> None:
    """End this worker process soon after process ``starter`` (the build) is gone.

    A build killed with SIGKILL left its workers blocked for ever on a full result
    pipe, and the fork server with them (each worker holds the pipe that would tell
    it the build is gone), keeping the build's standard streams open: a CI step
    reading them hung. A worker's parent is the fork server, so the kernel's
    parent-death signal cannot help; a thread looks for the build twice a second.

    Ctrl-C reaches every process of the terminal's group: a worker ignores it, as the
    build stops its workers itself (``terminate``), and a worker's own traceback
    would only clutter the terminal.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while True:
            time.sleep(0.5)
            try:
                os.kill(starter, 0)
            except ProcessLookupError:
                os._exit(EXIT_ORPHANED)
            except PermissionError:  # the number was taken by another user's process
                os._exit(EXIT_ORPHANED)

    threading.Thread(target=watch, name="end-with-the-build", daemon=True).start()


def context(preload: tuple[str, ...] = ()) -> multiprocessing.context.BaseContext:
    """``forkserver`` where there is one, else ``spawn``: never a fork of this process.

    The fork server imports the ``preload`` modules once, before any worker starts, so
    the workers forked from it do not each import WeasyPrint again (the first use in a
    process decides; later calls change nothing).
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    forkserver = multiprocessing.get_context("forkserver")
    # the workers' tasks (article_jobs) and their initializer (here), then ``preload``
    forkserver.set_forkserver_preload(["ssri_docs.article_jobs", __name__, *preload])
    return forkserver


def handed_over(folder: str, task: Callable[..., Any], *args: object) -> str:
    """A worker's task: run ``task`` on ``args`` and keep what it returns in a new file
    of ``folder``; returns that file's path, for ``taken_back``.

    A result sent through the pool's pipe (an article's files: megabytes) is left half
    sent when its worker dies on the way (the out-of-memory killer), and the executor's
    reader then waits for the rest for ever: the build process holds the pipe's other
    end itself, so no end of file comes. A path is a message of a few bytes, written
    in one write: whole, or not at all.
    """
    result = task(*args)
    handle, path = tempfile.mkstemp(suffix=".result", dir=folder)
    with os.fdopen(handle, "wb") as file:
        pickle.dump(result, file, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def taken_back(path: str) -> Any:
    """What ``handed_over`` kept in the file ``path``; the file is removed."""
    try:
        with open(path, "rb") as file:
            return pickle.load(file)
    finally:
        os.unlink(path)


def results_folder(prefix: str) -> str:
    """A new private folder for results handed back as files (``handed_over``): in
    ``/dev/shm`` (memory) where there is one, so megabytes of results per article are
    not written towards the disk (on disk, 100 articles took 4 % longer); else in
    the system's temporary folder. The caller removes it; folders that builds killed
    with SIGKILL left behind (their process is gone) are removed here first.
    """
    memory = "/dev/shm"
    where = memory if os.path.isdir(memory) and os.access(memory, os.W_OK | os.X_OK) else None
    _remove_orphans(where or tempfile.gettempdir())
    name = f"{_RESULTS_PREFIX}{os.getpid()}-{prefix}"
    try:
        return tempfile.mkdtemp(prefix=name, dir=where)
    except OSError:  # /dev/shm full or refused: the disk will do
        return tempfile.mkdtemp(prefix=name)


_RESULTS_PREFIX = "ssri-docs-results-"  # then the making process's id


def _remove_orphans(folder: str) -> None:
    """Remove results folders in ``folder`` whose build process no longer exists."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder):
            pid = entry.name[len(_RESULTS_PREFIX) :].split("-", 1)[0]
            if not (entry.name.startswith(_RESULTS_PREFIX) and pid.isdigit()):
                continue
            try:
                os.kill(int(pid), 0)
            except ProcessLookupError:  # gone: nothing will read these results
                shutil.rmtree(entry.path, ignore_errors=True)
            except PermissionError:  # another user's live process
                pass


class HandedOver(Executor):
    """``pool``, its tasks' results handed back as files of ``folder`` (``handed_over``),
    for a pool whose results are large: the recording (megabytes of MP3), its parts."""

    def __init__(self, pool: Executor, folder: str) -> None:
        self.pool, self.folder = pool, folder

    def submit(self, task: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
        """As ``Executor.submit``; the result is read back from its file when done."""
        if kwargs:
            raise TypeError("HandedOver.submit takes positional arguments only")
        outer: Future = Future()
        inner = self.pool.submit(handed_over, self.folder, task, *args)

        def done(finished: Future) -> None:
            try:
                outer.set_result(taken_back(finished.result()))
            except BaseException as error:  # BrokenProcessPool: its process died
                outer.set_exception(error)

        inner.add_done_callback(done)
        return outer


__all__ = [
    "EXIT_ORPHANED",
    "HandedOver",
    "POOLS_LOCK",
    "context",
    "end_with",
    "handed_over",
    "results_folder",
    "new_pool",
    "taken_back",
    "terminate",
]
