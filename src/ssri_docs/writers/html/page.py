"""The large-print web page and the downloads page, rendered from jinja2 templates.

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
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import jinja2
from markupsafe import Markup

from .. import wording
from ..errors import BuildError
from ..model import (
    Article,
    Figure,
    Heading,
    Table,
    iter_blocks,
    iter_figures,
    sections,
)
from . import BuildContext, OutputFile

LABEL = "Large-print web page (HTML)"
MEDIA_TYPE = "text/html"
# A table of contents helps only when there is something to jump between.
TOC_MIN_SECTIONS = 3

# Pictures we embed, by file suffix, with the bytes each format starts with: a
# renamed or damaged file is refused with a clear message instead of showing broken.
IMAGE_TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", (b"RIFF",)),
}

# Pictures are embedded in the page, so a big one slows every reader down.
LARGE_PICTURE_BYTES = 500 * 1024
# The only link targets the source parser lets through; checked again before output
# because the page must never carry a script URL, whatever built the model.
SAFE_LINK_SCHEMES = ("http", "https", "mailto")

# How each kind of file is named for readers, and the order the formats are listed in.
FILE_TYPES: tuple[tuple[str, str], ...] = (
    ("text/html", "HTML web page"),
    ("application/pdf", "PDF document"),
    ("application/epub+zip", "EPUB e-book"),
    ("audio/mpeg", "MP3 audio"),
    ("text/vtt", "WebVTT transcript"),
)

# Ids of the sections this page adds. Heading ids from the source are slugs made of
# a-z, 0-9 and "-", so an underscore can never collide with one.
PAGE_IDS = {
    "contents": "page_contents",
    "related": "page_related",
    "references": "page_references",
    "disclaimer": "page_disclaimer",
    "other_formats": "page_other-formats",
}


def write(article: Article, context: BuildContext) -> list[OutputFile]:
    """Render ``<slug>-large-print.html`` for one article."""
    html = render_page(article, context)
    return [OutputFile(f"{article.slug}-large-print.html", html, MEDIA_TYPE, LABEL)]


def render_page(article: Article, context: BuildContext) -> bytes:
    """The large-print page's bytes (UTF-8)."""
    figures = list(iter_figures(article.blocks))
    heading_ids = {block.id for block in article.blocks if isinstance(block, Heading)}
    body_sections = sections(article)
    toc = [section.heading for section in body_sections if section.heading]
    if len(body_sections) < TOC_MIN_SECTIONS:
        toc = []
    values = {
        "article": article,
        "site": article.site,
        "wording": wording,
        "css": Markup(_read_template("html/large-print.css")),
        "main_id": "content" if "content" not in heading_ids else "content_main",
        "ids": PAGE_IDS,
        "toc": toc,
        "images": {figure.src: _data_uri(article, figure, context) for figure in figures},
        # Each table's scroll box is named "Table N", numbered through the whole page.
        "table_numbers": {
            id(t): n
            for n, t in enumerate(
                (block for block in iter_blocks(article.blocks) if isinstance(block, Table)),
                start=1,
            )
        },
        "node_id": id,
        "other_files": _other_files(article, context),
        "json_ld": _json_ld(article, figures, has_contents=bool(toc)),
    }
    try:
        text = _environment().get_template("html/page.html.j2").render(values)
    except BuildError as error:
        if error.path is None:  # raised by a filter inside the template: name the article
            error.path = article.source_path
        raise
    return _finish(text)


def render_downloads_page(manifests: list[dict]) -> bytes:
    """``output/index.html``: every built article with each format, its type and size."""
    articles = []
    for manifest in manifests:
        files = [
            {
                "href": quote(f"{manifest['slug']}/{name}"),
                "label": info.get("label") or name,
                "file_type": file_type(name, info.get("media_type", "")),
                "size": human_size(int(info.get("size", 0))),
                "duration": human_duration(info["duration"]) if "duration" in info else None,
            }
            for name, info in sorted(
                manifest.get("files", {}).items(),
                key=lambda entry: _format_rank(entry[0], entry[1].get("media_type", "")),
            )
        ]
        articles.append(
            {
                "slug": manifest["slug"],
                "title": manifest.get("title") or manifest["slug"],
                "summary": manifest.get("summary", ""),
                "language": manifest.get("language", ""),
                "files": files,
                "conformance": _conformance_summary(manifest),
            }
        )
    languages = {article["language"] for article in articles if article["language"]}
    publisher = next((m for m in manifests if m.get("publisher")), {})
    template = _environment().get_template("downloads/index.html.j2")
    text = template.render(
        articles=articles,
        publisher=publisher.get("publisher", ""),
        publisher_url=publisher.get("publisher_url", ""),
        # The page's language is the articles' when they agree; each article says its own.
        language=languages.pop() if len(languages) == 1 else "en",
        css=Markup(
            _read_template("html/large-print.css") + _read_template("downloads/downloads.css")
        ),
    )
    return _finish(text)


def _conformance_summary(manifest: dict) -> dict | None:
    """What the downloads page says about the last ``ssri-docs check`` of an article."""
    conformance = manifest.get("conformance")
    if not conformance or not conformance.get("report"):
        return None
    counts = conformance.get("counts", {})
    return {
        "passed": conformance.get("status") == "pass",
        "summary": f"{counts.get('pass', 0)} of {counts.get('total', 0)} checks passed",
        "href": quote(f"{manifest['slug']}/{conformance['report']}"),
    }


# A number and its unit never split across lines ("5" at a line end, "min" below).
NBSP = "\u00a0"


def human_size(size: int) -> str:
    """A file size as people read it: ``312 KB``, ``4.2 MB``."""
    if size < 1024:
        return f"{size}{NBSP}bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)}{NBSP}KB"
    return f"{size / (1024 * 1024):.1f}{NBSP}MB"


def human_duration(seconds: float) -> str:
    """A running time as people say it: ``5 min 12 s``."""
    total = round(float(seconds))
    minutes, rest = divmod(total, 60)
    if minutes == 0:
        return f"{rest}{NBSP}s"
    return f"{minutes}{NBSP}min {rest}{NBSP}s"


def file_type(name: str, media_type: str) -> str:
    """What kind of file this is, in words (``PDF document``)."""
    for known, words in FILE_TYPES:
        if media_type == known:
            return words
    suffix = Path(name).suffix.lstrip(".").upper()
    return f"{suffix} file" if suffix else "File"


def _format_rank(name: str, media_type: str) -> tuple[int, str]:
    order = [known for known, _ in FILE_TYPES]
    rank = order.index(media_type) if media_type in order else len(order)
    return rank, name


def _other_files(article: Article, context: BuildContext) -> dict[str, str | None]:
    """The article's other files this page links to: built in this run or already there."""

    def available(fmt: str, name: str) -> str | None:
        built = fmt in context.formats or (context.output_dir / name).is_file()
        return name if built else None

    slug = article.slug
    # The audio writer (run earlier) says what it wrote; otherwise use its usual names.
    audio = context.shared.get("audio.files") or {}
    return {
        "pdf": available("pdf", f"{slug}.pdf"),
        "epub": available("epub", f"{slug}.epub"),
        "mp3": available("audio", audio.get("mp3") or f"{slug}.mp3"),
        "vtt": available("audio", audio.get("vtt") or f"{slug}.vtt"),
    }


def _data_uri(article: Article, figure: Figure, context: BuildContext) -> str:
    """The picture embedded as a ``data:`` URI; only files in the article's own folder."""
    folder = article.source_path.resolve().parent
    path = (folder / figure.src).resolve()
    if not path.is_relative_to(folder):
        raise BuildError(
            f"the picture {figure.src!r} is outside the article's folder",
            path=article.source_path,
            hint="save the picture in the same folder as the article and write just its name.",
        )
    kind = IMAGE_TYPES.get(path.suffix.lower())
    if kind is None:
        raise BuildError(
            f"the picture {figure.src!r} is not a PNG, JPEG, GIF or WebP file",
            path=article.source_path,
            hint="save the picture as PNG or JPEG.",
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise BuildError(
            f"the picture {figure.src!r} cannot be read: {error.strerror}",
            path=article.source_path,
            hint="check that the picture file exists next to the article.",
        ) from None
    media_type, signatures = kind
    if len(data) > LARGE_PICTURE_BYTES:
        context.reporter.warning(
            f"{article.source_path.name}: the picture {figure.src!r} is "
            f"{human_size(len(data))}; the page embeds it, so readers download all of it. "
            "Save a smaller copy (for example 1200 pixels wide) to keep the page quick to open."
        )
    if not data.startswith(signatures):
        raise BuildError(
            f"the picture {figure.src!r} is not really a {path.suffix.lstrip('.').upper()} file",
            path=article.source_path,
            hint="open it in an image editor and save it again as PNG or JPEG.",
        )
    return f"data:{media_type};base64,{base64.b64encode(data).decode('ascii')}"


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
    if all(figure.alt for figure in figures):
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


def _accessibility_summary(has_contents: bool, figures: list[Figure]) -> str:
    navigation = "headings and a table of contents" if has_contents else "headings"
    summary = (
        "Large-print page: text at least 18 point in a sans-serif font, left-aligned, "
        f"high contrast in light and dark modes, and {navigation} for navigation."
    )
    if figures and all(figure.alt for figure in figures):
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
def _environment() -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("ssri_docs", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.globals["kind"] = lambda node: type(node).__name__
    environment.filters["href"] = safe_href
    environment.filters["plain"] = wording.inline_text
    environment.filters["format_date"] = wording.format_date
    environment.filters["domain"] = wording.domain
    environment.filters["reference_label"] = wording.reference_label
    return environment


def _read_template(name: str) -> str:
    """A template file's text as it is (the CSS that is inlined into the pages)."""
    environment = _environment()
    source, _, _ = environment.loader.get_source(environment, name)
    return source


def _finish(text: str) -> bytes:
    return (text.rstrip("\n") + "\n").encode("utf-8")
