"""The e-book's own accessibility and safety checks.

The EPUB writer runs these on the documents it has just rendered and writes the
conformance claim (``dcterms:conformsTo``) only when they find nothing. They are also
run on a built book (``check_epub``), so ``ssri-docs check`` and the tests see exactly
what the writer saw. They cover what can be decided from the markup alone; EPUBCheck
and Ace run on top of them in the tests.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree

from .text import parse_xml, read_package

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"
_XHTML = f"{{{XHTML_NS}}}"
_EPUB_TYPE = f"{{{EPUB_NS}}}type"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_HEADINGS = {f"{_XHTML}h{n}": n for n in range(1, 7)}
_SAFE_SCHEMES = {"http", "https", "mailto"}


@dataclass(frozen=True)
class Problem:
    document: str  # file name inside the book
    message: str
    unsafe: bool = False  # something that could run, fetch or read files: never publish

    def __str__(self) -> str:
        return f"{self.document}: {self.message}"


def _xpath(root: etree._Element, query: str, **variables: str) -> list:
    return root.xpath(query, namespaces={"x": XHTML_NS, "epub": EPUB_NS}, **variables)


def _language(name: str, root: etree._Element, language: str) -> list[Problem]:
    found = (root.get("lang"), root.get(_XML_LANG))
    if found != (language, language):
        return [Problem(name, f"lang/xml:lang are {found}, not {language!r}")]
    return []


def _images(name: str, root: etree._Element) -> list[Problem]:
    return [
        Problem(name, f"picture {img.get('src')!r} has no text description (alt)")
        for img in _xpath(root, "//x:img")
        if not (img.get("alt") or "").strip() and not _decorative(img)
    ]


def _decorative(img: etree._Element) -> bool:
    """A picture marked as decoration (alt="" and role="presentation"): hidden from
    assistive technology on purpose, so its empty description is right."""
    return img.get("alt") == "" and img.get("role") in ("presentation", "none")


def _headings(name: str, root: etree._Element) -> list[Problem]:
    levels = [_HEADINGS[el.tag] for el in root.iter() if el.tag in _HEADINGS]
    if not levels:
        return []
    problems = []
    if levels[0] != 1 or levels.count(1) != 1:
        problems.append(Problem(name, f"needs exactly one h1, first; headings are {levels}"))
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            problems.append(Problem(name, f"heading level skips from h{before} to h{after}"))
    return problems


def _safety(name: str, root: etree._Element) -> list[Problem]:
    """Nothing that runs, fetches or points outside the book where it should not."""
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.removeprefix(_XHTML)
        if tag in ("script", "iframe", "object", "embed", "form"):
            problems.append(Problem(name, f"has a <{tag}> element", unsafe=True))
        for qualified, value in element.attrib.items():
            attribute = etree.QName(qualified).localname.lower()
            if attribute.startswith("on"):
                problems.append(
                    Problem(name, f"<{tag}> has an event handler ({attribute})", unsafe=True)
                )
            if attribute in ("href", "src", "srcset", "poster", "data"):
                scheme = urlsplit(value).scheme.lower()
                remote_ok = tag == "a" and attribute == "href"
                if scheme and (scheme not in _SAFE_SCHEMES or not remote_ok):
                    problems.append(
                        Problem(name, f"<{tag} {attribute}={value!r}> is not allowed", unsafe=True)
                    )
        kinds = (element.get(_EPUB_TYPE) or "").split()
        if kinds and element.get("id") and "pagebreak" not in kinds:
            # ebooklib #339: such an element would be listed as a page in the page list.
            problems.append(Problem(name, f"<{tag}> has both epub:type and id"))
    return problems


def _links(name: str, root: etree._Element, roots: Mapping[str, etree._Element]) -> list[Problem]:
    """Links inside the book reach an existing document and, if given, an existing id."""
    problems = []
    for href in _xpath(root, "//x:a/@href"):
        parts = urlsplit(href)
        if parts.scheme:
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(name), unquote(parts.path)))
        if not parts.path:
            target = name
        if target not in roots:
            problems.append(Problem(name, f"link {href!r} points to no document in the book"))
        elif parts.fragment and not _xpath(roots[target], "//*[@id=$id]", id=parts.fragment):
            problems.append(Problem(name, f"link {href!r} points to no element"))
    return problems


def _nav(nav_name: str, roots: Mapping[str, etree._Element]) -> list[Problem]:
    """The contents list every document that has a heading; landmarks exist."""
    nav = roots.get(nav_name)
    if nav is None:
        return [Problem(nav_name, "the navigation document is missing")]
    problems = []
    tocs = _xpath(nav, "//x:nav[contains(concat(' ', @epub:type, ' '), ' toc ')]")
    if len(tocs) != 1:
        return [Problem(nav_name, f"needs one table of contents, has {len(tocs)}")]
    base = posixpath.dirname(nav_name)
    listed = {
        posixpath.normpath(posixpath.join(base, unquote(urlsplit(href).path)))
        for href in _xpath(tocs[0], ".//x:a/@href")
    }
    for name, root in roots.items():
        if name != nav_name and _xpath(root, "//x:h1") and name not in listed:
            problems.append(Problem(nav_name, f"the contents do not list {name}"))
    landmarks = _xpath(nav, "//x:nav[contains(concat(' ', @epub:type, ' '), ' landmarks ')]")
    if len(landmarks) != 1:
        problems.append(Problem(nav_name, "needs one landmarks list"))
    return problems


def _page_list(nav_name: str, roots: Mapping[str, etree._Element]) -> list[Problem]:
    """The page list links to every page-break marker, and to nothing else."""
    nav = roots.get(nav_name)
    if nav is None:
        return []
    markers = {
        (name, element.get("id"))
        for name, root in roots.items()
        for element in _xpath(root, "//*[contains(concat(' ', @epub:type, ' '), ' pagebreak ')]")
    }
    lists = _xpath(nav, "//x:nav[contains(concat(' ', @epub:type, ' '), ' page-list ')]")
    if not markers and not lists:
        return []
    if len(lists) != 1:
        return [Problem(nav_name, f"has {len(markers)} page breaks but {len(lists)} page lists")]
    base = posixpath.dirname(nav_name)
    listed = set()
    for href in _xpath(lists[0], ".//x:a/@href"):
        parts = urlsplit(href)
        target = posixpath.normpath(posixpath.join(base, unquote(parts.path)))
        listed.add((target, parts.fragment or None))
    problems = [
        Problem(nav_name, f"the page list does not link to the page break {name}#{marker}")
        for name, marker in sorted(markers - listed, key=str)
    ]
    problems += [
        Problem(nav_name, f"the page list links to {name}#{target}, which is no page break")
        for name, target in sorted(listed - markers, key=str)
    ]
    return problems


def check_documents(
    documents: Mapping[str, bytes], *, language: str, nav_name: str
) -> list[Problem]:
    """Every problem found in the book's XHTML documents (an empty list: all passed).

    ``documents`` maps each document's path inside the book to its bytes; paths are
    relative to one another as in the book.
    """
    problems: list[Problem] = []
    roots: dict[str, etree._Element] = {}
    for name, data in documents.items():
        try:
            roots[name] = parse_xml(data)
        except etree.XMLSyntaxError as error:
            problems.append(Problem(name, f"is not well-formed XML ({error})"))
    for name, root in roots.items():
        problems += _language(name, root, language)
        problems += _images(name, root)
        problems += _headings(name, root)
        problems += _safety(name, root)
        problems += _links(name, root, roots)
    problems += _nav(nav_name, roots)
    problems += _page_list(nav_name, roots)
    return problems


def check_epub(path: Path, language: str) -> list[Problem]:
    """The same checks on a built book: every XHTML document in its manifest."""
    with zipfile.ZipFile(path) as archive:
        package = read_package(archive)
        documents = {
            item_path: archive.read(item_path)
            for item_path, media_type, _ in package.manifest.values()
            if media_type == "application/xhtml+xml"
        }
        nav_name = package.nav_path() or "(no navigation document)"
    return check_documents(documents, language=language, nav_name=nav_name)
