"""Inline content worded for the ear: runs of text in one language, written and spoken.

- Superscript is written with Unicode superscript digits ("treated.¹") and digits are
  spoken as a citation mark: "treated. (reference 1)", "(references 3 to 5)", never
  glued ("treated one"). In health leaflets a raised number is a citation mark far
  more often than an exponent (the fixture's "42³" is one), so it is always read as
  one. Other superscript (an ordinal "1st") is read as written.
- Subscript digits are written "CO₂" and read as a formula: "C O 2".
- A hard line break ends a line: the narration pauses there (a sentence boundary).
- A phrase in another language (``Span``) is a run of its own, for a voice in that
  language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import (
    Code,
    Emphasis,
    Inline,
    LineBreak,
    Link,
    Span,
    Strong,
    Subscript,
    Superscript,
    Text,
)

_SUPERSCRIPT = str.maketrans("0123456789+-–=()n", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁻⁼⁽⁾ⁿ")
_SUBSCRIPT = str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎")
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉"
_PLAIN = str.maketrans(_SUPERSCRIPT_DIGITS + _SUBSCRIPT_DIGITS + "⁻", "0123456789" * 2 + "-")
_MARK = re.compile(
    rf"(?P<before>\S?)(?P<mark>[{_SUPERSCRIPT_DIGITS}]+(?:[,⁻][{_SUPERSCRIPT_DIGITS}]+)*)"
)
_FORMULA = re.compile(rf"\b(?P<formula>(?:[A-Z][a-z]?[{_SUBSCRIPT_DIGITS}]*)+)(?![a-z])")
CITATION = re.compile(r"^[0-9]+(?:\s*[,–-]\s*[0-9]+)*$")


@dataclass(frozen=True)
class Run:
    """Text in one language: None for the surrounding language."""

    language: str | None
    text: str  # as written; "\n" marks a hard line break


def runs(inlines: tuple[Inline, ...], language: str | None = None) -> list[Run]:
    """``inlines`` as runs of written text, one per change of language."""
    found: list[Run] = []
    for node in inlines:
        if isinstance(node, Span):
            found.extend(runs(node.children, node.lang))
        else:
            found.append(Run(language, written(node)))
    merged: list[Run] = []
    for run in found:
        if merged and merged[-1].language == run.language:
            merged[-1] = Run(run.language, merged[-1].text + run.text)
        else:
            merged.append(run)
    return [run for run in merged if run.text.strip()]


def written(node: Inline) -> str:
    """The written text of one inline (superscript and subscript in Unicode forms)."""
    if isinstance(node, Text | Code):
        return node.text
    if isinstance(node, LineBreak):
        return "\n"
    if isinstance(node, Superscript | Subscript):
        text = "".join(written(child) for child in node.children)
        table = _SUPERSCRIPT if isinstance(node, Superscript) else _SUBSCRIPT
        converted = text.replace(" ", "").translate(table)
        if isinstance(node, Superscript) and CITATION.match(text.strip()):
            return converted  # "1,2" -> "¹,²"
        return converted if all(c != t for c, t in zip(converted, text, strict=False)) else text
    if isinstance(node, Emphasis | Strong | Link | Span):
        return "".join(written(child) for child in node.children)
    return ""


def plain(inlines: tuple[Inline, ...]) -> str:
    """The written text of ``inlines`` on one line (line breaks become spaces)."""
    return " ".join("".join(written(node) for node in inlines).split())


def spoken(text: str) -> str:
    """How written text is said: citation marks and exponents worded, formulas spaced."""
    text = _FORMULA.sub(_spaced_formula, text)
    return _MARK.sub(_worded_mark, text)


def _spaced_formula(match: re.Match) -> str:
    formula = match.group("formula")
    if not any(c in _SUBSCRIPT_DIGITS for c in formula):
        return formula
    parts = re.findall(rf"[A-Z][a-z]?|[{_SUBSCRIPT_DIGITS}]+", formula)
    return " ".join(part.translate(_PLAIN) for part in parts)


def _worded_mark(match: re.Match) -> str:
    before, mark = match.group("before"), match.group("mark").translate(_PLAIN)
    numbers = re.split(r"[,]", mark)
    if len(numbers) > 1:
        words = f"references {', '.join(numbers[:-1])} and {numbers[-1]}"
    elif "-" in mark:
        low, high = mark.split("-", 1)
        words = f"references {low} to {high}"
    else:
        words = f"reference {mark}"
    return f"{before} ({words})"
