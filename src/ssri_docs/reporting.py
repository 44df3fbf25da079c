"""Progress and messages on the terminal, at the level the user asked for.

Writers report through this instead of printing, so ``--quiet`` silences them all and
tests can capture what a user would see.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import TextIO, TypeVar

T = TypeVar("T")


def counted(number: int, noun: str) -> str:
    """``number`` and ``noun``, plural unless one: "1 article", "51 sentences"."""
    return f"{number:,} {noun if number == 1 else noun + 's'}"


class Reporter:
    """Prints progress to stderr: ``quiet`` shows only warnings, ``verbose`` adds detail."""

    def __init__(self, *, quiet: bool = False, verbose: bool = False, stream: TextIO | None = None):
        self.quiet = quiet
        self.verbose = verbose
        self.stream = stream if stream is not None else sys.stderr
        self.closed = False  # the reader went away (``ssri-docs build 2>&1 | head``)

    def for_each_article(self, articles: int) -> Reporter:
        """The reporter for each of ``articles`` articles' own steps: this one for a
        single article or with ``verbose``; for a library, one that shows only
        warnings, so the log is a line per article (300 articles' steps and files
        made 5,700 lines that hid the warnings)."""
        if articles <= 1 or self.verbose or self.quiet:
            return self
        return Reporter(quiet=True, stream=self.stream)

    def info(self, message: str) -> None:
        if not self.quiet:
            self.write(f"{message}\n")

    def detail(self, message: str) -> None:
        if self.verbose and not self.quiet:
            self.write(f"  {message}\n")

    def warning(self, message: str) -> None:
        self.write(f"warning: {message}\n")

    def write(self, text: str) -> None:
        """Print ``text`` as it is. When the reader has gone (a closed pipe), say no
        more and let the work finish: a build stopped by its log's reader would leave
        an edit unpublished."""
        if self.closed:
            return
        try:
            self.stream.write(text)
            self.stream.flush()
        except (BrokenPipeError, ValueError):  # ValueError: the stream was closed
            self.closed = True

    def progress(self, items: Iterable[T], total: int, description: str) -> Iterator[T]:
        """Yield ``items`` while showing a bar with the count and the time left."""
        if self.quiet or total == 0:
            yield from items
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        console = Console(file=self.stream)
        if not console.is_terminal:
            # A bar redrawn into a log file is noise: say what is done, once at each end.
            self.info(f"  {description}: 0 of {total}")
            yield from items
            self.info(f"  {description}: {total} of {total}, done")
            return
        columns = (
            TextColumn("  {task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("time left"),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=console, transient=True) as bar:
            task = bar.add_task(description, total=total)
            for item in items:
                yield item
                bar.advance(task)
