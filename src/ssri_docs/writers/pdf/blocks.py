"""Structure types for figures, preformatted text, definition lists and picture links.

What WeasyPrint 70 makes of them, and what this module turns it into:

- ``<figure>``: ``NonStruct > NonStruct(anonymous) > Figure`` plus a sibling
  ``Caption`` becomes ``Div > Figure, Caption`` (the Caption stays beside the Figure: a
  Figure's ``/Alt`` replaces everything inside it);
- ``<pre>``: ``NonStruct`` becomes ``P``;
- ``<dl>``: ``L > LI(LBody dt), LI(LBody dd)``, terms and definitions as unpaired items,
  becomes ``L > LI(Lbl dt, LBody dd)``, a second definition a ``P`` in the ``LBody``;
- ``<a><img alt></a>``: WeasyPrint hangs a second link annotation on the ``Figure``
  and describes both by the address; both move to the ``Link`` and are described by the
  picture's text alternative (PDF/UA-1 7.18.5).
"""

from __future__ import annotations

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from ...pdf_tree import kids, structure_elements, tag
from .struct_map import HtmlElements, html_of, local_name


def retag_blocks(pdf: pikepdf.Pdf, elements: HtmlElements) -> dict[str, int]:
    """Retag figures, ``pre`` and definition lists; return how many of each."""
    counts = {"figure": 0, "pre": 0, "dl": 0}
    for element in list(structure_elements(pdf.Root.StructTreeRoot)):
        node = element.node
        html = html_of(node, elements)
        name = local_name(html)
        if name == "figure" and element.tag == "/NonStruct":
            if "/P" in node and html_of(node.P, elements) is html:
                _lift(node)  # WeasyPrint's anonymous block inside the figure
            else:
                node.S = Name.Div
                counts["figure"] += 1
        elif name == "pre" and element.tag == "/NonStruct":
            node.S = Name.P
            counts["pre"] += 1
        elif name == "dl" and element.tag == "/L":
            counts["dl"] += _pair_terms(node, elements)
    return counts


def _lift(anonymous: Dictionary) -> None:
    """Put an element's kids in its place in its parent."""
    parent = anonymous.P
    lifted: list[pikepdf.Object] = []
    for kid in kids(parent):
        if isinstance(kid, Dictionary) and kid.is_indirect and kid.objgen == anonymous.objgen:
            for inner in kids(anonymous):
                if tag(inner):
                    inner.P = parent
                lifted.append(inner)
        else:
            lifted.append(kid)
    parent.K = Array(lifted)


def _pair_terms(definition_list: Dictionary, elements: HtmlElements) -> int:
    """``L > LI(LBody dt) LI(LBody dd)...`` -> ``L > LI(Lbl dt, LBody dd)``; return the
    number of terms."""
    items: list[pikepdf.Object] = []
    terms = 0
    current: Dictionary | None = None
    for item in kids(definition_list):
        body = next((k for k in kids(item) if tag(k) == "/LBody"), None)
        kind = local_name(html_of(body, elements)) if body is not None else ""
        if kind == "dt":
            body.S = Name.Lbl
            current = item
            items.append(item)
            terms += 1
        elif kind == "dd" and current is not None:
            body.P = current  # a term's definitions join its item
            current.K = Array([*kids(current), body])
        else:
            current = None
            items.append(item)
    definition_list.K = Array(items)
    for item in items:
        labels = [k for k in kids(item) if tag(k) == "/Lbl"]
        bodies = [k for k in kids(item) if tag(k) == "/LBody"]
        if len(bodies) > 1:
            for extra in bodies[1:]:
                extra.S = Name.P  # a further definition: a paragraph of the first LBody
                extra.P = bodies[0]
            bodies[0].K = Array([*kids(bodies[0]), *bodies[1:]])
            item.K = Array([*labels, bodies[0]])
    return terms


def describe_picture_links(pdf: pikepdf.Pdf) -> int:
    """Describe a picture link's annotations by the picture's ``/Alt``, and hang them all
    on the ``Link``; return how many annotations were described."""
    root = pdf.Root.StructTreeRoot
    count = 0
    for element in structure_elements(root):
        if element.tag != "/Link":
            continue
        link = element.node
        figures = [
            e.node
            for e in structure_elements(Dictionary(K=Array(kids(link))))
            if e.tag == "/Figure" and "/Alt" in e.node
        ]
        if not figures:
            continue
        alt = " ".join(str(figure.Alt) for figure in figures)
        for figure in figures:
            objrs = [k for k in kids(figure) if _is_objr(k)]
            if not objrs:
                continue
            figure.K = Array([k for k in kids(figure) if not _is_objr(k)])
            link.K = Array([*kids(link), *objrs])
            for objr in objrs:
                _point_parent_tree(root, int(objr.Obj.StructParent), link)
        for kid in kids(link):
            if _is_objr(kid):
                kid.Obj.Contents = String(alt)
                count += 1
    return count


def _is_objr(node: pikepdf.Object) -> bool:
    return isinstance(node, Dictionary) and node.get("/Type") == Name.OBJR


def _point_parent_tree(root: Dictionary, key: int, element: Dictionary) -> None:
    """Point the parent-tree entry ``key`` (an annotation's /StructParent) at ``element``."""
    nums = root.ParentTree.get("/Nums")
    if nums is None:
        return
    for position in range(0, len(nums), 2):
        if int(nums[position]) == key:
            nums[position + 1] = element
