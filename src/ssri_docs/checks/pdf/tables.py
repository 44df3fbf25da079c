"""Table structure in a tagged PDF (PDF/UA-1 7.5, Matterhorn checkpoint 15).

The ``pdfua`` checker only asks that a table has header cells with ``/Scope`` or
``/Headers``; this checks what a screen reader relies on: every ``TH`` says what it
heads (``/Scope`` Column, Row or Both: Matterhorn 15-003), and every name in a
``TD``'s ``/Headers`` resolves, through the structure tree's ``/IDTree``, to a ``TH``
(15-005). Used by ``structure.problems``.
"""

from __future__ import annotations

from pikepdf import Array, Dictionary, Name

from ...pdf_tree import Element

SCOPES = ("/Column", "/Row", "/Both")


def table_problems(root: Dictionary, elements: list[Element]) -> list[str]:
    """One sentence per header cell without a scope and per unresolved header name."""
    found: list[str] = []
    headers = _id_tree(root)
    for number, element in enumerate((e for e in elements if e.tag == "/TH"), start=1):
        scope = _table_attributes(element.node).get("/Scope")
        if scope is None or str(scope) not in SCOPES:
            found.append(f"header cell {number} (TH) has no /Scope (Matterhorn 15-003)")
    for number, element in enumerate((e for e in elements if e.tag == "/TD"), start=1):
        for name in _table_attributes(element.node).get("/Headers", Array()):
            target = headers.get(str(name))
            if target is None or str(target.get("/S")) != "/TH":
                found.append(
                    f"data cell {number} (TD) names header {str(name)!r}, "
                    "which is no TH in the /IDTree (Matterhorn 15-005)"
                )
    return found


def _table_attributes(node: Dictionary) -> Dictionary:
    found = node.get("/A")
    for attributes in found if isinstance(found, Array) else [found]:
        if isinstance(attributes, Dictionary) and attributes.get("/O") == Name.Table:
            return attributes
    return Dictionary()


def _id_tree(root: Dictionary) -> dict[str, Dictionary]:
    """The structure tree's ``/IDTree`` name tree as a dict (empty when absent)."""
    found: dict[str, Dictionary] = {}
    pending = [root["/IDTree"]] if "/IDTree" in root else []
    while pending:
        node = pending.pop()
        names = node.get("/Names")
        if names is not None:
            for position in range(0, len(names) - 1, 2):
                found[str(names[position])] = names[position + 1]
        pending.extend(node.get("/Kids", []))
    return found
