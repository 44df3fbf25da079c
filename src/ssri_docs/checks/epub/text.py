"""Read a built EPUB back into the text a reader meets, in spine order.

Follows the book the way a reading system does: ``META-INF/container.xml`` names the
package document, whose spine lists the content documents in reading order. From each
document the visible text of ``<body>`` is taken (hidden parts, such as the landmarks
list, are skipped), with block elements on lines of their own.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

CONTAINER = "META-INF/container.xml"
NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "x": "http://www.w3.org/1999/xhtml",
}
_XHTML = "{http://www.w3.org/1999/xhtml}"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True)
_BLOCKS = {
    "p", "div", "section", "nav", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ol", "ul",
    "blockquote", "pre", "table", "tr", "th", "td", "figure", "figcaption", "caption", "br",
    "hr", "dl", "dt", "dd",
}  # fmt: skip
_SKIPPED = {"head", "script", "style", "template"}


@dataclass(frozen=True)
class SpineDocument:
    name: str  # path inside the zip
    data: bytes
    linear: bool


@dataclass(frozen=True)
class Package:
    """The parts of the package document that checks need."""

    path: str  # e.g. "EPUB/content.opf"
    root: etree._Element
    manifest: dict[str, tuple[str, str, str]]  # id -> (zip path, media type, properties)
    spine: tuple[tuple[str, bool], ...]  # (manifest id, linear) in reading order

    def item_path(self, item_id: str) -> str:
        return self.manifest[item_id][0]

    def nav_path(self) -> str | None:
        for path, _, properties in self.manifest.values():
            if "nav" in properties.split():
                return path
        return None


def parse_xml(data: bytes) -> etree._Element:
    return etree.fromstring(data, _PARSER)


def read_package(archive: zipfile.ZipFile) -> Package:
    container = parse_xml(archive.read(CONTAINER))
    opf_path = container.xpath("//c:rootfile/@full-path", namespaces=NS)[0]
    root = parse_xml(archive.read(opf_path))
    base = posixpath.dirname(opf_path)
    manifest = {
        item.get("id"): (
            posixpath.normpath(posixpath.join(base, unquote(item.get("href")))),
            item.get("media-type", ""),
            item.get("properties", ""),
        )
        for item in root.xpath("opf:manifest/opf:item", namespaces=NS)
    }
    spine = tuple(
        (ref.get("idref"), ref.get("linear", "yes") != "no")
        for ref in root.xpath("opf:spine/opf:itemref", namespaces=NS)
    )
    return Package(opf_path, root, manifest, spine)


def read_spine(path: Path) -> list[SpineDocument]:
    """The content documents of the book at ``path``, in reading order."""
    with zipfile.ZipFile(path) as archive:
        package = read_package(archive)
        return [
            SpineDocument(
                package.item_path(item_id), archive.read(package.item_path(item_id)), linear
            )
            for item_id, linear in package.spine
        ]


def _flat(text: str | None, preformatted: bool = False) -> str:
    # Line breaks in the markup are spaces to a reader; lines come from block elements,
    # except inside <pre>, whose line breaks are the text's own.
    if preformatted:
        return (text or "").replace("\r", "")
    return (text or "").replace("\n", " ").replace("\r", " ")


def _visible_text(element: etree._Element, parts: list[str], pre: bool = False) -> None:
    if not isinstance(element.tag, str):  # comments, processing instructions
        parts.append(_flat(element.tail, pre))
        return
    name = element.tag.removeprefix(_XHTML)
    hidden = name in _SKIPPED or element.get("hidden") is not None
    if not hidden:
        block = name in _BLOCKS
        inside = pre or name == "pre"
        if block:
            parts.append("\n")
        parts.append(_flat(element.text, inside))
        for child in element:
            _visible_text(child, parts, inside)
        if block:
            parts.append("\n")
    parts.append(_flat(element.tail, pre))


def document_text(data: bytes) -> str:
    """The visible text of one XHTML content document's body."""
    root = parse_xml(data)
    body = root.find(f"{_XHTML}body")
    if body is None:
        return ""
    parts: list[str] = []
    _visible_text(body, parts)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def read_text(path: Path) -> str:
    """The reading-order text of the whole book: every spine document, in order."""
    return "\n\n".join(document_text(doc.data) for doc in read_spine(path))
