"""The two kinds of error: the user's to fix, and ssri-docs's own faults.

The people who run ssri-docs are content editors, so a mistake of theirs must read as
what to do, never as a traceback; a fault in ssri-docs must read as the opposite: a
traceback and a request for a bug report, with a different exit status, so that
nobody spends an afternoon "fixing" an article that was never wrong. Every error
ssri-docs raises on purpose is one of these::

    Exception
     └── _Located                message, path, line (private: no one catches it)
          ├── UserError          the user can fix it: file, line, what to do (exit 2)
          │    ├── SourceError   an article or site.yaml that cannot be built as written
          │    └── BuildError    a valid article that cannot be built here: a picture,
          │                      a missing tool or font, Google's voice unreachable
          └── InternalError      a fault in ssri-docs itself: traceback, bug report (exit 70)

Any other exception that reaches the command line is a fault in ssri-docs too and is
reported as an internal error (see ``cli``).
"""

from __future__ import annotations

from pathlib import Path


class _Located(Exception):
    """A message and where it happened (file, line), shared by both kinds of error.

    Private on purpose: the two kinds share no public base, so an ``except UserError``
    can never swallow a fault in ssri-docs.
    """

    def __init__(
        self, message: str, *, path: Path | str | None = None, line: int | None = None
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line

    def where(self) -> str:
        """``"file, line N: "`` (the path relative to the working folder), or ``""``."""
        if self.path is None:
            return ""
        line = f", line {self.line}" if self.line is not None else ""
        return f"{display_path(self.path)}{line}: "


class UserError(_Located):
    """A problem with the user's input or set-up. The CLI prints it and exits 2."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message, path=path, line=line)
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.where()}{self.message}"
        if self.hint:
            text += f"\n  What to do: {self.hint}"
        return text


class SourceError(UserError):
    """An article or site.yaml that cannot be built as written."""


class BuildError(UserError):
    """A valid article that cannot be built here (a picture, a tool, the network)."""


class InternalError(_Located):
    """A fault in ssri-docs itself, not in the user's files or set-up.

    The CLI prints the traceback, asks for a bug report and exits 70 (EX_SOFTWARE).
    ``path`` and ``line`` name what was being built, to reproduce it; ``detail`` is
    what the developers should know (never advice to the user).
    """

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        detail: str | None = None,
        listed: bool = False,
    ) -> None:
        super().__init__(message, path=path, line=line)
        self.detail = detail
        # the faults were printed above, each with its own details (a library's
        # failures): this error's own traceback would say nothing more
        self.listed = listed

    def __str__(self) -> str:
        text = f"{self.where()}{self.message}"
        if self.detail:
            text += f" ({self.detail})"
        return text


def display_path(path: Path) -> str:
    """A path relative to the working folder when it is inside it (shorter messages)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
