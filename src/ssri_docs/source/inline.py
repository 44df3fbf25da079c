"""Read the text inside a block (markdown-it inline tokens) into model inlines.

The base of the body parser: where a message points (file and line, counting the line
breaks inside a paragraph), and the rules every inline shares with the HTML table
reader: link addresses (http, https, mailto or a place in the article; never
``javascript:``), phrases in another language (a BCP 47 tag, a direction), and
pictures (a file next to the article, with a description unless decorative).
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from markdown_it.tree import SyntaxTreeNode

from ..errors import SourceError
from ..model import (
    Code,
    Emphasis,
    Figure,
    Inline,
    LineBreak,
    Link,
    Span,
    Strong,
    Subscript,
    Superscript,
    Text,
)
from ..pictures import not_a_picture
from ..wording import inline_text
from .front_matter import LANGUAGE_PATTERN


class InlineReader:
    """Located messages and the inline rules; ``body._BodyParser`` builds on it."""

    def __init__(self, path: Path, first_line: int):
        self.path = path
        self.first_line = first_line
        self.inline_line = first_line  # the line of the inline being read (softbreaks move it)

    def line(self, node: SyntaxTreeNode) -> int | None:
        current: SyntaxTreeNode | None = node
        while current is not None:
            if current.map:
                return current.map[0] + self.first_line
            current = current.parent
        return None

    def fail(self, node: SyntaxTreeNode, message: str, hint: str) -> None:
        raise SourceError(message, path=self.path, line=self.line(node), hint=hint)

    def fail_at(self, line: int | None, message: str, hint: str) -> None:
        raise SourceError(message, path=self.path, line=line, hint=hint)

    def check_language(self, lang: str, direction: str | None, line: int | None) -> None:
        if not LANGUAGE_PATTERN.match(lang):
            self.fail_at(
                line,
                f"{lang!r} is not a language code",
                "write a BCP 47 language tag such as cy (Welsh), ur (Urdu), pl (Polish) or "
                "zh-Hans (Chinese, simplified).",
            )
        if direction not in (None, "rtl", "ltr"):
            self.fail_at(
                line,
                f"dir={direction!r} is not a writing direction",
                "write dir=rtl (right to left) or dir=ltr, or leave it out.",
            )

    def inline_of(self, node: SyntaxTreeNode, breaks: bool = False) -> tuple[Inline, ...]:
        """The inlines of a block with one inline child (paragraph, heading, cell, term)."""
        if not node.children:
            return ()
        inline = node.children[0]
        self.inline_line = self.line(inline) or self.first_line
        return self.inlines(inline.children, breaks)

    def inlines(self, nodes: list[SyntaxTreeNode], breaks: bool = False) -> tuple[Inline, ...]:
        result: list[Inline] = []
        for node in nodes:
            kind = node.type
            if kind == "text":
                result.append(Text(node.content))
            elif kind in ("softbreak", "hardbreak"):
                self.inline_line += 1
                result.append(LineBreak() if breaks or kind == "hardbreak" else Text(" "))
            elif kind == "code_inline":
                result.append(Code(node.content))
            elif kind == "link":
                href = str(node.attrs.get("href", ""))
                self.check_link(href, self.inline_line)
                title = node.attrs.get("title")
                children = self.inlines(node.children, breaks)
                result.append(Link(href, children, str(title) if title else None))
            elif kind == "span":
                lang, direction = node.attrs.get("lang"), node.attrs.get("dir")
                if set(node.attrs) - {"lang", "dir"}:
                    self.fail_at(
                        self.inline_line,
                        "a [phrase]{...} may only give lang= and dir=",
                        "write [Croeso]{lang=cy} or [...]{lang=ur dir=rtl}.",
                    )
                children = self.inlines(node.children, breaks)
                result.append(self.span(_text(lang), _text(direction), children, self.inline_line))
            elif kind in _WRAPPERS:
                result.append(_WRAPPERS[kind](self.inlines(node.children, breaks)))
            elif kind == "image":
                self.fail_at(
                    self.inline_line,
                    "a picture is inside a paragraph, heading or table cell",
                    "put the picture on a line of its own.",
                )
            elif kind == "html_inline":
                self.fail_at(
                    self.inline_line,
                    "HTML is not allowed in the article text",
                    "use Markdown instead (see docs/source-format.md).",
                )
            else:
                self.fail_at(
                    self.inline_line,
                    f"unsupported text formatting ({kind})",
                    "see docs/source-format.md.",
                )
        return tuple(_merge_text(result))

    def span(
        self, lang: str | None, direction: str | None, children: tuple[Inline, ...], line: int
    ) -> Span:
        """A phrase in another language, checked (used by the HTML table reader too)."""
        if not lang:
            self.fail_at(
                line,
                "a phrase in another language has no lang=",
                "write [Croeso]{lang=cy}, with the language's BCP 47 code.",
            )
        assert lang is not None
        self.check_language(lang, direction, line)
        return Span(lang, children, direction)

    def check_link(self, href: str, line: int | None) -> None:
        """Refuse (at ``line``) a link address that is not http(s), mailto or a fragment."""
        try:
            parts = urlsplit(href)
            hostname = parts.hostname
        except ValueError:
            parts, hostname = urlsplit(""), None
        if href.startswith("#") and len(href) > 1:
            return
        if parts.scheme == "mailto" and "@" in parts.path:
            return
        if parts.scheme in ("http", "https") and hostname:
            return
        self.fail_at(
            line,
            f"the link address {href!r} is not a full web address",
            "write the full address, starting with https:// (or mailto: for an email "
            "address, or # and a heading's id for a place in the article).",
        )

    def figure(self, node: SyntaxTreeNode, href: str | None = None) -> Figure:
        src = str(node.attrs.get("src", ""))
        line = self.line(node)
        if urlsplit(src).scheme or src.startswith(("/", "\\")) or ".." in Path(src).parts:
            self.fail(
                node,
                f"the picture {src!r} is not a file next to the article",
                "save the picture in the article's folder and write just its file name.",
            )
        folder = self.path.resolve().parent
        try:
            target = (folder / src).resolve()
            found = target.is_relative_to(folder) and target.is_file()
        except (OSError, ValueError):  # a name too long for the file system, a NUL byte
            found = False
        if not found:
            self.fail(
                node,
                f"the picture file {src!r} was not found next to the article",
                "check the file name and that the picture is in the same folder as the article.",
            )
        try:
            wrong = not_a_picture(target)
        except OSError as error:
            wrong = f"it cannot be read ({error.strerror})"
        if wrong:
            self.fail(
                node,
                f"the picture file {src!r} cannot be used: {wrong}",
                "open the picture in an image editor and save it again as a PNG or JPEG "
                "file in the article's folder, with a name ending .png or .jpg to match.",
            )
        extra = set(node.attrs) - {"src", "alt", "title", "class"}
        decorative = node.attrs.get("class") == "decorative"
        if extra or node.attrs.get("class", "decorative") != "decorative":
            self.fail_at(
                line,
                "a picture's {...} may only say {.decorative}",
                "write ![](border.png){.decorative} for a decorative picture.",
            )
        alt = inline_text(self.inlines(node.children)).strip()
        if decorative and alt:
            self.fail_at(
                line,
                f"the picture {src!r} is marked decorative but has a description",
                "leave the [] empty for a decorative picture, or remove {.decorative}.",
            )
        if not decorative and not alt:
            self.fail_at(
                line,
                f"the picture {src!r} has no description",
                "describe it between the [ ] for readers who cannot see it, or mark a "
                "picture that carries no information: ![](file.png){.decorative}",
            )
        title = node.attrs.get("title")
        caption = (Text(str(title)),) if title else ()
        return Figure(src=src, alt=alt, caption=caption, href=href, decorative=decorative)


_WRAPPERS = {"em": Emphasis, "strong": Strong, "sup": Superscript, "sub": Subscript}


def _text(value: object) -> str | None:
    return str(value) if value is not None else None


def _merge_text(inlines: list[Inline]) -> list[Inline]:
    merged: list[Inline] = []
    for item in inlines:
        if isinstance(item, Text) and not item.text:
            continue
        if merged and isinstance(item, Text) and isinstance(merged[-1], Text):
            merged[-1] = Text(merged[-1].text + item.text)
        else:
            merged.append(item)
    return merged
