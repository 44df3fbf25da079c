"""Import a WordPress page or post (REST API JSON) as a source file.

The importer is a reader like ``ssri_docs.source``: it writes a source file for an
editor to review, and never feeds the writers directly. One module per step, so that
each rule can be read and checked on its own (in particular, every rule about untrusted
markup lives in ``sanitise``):

- ``page``: load the REST record (saved file or URL) and check it is one page;
- ``wxr``: a WordPress export file's pages and posts as REST-shaped records;
- ``library``: many pages at once (a REST collection or a WXR file) into a folder;
- ``sanitise``: nh3's allow-list over the untrusted HTML, and what it removed;
- ``shortcodes``: unrendered ``[shortcode]`` text removed from the clean tree;
- ``reading``: the clean tree -> model blocks (headings keep their page level);
- ``parts``: the page information (references, disclaimer, what to read next) taken
  out of the text;
- ``outline``: heading levels re-based, pseudo-headings, footnotes as "Notes";
- ``whitespace``: white space collapsed and trimmed the way CommonMark needs;
- ``review_dates``: review dates stated in the page's own text;
- ``language``: the page's language, and whether its script fits it;
- ``details``: the details box values (title, slug, dates, summary, pronunciation);
- ``source_file``: the model spelled as a source file, byte-stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ...errors import UserError
from ...model import ListBlock, Paragraph, Quote, Table
from .details import details_box
from .outline import outline
from .page import check_page, load_page
from .parts import split_parts
from .reading import Reader
from .review_dates import stated_review_dates
from .sanitise import dropped_warnings
from .settings import REFERENCE_HEADINGS, ImportSettings, settings_for_site
from .shortcodes import shortcode_warnings
from .source_file import body, front_matter


@dataclass(frozen=True)
class ImportResult:
    """One imported page: its file name (slug), the source file, and notes for the editor."""

    slug: str
    text: str  # the complete source file
    warnings: tuple[str, ...]


def convert_page(page: dict, settings: ImportSettings | None = None) -> ImportResult:
    """Turn one WordPress page or post (a REST record) into the text of a source file.

    ``settings`` (default ``ImportSettings()``): the review interval that sets
    ``next-review`` when the page states none, the language to assume, the reference
    headings. Raises UserError when the page is not one usable page or has no article
    text, or its dates or slug cannot be used.
    """
    settings = settings or ImportSettings()
    page = check_page(page, None, "the page")
    warnings: list[str] = []
    link = page["link"]
    if urlsplit(link).scheme not in ("http", "https") or not urlsplit(link).hostname:
        raise UserError(
            f"the page's link {link!r} is not a web address", hint="export the published page."
        )

    html = page["content"]["rendered"]
    warnings.extend(dropped_warnings(html))
    reader = Reader(link, warnings)
    # Page information is taken out before the outline, so that its labels
    # ("Additional reading", "Disclaimer") never become headings of the article.
    parts = split_parts(reader.read(html), warnings, settings.reference_headings)
    review = stated_review_dates(parts.body)
    blocks = outline(review.body, reader)
    if not any(isinstance(block, Paragraph | ListBlock | Quote | Table) for block in blocks):
        raise UserError(
            "the page has no content once its page information is taken out",
            hint="check that this is the right page.",
        )
    warnings.extend(shortcode_warnings(reader.shortcodes))
    fields = details_box(page, parts, blocks, review, settings, warnings)
    text = front_matter(fields) + "\n" + body(blocks)
    return ImportResult(slug=str(fields["slug"]), text=text, warnings=tuple(warnings))


__all__ = [
    "REFERENCE_HEADINGS",
    "ImportResult",
    "ImportSettings",
    "convert_page",
    "load_page",
    "settings_for_site",
]
