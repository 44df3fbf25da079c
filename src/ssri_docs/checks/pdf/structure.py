"""PDF/UA-1 prerequisites, checked on a built PDF with pikepdf.

veraPDF is not available here, and the ``pdfua`` checker covers only part of the
rules, so the machine-checkable core from docs/standards.md is checked directly:
identification, language, title, tagging, reading content, headings, figures, lists,
tables (``tables.py``), links and fonts. ``problems()`` returns one sentence per
problem; an empty list means the file passes. Tests and ``ssri-docs check``
(``CHECK``) use it. The structure tree is read with ``pdf_tree``, the walker the
writer's tagging repair uses too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

from ...pdf_tree import Element, kids, reachable_content, structure_elements, tag
from ..check import Check, Job
from ..results import FAIL, PASS, CheckResult
from .tables import table_problems

# Operators that put marks on the page (text, paths, images, shadings).
_TEXT_OPERATORS = {"Tj", "TJ", "'", '"'}
_PAINT_OPERATORS = {"f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "Do", "INLINE IMAGE"}
_HEADING = re.compile(r"/H([1-6])$")


def problems(path: Path) -> list[str]:
    """Every PDF/UA-1 prerequisite that the file at ``path`` misses."""
    with pikepdf.open(path) as pdf:
        found = identification_problems(pdf)
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            return [*found, "the PDF has no structure tree (it is not tagged)"]
        elements = list(structure_elements(root))
        found += heading_problems(elements)
        found += figure_problems(elements)
        found += list_problems(elements)
        found += table_problems(root, elements)
        found += link_problems(pdf, elements)
        found += content_problems(pdf, root)
        found += font_problems(pdf)
        if not pdf.open_outline().root:
            found.append("the PDF has no bookmarks")
    return found


def identification_problems(pdf: pikepdf.Pdf) -> list[str]:
    """XMP PDF/UA identification, title shown in the window, language, Marked."""
    found = []
    metadata = pdf.open_metadata(set_pikepdf_as_editor=False)
    if str(metadata.get("pdfuaid:part", "")) != "1":
        found.append("the XMP metadata does not say pdfuaid:part=1")
    if not str(metadata.get("dc:title", "")).strip():
        found.append("the XMP metadata has no dc:title")
    if not str(pdf.docinfo.get("/Title", "")).strip():
        found.append("the document information has no /Title")
    if not str(pdf.Root.get("/Lang", "")).strip():
        found.append("the catalog has no /Lang (document language)")
    preferences = pdf.Root.get("/ViewerPreferences", Dictionary())
    if not bool(preferences.get("/DisplayDocTitle", False)):
        found.append("/ViewerPreferences /DisplayDocTitle is not true")
    mark_info = pdf.Root.get("/MarkInfo", Dictionary())
    if not bool(mark_info.get("/Marked", False)):
        found.append("/MarkInfo /Marked is not true")
    return found


def heading_levels(root: Dictionary) -> list[int]:
    """The heading levels (1-6) of the structure tree, in reading order."""
    levels = []
    for element in structure_elements(root):
        match = _HEADING.match(element.tag)
        if match:
            levels.append(int(match.group(1)))
    return levels


def heading_problems(elements: list[Element]) -> list[str]:
    """One H1 first, then no heading more than one level below the one before it, and
    no empty heading (PDF/UA-1 7.4: pdfua's rule UA-14-001 cannot run, see pdfua.py)."""
    headings = [(e, int(m.group(1))) for e in elements if (m := _HEADING.match(e.tag))]
    levels = [level for _, level in headings]
    if not levels:
        return ["the structure tree has no headings"]
    found = [
        f"heading {number} (H{level}) is empty: it marks no content"
        for number, (element, level) in enumerate(headings, start=1)
        if not _marks_content(element.node)
    ]
    if levels[0] != 1:
        found.append(f"the first heading is H{levels[0]}, not H1")
    if levels.count(1) != 1:
        found.append(f"there are {levels.count(1)} H1 headings instead of one")
    for before, after in zip(levels, levels[1:], strict=False):
        if after > before + 1:
            found.append(f"a heading skips from H{before} to H{after}")
    return found


def _marks_content(node: pikepdf.Object, depth: int = 0) -> bool:
    """Whether a structure element reaches page content: a marked-content id, an MCR,
    or /ActualText, through its kids (a loop or a very deep tree counts as empty)."""
    if not isinstance(node, Dictionary) or depth > 50:
        return False
    if str(node.get("/ActualText", "")).strip():
        return True
    for kid in kids(node):
        if isinstance(kid, int) and not isinstance(kid, bool):
            return True
        if isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
            return True
        if _marks_content(kid, depth + 1):
            return True
    return False


def figure_problems(elements: list[Element]) -> list[str]:
    found = []
    for number, element in enumerate((e for e in elements if e.tag == "/Figure"), start=1):
        if not str(element.node.get("/Alt", "")).strip():
            found.append(f"figure {number} has no alternate text (/Alt)")
    return found


def list_problems(elements: list[Element]) -> list[str]:
    """Lists hold list items; a list item holds a label and a body (ISO 32000-1, 14.8.4.3)."""
    found = []
    for element in elements:
        kid_tags = [kid_tag for k in kids(element.node) if (kid_tag := tag(k)) is not None]
        if element.tag == "/L" and set(kid_tags) - {"/LI", "/L", "/Caption"}:
            found.append(f"a list (L) holds {', '.join(sorted(set(kid_tags)))}")
        if element.tag == "/LI" and set(kid_tags) - {"/Lbl", "/LBody"}:
            found.append(f"a list item (LI) holds {', '.join(sorted(set(kid_tags)))}")
    return found


def link_problems(pdf: pikepdf.Pdf, elements: list[Element]) -> list[str]:
    """Link elements own their annotations; every link annotation is tagged and described."""
    found = []
    for number, element in enumerate((e for e in elements if e.tag == "/Link"), start=1):
        if not any(
            isinstance(k, Dictionary) and k.get("/Type") == Name.OBJR for k in kids(element.node)
        ):
            found.append(f"link {number} in the structure tree has no link annotation")
    for page_number, page in enumerate(pdf.pages, start=1):
        for annotation in page.obj.get("/Annots", Array()):
            if annotation.get("/Subtype") != Name.Link:
                continue
            if "/StructParent" not in annotation:
                found.append(f"a link annotation on page {page_number} is not tagged")
            if not str(annotation.get("/Contents", "")).strip():
                found.append(f"a link annotation on page {page_number} has no /Contents")
        if page.obj.get("/Annots") and page.obj.get("/Tabs") != Name.S:
            found.append(f"page {page_number} has annotations but /Tabs is not /S")
    return found


def content_problems(pdf: pikepdf.Pdf, root: Dictionary) -> list[str]:
    """Every mark on every page is either an artifact or tagged content in the tree.

    A marked-content sequence with an MCID must be reachable from the structure
    tree's root (WeasyPrint's running headers are not: Kozea/WeasyPrint#1836), and
    no text, path or image may be drawn outside any marked-content sequence.
    """
    reachable = reachable_content(root)
    found = []
    for page_number, page in enumerate(pdf.pages, start=1):
        on_page = reachable.get(page.objgen, set())
        open_tags: list[str] = []
        untagged = 0
        for operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("BDC", "BMC"):
                open_tags.append(str(operands[0]))
                properties = operands[1] if name == "BDC" else None
                if isinstance(properties, Dictionary) and "/MCID" in properties:
                    mcid = int(properties.MCID)
                    if mcid not in on_page:
                        found.append(
                            f"page {page_number}: marked content {operands[0]} MCID {mcid} "
                            "is not in the structure tree and not an artifact"
                        )
            elif name == "EMC":
                if open_tags:
                    open_tags.pop()
            elif (name in _TEXT_OPERATORS or name in _PAINT_OPERATORS) and not open_tags:
                untagged += 1
        if untagged:
            found.append(
                f"page {page_number}: {untagged} drawing operations outside any marked content"
            )
    return found


def font_problems(pdf: pikepdf.Pdf) -> list[str]:
    """Every font used on a page carries its font program (PDF/UA 7.21.4.1)."""
    found = []
    seen: set[tuple[int, int]] = set()
    for page_number, page in enumerate(pdf.pages, start=1):
        fonts = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
        for key, font in fonts.items():
            if font.is_indirect:
                if font.objgen in seen:
                    continue
                seen.add(font.objgen)
            if font.get("/Subtype") == Name.Type3:
                continue  # glyphs drawn by the file itself
            descendant = font.DescendantFonts[0] if "/DescendantFonts" in font else font
            descriptor = descendant.get("/FontDescriptor", Dictionary())
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                found.append(f"page {page_number}: font {key} is not embedded")
    return found


def bookmarks(path: Path) -> list[tuple[int, str]]:
    """The outline as (depth from 1, title), in order."""
    result: list[tuple[int, str]] = []
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:

        def visit(items, depth: int) -> None:
            for item in items:
                result.append((depth, str(item.title)))
                visit(item.children, depth + 1)

        visit(outline.root, 1)
    return result


def structure_check(job: Job) -> list[CheckResult]:
    """``problems`` of the PDF, as one result."""
    found = problems(job.target.path)
    return [
        CheckResult(
            check="PDF/UA structure",
            target=job.target.label,
            status=FAIL if found else PASS,
            summary=f"{len(found)} problems",
            details=tuple(found),
        )
    ]


CHECK = Check("PDF/UA structure", "pdf", structure_check)
