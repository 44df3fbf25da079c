"""Read a built HTML page back into the text a reader sees, in reading order.

Scripts, styles, the document head, hidden elements and the fallback content of media
players (shown only by browsers that cannot play the file) are left out. Block-level
elements start a new line so words from neighbouring blocks never run together.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

NOT_SHOWN = frozenset({"head", "script", "style", "template", "noscript", "audio", "video"})
BLOCKS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "caption", "dd", "div", "dl", "dt",
        "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr",
        "li", "main", "nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip


def read_text(path: Path) -> str:
    """The visible text of the HTML file at ``path``, one block per line."""
    soup = BeautifulSoup(path.read_bytes(), "html.parser", from_encoding="utf-8")
    parts: list[str] = []
    _collect(soup.body or soup, parts)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _collect(node: Tag, parts: list[str]) -> None:
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, NavigableString):
            parts.append(str(child))
        elif isinstance(child, Tag):
            if child.name in NOT_SHOWN or child.has_attr("hidden"):
                continue
            block = child.name in BLOCKS
            if block:
                parts.append("\n")
            if child.name == "img" and child.get("alt"):
                parts.append(f" {child['alt']} ")
            _collect(child, parts)
            if block:
                parts.append("\n")
