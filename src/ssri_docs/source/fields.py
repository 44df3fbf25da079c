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
from .problems import Problems
from .yaml_messages import explain, refuse_yaml_features


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves dates as text, so a bad date gets our own message.

    The merge key ``<<`` is read as a plain name too (and refused as unknown).
    """


_NOT_IMPLICIT = ("tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge")
_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag not in _NOT_IMPLICIT]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}
PLACEHOLDER = "FILL IN"  # how the template of ``ssri-docs new`` marks what to write
_CURLY_PAIRS = {"\u201c": "\u201d", "\u2018": "\u2019", "\u201e": "\u201c", "\u00ab": "\u00bb"}


@dataclass
class LocatedField:
    """A value from the YAML with the line it starts on (1-based, in the file)."""

    value: Any
    line: int
    node: yaml.Node


class LocatedMapping:
    """A YAML mapping whose values remember their line numbers."""

    def __init__(
        self,
        node: yaml.MappingNode,
        path: Path,
        line_offset: int,
        what: str,
        problems: Problems | None = None,
    ):
        self.node = node
        self.path = path
        self.line_offset = line_offset
        self.what = what
        self.problems = problems  # where warnings go (None: nowhere)
        self.fields: dict[str, LocatedField] = {}
        loader = _Loader("")
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1 + line_offset
            key = _construct(loader, key_node, path, line)
            if not isinstance(key, str):
                raise SourceError(
                    f"{key!r} is not a valid name in {what}",
                    path=path,
                    line=line,
                    hint="write each setting as 'name: value'.",
                )
            if key in self.fields and what == "a reference":
                raise SourceError(
                    f"'{key}' is given twice in one reference: a new reference starts here "
                    "without its dash",
                    path=path,
                    line=line,
                    hint="each reference starts with '- ' on its first line: write "
                    f"'- {key}:' here, lined up with the '- ' of the reference above.",
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
                _construct(loader, value_node, path, line), line, value_node
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
        return LocatedMapping(field.node, self.path, self.line_offset, what, self.problems)

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
        value = " ".join(str(field.value).split())
        if PLACEHOLDER in value:
            raise SourceError(
                f"'{key}' is still to fill in",
                path=self.path,
                line=field.line,
                hint=f"replace the template's '{PLACEHOLDER} ...' text with the value.",
            )
        closing = _CURLY_PAIRS.get(value[:1])
        if closing and value.endswith(closing) and len(value) > 1:
            value = value[1:-1].strip()
            if self.problems is not None:
                self.problems.warn(
                    f"the value of '{key}' is in curly quotes; they are not printed",
                    path=self.path,
                    line=field.line,
                    hint='use straight double quotes (") or none around a value.',
                )
        return value

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

    def integer(self, key: str, default: int, low: int, high: int) -> int:
        """A whole number from ``low`` to ``high``, or ``default`` when absent.

        Raises SourceError for anything else (the range is in the message).
        """
        field = self.fields.get(key)
        if field is None:
            return default
        value = field.value
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            raise SourceError(
                f"'{key}' must be a whole number from {low} to {high}",
                path=self.path,
                line=field.line,
                hint=f"write it like '{key}: {default}'.",
            )
        return value

    def number(self, key: str, default: float, high: float) -> float:
        """A number from 0 to ``high`` (e.g. seconds), or ``default`` when absent.

        Raises SourceError for anything else, including .nan and .inf.
        """
        field = self.fields.get(key)
        if field is None:
            return default
        value = field.value
        if (
            not isinstance(value, (int, float))
            or isinstance(value, bool)
            or not 0 <= value <= high  # False for NaN too
        ):
            raise SourceError(
                f"'{key}' must be a number from 0 to {high:g}",
                path=self.path,
                line=field.line,
                hint=f"write it like '{key}: {default}'.",
            )
        return float(value)


def check_url(value: str, path: Path, line: int, what: str) -> None:
    """Raise SourceError at ``path``/``line`` unless ``value`` is a full http(s) address."""
    try:
        parts = urlsplit(value)
        good = parts.scheme in ("http", "https") and bool(parts.hostname) and " " not in value
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:  # an unbalanced '[' or a bad port
        good = False
    if not good:
        raise SourceError(
            f"'{what}' is not a valid web address: {value!r}",
            path=path,
            line=line,
            hint="write the full address, starting with https://",
        )


def parse_yaml(
    text: str, path: Path, line_offset: int, what: str, problems: Problems | None = None
) -> LocatedMapping:
    """Compose ``text`` into a LocatedMapping; ``line_offset`` is added to YAML's own lines.

    ``what`` names the text in messages ("details box", "site settings"); warnings go to
    ``problems``. Raises SourceError, in an editor's words, for text that is not
    'name: value' lines, for YAML features no detail needs (tags, anchors), or for a
    document that is not a mapping.
    """
    try:
        node = yaml.compose(text, Loader=_Loader)
        refused = refuse_yaml_features(text)
    except yaml.MarkedYAMLError as error:
        line, message, hint = explain(text, error, line_offset)
        raise SourceError(message, path=path, line=line, hint=hint) from None
    except yaml.reader.ReaderError as error:  # a control character, e.g. from a copy-paste
        line = text[: error.position].count("\n") + 1 + line_offset
        raise SourceError(
            f"this line has an invisible control character (code {error.character:#04x})",
            path=path,
            line=line,
            hint="delete it: retype the line, or paste the text as plain text.",
        ) from None
    except yaml.YAMLError:
        raise SourceError(f"the {what} cannot be read", path=path, hint=_SAVE_AGAIN) from None
    if refused is not None:
        line, message, hint = refused
        raise SourceError(message, path=path, line=line + line_offset, hint=hint)
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
    return LocatedMapping(node, path, line_offset, what, problems)


def _construct(loader: yaml.SafeLoader, node: yaml.Node, path: Path, line: int) -> Any:
    """The Python value of ``node``; SourceError for one no setting can hold."""
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):
        raise SourceError(
            "this value cannot be read",
            path=path,
            line=line,
            hint="write it as plain text on one line, or in straight double quotes.",
        ) from None


_SAVE_AGAIN = "save the file again as UTF-8 text and check it in a text editor."


def read_text(path: Path, hint: str) -> str:
    """The file as UTF-8 text, with or without a BOM (Windows' "UTF-8 with BOM").

    Raises SourceError (with ``hint`` when missing) if it cannot be read so.
    """
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise SourceError("the file does not exist", path=path, hint=hint) from None
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise SourceError(
            "the file is not UTF-8 text", path=path, line=line, hint="save it as UTF-8."
        ) from None
    except OSError as error:
        raise SourceError(f"the file cannot be read: {error.strerror}", path=path) from None
