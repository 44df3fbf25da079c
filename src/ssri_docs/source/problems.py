"""Collect every problem in a set of sources instead of stopping at the first.

An editor who brings in fifty articles must see every mistake in one run, not one per
build. Each check still raises a located :class:`~ssri_docs.errors.SourceError`;
:meth:`Problems.collect` catches it and carries on with the next field or file, and
:meth:`Problems.raise_errors` raises them all together at the end as one
:class:`SourceProblems`. Warnings (curly quotes, a review date near) are kept beside
them: they never stop a build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from ..errors import SourceError

T = TypeVar("T")


class SourceWarning(SourceError):
    """A located problem that does not stop the build (printed as a warning).

    ``dated``: it depends on today's date (a review due), not only on the files.
    """

    def __init__(self, *args: Any, dated: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.dated = dated


class SourceProblems(SourceError):
    """Several located problems, raised together; ``str`` lists every one.

    The command line prints ``error: `` before its text, so every problem after the
    first carries its own ``error: `` prefix.
    """

    def __init__(self, errors: list[SourceError]) -> None:
        files = {error.path for error in errors}
        super().__init__(
            f"{len(errors)} problem{'s' if len(errors) != 1 else ''} "
            f"in {len(files)} file{'s' if len(files) != 1 else ''}",
            path=errors[0].path,  # the first problem's place, for callers that want one
            line=errors[0].line,
            hint=errors[0].hint,
        )
        # file by file in the order found, each file's problems from its top down
        order = {path: index for index, path in enumerate(dict.fromkeys(e.path for e in errors))}
        self.errors = sorted(errors, key=lambda e: (order[e.path], e.line or 0))

    def __str__(self) -> str:
        listed = "\nerror: ".join(str(error) for error in self.errors)
        return f"{listed}\n{self.message}: fix them all, then run the command again."


class Problems:
    """Located errors and warnings found so far, in the order they were found."""

    def __init__(self) -> None:
        self.errors: list[SourceError] = []
        self.warnings: list[SourceWarning] = []
        self.overdue: list[str] = []  # slugs of articles past their next review

    @contextmanager
    def collect(self) -> Iterator[None]:
        """Run the ``with`` body; keep a SourceError it raises instead of stopping."""
        try:
            yield
        except SourceProblems as many:
            self.errors.extend(many.errors)
        except SourceError as error:
            self.errors.append(error)

    def attempt(self, check: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """``check(*args, **kwargs)``, or None with its SourceError kept (not raised)."""
        with self.collect():
            return check(*args, **kwargs)
        return None

    def warn(
        self,
        message: str,
        *,
        path: Path,
        line: int | None = None,
        hint: str | None = None,
        dated: bool = False,
    ) -> None:
        """Keep a warning: ``message`` at ``path``/``line`` with what to do; ``dated``
        when it depends on today's date, not only on the files."""
        self.warnings.append(SourceWarning(message, path=path, line=line, hint=hint, dated=dated))

    def raise_errors(self) -> None:
        """Raise every error collected (one SourceError as itself), or do nothing."""
        if len(self.errors) == 1:
            raise self.errors[0]
        if self.errors:
            raise SourceProblems(self.errors)
