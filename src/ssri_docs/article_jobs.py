"""Making articles' files side by side: worker processes across articles, and the
recording beside the leaflet layout inside one article.

Across articles, ``run_jobs`` hands each article to a pool of worker processes
(``concurrent.futures.ProcessPoolExecutor``). Workers only *make* files: they return
the bytes to the build process, which alone publishes them, holding the output
folder's lock. So the lock and the one-step publication of ``publish.py`` stay as they
are, and a build killed at any instant leaves what a one-process build leaves.
Workers start with ``forkserver`` (``spawn`` where there is none), never a plain fork
of a build that may run threads: the offline voice forks from its own server process
for the same reason (``speech/espeak.py``). Each worker's messages are collected and
printed when its article is done, so articles' logs never interleave.

Inside one article, the leaflet layout (WeasyPrint, in Python) and the recording
(espeak-ng synthesises in its own server process; LAME encodes in C) do not depend on
each other, so ``make_products`` starts the recording in another process while the layout
runs, when ``--jobs`` leaves a process for it (``build.make_and_publish``).
"""

from __future__ import annotations

import atexit
import importlib
import io
import itertools
import os
import shutil
import threading
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from .errors import InternalError, UserError
from .formats import FORMATS, READ_ALOUD
from .model import Article
from .process_pools import POOLS_LOCK, HandedOver, new_pool, results_folder, terminate
from .products import ArticleProducts, BuildOptions, Recording
from .reporting import Reporter
from .writers import OutputFile


class Beside(Enum):
    """What of one article is made in other processes while its leaflet is laid out."""

    NOTHING = "nothing"  # all in one process
    RECORDING = "recording"  # the recording, in a second process
    # ... and half of its MP3 parts encoded in a third: worth it when the whole MP3 is
    # to be encoded (a new article), not after an edit (most parts come from the cache)
    RECORDING_AND_ENCODING = "recording and encoding"


@dataclass(frozen=True)
class Job:
    """One article to make, as a worker process receives it (picklable)."""

    article: Article
    formats: tuple[str, ...]
    options: BuildOptions
    target: Path  # the article's published folder, output/<slug>/ (read only)
    beside: Beside  # what runs in other processes beside the leaflet layout


@dataclass
class Outcome:
    """What making one article gave: its files, or why it failed."""

    job: Job
    files: list[OutputFile] = field(default_factory=list)
    log: str = ""  # the messages a worker printed, for the build process to show
    error: str | None = None  # the message, as the command line would print it
    internal: bool = False  # a fault in ssri-docs (exit 70), not the user's (exit 2)
    exception: BaseException | None = None  # kept only when made in the build process

    @property
    def slug(self) -> str:
        return self.job.article.slug


def needs_recording(formats: tuple[str, ...]) -> bool:
    """Whether ``formats`` need the recording."""
    return "audio" in formats or READ_ALOUD in formats


def needs_both(formats: tuple[str, ...]) -> bool:
    """Whether ``formats`` need both the leaflet layout and the recording."""
    layout = "pdf" in formats or "epub" in formats or READ_ALOUD in formats
    return layout and needs_recording(formats)


def start_voice(article: Article, options: BuildOptions) -> None:
    """Start the offline voice's server now if the recording will use it for certain,
    so it gets ready while this process imports or lays out (``speech.select``)."""
    from .speech.select import start_voice as start

    narration = article.site.narration
    start(options.speech_engine(narration), narration)


def records_beside(jobs: int | None, workers: int) -> bool:
    """Whether each article can record beside its layout, with ``workers`` articles
    made at once and ``jobs`` (``--jobs``; None: one per CPU) the most processes at work
    at once, as in ``make -j`` (so ``--jobs 1`` is one process)."""
    return 2 * workers <= (jobs or os.cpu_count() or 1)


def warm_up(formats: tuple[str, ...], jobs: int | None, articles: int) -> None:
    """Start, in the background, the processes a build of ``articles`` articles in
    ``formats`` will use: the worker processes (``run_in_workers``), or the recording
    process beside the layout (``make_products``).

    Their start (a fork server that loads WeasyPrint, or NumPy and LAME for the
    recording: 0.45 to 0.8 s) then runs while this process loads the build and reads
    the sources, not after them. Nothing is waited for; should a start fail, the
    first real submission reports it.
    """
    workers = worker_count(jobs, articles)
    if workers > 1:
        preload = preload_for(formats)
        with POOLS_LOCK:
            pool = _EARLY_WORKERS.setdefault((workers, preload), new_pool(workers, preload))
        atexit.register(pool.shutdown)  # unused if the build stops before its articles
        for _ in range(workers):  # each submission starts one process
            Submitting(lambda: pool, _import, "ssri_docs.build")
    elif needs_both(formats) and records_beside(jobs, workers):
        Submitting(_recorder, _import, "ssri_docs.writers.audio.recording")


def make_products(products: ArticleProducts, beside: Beside) -> None:
    """Start the recording in another process, then lay out the leaflet here.

    Only when ``beside`` says so and both are needed; otherwise the writers compute them as
    they ask. A thread would not do: WeasyPrint's layout and LAME's encoder both hold
    Python's global lock (measured: encoding beside a busy thread takes the sum of
    both). The recording is awaited when a writer first asks for it, so the formats
    that do not need it (``Format.uses_recording``) are written meanwhile. Raises what
    laying out raises, after waiting for the recording.
    """
    if beside is Beside.NOTHING or not needs_both(products.formats):
        if needs_recording(products.formats):
            start_voice(products.article, products.options)  # recorded here, later
        return
    # the recording (megabytes) comes back as a file: a process killed while sending
    # it through the pool's pipe left the build waiting for ever (``handed_over``)
    folder = results_folder("recording-")
    recording = Submitting(
        lambda: HandedOver(_recorder(), folder),
        record_elsewhere,
        products.article,
        products.options,
        products.reporter.quiet,
        products.reporter.verbose,
        beside is Beside.RECORDING_AND_ENCODING,
    )

    def collect() -> Recording | None:
        try:
            return _collect(recording, products.reporter)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def stop() -> None:
        stop_recorder()
        shutil.rmtree(folder, ignore_errors=True)

    products.recording_elsewhere, products.stop_elsewhere = collect, stop
    try:
        products.leaflet_layout  # noqa: B018 - computed here, beside the recording
    except BaseException as error:
        # the recording must not outlive this article's build
        products.settle(interrupted=not isinstance(error, Exception))
        raise


class Submitting:
    """A task handed to a pool from a thread of its own, so that starting the pool's
    process does not hold this one up: the fork server's start and the fork took 0.15
    to 0.2 s of the leaflet layout's time (``submit`` starts the process and waits for
    it, for any start method but ``fork``). ``pool`` is called in that thread.
    """

    def __init__(self, pool: Callable[[], ProcessPoolExecutor], task: Callable, *args: object):
        self._future: Future | None = None
        self._error: BaseException | None = None

        def submit() -> None:
            try:
                self._future = pool().submit(task, *args)
            except BaseException as error:  # raised again to whoever asks for the result
                self._error = error

        self._thread = threading.Thread(target=submit, name="submitting", daemon=True)
        self._thread.start()

    def result(self) -> Any:
        """The task's result, as ``Future.result``; raises what submitting or the task
        raised (``BrokenProcessPool`` if the process died)."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._future is not None
        return self._future.result()


def _collect(recording: Submitting, reporter: Reporter) -> Recording | None:
    """The recording made elsewhere, its log printed here; None if its process died
    (the writers then record in this process, as with nothing beside)."""
    done = _wait(recording)
    if done is None:
        return None
    reporter.write(done.log)
    if done.error is not None:
        raise (InternalError if done.internal else UserError)(done.error)
    return done.recording


@dataclass
class Recorded:
    """What the recording process gives back (exceptions lose their hints in pickling)."""

    recording: Recording | None
    log: str
    error: str | None = None
    internal: bool = False


def _wait(recording: Submitting) -> Recorded | None:
    """The recording process's result, or None (and a new process next time) if it died."""
    try:
        return recording.result()
    except BrokenProcessPool:
        with POOLS_LOCK:
            _RECORDERS.clear()
        return None


def record_elsewhere(
    article: Article, options: BuildOptions, quiet: bool, verbose: bool, encode_beside: bool
) -> Recorded:
    """The recording process's task: narrate ``article``, with a helper process that
    encodes half of the MP3 if ``encode_beside``; never raises."""
    start_voice(article, options)  # ready by the time the imports below are done
    from .writers.audio.recording import record

    stream = io.StringIO()
    reporter = Reporter(quiet=quiet, verbose=verbose, stream=stream)
    reporter.info("  recording: narrating the article")
    try:
        # A helper MP3-encodes half of the narration's parts, while the build process,
        # its leaflet laid out, would otherwise only wait. Started now, so its start-up
        # hides behind the synthesis; shut down with this recording (a pool kept in a
        # worker process is never shut down: workers do not run atexit).
        if not encode_beside:
            return Recorded(record(article, options, reporter), stream.getvalue())
        folder = results_folder("encoding-")
        try:
            with new_pool(1) as encoder:
                encoder.submit(_import, "ssri_docs.writers.audio.recording")
                made = record(article, options, reporter, encoder=HandedOver(encoder, folder))
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        return Recorded(made, stream.getvalue())
    except UserError as error:
        return Recorded(None, stream.getvalue(), str(error))
    except Exception as error:
        trace = "".join(traceback.format_exception(error))
        return Recorded(None, stream.getvalue(), trace, internal=True)


def _import(module: str) -> None:
    """Import ``module`` (a process's warm-up task)."""
    importlib.import_module(module)


_RECORDERS: list[ProcessPoolExecutor] = []
IN_FLIGHT = 2  # jobs handed to each worker at a time: one made, one waiting


_INTERRUPTED = threading.Event()  # stop_recorder was called: no recorder starts again
_EARLY_WORKERS: dict[tuple[int, tuple[str, ...]], ProcessPoolExecutor] = {}  # by warm_up


def stop_recorder() -> None:
    """Stop the recording process at once, its narration unfinished (an interrupted
    build: Ctrl-C, SIGTERM), and start none after this. Its helper encoder ends with
    it (``process_pools.end_with``) and its voice's server when its input closes."""
    _INTERRUPTED.set()
    with POOLS_LOCK:
        pools, _RECORDERS[:] = list(_RECORDERS), []
    for pool in pools:
        terminate(pool)


def _recorder() -> ProcessPoolExecutor:
    """The one recording process of this build, started on first use."""
    with POOLS_LOCK:
        if _INTERRUPTED.is_set():  # a submission still in flight (``Submitting``)
            raise RuntimeError("the build was interrupted")
        if not _RECORDERS:
            _RECORDERS.append(new_pool(1))
            atexit.register(_RECORDERS[0].shutdown)
        return _RECORDERS[0]


def preload_for(formats: tuple[str, ...]) -> tuple[str, ...]:
    """The modules worth importing once for the workers: the writers of ``formats``."""
    modules = [FORMATS[name].writer for name in formats]
    if "pdf" in formats or "epub" in formats:
        # imported lazily by the layout (0.4 s), first, as load_weasyprint loads it
        modules.insert(0, "ssri_docs.writers.pdf.loaded")
    return tuple(modules)


def make_here(job: Job, reporter: Reporter, make: Callable[..., list[OutputFile]]) -> Outcome:
    """Make one article in this process with ``make`` (``build.make_files``)."""
    try:
        files = make(job.article, job.formats, job.options, job.target, reporter, job.beside)
    except UserError as error:
        return Outcome(job, error=str(error), exception=error)
    except Exception as error:  # a fault: reported as one, the other articles go on
        detail = "".join(traceback.format_exception(error))
        return Outcome(job, error=detail, internal=True, exception=error)
    return Outcome(job, files=files)


def make_in_worker(job: Job, quiet: bool, verbose: bool) -> Outcome:
    """A worker process's task: make one article, its messages kept for the parent.

    Never raises: exceptions do not all survive pickling with their hints, so the
    outcome carries the message as the command line would print it.
    """
    from .build import make_files

    stream = io.StringIO()
    outcome = make_here(job, Reporter(quiet=quiet, verbose=verbose, stream=stream), make_files)
    outcome.exception = None
    outcome.log = stream.getvalue()
    return outcome


def worker_count(jobs: int | None, pending: int) -> int:
    """How many worker processes: ``jobs`` (default: the CPUs), at most one per article."""
    wanted = jobs if jobs is not None else (os.cpu_count() or 1)
    return max(1, min(wanted, pending))


def run_in_workers(jobs: list[Job], workers: int, reporter: Reporter) -> Iterable[Outcome]:
    """Make every job in ``workers`` processes; yield each outcome as it is done.

    At most ``IN_FLIGHT`` jobs per worker are handed over at a time, and each outcome
    (an article's files, megabytes) is let go once yielded: handing them all over at
    once kept every article's files in this process to the end (544 MB for 100 copies
    of the seed).

    A worker that dies (killed, out of memory, a crash in a C library) breaks the whole
    pool: every article in flight fails with it, and none can be handed over after.
    So the pool is replaced, and each article that was in flight is made again, alone,
    one at a time: the one that kills its worker again fails (as an internal error),
    the others are built, and the rest of the library goes on.
    """
    preload = preload_for(jobs[0].formats) if jobs else ()
    with POOLS_LOCK:  # the pool warm_up started, if it guessed these workers
        pool = _EARLY_WORKERS.pop((workers, preload), None) or new_pool(workers, preload)
    waiting = iter(jobs)
    suspects: list[Job] = []  # in flight when a worker died: made again, alone
    running: dict[Future, Job] = {}
    retried: set[str] = set()
    # outcomes come back as files, not through the pool's pipe (``handed_over``)
    folder = results_folder("outcomes-")
    quiet_verbose = (reporter.quiet, reporter.verbose)

    def submit(job: Job) -> Future:
        nonlocal pool
        try:
            return HandedOver(pool, folder).submit(make_in_worker, job, *quiet_verbose)
        except BrokenProcessPool:  # a worker died between articles: start afresh
            terminate(pool)
            pool = new_pool(workers, preload)
            return HandedOver(pool, folder).submit(make_in_worker, job, *quiet_verbose)

    try:
        while True:
            if suspects and not running:
                job = suspects.pop(0)
                retried.add(job.article.slug)
                running[submit(job)] = job
            elif not suspects:
                for job in itertools.islice(waiting, workers * IN_FLIGHT - len(running)):
                    running[submit(job)] = job
            if not running:
                break
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            broken = False
            while done:
                future = done.pop()
                job = running.pop(future)
                try:
                    outcome = future.result()
                except BrokenProcessPool:  # a worker died: this job, or another in flight
                    broken = True
                    if job.article.slug not in retried:
                        suspects.append(job)
                        continue
                    outcome = Outcome(job, error=WORKER_DIED, internal=True)
                finally:
                    del future  # nothing here keeps an article's files
                yield outcome
                del outcome
            if broken:  # the pool takes no more work: a new one, the survivors with it
                suspects += running.values()
                running.clear()
                if suspects:
                    again = ", ".join(job.article.slug for job in suspects)
                    reporter.warning(
                        "a worker process stopped (killed, out of memory, or a crash); "
                        f"making again, one at a time: {again}"
                    )
                terminate(pool)
                pool = new_pool(workers, preload)
    except Exception:
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    except BaseException:  # interrupted: the articles being made are not waited for
        terminate(pool)
        raise
    finally:
        shutil.rmtree(folder, ignore_errors=True)  # those of workers that died after
    pool.shutdown(wait=True)


WORKER_DIED = (
    "the worker process making this article stopped, twice (killed, out of memory, or a "
    "crash in a library it uses)"
)


__all__ = [
    "Beside",
    "Job",
    "Outcome",
    "make_here",
    "make_products",
    "run_in_workers",
    "worker_count",
]
