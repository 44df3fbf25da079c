"""The EPUB package metadata: identity, dates and accessibility, derived from the content.

Accessibility metadata (EPUB Accessibility 1.1) describes what this book really holds:
``visual`` access mode only when there are pictures, ``alternativeText`` only when every
picture has a description, and the conformance claim only when the book's own checks
(``checks/epub_rules.py``) found nothing wrong.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from lxml import etree

from ...model import Article

CONFORMANCE = "EPUB Accessibility 1.1 - WCAG 2.2 Level AA"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class BookFacts:
    """What is in the built book, counted from the rendered documents."""

    sections: int  # top-level sections of the article body
    images: int
    images_without_alt: int
    tables: int
    references: int
    checks_passed: bool  # checks/epub_rules.py found no problem
    page_source: str | None = None  # the print edition whose page numbers are marked
    read_aloud: bool = False  # media overlays: the narration, sentence by sentence


def book_identifier(article: Article) -> str:
    """Stable per article, so a rebuilt book replaces the old copy on a reader."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, article.canonical_url)}"


def modified_time(article: Article) -> datetime:
    """``dcterms:modified`` from the review date (never "now": builds are reproducible)."""
    return datetime.combine(article.last_reviewed, datetime.min.time(), tzinfo=UTC)


def iso_date(value: date) -> str:
    return value.isoformat()


def subjects(article: Article) -> list[str]:
    """Subjects from where the article sits on the charity's site.

    ``.../overcoming-ocd/medication/how-ssri-work/`` gives "Overcoming OCD" and
    "Medication": the site's own sections are its editors' subject headings. Words
    the article writes in capitals (OCD, CBT) keep their capitals.
    """
    segments = [part for part in urlsplit(article.canonical_url).path.split("/") if part]
    capitals = set(re.findall(r"\b[A-Z]{2,}\b", f"{article.title} {article.summary}"))
    result = []
    for segment in segments[:-1]:  # the last one is the article's own page
        words = [w.upper() if w.upper() in capitals else w for w in segment.split("-") if w]
        if words:
            phrase = " ".join(words)
            result.append(phrase[0].upper() + phrase[1:])
    return result


def claims_conformance(facts: BookFacts) -> bool:
    return facts.checks_passed and facts.images_without_alt == 0


def accessibility_metadata(facts: BookFacts, publisher: str) -> list[tuple[str, str]]:
    """``(property, value)`` pairs for the package's ``<meta>`` elements, in order."""
    described = facts.images > 0 and facts.images_without_alt == 0
    items = [("schema:accessMode", "textual")]
    if facts.images:
        items.append(("schema:accessMode", "visual"))
    if facts.read_aloud:
        items.append(("schema:accessMode", "auditory"))
    # Text alone is enough unless a picture carries information that is not in words.
    if facts.images_without_alt == 0:
        items.append(("schema:accessModeSufficient", "textual"))
    if facts.images:
        items.append(("schema:accessModeSufficient", "textual,visual"))
    if facts.read_aloud:
        # Listening with the text highlighted; the narration alone does not read out
        # every address, so "auditory" on its own is not claimed.
        items.append(("schema:accessModeSufficient", "textual,auditory"))
    features = [
        "structuralNavigation",
        "tableOfContents",
        "readingOrder",
        "displayTransformability",
    ]
    if described:
        features.append("alternativeText")
    if facts.page_source:
        features += ["pageBreakMarkers", "pageNavigation"]
    if facts.read_aloud:
        features.append("synchronizedAudioText")
    items += [("schema:accessibilityFeature", feature) for feature in features]
    items.append(("schema:accessibilityHazard", "none"))
    items.append(("schema:accessibilitySummary", accessibility_summary(facts, publisher)))
    if facts.page_source:
        items.append(("pageBreakSource", facts.page_source))  # meta vocabulary, no prefix
    if claims_conformance(facts):
        items.append(("dcterms:conformsTo", CONFORMANCE))
        items.append(("a11y:certifiedBy", publisher))
    return items


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def accessibility_summary(facts: BookFacts, publisher: str) -> str:
    """A plain-English description of what this book contains and how it can be read."""
    references = _count(
        facts.references, "reference with a working link", "references with working links"
    )
    parts = [
        f"This e-book has {_count(facts.sections, 'section', 'sections')} with headings, "
        f"a table of contents, a disclaimer, {references}, and a page giving the publisher, "
        "the review dates and the other formats available."
    ]
    if facts.images == 0:
        parts.append("It has no pictures.")
    elif facts.images_without_alt == 0:
        parts.append(f"It has {_count(facts.images, 'picture', 'pictures')}, described in text.")
    else:
        parts.append(
            f"It has {_count(facts.images, 'picture', 'pictures')}; "
            f"{_count(facts.images_without_alt, 'picture has', 'pictures have')} "
            "no text description."
        )
    if facts.tables:
        parts.append(f"It has {_count(facts.tables, 'table', 'tables')} with column headers.")
    if facts.page_source:
        parts.append(
            "The page numbers of the print leaflet are marked in the text and listed, so "
            "a page number means the same on paper and in the e-book."
        )
    if facts.read_aloud:
        parts.append(
            "It can be read aloud with the recorded narration, each sentence highlighted "
            "as it is spoken."
        )
    parts.append("The book sets no fonts, text sizes or colours, so readers can choose their own.")
    if claims_conformance(facts):
        parts.append(f"It meets {CONFORMANCE}, checked by {publisher}'s build checks.")
    else:
        parts.append("It makes no claim of conformance to an accessibility standard.")
    return " ".join(parts)


def set_package_language(opf: bytes, language: str) -> bytes:
    """Add ``xml:lang`` to ``<package>``: ebooklib writes it on no element of the OPF."""
    root = etree.fromstring(opf, etree.XMLParser(resolve_entities=False, no_network=True))
    root.set(_XML_LANG, language)
    return etree.tostring(root, encoding="utf-8", xml_declaration=True, pretty_print=True)
