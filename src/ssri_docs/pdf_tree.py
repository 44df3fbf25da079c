"""Walk a tagged PDF's structure tree (ISO 32000-1, 14.7), with pikepdf.

One walker for the two places that read the tree: the tagging repair of the print
leaflet (``writers/pdf/tagging.py``) and the PDF/UA structure check
(``checks/pdf/structure.py``). Both must agree on which structure elements exist and
which marked content the tree reaches: content the repair leaves unreached is what the
check reports, so two walkers that differed would let one pass what the other fails.

The tree is walked as a reader walks it: depth first, kids in order, each indirect
object once (a damaged or hostile file may link a node from two places or in a loop).
Marked-content references (``MCR``) and object references (``OBJR``) are leaves, and a
kid's page is its own ``/Pg`` or else the nearest ancestor's.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name

Page = tuple[int, int]  # a page object's (object number, generation): pikepdf's objgen


@dataclass(frozen=True)
class Element:
    """A structure element, as met in reading order."""

    tag: str  # its structure type, e.g. "/H2", "/LI"
    node: Dictionary  # the element itself (changes made to it change the PDF)
    page: pikepdf.Object | None  # the page its content is on: its /Pg or an ancestor's


def kids(node: Dictionary) -> list[pikepdf.Object]:
    """The node's ``/K`` entry as a list: [] when absent, one item when not an array."""
    found = node.get("/K")
    if found is None:
        return []
    return list(found) if isinstance(found, Array) else [found]


def tag(node: pikepdf.Object) -> str | None:
    """The structure type of a structure element (e.g. "/LBody"); None for anything else
    (a marked-content id, an MCR or OBJR, the tree's root)."""
    return str(node.S) if isinstance(node, Dictionary) and "/S" in node else None


def structure_elements(root: Dictionary) -> Iterator[Element]:
    """Every structure element under ``root`` (the ``/StructTreeRoot``), depth first,
    in reading order, each once. The caller may change an element it was given; the
    walk reads each node's kids only after yielding it, so list() the walk first when
    changing which kids an element has."""
    visited: set[Page] = set()
    pending: list[tuple[pikepdf.Object, pikepdf.Object | None]] = [
        (kid, None) for kid in reversed(kids(root))
    ]
    while pending:
        node, inherited = pending.pop()
        if not isinstance(node, Dictionary) or node.get("/Type") in (Name.MCR, Name.OBJR):
            continue
        if node.is_indirect:
            if node.objgen in visited:
                continue
            visited.add(node.objgen)
        page = node.get("/Pg", inherited)
        if "/S" in node:
            yield Element(str(node.S), node, page)
        pending.extend((kid, page) for kid in reversed(kids(node)))


def reachable_content(root: Dictionary) -> dict[Page, set[int]]:
    """The marked-content ids (MCIDs) the structure tree reaches, by page: an integer
    kid of an element, or an ``MCR`` kid (on its own ``/Pg`` if it has one). Content
    whose page cannot be told is left out."""
    found: dict[Page, set[int]] = {}
    for element in structure_elements(root):
        for kid in kids(element.node):
            if isinstance(kid, int) and element.page is not None:
                found.setdefault(element.page.objgen, set()).add(int(kid))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                page = kid.get("/Pg", element.page)
                if page is not None:
                    found.setdefault(page.objgen, set()).add(int(kid.MCID))
    return found


def parent_tree_arrays(root: Dictionary) -> dict[int, Array]:
    """The parent tree's per-page arrays (MCID -> structure element), by the pages'
    ``/StructParents`` key. Changing an array changes the PDF."""
    arrays: dict[int, Array] = {}
    pending = [root.ParentTree]
    while pending:
        node = pending.pop()
        nums = node.get("/Nums")
        if nums is not None:
            for position in range(0, len(nums), 2):
                value = nums[position + 1]
                if isinstance(value, Array):
                    arrays[int(nums[position])] = value
        pending.extend(node.get("/Kids", []))
    return arrays


def parent_tree_entries(root: Dictionary) -> Iterator[tuple[Array, int]]:
    """(array, index) of every parent-tree slot that names a structure element: each
    MCID slot of a page's array and each annotation's or XObject's own entry; setting
    ``array[index]`` re-points it."""
    pending = [root.ParentTree]
    while pending:
        node = pending.pop()
        nums = node.get("/Nums")
        if nums is not None:
            for position in range(1, len(nums), 2):
                value = nums[position]
                if isinstance(value, Array):
                    yield from ((value, index) for index in range(len(value)))
                else:
                    yield nums, position
        pending.extend(node.get("/Kids", []))
