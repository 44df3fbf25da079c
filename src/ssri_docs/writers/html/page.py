"""The large-print web page, rendered from jinja2 templates.

The page is one self-contained file: its CSS is inlined, pictures are embedded as
``data:`` URIs and it runs no JavaScript, so it opens the same from a USB stick, an
e-mail attachment or a web server, and fetches nothing when opened. The only script
element is the schema.org JSON-LD, which is data and is escaped so no text from the
source can end it early.
"""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Iterable
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from ... import templating, wording
from ...anchors import Place
from ...errors import BuildError
from ...formats import FORMATS, HTML_PAGE, MP3_RECORDING, TRANSCRIPT_PAGE
from ...model import (
    Article,
    Figure,
    Heading,
    Table,
    iter_blocks,
    iter_figures,
    sections,
)
from ...pictures import WEB_PAGE, load_picture
from ...products import ArticleProducts
from ...publish import read_record
from ...wording import human_size, spoken_duration
from .. import semantics

# A table of contents helps only when there is something to jump between.
TOC_MIN_SECTIONS = 3

# Pictures are embedded in the page, so a big one slows every reader down.
LARGE_PICTURE_BYTES = 500 * 1024
# The only link targets the source parser lets through; checked again before output
# because the page must never carry a script URL, whatever built the model.
SAFE_LINK_SCHEMES = ("http", "https", "mailto")


class OtherFile(NamedTuple):
    """A link from the page's "other formats" section to a file beside it."""

    href: str
    media_type: str
    text: str


class Player(NamedTuple):
    """The "Listen to this page" player under the title."""

    src: str  # the MP3, beside the page
    length: str | None  # in words, "5 minutes 21 seconds"; None when not known
    transcript: str | None  # the transcript page beside it, when there is one


def render_page(article: Article, products: ArticleProducts) -> bytes:
    """The large-print page's bytes (UTF-8)."""
    figures = list(iter_figures(article.blocks))
    heading_ids = {block.id for block in article.blocks if isinstance(block, Heading)}
    body_sections = sections(article)
    toc = [section.heading for section in body_sections if section.heading]
    if len(body_sections) < TOC_MIN_SECTIONS:
        toc = []
    others = other_files(article, products)
    values = {
        "article": article,
        "site": article.site,
        "wording": wording,
        "css": Markup(templating.template_source(environment(), "html/large-print.css")),
        "main_id": "content" if "content" not in heading_ids else "content_main",
        "place": Place,
        "toc": toc,
        "images": {figure.src: _data_uri(article, figure, products) for figure in figures},
        # Each table's scroll box is named "Table N", numbered through the whole page.
        "table_numbers": {
            id(t): n
            for n, t in enumerate(
                (block for block in iter_blocks(article.blocks) if isinstance(block, Table)),
                start=1,
            )
        },
        "node_id": id,
        "other_files": others,
        # Under the title, where listeners look, when the recording is there.
        "player": _player(article, products, others),
        "json_ld": _json_ld(article, figures, has_contents=bool(toc)),
    }
    try:
        text = environment().get_template("html/page.html.j2").render(values)
    except BuildError as error:
        if error.path is None:  # raised by a filter inside the template: name the article
            error.path = article.source_path
        raise
    return templating.finish_page(text)


def other_files(article: Article, products: ArticleProducts) -> list[OtherFile]:
    """The article's other files this page links to, in the registry's order: those
    built in this run or already published beside the page."""
    found = []
    for fmt in FORMATS.values():
        for declared in fmt.files:
            name = declared.name(article.slug)
            if declared == HTML_PAGE or not declared.link_text:
                continue  # the page itself, or a file only a print shop needs
            if fmt.name in products.formats or (products.output_dir / name).is_file():
                found.append(OtherFile(name, declared.media_type, declared.link_text))
    return found


def _player(article: Article, products: ArticleProducts, others: list[OtherFile]) -> Player | None:
    """The recording's player, with its length: the recording of this run, else the one
    published beside the page (its build record); None without a recording."""
    names = {f.href for f in others}
    src = MP3_RECORDING.name(article.slug)
    if src not in names:
        return None
    if "audio" in products.formats:
        seconds = products.recording.duration
    else:
        record = read_record(products.output_dir) or {}
        seconds = record.get("files", {}).get(src, {}).get("duration")
    transcript = TRANSCRIPT_PAGE.name(article.slug)
    return Player(
        src,
        spoken_duration(seconds) if isinstance(seconds, int | float) else None,
        transcript if transcript in names else None,
    )


def _data_uri(article: Article, figure: Figure, products: ArticleProducts) -> str:
    """The picture embedded as a ``data:`` URI; only files in the article's own folder."""
    picture = load_picture(article, figure.src, WEB_PAGE)
    if len(picture.data) > LARGE_PICTURE_BYTES:
        products.reporter.warning(
            f"{article.source_path.name}: the picture {figure.src!r} is "
            f"{human_size(len(picture.data))}; the page embeds it, so readers download all "
            "of it. Save a smaller copy (for example 1200 pixels wide) to keep the page quick "
            "to open."
        )
    encoded = base64.b64encode(picture.data).decode("ascii")
    return f"data:{picture.type.media_type};base64,{encoded}"


def _json_ld(article: Article, figures: Iterable[Figure], *, has_contents: bool) -> Markup:
    """schema.org metadata, escaped so it can never close its script element."""
    features = [
        "largePrint",
        "highContrastDisplay",
        "displayTransformability",
        "structuralNavigation",
        "readingOrder",
    ]
    if has_contents:
        features.append("tableOfContents")
    figures = list(figures)
    if all(_described(figure) for figure in figures):
        features.append("alternativeText")
    access_modes = ["textual", "visual"] if figures else ["textual"]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": article.title,
        "headline": article.title,
        "description": article.summary,
        "url": article.canonical_url,
        "inLanguage": article.language,
        "datePublished": article.published.isoformat(),
        "lastReviewed": article.last_reviewed.isoformat(),
        "publisher": {
            "@type": "Organization",
            "name": article.site.publisher,
            "url": article.site.publisher_url,
        },
        "accessMode": access_modes,
        "accessModeSufficient": [{"@type": "ItemList", "itemListElement": ["textual"]}],
        "accessibilityFeature": features,
        "accessibilityHazard": ["none"],
        "accessibilitySummary": _accessibility_summary(has_contents, figures),
    }
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # JSON allows these escapes anywhere in a string; HTML then sees no markup at all.
    for char, escape in (("&", "\\u0026"), ("<", "\\u003c"), (">", "\\u003e")):
        text = text.replace(char, escape)
    return Markup(text)


def _described(figure: Figure) -> bool:
    """A picture has its text alternative: a description, or none needed (decorative)."""
    return figure.decorative or bool(figure.alt)


def _accessibility_summary(has_contents: bool, figures: list[Figure]) -> str:
    navigation = "headings and a table of contents" if has_contents else "headings"
    summary = (
        "Large-print page: text at least 18 point in a sans-serif font, left-aligned, "
        f"high contrast in light and dark modes, and {navigation} for navigation."
    )
    if figures and all(_described(figure) for figure in figures):
        summary += " Every picture has a text description."
    return summary + " Works without JavaScript."


def safe_href(url: str) -> str:
    """``url`` when it is a web, e-mail or in-page address; anything else stops the build."""
    scheme = urlsplit(url).scheme.lower()
    if (url.startswith("#") and len(url) > 1) or (scheme in SAFE_LINK_SCHEMES and ":" in url):
        return url
    raise BuildError(
        f"the link address {url!r} cannot go on the web page",
        hint="links must start with https://, http://, mailto: or # (a heading on the page).",
    )


@functools.cache
def environment() -> jinja2.Environment:
    """The environment of the large-print page and the downloads page (same look)."""
    return templating.environment(
        trim_blocks=True,
        globals={
            "kind": lambda node: type(node).__name__,
            "header_scope": semantics.header_scope,
            "list_attributes": semantics.list_attributes,
            "direction": semantics.direction,
        },
        filters={
            "href": safe_href,
            "plain": wording.inline_text,
            "format_date": wording.format_date,
            "domain": wording.domain,
            "reference_label": wording.reference_label,
            "reference_source": wording.reference_source,
        },
    )
