"""The article outline: heading levels re-based, pseudo-headings, accordion labels, rules.

WordPress pages use heading levels for looks and bold lines as headings; the source
format needs the title as the only level 1 and no skipped level (screen-reader users
navigate by the outline). Deciding levels needs the whole article, so it runs after
reading, on the raw blocks, and turns them into model blocks.
"""

from __future__ import annotations

from ...model import (
    Block,
    Emphasis,
    Heading,
    Inline,
    Link,
    ListBlock,
    Paragraph,
    Strong,
    Text,
    ThematicBreak,
)
from ...wording import split_sentences
from .reading import ControlLabel, Image, RawBlock, RawHeading, Reader
from .whitespace import tidy, unbold, words

_TOP_SECTION_NAMES = {
    *("summary", "in summary", "conclusion", "conclusions", "introduction", "overview"),
    *("key points", "key facts", "further information", "more information", "find out more"),
}


def is_pseudo_heading(block: RawBlock) -> bool:
    """A paragraph that is one short bold line and no sentence: a heading in disguise."""
    if not isinstance(block, Paragraph) or not block.children:
        return False
    for node in block.children:
        if isinstance(node, Text) and not node.text.strip():
            continue
        if not isinstance(node, Strong) or links_in(Paragraph(node.children)):
            return False
    text = words(block.children)
    return (
        0 < len(text) <= 120 and len(split_sentences(text)) == 1 and not text.endswith((".", "!"))
    )


def outline(raw: list[RawBlock], reader: Reader) -> list[Block]:
    """Model blocks with heading levels re-based: the highest is 2 and none is skipped.

    The page's footnotes, if any, follow at the end under a "Notes" heading.
    """
    kept: list[RawBlock] = []
    for index, block in enumerate(raw):
        if isinstance(block, ControlLabel):
            # An accordion label stays only when its panel still holds article text.
            following = next(
                (b for b in raw[index + 1 :] if not isinstance(b, ThematicBreak)), None
            )
            if following is None or isinstance(following, RawHeading | ControlLabel):
                continue
        kept.append(block)
    kept = _trim_rules(kept)

    real_levels = [b.level for b in kept if isinstance(b, RawHeading)]
    top = float(min(real_levels, default=2))
    current: float | None = None
    stack: list[float] = []
    out: list[Block] = []
    for block in kept:
        if isinstance(block, RawHeading):
            level, children = float(block.level), block.children
            current = level
        elif isinstance(block, ControlLabel) or is_pseudo_heading(block):
            children = tidy(unbold(block.children))
            if current is None or words(children).rstrip(":").casefold() in _TOP_SECTION_NAMES:
                level = top
                current = level
            else:
                level = current + 0.5
        elif isinstance(block, Image):
            out.append(reader.figure_block(block))
            continue
        else:
            out.append(block)
            continue
        while stack and stack[-1] >= level:
            stack.pop()
        stack.append(level)
        out.append(Heading(min(len(stack) + 1, 6), children, id=""))
    if reader.footnotes:
        out += [
            Heading(2, (Text("Notes"),), id=""),
            ListBlock(ordered=True, items=tuple(reader.footnotes)),
        ]
    return out


def _trim_rules(blocks: list[RawBlock]) -> list[RawBlock]:
    """Drop layout rules: leading, trailing and repeated horizontal lines."""
    out: list[RawBlock] = []
    for block in blocks:
        if isinstance(block, ThematicBreak) and (not out or isinstance(out[-1], ThematicBreak)):
            continue
        out.append(block)
    while out and isinstance(out[-1], ThematicBreak):
        out.pop()
    return out


def links_in(block: Block) -> list[Link]:
    """The links of a paragraph or list, bold and emphasised ones included."""
    found: list[Link] = []

    def visit(inlines: tuple[Inline, ...]) -> None:
        for node in inlines:
            if isinstance(node, Link):
                found.append(node)
            elif isinstance(node, Strong | Emphasis):
                visit(node.children)

    if isinstance(block, Paragraph):
        visit(block.children)
    elif isinstance(block, ListBlock):
        for item in block.items:
            for inner in item.blocks:
                found.extend(links_in(inner))
    return found
