"""Read the article text (CommonMark plus tables) into model blocks.

markdown-it parses; this module decides what the source format allows. Only what all
four formats can render survives: no raw HTML (the build adds all layout itself), no
level-1 heading (the title is the details box's), no skipped heading level (screen
reader users navigate by the outline), pictures only as files next to the article and
links only to full addresses. Each refusal is a SourceError at the line in the file.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

from ..errors import SourceError
from ..model import (
    Block,
    Code,
    Emphasis,
    Figure,
    Heading,
    Inline,
    LineBreak,
    Link,
    ListBlock,
    ListItem,
    Paragraph,
    Quote,
    Strong,
    Table,
    TableCell,
    Text,
    ThematicBreak,
)
from ..wording import inline_text

_markdown = MarkdownIt("commonmark").enable("table")


class _BodyParser:
    def __init__(self, path: Path, first_line: int):
        self.path = path
        self.first_line = first_line
        self.heading_ids: set[str] = set()
        self.last_level = 1

    def line(self, node: SyntaxTreeNode) -> int | None:
        current: SyntaxTreeNode | None = node
        while current is not None:
            if current.map:
                return current.map[0] + self.first_line
            current = current.parent
        return None

    def fail(self, node: SyntaxTreeNode, message: str, hint: str) -> None:
        raise SourceError(message, path=self.path, line=self.line(node), hint=hint)

    def blocks(self, nodes: list[SyntaxTreeNode]) -> tuple[Block, ...]:
        return tuple(block for node in nodes if (block := self.block(node)) is not None)

    def block(self, node: SyntaxTreeNode) -> Block | None:
        kind = node.type
        if kind == "heading":
            return self.heading(node)
        if kind == "paragraph":
            inlines = self.inlines(node.children[0].children if node.children else [])
            if len(inlines) == 1 and isinstance(inlines[0], Figure):
                return inlines[0]
            if any(isinstance(i, Figure) for i in inlines):
                self.fail(
                    node, "a picture is inside a paragraph", "put the picture on a line of its own."
                )
            return Paragraph(inlines)
        if kind in ("bullet_list", "ordered_list"):
            items = tuple(ListItem(self.blocks(item.children)) for item in node.children)
            start = int(node.attrs.get("start", 1)) if kind == "ordered_list" else 1
            return ListBlock(ordered=kind == "ordered_list", items=items, start=start)
        if kind == "blockquote":
            return Quote(self.blocks(node.children))
        if kind == "table":
            return self.table(node)
        if kind == "hr":
            return ThematicBreak()
        if kind in ("code_block", "fence"):
            return Paragraph((Code(node.content.rstrip("\n")),))
        if kind == "html_block":
            self.fail(
                node,
                "HTML is not allowed in the article text",
                "use Markdown instead (see docs/source-format.md); "
                "the build adds all layout itself.",
            )
        self.fail(
            node, f"this kind of block ({kind}) is not supported", "see docs/source-format.md."
        )
        return None

    def heading(self, node: SyntaxTreeNode) -> Heading:
        level = int(node.tag[1])
        if level == 1:
            self.fail(
                node,
                "the article text has a top-level heading ('# ...')",
                "the title comes from 'title:' in the details box; use '## ' for section headings.",
            )
        if level > self.last_level + 1:
            self.fail(
                node,
                f"this heading skips from level {self.last_level} to level {level}",
                f"use {'#' * (self.last_level + 1)} for this heading, so screen-reader users "
                "can follow the outline.",
            )
        self.last_level = level
        children = self.inlines(node.children[0].children if node.children else [])
        text = inline_text(children).strip()
        if not text:
            self.fail(
                node, "this heading is empty", "write the heading's text after the '#' marks."
            )
        return Heading(level=level, children=children, id=self.unique_id(text))

    def unique_id(self, text: str) -> str:
        base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "section"
        candidate, number = base, 2
        while candidate in self.heading_ids:
            candidate, number = f"{base}-{number}", number + 1
        self.heading_ids.add(candidate)
        return candidate

    def table(self, node: SyntaxTreeNode) -> Table:
        head, body = [], []
        for part in node.children:
            for row in part.children:
                cells = tuple(
                    TableCell(
                        self.inlines(cell.children[0].children if cell.children else []),
                        _alignment(cell.attrs.get("style")),
                        header=part.type == "thead",
                        scope="col" if part.type == "thead" else None,
                    )
                    for cell in row.children
                )
                (head if part.type == "thead" else body).append(cells)
        return Table(head=tuple(head), body=tuple(body))

    def inlines(self, nodes: list[SyntaxTreeNode]) -> tuple[Inline, ...]:
        result: list[Inline] = []
        for node in nodes:
            kind = node.type
            if kind == "text":
                if result and isinstance(result[-1], Text):
                    result[-1] = Text(result[-1].text + node.content)
                else:
                    result.append(Text(node.content))
            elif kind == "softbreak":
                result.append(Text(" "))
            elif kind == "hardbreak":
                result.append(LineBreak())
            elif kind == "em":
                result.append(Emphasis(self.inlines(node.children)))
            elif kind == "strong":
                result.append(Strong(self.inlines(node.children)))
            elif kind == "code_inline":
                result.append(Code(node.content))
            elif kind == "link":
                href = str(node.attrs.get("href", ""))
                self.check_link(node, href)
                title = node.attrs.get("title")
                result.append(
                    Link(href, self.inlines(node.children), str(title) if title else None)
                )
            elif kind == "image":
                result.append(self.figure(node))
            elif kind == "html_inline":
                self.fail(node, "HTML is not allowed in the article text", "use Markdown instead.")
            else:
                self.fail(
                    node, f"unsupported text formatting ({kind})", "see docs/source-format.md."
                )
        return tuple(_merge_text(result))

    def check_link(self, node: SyntaxTreeNode, href: str) -> None:
        parts = urlsplit(href)
        if href.startswith("#") and len(href) > 1:
            return
        if parts.scheme == "mailto" and "@" in parts.path:
            return
        if parts.scheme in ("http", "https") and parts.hostname:
            return
        self.fail(
            node,
            f"the link address {href!r} is not a full web address",
            "write the full address, starting with https://",
        )

    def figure(self, node: SyntaxTreeNode) -> Figure:
        src = str(node.attrs.get("src", ""))
        if urlsplit(src).scheme or src.startswith(("/", "\\")) or ".." in Path(src).parts:
            self.fail(
                node,
                f"the picture {src!r} is not a file next to the article",
                "save the picture in the article's folder and write just its file name.",
            )
        folder = self.path.resolve().parent
        target = (folder / src).resolve()
        if not target.is_relative_to(folder) or not target.is_file():
            self.fail(
                node,
                f"the picture file {src!r} was not found next to the article",
                "check the file name and that the picture is in the same folder as the article.",
            )
        alt = inline_text(self.inlines(node.children)).strip()
        title = node.attrs.get("title")
        return Figure(src=src, alt=alt, caption=(Text(str(title)),) if title else ())


def _merge_text(inlines: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for item in inlines:
        if merged and isinstance(item, Text) and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + item.text)
        else:
            merged.append(item)
    return merged


def _alignment(style: object) -> str | None:
    match = re.search(r"text-align:\s*(left|center|right)", str(style or ""))
    return match.group(1) if match else None


def parse_body(text: str, path: Path, first_line: int) -> tuple[Block, ...]:
    """Parse the Markdown article text into blocks.

    ``first_line`` is the line of ``path`` the text starts on, so messages point into the
    file. Raises SourceError for anything the source format does not allow, or no text.
    """
    tree = SyntaxTreeNode(_markdown.parse(text))
    parser = _BodyParser(path, first_line)
    blocks = parser.blocks(tree.children)
    if not blocks:
        raise SourceError(
            "the article has no text below the details box",
            path=path,
            line=first_line,
            hint="write the article's text after the closing '---' line.",
        )
    return blocks
