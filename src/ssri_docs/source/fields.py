"""YAML values that remember their line: the base of every located source message.

The details box and ``site.yaml`` are written by content editors, so a mistake must be
reported at its line with what to do. PyYAML's plain ``safe_load`` forgets where a
value came from; here the YAML is composed into nodes and each value is kept with the
line it starts on (:class:`LocatedField`), inside a :class:`LocatedMapping` that also
checks names against an allow-list (with a "did you mean" hint) and reads text, web
addresses, dates and numbers. Every failure is a :class:`~ssri_docs.errors.SourceError`.
Reading a file as UTF-8 text, with the same located errors, lives here too: both the
site settings and the articles start with it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ..errors import SourceError


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a bad date gets our own message."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


@dataclass
class LocatedField:
    """A value from the YAML with the line it starts on (1-based, in the file)."""

    value: Any
    line: int
    node: yaml.Node


class LocatedMapping:
    """A YAML mapping whose values remember their line numbers."""

    def __init__(self, node: yaml.MappingNode, path: Path, line_offset: int, what: str):
        self.node = node
        self.path = path
        self.line_offset = line_offset
        self.what = what
        self.fields: dict[str, LocatedField] = {}
        loader = _Loader("")
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1 + line_offset
            if not isinstance(key, str):
                raise SourceError(
                    f"{key!r} is not a valid name in {what}",
                    path=path,
                    line=line,
                    hint="write each setting as 'name: value'.",
                )
            if key in self.fields:
                raise SourceError(
                    f"'{key}' is given twice in {what}",
                    path=path,
                    line=line,
                    hint=f"keep one '{key}:' line and delete the other "
                    f"(the first is on line {self.fields[key].line}).",
                )
            self.fields[key] = LocatedField(
                loader.construct_object(value_node, deep=True), line, value_node
            )
        self.line = node.start_mark.line + 1 + line_offset

    def check_keys(self, allowed: tuple[str, ...]) -> None:
        """Refuse a name not in ``allowed`` (SourceError at its line, with a close match)."""
        for key, field in self.fields.items():
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                hint = (
                    f"did you mean '{close[0]}'? Correct the spelling."
                    if close
                    else f"the names allowed here are: {', '.join(allowed)}."
                )
                raise SourceError(
                    f"unknown name '{key}' in {self.what}",
                    path=self.path,
                    line=field.line,
                    hint=hint,
                )

    def sub(self, key: str, what: str) -> LocatedMapping | None:
        """The group under ``key`` (None when absent or empty); SourceError if not a group."""
        field = self.fields.get(key)
        if field is None or field.value is None:
            return None
        if not isinstance(field.node, yaml.MappingNode):
            raise SourceError(
                f"'{key}' must be a group of 'name: value' lines",
                path=self.path,
                line=field.line,
                hint=f"indent the lines under '{key}:' by two spaces.",
            )
        return LocatedMapping(field.node, self.path, self.line_offset, what)

    def text(self, key: str, *, required: bool, hint: str = "") -> str | None:
        """The value as one line of text (white space collapsed), or None when absent.

        Raises SourceError when a ``required`` value is missing or empty, or is a list/group.
        """
        field = self.fields.get(key)
        if (
            field is None
            or field.value is None
            or (isinstance(field.value, str) and not field.value.strip())
        ):
            if required:
                line = field.line if field else self.line
                state = "is empty" if field else "is missing"
                raise SourceError(
                    f"'{key}' {state} in {self.what}",
                    path=self.path,
                    line=line,
                    hint=hint or f"add a line '{key}: ...' with a value.",
                )
            return None
        if isinstance(field.value, (dict, list)):
            raise SourceError(
                f"'{key}' must be text, not a list or group",
                path=self.path,
                line=field.line,
                hint=f"write it on one line: '{key}: your text'.",
            )
        return " ".join(str(field.value).split())

    def url(self, key: str, *, required: bool) -> str | None:
        """An http(s) address, or None when absent; SourceError when it is not one."""
        value = self.text(key, required=required)
        if value is None:
            return None
        check_url(value, self.path, self.fields[key].line, key)
        return value

    def date(self, key: str, *, required: bool) -> date | None:
        """A YYYY-MM-DD date, or None when absent; SourceError for any other form."""
        value = self.text(key, required=required)
        if value is None:
            return None
        try:
            # fromisoformat alone would also accept forms like 20250729
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ValueError(value)
            return date.fromisoformat(value)
        except ValueError:
            raise SourceError(
                f"'{key}' is not a valid date: {value!r}",
                path=self.path,
                line=self.fields[key].line,
                hint="write dates as YYYY-MM-DD, for example 2025-07-29.",
            ) from None

    def integer(self, key: str, default: int) -> int:
        """A whole number above 0, or ``default`` when absent; SourceError otherwise."""
        field = self.fields.get(key)
        if field is None:
            return default
        if not isinstance(field.value, int) or isinstance(field.value, bool) or field.value <= 0:
            raise SourceError(
                f"'{key}' must be a whole number above 0",
                path=self.path,
                line=field.line,
                hint=f"write it like '{key}: {default}'.",
            )
        return field.value

    def number(self, key: str, default: float) -> float:
        """A number of 0 or more (e.g. seconds), or ``default``; SourceError otherwise."""
        field = self.fields.get(key)
        if field is None:
            return default
        if (
            not isinstance(field.value, (int, float))
            or isinstance(field.value, bool)
            or field.value < 0
        ):
            raise SourceError(
                f"'{key}' must be a number of 0 or more",
                path=self.path,
                line=field.line,
                hint=f"write it like '{key}: {default}'.",
            )
        return float(field.value)


def check_url(value: str, path: Path, line: int, what: str) -> None:
    """Raise SourceError at ``path``/``line`` unless ``value`` is a full http(s) address."""
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname or " " in value:
        raise SourceError(
            f"'{what}' is not a valid web address: {value!r}",
            path=path,
            line=line,
            hint="write the full address, starting with https://",
        )


def parse_yaml(text: str, path: Path, line_offset: int, what: str) -> LocatedMapping:
    """Compose ``text`` into a LocatedMapping; ``line_offset`` is added to YAML's own lines.

    ``what`` names the text in messages ("details box", "site settings"). Raises
    SourceError for invalid YAML or a document that is not a mapping.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 + line_offset if mark else None
        problem = error.problem or error.context or "it cannot be read"
        raise SourceError(
            f"the {what} is not valid YAML: {problem}",
            path=path,
            line=line,
            hint="check the indentation and that every line reads 'name: value'; "
            "put text containing ': ' in double quotes.",
        ) from None
    except yaml.YAMLError as error:
        raise SourceError(f"the {what} is not valid YAML: {error}", path=path) from None
    if node is None:
        node = yaml.MappingNode("tag:yaml.org,2002:map", [])
        node.start_mark = yaml.Mark(str(path), 0, 0, 0, None, None)
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(
            f"the {what} must be a list of 'name: value' lines",
            path=path,
            line=node.start_mark.line + 1 + line_offset,
            hint="see docs/source-format.md for an example.",
        )
    return LocatedMapping(node, path, line_offset, what)


def read_text(path: Path, hint: str) -> str:
    """The file as UTF-8 text; SourceError (with ``hint`` when missing) if it cannot be."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SourceError("the file does not exist", path=path, hint=hint) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise SourceError(
            "the file is not UTF-8 text", path=path, line=line, hint="save it as UTF-8."
        ) from None
    except OSError as error:
        raise SourceError(f"the file cannot be read: {error.strerror}", path=path) from None
