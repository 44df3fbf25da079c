"""The EPUB's document plan: which content documents the book has, in what order.

The book reads: cover, contents, the introduction under the book title, each section
(its heading as the document's ``h1``, sub-headings one level up), what to read next,
the disclaimer, the references and the colophon. This module decides the documents,
their file names, titles and landmarks, the nesting of the table of contents and the
places a print page marker can go; ``content`` renders the planned documents as XHTML.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from ... import anchors, wording
from ...anchors import Place
from ...model import Article, Block, Code, Heading, Paragraph, iter_blocks, sections
from .pages import BLOCK, TEXT

# Files inside the book's content folder that are not planned content documents.
STYLESHEET = "style.css"
NAV_FILE = "nav.xhtml"
COVER_FILE = "cover.xhtml"


@dataclass(frozen=True)
class TocEntry:
    label: str
    href: str
    children: tuple[TocEntry, ...] = ()


@dataclass(frozen=True)
class DocumentPlan:
    """A content document before rendering: which blocks go where."""

    uid: str
    file_name: str
    title: str
    template: str
    variables: dict
    landmark: str | None = None
    blocks: tuple[Block, ...] = ()


def is_code_block(value: object) -> bool:
    return (
        isinstance(value, Paragraph)
        and len(value.children) == 1
        and isinstance(value.children[0], Code)
        and "\n" in value.children[0].text
    )


def headings_in(blocks: tuple[Block, ...]) -> Iterator[Heading]:
    """Every heading, however deeply nested in quotes or lists."""
    return (block for block in iter_blocks(blocks) if isinstance(block, Heading))


def plan_documents(article: Article) -> list[DocumentPlan]:
    """The book's content documents in reading order: the sections, then the back matter."""
    plans: list[DocumentPlan] = []
    for number, section in enumerate(sections(article), start=1):
        file_name = f"section-{number:02d}.xhtml"
        if section.heading is None:  # the untitled introduction, under the book title
            title, heading_id = article.title, Place.TITLE_HEADING
        else:
            title = wording.inline_text(section.heading.children).strip()
            heading_id = section.heading.id
        plans.append(
            DocumentPlan(
                uid=f"section-{number:02d}",
                file_name=file_name,
                title=title,
                template="section",
                variables={
                    "heading": title,
                    "heading_id": heading_id,
                    "lead": None,
                    "path": (number - 1,),
                },
                landmark="bodymatter" if number == 1 else None,
                blocks=section.blocks,
            )
        )
    first = plans[0]
    if first.variables["heading_id"] != Place.TITLE_HEADING:
        # No introduction: open the book with its title and summary.
        plans.insert(
            0,
            DocumentPlan(
                uid="title",
                file_name="title.xhtml",
                title=article.title,
                template="section",
                variables={
                    "heading": article.title,
                    "heading_id": Place.TITLE_HEADING,
                    "lead": article.summary,
                    "path": (),
                },
                landmark="bodymatter",
            ),
        )
        plans[1] = replace(plans[1], landmark=None)
    # The back matter in wording.BACK_MATTER's order; the other formats are in the
    # colophon, which ends every book (see wording.BACK_MATTER).
    back_matter = {
        "disclaimer": DocumentPlan(
            "disclaimer",
            "disclaimer.xhtml",
            wording.DISCLAIMER_HEADING,
            "disclaimer",
            {"disclaimer": article.disclaimer},
        ),
        "references": DocumentPlan(
            "references",
            "references.xhtml",
            wording.REFERENCES_HEADING,
            "references",
            {"references": article.references},
            landmark="bibliography",
        ),
    }
    related = article.related
    if related.previous or related.next:
        back_matter["related"] = DocumentPlan(
            "related", "related.xhtml", wording.RELATED_HEADING, "related", {"related": related}
        )
    plans += [back_matter[part] for part in wording.BACK_MATTER if part in back_matter]
    plans.append(
        DocumentPlan(
            "colophon",
            "colophon.xhtml",
            wording.ABOUT_HEADING,
            "colophon",
            {
                "dates": wording.publication_dates_line(
                    article.published, article.last_reviewed, article.next_review
                ),
                "canonical_url": article.canonical_url,
            },
            landmark="colophon",
        )
    )
    return plans


def toc_children(headings: list[Heading], file_name: str) -> tuple[TocEntry, ...]:
    """Nest sub-headings (level 3 and deeper) under the heading they belong to."""
    entries: list[TocEntry] = []
    index = 0
    while index < len(headings):
        heading = headings[index]
        end = index + 1
        while end < len(headings) and headings[end].level > heading.level:
            end += 1
        entries.append(
            TocEntry(
                label=wording.inline_text(heading.children).strip(),
                href=f"{file_name}#{heading.id}",
                children=toc_children(headings[index + 1 : end], file_name),
            )
        )
        index = end
    return tuple(entries)


def page_places(article: Article) -> dict[str, str]:
    """The ids a print page can begin at, in the book's reading order: TEXT for an
    element whose running text can hold a marker between two words, else BLOCK."""
    places = {Place.TITLE_HEADING: TEXT}
    for item in anchors.anchored_blocks(article):
        running = isinstance(item.node, Heading) or (
            isinstance(item.node, Paragraph) and not is_code_block(item.node)
        )
        places[item.anchor] = TEXT if running else BLOCK
    places[Place.DISCLAIMER_HEADING] = TEXT
    places[Place.DISCLAIMER_TEXT] = TEXT
    places[Place.REFERENCES_HEADING] = TEXT
    for number in range(1, len(article.references) + 1):
        places[anchors.reference_anchor(number)] = BLOCK
    if article.related.previous or article.related.next:
        places[Place.RELATED_HEADING] = TEXT
        if article.related.previous:
            places[Place.RELATED_PREVIOUS] = BLOCK
        if article.related.next:
            places[Place.RELATED_NEXT] = BLOCK
    places[Place.OTHER_FORMATS_HEADING] = TEXT
    places[Place.OTHER_FORMATS_TEXT] = TEXT
    places[Place.DOWNLOADS] = BLOCK
    places[Place.CONTACT] = TEXT
    if article.site.contact_details:
        places[Place.CONTACT_DETAILS] = BLOCK
    return places
