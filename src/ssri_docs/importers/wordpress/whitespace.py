"""White space of imported inlines: collapse, trim, and move spaces out of bold and links.

WordPress HTML is full of non-breaking and invisible spaces and of spaces just inside
``<strong>``; CommonMark does not read ``** word**`` as bold. Tidying here, once, keeps
the reading and outline code free of white-space rules and the source file stable.
"""

from __future__ import annotations

import re
from dataclasses import replace

from ...model import (
    Code,
    Inline,
    LineBreak,
    Strong,
    Text,
)

INVISIBLE = dict.fromkeys(map(ord, "\u200b\ufeff\u00ad"))
_SPACES = re.compile(r"\s+")


def tidy(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Collapse white space (non-breaking spaces included) and trim the ends.

    Spaces at the edges of bold, emphasis and links move outside them, because
    CommonMark does not read ``** word**`` as bold; empty wrappers disappear.
    """
    out = _tidy_list(inlines)
    while out and isinstance(out[0], LineBreak):
        out.pop(0)
    while out and isinstance(out[-1], LineBreak):
        out.pop()
    if out and isinstance(out[0], Text):
        out[0] = Text(out[0].text.lstrip())
    if out and isinstance(out[-1], Text):
        out[-1] = Text(out[-1].text.rstrip())
    return tuple(node for node in out if not (isinstance(node, Text) and not node.text))


def _tidy_list(inlines: tuple[Inline, ...]) -> list[Inline]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text):
            _push_text(out, _SPACES.sub(" ", node.text.translate(INVISIBLE)))
        elif isinstance(node, LineBreak):
            if out and isinstance(out[-1], Text):
                out[-1] = Text(out[-1].text.rstrip())
            out.append(node)
        elif isinstance(node, Code):
            if node.text.strip():
                out.append(Code(" ".join(node.text.split())))
        else:
            children = _tidy_list(node.children)
            lead = bool(children) and isinstance(children[0], Text) and children[0].text[:1] == " "
            trail = (
                bool(children) and isinstance(children[-1], Text) and children[-1].text[-1:] == " "
            )
            if lead:
                children[0] = Text(children[0].text.lstrip())
            if trail:
                children[-1] = Text(children[-1].text.rstrip())
            children = [c for c in children if not (isinstance(c, Text) and not c.text)]
            if lead:
                _push_text(out, " ")
            if has_text(tuple(children)):
                # replace() keeps a link's address, a phrase's language
                out.append(replace(node, children=tuple(children)))
            if trail:
                _push_text(out, " ")
    return out


def _push_text(out: list[Inline], text: str) -> None:
    if out and isinstance(out[-1], LineBreak):
        text = text.lstrip()
    if not text:
        return
    if out and isinstance(out[-1], Text):
        previous = out[-1].text
        if previous.endswith(" ") and text.startswith(" "):
            text = text[1:]
        out[-1] = Text(previous + text)
    elif text.startswith(" ") and out and _ends_with_space(out[-1]):
        if text[1:]:
            out.append(Text(text[1:]))
    else:
        out.append(Text(text))


def _ends_with_space(node: Inline) -> bool:
    return isinstance(node, Text) and node.text.endswith(" ")


def has_text(inlines: tuple[Inline, ...]) -> bool:
    """Whether the inlines hold any visible text (not only spaces or breaks)."""
    return bool(visible_text(inlines).strip())


def visible_text(inlines: tuple[Inline, ...]) -> str:
    """The plain text of inlines as readers see it (raised and foreign phrases too)."""
    parts: list[str] = []
    for node in inlines:
        if isinstance(node, Text | Code):
            parts.append(node.text)
        elif isinstance(node, LineBreak):
            parts.append(" ")
        else:
            parts.append(visible_text(node.children))
    return "".join(parts)


def unbold(inlines: tuple[Inline, ...]) -> tuple[Inline, ...]:
    """Headings are bold already: ``<h2><strong>x</strong></h2>`` is just a heading."""
    out: list[Inline] = []
    for node in inlines:
        out.extend(node.children if isinstance(node, Strong) else (node,))
    return tuple(out)


def words(inlines: tuple[Inline, ...]) -> str:
    """The text of inlines with white space collapsed."""
    return " ".join(visible_text(inlines).split())
