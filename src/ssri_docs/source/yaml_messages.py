"""Turn what the YAML reader says about a details box into words an editor can act on.

PyYAML explains a mistake in its own vocabulary ("expected <block end>, but found
'<block mapping start>'", "mapping values are not allowed here"), which means nothing
to a content editor. Here the line it points at is looked at again and the usual
mistakes are recognised: a line indented differently from its neighbours, a value
that goes on to an unindented next line, a value with ``": "`` in it, curly quotes
used as quotes, a tab. Anything else gets a plain "cannot be read" with the line.
The reader's own words are never shown.

Features of YAML an editor never needs (``!tags``, ``&anchors``, ``*aliases``) are
refused here too, before any value is built from them.
"""

from __future__ import annotations

import re

import yaml

CURLY_OPENING = "\u201c\u2018\u201e\u00ab"  # “ ‘ „ «
_KEY = re.compile(r"^(?P<indent>[ ]*)(?P<dash>- +)?(?P<key>[^\s:#][^:]*?):(?: |$)")


def explain(
    text: str, error: yaml.MarkedYAMLError, line_offset: int
) -> tuple[int | None, str, str]:
    """(line in the file, 1-based; message; what to do) for a YAML reading ``error``.

    ``line_offset`` is the number of file lines before ``text``.
    """
    lines = text.splitlines()
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return None, "the details cannot be read", _GENERIC
    index, message, hint = _diagnose(lines, error, mark, line_offset)
    return index + 1 + line_offset, message, hint


def _diagnose(
    lines: list[str], error: yaml.MarkedYAMLError, mark: yaml.Mark, line_offset: int
) -> tuple[int, str, str]:
    """(0-based line index in ``lines``, message, what to do)."""
    problem, context = error.problem or "", error.context or ""
    started = error.context_mark.line if error.context_mark else mark.line
    line = lines[mark.line] if mark.line < len(lines) else ""
    if "\t" in problem or "\t" in line:
        return (
            mark.line,
            "this line has a tab in it",
            "use spaces, not tabs, at the start of lines.",
        )
    if "could not find expected ':'" in problem:
        return (
            started,
            "this line has no 'name:' at its start",
            "if it continues the text on the line above, indent it by two spaces like that "
            "text; if it is a detail of its own, write it as 'name: value'.",
        )
    if "quoted" in context:
        return (
            started,
            "a value opens a quote that is never closed",
            "end the value with the same quote mark it starts with.",
        )
    colon = "mapping values are not allowed" in problem
    for index in dict.fromkeys((started, mark.line)):
        opened = _special_start(lines[index] if index < len(lines) else "")
        if opened and not colon:
            return (
                index,
                f"this value starts with '{opened}', which cannot start a plain value",
                'put the whole value in straight double quotes: "[like this]".',
            )
    first = _KEY.match(line)
    if colon and first and mark.column > first.end("key"):
        return mark.line, *_colon_in_value(line[first.end() :].strip())
    if colon or "expected <block end>" in problem or "expected <block mapping" in problem:
        return mark.line, *_misaligned(lines, mark.line, line_offset)
    return mark.line, "this line cannot be read as 'name: value'", _GENERIC


_SPECIAL_START = "[]{}@`%"  # mark-up in YAML, not text, at the start of a value
_GENERIC = (
    "write each detail on its own line as 'name: value', lined up with the names around "
    "it; put a value that has ': ' in it in straight double quotes."
)


def _special_start(line: str) -> str:
    """The mark-up character a line's value starts with, or ""."""
    key = _KEY.match(line)
    value = line[key.end() :].strip() if key else ""
    return value[0] if value and value[0] in _SPECIAL_START else ""


def _colon_in_value(value: str) -> tuple[str, str]:
    if value[:1] in CURLY_OPENING:
        return (
            "this value has ': ' in it and curly quotes around it",
            'replace the curly quotes with straight double quotes ("), '
            "which keep the value in one piece; they are not printed.",
        )
    return (
        "this value has ': ' in it",
        'put the whole value in straight double quotes: "like: this".',
    )


def _misaligned(lines: list[str], index: int, line_offset: int) -> tuple[str, str]:
    """Messages for a line whose indentation does not fit the lines above it."""
    here = _KEY.match(lines[index]) if index < len(lines) else None
    name = f"'{here.group('key')}:'" if here else "this line"
    for above in range(index - 1, -1, -1):
        previous = _KEY.match(lines[above])
        if previous:
            column = previous.start("key")
            spaces = f"{column} space{'s' if column != 1 else ''} in" if column else "no spaces"
            return (
                "this line is not lined up with the lines above it",
                f"start {name} exactly below '{previous.group('key')}:' "
                f"on line {above + 1 + line_offset} "
                f"({spaces}); to start a new reference, begin the line with '- '.",
            )
    return "this line is indented", f"start {name} at the beginning of the line."


def refuse_yaml_features(text: str) -> tuple[int, str, str] | None:
    """(line, message, what to do) for the first ``!tag``, ``&anchor`` or ``*alias``.

    These change how a value is read (as bytes, a date, a copy of another value), which
    no detail needs; refusing them keeps every value plain text. None when there is none.
    Assumes ``text`` composes without error.
    """
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        line = event.start_mark.line + 1
        if isinstance(event, yaml.AliasEvent):
            return line, f"'*{event.anchor}' is not allowed in a value", _PLAIN
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, yaml.ScalarEvent) and tag == "!"):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            return line, f"'{shown}' is not allowed before a value", _PLAIN
        if getattr(event, "anchor", None) is not None:
            return line, f"'&{event.anchor}' is not allowed before a value", _PLAIN
    return None


_PLAIN = (
    "delete it; if the '!', '&' or '*' is part of the text, put the whole value in "
    'straight double quotes: "like this".'
)
