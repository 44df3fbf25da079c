"""Stable ids for the places every format can point at: one numbering, beside the model.

The print leaflet and the e-book give each block of the article the same id, so a
place found in the laid-out PDF ("page 3 begins in ``b_14``") can be found again in
the e-book. A place is named by its path through ``model.sections()`` - the same paths
the narration script gives its utterances - so the audio's timings can be tied to
the same ids:

- ``(s,)`` the heading of section ``s``;
- ``(s, b)`` block ``b`` of section ``s`` (the section heading is not counted);
- ``(*list, i)`` item ``i`` of a list, and ``(*list, i, j)`` block ``j`` of that item;
- ``(*quote, j)`` block ``j`` of a quotation or of a passage in another language;
  ``(*table, r)`` body row ``r`` of a table;
- ``(*list, i, d, j)`` block ``j`` of definition ``d`` of term ``i`` of a definition list.

Headings keep their own ids from the source (slugs of a-z, 0-9 and "-"); every other
block gets ``b_1``, ``b_2``... in reading order and a table row ``<table id>_r<n>``.
An underscore never occurs in a heading slug, so the two kinds never collide.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from .model import (
    Article,
    Block,
    DefinitionList,
    Heading,
    ListBlock,
    ListItem,
    Passage,
    Quote,
    Table,
    sections,
)

Path = tuple[int, ...]


class Place(StrEnum):
    """Ids of the places outside the article body: one closed list for every format.

    The print leaflet and the e-book give their shared back matter these ids, so a page
    break found in the leaflet is found again in the book; the narration names where
    each utterance comes from with them, and the e-book's read-aloud ties utterances to
    elements through them. A member is its id (a ``str``), so templates write it as is.
    """

    TITLE_HEADING = "title_heading"  # the e-book's title page heading
    DISCLAIMER_HEADING = "disclaimer_heading"
    DISCLAIMER_TEXT = "disclaimer_text"
    REFERENCES_HEADING = "references_heading"
    RELATED_HEADING = "related_heading"
    RELATED_LIST = "related_list"
    RELATED_PREVIOUS = "related_previous"
    RELATED_NEXT = "related_next"
    OTHER_FORMATS_HEADING = "other_formats_heading"
    OTHER_FORMATS_TEXT = "other_formats_text"
    DOWNLOADS = "downloads_link"
    CONTACT = "contact_text"
    CONTACT_DETAILS = "contact_details"  # telephone, hours, address, email, charity number
    # The e-book's colophon.
    ABOUT_HEADING = "about_heading"
    ABOUT_PUBLISHER = "about_publisher"
    REVIEW_DATES = "review_dates"
    WEB_ADDRESS = "web_address"
    # Places only the recording has (no document shows them, so no overlay reads them).
    SPOKEN_PUBLISHER = "spoken_publisher"
    SPOKEN_CONTENTS = "spoken_contents"
    SPOKEN_CLOSING = "spoken_closing"
    SPOKEN_TELEPHONE = "spoken_telephone"  # the number to ring, said digit by digit
    SPOKEN_END = "spoken_end"
    # The large-print page's own sections. Its ids predate this list and differ from
    # the leaflet's and the e-book's; changing them would change the published page.
    PAGE_LISTEN = "page_listen"  # the player under the title
    PAGE_CONTENTS = "page_contents"
    PAGE_RELATED = "page_related"
    PAGE_REFERENCES = "page_references"
    PAGE_DISCLAIMER = "page_disclaimer"
    PAGE_OTHER_FORMATS = "page_other-formats"


def reference_anchor(number: int) -> str:
    """The list item of reference ``number`` (counted from 1), in the leaflet and the book."""
    return f"reference_{number}"


@dataclass(frozen=True)
class Anchored:
    """One place in the article body: where it is, what it is, and its id."""

    path: Path
    node: Block | ListItem | tuple  # a table row is a tuple of cells
    anchor: str


def anchored_blocks(article: Article) -> tuple[Anchored, ...]:
    """Every block, list item and table row of the body with its id, in reading order."""
    found: list[Anchored] = []
    counter = 0

    def next_id() -> str:
        nonlocal counter
        counter += 1
        return f"b_{counter}"

    def visit(block: Block, path: Path) -> None:
        if isinstance(block, Heading):
            found.append(Anchored(path, block, block.id))
            return
        anchor = next_id()
        found.append(Anchored(path, block, anchor))
        if isinstance(block, ListBlock):
            for item_index, item in enumerate(block.items):
                item_path = (*path, item_index)
                found.append(Anchored(item_path, item, next_id()))
                for inner_index, inner in enumerate(item.blocks):
                    visit(inner, (*item_path, inner_index))
        elif isinstance(block, Quote | Passage):
            for inner_index, inner in enumerate(block.blocks):
                visit(inner, (*path, inner_index))
        elif isinstance(block, DefinitionList):
            for item_index, item in enumerate(block.items):
                for definition_index, definition in enumerate(item.definitions):
                    for inner_index, inner in enumerate(definition):
                        visit(inner, (*path, item_index, definition_index, inner_index))
        elif isinstance(block, Table):
            for row_index, row in enumerate(block.body):
                found.append(Anchored((*path, row_index), row, f"{anchor}_r{row_index + 1}"))

    for section_index, section in enumerate(sections(article)):
        if section.heading is not None:
            visit(section.heading, (section_index,))
        for block_index, block in enumerate(section.blocks):
            visit(block, (section_index, block_index))
    return tuple(found)


def anchor_ids(article: Article) -> dict[Path, str]:
    """``path -> id`` for every place in the body (see the module's description)."""
    return {item.path: item.anchor for item in anchored_blocks(article)}
