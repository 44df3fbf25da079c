"""Repair WeasyPrint's tagging so that the leaflet meets PDF/UA-1.

The post-pass that runs on every leaflet, in this order: with the HTML element of each
structure element recorded while WeasyPrint wrote it (``struct_map``), page fragments
are merged (``fragments``), table attributes set (``tables``), the language of parts
added (``language``), figures, ``pre``, definition lists and picture links retagged
(``blocks``); then the two repairs below, which need no record, run last (the merge
leaves repeated table headers unlinked, and the first of them turns those into
artifacts).

Running header, footer and page numbers (``mark_running_content_as_artifacts``):

WeasyPrint 70 tags the text of page-margin boxes as marked content with MCIDs and
builds structure elements for it, but never links those elements into the structure
tree (upstream issue Kozea/WeasyPrint#1836, open: the maintainers note that putting
them into the tree as artifacts is only possible in PDF 2.0). A PDF/UA-1 checker then
finds content that is neither real tagged content nor an artifact.

The repair, done here and only here: every marked-content sequence whose MCID is not
reachable from the structure tree's root is rewritten into an
``/Artifact <</Type /Pagination /Subtype /Header|/Footer>>`` sequence, and its
parent-tree entry is cleared, so the orphan structure elements are dropped on save.

List items (``wrap_list_item_bodies``): WeasyPrint puts an item's paragraphs straight
under ``LI`` next to its ``Lbl``, while the standard structure types allow only
``Lbl`` and ``LBody`` there; the item's content is moved into one ``LBody``.

The structure tree is walked with ``pdf_tree``, as the PDF/UA check walks it, so the
content this repair leaves unreached is exactly what the check would report.
"""

from __future__ import annotations

import io
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator

from ...errors import InternalError
from ...pdf_tree import kids, parent_tree_arrays, reachable_content, structure_elements, tag
from .blocks import describe_picture_links, retag_blocks
from .fragments import merge_fragments
from .language import add_actual_text_rtl, add_lang
from .struct_map import HtmlElements, strip_refs
from .tables import repair_table_attributes, tag_headerless_tables_as_rows


def repair_tagging(
    data: bytes, elements: HtmlElements | None = None, html_root: Any | None = None
) -> bytes:
    """The same PDF with every repair applied.

    ``elements`` is ``struct_map.recording_elements``'s record of the write that made
    ``data`` and ``html_root`` the laid-out HTML's root element; without them only the
    two record-free repairs run. Raises ``InternalError`` for an untagged PDF.
    """
    with pikepdf.open(io.BytesIO(data)) as pdf:
        root = pdf.Root.get("/StructTreeRoot")
        if root is None:
            raise InternalError(
                "the print leaflet has no structure tree (it was not tagged)",
                detail="WeasyPrint should tag PDF/UA-1 output",
            )
        if elements is not None and html_root is not None:
            merge_fragments(pdf, elements)
            repair_table_attributes(pdf, elements, html_root)
            tag_headerless_tables_as_rows(pdf)
            add_lang(pdf, elements)
            add_actual_text_rtl(pdf, elements)
            retag_blocks(pdf, elements)
            describe_picture_links(pdf)
        strip_refs(root)
        mark_running_content_as_artifacts(pdf, root)
        wrap_list_item_bodies(pdf, root)
        output = io.BytesIO()
        # deterministic_id: the file identifier is a hash of the content, not random.
        pdf.save(output, deterministic_id=True, compress_streams=True)
        return output.getvalue()


def mark_running_content_as_artifacts(pdf: pikepdf.Pdf, root: Dictionary) -> None:
    """Turn marked content that the structure tree does not reach into artifacts."""
    reachable = reachable_content(root)
    parent_tree = parent_tree_arrays(root)
    for index, page in enumerate(pdf.pages):
        orphans = _rewrite_orphan_sequences(pdf, page, reachable.get(page.objgen, set()))
        page_parents = parent_tree.get(page.obj.get("/StructParents", index))
        for mcid in orphans:
            if page_parents is not None and mcid < len(page_parents):
                page_parents[mcid] = pikepdf.Object.parse(b"null")


def wrap_list_item_bodies(pdf: pikepdf.Pdf, root: Dictionary) -> None:
    """Give every ``LI`` the children ``Lbl`` then one ``LBody`` holding the rest."""
    for element in list(structure_elements(root)):
        if element.tag != "/LI":
            continue
        item = element.node
        item_kids = kids(item)
        labels = [k for k in item_kids if tag(k) == "/Lbl"]
        rest = [k for k in item_kids if tag(k) not in ("/Lbl", "/LBody")]
        if not rest:
            continue
        if any(tag(k) is None for k in rest):
            # Content attached straight to LI would need its parent-tree entries moved
            # too; WeasyPrint 70 never does this, so leave such an item as it is.
            continue
        body = Dictionary(Type=Name.StructElem, S=Name.LBody, P=item, K=Array(rest))
        if "/Pg" in item:
            body.Pg = item.Pg
        body = pdf.make_indirect(body)
        for kid in rest:
            kid.P = body
        bodies = [k for k in item_kids if tag(k) == "/LBody"]
        item.K = Array([*labels, *bodies, body])


def _rewrite_orphan_sequences(
    pdf: pikepdf.Pdf, page: pikepdf.Page, reachable: set[int]
) -> list[int]:
    """Rewrite this page's orphan BDC operators; return the MCIDs that were orphans."""
    instructions = pikepdf.parse_content_stream(page)
    page_height = float(page.mediabox[3]) - float(page.mediabox[1])
    orphans: list[int] = []
    rewritten = []
    ctm_stack = [(1.0, 0.0, 0.0, 1.0, 0.0, 0.0)]
    pending_orphan: int | None = None  # index in ``rewritten`` of an orphan BDC awaiting position
    for operands, operator in instructions:
        name = str(operator)
        if name == "q":
            ctm_stack.append(ctm_stack[-1])
        elif name == "Q" and len(ctm_stack) > 1:
            ctm_stack.pop()
        elif name == "cm":
            ctm_stack[-1] = _multiply(tuple(float(v) for v in operands), ctm_stack[-1])
        elif name == "BDC" and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]:
            mcid = int(operands[1].MCID)
            if mcid not in reachable:
                orphans.append(mcid)
                pending_orphan = len(rewritten)
                operands = [Name.Artifact, Dictionary(Type=Name.Pagination)]
        elif name == "Tm" and pending_orphan is not None:
            # Where the sequence's text starts tells a header from a footer.
            matrix = _multiply(tuple(float(v) for v in operands), ctm_stack[-1])
            subtype = Name.Header if matrix[5] > page_height / 2 else Name.Footer
            rewritten[pending_orphan][0][1].Subtype = subtype
            pending_orphan = None
        elif name == "EMC":
            pending_orphan = None
        rewritten.append((list(operands), Operator(name)))
    if orphans:
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(rewritten))
    return orphans


def _multiply(
    first: tuple[float, ...], second: tuple[float, ...]
) -> tuple[float, float, float, float, float, float]:
    """``first`` x ``second`` for PDF matrices [a b c d e f]."""
    a1, b1, c1, d1, e1, f1 = first
    a2, b2, c2, d2, e2, f2 = second
    return (
        a1 * a2 + b1 * c2,
        a1 * b2 + b1 * d2,
        c1 * a2 + d1 * c2,
        c1 * b2 + d1 * d2,
        e1 * a2 + f1 * c2 + e2,
        e1 * b2 + f1 * d2 + f2,
    )
