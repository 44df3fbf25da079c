"""Cut a block's running text at character offsets: sentence spans and page breaks.

The read-aloud highlights one sentence at a time, so each spoken sentence must be one
element; and a printed page may begin between two words of a paragraph. Both are
places in the text as ``wording.inline_text`` gives it, while the text sits in a tree
of emphasis, strong text and links. Here the tree is split at those offsets (an
element that a cut crosses becomes two, e.g. two ``<strong>`` halves), and the parts
are arranged into sentences with the page-break markers between them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...model import Code, Emphasis, Inline, Link, Span, Strong, Subscript, Superscript, Text
from ...wording import inline_text, split_sentences


@dataclass(frozen=True)
class PageMark:
    """A print page begins here."""

    page: int


@dataclass(frozen=True)
class SentenceSpan:
    """One spoken sentence: the element the read-aloud highlights."""

    id: str
    parts: tuple[Inline | PageMark, ...]


Piece = Inline | PageMark | SentenceSpan


def letter_offset(text: str, letters: int) -> int | None:
    """Where in ``text`` the letter after the first ``letters`` ones is (white space and
    soft hyphens are not letters), or None when the text has no more letters.

    The print layout counts its letters this way: its white space differs from the
    source's (lines are broken and spaces collapsed), its letters do not.
    """
    seen = 0
    for index, character in enumerate(text):
        if character.isspace() or character == "\u00ad":
            continue
        if seen == letters:
            return index
        seen += 1
    return None


def sentence_ranges(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``split_sentences(text)`` within ``text``.

    ``split_sentences`` works on the text with its white space collapsed; each sentence
    is found again in the original, comparing letters only, so the spans cover exactly
    what the narration says.
    """
    ranges: list[tuple[int, int]] = []
    position = 0
    for sentence in split_sentences(text):
        letters = [c for c in sentence if not c.isspace()]
        start = end = None
        matched = 0
        index = position
        while index < len(text) and matched < len(letters):
            character = text[index]
            if not character.isspace():
                if character != letters[matched]:
                    raise ValueError(f"sentence {sentence!r} is not in the text")
                if start is None:
                    start = index
                matched += 1
                end = index + 1
            index += 1
        if start is None or end is None or matched < len(letters):
            raise ValueError(f"sentence {sentence!r} is not in the text")
        ranges.append((start, end))
        position = end
    return ranges


def _length(node: Inline) -> int:
    return len(inline_text((node,)))


def split_inlines(
    nodes: tuple[Inline, ...], at: int
) -> tuple[tuple[Inline, ...], tuple[Inline, ...]]:
    """The inline tree cut in two at text offset ``at``; elements crossing it are halved."""
    left: list[Inline] = []
    right: list[Inline] = []
    position = 0
    for node in nodes:
        length = _length(node)
        if position + length <= at:
            left.append(node)
        elif position >= at:
            right.append(node)
        else:
            cut = at - position
            if isinstance(node, Text | Code):
                left.append(replace(node, text=node.text[:cut]))
                right.append(replace(node, text=node.text[cut:]))
            elif isinstance(node, Emphasis | Strong | Link | Superscript | Subscript | Span):
                before, after = split_inlines(node.children, cut)
                left.append(replace(node, children=before))
                right.append(replace(node, children=after))
            else:  # a line break is one character: it never straddles a cut
                right.append(node)
        position += length
    return tuple(left), tuple(right)


def _chunks(nodes: tuple[Inline, ...], cuts: list[int]) -> list[tuple[int, tuple[Inline, ...]]]:
    """``(start offset, inlines)`` for each stretch between consecutive cuts."""
    result: list[tuple[int, tuple[Inline, ...]]] = []
    rest, done = nodes, 0
    for cut in sorted(set(cuts)):
        piece, rest = split_inlines(rest, cut - done)
        if piece:
            result.append((done, piece))
        done = cut
    if rest:
        result.append((done, rest))
    return result


def arrange(
    nodes: tuple[Inline, ...],
    sentences: list[tuple[int, int, str]],
    page_marks: list[tuple[int, int]],
) -> tuple[Piece, ...]:
    """The inline content with each ``(start, end, id)`` sentence wrapped and each
    ``(offset, page)`` marker placed; a marker at a sentence's start goes before it."""
    cuts = [offset for start, end, _ in sentences for offset in (start, end)]
    cuts += [offset for offset, _ in page_marks]
    marks = sorted(page_marks)
    pieces: list[Piece] = []
    open_sentence: tuple[int, int, str] | None = None
    inside: list[Inline | PageMark] = []
    remaining = sorted(sentences)

    def close() -> None:
        nonlocal open_sentence, inside
        if open_sentence is not None:
            pieces.append(SentenceSpan(open_sentence[2], tuple(inside)))
        open_sentence, inside = None, []

    for start, chunk in _chunks(nodes, cuts):
        if open_sentence is not None and start >= open_sentence[1]:
            close()
        while marks and marks[0][0] <= start:
            mark = PageMark(marks.pop(0)[1])
            (inside if open_sentence is not None else pieces).append(mark)
        if open_sentence is None and remaining and remaining[0][0] <= start:
            open_sentence = remaining.pop(0)
        (inside if open_sentence is not None else pieces).extend(chunk)
    close()
    pieces.extend(PageMark(page) for _, page in marks)  # a marker at the very end
    return tuple(pieces)
