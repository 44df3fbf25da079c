"""Read the article text (CommonMark plus the plugins of ``markdown``) into model blocks.

markdown-it parses; this module decides what the source format allows. Only what all
four formats can render survives: no raw HTML but a restricted ``<table>`` block (the
build adds all layout itself), no level-1 heading (the title is the details box's), no
skipped heading level (screen reader users navigate by the outline), pictures only as
files next to the article, each with a description unless marked decorative, links
only to full addresses, languages only as BCP 47 tags, and the limits of ``limits``.
Each refusal is a SourceError at the line in the file.
"""

from __future__ import annotations

import re
from pathlib import Path

from markdown_it.token import Token
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attributes

from ..errors import SourceError
from ..model import (
    NUMBERING_TYPES,
    Block,
    Definition,
    DefinitionList,
    Heading,
    Inline,
    LineBreak,
    ListBlock,
    ListItem,
    Paragraph,
    Passage,
    Preformatted,
    Quote,
    Table,
    TableCell,
    Text,
    ThematicBreak,
    Verse,
)
from ..wording import inline_text
from .inline import InlineReader
from .limits import MAX_BLOCKS, MAX_DEPTH, MAX_TABLE_CELLS, MAX_TEXT_BYTES, PARSER_NESTING
from .markdown import make_parser
from .problems import SourceProblems

_CAPTION = "Table:"
MAX_REPORTED = 50  # problems reported from one article's text before giving up
_CONTAINERS = ("bullet_list", "ordered_list", "blockquote", "dl", "container_lang")
_NESTED_HINT = (
    f"the limit is {MAX_DEPTH} levels of lists, quotes and passages inside one another; "
    "move the deepest part out to a level above."
)


class _BodyParser(InlineReader):
    def __init__(self, path: Path, first_line: int):
        super().__init__(path, first_line)
        self.heading_ids: set[str] = set()
        self.last_level = 1
        self.depth = 0
        self.count = 0

    # --- Blocks ------------------------------------------------------------

    def blocks(
        self, nodes: list[SyntaxTreeNode], collect: list[SourceError] | None = None
    ) -> tuple[Block, ...]:
        """The blocks of one level, joining a caption line or list options to their block.

        With ``collect`` (the article's top level), a block's error is kept there and
        the next block is read, so one run reports a problem in every block.
        """
        result: list[Block] = []
        options: SyntaxTreeNode | None = None
        caption: SyntaxTreeNode | None = None
        for node in nodes:
            try:
                if options is not None and node.type != "ordered_list":
                    self.fail_options(options)
                if caption is not None and not _is_table(node):
                    self.fail(
                        caption,
                        "a 'Table:' caption line is not followed by a table",
                        "put the caption line directly above its table, or remove 'Table:'.",
                    )
                if node.type == "list_options":
                    options = node
                elif node.type == "paragraph" and _inline_source(node).startswith(_CAPTION):
                    caption = node
                else:
                    result.append(self.block(node, options, caption))
                    options = caption = None
            except SourceError as error:
                if collect is None or len(collect) >= MAX_REPORTED:
                    raise
                collect.append(error)
                options = caption = None
        if options is not None:
            self.fail_options(options)
        if caption is not None:
            self.fail(
                caption,
                "a 'Table:' caption line is not followed by a table",
                "put the caption line directly above its table, or remove 'Table:'.",
            )
        return tuple(result)

    def fail_options(self, node: SyntaxTreeNode) -> None:
        self.fail(
            node,
            f"the options line {node.content.strip()!r} is not directly above a numbered list",
            "put '{reversed}' or '{type=a}' on the line just above the list's first item "
            "(for text in another language use '::: {lang=cy}' ... ':::').",
        )

    def block(
        self,
        node: SyntaxTreeNode,
        options: SyntaxTreeNode | None = None,
        caption: SyntaxTreeNode | None = None,
    ) -> Block:
        self.count += 1
        if self.count > MAX_BLOCKS:
            self.fail(
                node,
                f"the article has more than {MAX_BLOCKS} blocks (paragraphs, list items, ...)",
                "split it into several articles.",
            )
        if node.type in _CONTAINERS:
            self.depth += 1
            if self.depth > MAX_DEPTH:
                self.fail(
                    node, f"the text is nested more than {MAX_DEPTH} levels deep here", _NESTED_HINT
                )
            try:
                return self.container(node, options)
            finally:
                self.depth -= 1
        if node.type == "table":
            return self.table(node, self.caption(caption))
        if node.type == "html_block" and _is_table(node):
            return self.html_table(node, self.caption(caption))
        return self.leaf(node)

    def container(self, node: SyntaxTreeNode, options: SyntaxTreeNode | None) -> Block:
        kind = node.type
        if kind == "bullet_list":
            return ListBlock(False, tuple(ListItem(self.blocks(i.children)) for i in node.children))
        if kind == "ordered_list":
            reversed_, numbering = self.list_options(options)
            items = tuple(ListItem(self.blocks(i.children)) for i in node.children)
            start = int(node.attrs.get("start", 1))
            return ListBlock(True, items, start, reversed_, numbering)
        if kind == "blockquote":
            return Quote(self.blocks(node.children))
        if kind == "dl":
            return self.definitions(node)
        lang, direction = self.language_options(node)
        return Passage(lang, self.blocks(node.children), direction)

    def leaf(self, node: SyntaxTreeNode) -> Block:
        kind = node.type
        if kind == "heading":
            return self.heading(node)
        if kind == "paragraph":
            return self.paragraph(node)
        if kind == "hr":
            return ThematicBreak()
        if kind in ("code_block", "fence"):
            return Preformatted(node.content.rstrip("\n"))
        if kind == "container_verse":
            return self.verse(node)
        if kind == "container_unknown":
            self.fail(
                node,
                f"'::: {node.info.strip()}' is not a kind of block",
                "use '::: verse' for lines kept as written, or '::: {lang=cy}' for text "
                "in another language.",
            )
        if kind == "html_block":
            self.fail(
                node,
                "HTML is not allowed in the article text",
                "use Markdown instead (see docs/source-format.md); the only HTML allowed is "
                "a <table> block, for tables a pipe table cannot write.",
            )
        self.fail(
            node, f"this kind of block ({kind}) is not supported", "see docs/source-format.md."
        )
        raise AssertionError  # fail always raises

    def list_options(self, node: SyntaxTreeNode | None) -> tuple[bool, str]:
        reversed_, numbering = False, "1"
        for word in node.meta["words"] if node is not None else ():
            if word == "reversed":
                reversed_ = True
            elif word.startswith("type=") and word[5:] in NUMBERING_TYPES:
                numbering = word[5:]
            else:
                self.fail(
                    node,
                    f"{word!r} is not an option of a numbered list",
                    "write {reversed} to count down, and/or {type=a}, {type=A}, {type=i} or "
                    "{type=I} to count in letters or Roman numerals.",
                )
        return reversed_, numbering

    def language_options(self, node: SyntaxTreeNode) -> tuple[str, str | None]:
        words = self.attributes(node, node.info.strip())
        if set(words) - {"lang", "dir"} or "lang" not in words:
            self.fail(
                node,
                f"'::: {node.info.strip()}' is not a language block",
                "write '::: {lang=cy}', or '::: {lang=ur dir=rtl}' for a right-to-left script.",
            )
        self.check_language(words["lang"], words.get("dir"), self.line(node))
        return words["lang"], words.get("dir")

    def attributes(self, node: SyntaxTreeNode, text: str) -> dict[str, str]:
        try:
            end, words = parse_attributes(text)
        except ParseError:
            end, words = -1, {}
        if end != len(text) - 1:
            self.fail(
                node,
                f"{text!r} is not a list of options in braces",
                "write the options as {name=value name=value}.",
            )
        return words

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
        children = self.inline_of(node)
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

    def paragraph(self, node: SyntaxTreeNode) -> Block:
        children = node.children[0].children if node.children else []
        if len(children) == 1 and children[0].type == "image":
            return self.figure(children[0])
        if len(children) == 1 and children[0].type == "link":
            inner = children[0].children
            if len(inner) == 1 and inner[0].type == "image":
                href = str(children[0].attrs.get("href", ""))
                self.check_link(href, self.line(node))
                return self.figure(inner[0], href)
        return Paragraph(self.inline_of(node))

    def verse(self, node: SyntaxTreeNode) -> Verse:
        if node.info.strip() != "verse":
            self.fail(
                node,
                f"'::: {node.info.strip()}' has more than the word verse",
                "write '::: verse' alone on the line.",
            )
        lines: list[tuple[Inline, ...]] = []
        for child in node.children:
            if child.type != "paragraph":
                self.fail(
                    child,
                    "a verse block holds only lines of text",
                    "end the verse with ':::' before a list, heading or table.",
                )
            if lines:
                lines.append(())  # a blank line between stanzas, as written
            line: list[Inline] = []
            for item in self.inline_of(child, breaks=True):
                if isinstance(item, LineBreak):
                    lines.append(tuple(line))
                    line = []
                else:
                    line.append(item)
            lines.append(tuple(line))
        if not lines:
            self.fail(node, "this verse block is empty", "write its lines, or remove it.")
        return Verse(tuple(lines))

    def definitions(self, node: SyntaxTreeNode) -> DefinitionList:
        items: list[Definition] = []
        for child in node.children:
            if child.type == "dt":
                items.append(Definition(self.inline_of(child), ()))
            else:
                last = items[-1]
                items[-1] = Definition(last.term, (*last.definitions, self.blocks(child.children)))
        return DefinitionList(tuple(items))

    # --- Tables ------------------------------------------------------------

    def caption(self, node: SyntaxTreeNode | None) -> tuple[Inline, ...]:
        if node is None:
            return ()
        inlines = list(self.inline_of(node))
        first = inlines[0]
        assert isinstance(first, Text)  # the inline source starts with "Table:"
        inlines[0] = Text(first.text[len(_CAPTION) :].lstrip())
        caption = tuple(i for i in inlines if not (isinstance(i, Text) and not i.text))
        if not caption:
            self.fail(
                node,
                "this 'Table:' caption line is empty",
                "write the caption after 'Table:', e.g. 'Table: Weekly doses'.",
            )
        return caption

    def table(self, node: SyntaxTreeNode, caption: tuple[Inline, ...]) -> Table:
        head, body = [], []
        for part in node.children:
            for row in part.children:
                cells = tuple(
                    TableCell(
                        self.inline_of(cell),
                        _alignment(cell.attrs.get("style")),
                        header=part.type == "thead",
                        scope="col" if part.type == "thead" else None,
                    )
                    for cell in row.children
                )
                (head if part.type == "thead" else body).append(cells)
        table = Table(head=tuple(head), body=tuple(body), caption=caption)
        slots = len(table.rows) * max(len(row) for row in table.rows)
        if slots > MAX_TABLE_CELLS:
            self.fail(
                node,
                f"this table has {slots} cells; the limit is {MAX_TABLE_CELLS}",
                "split it into smaller tables.",
            )
        return table

    def html_table(self, node: SyntaxTreeNode, caption: tuple[Inline, ...]) -> Table:
        from .html_table import parse_html_table  # BeautifulSoup loads only for an HTML table

        table = parse_html_table(node.content, self.line(node) or self.first_line, self)
        if caption and table.caption:
            self.fail(
                node, "this table has both a 'Table:' line and a <caption>", "keep one of them."
            )
        return Table(table.head, table.body, table.foot, caption or table.caption)


def _is_table(node: SyntaxTreeNode) -> bool:
    if node.type == "table":
        return True
    return node.type == "html_block" and node.content.lstrip()[:6].lower() == "<table"


def _inline_source(node: SyntaxTreeNode) -> str:
    return node.children[0].content if node.children else ""


def _alignment(style: object) -> str | None:
    match = re.search(r"text-align:\s*(left|center|right)", str(style or ""))
    return match.group(1) if match else None


def _check_parser_depth(tokens: list[Token], path: Path, first_line: int) -> None:
    """markdown-it stops at its nesting limit and drops the rest: refuse if it did."""
    line = first_line
    for token in tokens:
        if token.map:
            line = token.map[0] + first_line
        if token.level >= PARSER_NESTING - 1:
            raise SourceError(
                f"the text is nested more than {MAX_DEPTH} levels deep here",
                path=path,
                line=line,
                hint=_NESTED_HINT,
            )


def parse_body(text: str, path: Path, first_line: int) -> tuple[Block, ...]:
    """Parse the Markdown article text into blocks.

    ``first_line`` is the line of ``path`` the text starts on, so messages point into the
    file. Raises SourceError for anything the source format does not allow, for text
    beyond the limits of ``limits`` (size, blocks, nesting, table spans and cells), or
    for no text at all.
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_TEXT_BYTES:
        raise SourceError(
            f"the article text is {size:,} bytes long; the limit is {MAX_TEXT_BYTES:,}",
            path=path,
            line=first_line,
            hint="split it into several articles.",
        )
    tokens = make_parser().parse(text)
    _check_parser_depth(tokens, path, first_line)
    parser = _BodyParser(path, first_line)
    errors: list[SourceError] = []
    blocks = parser.blocks(SyntaxTreeNode(tokens).children, collect=errors)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise SourceProblems(errors)
    if not blocks:
        raise SourceError(
            "the article has no text below the details box",
            path=path,
            line=first_line,
            hint="write the article's text after the closing '---' line.",
        )
    return blocks
