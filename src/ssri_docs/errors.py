"""Errors a user can act on: each names the file, the line where known, and a fix."""

from __future__ import annotations

from pathlib import Path


class UserError(Exception):
    """A problem with the user's input or set-up. The CLI prints it and exits 2."""

    def __init__(
        self,
        message: str,
        *,
        path: Path | str | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{display_path(self.path)}"
            if self.line is not None:
                where += f", line {self.line}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f"\n  What to do: {self.hint}"
        return text


class SourceError(UserError):
    """An article or site.yaml that cannot be built as written."""


class BuildError(UserError):
    """A writer could not produce its format from a valid article."""


def display_path(path: Path) -> str:
    """A path relative to the working folder when it is inside it (shorter messages)."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
